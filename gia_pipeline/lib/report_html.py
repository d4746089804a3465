"""The stakeholders' report: one self-contained HTML page built from the warehouse marts.

:func:`render_report` reads ``marts.evaluation_tables`` (every figure of the evaluation) and
``marts.report_reconciliation`` (each published figure against the recomputed one) and returns a
page that opens offline: inline CSS, charts as inline SVG drawn by matplotlib, no external
reference of any kind. A missing table renders a short note instead of failing; every text that
comes from the data is HTML-escaped.

Formatting follows the report: a share is ``34% (48)`` (percentage rounded half up, as the report
does), a statistic has one decimal and a decimal comma (``7,1``), a plain count is the integer.

Pure Python (no Dagster import); the Dagster asset that writes the file lives elsewhere.
"""

import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Sequence

import duckdb

# ---------------------------------------------------------------------------------------------
# what the report contains

#: table_id -> (Dutch title, English title, section of the report)
TABLES: dict[str, tuple[str, str, str]] = {
    "response": ("Respons op de webenquête", "Survey response", "1.3, 3.1"),
    "read_handreiking": ("Heeft u de publicatie ‘Datgene wat ons bindt’ gelezen?",
                         "Read the handreiking", "3.1"),
    "attended_meeting": ("Heeft u één of meer regiobijeenkomsten bezocht?",
                         "Attended one or more regional meetings", "3.2.2"),
    "handreiking_appraisal": ("De handreiking is…", "Appraisal of the handreiking", "3.1"),
    "handreiking_discussed": ("Is de handreiking binnen de gemeente besproken?",
                              "Handreiking discussed within the municipality", "3.1"),
    "handreiking_new_insights": ("Heeft de handreiking tot nieuwe inzichten geleid?",
                                 "New insights from the handreiking", "3.1"),
    "handreiking_grade": ("Rapportcijfer voor de handreiking", "Grade given to the handreiking", "3.1"),
    "attendance_meetings": ("Regiobijeenkomsten: gehouden en met aanwezigheidslijst",
                            "Regional meetings held and with an attendance list", "3.2"),
    "attendance_by_meeting": ("Aanwezigen per regiobijeenkomst", "Attendance per regional meeting", "3.2.1"),
    "attendance_reach": ("Verschillende gemeenten per GIA-regio die een bijeenkomst bezochten",
                         "Distinct municipalities per GIA region that attended a meeting", "3.2.1"),
    "persons_reached": ("Bezoeken en verschillende personen per GIA-regio en categorie (niet in het rapport)",
                        "Visits and distinct persons reached, per region and category (not in the report)",
                        "3.2.1"),
    "meeting_appraisal": ("De regiobijeenkomst was…", "Appraisal of the regional meetings", "3.2.2"),
    "meeting_discussed": ("Is de bijeenkomst binnen de gemeente besproken?",
                          "Meeting discussed within the municipality", "3.2.2"),
    "meeting_new_insights": ("Heeft de bijeenkomst tot nieuwe inzichten geleid?",
                             "New insights from the meeting", "3.2.2"),
    "meeting_grade": ("Rapportcijfer voor de regiobijeenkomsten", "Grade given to the regional meetings", "3.2.2"),
    "visit_confirmation": ("Bevestigt de aanwezigheidslijst het gemelde bezoek? (niet in het rapport)",
                           "Reported visits confirmed by the attendance lists (not in the report)", "3.2.2"),
    "policy_form": ("Vorm van het lokale integratiebeleid", "Form of local integration policy", "4.1"),
    "respondent_function": ("Functie van de respondent", "Respondent's function", "4.1"),
    "policy_since": ("Sinds wanneer is er integratiebeleid?", "Integration policy in place since", "4.2"),
    "gia_followup": ("Op welke wijze heeft de gemeente vervolg gegeven aan de GIA?",
                     "Follow-up given to the GIA", "4.2"),
    "new_policy_year": ("In welk jaar zal een (nieuw) integraal integratiebeleid worden opgesteld?",
                        "Year of a new integral integration policy", "4.2"),
    "dialogue": ("In hoeverre…", "Dialogue between the state and municipalities", "5.2"),
    "gia_target": ("Groeipad Integratienota: aandeel gemeenten dat met de GIA werkt (doel, %)",
                   "Integratienota growth path: target share of municipalities (%)", "2.1"),
}
#: the report's order; any other table_id follows, in order of first appearance
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

