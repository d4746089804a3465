"""One parser per type: the value the reader accepts is the value staging uses.

Property-based (Hypothesis): for every contract type — integer, decimal, date, datetime in each
accepted form, value sets, free text with any whitespace (tabs, non-breaking spaces), lists of
municipality names, person names — generated valid cells survive the real reader and the real
staging SQL unchanged, and generated invalid cells are flagged by the reader and missing in
staging. Expected values come from what was generated, never from the pipeline's own parser.

Part one reads generated files of a small contract that has a column of every type. Part two
writes a whole landing folder (survey export, meeting register, one attendance list), runs the
real reader and every staging and mart model in one DuckDB connection (benchmarks/floor.py, the
same code the job runs) and compares staging with what was generated.

The runs are derandomised (the same examples on every machine, CI included) and bounded; set
GIA_HYPOTHESIS_EXAMPLES to run more (tests/bad_inputs/README.md).
"""

import csv
import io
import os
import re
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.floor import load_inputs, plan, run_models
from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib import paths
from gia_pipeline.lib.contract import load_contract
from gia_pipeline.lib.raw_reader import read_file
from gia_pipeline.lib.resources import OFFLINE_CONFIG


def _examples(default: int) -> int:
    return int(os.environ.get("GIA_HYPOTHESIS_EXAMPLES", default))


BOUNDED = dict(derandomize=True, database=None, deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# whitespace a spreadsheet or a copy-paste leaves around a value; the survey (cp1252) can hold the
# first three only
WHITESPACE_CP1252 = (" ", "\t", "\u00a0")
WHITESPACE = (*WHITESPACE_CP1252, "\u2003", "\u202f", "\u3000", "\u2009")


def padded(text: st.SearchStrategy[str], spaces=WHITESPACE) -> st.SearchStrategy[str]:
    pad = st.text(st.sampled_from(spaces), max_size=3)
    return st.tuples(pad, text, pad).map("".join)


def csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


# --------------------------------------------------------------------------- cells by type

def integers(lo: int, hi: int) -> st.SearchStrategy[tuple[str, int]]:
    """(cell, value): every way an integer may be written (sign, leading zeros)."""
    return st.integers(lo, hi).flatmap(lambda n: st.sampled_from(
        sorted({str(n), f"+{n}" if n >= 0 else str(n), f"0{n}" if n >= 0 else str(n)})).map(lambda t: (t, n)))


def decimals() -> st.SearchStrategy[tuple[str, float]]:
    """(cell, value): digits with an optional decimal comma or dot."""
    return st.tuples(st.integers(0, 10 ** 6), st.integers(0, 999), st.sampled_from([",", ".", None])).map(
        lambda t: (f"{t[0]}" if t[2] is None else f"{t[0]}{t[2]}{t[1]}",
                   float(t[0]) if t[2] is None else float(f"{t[0]}.{t[1]}")))


WINDOW = (datetime(2009, 1, 1), datetime(2010, 12, 31, 23, 59, 59))
DATETIME_FORMS = ("%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")   # the last: a date cell at midnight


def datetimes() -> st.SearchStrategy[tuple[str, datetime]]:
    """(cell, value) in each accepted form of the survey's datetime columns."""
    def cell(moment: datetime, form: str) -> tuple[str, datetime]:
        value = moment.replace(microsecond=0) if "%H" in form else datetime(moment.year, moment.month, moment.day)
        return moment.strftime(form), value
    return st.tuples(st.datetimes(*WINDOW), st.sampled_from(DATETIME_FORMS)).map(lambda t: cell(*t))


def dates() -> st.SearchStrategy[tuple[str, date]]:
    """(cell, value) in both accepted forms of the register's date column."""
    return st.tuples(st.dates(date(2008, 1, 1), date(2010, 12, 31)), st.sampled_from(["%d-%m-%Y", "%Y-%m-%d"])).map(
        lambda t: (t[0].strftime(t[1]), t[0]))


# printable ASCII: safe in a cp1252 file whatever its neighbours (no byte run that reads as UTF-8)
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7e)


