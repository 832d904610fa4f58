"""Browsing the record: one method per web page, each returning the page's
data as a JSON-ready dict.

The web app renders these dicts with a template, and serves the very same
dict as the page's ``.json`` twin, so the HTML can never show something the
API does not. Events and conflicts are built with the export's own record
builders (``chronicle.export.record``) on a slice of the record, then
enriched for reading: document titles next to each quote, links, and the
reviewers' decisions laid over the machine's extraction (which stays).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, TextIO

from chronicle.export import csv as csv_export
from chronicle.export import ftm as ftm_export
from chronicle.export import plover as plover_export
from chronicle.export import timeline as timeline_export
from chronicle.export.record import build_record, conflict_records, document_key, entity_key, event_key, event_record
from chronicle.extract.ontology import EVENT_TYPES
from chronicle.records import FusedEvent, Identity
from chronicle.resolve.cases import case_file
from chronicle.resolve.dates import interval
from chronicle.store import Store
from chronicle.store import queries
from chronicle.store import review as review_store
from chronicle.store.queries import DocumentSummary, EventFilters, RecordSlice
from chronicle.store.search import COUNT_CAP
from chronicle.store.search import search as search_store

KIND_PATH = {"person": "people", "organisation": "organisations", "place": "places"}
KIND_LABEL = {"person": "Person", "organisation": "Organisation", "place": "Place"}
MAX_SIZE = 500
DEFAULT_SIZE = 50
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?)?$")
_UNITS = ("year", "month", "week", "day", "hour")


@dataclass(frozen=True)
class Paging:
    page: int = 1
    size: int = DEFAULT_SIZE

    @staticmethod
    def of(page: int | None, size: int | None) -> "Paging":
        """Clamp user-supplied paging to sane bounds."""
        return Paging(max(1, page or 1), min(MAX_SIZE, max(1, size or DEFAULT_SIZE)))


# ------------------------------------------------------------ small helpers


def entity_url(kind: str, entity_id: int) -> str:
    return f"/{KIND_PATH[kind]}/{entity_id}"


def humanise_duration(value: str | None) -> str | None:
    """``P15D`` → ``15 days``; other values unchanged (None if not a duration)."""
    if not value:
        return None
    m = _DURATION.match(value)
    if not m or not any(m.groups()):
        return None
    parts = []
    for number, unit in zip(m.groups(), _UNITS):
        if number:
            n = int(number)
            parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
    return " ".join(parts)


def display_value(value: str) -> str:
    human = humanise_duration(value)
    return f"{value} ({human})" if human else value


def date_label(date: dict) -> str:
    value, precision = date.get("value"), date.get("precision", "unknown")
    if not value:
        return "date unknown"
    return value if precision == "day" else f"{value} ({precision})"


def pagination(page: int, size: int, total: int) -> dict:
    pages = max(1, -(-total // size))
    return {"page": page, "size": size, "total": total, "pages": pages,
            "has_next": page < pages, "has_prev": page > 1}


def document_ref(doc: DocumentSummary | None, document_id: int) -> dict:
    if doc is None:
        return {"id": document_key(document_id), "url": f"/documents/{document_id}", "title": None}
    return {
        "id": document_key(doc.id),
        "url": f"/documents/{doc.id}",
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published.to_dict(),
        "source": doc.source,
    }


def decision_json(entry: review_store.AuditEntry | None) -> dict | None:
    if entry is None:
        return None
    return {
        "decision": entry.value,
        "action": entry.action,
        "author": entry.author,
        "at": entry.at.isoformat() if entry.at else None,
        "reason": entry.reason,
        "audit_id": entry.id,
    }


def event_label(event: FusedEvent, identities: dict[int, Identity]) -> str:
    """'sentence of Ainur Kurmanov', 'protest in Almaty'."""
    name = EVENT_TYPES[event.type].name.replace("_", " ") if event.type in EVENT_TYPES else event.type
    subjects = list(dict.fromkeys(identities[k].name for r, k in event.participants if r == "subject" and k in identities))
    if subjects:
        return f"{name} of {', '.join(subjects)}"
    others = list(dict.fromkeys(identities[k].name for _, k in event.participants if k in identities))
    if others:
        return f"{name} by {', '.join(others[:3])}"
    if event.place in identities:
        return f"{name} in {identities[event.place].name}"
    return name


def _year_of(event: FusedEvent) -> str | None:
    span = interval(event.date)
    return str(span[0].year) if span else None


# ----------------------------------------------------------------- browser


class Browser:
    """Read-only views of one store, shaped for pages and their JSON twins."""

    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------ events

    def event_json(self, event_id: int, event: FusedEvent, record: RecordSlice,
                   event_decisions: dict, conflict_decisions: dict) -> dict:
        res = record.resolution
        out = event_record(event_id, event, res)
        key = review_store.event_review_key(event, res.identities)
        out["key"] = key
        out["url"] = f"/events/{event_id}"
        out["label"] = event_label(event, res.identities)
        out["date_label"] = date_label(out["date"])
        out["year"] = _year_of(event)
        out["expected"] = event.status == "expected"
        for p in out["participants"]:
            ident = res.identities.get(int(p["entity"][1:]))
            p["url"] = entity_url(ident.kind, ident.key) if ident else None
        place = res.identities.get(event.place) if event.place is not None else None
        out["place_name"] = place.name if place else None
        out["place_url"] = entity_url("place", place.key) if place else None
        out["country"] = place.country if place else None
        out["attributes_display"] = {k: display_value(str(v)) for k, v in out["attributes"].items()}
        for source in out["sources"]:
            doc_id = int(source["document"][1:])
            source["document_ref"] = document_ref(record.documents.get(doc_id), doc_id)
        out["documents"] = sorted({s["document"] for s in out["sources"]}, key=lambda d: int(d[1:]))
        conflicts = conflict_records(event_id, event, res, 1)
        for conflict, row_id in zip(conflicts, record.conflict_ids.get(event_id, ())):
            conflict["id"] = f"c{row_id}"
            conflict["conflict_id"] = row_id
            conflict["key"] = review_store.conflict_stable_key(key, conflict["field"])
            conflict["event_label"] = out["label"]
            conflict["event_url"] = out["url"]
            conflict["resolution"] = decision_json(conflict_decisions.get(conflict["key"]))
            for value in conflict["values"]:
                value["display"] = display_value(str(value["value"]))
                for source in value["sources"]:
                    doc_id = int(source["document"][1:])
                    source["document_ref"] = document_ref(record.documents.get(doc_id), doc_id)
        out["conflicts"] = conflicts
        out["review"] = decision_json(event_decisions.get(key))
        return out

    def events_json(self, record: RecordSlice, order: Iterable[int] | None = None) -> list[dict]:
        """Every event of a slice, with decisions, in ``order`` (default: slice order)."""
        return self._events_and_audit(record, order)[0]

    def _events_and_audit(self, record: RecordSlice, order: Iterable[int] | None = None,
                          extra: dict[str, Iterable[str]] | None = None) -> tuple[list[dict], dict]:
        """``events_json``, plus the audit entries of its events, conflicts and
        the ``extra`` targets, all read in one query."""
        res = record.resolution
        ids = [i for i in (order if order is not None else res.events) if i in res.events]
        keys = {i: review_store.event_review_key(res.events[i], res.identities) for i in ids}
        conflict_keys = [review_store.conflict_stable_key(keys[i], c.field) for i in ids for c in res.events[i].conflicts]
        audit = review_store.decisions_and_history(
            self.store, {"event": keys.values(), "conflict": conflict_keys, **(extra or {})})
        event_decisions = {key: entries[-1] for (kind, key), entries in audit.items() if kind == "event"}
        conflict_decisions = {key: entries[-1] for (kind, key), entries in audit.items() if kind == "conflict"}
        return [self.event_json(i, res.events[i], record, event_decisions, conflict_decisions) for i in ids], audit

    def event(self, event_id: int) -> dict | None:
        record = queries.record_slice(self.store, [event_id])
        if event_id not in record.resolution.events:
            return None
        event = self.events_json(record)[0]
        event["history"] = [self._audit_json(e) for e in review_store.history(self.store, "event", event["key"])]
        for conflict in event["conflicts"]:
            conflict["history"] = [self._audit_json(e) for e in review_store.history(self.store, "conflict", conflict["key"])]
        return {"event": event}

    def events(self, filters: EventFilters, paging: Paging) -> dict:
        page = queries.events_page(self.store, filters, page=paging.page, size=paging.size)
        record = queries.record_slice(self.store, page.items)
        facets = queries.event_facets(self.store, filters)
        return {
            "filters": filters.active(),
            "events": self.events_json(record, page.items),
            "facets": {name: [{"value": v, "count": n} for v, n in values] for name, values in facets.items()},
            "pagination": pagination(page.page, page.size, page.total),
        }

    # -------------------------------------------------------- conflicts

    def conflicts(self, paging: Paging, *, state: str | None = None) -> dict:
        """The conflict queue. ``state`` 'open' or 'resolved' filters on reviewers'
        decisions, which live in the audit log, so the filter walks the
        conflicts in batches rather than in SQL."""
        if state not in ("open", "resolved"):
            page = queries.conflicts_page(self.store, page=paging.page, size=paging.size)
            items = self._conflicts_of(page.items)
            return {"conflicts": items, "state": None, "pagination": pagination(page.page, page.size, page.total),
                    "open": sum(1 for c in items if c["resolution"] is None)}
        wanted, skip, total, n = [], (paging.page - 1) * paging.size, 0, 1
        while True:
            batch = queries.conflicts_page(self.store, page=n, size=500)
            for conflict in self._conflicts_of(batch.items):
                if (conflict["resolution"] is None) == (state == "open"):
                    total += 1
                    if skip < total <= skip + paging.size:
                        wanted.append(conflict)
            if n * 500 >= batch.total:
                break
            n += 1
        return {"conflicts": wanted, "state": state, "pagination": pagination(paging.page, paging.size, total),
                "open": sum(1 for c in wanted if c["resolution"] is None)}

    def _conflicts_of(self, pairs: list[tuple[int, int]]) -> list[dict]:
        record = queries.record_slice(self.store, [event_id for _, event_id in pairs])
        by_id: dict[int, dict] = {}
        for event in self.events_json(record):
            for conflict in event["conflicts"]:
                by_id[conflict["conflict_id"]] = conflict
        return [by_id[cid] for cid, _ in pairs if cid in by_id]

    # --------------------------------------------------------- entities

    def entities(self, kind: str, paging: Paging, *, name: str | None = None, by_events: bool = False) -> dict:
        page = queries.entities_page(self.store, kind, page=paging.page, size=paging.size,
                                     name_contains=name or None, by_events=by_events)
        items = [
            {"id": f"{entity_key_prefix(kind)}{e.id}", "entity_id": e.id, "kind": e.kind, "name": e.name,
             "country": e.country, "documents": e.documents, "events": e.events, "url": entity_url(e.kind, e.id)}
            for e in page.items
        ]
        return {"kind": kind, "section": KIND_PATH[kind], "name": name, "order": "events" if by_events else "name",
                "entities": items, "pagination": pagination(page.page, page.size, page.total)}

    def entity(self, entity_id: int) -> dict | None:
        """A person's (or organisation's, or place's) case file."""
        view = queries.entity_view(self.store, entity_id)
        if view is None:
            return None
        identity = view.identity
        record = view.slice
        res = record.resolution
        identity_key = review_store.identity_stable_key(identity.kind, identity.members)
        event_list, audit = self._events_and_audit(record, extra={"identity": [identity_key]})
        events = {e["url"]: e for e in event_list}
        identity_history = audit.get(("identity", identity_key), [])
        by_id = {int(url.rsplit("/", 1)[1]): e for url, e in events.items()}
        case = case_file(entity_id, res.events)
        own_ids = [entry.event for entry in case.entries]
        solidarity_ids = [entry.event for entry in case.solidarity]
        placed = [i for i in res.events if i not in set(own_ids) | set(solidarity_ids)]
        placed.sort(key=lambda i: _date_order(res.events[i], i))
        own = [by_id[i] for i in own_ids if i in by_id]
        dated = [e for e in own if e["date"].get("value")]
        undated = [e for e in own if not e["date"].get("value")]
        names: dict[str, set[int]] = {}
        titles: list[str] = []
        for member in view.members:
            for form in (member.name, *member.variants):
                names.setdefault(form, set()).add(member.document_id)
            for title in member.titles:
                if title not in titles:
                    titles.append(title)
        conflicts = [c for e in own + [by_id[i] for i in solidarity_ids + placed if i in by_id] for c in e["conflicts"]]
        docs = record.documents
        return {
            "entity": {
                "id": entity_key(identity),
                "entity_id": identity.key,
                "kind": identity.kind,
                "kind_label": KIND_LABEL[identity.kind],
                "name": identity.name,
                "variants": list(identity.variants),
                "country": identity.country,
                "geonames_id": identity.gazetteer_id,
                "titles": titles,
                "url": entity_url(identity.kind, identity.key),
                "key": identity_key,
                "documents": [document_ref(docs.get(d), d) for d in sorted({m.document_id for m in view.members})],
            },
            "names": [
                {"name": form, "documents": [document_ref(docs.get(d), d) for d in sorted(doc_ids)]}
                for form, doc_ids in names.items()
            ],
            "members": [
                {"doc_entity_id": m.doc_entity_id, "name": m.name, "variants": list(m.variants), "titles": list(m.titles),
                 "document": document_ref(docs.get(m.document_id), m.document_id)}
                for m in view.members
            ],
            "timeline": dated,
            "undated": undated,
            "solidarity": [by_id[i] for i in solidarity_ids if i in by_id],
            "events_here": [by_id[i] for i in placed if i in by_id],
            "conflicts": conflicts,
            "event_total": view.event_total,
            "events_shown": len(res.events),
            "history": [self._audit_json(e) for e in identity_history],
        }

    # -------------------------------------------------------- documents

    def documents(self, paging: Paging) -> dict:
        page = queries.documents_page(self.store, page=paging.page, size=paging.size)
        return {"documents": [self._document_row(d) for d in page.items],
                "pagination": pagination(page.page, page.size, page.total)}

    @staticmethod
    def _document_row(d: DocumentSummary) -> dict:
        return {
            "id": document_key(d.id), "document_id": d.id, "url": f"/documents/{d.id}", "title": d.title,
            "sha256": d.sha256,
            "outlet": d.outlet, "published": d.published.to_dict(), "source": d.source, "language": d.language,
            "story": d.story_id, "ingested_at": d.ingested_at.isoformat() if d.ingested_at else None,
            "event_mentions": d.event_mentions,
        }

    def document(self, document_id: int) -> dict | None:
        view = queries.document_view(self.store, document_id)
        if view is None:
            return None
        doc = view.document
        entities = {e.id: e for e in view.entities}
        return {
            "document": {
                "id": document_key(doc.id), "document_id": doc.id, "title": doc.title, "outlet": doc.outlet,
                "published": doc.published.to_dict(), "language": doc.language, "source": doc.source,
                "sources": list(doc.sources), "sha256": doc.sha256, "media_type": doc.media_type,
                "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else None, "text": doc.text,
                "story": {"id": view.story[0], "label": view.story[1]} if view.story else None,
            },
            "entities": [
                {"doc_entity_id": e.id, "kind": e.kind, "name": e.name, "variants": list(e.variants),
                 "titles": list(e.titles), "entity": e.entity_id,
                 "url": entity_url(e.kind, e.entity_id) if e.entity_id else None}
                for e in view.entities
            ],
            "mentions": [
                {"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "doc_entity_id": m.doc_entity_id,
                 "name": entities[m.doc_entity_id].name if m.doc_entity_id in entities else m.name,
                 "url": entity_url(m.kind, m.entity_id) if m.entity_id else None}
                for m in view.entity_spans
            ],
            "event_mentions": [
                {"mention": m.id, "type": m.type, "status": m.status, "date": m.date.to_dict(),
                 "trigger": {"start": m.trigger.start, "end": m.trigger.end, "text": m.trigger.text},
                 "sentence": {"start": m.sentence.start, "end": m.sentence.end},
                 "evidence": m.sentence.text, "attributes": dict(m.attributes),
                 "events": [{"id": event_key(e), "url": f"/events/{e}"} for e in view.events_of_mention.get(m.id, ())]}
                for m in view.event_mentions
            ],
        }

    def stories(self, paging: Paging) -> dict:
        page = queries.stories_page(self.store, page=paging.page, size=paging.size)
        return {
            "stories": [{"id": s.id, "label": s.label, "documents": [self._document_row(d) for d in s.documents]}
                        for s in page.items],
            "pagination": pagination(page.page, page.size, page.total),
        }

    # ---------------------------------------------------------- exports

    def all_events(self, *, batch: int = 1000) -> Iterator[dict]:
        """Every event (with reviews), in id order, a batch of rows at a time."""
        for ids in queries.all_event_ids(self.store, batch=batch):
            yield from self.events_json(queries.record_slice(self.store, ids), ids)

    def all_entities(self, kind: str | None = None, *, batch: int = 1000) -> Iterator[dict]:
        """Every identity (of one kind, or all) with titles, documents and a stable key."""
        for k in [kind] if kind else list(KIND_PATH):
            for ids in queries.all_entity_ids(self.store, k, batch=batch):
                details = queries.entity_details(self.store, ids)
                docs = queries.document_summaries(self.store, {d for e in details for d in e.documents})
                counts = {e.id: e for e in queries.entity_summaries(self.store, ids)}
                for e in details:
                    ident = e.identity
                    summary = counts.get(ident.key)
                    yield {
                        "id": entity_key(ident), "entity_id": ident.key, "kind": ident.kind, "name": ident.name,
                        "variants": list(ident.variants), "country": ident.country, "geonames_id": ident.gazetteer_id,
                        "titles": list(e.titles), "url": entity_url(ident.kind, ident.key),
                        "key": review_store.identity_stable_key(ident.kind, ident.members),
                        "documents": [dict(document_ref(docs.get(d), d), sha256=docs[d].sha256 if d in docs else None)
                                      for d in e.documents],
                        "events": summary.events if summary else 0,
                    }

    def all_documents(self, *, batch: int = 1000) -> Iterator[dict]:
        for ids in queries.all_document_ids(self.store, batch=batch):
            docs = queries.document_summaries(self.store, ids)
            for i in ids:
                if i in docs:
                    yield self._document_row(docs[i])

    # --------------------------------------------------------- overview

    def overview(self) -> dict:
        latest = queries.documents_page(self.store, page=1, size=10, newest_first=True)
        audit = review_store.audit_page(self.store, page=1, size=5)
        return {
            "counts": queries.counts(self.store),
            "latest_documents": [self._document_row(d) for d in latest.items],
            "recent_reviews": [self._audit_json(e) for e in audit.items],
        }

    # ----------------------------------------------------------- search

    def search(self, q: str, paging: Paging, *, kind: str | None = None) -> dict:
        result = search_store(self.store, q, limit=paging.size, offset=(paging.page - 1) * paging.size, kind=kind)
        return {
            "q": q,
            "documents": [
                {"id": document_key(h.id), "url": f"/documents/{h.id}", "title": h.title, "outlet": h.outlet,
                 "published": h.published.to_dict(), "snippet": [{"text": t, "match": m} for t, m in h.snippet]}
                for h in result.documents
            ],
            "documents_total": result.document_total,
            "names": [
                {"id": f"{entity_key_prefix(h.kind)}{h.entity_id}", "kind": h.kind, "name": h.name, "country": h.country,
                 "url": entity_url(h.kind, h.entity_id), "matched_mentions": h.matched}
                for h in result.names
            ],
            "names_total": result.name_total,
            "totals_capped_at": COUNT_CAP,  # a total of COUNT_CAP + 1 means "more than COUNT_CAP"
            "pagination": pagination(paging.page, paging.size, max(result.document_total, result.name_total)),
        }

    # ------------------------------------------------------------ audit

    def audit(self, paging: Paging) -> dict:
        page = review_store.audit_page(self.store, page=paging.page, size=paging.size)
        return {"entries": [self._audit_json(e) for e in page.items],
                "pagination": pagination(page.page, page.size, page.total)}

    @staticmethod
    def _audit_json(e: review_store.AuditEntry) -> dict:
        return {
            "id": e.id, "at": e.at.isoformat() if e.at else None, "author": e.author, "action": e.action,
            "target_kind": e.target_kind, "target_key": e.target_key, "target": e.target_label,
            "value": e.value, "reason": e.reason, "details": e.details,
        }