SECTIONS: dict[str, str] = {
    "1.3": "Onderzoeksverantwoording",
    "3.1": "Bereik, gebruik en waardering van de handreiking",
    "3.2": "Bereik, gebruik en waardering regiobijeenkomsten",
    "3.2.1": "Analyse van de aanwezigheidslijsten",
    "3.2.2": "Resultaten van de webenquête en interviews",
    "4.1": "Stand van zaken lokaal integratiebeleid",
    "4.2": "Doorwerking van de GIA in lokaal integratiebeleid",
    "5.2": "Dialoog: zenden en ontvangen",
    "2.1": "Het ontstaan van de GIA",
}

#: display labels for the technical keys; the report's own labels pass through unchanged
LABELS: dict[str, str] = {
    "total": "Totaal", "overig": "Overig", "respondents": "Respondenten", "indirect": "Indirect",
    "colleague_responses": "Antwoorden van collega’s", "colleague_municipalities": "Gemeenten van collega’s",
    "mean": "Gemiddeld", "min": "Minimum", "max": "Maximum",
    "held": "Gehouden", "with_list": "Met aanwezigheidslijst",
    "attendees": "Aanwezigen", "listed": "Op de lijst", "municipalities": "Gemeenten",
    "n": "Aantal cijfers (n)", "visits": "Bezoeken", "persons": "Personen",
    "several_meetings": "Op meer bijeenkomsten", "unsure_pairs": "Twijfelparen",
    "no_list": "Zonder lijst", "confirmed": "Bevestigd", "not_confirmed": "Niet op de lijst",
}

ATTENDANCE_CATEGORIES: tuple[str, ...] = (
    "Wethouders", "Overig gemeente", "CMO", "FORUM", "Provincie", "Rijk", "Welzijnsinstelling",
    "Onderwijs/commercieel")

STATUSES: tuple[str, ...] = ("match", "rounding", "mismatch")
STATUS_LABELS = {"match": "klopt · match", "rounding": "afronding · rounding", "mismatch": "verschil · mismatch"}

TITLE = "GIA tussenevaluatie 2010 — herberekend uit de ruwe bestanden"
PUBLISHED_FIGURES = "data/reference/published_figures.csv"

# ---------------------------------------------------------------------------------------------
# number formatting


def pct_half_up(count: int, n: int) -> int:
    """100·count/n rounded half up to a whole percent, exactly (integer arithmetic)."""
    count, n = int(count), int(n)
    return (200 * count + n) // (2 * n) if count >= 0 else -pct_half_up(-count, n)


def decimal_comma(value: float, places: int = 1) -> str:
    """``7.05`` -> ``7,1``: rounded half up on the printed decimal, Dutch decimal comma."""
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q:f}".replace(".", ",")


def format_cell(count: int | None, n: int | None, value: float | None, note: str | None = None) -> str:
    """A cell of marts.evaluation_tables as the report prints it (plain text, not escaped); a
    figure that cannot be known shows its note (`geen lijst`), never a 0."""
    if count is None and value is None and note:
        return note
    if count is not None and n is not None:
        if n == 0:
            return f"– ({count})"
        return f"{pct_half_up(int(count), int(n))}% ({count})"
    if count is not None:
        return str(int(count))
    if value is not None:
        return decimal_comma(value)
    return "–"


def _label(key: Any) -> str:
    text = "" if key is None else str(key)
    return LABELS.get(text, text)


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _num(value: float | None, places: int = 1) -> str:
    if value is None:
        return "–"
    return decimal_comma(value, places).rstrip("0").rstrip(",") if places else decimal_comma(value, 0)


# ---------------------------------------------------------------------------------------------
# reading the marts


@dataclass
class _Read:
    rows: list[dict[str, Any]] | None     # None when the table could not be read
    error: str | None = None


