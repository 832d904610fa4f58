"""The record as FollowTheMoney entities, for Aleph.

FollowTheMoney (FtM) is the data model Aleph loads: JSON lines of
``{"id", "schema", "properties"}`` where every property is a list of
strings. We write:

* ``Person`` and ``Organization`` for identities (``name``, ``alias`` for the
  other forms seen, ``country``, ``position`` for titles such as "journalist"),
* ``Address`` for places (``full``, ``city``, ``country``),
* ``Article`` for documents (``title``, ``publisher``, ``publishedAt``,
  ``language``, ``sourceUrl`` when the source is a URL, ``fileName`` otherwise),
* ``Event`` for events (``name``, ``date`` or ``startDate``/``endDate``,
  ``country``, ``location``, ``involved`` and ``organizer`` pointing at the
  Person/Organization entities, ``proof`` at the Articles, ``description``
  with the quoted evidence, ``sourceUrl``, ``recordId``).

Schema and property names were checked against FtM's schema files
(Event extends Interval, Analyzable and Thing; ``involved`` and
``organizer`` have range LegalEntity; ``proof`` has range Document). FtM
countries are lower-case ISO codes and dates are ISO prefixes
(``2010``, ``2010-05``, ``2010-05-12``), so a season is written as its year.

Ids are derived from Chronicle's stable keys (documents: their SHA-256), so
loading a later export into the same Aleph collection updates entities
instead of duplicating them.
"""
from __future__ import annotations

import hashlib
import json
from typing import Iterable, TextIO

from chronicle.records import PartialDate
from chronicle.resolve.dates import interval

SCHEMA = {"person": "Person", "organisation": "Organization", "place": "Address"}
_INVOLVED_AS_ORGANISER = {"organiser"}


def ftm_id(kind: str, key: str) -> str:
    return f"chronicle-{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}"


def _props(**values) -> dict[str, list[str]]:
    """FtM properties: lists of non-empty strings."""
    out: dict[str, list[str]] = {}
    for name, value in values.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        items = [str(v) for v in items if v not in (None, "")]
        if items:
            out[name] = list(dict.fromkeys(items))
    return out


def _is_url(source: str | None) -> bool:
    return bool(source) and source.split("://", 1)[0] in ("http", "https")


def ftm_dates(date: dict) -> dict[str, str]:
    """FtM date properties for a Chronicle date dict."""
    date = date or {}
    precision = date.get("precision", "unknown")
    value = date.get("value")
    if precision in ("day", "month", "year") and value:
        return {"date": value}
    span = interval(PartialDate(value, precision, date.get("start"), date.get("end")))
    if span is None:
        return {}
    if precision == "season":
        return {"date": value[:4]}
    return {"startDate": span[0].isoformat(), "endDate": span[1].isoformat()}


def entity_id_of(entity: dict) -> str:
    return ftm_id(entity["kind"], entity["key"])


def ftm_entity(entity: dict) -> dict:
    """A case-file entity dict (browse service) as Person, Organization or Address."""
    kind = entity["kind"]
    country = (entity.get("country") or "").lower() or None
    if kind == "place":
        props = _props(full=entity["name"], city=entity["name"], country=country)
    else:
        props = _props(name=entity["name"], alias=list(entity.get("variants") or ()), country=country,
                       position=list(entity.get("titles") or ()) if kind == "person" else [])
    props.update(_props(proof=[document_id_of(d) for d in entity.get("documents") or ()]))
    return {"id": entity_id_of(entity), "schema": SCHEMA[kind], "properties": props}


def document_id_of(doc: dict) -> str:
    return ftm_id("document", doc.get("sha256") or doc["id"])


def ftm_document(doc: dict) -> dict:
    """A document dict (title, outlet, published, source, sha256) as an Article."""
    published = doc.get("published") or {}
    source = doc.get("source")
    props = _props(
        title=doc.get("title"),
        publisher=doc.get("outlet"),
        publishedAt=ftm_dates(published).get("date"),
        language=doc.get("language"),
        sourceUrl=source if _is_url(source) else None,
        fileName=None if _is_url(source) else (source or "").rsplit("/", 1)[-1],
    )
    return {"id": document_id_of(doc), "schema": "Article", "properties": props}


def ftm_event(event: dict, entity_ids: dict[str, str], document_ids: dict[str, str]) -> dict:
    """A browse-service event dict as an Event.

    ``entity_ids`` and ``document_ids`` map Chronicle ids (``p3``, ``d1``) to
    the FtM ids written for them.
    """
    involved = [entity_ids[p["entity"]] for p in event.get("participants", [])
                if p["entity"] in entity_ids and p["role"] not in _INVOLVED_AS_ORGANISER]
    organisers = [entity_ids[p["entity"]] for p in event.get("participants", [])
                  if p["entity"] in entity_ids and p["role"] in _INVOLVED_AS_ORGANISER]
    sources = event.get("sources", [])
    urls = [s["document_ref"]["source"] for s in sources if s.get("document_ref") and _is_url(s["document_ref"].get("source"))]
    quotes = [f"{s['document']}: {s['evidence'].strip()}" for s in sources]
    props = _props(
        name=event.get("label") or event["type"],
        summary=f"{event['type']} ({event['status']})",
        country=(event.get("country") or "").lower() or None,
        location=event.get("place_name"),
        involved=involved,
        organizer=organisers,
        proof=[document_ids[d] for d in event.get("documents", []) if d in document_ids],
        description="\n".join(quotes) or None,
        sourceUrl=urls,
        recordId=event["id"],
        keywords=[event["type"], event["status"]],
        **ftm_dates(event.get("date")),
    )
    return {"id": ftm_id("event", event.get("key") or event["id"]), "schema": "Event", "properties": props}


def write_ftm(entities: Iterable[dict], documents: Iterable[dict], events: Iterable[dict], out: TextIO,
              *, include_rejected: bool = False) -> int:
    """Entities, then documents, then events, as FtM JSON Lines (referenced ids come first)."""
    n = 0
    entity_ids: dict[str, str] = {}
    document_ids: dict[str, str] = {}
    for doc in documents:
        item = ftm_document(doc)
        document_ids[doc["id"]] = item["id"]
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        n += 1
    for entity in entities:
        entity = dict(entity, documents=[{"id": d["id"], "sha256": d.get("sha256")} for d in entity.get("documents") or ()])
        item = ftm_entity(entity)
        item["properties"]["proof"] = [document_ids[d["id"]] for d in entity["documents"] if d["id"] in document_ids]
        if not item["properties"]["proof"]:
            del item["properties"]["proof"]
        entity_ids[entity["id"]] = item["id"]
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        n += 1
    for event in events:
        if not include_rejected and (event.get("review") or {}).get("decision") == "rejected":
            continue
        out.write(json.dumps(ftm_event(event, entity_ids, document_ids), ensure_ascii=False) + "\n")
        n += 1
    return n
