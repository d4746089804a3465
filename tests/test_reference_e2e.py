"""A full refresh into a temporary warehouse, then SQL on the reference tables and the mart."""


def test_reference_municipalities(refreshed):
    assert refreshed.query("SELECT count(*), count(DISTINCT gemeentecode) FROM reference.municipalities") == [(441, 441)]
    assert refreshed.query(
        "SELECT count(*) FILTER (is_g4), count(*) FILTER (is_g27), count(*) FILTER (is_g31) FROM reference.municipalities"
    ) == [(4, 27, 31)]
    # codes keep their leading zeros; names are CBS's
    assert refreshed.query("SELECT gemeentenaam, provincie, gia_region FROM reference.municipalities WHERE gemeentecode = '0518'") == [
        ("'s-Gravenhage", "Zuid-Holland", "Zuid-Holland")]


def test_region_sizes(refreshed):
    sizes = dict(refreshed.query("SELECT gia_region, municipalities FROM reference.gia_regions"))
    assert sizes == {"Noord": 68, "Zuid-Holland": 76, "Midden": 35, "Oost": 81, "Limburg": 40,
                     "Zeeland & Noord-Brabant": 81, "Noord-Holland": 60}


def test_municipalities_by_region_mart_adds_up(refreshed):
    rows = refreshed.query("SELECT gia_region, sum(municipalities), sum(g4), sum(g31) FROM marts.municipalities_by_region GROUP BY ALL")
    assert sum(r[1] for r in rows) == 441 and sum(r[2] for r in rows) == 4 and sum(r[3] for r in rows) == 31
    limburg = refreshed.query("SELECT provincie, municipalities FROM marts.municipalities_by_region WHERE gia_region = 'Limburg'")
    assert limburg == [("Limburg", 40)]


def test_every_check_ran_and_passed(refreshed):
    evaluations = refreshed.check_evaluations()
    assert len(evaluations) >= 15
    failed = [(key, e.metadata) for key, e in evaluations.items() if not e.passed]
    assert failed == []


def test_materialisations_carry_table_metadata(refreshed):
    meta = refreshed.materializations()["reference/municipalities"]
    assert meta["dagster/row_count"].value == 441
    assert meta["dagster/table_name"].value == "gia.reference.municipalities"
    assert "gemeentecode" in [c.name for c in meta["dagster/column_schema"].value.columns]


def test_sql_models_carry_column_lineage(refreshed):
    deps = refreshed.materializations()["reference/municipalities"]["dagster/column_lineage"].value.deps_by_column
    assert [(d.asset_key.to_user_string(), d.column_name) for d in deps["gia_region"]] == [
        ("reference/gia_region_provinces", "gia_region")]
    assert [(d.asset_key.to_user_string(), d.column_name) for d in deps["is_g4"]] == [("reference/g31_2009", "group")]