def not_matching(pattern: str, alphabet=ASCII):
    """Texts that are not empty and do not have the form `pattern` (after trimming)."""
    return st.text(alphabet, min_size=1, max_size=12).filter(
        lambda t: t.strip() and not re.fullmatch(pattern, t.strip()))


# --------------------------------------------------------------------------- part one: the reader

TYPES_CONTRACT = """
source: types
description: one column of every type
files:
  patterns: ["types/*.csv"]
  csv: {encoding: utf-8, delimiter: ";"}
row_key: [nr]
columns:
  - {field: nr, headers: [Nr], type: integer, nullable: false, min: 1}
  - {field: count, headers: [Aantal], type: integer, min: 0, max: 1000000, on_invalid: flag}
  - {field: amount, headers: [Bedrag], type: decimal, on_invalid: flag}
  - {field: day, headers: [Datum], type: date, formats: ["%d-%m-%Y"], on_invalid: flag,
     min: '2008-01-01', max: '2010-12-31'}
  - {field: moment, headers: [Moment], type: datetime, formats: ["%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"],
     on_invalid: flag, min: '2009-01-01', max: '2010-12-31'}
  - {field: answer, headers: [Antwoord], allowed: [Ja, Nee, Weet ik niet], on_invalid: flag}
  - {field: text, headers: [Tekst], on_invalid: flag}
"""
FIELDS = ("count", "amount", "day", "moment", "answer", "text")
# free text of any script; without the cp1252 characters of UTF-8 continuation bytes (`€` … `¿`),
# the only ones from which text reads as double-encoded UTF-8 ('Ã«'), which counts as garbled
CONTINUATION_CHARACTERS = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
FREE_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Co", "Cn"),
                                  exclude_characters="\ufffd" + CONTINUATION_CHARACTERS),
                    min_size=1, max_size=20).filter(lambda t: t == t.strip() and t.isprintable())

VALID = {
    "count": integers(0, 1_000_000),
    "amount": decimals(),
    "day": st.tuples(st.dates(date(2008, 1, 1), date(2010, 12, 31)), st.sampled_from(["%d-%m-%Y", "%Y-%m-%d"])).map(
        lambda t: (t[0].strftime(t[1]), t[0])),
    "moment": datetimes(),
    "answer": st.sampled_from(["Ja", "Nee", "Weet ik niet"]).map(lambda a: (a, a)),
    "text": FREE_TEXT.map(lambda t: (t, t)),
}
ANY = st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r\n")
INVALID = {
    "count": st.one_of(not_matching(r"[+-]?[0-9]+", ANY), st.sampled_from(["-1", "1000001", "7,5", "1 0", "٣", "1e3",
                                                                          "99999999999999999999"])),
    "amount": st.one_of(not_matching(r"[+-]?[0-9]+([.,][0-9]+)?", ANY),
                        st.sampled_from(["1.234,5", "NaN", "inf", "1e5", "1_0", "٣,5", "16,"])),
    "day": st.one_of(not_matching(r"[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,4}", ANY),
                     st.sampled_from(["6 oktober 2008", "06/10/2008", "6-10-08", "31-02-2009", "01-01-2011",
                                      "٠٦-١٠-٢٠٠٨"])),
    "moment": st.one_of(not_matching(r"[0-9 :-]+", ANY),
                        st.sampled_from(["08-10-2009", "2009-10-08T08:32:04", "08-10-2009 25:00:00",
                                         "08-10-2031 10:00:00"])),
    "answer": st.one_of(st.sampled_from(["ja", "JA", "Ja.", "Weet niet", "Nee\u200b"]),
                        not_matching("Ja|Nee|Weet ik niet", ANY)),
    "text": st.tuples(FREE_TEXT, st.sampled_from(["\ufffd", "\x01", "\x7f", "\x9d", "Ã«"]), FREE_TEXT).map("".join),
}


@pytest.fixture(scope="module")
def types_contract(tmp_path_factory):
    path = tmp_path_factory.mktemp("contract") / "types.yaml"
    path.write_text(TYPES_CONTRACT, encoding="utf-8")
    return load_contract(path)


