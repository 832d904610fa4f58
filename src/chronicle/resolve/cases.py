"""Case files: what happened to each person, in order, with derived facts.

A case file is the chain arrest → charge → hearing → sentence → appeal →
hunger strike → release for one person, plus the solidarity actions about
them. Two kinds of reasoning add to it, each marked as derived and saying
what it was derived from:

* a term and a release date imply when detention began (a 15-day term
  ending on 12 May began about 27–28 April);
* a term that does not fit the arrest and release dates is a conflict.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from chronicle.records import Conflict, ConflictValue, FusedEvent
from chronicle.resolve.dates import interval
from chronicle.resolve.fusion import duration_days

CHAIN_ORDER = ("arrest", "detention", "search", "charge", "hearing", "sentence", "acquittal", "appeal",
               "hunger_strike", "release")
SOLIDARITY = ("protest", "letter", "statement", "strike")
# Courts count a term's days inclusively or not; a day either way is no conflict.
TERM_SLACK_DAYS = 1


@dataclass(frozen=True)
class CaseEntry:
    event: int  # index or id of the event
    type: str
    date_start: dt.date | None  # for ordering; None when the date is unknown
    role: str


@dataclass(frozen=True)
class CaseFile:
    person: int  # Identity key
    entries: tuple[CaseEntry, ...]  # the person's own chain, dated first
    solidarity: tuple[CaseEntry, ...]  # actions about the person


def case_file(person: int, events: dict[int, FusedEvent]) -> CaseFile:
    """The ordered case of one person from fused events keyed by id."""
    own, about = [], []
    for event_id, event in events.items():
        roles = [role for role, key in event.participants if key == person]
        if not roles:
            continue
        span = interval(event.date)
        entry = CaseEntry(event_id, event.type, span[0] if span else None, roles[0])
        (about if event.type in SOLIDARITY and roles[0] != "subject" else own).append(entry)
    return CaseFile(person, tuple(sorted(own, key=_chain_key)), tuple(sorted(about, key=_chain_key)))


def _chain_key(entry: CaseEntry) -> tuple:
    # Dated events by date; undated ones by their place in the usual chain.
    order = CHAIN_ORDER.index(entry.type) if entry.type in CHAIN_ORDER else len(CHAIN_ORDER)
    return (entry.date_start is None, entry.date_start or dt.date.max, order, entry.event)


def derive_facts(events: Sequence[FusedEvent]) -> list[FusedEvent]:
    """Add derived detention starts and term/date consistency conflicts."""
    out = list(events)
    by_subject: dict[tuple[str, int], list[int]] = {}
    for i, event in enumerate(out):
        for role, key in event.participants:
            if role == "subject":
                by_subject.setdefault((event.type, key), []).append(i)
    for (etype, person), indices in by_subject.items():
        if etype != "sentence":
            continue
        releases = [out[i] for i in by_subject.get(("release", person), []) if _day(out[i])]
        arrests = [out[i] for i in by_subject.get(("arrest", person), []) + by_subject.get(("detention", person), []) if _day(out[i])]
        for i in indices:
            terms = _terms(out[i])
            if not terms or len(releases) != 1:
                continue  # with several releases we can't tell which ends this term
            out[i] = _with_derived_start(out[i], terms, releases[0])
            if len(arrests) == 1:
                conflict = _term_check(out[i], terms, arrests[0], releases[0])
                if conflict is not None:
                    out[i] = replace(out[i], conflicts=out[i].conflicts + (conflict,))
    return out


def _day(event: FusedEvent) -> dt.date | None:
    span = interval(event.date)
    return span[0] if span and span[0] == span[1] else None


def _terms(event: FusedEvent) -> list[tuple[str, float, tuple[int, ...]]]:
    """Every term a sentence is reported with, and which mentions say it."""
    terms = []
    attrs = dict(event.attributes)
    if "term" in attrs:
        days = duration_days(attrs["term"])
        if days is not None:
            terms.append((attrs["term"], days, event.mentions))
    for conflict in event.conflicts:
        if conflict.field == "term":
            for value in conflict.values:
                days = duration_days(value.value)
                if days is not None:
                    terms.append((value.value, days, value.mentions))
    return terms


def _with_derived_start(sentence: FusedEvent, terms, release: FusedEvent) -> FusedEvent:
    end = _day(release)
    starts = sorted({end - dt.timedelta(days=round(days)) for _, days, _ in terms})
    value = starts[0].isoformat() if len(starts) == 1 else f"{starts[0].isoformat()}/{starts[-1].isoformat()}"
    how = (
        f"term {' or '.join(sorted({t for t, _, _ in terms}))} (mentions {_ids(m for _, _, ms in terms for m in ms)}) "
        f"ending with the release on {end.isoformat()} (mentions {_ids(release.mentions)})"
    )
    derived = dict(sentence.derived)
    derived["detention_start"] = value
    derived["detention_start_derived_from"] = how
    return replace(sentence, derived=tuple(sorted(derived.items())))


def _term_check(sentence: FusedEvent, terms, arrest: FusedEvent, release: FusedEvent) -> Conflict | None:
    served = (_day(release) - _day(arrest)).days
    if any(abs(served - days) <= TERM_SLACK_DAYS for _, days, _ in terms):
        return None
    values = tuple(ConflictValue(term, mentions) for term, _, mentions in terms)
    values += (ConflictValue(f"P{served}D (from arrest {_day(arrest)} to release {_day(release)})",
                             arrest.mentions + release.mentions),)
    return Conflict("term_vs_dates", values)


def _ids(ids: Iterable[int]) -> str:
    return ", ".join(str(i) for i in sorted(set(ids)))
