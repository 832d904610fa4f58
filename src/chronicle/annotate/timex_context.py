"""Context a time expression is read in: its sentence, tense and discourse.

Relative expressions ("Tuesday", "in May", "a year earlier") need more
than the anchor: whether the sentence talks about the past or the future,
and which date the text was last talking about. These helpers compute that
from plain text with small word lists, so the recogniser stays fast and
needs no tagger.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace

from chronicle.annotate.timex_calendar import Anchor, quarter_of

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct nov dec gen lt col sgt "
    "gov sen rep inc corp co ltd jr sr no vs mt ft messrs prof rev adm capt cmdr maj "
    "u.s u.n u.k a.m p.m e.g i.e etc".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z\"\u201c])")


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin, skipping periods of common abbreviations."""
    starts = [0]
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 40) : m.start()])
            if word:
                w = word.group(1).lower().rstrip(".")
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        starts.append(m.end())
    return starts


def sentence_bounds(text: str, starts: list[int], pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence containing ``pos``."""
    i = bisect.bisect_right(starts, pos) - 1
    start = starts[max(i, 0)]
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return start, end


_FUTURE = frozenset(
    "will 'll wo shall going gonna expected expects expect scheduled schedule planning "
    "intends intend due upcoming slated tomorrow".split()
)
_WEAK_FUTURE = frozenset("would might may".split())
# Future only when an infinitive follows: "set to resume", "plans to meet".
_FUTURE_BEFORE_TO = frozenset(
    "set plans plan planned aims hopes wants agreed agreement decided decision pledged promised "
    "vowed threatened offer bid proposal deal ready prepared likely unlikely poised ahead".split()
)
_PAST_IRREGULAR = frozenset(
    "was were had did went came took made gave met held began won lost left fell "
    "rose sold bought paid got saw knew thought brought found ran spoke wrote hit "
    "struck shot fled led sent spent built kept became broke chose drove flew grew hid "
    "rode rang shook sat slept stole stood threw understood woke wore withdrew "
    "fought caught taught sought stuck swore tore bore forgave overtook undertook arose "
    "ago yesterday".split()
)
_REPORTING = frozenset(
    "said says told added stated reported announced noted explained claimed "
    "insisted argued warned confirmed denied predicted disclosed declared".split()
)
_REPORTING_PENALTY = 20  # characters: a reporting verb yields to a nearer tense cue
_PASSIVE_AUX = frozenset("be been being is are am".split())
_NOT_PAST_ED = frozenset(
    "expected scheduled planned proposed intended needed indeed need speed feed bed red "
    "seed shed hundred united limited based related detailed untouched unprecedented "
    "alleged so-called embattled beloved aged".split()
)
_WORD = re.compile(r"[A-Za-z']+")
# Moving a deadline: the day after "until" is still ahead.
_DEADLINE = re.compile(
    r"\b(?:deadline|postpon\w*|delay\w*|defer\w*|adjourn\w*|extend\w*|given|gave|give[ns]?|granted)\b",
    re.IGNORECASE,
)


def tense_near(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str:
    """Guess whether the clause around an expression speaks of past or future.

    News puts the governing verb before the time expression ("said
    Friday", "will meet on Tuesday"), so the nearest cue before it counts
    most; cues after it pay a distance penalty. A reporting verb right
    before the expression decides at once ("announced Wednesday"), while a
    distant one only decides when nothing else does, because news wraps
    plans in past-tense attribution ("the court will rule on Tuesday, he
    said"). A moved deadline looks ahead ("postponed until Tuesday"), and a
    plan in the past perfect right before the expression is overtaken
    ("had been scheduled to expire Friday"). Returns ``past``, ``future``
    or ``none``.
    """
    gap = text[max(sent_start, start - 12) : start]
    if re.search(r"\b(?:" + "|".join(_REPORTING) + r"|ended)(?:\s+(?:on|late|early|last))?\s+$", gap, re.IGNORECASE):
        return "past"  # "announced Wednesday", "the year ended Jan. 31"
    clause = text[sent_start:start]
    if re.search(r"\b(?:until|till|through)\s+$", clause, re.IGNORECASE) and _DEADLINE.search(clause):
        return "future"  # "postponed until Tuesday", "given them until 9 a.m. Tuesday", "extended through May"
    if re.match(r"(?:'s|\u2019s)\b", text[end : end + 3]):
        return "past"  # "Wednesday's ruling": an event already known
    best: tuple[int, str] | None = None
    reporting = False
    history = ("", "")  # the two words before the current one
    for m in _WORD.finditer(text, sent_start, sent_end):
        w = m.group(0).lower()
        prev2, prev = history
        history = (prev, w)
        if start <= m.start() < end:
            continue
        if w.endswith("n't"):
            w = w[:-3]
        penalty = 0
        if w in _FUTURE and (prev == "had" or (prev == "been" and prev2 == "had")):
            # "had been scheduled to expire Friday": a plan already overtaken;
            # farther away it is about something else ("the sale had been expected").
            cue = "past" if m.end() <= start and start - m.end() <= 30 else "future"
        elif w in _FUTURE:
            cue = "future"
        elif w in _FUTURE_BEFORE_TO and re.match(r" (?:to|of) ", text[m.end() : m.end() + 4]):
            cue = "future"
        elif w in _WEAK_FUTURE:
            cue, penalty = "future", 15
        elif w in _PAST_IRREGULAR and not (prev in _PASSIVE_AUX and w not in ("was", "were", "had", "did")):
            cue = "past"
        elif w in _REPORTING and m.end() <= start and w != "says":
            # "Bush told a news conference on Tuesday that ...": a past
            # reporting verb before the expression is its verb unless a
            # nearer cue governs it ("said the court will rule on Tuesday").
            reporting = True
            cue, penalty = "past", _REPORTING_PENALTY
        elif w in _REPORTING:
            reporting = True
            continue
        elif (len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED and prev not in _PASSIVE_AUX
              and not w.startswith("un")):  # "unspecified", "unnamed": adjectives
            cue, penalty = "past", 8
        else:
            continue
        if m.end() <= start:
            distance = start - m.end() + penalty
        else:
            distance = m.start() - end + penalty + 25
        if best is None or distance < best[0]:
            best = (distance, cue)
    if best:
        return best[1]
    return "past" if reporting else "none"


def _still_ahead(year: int, quarter: int | None, anchor: Anchor | None) -> bool:
    """Whether a year (or one of its quarters) had not yet ended at the anchor; unknown counts as ahead."""
    if anchor is None or anchor.year is None or anchor.month is None:
        return True
    if quarter is None:
        return year >= anchor.year
    return (year, quarter) >= (anchor.year, quarter_of(anchor.month))


@dataclass(frozen=True)
class Memory:
    """The dates a text has most recently talked about.

    Anaphoric expressions ("that year", "a year earlier", "the quarter")
    resolve against these rather than the publication date.
    """

    day: dt.date | None = None
    month: tuple[int, int] | None = None
    year: int | None = None
    quarter: tuple[int, int] | None = None
    granularity: str | None = None  # of the last explicit date: day/month/quarter/year

    def remember(self, value: str, anchor: Anchor | None = None, forecast: bool = False) -> "Memory":
        """Memory after reading a resolved DATE/TIME ``value``.

        ``forecast`` marks a value read in a future-tense sentence: a
        quarter or year that had not ended by the ``anchor`` is then a
        forecast ("losses will continue into the fourth quarter"), not the
        period a report's "a year earlier" compares with, and is not
        remembered. A quarter older than the one under discussion ("after a
        flat second quarter" in a third-quarter report) is background and
        does not replace it either.
        """
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                day = dt.date(y, mo, d)
            except ValueError:
                return self
            return Memory(day, (y, mo), y, self.quarter, "day")
        m = re.match(r"^(\d{4})-(\d{2})$", value)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            return replace(self, month=(y, mo), year=y, granularity="month")
        m = re.match(r"^(\d{4})-Q([1-4])$", value)
        if m:
            y, q = int(m.group(1)), int(m.group(2))
            if forecast and _still_ahead(y, q, anchor):
                return self
            if self.quarter is not None and (y, q) < self.quarter:
                return replace(self, granularity="quarter")
            return replace(self, quarter=(y, q), year=y, granularity="quarter")
        m = re.match(r"^(\d{4})(?:-(?:W\d\d|SU|SP|FA|WI|H\d))?$", value)
        if m and not (forecast and _still_ahead(int(m.group(1)), None, anchor)):
            return replace(self, year=int(m.group(1)), granularity="year")
        return self


@dataclass(frozen=True)
class Context:
    """Everything a rule's normaliser may look at besides its own match."""

    text: str
    start: int
    end: int
    anchor: Anchor
    tense: str
    memory: Memory
    sentence: tuple[int, int]

    def before(self, n: int = 40) -> str:
        """The ``n`` characters before the expression."""
        return self.text[max(0, self.start - n) : self.start]

    def after(self, n: int = 40) -> str:
        """The ``n`` characters after the expression."""
        return self.text[self.end : self.end + n]
