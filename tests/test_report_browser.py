"""The refreshed report in a real browser: headless Chromium driven by Playwright (Debian's
/usr/bin/chromium; Playwright never downloads a browser here). Layout is measured from element
boxes, not compared as screenshots; a click on a figure must show its raw rows."""

import shutil

import pytest

from gia_pipeline.lib.report_provenance import ranges

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (dev extras)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")

WIDTHS = (1280, 1440, 1920)

#: every visible element whose box leaves its parent's box (inside its borders) or the window;
#: the insides of an SVG chart are drawn, not laid out, and a closed dialog is not shown
OVERFLOWING = """() => {
  const found = [];
  const width = window.innerWidth;
  for (const el of document.querySelectorAll("body *")) {
    if ((el.closest("svg") && el.tagName.toLowerCase() !== "svg") || el.closest("dialog:not([open])")) continue;
    if (["SCRIPT", "STYLE"].includes(el.tagName)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const parent = el.parentElement.getBoundingClientRect();
    const style = getComputedStyle(el.parentElement);
    const left = parent.left + parseFloat(style.borderLeftWidth), right = parent.right - parseFloat(style.borderRightWidth);
    if (box.right > right + 1 || box.left < left - 1 || box.right > width + 1)
      found.push(`${el.tagName}#${el.id}.${el.className} in ${el.parentElement.tagName}: ${Math.round(box.left)}-${Math.round(box.right)} outside ${Math.round(left)}-${Math.round(right)}`);
  }
  return {overflowing: found, pageWidth: document.documentElement.scrollWidth, window: width};
}"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def report_url(refreshed):
    return (refreshed.root / "reports" / "gia-evaluation.html").as_uri()


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_at_common_widths(browser, report_url, width):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(report_url)
    measured = page.evaluate(OVERFLOWING)
    assert measured["overflowing"] == []
    assert measured["pageWidth"] <= measured["window"]
    # the differences table gives its explanations the table's full width, not a narrow column
    explanation = page.locator("tr.explanation td").first.bounding_box()
    table = page.locator("table.detail").bounding_box()
    assert explanation["width"] >= table["width"] - 2
    page.close()


def _raw_rows(refreshed, where: str) -> dict[str, str]:
    rows: dict[str, list[int]] = {}
    for source_file, source_row in refreshed.query(where):
        rows.setdefault(source_file, []).append(source_row)
    return {f: ranges(r) for f, r in rows.items()}


def test_clicking_a_figure_shows_its_raw_rows(browser, report_url, refreshed):
    """Read the handreiking, G31, Ja: the dialog names the survey file and exactly the rows of the
    valid G31 responses that answered Ja (found here from raw.survey_export), and the model on the way."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(report_url)
    table = page.locator("#t-read_handreiking")
    columns = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has=page.locator("th", has_text="Ja"))
    row.locator("td").nth(columns.index("G31") - 1).locator("button.fig").click()
    dialog = page.locator("dialog#provenance[open]")
    dialog.wait_for()
    text = dialog.inner_text()
    expected = _raw_rows(refreshed, """
        SELECT s._source_file, s._source_row FROM raw.survey_export AS s
        JOIN staging.stg_survey_responses AS v ON v.source_file = s._source_file AND v.source_row = s._source_row
        WHERE v.is_g31 AND s.read_handreiking = 'Ja'""")
    for source_file, rows in expected.items():
        assert f"{source_file} — rij {rows}" in text
    (count,), = refreshed.query("SELECT count FROM marts.evaluation_tables "
                                "WHERE table_id = 'read_handreiking' AND row_key = 'Ja' AND col_key = 'G31'")
    assert f"Geteld: {count} responsen" in text
    assert "marts.g31_splits" in text and "raw.survey_export.read_handreiking" in text
    # open, the dialog fits the window too
    measured = page.evaluate(OVERFLOWING)
    assert measured["overflowing"] == [] and measured["pageWidth"] <= measured["window"]
    page.locator("#provenance-close").click()
    assert page.locator("dialog#provenance[open]").count() == 0
    page.close()


def test_an_attendance_figure_shows_the_rows_of_its_list(browser, report_url, refreshed):
    (label, meeting_id), = refreshed.query("SELECT meeting_label, meeting_id FROM staging.stg_meetings "
                                           "WHERE list_status = 'volledig' ORDER BY meeting_date LIMIT 1")
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(report_url)
    table = page.locator("#t-attendance_by_meeting")
    columns = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has=page.locator("th", has_text=label))
    row.locator("td").nth(columns.index("Op de lijst") - 1).locator("button.fig").click()
    text = page.locator("dialog#provenance[open]").inner_text()
    expected = _raw_rows(refreshed, f"SELECT source_file, source_row FROM staging.stg_attendance WHERE meeting_id = '{meeting_id}'")
    assert len(expected) == 1
    for source_file, rows in expected.items():
        assert f"{source_file} — rij {rows}" in text
    page.close()


def test_ranges():
    assert ranges([7, 2, 3, 4, 9, 10, 3]) == "2–4, 7, 9–10"
    assert ranges([5]) == "5" and ranges([]) == ""
