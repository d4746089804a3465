"""Every reason the pipeline writes is in the data contract, and every reason the contract names is
written somewhere ("Reasons" in docs/data-contract.md).

Written reasons are collected three ways, so that a reason no shipped row triggers still counts:
- from the SQL models: string literals that a reason column can take (CASE branches, COALESCE
  arguments, bare literals, the literal head of a concatenation), following the column through
  the CTEs of its model and through UNION branches by position;
- from the Python steps that write reason columns: string constants assigned to a name that
  contains `reason` (an f-string's formatted parts become `…`);
- from a real refresh of the shipped data: every distinct value of those columns.
"""

import ast
import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from gia_pipeline.lib import paths, person_resolution

CONTRACT = paths.PROJECT_ROOT / "docs" / "data-contract.md"
SQL_DIRS = [paths.PROJECT_ROOT / "dbt_like_sql" / layer for layer in ("staging", "marts")]
# Python modules whose reasons reach a staging column as written. The reader's cell messages
# reach stg_survey_answer_issues as `<field>: …` (one documented template), so raw_reader.py is not
# scanned constant by constant.
PYTHON_WRITERS = [Path(person_resolution.__file__),
                  paths.PACKAGE_DIR / "lib" / "municipality_resolution.py"]
REASON_COLUMN = re.compile(r"reason|_issue$|^list_status$|^confirmation$")
PREFIX = "…"


def documented() -> list[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    section = text.split("## Reasons", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)
    assert rows, "no reasons table in docs/data-contract.md"
    return rows


def as_regex(entry: str) -> re.Pattern:
    parts = re.split(r"(…|<field>)", entry)
    return re.compile("".join(".*" if p == "…" else "[a-z0-9_]+" if p == "<field>" else re.escape(p) for p in parts))


# --------------------------------------------------------------------------- SQL literals
def _values(node: exp.Expression, defined: dict[str, list[exp.Expression]], seen: set) -> set[str]:
    """The string values `node` can evaluate to, as far as literals say."""
    if isinstance(node, (exp.Alias, exp.Paren)):
        return _values(node.this, defined, seen)
    if isinstance(node, exp.Literal) and node.is_string:
        return {node.this}
    if isinstance(node, exp.Case):
        out = set()
        for branch in node.args.get("ifs") or []:
            out |= _values(branch.args["true"], defined, seen)
        if node.args.get("default") is not None:
            out |= _values(node.args["default"], defined, seen)
        return out
    if isinstance(node, exp.If):
        out = _values(node.args["true"], defined, seen)
        return out | (_values(node.args["false"], defined, seen) if node.args.get("false") is not None else set())
    if isinstance(node, exp.Coalesce):
        out = _values(node.this, defined, seen)
        for e in node.expressions:
            out |= _values(e, defined, seen)
        return out
    if isinstance(node, exp.DPipe):
        head = node
        while isinstance(head, exp.DPipe):
            head = head.this
        return {v + PREFIX for v in _values(head, defined, seen)}
    if isinstance(node, exp.Column) and node.name in defined and node.name not in seen:
        out = set()
        for e in defined[node.name]:
            out |= _values(e, defined, seen | {node.name})
        return out
    return set()


def _union_branches(node: exp.Expression) -> list[exp.Select]:
    if isinstance(node, exp.Union):
        return _union_branches(node.this) + _union_branches(node.expression)
    return [node] if isinstance(node, exp.Select) else []


def sql_reasons() -> dict[str, set[str]]:
    """model file -> reason values its SQL can write."""
    out = {}
    for folder in SQL_DIRS:
        for path in sorted(folder.glob("*.sql")):
            tree = sqlglot.parse_one(path.read_text(encoding="utf-8"), read="duckdb")
            selects = list(tree.find_all(exp.Select))
            defined: dict[str, list[exp.Expression]] = {}
            for sel in selects:
                for projection in sel.expressions:
                    if projection.alias_or_name:
                        defined.setdefault(projection.alias_or_name, []).append(projection)
            # positional names of UNION branches: the first branch names the columns
            for union in tree.find_all(exp.Union):
                branches = _union_branches(union)
                names = [p.alias_or_name for p in branches[0].expressions] if branches else []
                for branch in branches[1:]:
                    for name, projection in zip(names, branch.expressions):
                        defined.setdefault(name, []).append(projection)
            values = set()
            for name, projections in defined.items():
                if REASON_COLUMN.search(name):
                    for projection in projections:
                        values |= _values(projection, defined, {name})
            if values:
                out[path.name] = values
    return out


# --------------------------------------------------------------------------- Python constants
def _constants(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        return {"".join(v.value if isinstance(v, ast.Constant) else PREFIX for v in node.values)}
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*(_constants(e) for e in node.elts)) if node.elts else set()
    return set()


def python_reasons() -> set[str]:
    out = set()
    for path in PYTHON_WRITERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and "reason" in t.id.lower() for t in node.targets):
                    out |= _constants(node.value)
    return out


# --------------------------------------------------------------------------- data
def data_reasons(box) -> set[str]:
    columns = box.query("SELECT table_schema, table_name, column_name FROM information_schema.columns "
                        "WHERE table_schema IN ('staging', 'marts') AND data_type = 'VARCHAR'")
    out = set()
    for schema, table, column in columns:
        if REASON_COLUMN.search(column):
            out |= {v for (v,) in box.query(f'SELECT DISTINCT "{column}" FROM {schema}.{table} '
                                            f'WHERE "{column}" IS NOT NULL')}
    return out


def _covered(value: str, docs: list[str]) -> bool:
    if value.endswith(PREFIX):   # a literal head of a longer text: some entry must start with it
        return any(d.startswith(value[:-1]) for d in docs)
    return any(as_regex(d).fullmatch(value) for d in docs)


@pytest.fixture(scope="module")
def written(refreshed) -> dict[str, set[str]]:
    return {**{f"SQL {k}": v for k, v in sql_reasons().items()},
            "Python": python_reasons(), "data of a refresh": data_reasons(refreshed)}


def test_the_scan_finds_the_known_writers(written):
    """The collectors see reasons of every kind (guards the test against finding nothing)."""
    assert {"onvolledig", "vervangen door latere inzending"} <= written["SQL stg_survey_submissions.sql"]
    assert {"gemeente ontbreekt", "gemeente niet herleidbaar", "dubbel"} <= written["SQL stg_attendance_rows.sql"]
    assert "partnergemeente niet herleidbaar: …" in written["SQL stg_quarantine.sql"]
    assert "lege regel" in written["SQL stg_exclusions.sql"]
    assert {"lijst niet ontvangen", "bevestigd", "onzeker"} <= written["SQL visit_confirmation.sql"]
    assert set(person_resolution.PAIR_REASONS) <= written["Python"]
    assert "no municipality within similarity …" in written["Python"]
    assert {"collega, niet de coördinator", "volledig"} <= written["data of a refresh"]


def test_every_written_reason_is_in_the_contract(written):
    docs = documented()
    missing = {(where, v) for where, values in written.items() for v in values if not _covered(v, docs)}
    assert not missing, f"reasons written but not in docs/data-contract.md ('Reasons'): {sorted(missing)}"


def test_every_reason_in_the_contract_is_written(written):
    everything = set().union(*written.values())
    unused = []
    for entry in documented():
        pattern = as_regex(entry)
        if not any(pattern.fullmatch(v) or (v.endswith(PREFIX) and entry.startswith(v[:-1])) for v in everything):
            unused.append(entry)
    assert not unused, f"reasons in docs/data-contract.md that nothing writes: {unused}"
