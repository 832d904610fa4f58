"""A person's case file as TimelineJS JSON.

TimelineJS reads ``{"title": slide, "events": [slide, ...]}`` where a slide
has ``start_date`` (``year``, optional ``month`` and ``day``), optional
``end_date``, and ``text`` with ``headline`` and ``text``. TimelineJS
renders ``headline`` and ``text`` as HTML, and our text is quoted from
untrusted documents, so every piece is HTML-escaped here and only the few
tags we add ourselves are markup.
"""
from __future__ import annotations

from html import escape

from chronicle.records import PartialDate
from chronicle.resolve.dates import interval


def timeline_date(date: dict) -> tuple[dict, dict | None] | None:
    """(start_date, end_date or None) to the precision the date is known; None if undated."""
    date = date or {}
    precision = date.get("precision", "unknown")
    span = interval(PartialDate(date.get("value"), precision, date.get("start"), date.get("end")))
    if span is None:
        return None
    start, end = span

    def cut(day, keep: str) -> dict:
        out = {"year": str(day.year)}
        if keep in ("month", "day"):
            out["month"] = str(day.month)
        if keep == "day":
            out["day"] = str(day.day)
        return out

    if precision == "day":
        return cut(start, "day"), None
    if precision == "month":
        return cut(start, "month"), None
    if precision == "year":
        return cut(start, "year"), None
    return cut(start, "day"), cut(end, "day")


def slide(event: dict) -> dict | None:
    dates = timeline_date(event.get("date"))
    if dates is None:
        return None
    start, end = dates
    status = event["status"]
    headline = escape(event.get("label") or event["type"])
    if status != "occurred":
        headline += f" ({escape(status)})"
    parts = []
    for key, value in sorted((event.get("attributes_display") or event.get("attributes") or {}).items()):
        parts.append(f"<p>{escape(str(key))}: {escape(str(value))}</p>")
    for source in event.get("sources", []):
        ref = source.get("document_ref") or {}
        cite = ref.get("title") or source["document"]
        parts.append(f"<blockquote>{escape(source['evidence'].strip())}</blockquote><p>— {escape(cite)}</p>")
    review = event.get("review")
    if review:
        parts.append(f"<p>Reviewed: {escape(str(review['decision']))} by {escape(str(review['author']))}</p>")
    out = {"start_date": start, "text": {"headline": headline, "text": "".join(parts)},
           "group": event["type"], "unique_id": event["id"]}
    if end:
        out["end_date"] = end
    return out


def timeline_json(case: dict, *, include_rejected: bool = False) -> dict:
    """TimelineJS JSON for one case-file dict (``Browser.entity``)."""
    entity = case["entity"]
    events = []
    for event in case.get("timeline", []) + case.get("solidarity", []) + case.get("events_here", []):
        if not include_rejected and (event.get("review") or {}).get("decision") == "rejected":
            continue
        item = slide(event)
        if item is not None:
            events.append(item)
    undated = len(case.get("undated", []))
    intro = f"Case file from Chronicle: {len(events)} dated events"
    if undated:
        intro += f"; {undated} more without a date are on the case page"
    return {"title": {"text": {"headline": escape(entity["name"]), "text": f"<p>{escape(intro)}</p>"}},
            "events": events}
