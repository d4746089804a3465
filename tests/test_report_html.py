"""The stakeholders' HTML report (gia_pipeline/report_html.py), on a hand-made fixture warehouse."""

import re
import shutil
import subprocess
from datetime import datetime, timezone
from html.parser import HTMLParser

import duckdb
import pytest

from gia_pipeline.lib import report_charts
from gia_pipeline.lib.report_html import decimal_comma, format_cell, pct_half_up, render_report

OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
WHEN = datetime(2010, 2, 15, 12, 30, tzinfo=timezone.utc)

CATEGORIES = ["Wethouders", "Overig gemeente", "CMO", "FORUM", "Provincie", "Rijk", "Welzijnsinstelling",
              "Onderwijs/commercieel"]
# (meeting, attendees, municipalities, eight categories or None when no list)
MEETINGS = [
    ("2008-10-06 Den Bosch", 25, 18, [6, 12, 0, 2, 1, 2, 0, 0]),
    ("2008-09-29 Lelystad", 73, 8, [1, 15, 10, 1, 1, 3, 24, 6]),
    ("2009-06-29 Arnhem", 159, 14, [1, 24, 18, 4, 4, 4, 46, 24]),
    ("2008-09-29 Assen", 50, None, None),
    ("2009-03-02 Drachten", 149, 25, [17, 56, 17, 1, 3, 3, 41, 30]),
    ("2009-11-23 Haarlem", 36, 6, [0, 11, 3, 2, 1, 2, 8, 4]),
]
REGIONS = [("Noord", 20, 68), ("Zuid-Holland", 21, 74), ("Midden", 14, 36), ("Oost", 38, 79),
           ("Limburg", 22, 40), ("Zeeland & Noord-Brabant", 23, 84), ("Noord-Holland", 9, 60)]


def _share(table_id, row, col, count, n):
    return (table_id, row, col, count, n, 100.0 * count / n)


def evaluation_rows() -> list[tuple]:
    rows = [
        _share("response", "respondents", "total", 141, 441),
        _share("response", "G31", "total", 20, 31),
        _share("response", "overig", "total", 121, 410),
        ("response", "colleague_responses", "total", 12, None, None),
        _share("read_handreiking", "Ja", "G31", 17, 20),
        _share("read_handreiking", "Ja", "overig", 31, 121),
        _share("read_handreiking", "Ja", "total", 48, 141),
        _share("read_handreiking", "Nee", "G31", 3, 20),
        _share("read_handreiking", "Nee", "overig", 90, 121),
        _share("read_handreiking", "Nee", "total", 93, 141),
        _share("handreiking_appraisal", "Prettig leesbaar", "Oneens", 3, 48),
        _share("handreiking_appraisal", "Prettig leesbaar", "Neutraal", 15, 48),
        _share("handreiking_appraisal", "Prettig leesbaar", "Eens", 30, 48),
        _share("handreiking_appraisal", "Informatief", "Oneens", 6, 48),
        _share("handreiking_appraisal", "Informatief", "Neutraal", 7, 48),
        _share("handreiking_appraisal", "Informatief", "Eens", 35, 48),
        ("handreiking_grade", "mean", "total", None, None, 7.0625),
        ("handreiking_grade", "min", "total", None, None, 6.0),
        ("handreiking_grade", "max", "total", None, None, 8.0),
        ("attendance_meetings", "held", "total", 21, None, None),
        ("attendance_meetings", "with_list", "total", 19, None, None),
    ]
    for meeting, attendees, municipalities, cats in MEETINGS:
        rows.append(("attendance_by_meeting", meeting, "attendees", attendees, None, None))
        if cats is not None:
            rows.append(("attendance_by_meeting", meeting, "municipalities", municipalities, None, None))
            rows += [("attendance_by_meeting", meeting, c, v, None, None) for c, v in zip(CATEGORIES, cats)]
    rows.append(("attendance_by_meeting", "Totaal", "attendees", sum(m[1] for m in MEETINGS), None, None))
    rows += [_share("attendance_reach", r, "municipalities", c, n) for r, c, n in REGIONS]
    rows.append(_share("attendance_reach", "total", "municipalities", 147, 441))
    # not in the report's list: rendered after the known tables
    rows.append(_share("zz_extra", "<script>alert('x')</script>", "total", 1, 2))
    # deliberately out of report order in the mart: the report reorders table_ids
    return rows[-1:] + rows[:-1]