def _read(conn: duckdb.DuckDBPyConnection, table: str) -> _Read:
    """Every row of ``table`` as dicts, in scan order (the order the marts SQL emitted)."""
    try:
        cur = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        return _Read([dict(zip(names, r)) for r in cur.fetchall()])
    except duckdb.Error as exc:
        return _Read(None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _describe_source(conn: duckdb.DuckDBPyConnection) -> str | None:
    """The published snapshot id when reading the published database, else the database file."""
    try:
        row = conn.execute("SELECT snapshot_id, source_warehouse FROM meta.snapshot").fetchone()
        if row:
            return f"snapshot {row[0]}" + (f" van {row[1]}" if row[1] else "")
    except duckdb.Error:
        pass
    try:
        row = conn.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
        return row[0] if row and row[0] else None
    except duckdb.Error:
        return None


def _group(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get("table_id")), []).append(r)
    order = {t: i for i, t in enumerate(TABLE_ORDER)}
    first_seen = {t: i for i, t in enumerate(groups)}
    return {t: groups[t] for t in sorted(groups, key=lambda t: (order.get(t, len(order)), first_seen[t]))}


def _first_seen(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------------------------------------
# charts (matplotlib, object API: no pyplot state, no global backend switch)

_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_SVG_HEAD = re.compile(r"^.*?(?=<svg)", re.S)


def _svg(fig, name: str) -> str:
    """The figure as an inline <svg> element: deterministic (fixed hash salt, no metadata), text
    kept as text, ids prefixed so that several charts can share one page."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"gia-{name}", "svg.fonttype": "none",
                                "svg.image_inline": True}):
        fig.savefig(buf, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = _SVG_HEAD.sub("", buf.getvalue(), count=1)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{name}-\1"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', rf'url(#{name}-\1)', svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', rf'\1="#{name}-\2"', svg)
    return svg.replace("<svg ", '<svg role="img" ', 1).strip()


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.subplots()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _rows_of(rows: Sequence[dict[str, Any]], table_id: str) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("table_id") == table_id]


def chart_reach(rows: Sequence[dict[str, Any]]) -> str | None:
    """Distinct municipalities per GIA region that attended, against the region's size (3.2.1)."""
    data = [(str(r["row_key"]), int(r["count"]), int(r["n"])) for r in _rows_of(rows, "attendance_reach")
            if r.get("row_key") != "total" and r.get("count") is not None and r.get("n")]
    if not data:
        return None
    fig, ax = _figure(8, 0.45 * len(data) + 1.2)
    labels = [d[0] for d in data]
    y = range(len(data))
    ax.barh(y, [d[2] for d in data], color="#d9dee5", label="gemeenten in de regio")
    ax.barh(y, [d[1] for d in data], height=0.5, color="#1f5f99", label="bezochten ≥ 1 bijeenkomst")
    for i, (_, count, n) in enumerate(data):
        ax.text(n + max(d[2] for d in data) * 0.01, i, f"{count} van {n} ({pct_half_up(count, n)}%)",
                va="center", fontsize=9)
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(d[2] for d in data) * 1.28)
    ax.set_xlabel("aantal gemeenten")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, fontsize=9)
    return _svg(fig, "chart-reach")


def chart_response(rows: Sequence[dict[str, Any]]) -> str | None:
    """Response rate of the G31 against the other municipalities (1.3)."""
    by_key = {r.get("row_key"): r for r in _rows_of(rows, "response")}
    data = [(g, int(by_key[g]["count"]), int(by_key[g]["n"])) for g in ("G31", "overig")
            if g in by_key and by_key[g].get("count") is not None and by_key[g].get("n")]
    if not data:
        return None
    fig, ax = _figure(8, 0.6 * len(data) + 1.1)
    y = range(len(data))
    ax.barh(y, [100] * len(data), color="#eef0f3")
    ax.barh(y, [100 * c / n for _, c, n in data], color=["#1f5f99", "#7fa7cc"][:len(data)])
    for i, (_, c, n) in enumerate(data):
        ax.text(101, i, f"{pct_half_up(c, n)}% ({c} van {n})", va="center", fontsize=9)
    ax.set_yticks(list(y), [_label(g) for g, _, _ in data])
    ax.invert_yaxis()
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("respons (gemeenten die de webenquête invulden)")
    return _svg(fig, "chart-response")


