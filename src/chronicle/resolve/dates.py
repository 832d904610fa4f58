"""Partial dates as day intervals, for comparing what sources say."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from chronicle.records import PartialDate

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}


def interval(date: PartialDate) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial date can mean; None when unknown."""
    try:
        if date.precision == "unknown" or not (date.value or date.start):
            return None
        if date.precision == "range" or (date.start and date.end):
            if date.start and date.end:
                return dt.date.fromisoformat(date.start[:10]), dt.date.fromisoformat(date.end[:10])
        value = date.value or ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = int(value[:4]), int(value[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value)
        if m:
            year, (first, last) = int(m.group(1)), SEASON_MONTHS[m.group(2)]
            end_year = year + 1 if last < first else year
            return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def width(date: PartialDate) -> int:
    """Days the date spans: smaller is more precise (unknown is widest)."""
    span = interval(date)
    return (span[1] - span[0]).days if span else 10**6


def gap_days(a: PartialDate, b: PartialDate) -> int | None:
    """Days between two dates' intervals: 0 when they overlap, None if unknown."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return None
    if ia[1] < ib[0]:
        return (ib[0] - ia[1]).days
    if ib[1] < ia[0]:
        return (ia[0] - ib[1]).days
    return 0


def covering(dates: list[PartialDate]) -> PartialDate:
    """A range covering several disagreeing dates (the conflict shows each)."""
    spans = [s for s in (interval(d) for d in dates) if s]
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    return PartialDate(f"{start.isoformat()}/{end.isoformat()}", "range", start.isoformat(), end.isoformat())
