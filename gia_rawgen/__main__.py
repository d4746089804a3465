"""Regenerate the raw exports: `python -m gia_rawgen [--seed 2010] [--out data/raw] [--scale 1]`.

Deterministic: the same seed and scale give byte-identical files. The shipped files in data/raw
are the output of the defaults.
"""

import argparse
from pathlib import Path

from gia_rawgen import attendance, survey

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "raw"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gia_rawgen", description=__doc__)
    parser.add_argument("--seed", type=int, default=2010, help="random seed (default 2010)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="raw root to write into (default data/raw)")
    parser.add_argument("--scale", type=int, default=1, help="k synthetic waves of the same distributions")
    args = parser.parse_args(argv)
    written = [*survey.generate(args.out, seed=args.seed, scale=args.scale),
               *attendance.generate(args.out, seed=args.seed, scale=args.scale)]
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
