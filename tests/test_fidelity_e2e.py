"""Fidelity on data nobody shipped, through the real refresh_all job (tests/conftest.py Sandbox):
a register of other meetings, places and dates; visits whose label names no meeting; answers off
the scale on a visit; and person resolution measured against the generator's truth file."""

import csv
import io
import itertools
from collections import defaultdict
from datetime import date, timedelta

from gia_pipeline.lib import paths
from gia_rawgen.attendance import truth_file

# Other places for the shipped meetings, one per register row (real Dutch places, none of the
# shipped ones), and a meeting the shipped register does not have.
# other places in the same GIA region as the meetings they replace (RB01 ... RB21, in register order):
# the register stays consistent (stg_meeting_regions checks a region against its place)
OTHER_PLACES = ["Breda", "Tilburg", "Eindhoven", "Amersfoort", "Zeist", "Dronten", "Dordrecht", "Leiden",
                "Zwolle", "Apeldoorn", "Nijmegen", "Enschede", "Heerlen", "Roermond", "Sittard", "Leeuwarden",
                "Emmen", "Heerenveen", "Hoogezand", "Hoorn", "Alkmaar"]
EXTRA = ["RB22", "01-12-2009", "Vlissingen", "Slotbijeenkomst", "Zeeland & Noord-Brabant", "Palet", "40",
         "geen lijst", "", ""]


def _read_register(path):
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _write_register(path, rows):
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def _move_register(box) -> dict[str, tuple[str, str]]:
    """Every meeting moved to another place, 3 days later, with another theme; one meeting added.
    Rewrites the survey's visit labels to match. Returns meeting_id -> (new place, new label)."""
    register = box.raw_dir / "meetings" / "regiobijeenkomsten.csv"
    rows = _read_register(register)
    header, body = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(header)}
    relabel, moved = {}, {}
    for row, place in zip(body, OTHER_PLACES):
        old_day = date(*reversed([int(x) for x in row[col["Datum"]].split("-")]))
        old_label = f"{old_day:%d-%m-%Y} {row[col['Plaats']]} ({row[col['Thema']]})"
        new_day = old_day + timedelta(days=3)
        row[col["Datum"]], row[col["Plaats"]], row[col["Thema"]] = f"{new_day:%d-%m-%Y}", place, f"Thema {place}"
        relabel[old_label] = f"{new_day:%d-%m-%Y} {place} (Thema {place})"
        moved[row[col["Bijeenkomst"]]] = (place, relabel[old_label])
    _write_register(register, [header, *body, EXTRA])
    survey = box.raw_dir / "survey" / "gia_webenquete_export.csv"
    text = survey.read_bytes().decode("cp1252")
    for old, new in relabel.items():
        text = text.replace(old, new)
    survey.write_bytes(text.encode("cp1252"))
    return moved


def _survey_cell(box, response_id: int, field_header: str, value: str) -> None:
    """Set one cell of one submission in the survey export."""
    survey = box.raw_dir / "survey" / "gia_webenquete_export.csv"
    lines = survey.read_bytes().decode("cp1252").split("\r\n")
    rows = list(csv.reader(io.StringIO("\r\n".join(lines)), delimiter=";"))
    at = rows[0].index(field_header)
    for row in rows[1:]:
        if row and row[0] == str(response_id):
            row[at] = value
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    survey.write_bytes(buf.getvalue().encode("cp1252"))


