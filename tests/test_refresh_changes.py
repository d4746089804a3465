"""marts.refresh_changes: between two refreshes exactly the figures that changed and the raw
files that changed (by hash), against the published snapshot of the last good refresh."""

import hashlib

from gia_pipeline.lib.refresh_changes import COLUMNS

FIGURES = "SELECT table_id, row_key, col_key, count, n, asked, round(value, 9), note FROM marts.evaluation_tables"


def _figures(box) -> dict[tuple, tuple]:
    return {row[:3]: row[3:] for row in box.query(FIGURES)}


def test_one_changed_raw_file_lists_exactly_the_changed_figures(box, refreshed):
    # `box` holds a copy of the session's first refresh (`refreshed`): with nothing to compare
    # with, it says so — it does not say "nothing changed"
    sandbox, first = box, refreshed.result
    assert sandbox.query("SELECT change, compared_with, detail IS NOT NULL FROM marts.refresh_changes") == \
        [("niet vergeleken", None, True)]
    before = _figures(sandbox)

    # one attendance list loses one of its rows (the fourth line below the header)
    target = sandbox.raw_dir / "attendance" / "deelnemerslijst_oss_23-01-2009.csv"
    old_bytes = target.read_bytes()
    lines = old_bytes.split(b"\r\n")
    target.write_bytes(b"\r\n".join(lines[:4] + lines[5:]))
    second = sandbox.refresh()
    assert second.success
    after = _figures(sandbox)

    expected = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert expected, "the change moved no figure: pick another row"
    listed = sandbox.query("SELECT change, table_id, row_key, col_key, old_count, new_count, count_difference "
                           "FROM marts.refresh_changes WHERE table_id IS NOT NULL")
    assert {row[1:4] for row in listed} == expected and len(listed) == len(expected)
    for change, table_id, row_key, col_key, old, new, difference in listed:
        assert change == "cijfer gewijzigd"
        assert (old, new) == (before[(table_id, row_key, col_key)][0], after[(table_id, row_key, col_key)][0])
        assert difference == (None if old is None or new is None else new - old)
    # the Oss meeting lost a listed person
    assert any(key[0] == "attendance_by_meeting" and key[1].endswith(" Oss") and key[2] == "listed" for key in expected)

    files = sandbox.query("SELECT change, source, source_file, old_sha256, new_sha256 FROM marts.refresh_changes "
                          "WHERE source_file IS NOT NULL")
    assert files == [("bestand gewijzigd", "attendance_lists", "attendance/deelnemerslijst_oss_23-01-2009.csv",
                      hashlib.sha256(old_bytes).hexdigest(), hashlib.sha256(target.read_bytes()).hexdigest())]
    # compared with the snapshot the first refresh published, and said so in the run's metadata
    (compared,), = sandbox.query("SELECT DISTINCT compared_with FROM marts.refresh_changes")
    first_snapshot = {e.asset_key.path[-1]: e.materialization.metadata
                      for e in first.get_asset_materialization_events()}["published_snapshot"]["snapshot"].value
    assert compared == first_snapshot
    assert sandbox.query("SELECT detail FROM marts.refresh_changes WHERE change = 'vergeleken'") == \
        [(f"{len(expected)} cijfer(s) en 1 ruw(e) bestand(en) veranderd",)]
    meta = sandbox.materializations()["marts/refresh_changes"]
    assert meta["changed_figures"].value == len(expected)
    assert meta["changed_files"].value == {"bestand gewijzigd": 1}
    assert "deelnemerslijst_oss_23-01-2009.csv" in meta["changes"].value
    # and the report says so, under "Wat is er veranderd"
    html = (sandbox.root / "reports" / "gia-evaluation.html").read_text(encoding="utf-8")
    section = html.split('<section id="changes">', 1)[1].split("</section>", 1)[0]
    assert f"{len(expected)} cijfers en\n1 ruwe bestand veranderd" in section
    assert "attendance/deelnemerslijst_oss_23-01-2009.csv" in section and first_snapshot in section
    assert section.count("<tr><td>") == len(expected) + 1


def test_a_file_removed_and_one_added(box):
    """A list renamed: the register's file is gone (its meeting's list is now missing, unknown
    rather than zero) and a file it does not name arrived (its rows are quarantined)."""
    sandbox = box    # a copy of the session's good refresh
    moved = sandbox.raw_dir / "attendance" / "deelnemerslijst_delft_21-01-2009.csv"
    sha = hashlib.sha256(moved.read_bytes()).hexdigest()
    moved.rename(moved.with_name("extra_lijst.csv"))
    assert sandbox.refresh().success
    files = sandbox.query("SELECT change, source_file, old_sha256, new_sha256 FROM marts.refresh_changes "
                          "WHERE source_file IS NOT NULL")
    assert files == [("bestand verwijderd", "attendance/deelnemerslijst_delft_21-01-2009.csv", sha, None),
                     ("bestand toegevoegd", "attendance/extra_lijst.csv", None, sha)]
    notes = sandbox.query("SELECT DISTINCT new_note FROM marts.refresh_changes WHERE table_id = 'attendance_by_meeting' "
                          "AND row_key LIKE '% Delft' AND col_key <> 'attendees'")
    assert notes == [("lijst niet ontvangen",)]
    assert [c for c, in sandbox.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'refresh_changes' "
                                      "ORDER BY column_index")] == list(COLUMNS)
