"""A small record written for these tests (fictional people, outlets and
text), stored through the real store API without the NLP pipeline, so the
web and export tests are fast and do not depend on extraction quality.

The cross-document record is written by hand (``replace_resolution``), so
the conflict, the expected release and the undated events are exactly
what the tests expect whatever the resolver does this week.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from chronicle.records import (
    AnnotatedDocument,
    CleanDocument,
    Conflict,
    ConflictValue,
    DocEntity,
    EntityMention,
    EventMention,
    FusedEvent,
    Identity,
    PartialDate,
    ProcessedDocument,
    RawDocument,
    RoleFiller,
    Span,
)
from chronicle.store import Store
from chronicle.store.search import rebuild_search_index

NASTY_TITLE = "<script>alert('title')</script> Court <b>jails</b> Krol"
NASTY_TEXT = (
    "Police arrested Boris Krol in Minsk on 2 June. "
    "<script>alert('xss')</script> His blog showed <img src=x onerror=alert(1)> and a link "
    "<a href=\"javascript:alert(2)\">click here</a> before it was closed.\n"
    "Supporters wrote \"><svg onload=alert(3)> on a banner."
)


@dataclass
class Ent:
    name: str
    kind: str
    forms: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    country: str | None = None


@dataclass
class Ev:
    type: str
    status: str
    sentence: str
    trigger: str
    subject: str | None = None
    date: PartialDate = field(default_factory=PartialDate.unknown)
    attributes: tuple[tuple[str, str], ...] = ()
    place: str | None = None


def processed_doc(text: str, *, source: str, title: str, outlet: str, published: PartialDate,
                  entities: list[Ent], events: list[Ev]) -> ProcessedDocument:
    raw = text.encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    doc = CleanDocument(sha, source, text, title=title, published=published, outlet=outlet, language="en")
    ents = tuple(DocEntity(i, e.kind, e.name, e.variants, e.titles, e.country) for i, e in enumerate(entities))
    local = {e.name: i for i, e in enumerate(entities)}
    mentions = []
    for i, e in enumerate(entities):
        for form in e.forms or (e.name,):
            start = text.find(form)
            while start >= 0:
                mentions.append(EntityMention(Span(start, start + len(form), form), i))
                start = text.find(form, start + len(form))
    mentions.sort(key=lambda m: m.span.start)
    event_mentions = []
    for ev in events:
        s = text.index(ev.sentence)
        t = s + ev.sentence.index(ev.trigger)
        participants = ()
        if ev.subject:
            form = next(f for f in (entities[local[ev.subject]].forms or (ev.subject,)) if f in ev.sentence)
            p = s + ev.sentence.index(form)
            participants = (RoleFiller("subject", local[ev.subject], Span(p, p + len(form), form)),)
        event_mentions.append(EventMention(
            sha, ev.type, ev.status, Span(t, t + len(ev.trigger), ev.trigger), Span(s, s + len(ev.sentence), ev.sentence),
            participants, local.get(ev.place) if ev.place else None, ev.date, ev.attributes))
    annotated = AnnotatedDocument(doc, (Span(0, len(text), text),), ents, tuple(mentions), ())
    return ProcessedDocument(RawDocument(source, raw, sha, "text/plain", text, "utf-8"), doc, annotated, tuple(event_mentions))


TEXT_A = (
    "Police in Grodno detained the teacher Irina Volk on 1 June. "
    "A court sentenced Volk to 10 days of administrative arrest. "
    "She will be released on 11 June, her lawyer said."
)
TEXT_B = (
    "Irina Volk, a teacher from Grodno, was sentenced to 12 days in jail. "
    "Supporters held a picket in Vilnius on 4 June. "
    "Volk was charged with hooliganism."
)


def documents() -> list[ProcessedDocument]:
    volk_a = Ent("Irina Volk", "person", ("Irina Volk", "Volk"), ("Volk",), ("teacher",))
    volk_b = Ent("Irina Volk", "person", ("Irina Volk", "Volk"), ("Volk",), ("teacher",))
    a = processed_doc(
        TEXT_A, source="https://northern-courier.example/volk", title="Teacher detained in Grodno",
        outlet="Northern Courier", published=PartialDate("2022-06-03", "day"),
        entities=[volk_a, Ent("Grodno", "place", country="BY")],
        events=[
            Ev("detention", "occurred", "Police in Grodno detained the teacher Irina Volk on 1 June.", "detained",
               "Irina Volk", PartialDate("2022-06-01", "day"), place="Grodno"),
            Ev("sentence", "occurred", "A court sentenced Volk to 10 days of administrative arrest.", "sentenced",
               "Irina Volk", attributes=(("kind", "administrative"), ("term", "P10D"))),
            Ev("release", "expected", "She will be released on 11 June, her lawyer said.", "released",
               None, PartialDate("2022-06-11", "day")),
        ])
    b = processed_doc(
        TEXT_B, source="baltic-wire/volk.txt", title="Volk sentenced, supporters picket",
        outlet="Baltic Wire", published=PartialDate("2022-06-05", "day"),
        entities=[volk_b, Ent("Grodno", "place", country="BY"), Ent("Vilnius", "place", country="LT")],
        events=[
            Ev("sentence", "occurred", "Irina Volk, a teacher from Grodno, was sentenced to 12 days in jail.", "sentenced",
               "Irina Volk", attributes=(("term", "P12D"),)),
            Ev("protest", "occurred", "Supporters held a picket in Vilnius on 4 June.", "picket", None,
               PartialDate("2022-06-04", "day"), (("form", "picket"),), "Vilnius"),
            Ev("charge", "occurred", "Volk was charged with hooliganism.", "charged", "Irina Volk",
               attributes=(("charge", "hooliganism"),)),
        ])
    c = processed_doc(
        NASTY_TEXT, source="javascript:alert('source')", title=NASTY_TITLE, outlet="<i>Evil</i> Outlet",
        published=PartialDate("2022-06-06", "day"),
        entities=[Ent("Boris Krol", "person", ("Boris Krol",), ("<b onmouseover=alert(5)>Krol</b>",),
                      ("<script>alert('t')</script>",)), Ent("Minsk", "place", country="BY")],
        events=[Ev("arrest", "occurred", "Police arrested Boris Krol in Minsk on 2 June.", "arrested", "Boris Krol",
                   PartialDate("2022-06-02", "day"), place="Minsk")])
    return [a, b, c]


def build(db: str) -> Store:
    """A store holding the three documents and a hand-written record."""
    store = Store.open(db)
    for doc in documents():
        store.save_processed(doc)
    ents = store.stored_entities()
    by = {}
    for e in ents:
        by.setdefault((e.kind, e.name), []).append(e)
    volk = Identity(1, "person", "Irina Volk", tuple(e.id for e in by[("person", "Irina Volk")]), ("Volk",))
    grodno = Identity(2, "place", "Grodno", tuple(e.id for e in by[("place", "Grodno")]), (), "BY", "627904")
    vilnius = Identity(3, "place", "Vilnius", tuple(e.id for e in by[("place", "Vilnius")]), (), "LT")
    krol = Identity(4, "person", "Boris Krol", tuple(e.id for e in by[("person", "Boris Krol")]),
                    ("<b onmouseover=alert(5)>Krol</b>",))
    minsk = Identity(5, "place", "Minsk", tuple(e.id for e in by[("place", "Minsk")]), (), "BY")
    m = {(mm.type, mm.document_id): mm.id for mm in store.stored_event_mentions()}
    docs = sorted({mm.document_id for mm in store.stored_event_mentions()})
    da, db_, dc = docs
    events = [
        FusedEvent("detention", "occurred", PartialDate("2022-06-01", "day"), 2, (("subject", 1),), (),
                   (m[("detention", da)],)),
        FusedEvent("sentence", "occurred", PartialDate.unknown(), None, (("subject", 1),), (("kind", "administrative"),),
                   (m[("sentence", da)], m[("sentence", db_)]),
                   (Conflict("term", (ConflictValue("P10D", (m[("sentence", da)],)),
                                      ConflictValue("P12D", (m[("sentence", db_)],)))),)),
        FusedEvent("release", "expected", PartialDate("2022-06-11", "day"), None, (("subject", 1),), (),
                   (m[("release", da)],)),
        FusedEvent("protest", "occurred", PartialDate("2022-06-04", "day"), 3, (("about", 1),), (("form", "picket"),),
                   (m[("protest", db_)],)),
        FusedEvent("charge", "occurred", PartialDate.unknown(), None, (("subject", 1),), (("charge", "hooliganism"),),
                   (m[("charge", db_)],)),
        FusedEvent("arrest", "occurred", PartialDate("2022-06-02", "day"), 5, (("subject", 4),), (),
                   (m[("arrest", dc)],)),
    ]
    store.replace_resolution([volk, grodno, vilnius, krol, minsk], [], events)
    rebuild_search_index(store)
    return store