def chart_attendance(rows: Sequence[dict[str, Any]]) -> str | None:
    """Attendance by category per meeting, stacked (3.2.1)."""
    table = [r for r in _rows_of(rows, "attendance_by_meeting") if r.get("row_key") != "Totaal"]
    meetings = _first_seen(str(r["row_key"]) for r in table)
    cells = {(str(r["row_key"]), r.get("col_key")): r.get("count") for r in table}
    if not meetings or not any(cells.get((m, c)) for m in meetings for c in ATTENDANCE_CATEGORIES):
        return None
    fig, ax = _figure(10, 0.32 * len(meetings) + 1.8)
    y = list(range(len(meetings)))
    left = [0] * len(meetings)
    for color, cat in zip(_PALETTE, ATTENDANCE_CATEGORIES):
        widths = [int(cells.get((m, cat)) or 0) for m in meetings]
        ax.barh(y, widths, left=left, color=color, label=cat, height=0.7)
        left = [a + b for a, b in zip(left, widths)]
    for i, m in enumerate(meetings):
        if not left[i]:
            attendees = cells.get((m, "attendees"))
            ax.text(1, i, "geen lijst" + (f" ({attendees} aanwezigen gemeld)" if attendees is not None else ""),
                    va="center", fontsize=8, color="#666666", style="italic")
        else:
            ax.text(left[i] + 1, i, str(left[i]), va="center", fontsize=8, color="#333333")
    ax.set_yticks(y, meetings, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.08 + 1)
    ax.set_xlabel("aanwezigen per categorie (som van de categorieën)")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, frameon=False, fontsize=8)
    return _svg(fig, "chart-attendance")


# ---------------------------------------------------------------------------------------------
# HTML pieces

_CSS = """
:root { --ink:#1d2733; --muted:#5b6775; --line:#d6dce3; --band:#f4f6f8; --accent:#1f5f99;
        --ok:#1e7b3c; --ok-bg:#e5f4ea; --warn:#8a5a00; --warn-bg:#fff4d6; --bad:#a3222b; --bad-bg:#fde7e9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       color: var(--ink); background: #fff; }
header { background: var(--accent); color: #fff; padding: 28px 40px 22px; }
header h1 { margin: 0 0 6px; font-size: 26px; font-weight: 650; }
header .meta { margin: 0; font-size: 13px; opacity: .9; }
header .meta code { color: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 40px 40px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 26px 0 8px; }
p.intro { max-width: 860px; }
nav ol { margin: 6px 0 0; padding-left: 22px; font-size: 14px; }
nav ol ol { columns: 2; column-gap: 32px; margin: 2px 0 4px; }
a { color: var(--accent); }
code { font: 12.5px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; }
.summary { display: flex; gap: 16px; flex-wrap: wrap; align-items: stretch; margin: 14px 0 6px;
           padding: 16px; border-radius: 8px; border: 2px solid var(--line); background: var(--band); }
.summary.ok { border-color: var(--ok); background: var(--ok-bg); }
.summary.bad { border-color: var(--bad); background: var(--bad-bg); }
.summary .verdict { flex: 1 1 260px; font-size: 18px; font-weight: 600; align-self: center; }
.summary.ok .verdict { color: var(--ok); } .summary.bad .verdict { color: var(--bad); }
.stat { min-width: 150px; padding: 8px 16px; background: #fff; border-radius: 6px; border: 1px solid var(--line); text-align: center; }
.stat .num { display: block; font-size: 38px; font-weight: 700; line-height: 1.1; }
.stat .lbl { font-size: 13px; color: var(--muted); }
.stat.match .num { color: var(--ok); } .stat.rounding .num { color: var(--warn); } .stat.mismatch .num { color: var(--bad); }
.stat.mismatch.zero .num { color: var(--ok); }
figure { margin: 18px 0 26px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13.5px; color: var(--muted); margin-top: 4px; max-width: 860px; }
.tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 8px 36px; }
.tables .wide { grid-column: 1 / -1; }
table { border-collapse: collapse; margin: 6px 0 4px; font-size: 14px; }
caption { caption-side: top; text-align: left; padding: 0 0 6px; font-weight: 600; }
caption .en { display: block; font-weight: 400; color: var(--muted); font-size: 13px; }
caption .sec { font-weight: 400; color: var(--muted); font-size: 12.5px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--band); text-align: right; font-weight: 600; }
thead th:first-child, tbody th { text-align: left; font-weight: 500; }
tbody th { white-space: nowrap; }
.tables table { min-width: 440px; }
table.detail thead th { text-align: left; }
table.detail tbody td.num { white-space: nowrap; }
.tables .wide { overflow-x: auto; }
.wide table { font-size: 13.5px; }
.wide th, .wide td { padding: 4px 7px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.st-rounding { background: var(--warn-bg); }
td.st-mismatch { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
tr.total th, tr.total td { font-weight: 650; border-top: 1.5px solid var(--ink); }
.base { font-size: 12.5px; color: var(--muted); margin: 0 0 14px; }
.note { padding: 10px 14px; border-left: 4px solid #b0b8c2; background: var(--band); color: var(--muted); }
.note code { color: var(--ink); }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 8px; border-radius: 3px; font-size: 13px; }
.legend .r { background: var(--warn-bg); } .legend .m { background: var(--bad-bg); color: var(--bad); }
table.detail { width: 100%; font-size: 13px; }
table.detail td { text-align: left; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.rounding { background: var(--warn-bg); color: var(--warn); } .badge.mismatch { background: var(--bad-bg); color: var(--bad); }
.badge.other { background: var(--band); color: var(--muted); }
footer { border-top: 1px solid var(--line); margin-top: 40px; padding: 16px 40px 30px; font-size: 13px; color: var(--muted); }
@media print { header { background: #fff; color: var(--ink); } header .meta code { color: var(--ink); } }
"""


