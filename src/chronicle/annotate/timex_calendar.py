"""Calendar arithmetic and TimeML value <-> PartialDate conversion.

Everything here is pure: it takes an anchor and returns values. Keeping the
arithmetic separate from the grammar lets the tests check it exhaustively.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from chronicle.records import PartialDate

@dataclass(frozen=True)
class Anchor:
    """What is known of the date relative expressions hang on.

    Built from a ``PartialDate``: a day-precision anchor knows all three
    fields, a month-precision one only year and month, and so on. Resolvers
    ask for the fields they need and give up (never guess) when one is None.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> dt.date | None:
        """The anchor as a date, when all three fields are known."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    @staticmethod
    def of(partial: PartialDate | None) -> "Anchor":
        """Read an anchor from a ``PartialDate`` (None or unknown: nothing known)."""
        if partial is None or partial.precision == "unknown":
            return Anchor()
        value = partial.value or ""
        if partial.precision == "range":
            start, end = partial.start or "", partial.end or ""
            if start and start == end:
                value = start
            elif start[:7] and start[:7] == end[:7]:
                value = start[:7]
            elif start[:4] and start[:4] == end[:4]:
                value = start[:4]
            else:
                return Anchor()
        m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
        if not m:
            return Anchor()
        year = int(m.group(1))
        if not 1 <= year <= 9998:
            return Anchor()  # outside what calendar arithmetic can step around
        month = int(m.group(2)) if m.group(2) and partial.precision in ("day", "month", "range") else None
        day = int(m.group(3)) if m.group(3) and month else None
        if month is not None and not 1 <= month <= 12:
            return Anchor(year)
        if day is not None and month is not None and not valid_day(year, month, day):
            return Anchor(year, month)
        return Anchor(year, month, day)


def valid_day(year: int, month: int, day: int) -> bool:
    """Whether year-month-day exists in the Gregorian calendar."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by ``n`` months."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def add_years_to_day(day: dt.date, n: int) -> dt.date:
    """Same calendar day ``n`` years away (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def week_value(day: dt.date) -> str:
    """TimeML value of the ISO week containing ``day``: ``2010-W19``."""
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(month: int) -> int:
    """Calendar quarter (1..4) of a month."""
    return (month - 1) // 3 + 1


def weekday_near(anchor: dt.date, weekday: int, direction: str) -> dt.date:
    """The ``weekday`` (ISO 1..7) nearest the anchor in ``direction``.

    ``past``: the most recent such day on or before the anchor (a report
    published on a Friday saying "on Friday" means that same day);
    ``future``: the next on or after it. ``past-strict``/``future-strict``
    exclude the anchor day itself ("last Friday", "next Friday").
    """
    delta = weekday - anchor.isoweekday()
    if direction == "past":
        return anchor + dt.timedelta(days=delta if delta <= 0 else delta - 7)
    if direction == "past-strict":
        return anchor + dt.timedelta(days=delta if delta < 0 else delta - 7)
    if direction == "future-strict":
        return anchor + dt.timedelta(days=delta if delta > 0 else delta + 7)
    return anchor + dt.timedelta(days=delta if delta >= 0 else delta + 7)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` of a month; ``n = -1`` is the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _range(value: str, start: dt.date, end: dt.date) -> PartialDate:
    return PartialDate(value, "range", start.isoformat(), end.isoformat())


def partial_from_value(value: str) -> PartialDate:
    """The ``PartialDate`` a TimeML DATE/TIME value stands for.

    Day, month, season and year values map to those precisions; weeks,
    weekends, quarters, halves, decades and centuries become ranges with
    start and end days. Anything with an unknown part (``XXXX-05-06``,
    ``PAST_REF``) is unknown: Chronicle never stores a guessed date.
    """
    if not value or "X" in value or value.endswith("_REF"):
        return PartialDate.unknown()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
    if m:
        return PartialDate(value[:10], "day")
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        return PartialDate(value, "month")
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        return PartialDate(value, "season")
    if re.fullmatch(r"\d{4}", value):
        return PartialDate(value, "year")
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        try:
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return PartialDate.unknown()
        if m.group(3):
            return _range(value, monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
        return _range(value, monday, monday + dt.timedelta(days=6))
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        year, q = int(m.group(1)), int(m.group(2))
        last = dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
        return _range(value, dt.date(year, 3 * q - 2, 1), last)
    m = re.fullmatch(r"(\d{4})-H([12])", value)
    if m:
        year, h = int(m.group(1)), int(m.group(2))
        if h == 1:
            return _range(value, dt.date(year, 1, 1), dt.date(year, 6, 30))
        return _range(value, dt.date(year, 7, 1), dt.date(year, 12, 31))
    m = re.fullmatch(r"(\d{3})", value)
    if m:
        decade = int(value) * 10
        return _range(value, dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31))
    m = re.fullmatch(r"(\d{2})", value)
    if m:
        century = int(value) * 100
        return _range(value, dt.date(max(century, 1), 1, 1), dt.date(century + 99, 12, 31))
    return PartialDate.unknown()
