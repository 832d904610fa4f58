"""The whole record as one JSON-ready dict (the export contract).

The shape is the one ``../shared/acceptance/README.md`` describes; ids are
stable prefixes of the store's keys (``d12`` is document 12).
"""
from __future__ import annotations

from chronicle.store import Store, StoredDocument


def document_key(document_id: int) -> str:
    return f"d{document_id}"


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


def build_record(store: Store) -> dict:
    record = {
        "documents": [document_record(d) for d in store.documents()],
        "people": [],
        "organisations": [],
        "places": [],
        "events": [],
        "conflicts": [],
        "quarantine": [
            {"source": q.source, "reason": q.reason, "sha256": q.sha256, "size": q.size, "at": q.at.isoformat()}
            for q in store.quarantined()
        ],
    }
    record.update(resolved_parts(store))
    return record


def resolved_parts(store: Store) -> dict:
    """People, organisations, places, events and conflicts, once resolved."""
    reader = getattr(store, "resolved_record", None)
    return reader() if reader else {}