def _note(text: str, detail: str | None = None) -> str:
    extra = f" <small>({_e(detail)})</small>" if detail else ""
    return f'<p class="note">{text}{extra}</p>'


def _section_label(section: str) -> str:
    parts = [s.strip() for s in section.split(",") if s.strip()]
    return ", ".join(f"§{_e(p)}" + (f" {_e(SECTIONS[p])}" if p in SECTIONS and len(parts) == 1 else "")
                     for p in parts)


def _eval_table(table_id: str, rows: list[dict[str, Any]], recon: dict[tuple, dict[str, Any]]) -> str:
    dutch, english, section = TABLES.get(table_id, (table_id, "", ""))
    row_keys = _first_seen(r.get("row_key") for r in rows)
    col_keys = _first_seen(r.get("col_key") for r in rows)
    cells = {(r.get("row_key"), r.get("col_key")): r for r in rows}
    # item non-response: when rows rest on different bases, each row shows its own n
    per_row: dict[Any, set] = {}
    for r in rows:
        if r.get("n") is not None and r.get("count") is not None:
            per_row.setdefault(r.get("row_key"), set()).add(r.get("n"))
    row_n = ({rk: next(iter(ns)) for rk, ns in per_row.items()}
             if len(set().union(*per_row.values())) > 1 and all(len(ns) == 1 for ns in per_row.values()) else {})
    head = "".join(f'<th scope="col">{_e(_label(c)).replace("/", "/<wbr>")}</th>' for c in col_keys)
    if row_n:
        head += '<th scope="col">n</th>'
    body = []
    for rk in row_keys:
        tds = []
        for ck in col_keys:
            cell = cells.get((rk, ck))
            text = format_cell(cell.get("count"), cell.get("n"), cell.get("value"), cell.get("note")) if cell else ""
            attrs = ' class="num"'
            rec = recon.get((table_id, rk, ck))
            if rec and rec.get("status") in ("rounding", "mismatch"):
                attrs = (f' class="num st-{rec["status"]}" title="{_e(_published_text(rec))} gepubliceerd · '
                         f'{_e(rec.get("status"))}: {_e(rec.get("explanation") or "")}"')
            tds.append(f"<td{attrs}>{_e(text)}</td>")
        if row_n:
            tds.append(f'<td class="num n">{_e(row_n.get(rk, ""))}</td>')
        cls = ' class="total"' if str(rk) in ("Totaal", "total") else ""
        body.append(f'<tr{cls}><th scope="row">{_e(_label(rk))}</th>{"".join(tds)}</tr>')
    bases = {r.get("n") for r in rows if r.get("n") is not None and r.get("count") is not None}
    asked = {r.get("asked") for r in rows if r.get("asked") is not None}
    asked_text = f" (gevraagd: {_e(next(iter(asked)))})" if len(asked) == 1 and asked != bases else ""
    base = (f'<p class="base">n = {_e(next(iter(bases)))}{asked_text}</p>' if len(bases) == 1
            else f'<p class="base">n per rij: de basis van het percentage (bij een vraag: wie haar beantwoordde){asked_text}.</p>'
            if row_n else
            '<p class="base">Tussen haakjes: aantal; het percentage is berekend op de basis van de kolom of rij.</p>'
            if bases else '<p class="base">&nbsp;</p>')
    wide = ' class="wide"' if len(col_keys) > 4 else ""
    sec = f'<span class="sec"> · {_section_label(section)}</span>' if section else ""
    en = f'<span class="en">{_e(english)}</span>' if english else ""
    return (f'<div{wide} id="t-{_e(table_id)}"><table>'
            f"<caption>{_e(dutch)}{sec}{en}</caption>"
            f'<thead><tr><th scope="col"></th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{base}</div>')


