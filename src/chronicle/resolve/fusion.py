"""Event fusion: mentions of one real-world event become one event.

Person-centred events (arrest, sentence, release...) are fused per person:
"the arrests of A, B and C" is three arrests, each of which other reports
may also mention. Two mentions are the same event when they have the same
type, share a subject identity, and their dates and terms are compatible.
Where compatible mentions still disagree (14 against 15 days, 12 against 13
May), the event keeps every value in a ``Conflict``; nothing is picked
silently.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from chronicle.extract.ontology import EVENT_TYPES
from chronicle.records import Conflict, ConflictValue, FusedEvent, PartialDate, StoredEventMention
from chronicle.resolve.dates import covering, gap_days, interval, width

# Sources disagreeing by a few days about one release are one release with a
# date conflict; further apart, they are two events.
SAME_EVENT_DAYS = 3
# 14 against 15 days is a disagreement; 15 days against 3 years is another sentence.
TERM_RATIO = 1.5
CONFLICTING_ATTRIBUTES = ("term", "outcome", "kind", "form")
INTERNAL_ATTRIBUTES = ("antecedent",)  # links between mentions, not facts
STAGE_ORDER = {"filed": 0, "heard": 1, "decided": 2}


@dataclass(frozen=True)
class Unit:
    """One mention, seen from one subject (None for events about no one)."""

    mention: StoredEventMention
    subject: int | None  # Identity key


@dataclass
class Cluster:
    units: list[Unit] = field(default_factory=list)


def fuse_events(mentions: Sequence[StoredEventMention], identity_of: Mapping[int, int]) -> list[FusedEvent]:
    """Fuse event mentions; ``identity_of`` maps StoredEntity ids to Identity keys."""
    groups: dict[tuple, list[Unit]] = defaultdict(list)
    for unit in units_of(mentions, identity_of):
        groups[(unit.mention.type, unit.subject)].append(unit)
    events = []
    for (etype, _), units in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or -1)):
        for cluster in cluster_units(units, identity_of):
            events.append(fused_event(cluster, identity_of))
    return sorted(events, key=_event_order)


def units_of(mentions: Iterable[StoredEventMention], identity_of: Mapping[int, int]) -> Iterable[Unit]:
    for m in mentions:
        subjects = sorted({identity_of[p.entity] for p in m.participants if p.role == "subject" and p.entity in identity_of})
        if EVENT_TYPES[m.type].needs_subject:
            for subject in subjects:
                yield Unit(m, subject)
        else:
            yield Unit(m, None)


def cluster_units(units: list[Unit], identity_of: Mapping[int, int]) -> list[list[Unit]]:
    """Greedy clustering: a unit joins the first cluster it fits entirely.

    Units with precise dates go first so that undated mentions join the
    event they can belong to rather than seeding clusters of their own.
    """
    clusters: list[list[Unit]] = []
    for unit in sorted(units, key=lambda u: (width(u.mention.date), u.mention.document_id, u.mention.id)):
        for cluster in clusters:
            if all(compatible(unit, other, identity_of) for other in cluster):
                cluster.append(unit)
                break
        else:
            clusters.append([unit])
    return clusters


def compatible(a: Unit, b: Unit, identity_of: Mapping[int, int]) -> bool:
    ma, mb = a.mention, b.mention
    if ma.id == mb.id:
        return False  # one mention is one event (per subject)
    gap = gap_days(ma.date, mb.date)
    if gap is not None and gap > (SAME_EVENT_DAYS if a.subject is not None else 0):
        return False
    if not terms_compatible(ma.attribute("term"), mb.attribute("term")):
        return False
    if a.subject is None:
        return about_the_same(ma, mb, identity_of, dated=gap is not None)
    return True


def about_the_same(a: StoredEventMention, b: StoredEventMention, identity_of: Mapping[int, int], *, dated: bool) -> bool:
    """Events without a subject (protests, strikes, letters) must share more."""
    place_a = identity_of.get(a.place) if a.place is not None else None
    place_b = identity_of.get(b.place) if b.place is not None else None
    if place_a is not None and place_b is not None and place_a != place_b:
        return False
    form_a, form_b = a.attribute("form"), b.attribute("form")
    if form_a and form_b and form_a != form_b:
        return False
    actors_a = {identity_of.get(p.entity) for p in a.participants if p.entity is not None}
    actors_b = {identity_of.get(p.entity) for p in b.participants if p.entity is not None}
    if actors_a and actors_b and not actors_a & actors_b:
        return False
    if a.document_id == b.document_id:
        # Two protests in one report are two protests, unless the report
        # itself refers back ("the picket") or names the same people.
        return refers_back(a, b) or bool(actors_a & actors_b)
    # Undated, placeless mentions could be any protest: fuse only on shared actors.
    return dated or bool(actors_a & actors_b) or (place_a is not None and place_a == place_b)


def refers_back(a: StoredEventMention, b: StoredEventMention) -> bool:
    return a.attribute("antecedent") == str(b.trigger.start) or b.attribute("antecedent") == str(a.trigger.start)


def terms_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b:
        return True
    da, db = duration_days(a), duration_days(b)
    if da is None or db is None:
        return True
    return max(da, db) / max(min(da, db), 1) <= TERM_RATIO


def duration_days(value: str) -> float | None:
    m = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?", value)
    if not m or not any(m.groups()):
        return None
    y, mo, w, d = (float(g) if g else 0.0 for g in m.groups())
    return y * 365 + mo * 30.4 + w * 7 + d


# ---------------------------------------------------------------- building


def fused_event(units: list[Unit], identity_of: Mapping[int, int]) -> FusedEvent:
    mentions = _unique_mentions(units)
    conflicts: list[Conflict] = []
    status, status_conflict = fuse_status(mentions)
    if status_conflict:
        conflicts.append(status_conflict)
    date, date_conflict = fuse_date(mentions)
    if date_conflict:
        conflicts.append(date_conflict)
    place, place_conflict = fuse_place(mentions, identity_of)
    if place_conflict:
        conflicts.append(place_conflict)
    attributes, attribute_conflicts = fuse_attributes(mentions)
    conflicts.extend(attribute_conflicts)
    subject = units[0].subject
    participants = fuse_participants(mentions, identity_of, subject)
    return FusedEvent(
        type=mentions[0].type,
        status=status,
        date=date,
        place=place,
        participants=participants,
        attributes=attributes,
        mentions=tuple(m.id for m in mentions),
        conflicts=tuple(conflicts),
    )


def _unique_mentions(units: list[Unit]) -> list[StoredEventMention]:
    seen, out = set(), []
    for u in sorted(units, key=lambda u: u.mention.id):
        if u.mention.id not in seen:
            seen.add(u.mention.id)
            out.append(u.mention)
    return out


def fuse_status(mentions: list[StoredEventMention]) -> tuple[str, Conflict | None]:
    """A later report that it happened turns "expected" into "occurred"."""
    statuses = {m.status for m in mentions}
    if "occurred" in statuses and "denied" in statuses:
        return "disputed", value_conflict("status", mentions, lambda m: m.status)
    for status in ("occurred", "alleged", "expected", "denied", "disputed"):
        if status in statuses:
            return status, None
    return mentions[0].status, None


def fuse_date(mentions: list[StoredEventMention]) -> tuple[PartialDate, Conflict | None]:
    dated = [m for m in mentions if interval(m.date) is not None]
    if not dated:
        return PartialDate.unknown(), None
    narrowest = min(dated, key=lambda m: (width(m.date), m.id))
    disagreeing = [m for m in dated if gap_days(m.date, narrowest.date)]
    if not disagreeing:
        return narrowest.date, None
    conflict = value_conflict("date", dated, lambda m: m.date.value or "")
    return covering([m.date for m in dated]), conflict


def fuse_place(mentions: list[StoredEventMention], identity_of: Mapping[int, int]) -> tuple[int | None, Conflict | None]:
    places = [identity_of[m.place] for m in mentions if m.place is not None and m.place in identity_of]
    if not places:
        return None, None
    counts = Counter(places)
    if len(counts) == 1:
        return places[0], None
    # Two places can both be right (a city and its country): leave that to the
    # reader, with both places and their evidence.
    with_place = [m for m in mentions if m.place is not None and m.place in identity_of]
    return counts.most_common(1)[0][0], value_conflict("place", with_place, lambda m: str(identity_of[m.place]))


def fuse_attributes(mentions: list[StoredEventMention]) -> tuple[tuple[tuple[str, str], ...], list[Conflict]]:
    values: dict[str, list[tuple[str, StoredEventMention]]] = defaultdict(list)
    for m in mentions:
        for name, value in m.attributes:
            values[name].append((value, m))
    attributes: dict[str, str] = {}
    conflicts: list[Conflict] = []
    for name, pairs in sorted(values.items()):
        if name in INTERNAL_ATTRIBUTES:
            continue
        distinct = {v for v, _ in pairs}
        if name == "stage":
            attributes[name] = max(distinct, key=lambda s: STAGE_ORDER.get(s, 0))
        elif name in CONFLICTING_ATTRIBUTES and len(distinct) > 1:
            with_value = [m for _, m in pairs]
            conflicts.append(value_conflict(name, with_value, lambda m, name=name: m.attribute(name)))
        elif len(distinct) == 1:
            attributes[name] = pairs[0][0]
        else:
            attributes[name] = max(distinct, key=len)  # free text (charges): the fullest wording
    return tuple(sorted(attributes.items())), conflicts


def fuse_participants(mentions: list[StoredEventMention], identity_of: Mapping[int, int], subject: int | None) -> tuple[tuple[str, int], ...]:
    out: list[tuple[str, int]] = []
    if subject is not None:
        out.append(("subject", subject))
    for m in mentions:
        for p in m.participants:
            if p.entity is None or p.entity not in identity_of:
                continue
            if subject is not None and p.role == "subject":
                continue  # per-person events: the others have their own event
            pair = (p.role, identity_of[p.entity])
            if pair not in out:
                out.append(pair)
    return tuple(out)


def value_conflict(field: str, mentions: list[StoredEventMention], value_of) -> Conflict:
    by_value: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        by_value[value_of(m)].append(m.id)
    return Conflict(field, tuple(ConflictValue(v, tuple(ids)) for v, ids in sorted(by_value.items())))


def _event_order(e: FusedEvent) -> tuple:
    span = interval(e.date)
    return (span[0].isoformat() if span else "9999", e.type, e.mentions)