RECONCILIATION = [
    # table_id, row_key, col_key, published_count, published_pct, published_value, computed_count, computed_n,
    # computed_pct, computed_value, status, explanation, section
    ("read_handreiking", "Ja", "total", 48, 34.0, None, 48, 141, 34.04, None, "match", None, "3.1"),
    ("read_handreiking", "Nee", "total", 93, 66.0, None, 93, 141, 65.96, None, "match", None, "3.1"),
    ("handreiking_grade", "mean", "total", None, None, 7.1, None, None, None, 7.0625, "match", None, "3.1"),
    ("response", "G31", "total", 20, None, None, 20, 31, 64.5, None, "match", None, "1.3"),
    ("handreiking_appraisal", "Informatief", "Eens", None, 72.0, None, 35, 48, 72.92, None, "rounding",
     "No count on n=48 gives 72% (docs/report-discrepancies.md #1) & <b>forced</b>", "3.1"),
    ("handreiking_appraisal", "Prettig leesbaar", "Eens", None, 63.0, None, 30, 48, 62.5, None, "rounding",
     "Half up: 62.5 -> 63", "3.1"),
    ("attendance_reach", "Noord", "municipalities", 21, None, None, 20, 68, 29.4, None, "mismatch",
     "Computed 20 distinct municipalities, report prints 21", "3.2.1"),
]


