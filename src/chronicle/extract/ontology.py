"""Chronicle's event ontology, and how it maps onto PLOVER and CAMEO.

One table is the single source of truth: the docs (docs/ontology.md), the
PLOVER export and the evaluation all read it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    roles: tuple[str, ...]
    attributes: tuple[str, ...]
    plover: str  # PLOVER event type
    plover_mode: str | None  # PLOVER mode, where one applies
    cameo: str  # closest CAMEO code
    needs_subject: bool = True  # an event about nobody in particular is not recorded


# PLOVER types and modes follow the benchmark's names (YIELD, REQUEST) and the
# CAMEO-to-PLOVER table of the PLOVER manual (draft 0.8, 2021), where release
# is RETREAT/release (CAMEO 0841) and bans of parties and politicians are
# COERCE/ban (CAMEO 1722). docs/ontology.md gives the reasons for each row.
EVENT_TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("arrest", "A person is arrested or taken into custody.", ("subject", "agent", "place"),
                  ("charge",), "COERCE", "arrest", "173"),
        EventType("detention", "A person is held: detained, jailed, imprisoned, in custody.", ("subject", "agent", "place"),
                  ("term", "ended"), "COERCE", "arrest", "173"),
        EventType("search", "A search of or raid on a home, office or organisation.", ("subject", "agent", "place"),
                  (), "COERCE", None, "170"),
        EventType("charge", "A person is formally charged or accused of an offence.", ("subject", "agent"),
                  ("charge", "article"), "ACCUSE", "disapprove", "1121"),
        EventType("hearing", "A court hearing or trial in a person's case.", ("subject", "court", "place"),
                  ("of",), "ACCUSE", "disapprove", "115"),
        EventType("sentence", "A court sentences a person: prison, administrative detention, fine, suspended.",
                  ("subject", "court", "place"), ("term", "kind"), "COERCE", "arrest", "173"),
        EventType("acquittal", "A court acquits a person.", ("subject", "court"), (), "YIELD", None, "081"),
        EventType("appeal", "An appeal against a decision: filed, or decided with an outcome.",
                  ("subject", "court", "place"), ("stage", "outcome"), "REQUEST", None, "0251"),
        EventType("hunger_strike", "A person refuses food in protest.", ("subject", "place"), ("ended",),
                  "PROTEST", "hunger", "142"),
        EventType("release", "A person is released or freed.", ("subject", "agent", "place"), (),
                  "YIELD", "release", "0841"),
        EventType("protest", "A picket, demonstration, rally, march or sit-in.",
                  ("organiser", "participant", "about", "place"), ("form", "participants"),
                  "PROTEST", "demo", "141", needs_subject=False),
        EventType("strike", "Workers stop work.", ("subject", "organiser", "place"), ("ended",), "PROTEST", "boycott", "143",
                  needs_subject=False),
        EventType("letter", "A letter, demand or petition to an authority.", ("subject", "addressee", "about"),
                  ("demand",), "REQUEST", None, "020"),
        EventType("statement", "A statement of solidarity.", ("subject", "about"), (), "SUPPORT", None, "053"),
        EventType("ban", "An organisation, party or outlet is banned.", ("subject", "agent"), (),
                  "COERCE", "ban", "1722"),
    )
}

STATUSES = ("occurred", "expected", "alleged", "denied", "disputed")
ROLES = ("subject", "agent", "organiser", "participant", "addressee", "about", "court")
PROTEST_FORMS = ("picket", "demonstration", "rally", "march", "sit-in")
SENTENCE_KINDS = ("prison", "administrative", "fine", "suspended")
APPEAL_OUTCOMES = ("rejected", "granted", "partly")


def plover_of(event_type: str) -> tuple[str, str | None]:
    t = EVENT_TYPES[event_type]
    return t.plover, t.plover_mode


def plover_of_mention(event_type: str, attributes: dict[str, str]) -> str | None:
    """The PLOVER type one mention reports, or None where it reports none.

    A decided appeal reports the court's answer, not the appellant's
    request: "the court rejected the appeal" is PLOVER's REJECT, which
    Chronicle does not model, so it maps to nothing rather than to REQUEST.
    """
    if event_type == "appeal" and attributes.get("stage") == "decided":
        return None
    return EVENT_TYPES[event_type].plover