def _published_text(r: dict[str, Any]) -> str:
    pct, count, value = r.get("published_pct"), r.get("published_count"), r.get("published_value")
    if pct is not None:
        return f"{_num(pct, 1)}%" + (f" ({count})" if count is not None else "")
    if count is not None:
        return str(count)
    if value is not None:
        return _num(value, 2)
    return "–"


def _computed_text(r: dict[str, Any]) -> str:
    count, n, pct, value = (r.get("computed_count"), r.get("computed_n"), r.get("computed_pct"),
                            r.get("computed_value"))
    if count is not None and n:
        exact = pct if pct is not None else 100 * count / n
        return f"{count} van {n} = {_num(exact, 1)}% → {pct_half_up(int(count), int(n))}%"
    if count is not None:
        return str(count)
    if value is not None:
        return f"{_num(value, 2)} → {decimal_comma(value)}"
    if pct is not None:
        return f"{_num(pct, 1)}%"
    return "–"


def _reconciliation_summary(read: _Read) -> str:
    if read.rows is None:
        return _note("De controle tegen de gepubliceerde cijfers is nog niet beschikbaar "
                     "(<code>marts.report_reconciliation</code> ontbreekt) · reconciliation not available yet.",
                     read.error)
    counts = Counter(str(r.get("status")) for r in read.rows)
    total = sum(counts.values())
    if not total:
        return _note("<code>marts.report_reconciliation</code> is leeg · the reconciliation has no rows.")
    mismatches = counts.get("mismatch", 0)
    cls = "ok" if mismatches == 0 else "bad"
    verdict = (f"Alle {total} gepubliceerde cijfers teruggevonden: geen verschillen · no mismatches"
               if mismatches == 0 else
               f"{mismatches} van {total} gepubliceerde cijfers wijken af · {mismatches} mismatch(es)")
    stats = []
    for status in (*STATUSES, *sorted(set(counts) - set(STATUSES))):
        zero = " zero" if counts.get(status, 0) == 0 else ""
        stats.append(f'<div class="stat {_e(status)}{zero}" data-status="{_e(status)}">'
                     f'<span class="num">{counts.get(status, 0)}</span>'
                     f'<span class="lbl">{_e(STATUS_LABELS.get(status, status))}</span></div>')
    return (f'<div class="summary {cls}" id="reconciliation-summary"><div class="verdict">{_e(verdict)}</div>'
            f'{"".join(stats)}</div>'
            '<p class="base">“Afronding”: het herberekende aantal is juist, het rapport drukt een percentage af dat '
            'geen geheel aantal op zijn basis geeft (zie docs/report-discrepancies.md). '
            '“Verschil”: het herberekende cijfer wijkt af.</p>')