def _make_warehouse(path, evaluation=True, reconciliation=True, recon_rows=RECONCILIATION):
    conn = duckdb.connect(str(path), config=OFFLINE)
    conn.execute("CREATE SCHEMA IF NOT EXISTS marts")
    if evaluation:
        conn.execute("""CREATE TABLE marts.evaluation_tables (table_id VARCHAR, row_key VARCHAR, col_key VARCHAR,
                        count BIGINT, n BIGINT, value DOUBLE)""")
        conn.executemany("INSERT INTO marts.evaluation_tables VALUES (?, ?, ?, ?, ?, ?)", evaluation_rows())
    if reconciliation:
        conn.execute("""CREATE TABLE marts.report_reconciliation (table_id VARCHAR, row_key VARCHAR,
                        col_key VARCHAR, published_count BIGINT, published_pct DOUBLE, published_value DOUBLE,
                        computed_count BIGINT, computed_n BIGINT, computed_pct DOUBLE, computed_value DOUBLE,
                        status VARCHAR, explanation VARCHAR, section VARCHAR)""")
        if recon_rows:
            conn.executemany("INSERT INTO marts.report_reconciliation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             recon_rows)
    return conn


@pytest.fixture
def warehouse(tmp_path):
    conn = _make_warehouse(tmp_path / "warehouse.duckdb")
    yield conn
    conn.close()


@pytest.fixture
def page(warehouse):
    return render_report(warehouse, generated_at=WHEN, snapshot="20100215T120000000000Z-abcdef12")


class _StrictParser(HTMLParser):
    """Feeds the page and checks that every non-void element is closed in order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def _cell_texts(page: str, table_id: str) -> list[str]:
    block = page.split(f'id="t-{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td[^>]*>([^<]*)</td>", block)


# -- formatting ------------------------------------------------------------------------------

def test_percentages_round_half_up_like_the_report():
    assert pct_half_up(48, 141) == 34
    assert pct_half_up(6, 48) == 13          # 12.5 -> 13 (banker's rounding would give 12)
    assert pct_half_up(30, 48) == 63         # 62.5
    assert pct_half_up(3, 48) == 6           # 6.25
    assert pct_half_up(0, 5) == 0 and pct_half_up(5, 5) == 100


def test_cell_formats():
    assert format_cell(48, 141, 34.04) == "34% (48)"
    assert format_cell(None, None, 7.0625) == "7,1"
    assert format_cell(None, None, 7.05) == "7,1"    # half up on the printed decimal
    assert format_cell(None, None, 6.0) == "6,0"
    assert format_cell(1413, None, None) == "1413"
    assert format_cell(None, None, None) == "–"
    assert decimal_comma(6.849, 1) == "6,8"


# -- the page --------------------------------------------------------------------------------

def test_tables_formatted_in_report_order(page):
    assert "34% (48)" in page and "66% (93)" in page and "85% (17)" in page
    assert "7,1" in _cell_texts(page, "handreiking_grade")
    assert _cell_texts(page, "handreiking_appraisal")[:3] == ["6% (3)", "31% (15)", "63% (30)"]
    assert "159" in _cell_texts(page, "attendance_by_meeting")
    # table order: the report's list, unknown table_ids after it, whatever the mart's order
    ids = re.findall(r'<div(?: class="wide")? id="t-([a-z_]+)"', page)
    assert ids == ["response", "read_handreiking", "handreiking_appraisal", "handreiking_grade",
                   "attendance_meetings", "attendance_by_meeting", "attendance_reach", "zz_extra"]
    # rows and columns in first-appearance order
    rh = page.split('id="t-read_handreiking"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="col">([^<]*)</th>', rh)[1:] == ["G31", "Overig", "Totaal"]
    assert re.findall(r'<th scope="row">([^<]*)</th>', rh) == ["Ja", "Nee"]
    meetings = page.split('id="t-attendance_by_meeting"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="row">([^<]*)</th>', meetings) == [m[0] for m in MEETINGS] + ["Totaal"]
    # captions: Dutch and English title and the section
    assert "Heeft u de publicatie ‘Datgene wat ons bindt’ gelezen?" in page
    assert "Read the handreiking" in page and "§3.1" in page and "§3.2.1" in page


def test_header_and_footer(page):
    assert "GIA tussenevaluatie 2010 — herberekend uit de ruwe bestanden" in page
    assert "15 februari 2010, 13:30 (Nederlandse tijd)" in page      # 12:30 UTC is 13:30 in Amsterdam
    assert "20100215T120000000000Z-abcdef12" in page
    assert "data/reference/published_figures.csv" in page.split("<footer>", 1)[1]


def test_reconciliation_summary_and_detail(page):
    summary = page.split('id="reconciliation-summary"', 1)[1].split("</section>", 1)[0]
    counts = dict(re.findall(r'data-status="(\w+)"><span class="num">(\d+)</span>', summary))
    assert counts == {"match": "4", "rounding": "2", "mismatch": "1"}
    assert 'class="summary bad"' in page
    detail = page.split('id="reconciliation-detail"', 1)[1]
    assert detail.count("<tr><td><span class=\"badge") == 3          # every non-match row, no match row
    assert "Computed 20 distinct municipalities, report prints 21" in detail
    assert "35 van 48 = 72,9% → 73%" in detail
    # explanation text is escaped
    assert "&amp; &lt;b&gt;forced&lt;/b&gt;" in detail and "<b>forced</b>" not in page
    # cells that differ from the published figure are marked
    assert 'class="num st-mismatch"' in page and 'class="num st-rounding"' in page


def test_summary_green_without_mismatch(tmp_path):
    rows = [r for r in RECONCILIATION if r[10] != "mismatch"]
    with _make_warehouse(tmp_path / "w.duckdb", recon_rows=rows) as conn:
        page = render_report(conn, generated_at=WHEN)
    assert 'class="summary ok"' in page and 'class="summary bad"' not in page
    assert "geen verschillen" in page


def test_three_inline_svg_charts(page):
    assert page.count("<svg") == 3
    for fig in ("fig-reach", "fig-response", "fig-attendance"):
        assert f'<figure id="{fig}"><svg' in page
    # chart ids are unique on the page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # chart text is real text: region labels, category legend, the response rates
    assert "Zeeland &amp; Noord-Brabant" in page and "Welzijnsinstelling" in page
    assert "22 van 40 (55%)" in page and "65% (20 van 31)" in page
    assert "geen lijst" in page


def test_self_contained_and_parses(page):
    parser = _StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    external = [(t, k, v) for t, k, v in parser.attrs
                if k in ("src", "href", "xlink:href", "srcset", "action", "data") and v and not v.startswith("#")]
    assert external == []
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "@import" not in page and "<script" not in page and "<link" not in page


def test_data_text_is_escaped(page):
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_dollar_signs_in_data_are_text_not_formulas():
    """A label from the data with `$…$` would be parsed as mathtext (and `$x^$` crashes it)."""
    from gia_pipeline.lib.report_charts import chart_attendance, chart_reach

    label = "2009-01-01 Tilburg $x^$ (zaal $2)"
    svg = chart_attendance([{"table_id": "attendance_by_meeting", "row_key": label, "col_key": "Wethouders",
                             "count": 3}])
    assert label in svg
    svg = chart_reach([{"table_id": "attendance_reach", "row_key": "Regio $\\frac{1}{0}$", "count": 2, "n": 9}])
    assert "Regio $\\frac{1}{0}$" in svg


def test_deterministic(warehouse):
    first = render_report(warehouse, generated_at=WHEN, snapshot="s")
    assert render_report(warehouse, generated_at=WHEN, snapshot="s") == first


CHARTS = [(report_charts.chart_reach, "attendance_reach"), (report_charts.chart_response, "response"),
          (report_charts.chart_attendance, "attendance_by_meeting")]


def _chart_rows() -> list[dict]:
    names = ("table_id", "row_key", "col_key", "count", "n", "value")
    return [dict(zip(names, row)) for row in evaluation_rows()]


def test_a_chart_is_kept_by_the_rows_it_reads(tmp_path, monkeypatch):
    """A kept chart is the chart drawn (drawing is deterministic); another process reads it from
    the cache folder without drawing; a changed row of the chart's table draws it anew, a changed
    row of another table does not."""
    monkeypatch.setenv("GIA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(report_charts, "_DRAWN", {})
    rows = _chart_rows()
    kept = {}
    for chart, _ in CHARTS:
        drawn = chart.draw(rows)
        assert drawn.startswith("<svg") and chart.draw(rows) == drawn
        kept[chart] = chart(rows)
        assert kept[chart] == drawn
    assert report_charts.cache_file().is_file()

    monkeypatch.setattr(report_charts, "_DRAWN", {})                   # as a new process would
    def no_drawing(*args):
        raise AssertionError("drawn again although kept")
    monkeypatch.setattr(report_charts, "_figure", no_drawing)
    other = [dict(r, count=(r["count"] or 0) + 1) if r["table_id"] == "zz_extra" else r for r in rows]
    for chart, _ in CHARTS:
        assert chart(other) == kept[chart]

    for chart, table_id in CHARTS:
        changed = [dict(r, count=r["count"] + 1) if r["table_id"] == table_id and r["count"] else r for r in rows]
        with pytest.raises(AssertionError, match="drawn again"):
            chart(changed)


def test_missing_tables_render_notes(tmp_path):
    with _make_warehouse(tmp_path / "w.duckdb", reconciliation=False) as conn:
        page = render_report(conn, generated_at=WHEN)
    assert "marts.report_reconciliation</code> ontbreekt" in page
    assert "34% (48)" in page and page.count("<svg") == 3

    with _make_warehouse(tmp_path / "empty.duckdb", evaluation=False, reconciliation=False) as conn:
        page = render_report(conn, generated_at=WHEN)
    assert "marts.evaluation_tables</code> ontbreekt" in page
    assert page.count("<svg") == 0 and page.count('class="note"') >= 4
    parser = _StrictParser()
    parser.feed(page)
    assert parser.errors == [] and parser.stack == []


def test_snapshot_read_from_published_database(tmp_path):
    from gia_pipeline.lib.publish import publish_snapshot

    with _make_warehouse(tmp_path / "w.duckdb") as conn:
        result = publish_snapshot(conn, tmp_path / "published")
    with duckdb.connect(str(result.db_path), read_only=True, config=OFFLINE) as reader:
        page = render_report(reader, generated_at=WHEN)
    assert f"snapshot {result.snapshot_id}" in page
    assert "34% (48)" in page


# -- in a real browser -----------------------------------------------------------------------

def test_renders_in_headless_chromium(page, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium not on PATH")
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    png = tmp_path / "report.png"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=1400,2000", "--virtual-time-budget=5000", f"--screenshot={png}", html_file.as_uri()],
        capture_output=True, timeout=120, check=False)
    assert png.is_file(), "chromium wrote no screenshot"
    assert png.stat().st_size > 20_000
