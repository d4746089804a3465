"""Bad reference files: the CBS list, the G31 list, the GIA regions, the growth path and the
report's printed figures (the rules files are read the same way).

A reference file has no quarantine: its contract (gia_pipeline/defs/reference/*.contract.yaml,
read by the raw exports' reader) refuses a value it does not accept, naming file, row and column,
and a blocking check on the reference models stops a list that contradicts another. Either way the
run fails before anything downstream reads it and the warehouse keeps its last good state. Each
case edits a copy of the shipped file, refreshes `reference/<table>` and everything downstream of
it (what a refresh would rerun), and asserts the outcome; the outcomes go to docs/reliability.md.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from gia_pipeline.components.reference_files import CONTRACT_METADATA
from gia_pipeline.definitions import project_defs
from gia_pipeline.lib.contract import ContractError
from gia_pipeline.lib.project_checks import asset_specs
from gia_pipeline.lib.reference_files import reference_contract

FIGURES = """SELECT count(*), md5(string_agg(concat_ws('|', table_id, row_key, col_key, count, n, value),
             chr(10) ORDER BY table_id, row_key, col_key)) FROM marts.evaluation_tables"""
RECONCILIATION = "SELECT status, count(*) FROM marts.report_reconciliation GROUP BY ALL ORDER BY 1"


def _reference_tables() -> dict[str, str]:
    """file name in the reference folder -> its reference table, from the definitions."""
    return {spec.metadata["source_file"].value.rsplit("/", 1)[-1]: spec.key.path[-1]
            for spec in asset_specs(project_defs()) if CONTRACT_METADATA in spec.metadata}


def replace_line(line_start: str, new: Callable[[list[str]], list[str]]) -> Callable[[str], str]:
    """Change the first line that starts with `line_start` (split on ',', no quoted commas)."""
    def change(text: str) -> str:
        lines = text.split("\n")
        i = next(i for i, line in enumerate(lines) if line.startswith(line_start))
        lines[i] = ",".join(new(lines[i].split(",")))
        return "\n".join(lines)
    return change


def append_copy_of(line_start: str, new: Callable[[list[str]], list[str]] = lambda cells: cells) -> Callable[[str], str]:
    """Append a copy of the first line that starts with `line_start`, changed by `new`."""
    def change(text: str) -> str:
        line = next(line for line in text.split("\n") if line.startswith(line_start))
        return text.rstrip("\n") + "\n" + ",".join(new(line.split(","))) + "\n"
    return change


def _swap_cmos(cells: list[str]) -> list[str]:
    return [cells[0], cells[1], "CMO Elders", *cells[3:]]


@dataclass
class Case:
    id: str
    file: str                                         # a file of the reference folder …
    change: Callable[[str], str]                      # … and the edit of its text
    what: str
    refused: tuple[str, ...] = ()                     # message fragments of the reader's refusal …
    blocked_by: tuple[str, str] | None = None         # … or the blocking check that stops the run …
    accepted: Callable | None = None                  # … or (box) -> outcome text, asserts inside


def _decimal_comma(box) -> str:
    assert box.query("SELECT target_pct FROM reference.gia_targets WHERE year = '2009'") == [("15.0",)]
    return "accepted; stored as 15.0 (a decimal comma becomes a dot, so the SQL casts it)"


def _extra_column(box) -> str:
    meta = box.materializations()["reference/gia_region_provinces"]
    assert meta["ignored_columns"].value == ["toelichting"]
    assert any("'toelichting' not in the contract" in w for w in box.warnings())
    assert "toelichting" not in [c for (c,) in box.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'gia_region_provinces'")]
    return "accepted; the column not loaded, named in the asset's metadata (`ignored_columns`) and in a warning"


CASES = [
    Case("reference-target-with-percent-sign", "gia_targets.csv", replace_line("2009,", lambda c: [c[0], "15%", *c[2:]]),
         "the growth path's 2009 target typed `15%`",
         refused=("row 3, column 'target_pct': '15%' is not a number",)),
    Case("reference-target-year-twice", "gia_targets.csv", append_copy_of("2011,", lambda c: [c[0], "45", *c[2:]]),
         "a second target for 2011 (45) appended to the growth path",
         refused=("column 'year': '2011' repeats the year of row 5",)),
    Case("reference-target-decimal-comma", "gia_targets.csv", replace_line("2009,", lambda c: [c[0], '"15,0"', *c[2:]]),
         "the 2009 target written with a decimal comma (`\"15,0\"`)", accepted=_decimal_comma),
    Case("reference-published-figure-typo", "published_figures.csv", replace_line(
            "response,respondents,total,", lambda c: [*c[:4], "3O", *c[5:]]),
         "a printed percentage transcribed as `3O` (letter O); it used to skip its comparison silently",
         refused=("row 2, column 'published_pct': '3O' is not a number",)),
    Case("reference-published-figure-twice", "published_figures.csv", append_copy_of("response,respondents,total,"),
         "a printed figure transcribed twice (one more reconciliation row)",
         refused=("'response' / 'respondents' / 'total' repeats the row key table_id+row_key+col_key of row 2",)),
    Case("reference-g31-semicolons", "g31_2009.csv", lambda t: t.replace(",", ";"),
         "the G31 list saved with `;` as its delimiter",
         refused=("row 1: expected ',' as delimiter, found ';'",)),
    Case("reference-cbs-province-misspelled", "gemeenten_2009.csv", replace_line(
            "0363,", lambda c: [c[0], c[1], "Noord Holland"]),
         "Amsterdam's province typed `Noord Holland`",
         refused=("column 'provincie': 'Noord Holland' is not one of the allowed values",)),
    Case("reference-cbs-name-twice", "gemeenten_2009.csv", replace_line("0005,", lambda c: [c[0], "Appingedam", c[2]]),
         "two CBS codes with the same name (name resolution would pick one)",
         refused=("column 'gemeentenaam': 'Appingedam' repeats the gemeentenaam of row 2",)),
    Case("reference-g31-code-mistyped", "g31_2009.csv", replace_line("0014,", lambda c: ["0017", *c[1:]]),
         "Groningen's G31 row with the code of Haren (0017); it used to move a municipality into the G31 "
         "and change G31 figures with every reference check green",
         blocked_by=("reference/municipalities", "column_pair_values_to_be_equal__gemeentenaam_g31_listed_name")),
    Case("reference-region-cmos-differ", "gia_regions.csv", replace_line("Noord,Drenthe,", _swap_cmos),
         "one province of a region naming other organising CMOs than the region's other provinces "
         "(one of them was picked arbitrarily)",
         blocked_by=("reference/gia_regions", "column_values_to_not_be_null__organising_cmos")),
    Case("reference-extra-column", "gia_regions.csv", lambda t: "\n".join(
            line + (",toelichting" if i == 0 else ",") for i, line in enumerate(t.rstrip("\n").split("\n"))) + "\n",
         "an extra column `toelichting` in the GIA regions file", accepted=_extra_column),
]


def _state(box, table: str) -> dict:
    return {"figures": box.query(FIGURES), "reconciliation": box.query(RECONCILIATION),
            "table": box.query(f"SELECT count(*), md5(string_agg(columns(*)::VARCHAR, '|')) FROM reference.{table}")}


@pytest.mark.reliability
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_reference_file(case: Case, box, record_outcome):
    table = _reference_tables()[case.file]
    before = _state(box, table)
    path = box.reference_dir / case.file
    text = path.read_text(encoding="utf-8")
    assert case.change(text) != text, "the case changes nothing"
    path.write_text(case.change(text), encoding="utf-8")
    result = box.refresh(f"key:reference/{table}+")
    kind = "bad input: reference"

    if case.accepted:
        assert result.success, box.step_failures()
        assert box.failed_checks() == set()
        assert box.query(FIGURES) == before["figures"], "the figures must not change"
        record_outcome(f"{case.id}: {case.what}", kind, case.accepted(box) + "; no check fails; figures unchanged")
        return

    assert not result.success
    failures = box.step_failures()
    if case.refused:
        assert [(step, cls) for step, cls, _ in failures] == [(f"reference__{table}", "Failure")], failures
        message = failures[0][2]
        assert str(path) in message, message
        for fragment in case.refused:
            assert fragment in message, message
        outcome = f"refused, run failed in reference/{table}: \"{message.split(f'{path}: ', 1)[1]}\""
    else:
        assert box.failed_checks() == {case.blocked_by}
        assert [step for step, _, _ in failures] == ["reference__sql_models"], failures
        outcome = f"blocked: the blocking check {' '.join(case.blocked_by)} fails, nothing downstream runs"
    assert _state(box, table) == before, "the warehouse must keep its last good state"
    record_outcome(f"{case.id}: {case.what}", kind,
                   outcome + "; warehouse kept its last good state (figures, reconciliation, reference table)")


def test_a_reference_contract_may_not_flag_or_hold_personal_data(tmp_path):
    shipped = next(p for p in asset_specs(project_defs()) if CONTRACT_METADATA in p.metadata)
    text = open(shipped.metadata[CONTRACT_METADATA].value, encoding="utf-8").read()
    assert "on_invalid" not in text and "personal" not in text
    first = "    nullable: false\n"
    for extra, field_rule in (("    on_invalid: flag\n", "on_invalid"), ("    personal: true\n", "personal")):
        bad = tmp_path / f"{field_rule}.contract.yaml"
        bad.write_text(text.replace(first, first + extra, 1), encoding="utf-8")
        with pytest.raises(ContractError, match="must be `on_invalid: refuse` and not personal"):
            reference_contract(bad)