def _reconciliation_detail(read: _Read) -> str:
    if read.rows is None:
        return _note("Geen detail: <code>marts.report_reconciliation</code> ontbreekt.")
    rows = [r for r in read.rows if r.get("status") != "match"]
    if not rows:
        return _note("Elk gepubliceerd cijfer is exact teruggevonden · every published figure matches.")
    order = {s: i for i, s in enumerate(("mismatch", "rounding"))}
    rows = sorted(rows, key=lambda r: order.get(str(r.get("status")), 2))    # stable: keeps mart order within a status
    body = []
    for r in rows:
        status = str(r.get("status"))
        badge = status if status in ("rounding", "mismatch") else "other"
        body.append(
            f'<tr><td><span class="badge {badge}">{_e(STATUS_LABELS.get(status, status))}</span></td>'
            f'<td>{_e(r.get("section") or "")}</td>'
            f'<td><code>{_e(r.get("table_id"))}</code></td><td>{_e(_label(r.get("row_key")))}</td>'
            f'<td>{_e(_label(r.get("col_key")))}</td>'
            f'<td class="num">{_e(_published_text(r))}</td><td class="num">{_e(_computed_text(r))}</td>'
            f'<td>{_e(r.get("explanation") or "")}</td></tr>')
    return ('<table class="detail"><caption>Afwijkingen van de gepubliceerde cijfers'
            '<span class="en">Every published figure that is not an exact match, with its explanation</span></caption>'
            '<thead><tr><th>status</th><th>§</th><th>tabel</th><th>rij</th><th>kolom</th><th>gepubliceerd</th>'
            '<th>herberekend</th><th>toelichting</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _figure_html(svg: str | None, name: str, caption: str, missing: str) -> str:
    if svg is None:
        return _note(missing)
    return (f'<figure id="{name}">{svg}<figcaption id="{name}-title">{caption}</figcaption></figure>')


def _format_time(generated_at: datetime | str | None) -> str:
    if generated_at is None:
        generated_at = datetime.now(timezone.utc)
    if isinstance(generated_at, datetime):
        if generated_at.tzinfo is not None:
            return generated_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return generated_at.strftime("%Y-%m-%d %H:%M")
    return str(generated_at)


# ---------------------------------------------------------------------------------------------


def render_report(conn: duckdb.DuckDBPyConnection, generated_at: datetime | str | None = None,
                  snapshot: str | None = None) -> str:
    """The report as one self-contained HTML page (str).

    ``generated_at`` (default: now, UTC) and ``snapshot`` (default: the published snapshot id
    when ``conn`` is the published database, else the database file) are printed in the header.
    """
    evaluation = _read(conn, "marts.evaluation_tables")
    reconciliation = _read(conn, "marts.report_reconciliation")
    source = snapshot if snapshot is not None else _describe_source(conn)
    eval_rows = evaluation.rows or []
    recon = {(r.get("table_id"), r.get("row_key"), r.get("col_key")): r for r in (reconciliation.rows or [])}

    # tables
    if evaluation.rows is None:
        tables_html = _note("De tabellen zijn nog niet beschikbaar (<code>marts.evaluation_tables</code> "
                            "ontbreekt) · evaluation tables not available yet.", evaluation.error)
        toc_tables = ""
    elif not eval_rows:
        tables_html = _note("<code>marts.evaluation_tables</code> is leeg · no rows.")
        toc_tables = ""
    else:
        groups = _group(eval_rows)
        legend = ('<p class="legend"><span class="r">afronding</span><span class="m">verschil</span>'
                  'gemarkeerde cellen wijken af van het gepubliceerde cijfer (zie de tooltip en de '
                  '<a href="#reconciliation-detail">toelichting</a>).</p>') if recon else ""
        tables_html = legend + '<div class="tables">' + "".join(
            _eval_table(t, rows, recon) for t, rows in groups.items()) + "</div>"
        toc_tables = "".join(f'<li><a href="#t-{_e(t)}">{_e(TABLES.get(t, (t,))[0])}</a></li>' for t in groups)

    charts = "".join([
        _figure_html(chart_reach(eval_rows), "fig-reach",
                     "Figuur 1 (§3.2.1) · Verschillende gemeenten per GIA-regio die één of meer regiobijeenkomsten "
                     "bezochten, tegen het aantal gemeenten in de regio. <i>Distinct municipalities per region that "
                     "attended, against the region's size.</i>",
                     "Figuur 1 ontbreekt: geen rijen voor <code>attendance_reach</code>."),
        _figure_html(chart_response(eval_rows), "fig-response",
                     "Figuur 2 (§1.3) · Respons op de webenquête: G31-gemeenten tegenover de overige gemeenten. "
                     "<i>Response rate, G31 against the other municipalities.</i>",
                     "Figuur 2 ontbreekt: geen rijen <code>G31</code>/<code>overig</code> in <code>response</code>."),
        _figure_html(chart_attendance(eval_rows), "fig-attendance",
                     "Figuur 3 (§3.2.1) · Aanwezigen per regiobijeenkomst naar categorie, volgens de "
                     "aanwezigheidslijsten. <i>Attendance by category per meeting, from the attendance lists.</i>",
                     "Figuur 3 ontbreekt: geen categorieën in <code>attendance_by_meeting</code>."),
    ])

    header_meta = f"Gegenereerd {_e(_format_time(generated_at))}"
    if source:
        header_meta += f" · bron: <code>{_e(source)}</code>"

    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(TITLE)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_e(TITLE)}</h1>
