"""The stakeholders' report: one self-contained HTML page built from the warehouse marts.

:func:`render_report` reads ``marts.evaluation_tables`` (every figure of the evaluation),
``marts.report_reconciliation`` (each published figure against the recomputed one),
``marts.refresh_changes`` (what changed since the last good refresh) and
``marts.figure_provenance`` (what each figure is computed from), and renders the Jinja2 template
``report_templates/report.html.j2`` (autoescape on: every text from the data is escaped). The
page opens offline: inline CSS and script, charts as inline SVG, the provenance of every figure
as embedded JSON that a click on the figure shows — the models on the way with their column
lineage, the number of rows and the raw file + row numbers behind it. A missing table renders a
short note instead of failing. Dutch text, no machine paths, times in Europe/Amsterdam.

Pure Python (no Dagster import); the Dagster asset that writes the file lives elsewhere.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import duckdb
import jinja2
import markupsafe

from gia_pipeline.lib import refresh_changes, report_charts, report_provenance
from gia_pipeline.lib.model_lineage import ModelLineage
from gia_pipeline.lib.report_format import (  # noqa: F401  (decimal_comma, pct_half_up: this module's API too)
    PUBLISHED_FIGURES, SECTIONS, STATUS_LABELS, STATUSES, TABLE_ORDER, TABLES, TITLE, decimal_comma,
    first_seen, format_cell, label, num, pct_half_up)

TIMEZONE = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("gia_pipeline.lib", "report_templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


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
    """The published snapshot id when reading the published database, else the database's file
    name (never its path: the page travels)."""
    try:
        row = conn.execute("SELECT snapshot_id FROM meta.snapshot").fetchone()
        if row:
            return f"snapshot {row[0]}"
    except duckdb.Error:
        pass
    try:
        row = conn.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
        return f"warehouse {Path(row[0]).name}" if row and row[0] else None
    except duckdb.Error:
        return None


def _group(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get("table_id")), []).append(r)
    order = {t: i for i, t in enumerate(TABLE_ORDER)}
    first = {t: i for i, t in enumerate(groups)}
    return {t: groups[t] for t in sorted(groups, key=lambda t: (order.get(t, len(order)), first[t]))}


def dutch_time(moment: datetime | str | None) -> str:
    """`29 november 2026, 02:40` in Europe/Amsterdam; a naive datetime is taken as UTC."""
    if moment is None:
        moment = datetime.now(timezone.utc)
    if not isinstance(moment, datetime):
        return str(moment)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(TIMEZONE)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


# ---------------------------------------------------------------------------------------------
# what the template shows


@dataclass
class CellView:
    text: str
    fid: int | None = None        # the figure's id: a click shows its provenance
    status: str | None = None     # rounding / mismatch against the published figure
    title: str | None = None      # the tooltip: published figure and explanation
    note: bool = False            # a note instead of a number (may wrap)


@dataclass
class RowView:
    label: str
    cells: list[CellView]
    n: Any = None
    total: bool = False


@dataclass
class TableView:
    id: str
    dutch: str
    english: str
    sections: list[tuple[str, str]]
    columns: list[str]
    rows: list[RowView]
    per_row_n: bool
    base: str | None
    wide: bool


@dataclass
class Page:
    figures: dict[int, dict] = field(default_factory=dict)   # fid -> what a click shows
    chains: dict[str, list] = field(default_factory=dict)    # computing model -> its way to the raw columns


def _published_text(r: dict[str, Any]) -> str:
    pct, count, value = r.get("published_pct"), r.get("published_count"), r.get("published_value")
    if pct is not None:
        return f"{num(pct, 1)}%" + (f" ({count})" if count is not None else "")
    if count is not None:
        return str(count)
    if value is not None:
        return num(value, 2)
    return "–"


def _computed_text(r: dict[str, Any]) -> str:
    count, n, pct, value = (r.get("computed_count"), r.get("computed_n"), r.get("computed_pct"),
                            r.get("computed_value"))
    if count is not None and n:
        exact = pct if pct is not None else 100 * count / n
        return f"{count} van {n} = {num(exact, 1)}% → {pct_half_up(int(count), int(n))}%"
    if count is not None:
        return str(count)
    if value is not None:
        return f"{num(value, 2)} → {decimal_comma(value)}"
    if pct is not None:
        return f"{num(pct, 1)}%"
    return "–"


def _sections(section: str) -> list[tuple[str, str]]:
    parts = [s.strip() for s in section.split(",") if s.strip()]
    return [(p, SECTIONS.get(p, "") if len(parts) == 1 else "") for p in parts]


def _table_view(table_id: str, rows: list[dict[str, Any]], recon: dict[tuple, dict], page: Page,
                sources: dict | None) -> TableView:
    dutch, english, section = TABLES.get(table_id, (table_id, "", ""))
    row_keys = first_seen(r.get("row_key") for r in rows)
    col_keys = first_seen(r.get("col_key") for r in rows)
    cells = {(r.get("row_key"), r.get("col_key")): r for r in rows}
    # item non-response: when rows rest on different bases, each row shows its own n
    per_row: dict[Any, set] = {}
    for r in rows:
        if r.get("n") is not None and r.get("count") is not None:
            per_row.setdefault(r.get("row_key"), set()).add(r.get("n"))
    row_n = ({rk: next(iter(ns)) for rk, ns in per_row.items()}
             if len(set().union(*per_row.values())) > 1 and all(len(ns) == 1 for ns in per_row.values()) else {})
    body = []
    for rk in row_keys:
        row_cells = []
        for ck in col_keys:
            cell = cells.get((rk, ck))
            if cell is None:
                row_cells.append(CellView(""))
                continue
            text = format_cell(cell.get("count"), cell.get("n"), cell.get("value"), cell.get("note"))
            view = CellView(text, note=cell.get("count") is None and cell.get("value") is None and bool(cell.get("note")))
            rec = recon.get((table_id, rk, ck))
            if rec and rec.get("status") in ("rounding", "mismatch"):
                view.status = rec["status"]
                view.title = (f"{_published_text(rec)} gepubliceerd · {STATUS_LABELS.get(rec['status'], rec['status'])}: "
                              f"{rec.get('explanation') or ''}")
            if sources is not None:
                view.fid = len(page.figures)
                page.figures[view.fid] = _figure_data(dutch, table_id, rk, ck, text, sources.get((table_id, rk, ck)))
            row_cells.append(view)
        body.append(RowView(label(rk), row_cells, row_n.get(rk, ""), str(rk) in ("Totaal", "total")))
    bases = {r.get("n") for r in rows if r.get("n") is not None and r.get("count") is not None}
    asked = {r.get("asked") for r in rows if r.get("asked") is not None}
    asked_text = f" (gevraagd: {next(iter(asked))})" if len(asked) == 1 and asked != bases else ""
    base = (f"n = {next(iter(bases))}{asked_text}" if len(bases) == 1
            else f"n per rij: de basis van het percentage (bij een vraag: wie haar beantwoordde){asked_text}."
            if row_n else "Tussen haakjes: aantal; het percentage is berekend op de basis van de kolom of rij."
            if bases else None)
    # a column label may break after a slash (Onderwijs/commercieel), never inside a word
    columns = [markupsafe.escape(label(c)).replace("/", markupsafe.Markup("/<wbr>")) for c in col_keys]
    return TableView(table_id, dutch, english, _sections(section), columns, body,
                     bool(row_n), base, len(col_keys) > 3)


def _figure_data(title: str, table_id: str, row_key: Any, col_key: Any, text: str,
                 source: report_provenance.FigureSource | None) -> dict:
    """What a click on the figure shows (plain data; the page's script puts it in the dialog as text)."""
    data = {"title": title, "row": label(row_key), "col": label(col_key), "value": text,
            "key": f"{table_id} · {row_key} · {col_key}"}
    if source is None:
        data["missing"] = "Voor dit cijfer staat niets in marts.figure_provenance."
        return data
    data.update({
        "via": source.computed_in,
        "tables": source.tables,
        "counts": [f"{report_provenance.ROLES.get(role, role)}: {n} {unit}" for role, n, unit in source.counts],
        "rows": [{"role": report_provenance.ROLES.get(role, role), "files": files,
                  "more": f"en nog {more} rijen (alle rijen: marts.figure_provenance)" if more else ""}
                 for role, files, more in source.rows],
    })
    return data


def _changes_view(read: _Read) -> dict:
    """The 'Wat is er veranderd' section: figures and files changed since the last good refresh."""
    if read.rows is None:
        return {"error": read.error, "figures": [], "files": [], "skipped": [], "compared_with": None}
    rows = read.rows
    compared = next((r for r in rows if r.get("compared_with")), None)
    figures = [{"table": TABLES.get(r["table_id"], (r["table_id"],))[0], "row": label(r["row_key"]),
                "col": label(r["col_key"]), "change": r["change"],
                "old": format_cell(r["old_count"], r["old_n"], r["old_value"], r["old_note"]),
                "new": format_cell(r["new_count"], r["new_n"], r["new_value"], r["new_note"]),
                "difference": (f"{r['count_difference']:+d}" if r.get("count_difference") is not None
                               else decimal_comma(r["value_difference"]).replace("-", "−") if r.get("value_difference") is not None
                               else "")}
               for r in rows if r.get("table_id")]
    files = [{"file": r["source_file"], "change": r["change"], "old": (r.get("old_sha256") or "")[:12],
              "new": (r.get("new_sha256") or "")[:12]} for r in rows if r.get("source_file")]
    return {"error": None, "figures": figures, "files": files,
            "skipped": [r["detail"] for r in rows if r.get("change") == refresh_changes.NO_COMPARISON],
            "compared_with": compared["compared_with"] if compared else None,
            "compared_at": dutch_time(compared["compared_at"]) if compared and compared.get("compared_at") else None}


def _reconciliation_view(read: _Read) -> dict:
    if read.rows is None:
        return {"error": read.error}
    counts = Counter(str(r.get("status")) for r in read.rows)
    order = {s: i for i, s in enumerate(("mismatch", "rounding"))}
    details = sorted((r for r in read.rows if r.get("status") != "match"),
                     key=lambda r: order.get(str(r.get("status")), 2))    # stable: mart order within a status
    return {
        "error": None, "total": sum(counts.values()), "mismatches": counts.get("mismatch", 0),
        "stats": [(s, counts.get(s, 0), STATUS_LABELS.get(s, s)) for s in (*STATUSES, *sorted(set(counts) - set(STATUSES)))],
        "details": [{"status": str(r.get("status")), "label": STATUS_LABELS.get(str(r.get("status")), str(r.get("status"))),
                     "section": r.get("section") or "",
                     "figure": " · ".join(str(x) for x in (TABLES.get(r.get("table_id"), (r.get("table_id"),))[0],
                                                          label(r.get("row_key")), label(r.get("col_key")))),
                     "published": _published_text(r), "computed": _computed_text(r),
                     "explanation": r.get("explanation") or ""} for r in details],
    }


def render_report(conn: duckdb.DuckDBPyConnection, generated_at: datetime | str | None = None,
                  snapshot: str | None = None, lineage: dict[str, ModelLineage] | None = None) -> str:
    """The report as one self-contained HTML page (str).

    ``generated_at`` (default: now) is printed in Europe/Amsterdam time; ``snapshot`` (default: the
    published snapshot id when ``conn`` is the published database, else the database's file name)
    names what was read. ``lineage`` (lib/model_lineage.py) adds the column lineage of the models
    on the way to each figure.
    """
    evaluation = _read(conn, "marts.evaluation_tables")
    reconciliation = _read(conn, "marts.report_reconciliation")
    eval_rows = evaluation.rows or []
    recon = {(r.get("table_id"), r.get("row_key"), r.get("col_key")): r for r in (reconciliation.rows or [])}
    sources = report_provenance.read(conn)
    page = Page()
    tables = [_table_view(t, rows, recon, page, sources) for t, rows in _group(eval_rows).items()]
    if lineage is not None:
        for via in sorted({f.get("via") for f in page.figures.values() if f.get("via")}):
            page.chains[via] = report_provenance.chain(via, lineage)
    charts = [
        ("fig-reach", report_charts.chart_reach(eval_rows),
         "Figuur 1 (§3.2.1) · Verschillende gemeenten per GIA-regio die één of meer regiobijeenkomsten bezochten, "
         "tegen het aantal gemeenten in de regio.", "Distinct municipalities per region that attended, against the region's size.",
         "Figuur 1 ontbreekt: geen rijen voor attendance_reach."),
        ("fig-response", report_charts.chart_response(eval_rows),
         "Figuur 2 (§1.3) · Respons op de webenquête: G31-gemeenten tegenover de overige gemeenten.",
         "Response rate, G31 against the other municipalities.",
         "Figuur 2 ontbreekt: geen rijen G31/overig in response."),
        ("fig-attendance", report_charts.chart_attendance(eval_rows),
         "Figuur 3 (§3.2.1) · Aanwezigen per regiobijeenkomst naar categorie, volgens de aanwezigheidslijsten.",
         "Attendance by category per meeting, from the attendance lists.",
         "Figuur 3 ontbreekt: geen categorieën in attendance_by_meeting."),
    ]
    return _ENV.get_template("report.html.j2").render(
        title=TITLE, generated=dutch_time(generated_at),
        source=snapshot if snapshot is not None else _describe_source(conn),
        evaluation_error=evaluation.error if evaluation.rows is None else None,
        tables=tables, has_recon=bool(recon), reconciliation=_reconciliation_view(reconciliation),
        changes=_changes_view(_read(conn, "marts.refresh_changes")), charts=charts,
        provenance={"figures": page.figures, "chains": page.chains} if sources is not None else None,
        provenance_missing=sources is None, published_figures=PUBLISHED_FIGURES)