@settings(max_examples=_examples(60), **BOUNDED)
@given(data=st.data())
def test_every_type_is_parsed_once_valid_cells_unchanged_invalid_flagged(data, types_contract, tmp_path):
    rows, expected = [], []
    for nr in range(1, data.draw(st.integers(1, 6)) + 1):
        row, values = [str(nr)], {}
        for f in FIELDS:
            if data.draw(st.booleans(), label=f"{f} valid"):
                text, value = data.draw(VALID[f], label=f)
                cell = data.draw(padded(st.just(text)), label=f"{f} cell")
                values[f] = ("valid", text, value)
            else:
                cell = data.draw(INVALID[f], label=f"invalid {f}")
                values[f] = ("invalid", cell.strip(), None)
            row.append(cell)
        rows.append(row)
        expected.append(values)
    path = tmp_path / "types.csv"
    path.write_bytes(csv_text([["Nr", "Aantal", "Bedrag", "Datum", "Moment", "Antwoord", "Tekst"], *rows]).encode())
    read = read_file(path, types_contract).rows
    assert len(read) == len(expected)
    for got, want in zip(read, expected):
        for f, (kind, text, value) in want.items():
            assert got[f] == text, f                           # the text as delivered, trimmed
            if kind == "valid":
                assert f not in got["_invalid_fields"], (f, got["_issues"])
                if f in ("count", "amount", "day", "moment"):
                    assert got[f"{f}__value"] == value and type(got[f"{f}__value"]) is type(value), f
            else:
                assert f in got["_invalid_fields"], (f, text)
                if f in ("count", "amount", "day", "moment"):
                    assert got[f"{f}__value"] is None, f


# --------------------------------------------------------------------------- part two: reader → staging

COORDINATOR = "Namens de gemeente (coördinator/contactpersoon integratiebeleid)"
LIKERT = ("Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens")
SURVEY = contracts.load("survey")


def _municipality_names() -> list[str]:
    with (paths.REFERENCE_DIR / "gemeenten_2009.csv").open(encoding="utf-8", newline="") as f:
        # names that hold no separator of a partner list (contract §6 asks producers to avoid them)
        return sorted(r["gemeentenaam"] for r in csv.DictReader(f) if not re.search(r"[;,/]", r["gemeentenaam"]))


NAMES = _municipality_names()


@st.composite
def survey_row(draw, rid: int, municipality: str):
    """One complete submission of a coordinator: its cells and what staging must make of them."""
    cells = {c.field: "" for c in SURVEY.columns}
    want = {}
    cells["response_id"], want["response_id"] = draw(integers(rid, rid))
    cells["wave"], want["wave"] = draw(integers(1, 1))
    # a submission ends no earlier than it starts (`not_before`)
    (cells["started_at"], _), (cells["submitted_at"], want["submitted_at"]) = sorted(
        (draw(datetimes()), draw(datetimes())), key=lambda cell_value: cell_value[1])
    cells["status"] = draw(padded(st.just("Voltooid"), WHITESPACE_CP1252))
    cells["respondent_role"] = draw(padded(st.just(COORDINATOR), WHITESPACE_CP1252))
    cells["municipality_text"] = draw(padded(st.sampled_from([municipality, municipality.upper(),
                                                              f"Gemeente {municipality}"]), WHITESPACE_CP1252))
    cells["read_handreiking"] = "Ja"
    if draw(st.booleans()):
        cells["duration_min"], want["duration_min"] = draw(decimals())
    else:
        cells["duration_min"], want["duration_min"] = draw(not_matching(r"[+-]?[0-9]+([.,][0-9]+)?")), None
    if draw(st.booleans()):
        text, want["hr_grade"] = draw(integers(1, 10))
        cells["hr_grade"] = draw(padded(st.just(text), WHITESPACE_CP1252))
    else:
        cells["hr_grade"] = draw(st.one_of(st.sampled_from(["0", "11", "7,5", "1 0", "zeven"]),
                                           not_matching(r"[+-]?0*([1-9]|10)")))
        want["hr_grade"] = None
    if draw(st.booleans()):
        answer = draw(st.sampled_from(LIKERT))
        cells["hr_readable"], want["hr_readable"] = draw(padded(st.just(answer), WHITESPACE_CP1252)), answer
    else:
        cells["hr_readable"] = draw(st.sampled_from(["eens", "Weet niet", "Eens.", "Helemaal  eens", "Neutraal?"]))
        want["hr_readable"] = None
    partners = draw(st.lists(st.sampled_from(NAMES), max_size=3))
    separators = st.sampled_from([";", ",", "/", "\n", " ; ", ",\t", " / ", "\u00a0;\u00a0"])
    text = "".join(draw(padded(st.just(p), WHITESPACE_CP1252)) + draw(separators) for p in partners)
    cells["partner_municipalities_text"] = text.rstrip(";,/\n \t\u00a0") if draw(st.booleans()) else text
    want["partners"] = partners
    return cells, want