def test_another_register_gives_the_right_visits_and_no_false_alarms(box, refreshed):
    sandbox = box            # a new register and survey export run their raw assets and what is downstream
    moved = _move_register(sandbox)
    shipped = refreshed.query("SELECT response_id, visit_no, meeting_id FROM staging.stg_meeting_visits ORDER BY ALL")
    (victim, label_victim), = refreshed.query(
        "SELECT response_id, min(visit_no) FROM staging.stg_meeting_visits GROUP BY ALL ORDER BY 1 LIMIT 1")
    (other,), = refreshed.query("SELECT max(response_id) FROM staging.stg_meeting_visits")
    # two deliberate errors: a visit that names no register meeting, a rating off the scale
    _survey_cell(sandbox, victim, f"Bijeenkomst {label_victim} - Welke bijeenkomst?", "01-01-2009 Nergens (Werk)")
    _survey_cell(sandbox, other, "Bijeenkomst 1 - Informatief", "Weet niet")
    result = sandbox.refresh("key:raw/meeting_register+ or key:raw/survey_export+")
    assert result.success, [e.message for e in result.all_events if e.is_failure]

    visits = sandbox.query("SELECT response_id, visit_no, meeting_id, meeting_label, meeting_issue, informative "
                           "FROM staging.stg_meeting_visits ORDER BY ALL")
    assert [(r, v) for r, v, *_ in visits] == [(r, v) for r, v, _ in shipped]
    by_visit = {(r, v): rest for r, v, *rest in visits}
    for r, v, meeting_id in shipped:
        got_id, got_label, issue, informative = by_visit[(r, v)]
        if (r, v) == (victim, label_victim):
            assert (got_id, got_label, issue) == (None, None, "bijeenkomst niet in register")
            continue
        assert got_id == meeting_id and issue is None                 # the same meeting, found on the new register
        assert got_label.endswith(" " + moved[meeting_id][0])
    assert by_visit[(other, 1)][3] is None                            # 'Weet niet' is missing, not text

    issues = sandbox.query("SELECT response_id, field, reason, counted FROM staging.stg_survey_answer_issues "
                           "WHERE counted ORDER BY ALL")
    assert issues == sorted([(victim, f"visit{label_victim}_meeting", "bijeenkomst niet in register", True),
                             (other, "visit1_informative", "visit1_informative: 'Weet niet' is not one of the allowed values",
                              True)])
    checks = {k: e.passed for k, e in sandbox.check_evaluations().items()}
    assert not checks[("staging/stg_survey_answer_issues", "column_values_to_be_in_set__counted")]
    assert not checks[("staging/stg_meeting_visits", "column_values_to_not_be_null__meeting_id")]
    failed = {k for k, ok in checks.items() if not ok}
    assert failed == {("staging/stg_survey_answer_issues", "column_values_to_be_in_set__counted"),
                      ("staging/stg_meeting_visits", "column_values_to_not_be_null__meeting_id"),
                      ("marts/report_reconciliation", "column_values_to_be_in_set__status")}, failed
    # the added meeting is in the attendance table with its headcount and no list figures
    assert sandbox.query("SELECT reported_headcount, listed_persons, list_status FROM marts.attendance_by_meeting "
                         "WHERE meeting_id = 'RB22'") == [(40, None, "geen lijst")]
    confirmed = dict(sandbox.query("SELECT confirmation, count(*) FROM marts.visit_confirmation "
                                   "WHERE level = 'bezoek' GROUP BY ALL"))
    assert confirmed == {"bevestigd": len(shipped) - 1, "bijeenkomst onbekend": 1}


def _pairs(assignment: dict) -> set:
    groups = defaultdict(list)
    for row, who in assignment.items():
        groups[who].append(row)
    return {pair for rows in groups.values() for pair in itertools.combinations(sorted(rows), 2)}


def test_person_resolution_precision_and_recall(refreshed):
    """Pairs of counted rows that the pipeline calls one person, against the generator's truth."""
    with open(truth_file(paths.DEFAULT_RAW_DIR), encoding="utf-8", newline="") as fh:   # the shipped set's
        truth = {(r["list_file"], int(r["line_no"])): r["person"] for r in csv.DictReader(fh)}
    resolved = {(f, line): pid for f, line, pid in refreshed.query(
        "SELECT regexp_extract(a.source_file, '[^/]+$'), r.line_no, p.person_id FROM staging.stg_attendance AS a "
        "JOIN staging.stg_attendance_rows AS r USING (source_file, source_row) "
        "JOIN staging.attendance_persons AS p USING (source_file, source_row)")}
    assert len(resolved) == refreshed.query("SELECT count(*) FROM staging.stg_attendance")[0][0]
    assert set(resolved) <= set(truth)
    predicted, actual = _pairs(resolved), _pairs({k: truth[k] for k in resolved})
    precision = len(predicted & actual) / len(predicted)
    recall = len(predicted & actual) / len(actual)
    print(f"\nperson resolution: precision {precision:.4f}, recall {recall:.4f} "
          f"({len(predicted & actual)} of {len(actual)} true pairs found, {len(predicted)} pairs merged)")
    assert precision == 1.0
    assert recall >= 0.95
    # namesakes exist in the truth and were kept apart
    names = refreshed.query("SELECT count(*) FROM staging.attendance_person_pairs "
                            "WHERE reason = 'zelfde naam, geen gedeelde organisatie, gemeente of plaats'")[0][0]
    assert names > 0
