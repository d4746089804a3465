"""Staging on the shipped data and on deliberately changed copies of it: exclusions, quarantine,
category derivation, accounting, and no personal data outside raw."""

import duckdb

from gia_pipeline.lib import layers

# --------------------------------------------------------------------------- shipped data

def test_shipped_data_stages_completely(refreshed):
    rows = refreshed.query("SELECT source, raw_rows, staged, excluded, quarantined, unaccounted, multiply_accounted "
                           "FROM staging.row_accounting ORDER BY source")
    for source, raw, staged, excluded, quarantined, unaccounted, multiple in rows:
        assert raw == staged + excluded + quarantined, source
        assert (unaccounted, multiple, quarantined) == (0, 0, 0), source
    assert refreshed.query("SELECT count(*) FROM staging.stg_quarantine") == [(0,)]
    checks = refreshed.check_evaluations()
    assert checks[("staging/row_accounting", "column_values_to_be_in_set__unaccounted")].passed
    assert checks[("staging/stg_quarantine", "table_row_count_to_equal")].passed


def test_one_valid_response_per_municipality(refreshed):
    assert refreshed.query("SELECT count(*) = count(DISTINCT gemeentecode) FROM staging.stg_survey_responses") == [(True,)]
    # the survey's superseded submission points at the one that replaced it, which is valid
    rows = refreshed.query("""
        SELECT s.gemeentecode, s.superseded_by, v.response_id
        FROM staging.stg_survey_submissions s
        LEFT JOIN staging.stg_survey_responses v ON v.response_id = s.superseded_by
        WHERE s.exclusion_reason = 'vervangen door latere inzending'""")
    assert rows and all(code and later == valid for code, later, valid in rows)


def test_exclusion_reasons_are_the_contracts(refreshed):
    reasons = {r for (r,) in refreshed.query("SELECT DISTINCT reason FROM staging.stg_exclusions")}
    assert reasons <= {"lege regel", "onvolledig", "test", "collega, niet de coördinator",
                       "vervangen door latere inzending", "afgemeld", "dubbel", "geen naam"}


def test_meeting_visits_link_to_the_register(refreshed):
    assert refreshed.query("SELECT count(*) FROM staging.stg_meeting_visits WHERE meeting_id IS NULL") == [(0,)]
    assert refreshed.query("SELECT count(*) FROM staging.stg_meeting_visits v ANTI JOIN staging.stg_survey_responses r "
                           "USING (response_id)") == [(0,)]


def test_attendance_has_categories_municipalities_and_pseudonyms(refreshed):
    assert refreshed.query("SELECT count(*) FROM staging.stg_attendance WHERE category = 'onbekend'") == [(0,)]
    assert refreshed.query("""SELECT count(*) FROM staging.stg_attendance
                              WHERE category IN ('Wethouders', 'Overig gemeente') AND gemeentecode IS NULL""") == [(0,)]
    # the WWI project leader and the FORUM coordinator are at every listed meeting: repeat visitors
    # (a list may write one of them with initials only, a different key: at least all lists but one)
    (meetings,), = refreshed.query("SELECT count(DISTINCT meeting_id) FROM staging.stg_attendance")
    regulars = refreshed.query(f"""SELECT category FROM staging.stg_attendance GROUP BY person_key, category
                                   HAVING count(DISTINCT meeting_id) >= {meetings} - 1""")
    assert {c for (c,) in regulars} >= {"Rijk", "FORUM"}


def _personal_values(box) -> set[str]:
    values = set()
    for (name, email) in box.query("SELECT person_name, email FROM raw.attendance_lists"):
        for v in (name, email):
            if v and len(v.strip()) >= 5:
                values.add(v.strip().lower())
        if name and "," in name:   # 'Vries, Jan de' is also written 'Jan de Vries'
            last, _, first = name.partition(",")
            values.add(f"{first.strip()} {last.strip()}".lower())
    return values


def test_no_personal_data_outside_raw(refreshed):
    personal = _personal_values(refreshed)
    assert len(personal) > 1000
    tables = refreshed.query("SELECT table_schema, table_name FROM information_schema.tables "
                             f"WHERE table_schema <> '{layers.RAW}' AND table_schema IN {tuple(layers.SCHEMAS)}")
    assert len(tables) > 15
    leaks = []
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        for schema, table in tables:
            cols = [c for c, t, *_ in conn.execute(f'DESCRIBE {schema}."{table}"').fetchall() if "VARCHAR" in t]
            for col in cols:
                for (value,) in conn.execute(f'SELECT DISTINCT "{col}" FROM {schema}."{table}" WHERE "{col}" IS NOT NULL').fetchall():
                    text = str(value).lower()
                    if text in personal or any(p in text for p in personal if "@" in p):
                        leaks.append((schema, table, col, value))
    assert leaks == []


