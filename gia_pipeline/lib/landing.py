"""Which files of the landing folder (`GIA_RAW_DIR`) a source reads.

A source's contract lists glob patterns (`attendance/*.csv`). They match names the way the people
who deliver files write them: case-insensitively (`LIJST.CSV`, `Export.Xlsx`). Names that mark a
file still being copied or a lock file (`.x`, `~$x`, `x.tmp`, `x.part`) are never read. Every
other file in a source's folders that no pattern matches is not read either, but never
silently: it is listed (the raw asset's metadata and a warning). A file that is a link leading
out of the landing folder, or leading nowhere, is refused by name: the pipeline reads what was
delivered into the landing folder, nothing else.
"""

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gia_pipeline.lib.contract import Contract


def is_temporary(name: str) -> bool:
    """A file still being copied in, or an editor's lock file: never read."""
    return name.startswith((".", "~$")) or name.lower().endswith((".tmp", ".part"))


@dataclass
class Listing:
    files: list[Path] = field(default_factory=list)              # matched, to be read, in order
    refused: dict[Path, str] = field(default_factory=dict)       # matched, but refused: why
    unmatched: list[dict] = field(default_factory=list)          # {file, reason}: not read


def _component_patterns(pattern: str) -> list[re.Pattern]:
    return [re.compile(fnmatch.translate(part), re.IGNORECASE) for part in pattern.split("/")]


def _matches(rel: tuple[str, ...], patterns: list[list[re.Pattern]]) -> bool:
    """A glob matches per path component (`*` never crosses a folder), case-insensitively."""
    return any(len(p) == len(rel) and all(c.match(part) for c, part in zip(p, rel)) for p in patterns)


def _folders(contract: Contract) -> list[str]:
    """The landing sub-folders a source's patterns point into (`attendance`), in pattern order."""
    return list(dict.fromkeys(pattern.rsplit("/", 1)[0] if "/" in pattern else "" for pattern in contract.patterns))


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a matched path may not be read: it is a link that leads out of the landing folder (the
    link itself or a linked folder on its way), or leads nowhere."""
    try:
        target = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return "is a link that leads nowhere (its target does not exist)"
    if not target.is_relative_to(root):
        return f"leads out of the landing folder {root} (to {target}); copy the file in instead of linking it"
    if not target.is_file():
        return "is not a regular file"
    return None


def list_source(raw_dir: Path, contract: Contract) -> Listing:
    """Every file in the source's folders: matched (to read or refused) or not matched (listed)."""
    root = raw_dir.resolve()
    patterns = [_component_patterns(p) for p in contract.patterns]
    listing = Listing()
    for folder in _folders(contract):
        top = raw_dir / folder
        if not top.is_dir():
            continue
        for current, dirs, names in os.walk(top):
            here = Path(current)
            for d in dirs:
                if (here / d).is_symlink():
                    listing.unmatched.append({"file": str((here / d).relative_to(raw_dir)),
                                              "reason": "a link to a folder: not followed, not read"})
            for name in sorted(names):
                path = here / name
                rel = path.relative_to(raw_dir)
                if is_temporary(name):
                    listing.unmatched.append({"file": str(rel), "reason": "temporary or lock file name: never read"})
                elif not _matches(rel.parts, patterns):
                    listing.unmatched.append({"file": str(rel), "reason": f"matches none of the patterns "
                                                                          f"{', '.join(contract.patterns)}"})
                else:
                    problem = _link_problem(path, root) if path.is_symlink() or not path.is_file() \
                        or not path.resolve().is_relative_to(root) else None
                    if problem:
                        listing.refused[path] = problem
                    else:
                        listing.files.append(path)
    listing.files.sort()
    listing.unmatched.sort(key=lambda u: u["file"])
    return listing


def list_files(raw_dir: Path, contract: Contract) -> list[Path]:
    """The files of a source that are read (matched, not temporary, inside the landing folder)."""
    return list_source(raw_dir, contract).files
