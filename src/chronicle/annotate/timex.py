"""Find and normalise English time expressions in news text.

A rule-based recogniser (``timex_rules``) proposes candidate expressions;
the longest non-overlapping candidates are kept and normalised in document
order to TimeML values (``2010-05-12``, ``2010-W19``, ``P15D``,
``PAST_REF``) and to Chronicle ``PartialDate`` values.

Relative expressions resolve against an anchor: the publication date, or
the date of an embedded dated message ("Today, May 6, the court heard
...") for the rest of that message. With no anchor, or one too coarse for
the expression ("yesterday" against a month), the value stays
underspecified and the date unknown: Chronicle never guesses dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from chronicle.annotate.timex_calendar import Anchor, partial_from_value
from chronicle.annotate.timex_context import (
    Context,
    Memory,
    sentence_bounds,
    sentence_starts,
    tense_near,
)
from chronicle.annotate.timex_prefilter import folded, may_match, required_strings
from chronicle.annotate.timex_rules import RULES, Reading, Rule
from chronicle.records import PartialDate, Span, TimeExpression

__all__ = ["find_times", "normalise", "parse_duration"]

# Rules whose values are deictic (tied to "now") rather than a date the text
# is talking about; they do not become the reference for "that year".
_NOT_REFERENCE = frozenset({"relative_day", "ref", "overnight", "part_of_day", "clock", "recent_plural"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int  # rule index: earlier rules win ties
    rule: Rule
    match: re.Match


@dataclass(frozen=True)
class _Scope:
    """A stretch of text whose relative expressions hang on ``anchor``."""

    start: int
    end: int
    anchor: Anchor


@lru_cache(maxsize=1)
def _requirements() -> tuple[frozenset[str] | None, ...]:
    """For each rule, the strings one of which its matches contain (see ``timex_prefilter``)."""
    return tuple(required_strings(rule.regex) for rule in RULES)


def _candidates(text: str) -> list[_Candidate]:
    """Every match of every rule, overlapping or not; selection comes later.

    Rules whose required words the text lacks are not scanned: they could
    not match, and scanning is most of the cost.
    """
    out = []
    low = folded(text)
    for order, (rule, required) in enumerate(zip(RULES, _requirements())):
        if not may_match(required, low):
            continue
        for m in rule.regex.finditer(text):
            if m.end() > m.start():
                out.append(_Candidate(m.start(), m.end(), order, rule, m))
    return out


def _context(text: str, starts: list[int], cand: _Candidate, anchor: Anchor, memory: Memory) -> Context:
    """The context a candidate is normalised in: its sentence, tense and anchor."""
    sent = sentence_bounds(text, starts, cand.start)
    tense = tense_near(text, sent[0], sent[1], cand.start, cand.end)
    return Context(text, cand.start, cand.end, anchor, tense, memory, sent)


def _safe_normalise(rule: Rule, match: re.Match, ctx: Context) -> Reading | None:
    """Run a rule's normaliser; a value outside the calendar means no expression.

    Calendar arithmetic raises on absurd inputs ("99999999 days ago", an
    anchor in year 9999); such a candidate is dropped rather than failing
    the whole document.
    """
    try:
        return rule.normalise(match, ctx)
    except (ValueError, OverflowError):
        return None


# Generic time words that, capitalised in mid-sentence after a quote or a
# name, are part of a title: "60 Minutes", "This Week", "High Noon", "VOA Today".
_GENERIC_TIME_WORD = re.compile(
    r"(?:Seconds?|Minutes?|Hours?|Days?|Weeks?|Weekends?|Months?|Years?|Decades?|Centur(?:y|ies)|"
    r"Today|Tonight|Tomorrow|Yesterday|Noon|Midnight|Morning|Afternoon|Evening|Night|Now|Future|Past)$"
)
_FUNCTION_WORDS = frozenset(
    "A An The For In On At By Of To From Since Until After Before During Last Next This That "
    "Early Late Every Each And Or But Over Within Throughout".split()
)


def _part_of_a_title(text: str, start: int, end: int) -> bool:
    """Whether a capitalised time phrase is really (part of) a name or title."""
    surface = text[start:end]
    last = surface.split()[-1] if surface.split() else ""
    if not _GENERIC_TIME_WORD.match(last):
        return False
    before = text[max(0, start - 30) : start]
    after = text[end : end + 12]
    if re.search(r"(?:\"|\u201c|``|'')\s*$", before) and re.match(
        r"[.,!?]?(?:\"|\u201d|'')|\s+(?-i:[A-Z])", after
    ):
        return True  # a quoted title: "This Week With David Brinkley", ''60 Minutes.''
    # Mid-sentence, a generic time word is lower case; capitalised right after
    # another capitalised word it belongs to a name: "VOA Today", "Kazakhstan Today".
    prev = re.search(r"(?<![\w.])([A-Z][\w&'-]*)[ \t]+$", before)
    return prev is not None and prev.group(1) not in _FUNCTION_WORDS


def _select(text: str, starts: list[int], anchor: Anchor) -> list[_Candidate]:
    """Longest-first choice of non-overlapping candidates that normalise.

    A candidate whose normaliser rejects it (a year that is a count, "May"
    as a name) leaves room for shorter candidates inside it.
    """
    chosen: list[_Candidate] = []
    taken = bytearray(len(text) + 1)
    for cand in sorted(_candidates(text), key=lambda c: (-(c.end - c.start), c.order, c.start)):
        if any(taken[cand.start : cand.end]):
            continue
        if _part_of_a_title(text, cand.start, cand.end):
            continue
        ctx = _context(text, starts, cand, anchor, Memory())
        if _safe_normalise(cand.rule, cand.match, ctx) is None:
            continue
        chosen.append(cand)
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    chosen.sort(key=lambda c: c.start)
    return chosen


_TODAY_DATE = re.compile(r"^[\s,(\u2014\u2013-]*(?:is\s+|it\s+is\s+)?$", re.IGNORECASE)


def _is_heading(line: str) -> bool:
    """A short line without closing punctuation, or one in capitals, reads as a heading."""
    s = line.strip()
    if not s:
        return False
    letters = [c for c in s if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        return True
    return len(s) <= 80 and not re.search(r"[.!?:;,\"'\u201d\u2019)\u00bb\u2026]$", s)


def _message_end(text: str, pos: int) -> int:
    """End of the dated message that starts at ``pos``: the next heading-like line."""
    line_end = text.find("\n", pos)
    if line_end < 0:
        return len(text)
    offset = line_end
    for line in text[line_end + 1 :].split("\n"):
        if _is_heading(line):
            return offset + 1
        offset += len(line) + 1
    return len(text)


def _resolve(
    text: str, chosen: list[_Candidate], starts: list[int], publication: Anchor
) -> list[TimeExpression]:
    """Normalise chosen candidates in order, tracking embedded anchors and discourse."""
    out: list[TimeExpression] = []
    memory = Memory()
    scopes: list[_Scope] = []
    readings: dict[int, Reading] = {}
    for i, cand in enumerate(chosen):
        anchor = publication
        for scope in scopes:
            if scope.start <= cand.start < scope.end:
                anchor = scope.anchor
        ctx = _context(text, starts, cand, anchor, memory)
        reading = readings[i] if i in readings else _safe_normalise(cand.rule, cand.match, ctx)
        if reading is None:
            continue
        embedded = _embedded_anchor(text, chosen, i, starts, anchor, memory)
        if embedded is not None:
            day_reading, new_anchor = embedded
            scopes.append(_Scope(cand.start, _message_end(text, cand.start), new_anchor))
            reading = Reading(reading.kind, day_reading.value, day_reading.anchored)
            readings[i + 1] = day_reading
        out.append(_expression(text, cand, reading))
        if reading.kind in ("DATE", "TIME") and reading.remember and cand.rule.name not in _NOT_REFERENCE:
            memory = memory.remember(reading.value, anchor, forecast=ctx.tense == "future")
    return out


def _embedded_anchor(
    text: str, chosen: list[_Candidate], i: int, starts: list[int], anchor: Anchor, memory: Memory
) -> tuple[Reading, Anchor] | None:
    """Detect "Today, May 6, ..." and return May 6 as the new anchor."""
    cand = chosen[i]
    if cand.rule.name != "relative_day" or cand.match.group(0).lower() != "today":
        return None
    if i + 1 >= len(chosen):
        return None
    nxt = chosen[i + 1]
    if nxt.rule.name not in ("calendar_md", "calendar_dm", "iso_date", "numeric_date"):
        return None
    if not _TODAY_DATE.match(text[cand.end : nxt.start]):
        return None
    reading = _safe_normalise(nxt.rule, nxt.match, _context(text, starts, nxt, anchor, memory))
    if reading is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", reading.value):
        return None
    y, m, d = (int(x) for x in reading.value.split("-"))
    return reading, Anchor(y, m, d)


def _expression(text: str, cand: _Candidate, reading: Reading) -> TimeExpression:
    """Build the public record, deriving the PartialDate from the TimeML value."""
    date = partial_from_value(reading.value) if reading.kind in ("DATE", "TIME") else None
    return TimeExpression(
        span=Span(cand.start, cand.end, text[cand.start : cand.end]),
        kind=reading.kind,  # type: ignore[arg-type]
        value=reading.value,
        date=date,
        anchored=reading.anchored,
    )


def find_times(text: str, anchor: PartialDate | None) -> list[TimeExpression]:
    """All time expressions in ``text``, in order, normalised against ``anchor``.

    ``anchor`` is the publication date (any precision, or None). Spans are
    offsets into ``text``; ``text[span.start:span.end] == span.text``.
    """
    if not text:
        return []
    base = Anchor.of(anchor)
    starts = sentence_starts(text)
    chosen = _select(text, starts, base)
    return _resolve(text, chosen, starts, base)


def normalise(phrase: str, anchor: PartialDate | None) -> TimeExpression | None:
    """Normalise one phrase already known to be a time expression.

    Returns the expression covering most of ``phrase`` (offsets relative to
    the phrase), or None when nothing in it is recognised.
    """
    found = find_times(phrase, anchor)
    if not found:
        return None
    return max(found, key=lambda t: (t.span.end - t.span.start, -t.span.start))


def parse_duration(phrase: str) -> str | None:
    """ISO 8601 / TimeML duration of a phrase such as "15 days" or "a fortnight".

    Accepts adjectival forms ("three-year"), singular units after a number
    ("15 day", "two month") and possessives ("two weeks'"). Returns None
    when the phrase is not a duration.
    """
    cleaned = phrase.strip().rstrip("'\u2019").strip()
    if not cleaned:
        return None
    found = [t for t in find_times(cleaned, None) if t.kind == "DURATION"]
    if not found:
        return None
    best = max(found, key=lambda t: t.span.end - t.span.start)
    if best.span.end - best.span.start < len(cleaned) - 6:
        return None
    return best.value
