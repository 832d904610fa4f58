"""The whole record as one JSON-ready dict (the export contract).

The shape is the one ``../shared/acceptance/README.md`` describes. Ids are
the store's keys with a prefix per kind (``d12`` is document 12, ``p3`` a
person, ``o4`` an organisation, ``l5`` a place, ``e6`` an event).
"""
from __future__ import annotations

from chronicle.records import FusedEvent, Identity, StoredEventMention
from chronicle.store import Resolution, Store, StoredDocument

KIND_PREFIX = {"person": "p", "organisation": "o", "place": "l"}
KIND_SECTION = {"person": "people", "organisation": "organisations", "place": "places"}


def document_key(document_id: int) -> str:
    return f"d{document_id}"


def entity_key(identity: Identity) -> str:
    return f"{KIND_PREFIX[identity.kind]}{identity.key}"


def event_key(event_id: int) -> str:
    return f"e{event_id}"


def document_record(doc: StoredDocument) -> dict:
    return {
        "id": document_key(doc.id),
        "source": doc.source,
        "sources": list(doc.sources),
        "sha256": doc.sha256,
        "media_type": doc.media_type,
        "title": doc.title,
        "outlet": doc.outlet,
        "language": doc.language,
        "published": doc.published.to_dict(),
        "ingested_at": doc.ingested_at.isoformat(),
        "text": doc.text,
    }


def identity_record(identity: Identity, documents: tuple[int, ...]) -> dict:
    out = {
        "id": entity_key(identity),
        "name": identity.name,
        "variants": list(identity.variants),
        "documents": [document_key(d) for d in documents],
    }
    if identity.kind == "place" or identity.country:
        out["country"] = identity.country
    if identity.gazetteer_id:
        out["geonames_id"] = identity.gazetteer_id
    return out


def mention_source(m: StoredEventMention) -> dict:
    return {
        "document": document_key(m.document_id),
        "start": m.sentence.start,
        "end": m.sentence.end,
        "evidence": m.sentence.text,
        "trigger": {"start": m.trigger.start, "end": m.trigger.end, "text": m.trigger.text},
        "status": m.status,
        "mention": m.id,
    }


def event_record(event_id: int, event: FusedEvent, res: Resolution) -> dict:
    ident = res.identities
    return {
        "id": event_key(event_id),
        "type": event.type,
        "status": event.status,
        "date": event.date.to_dict(),
        "participants": [
            {"role": role, "entity": entity_key(ident[key]), "name": ident[key].name}
            for role, key in event.participants
            if key in ident
        ],
        "place": entity_key(ident[event.place]) if event.place in ident else None,
        "attributes": dict(event.attributes),
        "derived": dict(event.derived),
        "sources": [mention_source(res.mentions[m]) for m in event.mentions if m in res.mentions],
    }


def conflict_records(event_id: int, event: FusedEvent, res: Resolution, start: int) -> list[dict]:
    out = []
    for n, conflict in enumerate(event.conflicts):
        values = []
        for v in conflict.values:
            shown = v.value
            if conflict.field == "place" and v.value.isdigit() and int(v.value) in res.identities:
                shown = res.identities[int(v.value)].name
            values.append({"value": shown, "sources": [mention_source(res.mentions[m]) for m in v.mentions if m in res.mentions]})
        out.append({"id": f"c{start + n}", "event": event_key(event_id), "field": conflict.field, "values": values})
    return out


def build_record(store: Store) -> dict:
    res = store.resolution()
    record: dict = {"documents": [document_record(d) for d in store.documents()]}
    for section in KIND_SECTION.values():
        record[section] = []
    for identity in res.identities.values():
        record[KIND_SECTION[identity.kind]].append(identity_record(identity, res.entity_documents.get(identity.key, ())))
    record["events"] = [event_record(eid, e, res) for eid, e in res.events.items()]
    record["conflicts"] = []
    for eid, e in res.events.items():
        record["conflicts"].extend(conflict_records(eid, e, res, len(record["conflicts"]) + 1))
    record["quarantine"] = [
        {"source": q.source, "reason": q.reason, "sha256": q.sha256, "size": q.size, "at": q.at.isoformat()}
        for q in store.quarantined()
    ]
    return record