def _register_and_list(draw) -> tuple[str, str, dict, list]:
    """A register of 1-3 meetings (dates and headcounts in every accepted form) and the attendance
    list of the first: people written in several ways, some twice."""
    meetings, want = [], {}
    for i in range(1, draw(st.integers(1, 3)) + 1):
        day_text, day = draw(dates())
        count_text, count = draw(integers(0, 500))
        listed = i == 1
        meetings.append([f"RB{i:02d}", draw(padded(st.just(day_text), WHITESPACE)), f"Plaats{i}", "Thema", "Noord",
                         "CMO", draw(padded(st.just(count_text), WHITESPACE)),
                         "volledig" if listed else "geen lijst", "lijst.csv" if listed else "", ""])
        want[f"RB{i:02d}"] = (day, count)
    register = csv_text([["Bijeenkomst", "Datum", "Plaats", "Thema", "Regio", "Organisatie", "Aantal aanwezigen",
                          "Status presentielijst", "Bestand presentielijst", "Opmerking"], *meetings])
    people = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=8))
    rows, persons = [], []
    for line, (person, organisation) in enumerate(people, 1):
        name = draw(name_variants(person))
        org = draw(padded(st.sampled_from([organisation, organisation.lower(), organisation.replace(" ", "  ")])))
        rows.append([draw(padded(st.sampled_from([str(line), f"0{line}", f"+{line}"]))), name, org,
                     "beleidsmedewerker", "Venlo"])
        persons.append((line, person, organisation))
    attendance = csv_text([["Volgnummer", "Deelnemer", "Organisatie/gemeente", "Functie", "Woonplaats werkzaam"], *rows])
    return register, "\ufeff" + attendance, want, persons


# distinct people: names that differ only in digits, in non-Latin letters or in letters a crude
# normalisation drops must stay distinct; the same person may be written in other case, accents,
# order and spacing
PEOPLE = [
    ("Piet Jansen", "Gemeente Venlo"), ("Deelnemer 1", "Gemeente Venlo"), ("Deelnemer 2", "Gemeente Venlo"),
    ("李明", "VluchtelingenWerk"), ("王芳", "VluchtelingenWerk"), ("Андрей Петров", "VluchtelingenWerk"),
    ("Андреи Петров", "VluchtelingenWerk"), ("Søren Dahl", "CMO Limburg"), ("Sren Dahl", "CMO Limburg"),
    ("محمد الأحمد", "VluchtelingenWerk"), ("Jan de Vries", "Gemeente Venlo"),
]


@st.composite
def name_variants(draw, person: str):
    words = person.split()
    variant = draw(st.sampled_from(["as is", "upper", "comma", "spaces"]))
    if variant == "upper":
        person = person.upper()
    elif variant == "comma" and len(words) > 1:
        person = f"{words[-1]}, {' '.join(words[:-1])}"
    elif variant == "spaces":
        person = draw(st.sampled_from(WHITESPACE)).join(words)
    return draw(padded(st.just(person)))