# --------------------------------------------------------------------------- changed copies

def _rewrite_survey(box, change):
    path = box.raw_dir / "survey" / "gia_webenquete_export.csv"
    text = path.read_bytes().decode("cp1252")
    path.write_bytes(change(text).encode("cp1252"))


def test_unknown_municipality_goes_to_quarantine_and_the_run_succeeds(box, refreshed):
    sandbox = box            # the survey's new export runs its raw asset and what is downstream
    (response_id, typed), = refreshed.query(
        "SELECT response_id, municipality_text FROM staging.stg_survey_submissions "
        "WHERE exclusion_reason IS NULL ORDER BY response_id LIMIT 1")
    _rewrite_survey(sandbox, lambda t: t.replace(f"\r\n{response_id};", f"\r\n{response_id};", 1).replace(
        f";{typed};", ";Nergenshuizen aan Zee;", 1))
    result = sandbox.refresh("key:raw/survey_export+")
    assert result.success
    quarantine = sandbox.query("SELECT source, scope, raw_value, reason FROM staging.stg_quarantine")
    assert quarantine == [("survey_export", "row", "Nergenshuizen aan Zee", "gemeente niet herleidbaar")]
    assert sandbox.query("SELECT count(*) FROM staging.stg_survey_responses") == [(140,)]
    checks = sandbox.check_evaluations()
    assert not checks[("staging/stg_quarantine", "table_row_count_to_equal")].passed
    assert checks[("staging/row_accounting", "column_values_to_be_in_set__unaccounted")].passed
    assert sandbox.query("SELECT quarantined FROM staging.row_accounting WHERE source = 'survey_export'") == [(1,)]


def test_duplicate_submission_is_superseded_by_the_later_one(box):
    sandbox = box            # the survey's new export runs its raw asset and what is downstream
    path = sandbox.raw_dir / "survey" / "gia_webenquete_export.csv"
    text = path.read_bytes().decode("cp1252")
    lines = text.split("\r\n")
    first = next(l for l in lines[1:] if ";Voltooid;" in l and "Namens de gemeente" in l
                                   and not l.split(";")[6].lower().startswith("test"))
    fields = first.split(";")
    fields[0] = "9999"                                   # a new respondent number …
    fields[3] = "31-12-2009 23:59:00"                    # … submitted later, same municipality
    path.write_bytes((text.rstrip("\r\n") + "\r\n" + ";".join(fields) + "\r\n").encode("cp1252"))
    assert sandbox.refresh("key:raw/survey_export+").success
    (old_id, superseded_by), = sandbox.query(f"""SELECT response_id, superseded_by FROM staging.stg_survey_submissions
                                                WHERE response_id = {first.split(';')[0]}""")
    assert superseded_by == 9999
    assert sandbox.query("SELECT count(*) FROM staging.stg_survey_responses WHERE response_id = 9999") == [(1,)]
    assert sandbox.query("SELECT count(*) FROM staging.stg_survey_responses") == [(141,)]


