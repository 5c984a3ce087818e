"""The timeline: events drawn on a time axis (an SVG of months across, PLOVER types in bands down, each circle
as large as the events it stands for and linking to them), then the events of the page in date order."""
from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup, escape
from sqlalchemy import Connection

from claimgraph.store import timeline as store_timeline
from claimgraph.store.timeline import TimelineFilter
from claimgraph.web import cache
from claimgraph.web.params import TIMELINE_PER_PAGE, read, timeline_filter, timeline_page
from claimgraph.web.rendering import respond

WIDTH = 960
LEFT = 110
"""Room for the band labels."""
TOP, BAND, AXIS = 16, 26, 34
MAX_MONTHS = 120
"""The axis shows at most this many months (the latest, where there are more)."""
router = APIRouter()


def page(conn: Connection, f: TimelineFilter, n: int) -> dict[str, Any]:
    """One page of the timeline lines, kept until the store changes; the lines of the whole timeline are
    grouped again only from the documents stored since."""
    key = ("timeline", f.about, f.since, f.until, f.code, n)
    if f.active():
        return cache.cached(conn, key, lambda: store_timeline.page(conn, f, page=n, per_page=TIMELINE_PER_PAGE))

    def whole() -> dict[str, Any]:
        ordered = cache.cached(conn, "timeline-order", lambda: store_timeline.ordered_lines(lines(conn)))
        return store_timeline.page_of(conn, ordered, page=n, per_page=TIMELINE_PER_PAGE)
    return cache.cached(conn, key, whole)


def lines(conn: Connection) -> store_timeline.LineTally:
    """Every line of the whole timeline, grouped again only from the documents stored since."""
    found: store_timeline.LineTally = cache.grown(
        conn, "timeline-lines", lambda: store_timeline.line_tally(conn),
        lambda kept, after: store_timeline.add_lines(kept, store_timeline.line_tally(conn, after)))
    return found


def months(conn: Connection, f: TimelineFilter) -> list[dict[str, Any]]:
    """Events per month and type, kept until the store changes."""
    key = ("timeline-months", f.about, f.since, f.until, f.code)
    if f.active():
        return cache.cached(conn, key, lambda: store_timeline.months(conn, f))
    found: list[dict[str, Any]] = cache.grown(
        conn, key, lambda: store_timeline.months(conn),
        lambda kept, after: store_timeline.add_months(kept, store_timeline.months(conn, after=after)))
    return found


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 10_000:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[-MAX_MONTHS:]


def _axis(axis: list[str], step: float, height: int) -> list[str]:
    parts = []
    every = max(1, math.ceil(len(axis) / 12))
    for i, month in enumerate(axis):
        x = LEFT + step * (i + 0.5)
        if month.endswith("-01") or i % every == 0:
            parts.append(f'<line class="tick" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{height - AXIS + 4}"/>'
                         f'<text class="month" x="{x:.1f}" y="{height - AXIS + 18}" text-anchor="middle">'
                         f'{escape(month)}</text>')
    return parts


def svg(cells: list[dict[str, Any]], f: TimelineFilter) -> Markup:
    """The events on a time axis: one band per PLOVER type, one column per month, circles linking to the events."""
    if not cells:
        return Markup('<p class="muted">No dated events to draw.</p>')
    axis = _month_range(min(c["month"] for c in cells), max(c["month"] for c in cells))
    shown = [c for c in cells if c["month"] in set(axis)]
    totals: dict[str, int] = {}
    for c in shown:
        totals[c["code"]] = totals.get(c["code"], 0) + c["events"]
    bands = sorted(totals, key=lambda k: (-totals[k], k))
    height = TOP + BAND * len(bands) + AXIS
    step = (WIDTH - LEFT - 10) / len(axis)
    top = max(c["events"] for c in shown) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="timeline-axis" '
             f'role="img" aria-label="events by month and type">']
    for i, code in enumerate(bands):
        y = TOP + BAND * i + BAND / 2
        parts.append(f'<text class="band" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(code)}</text>'
                     f'<line class="lane" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}"/>')
    parts += _axis(axis, step, height)
    index = {m: i for i, m in enumerate(axis)}
    row = {code: i for i, code in enumerate(bands)}
    base = {k: v for k, v in f.active().items() if k not in ("since", "until", "code")}
    for c in shown:
        x = LEFT + step * (index[c["month"]] + 0.5)
        y = TOP + BAND * row[c["code"]] + BAND / 2
        r = 2.5 + (min(step, BAND) / 2 - 2.5) * math.sqrt(c["events"] / top)
        href = "/timeline?" + urlencode({**base, "code": c["code"], "since": c["month"], "until": c["month"]})
        parts.append(f'<a href="{escape(href)}" class="cell"><circle cx="{x:.1f}" cy="{y:.1f}" r="{max(2.5, r):.1f}">'
                     f'<title>{escape(c["month"])} · {escape(c["code"])}: {c["events"]} events in '
                     f'{c["documents"]} articles</title></circle></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


@router.get("/timeline", include_in_schema=False)
@router.get("/api/timeline", tags=["events"],
            summary="Events in date order, with reports and independent sources; events per month and type")
def timeline_view(request: Request, f: TimelineFilter = Depends(timeline_filter), n: int = Depends(timeline_page),
                  conn: Connection = Depends(read)) -> Response:
    """The timeline: the drawing of every matching event by month, and one page of its lines."""
    result = {**page(conn, f, n), "months": months(conn, f)}
    return respond(request, "timeline.html", result, t=result, f=f, svg=svg(result["months"], f),
                   query=urlencode(f.active()))
