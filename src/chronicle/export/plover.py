"""Events as PLOVER-compatible JSON Lines.

PLOVER (the Open Event Data Alliance's successor to CAMEO) specifies JSON
field names rather than a fixed file: ``id``, ``date`` (YYYY-MM-DD),
``enddate``, ``source`` and ``recipient`` (lists of actor objects),
``event`` (list of categories), ``mode``, ``quad_code``, ``event_loc``,
``event_text``, ``cite_info``, ``coder``; providers may add fields. The
mapping of Chronicle's types to PLOVER category, mode and CAMEO code comes
from ``chronicle.extract.ontology.EVENT_TYPES``.

A date known only to the month or year becomes the interval it can mean
(``date`` is its first day, ``enddate`` its last, ``date_precision`` says
which); an undated event has ``date`` null.

Who is ``source`` and who ``recipient`` follows PLOVER's actor/target
reading: for what the authorities do to a person (arrest, sentence,
release…) the court or agent is the source and the person the recipient;
for what a person or group does (protest, hunger strike, letter…) they are
the source and the addressee or subject matter the recipient.
"""
from __future__ import annotations

import json
from typing import Iterable, TextIO

from chronicle.extract.ontology import EVENT_TYPES
from chronicle.records import PartialDate
from chronicle.resolve.dates import interval

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "INVESTIGATE": 2,
    "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
# Types where the person named as subject is acted upon.
DONE_TO_SUBJECT = {"arrest", "detention", "search", "charge", "hearing", "sentence", "acquittal", "release", "ban"}
ACTING_ROLES = {"agent", "court"}
TARGET_ROLES = {"addressee", "about"}


def actors(event: dict) -> tuple[list[dict], list[dict]]:
    """(source, recipient) actor lists for one event."""
    source, recipient = [], []
    passive = event["type"] in DONE_TO_SUBJECT
    for p in event.get("participants", []):
        actor = {"name": p["name"], "entity": p["entity"], "role": p["role"]}
        if p["role"] in ACTING_ROLES:
            source.append(actor)
        elif p["role"] in TARGET_ROLES:
            recipient.append(actor)
        elif p["role"] == "subject":
            (recipient if passive else source).append(actor)
        else:  # organiser, participant
            source.append(actor)
    return source, recipient


def plover_dates(date: dict) -> dict:
    date = date or {}
    span = interval(PartialDate(date.get("value"), date.get("precision", "unknown"), date.get("start"), date.get("end")))
    if span is None:
        return {"date": None, "date_precision": "unknown"}
    out = {"date": span[0].isoformat(), "date_precision": date.get("precision", "unknown")}
    if span[1] != span[0]:
        out["enddate"] = span[1].isoformat()
    return out


def plover_record(event: dict, *, coder: str = "chronicle") -> dict:
    """One browse-service event dict as a PLOVER record."""
    etype = EVENT_TYPES.get(event["type"])
    source, recipient = actors(event)
    record: dict = {"id": event["id"], **plover_dates(event.get("date"))}
    record["source"] = source
    record["recipient"] = recipient
    record["event"] = [etype.plover] if etype else []
    if etype and etype.plover_mode:
        record["mode"] = [etype.plover_mode]
    if etype and etype.plover in QUAD:
        record["quad_code"] = QUAD[etype.plover]
    if event.get("place_name"):
        loc = {"name": event["place_name"]}
        if event.get("country"):
            loc["country_code"] = event["country"]
        record["event_loc"] = loc
    record["event_text"] = [s["evidence"].strip() for s in event.get("sources", [])]
    record["cite_info"] = [
        {"document": s["document"], "start": s["start"], "end": s["end"],
         **({"title": s["document_ref"].get("title"), "publisher": s["document_ref"].get("outlet"),
             "source": s["document_ref"].get("source")} if s.get("document_ref") else {})}
        for s in event.get("sources", [])
    ]
    record["coder"] = coder
    record["cameo"] = etype.cameo if etype else None
    record["chronicle_type"] = event["type"]
    record["status"] = event["status"]
    if event.get("attributes"):
        record["attributes"] = dict(event["attributes"])
    if event.get("review"):
        record["review"] = event["review"]["decision"]
    return record


def write_plover(events: Iterable[dict], out: TextIO, *, include_rejected: bool = False) -> int:
    """PLOVER JSON Lines; events a reviewer rejected are left out unless asked for."""
    n = 0
    for event in events:
        if not include_rejected and (event.get("review") or {}).get("decision") == "rejected":
            continue
        out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
        n += 1
    return n
