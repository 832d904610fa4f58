"""Calendar dates written out in text, with the precision they were written to.

Used to read a publication date off a dateline ("From The X newspaper,
19 May 2010"), a byline stamp ("Published: Tuesday, November 19, 2019") or a
lone "May 2010" line. Only explicit dates are recognised: a phrase that names
a month but no year, or a numeric date whose day and month could be swapped,
is not a date here, because Chronicle never guesses a publication date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chronicle.records import PartialDate

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _num

MIN_YEAR, MAX_YEAR = 1900, 2100

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_B = r"(?<![\w])"
_E = r"(?![\w])"

# Order matters: day-precision forms are tried before the month-only form,
# and a match consumes its text so "19 May 2010" is not also read as "May 2010".
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_B + r"(?P<year>(?:19|20|21)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d])")),
    ("dmy", re.compile(_B + _DAY + r"(?:\s+of)?[\s.-]+" + _MONTH + r",?[\s.-]+" + _YEAR + _E, re.I)),
    ("mdy", re.compile(_B + _MONTH + r"[\s.-]+" + _DAY + r"(?:,\s*|\s+)" + _YEAR + _E, re.I)),
    ("numeric", re.compile(_B + r"(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>(?:19|20|21)\d\d)" + _E)),
    ("my", re.compile(_B + _MONTH + r",?\s+" + _YEAR + _E, re.I)),
]


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string: where, and what it means."""

    start: int
    end: int
    date: PartialDate


def _day_date(year: int, month: int, day: int) -> PartialDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return PartialDate(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _month_date(year: int, month: int) -> PartialDate | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return PartialDate(f"{year:04d}-{month:02d}", "month")


def _interpret(kind: str, m: re.Match[str]) -> PartialDate | None:
    year = int(m.group("year"))
    if kind == "iso":
        return _day_date(year, int(m.group("month")), int(m.group("day")))
    if kind in ("dmy", "mdy"):
        return _day_date(year, MONTHS[m.group("month").lower()], int(m.group("day")))
    if kind == "numeric":
        a, b = int(m.group("a")), int(m.group("b"))
        # 05/06/2010 is 5 June in Europe and May 6 in the US: refuse to pick.
        if a == b or (a > 12 and b <= 12):
            return _day_date(year, b, a)
        if b > 12 and a <= 12:
            return _day_date(year, a, b)
        return None
    return _month_date(year, MONTHS[m.group("month").lower()])


def find_dates(text: str) -> list[DateMatch]:
    """All explicit dates in ``text``, left to right, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            # An impossible or ambiguous date still claims its text, so that
            # "31 Feb 2010" does not fall through to a month-only "Feb 2010".
            taken.append((m.start(), m.end()))
            date = _interpret(kind, m)
            if date is None:
                continue
            found.append(DateMatch(m.start(), m.end(), date))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> PartialDate | None:
    """The date that ``text`` consists of (surrounding punctuation and weekday allowed).

    ``"19 May 2010"`` -> 2010-05-19 (day); ``"May 2010"`` -> 2010-05 (month);
    ``"Tuesday, November 19, 2019"`` -> 2019-11-19. Anything with other
    words around the date returns None: use :func:`find_dates` for that.
    """
    matches = find_dates(text)
    if len(matches) != 1:
        return None
    m = matches[0]
    rest = (text[: m.start] + " " + text[m.end :]).lower()
    rest = _WEEKDAY_RE.sub(" ", rest)
    if re.search(r"\w", rest):
        return None
    return m.date


_WEEKDAY_RE = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?\b"
)


def parse_iso_hint(value: str) -> PartialDate | None:
    """Read an ISO 8601 date or datetime string (e.g. a JSON Lines ``published``).

    ``2010-05-19`` and ``2010-05-19T10:00:00Z`` give day precision, ``2010-05``
    month and ``2010`` year.
    """
    value = value.strip()
    m = re.match(r"^((?:19|20|21)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?$", value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        return _day_date(year, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        return _month_date(year, int(m.group(2)))
    if MIN_YEAR <= year <= MAX_YEAR:
        return PartialDate(f"{year:04d}", "year")
    return None
