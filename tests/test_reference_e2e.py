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
    result = refreshed.refresh()  # a second refresh over the first one works too (idempotent)
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) >= 15
    failed = [(e.asset_key.to_user_string(), e.check_name, e.metadata) for e in evaluations if not e.passed]
    assert failed == []


def test_materialisations_carry_table_metadata(refreshed):
    result = refreshed.refresh()
    mats = {m.asset_key.to_user_string(): m.metadata for m in result.get_asset_materialization_events() and
            [e.event_specific_data.materialization for e in result.get_asset_materialization_events()]}
    meta = mats["reference/municipalities"]
    assert meta["dagster/row_count"].value == 441
    assert meta["dagster/table_name"].value == "gia.reference.municipalities"
    assert "gemeentecode" in [c.name for c in meta["dagster/column_schema"].value.columns]