CATEGORY_EXAMPLES = [   # (organisation, function, municipality, expected category, rule priority)
    ("Gemeente Teststad", "bestuursassistent wethouder", "Venlo", "Overig gemeente", 3),
    ("Venlo", "Wethouder", "Venlo", "Wethouders", 4),
    ("PvdA", "raadslid", "Venlo", "Overig gemeente", 5),
    ("gem. Venlo", "beleidsmedewerker", "Venlo", "Overig gemeente", 6),
    ("Ministerie van VROM / WWI", "projectleider GIA", "Den Haag", "Rijk", 7),
    ("FORUM", "coördinator", "Utrecht", "FORUM", 8),
    ("CMO Partoer", "adviseur", "Leeuwarden", "CMO", 9),
    ("BMC Advies", "adviseur", "Amersfoort", "CMO", 10),
    ("Provincie Limburg", "beleidsmedewerker", "Maastricht", "Provincie", 11),
    ("ROC Leeuwenborgh", "docent", "Maastricht", "Onderwijs/commercieel", 12),
    ("Adviesbureau Dialoog", "consultant", "Uden", "Onderwijs/commercieel", 13),
    ("Stichting Welzijn Venlo", "opbouwwerker", "Venlo", "Welzijnsinstelling", 14),
    ("Kerkgenootschap De Ark", "voorganger", "Venlo", "onbekend", None),
    ("Gemeente Teststad", "beleidsmedewerker van wethouder Jansen", "Venlo", "Overig gemeente", 3),
    ("Gemeente Venlo", "wethoudster", "Venlo", "Wethouders", 4),
    ("Venlo", "weth. onderwijs", "Venlo", "Wethouders", 4),
    ("Stichting Welzijn Venlo", "oud-wethouder", "Venlo", "onbekend", 1),
    ("Gemeente Venlo", "voormalig raadslid", "Venlo", "onbekend", 1),
    ("Protestantse Gemeente Venlo", "predikant", "Venlo", "onbekend", 2),
    ("Venlo", "burgemeester", "Venlo", "Overig gemeente", 5),
    ("Venlo", "oud-burgemeester", "Venlo", "onbekend", 1),
]


def test_category_derivation_follows_each_rule(box):
    sandbox = box            # new lists and a register line run those raw assets and what is downstream
    rows = ["Nr;Naam;Organisatie;Functie;Gemeente"] + [
        f"{i};Testpersoon Nummer{i};{org};{fn};{muni}" for i, (org, fn, muni, _, _) in enumerate(CATEGORY_EXAMPLES, 1)]
    (sandbox.raw_dir / "attendance" / "test_categorieen.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    register = sandbox.raw_dir / "meetings" / "regiobijeenkomsten.csv"
    register.write_text(register.read_text(encoding="utf-8")
                        + "RB99;01-12-2009;Venlo;Test;Limburg;EMOL;13;volledig;test_categorieen.csv;\n", encoding="utf-8")
    (sandbox.raw_dir / "attendance" / "niet_in_register.csv").write_bytes(
        b"Nr;Naam;Organisatie;Functie;Gemeente\r\n1;Piet Pietersen;Gemeente Venlo;wethouder;Venlo\r\n")
    result = sandbox.refresh("key:raw/attendance_lists+ or key:raw/meeting_register+")
    assert result.success
    got = sandbox.query("""SELECT line_no, category, rule_priority, gemeentecode FROM staging.stg_attendance_rows
                           WHERE source_file = 'attendance/test_categorieen.csv' ORDER BY line_no""")
    expected = [(i, cat, prio) for i, (_, _, _, cat, prio) in enumerate(CATEGORY_EXAMPLES, 1)]
    assert [(n, c, p) for n, c, p, _ in got] == expected
    # municipal categories carry the municipality they represent; others don't
    codes = {n: code for n, _, _, code in got}
    assert codes[2] == "0983" and codes[5] is None
    # a list that is not in the register is quarantined, not dropped and not counted
    assert sandbox.query("""SELECT reason, raw_value FROM staging.stg_quarantine WHERE source = 'attendance_lists'""") == [
        ("lijst niet in register", "attendance/niet_in_register.csv")]
    assert sandbox.query("SELECT unaccounted FROM staging.row_accounting WHERE source = 'attendance_lists'") == [(0,)]
    # the category check reports the unknown one without blocking the marts
    assert not sandbox.check_evaluations()[("staging/stg_attendance", "column_values_to_not_be_in_set__category")].passed


def test_accounting_check_fails_when_a_row_is_lost(box):
    sandbox = box            # a good refresh's warehouse
    with duckdb.connect(str(sandbox.warehouse)) as conn:   # simulate a staging bug that drops a row
        conn.execute("""DELETE FROM staging.stg_attendance WHERE (source_file, source_row) IN
                        (SELECT (source_file, source_row) FROM staging.stg_attendance ORDER BY ALL LIMIT 1)""")
    sandbox.refresh(selection="key:staging/row_accounting")
    checks = sandbox.check_evaluations()
    check = checks[("staging/row_accounting", "column_values_to_be_in_set__unaccounted")]
    assert not check.passed
    assert check.metadata["unexpected_count"].value >= 1
    assert sandbox.query("SELECT unaccounted FROM staging.row_accounting WHERE source = 'attendance_lists'") == [(1,)]
