"""Presentation helpers: pure functions from page data to what templates draw.

Document text is untrusted. Highlighting never builds HTML: it cuts the
text into runs, each with the marks that cover it, and the template writes
every run through Jinja's autoescaping. No ``|safe`` touches document text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from chronicle.records import PartialDate
from chronicle.resolve.dates import interval


@dataclass(frozen=True)
class Mark:
    """A span to highlight: [start, end) with CSS classes and an optional title and link."""

    start: int
    end: int
    classes: tuple[str, ...]
    title: str | None = None
    href: str | None = None
    group: str | None = None  # links runs of the same entity (for the hover script)


@dataclass(frozen=True)
class Run:
    text: str
    classes: tuple[str, ...] = ()
    title: str | None = None
    href: str | None = None
    group: str | None = None


def highlight(text: str, marks: list[Mark]) -> list[Run]:
    """Cut ``text`` into runs at every mark boundary.

    Overlapping marks combine their classes; the innermost (shortest) mark
    gives the run its title and link. Marks outside the text are clipped.
    Joining the runs' text always gives back ``text`` exactly.
    """
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end and m.start < n]
    cuts = sorted({0, n, *(m.start for m in marks), *(min(m.end, n) for m in marks)})
    runs: list[Run] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        covering = [m for m in marks if m.start <= a and min(m.end, n) >= b]
        if not covering:
            runs.append(Run(text[a:b]))
            continue
        covering.sort(key=lambda m: (m.end - m.start, m.start))
        classes = tuple(dict.fromkeys(c for m in reversed(covering) for c in m.classes))
        href = next((m.href for m in covering if m.href), None)
        title = next((m.title for m in covering if m.title), None)
        group = next((m.group for m in covering if m.group), None)
        runs.append(Run(text[a:b], classes, title, href, group))
    return runs


def document_runs(document: dict, mentions: list[dict], event_mentions: list[dict]) -> list[Run]:
    """The document text with entity mentions, event triggers and evidence sentences marked."""
    marks: list[Mark] = []
    for m in event_mentions:
        sentence = m["sentence"]
        marks.append(Mark(sentence["start"], sentence["end"], ("evidence",)))
        trigger = m["trigger"]
        events = ", ".join(e["id"] for e in m.get("events", [])) or "not in any event"
        href = m["events"][0]["url"] if m.get("events") else None
        marks.append(Mark(trigger["start"], trigger["end"], ("trigger", f"status-{m['status']}"),
                          f"{m['type']} ({m['status']}) → {events}", href))
    for m in mentions:
        marks.append(Mark(m["start"], m["end"], ("ent", f"ent-{m['kind']}"), f"{m['kind']}: {m['name']}",
                          m.get("url"), f"de{m['doc_entity_id']}"))
    return highlight(document["text"], marks)


def quote_runs(source: dict) -> list[Run]:
    """An evidence sentence with its trigger word marked (trailing blank lines dropped for display)."""
    text = (source.get("evidence") or "").rstrip()
    trigger = source.get("trigger") or {}
    start = trigger.get("start", 0) - source.get("start", 0)
    end = trigger.get("end", 0) - source.get("start", 0)
    if 0 <= start < end <= len(text):
        return highlight(text, [Mark(start, end, ("trigger",))])
    return [Run(text)]


# ----------------------------------------------------------------- timeline


@dataclass
class ChartItem:
    x: float
    x2: float
    lane: int
    label: str
    url: str
    status: str
    rejected: bool
    title: str
    label_left: bool = False  # near the right edge the label goes to the left of the dot


@dataclass
class Chart:
    width: int
    height: int
    items: list[ChartItem] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    axis_y: int = 0


def label_width(label: str) -> float:
    """Roughly how wide a 12px label is drawn (average glyph ~6.6px), plus a gap."""
    return len(label) * 6.6 + 18


def timeline_chart(events: list[dict], *, width: int = 920, lane_height: int = 22) -> Chart | None:
    """Positions for an SVG time axis of dated events.

    Each event is a dot (or a bar for a date known only to a month, season
    or year) at its date; labels go in lanes so they do not overlap.
    """
    spans = []
    for e in events:
        d = e.get("date") or {}
        span = interval(PartialDate(d.get("value"), d.get("precision", "unknown"), d.get("start"), d.get("end")))
        if span:
            spans.append((span, e))
    if not spans:
        return None
    first = min(s[0] for s, _ in spans)
    last = max(s[1] for s, _ in spans)
    pad = max(2, (last - first).days // 20)
    lo, hi = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    total = max(1, (hi - lo).days)
    left, right = 20, width - 20

    def x_of(day: dt.date) -> float:
        return round(left + (right - left) * (day - lo).days / total, 1)

    lanes: list[float] = []
    items = []
    for (start, end), e in sorted(spans, key=lambda p: (p[0][0], p[1]["id"])):
        x, x2 = x_of(start), x_of(end)
        wide = label_width(e["label"])
        left_label = max(x2, x) + wide > width
        begins = x - wide if left_label else x - 8
        lane = next((i for i, free in enumerate(lanes) if free <= begins), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = max(x2, x) + (12 if left_label else wide)
        review = (e.get("review") or {}).get("decision")
        title = f"{e.get('date_label', '')} · {e['label']} · {e['status']}" + (f" · reviewed: {review}" if review else "")
        items.append(ChartItem(x, max(x2, x), lane, e["label"], e["url"], e["status"], review == "rejected", title,
                               left_label))
    axis_y = 16
    height = axis_y + 24 + lane_height * max(1, len(lanes))
    return Chart(width, height, items, _ticks(lo, hi, x_of), axis_y)


def _ticks(lo: dt.date, hi: dt.date, x_of) -> list[tuple[float, str]]:
    days = (hi - lo).days
    ticks = []
    if days > 3 * 365:
        for year in range(lo.year + 1, hi.year + 1):
            ticks.append((x_of(dt.date(year, 1, 1)), str(year)))
    elif days > 60:
        y, m = lo.year, lo.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            day = dt.date(y, m, 1)
            if day > hi:
                break
            ticks.append((x_of(day), day.strftime("%b %Y") if m == 1 or not ticks else day.strftime("%b")))
    else:
        step = max(1, days // 8)
        day = lo + dt.timedelta(days=step)
        while day < hi:
            ticks.append((x_of(day), day.strftime("%d %b")))
            day += dt.timedelta(days=step)
    return ticks


def when(value: str | None) -> str:
    """An ISO timestamp to the minute, for people: 2026-11-22 03:54."""
    return (value or "")[:16].replace("T", " ")


# ------------------------------------------------------------------ paging


def page_url(path: str, params: dict[str, str], page: int) -> str:
    """The same list at another page (other query parameters kept)."""
    query = {k: v for k, v in params.items() if k != "page" and v not in (None, "")}
    if page > 1:
        query["page"] = str(page)
    return path + ("?" + urlencode(query) if query else "")


def with_suffix(path: str, suffix: str, params: dict[str, str]) -> str:
    """The JSON or CSV twin of a page: same path + suffix, same query."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    base = "/index" if path == "/" else path.rstrip("/")
    return base + suffix + ("?" + urlencode(query) if query else "")


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths are followed after a form post (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def query_url(path: str, params: dict[str, str], **changes: str | None) -> str:
    """``path`` with the current query changed: a value sets, None removes; paging restarts."""
    query = {k: v for k, v in params.items() if k != "page" and v not in (None, "")}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return path + ("?" + urlencode(query) if query else "")


def http_url(value: str | None) -> str | None:
    """The value if it is an http(s) URL, else None: a source string from an
    archive is never made into a ``javascript:`` or ``data:`` link."""
    if not value:
        return None
    scheme = value.split(":", 1)[0].strip().lower()
    return value if scheme in ("http", "https") and value.lower().startswith(("http://", "https://")) else None