<p class="meta">{header_meta}</p>
</header>
<main>
<p class="intro">In februari 2010 evalueerde B&amp;A Groep het eerste jaar van de <i>Gemeenschappelijke
Integratie Agenda</i> (GIA): een webenquête onder de integratiecoördinatoren van alle 441 gemeenten,
de aanwezigheidslijsten van de regiobijeenkomsten, interviews en documenten. Deze pagina rekent elke
tabel van dat rapport opnieuw uit, uitgaande van de ruwe exportbestanden, en zet elk gepubliceerd
cijfer naast het herberekende. <i>Every table of the 2010 mid-term evaluation, recomputed from the raw
exports and checked against the published figures.</i></p>
<nav><strong>Inhoud</strong><ol>
<li><a href="#reconciliation">Controle tegen het rapport</a></li>
<li><a href="#charts">Figuren</a></li>
<li><a href="#tables">Tabellen</a><ol>{toc_tables}</ol></li>
<li><a href="#reconciliation-detail">Afwijkingen en toelichting</a></li>
</ol></nav>
<section id="reconciliation">
<h2>Controle tegen het rapport · Reconciliation</h2>
{_reconciliation_summary(reconciliation)}
</section>
<section id="charts">
<h2>Figuren · Charts</h2>
{charts}
</section>
<section id="tables">
<h2>Tabellen · Tables</h2>
<p class="base">Aandeel als <b>percentage (aantal)</b>, percentage half naar boven afgerond zoals in het rapport;
rapportcijfers met één decimaal. <i>Shares as percent (count), rounded half up; grades with one decimal.</i></p>
{tables_html}
</section>
<section id="reconciliation-detail">
<h2>Afwijkingen en toelichting · Differences explained</h2>
{_reconciliation_detail(reconciliation)}
</section>
</main>
<footer>
De gepubliceerde cijfers komen uit <code>{_e(PUBLISHED_FIGURES)}</code> (overgenomen uit het rapport
<i>Tussenevaluatie GIA</i>, B&amp;A Groep, februari 2010); alle andere cijfers zijn herberekend uit de ruwe bestanden
in <code>data/raw/</code> door de gia-pipeline. <i>Published numbers come from {_e(PUBLISHED_FIGURES)}; everything
else is recomputed from the raw exports.</i>
</footer>
</body>
</html>
"""