def _run_staging(raw: Path, db: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(db), config=OFFLINE_CONFIG)
    load_inputs(conn, raw, paths.REFERENCE_DIR)
    external = {tuple(r) for r in conn.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
    run_models(conn, *plan(external))
    return conn


# a whole refresh per example: no shrinking (minutes per failure); the failing example is printed whole
@settings(max_examples=_examples(12), phases=[Phase.explicit, Phase.reuse, Phase.generate], **BOUNDED)
@given(data=st.data())
def test_generated_cells_reach_staging_as_the_reader_parsed_them(data, tmp_path_factory):
    example = tmp_path_factory.mktemp("example")
    raw = example / "raw"
    for folder in ("survey", "meetings", "attendance"):
        (raw / folder).mkdir(parents=True)
    municipalities = data.draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True), label="municipalities")
    generated = [data.draw(survey_row(1000 + i, m), label=f"row {i}") for i, m in enumerate(municipalities)]
    header = [c.headers[0] for c in SURVEY.columns]
    (raw / "survey" / "export.csv").write_bytes(
        csv_text([header, *[[cells[c.field] for c in SURVEY.columns] for cells, _ in generated]]).encode("cp1252"))
    register, attendance, meetings, persons = _register_and_list(data.draw)
    (raw / "meetings" / "regiobijeenkomsten.csv").write_bytes(register.encode("utf-8"))
    (raw / "attendance" / "lijst.csv").write_bytes(attendance.encode("utf-8"))

    with _run_staging(raw, example / "w.duckdb") as conn:
        responses = {r[0]: r[1:] for r in conn.execute(
            "SELECT response_id, wave, submitted_at, hr_grade, hr_readable, gemeentenaam FROM staging.stg_survey_responses"
        ).fetchall()}
        assert set(responses) == {want["response_id"] for _, want in generated}   # every row counts
        by_name = dict(conn.execute("SELECT gemeentenaam, gemeentecode FROM reference.municipalities").fetchall())
        for (cells, want), municipality in zip(generated, municipalities):
            wave, submitted, grade, readable, name = responses[want["response_id"]]
            assert (wave, submitted, grade, readable, name) == (
                want["wave"], want["submitted_at"], want["hr_grade"], want["hr_readable"], municipality)
            (duration,) = conn.execute("SELECT duration_min__value FROM raw.survey_export WHERE response_id__value = ?",
                                       [want["response_id"]]).fetchone()
            assert duration == want["duration_min"]
            issues = {f for (f,) in conn.execute("SELECT field FROM staging.stg_survey_answer_issues WHERE response_id = ?",
                                                 [want["response_id"]]).fetchall()}
            assert issues == {f for f in ("hr_grade", "hr_readable", "duration_min") if want[f] is None}
            partners = [p for (p,) in conn.execute(
                "SELECT partner_text FROM staging.stg_survey_partner_mentions WHERE response_id = ?",
                [want["response_id"]]).fetchall()]
            assert sorted(partners) == sorted(want["partners"])
            assert {by_name[p] for p in want["partners"]} <= {c for (c,) in conn.execute(
                "SELECT gemeentecode FROM staging.survey_municipality_resolution WHERE gemeentecode IS NOT NULL").fetchall()}
        assert dict((m, (d, h)) for m, d, h in conn.execute(
            "SELECT meeting_id, meeting_date, reported_headcount FROM staging.stg_meetings").fetchall()) == meetings

        rows = conn.execute("SELECT line_no, person_key, exclusion_reason, quarantine_reason "
                            "FROM staging.stg_attendance_rows ORDER BY line_no").fetchall()
        assert [r[0] for r in rows] == [line for line, _, _ in persons]
        first_line = {}
        for (line, person, organisation), (_, key, excluded, quarantined) in zip(persons, rows):
            assert key is not None and quarantined is None
            earlier = first_line.setdefault((person, organisation), line)
            assert excluded == (None if earlier == line else "dubbel"), (person, line)
        keys = {}
        for (_, person, _), (_, key, _, _) in zip(persons, rows):
            keys.setdefault(person, set()).add(key)
        assert all(len(k) == 1 for k in keys.values())                       # one person, one key …
        assert len({next(iter(k)) for k in keys.values()}) == len(keys)     # … and never two people one
        assert conn.execute("SELECT count(*) FROM staging.decision_invariants").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM marts.figure_invariants").fetchone() == (0,)