EXPORT_FORMATS = ("json", "csv", "plover", "ftm", "timeline")
CSV_TABLES = ("events", "people", "organisations", "places", "documents")


def write_export(store: Store, fmt: str, out: TextIO, *, table: str = "events", entity: int | None = None,
                 include_rejected: bool = False) -> int:
    """Write one export to ``out``; returns the number of records written.

    json: the whole record (export contract); csv: one table; plover: events
    as PLOVER JSON Lines; ftm: FollowTheMoney JSON Lines; timeline: one
    person's case as TimelineJS JSON (``entity`` is required).
    """
    browser = Browser(store)
    if fmt == "json":
        record = build_record(store)
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return len(record["events"])
    if fmt == "csv":
        if table == "events":
            return csv_export.write_csv((csv_export.event_row(e) for e in browser.all_events()), csv_export.EVENT_COLUMNS, out)
        if table == "documents":
            return csv_export.write_csv((csv_export.document_row(d) for d in browser.all_documents()),
                                        csv_export.DOCUMENT_COLUMNS, out)
        kind = {"people": "person", "organisations": "organisation", "places": "place"}.get(table)
        if kind is None:
            raise ValueError(f"csv table must be one of {', '.join(CSV_TABLES)}")
        rows = (csv_export.entity_row(dict(e, documents=len(e["documents"]))) for e in browser.all_entities(kind))
        return csv_export.write_csv(rows, csv_export.ENTITY_COLUMNS, out)
    if fmt == "plover":
        return plover_export.write_plover(browser.all_events(), out, include_rejected=include_rejected)
    if fmt == "ftm":
        return ftm_export.write_ftm(browser.all_entities(), browser.all_documents(), browser.all_events(), out,
                                   include_rejected=include_rejected)
    if fmt == "timeline":
        case = browser.entity(entity) if entity is not None else None
        if case is None:
            raise ValueError("timeline needs --entity ID of an existing person (or organisation, or place)")
        timeline = timeline_export.timeline_json(case, include_rejected=include_rejected)
        out.write(json.dumps(timeline, ensure_ascii=False, indent=2) + "\n")
        return len(timeline["events"])
    raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")


def entity_key_prefix(kind: str) -> str:
    return {"person": "p", "organisation": "o", "place": "l"}[kind]


def _date_order(event: FusedEvent, event_id: int) -> tuple:
    span = interval(event.date)
    return (span is None, span[0] if span else None, event_id)


def event_type_names() -> list[str]:
    return sorted(EVENT_TYPES)


__all__ = ["Browser", "EventFilters", "Paging", "entity_url", "humanise_duration"]
