"""The report's charts: matplotlib figures (object API: no pyplot state, no global backend
switch) rendered as inline SVG, so the page opens offline with no charting library. Each chart
reads the rows of marts.evaluation_tables and returns an <svg> element, or None without data.
Labels come from the data, so matplotlib's mathtext is off while drawing (a `$` in a place name
prints as `$`).

Drawing the three takes about 0.5 s a report (0.9 s with matplotlib's import), and most refreshes
change no figure a chart shows: each chart is kept, keyed by the rows it reads, by this code and
by matplotlib's version, in the process and in the project's cache folder (`paths.cache_dir()`).
The SVG is deterministic, so a kept chart is the chart that would be drawn."""

import functools
import hashlib
import importlib.metadata
import io
import json
import re
from pathlib import Path
from typing import Any, Sequence

from gia_pipeline.lib import json_cache, paths, report_format
from gia_pipeline.lib.report_format import ATTENDANCE_CATEGORIES, first_seen, label, pct_half_up

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


#: charts kept in the cache file: the newest ones (a few figure sets' worth)
_KEEP = 12
_DRAWN: dict[str, str | None] = {}   # key -> chart, in this process
#: part of every key: a change to how a chart is drawn or labelled, or another matplotlib, draws anew
_THIS_CODE = json_cache.code_hash(__file__, report_format.__file__, extra=importlib.metadata.version("matplotlib"))


def cache_file() -> Path:
    return paths.cache_dir() / "report_charts.json"


def _kept(table_id: str):
    """Keep a chart, keyed by the rows of `table_id` it reads (all their columns, in order)."""
    def wrap(chart):
        @functools.wraps(chart)
        def kept(rows: Sequence[dict[str, Any]]) -> str | None:
            read = json.dumps([chart.__name__, _THIS_CODE, _rows_of(rows, table_id)], sort_keys=True, default=str)
            key = hashlib.sha256(read.encode()).hexdigest()
            return json_cache.remembered(_DRAWN, cache_file(), key, lambda: chart(rows), keep=_KEEP)
        kept.draw = chart    # the chart drawn, never kept (tests compare the two)
        return kept
    return wrap


def _text_is_text(chart):
    """Draw a chart with mathtext off: its labels come from the data."""
    @functools.wraps(chart)
    def draw(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return chart(*args, **kwargs)
    return draw


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.subplots()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _rows_of(rows: Sequence[dict[str, Any]], table_id: str) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("table_id") == table_id]


@_kept("attendance_reach")
@_text_is_text
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


@_kept("response")
@_text_is_text
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
    ax.set_yticks(list(y), [label(g) for g, _, _ in data])
    ax.invert_yaxis()
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("respons (gemeenten die de webenquête invulden)")
    return _svg(fig, "chart-response")


@_kept("attendance_by_meeting")
@_text_is_text
def chart_attendance(rows: Sequence[dict[str, Any]]) -> str | None:
    """Attendance by category per meeting, stacked (3.2.1)."""
    table = [r for r in _rows_of(rows, "attendance_by_meeting") if r.get("row_key") != "Totaal"]
    meetings = first_seen(str(r["row_key"]) for r in table)
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
