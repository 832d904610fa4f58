"""The time-expression grammar: one regular expression and one normaliser per rule.

Each rule recognises a family of expressions ("May 6, 2010", "last week",
"three-year") and turns a match into a TimeML ``Reading`` given a
``Context``. Spans follow TimeML extent conventions: determiners and
modifiers belong to the expression ("the third quarter", "early next
year", "nearly two years"), prepositions do not ("on Tuesday" -> "Tuesday").

A normaliser returns None to reject a match (a year that is really a
count, "May" that is a name). When the anchor lacks what a relative
expression needs, the normaliser returns an underspecified value
(``XXXX-05-06``) and ``anchored=False``: never a guess.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from chronicle.annotate.timex_calendar import (
    add_months,
    add_years_to_day,
    easter,
    nth_weekday,
    quarter_of,
    valid_day,
    week_value,
    weekday_near,
)
from chronicle.annotate.timex_context import Context
from chronicle.annotate.timex_lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORD,
    ONES,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    TENS,
    TIME_UNITS,
    UNITS,
    VAGUE_QUANTITIES,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    alternation,
    cased,
    month_number,
    parse_number,
    unit_name,
    weekday_number,
)


@dataclass(frozen=True)
class Reading:
    """A normalised expression: TimeML type and value, and anchor use."""

    kind: str
    value: str
    anchored: bool = False
    # False for anaphoric readings ("a year earlier", "that quarter"): they
    # refer back to the date under discussion and must not replace it.
    remember: bool = True


Normaliser = Callable[[re.Match, Context], "Reading | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    normalise: Normaliser


# ------------------------------------------------------------------ patterns

MONTH_FULL = cased(list(MONTHS)) + r"\b"
MONTH = (
    r"(?:" + cased(list(MONTHS)) + r"\b|"
    + cased(list(MONTH_ABBREVIATIONS)) + r"(?:\.|\b(?=\s*\d)))"
)
WEEKDAY = r"(?:" + cased(list(WEEKDAYS)) + r"\b|" + cased(list(WEEKDAY_ABBREVIATIONS)) + r"\.)"
WEEKDAY_PLURAL = cased([w + "s" for w in WEEKDAYS]) + r"\b"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|%|-\d)"
# Spelled ordinals as days ("March eighth"), as broadcast transcripts write them.
DAYWORD = (
    r"(?:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
YEAR = r"(?:1\d{3}|20\d{2}|'\d{2})(?![\d%])"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
PART = r"(?:morning|afternoon|evening|night)"
PARTS_PLURAL = r"(?:mornings|afternoons|evenings|nights)"
UNIT_SINGULAR = alternation(list(UNITS))
UNIT_ANY = (
    r"(?:" + alternation(list(UNITS) + ["seconds", "minutes", "hours", "days", "nights",
    "weeks", "weekends", "fortnights", "months", "quarters", "years", "decades",
    "centuries", "millennia", "millenniums"]) + r")"
)
UNIT_DATE = r"(?:weeks?|weekends?|months?|quarters?|years?|decades?|days?|centur(?:y|ies)|hours?|minutes?|seconds?|nights?|fortnights?)"
NUM = (
    r"(?:(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+1/2|\s*\u00bd)?"
    r"|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:hundred|thousand)(?:\s+and)?(?:\s+" + NUMBER_WORD + r")?"
    r"|" + NUMBER_WORD + r"(?:\s+and\s+a\s+half)?"
    r"|an?)"
)
VAGUE = r"(?:" + alternation(list(VAGUE_QUANTITIES)) + r")"
# Modifiers TimeBank keeps inside a duration's extent ("nearly two years",
# "at least 30 days"); "about", "almost", "only", "just" and "over" it leaves out.
QUANT_MOD = (
    r"(?:nearly|some|around|approximately|roughly|more\s+than|less\s+than|fewer\s+than|at\s+least|"
    r"at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|well\s+over|close\s+to|"
    r"upwards\s+of|in\s+excess\s+of)"
)
# "early May", "mid-2010", "the end of next year": TimeML keeps these in the extent.
MOD = (
    r"(?:(?:early|late|mid|middle)(?:-|\s+)|mid(?=\d)|"
    r"the\s+(?:very\s+)?(?:end|beginning|start|middle|close|turn|rest|remainder|balance)\s+of\s+)"
)
REL_MOD = r"(?:(?:early|earlier|late|later|mid|the\s+(?:end|beginning|start|middle|rest|remainder)\s+of)(?:-|\s+))"
TZ = (
    r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST|MSK|local\s+time|"
    r"Eastern(?:\s+(?:Standard|Daylight))?\s+Time))"
)
CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b|a\.m\b|p\.m\b)"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)(?:\s+(?:hours|hrs|h)\b)?"
    r"|(?:[01]?\d|2[0-3])\s+o'clock"
    r"|(?:[01]?\d|2[0-3])(?=\s+in\s+the\s+(?:morning|afternoon|evening)|\s+at\s+night)"
    r"|noon|midday|midnight)"
)
DAYREF = (
    r"(?:" + WEEKDAY + r"(?:,?\s+" + MONTH + r"\s+" + DAYNUM + r")?|today|tonight|yesterday|tomorrow|"
    + MONTH + r"\s+" + DAYNUM + r"(?:,?\s+" + YEAR + r")?)"
)


SPELLED_YEAR = (
    r"nineteen[- ](?:hundred|(?:" + alternation(list(TENS)) + r")(?:[- ](?:"
    + alternation([w for w in ONES if 0 < ONES[w] < 10]) + r"))?|" + alternation([w for w in ONES if 10 <= ONES[w]]) + r")"
    r"|two[- ]thousand(?:(?:[- ]and)?[- ](?:" + alternation([w for w in ONES if 0 < ONES[w]]) + r"))?"
)


def _compile(body: str) -> re.Pattern:
    """Compile a rule body so that it only matches whole words, case-insensitively."""
    # Expressions start at a word start and end at a word end.
    return re.compile(r"(?<![\w])(?:" + body + r")(?!(?<=\w)\w)", re.IGNORECASE)


# ------------------------------------------------------------------ helpers


def _year_of(token: str, ctx: Context) -> int | None:
    """A four-digit year, or a two-digit one read in the anchor's century."""
    token = token.strip()
    if token.startswith("'"):
        yy = int(token[1:])
        if ctx.anchor.year is not None:
            century = ctx.anchor.year // 100 * 100
            year = century + yy
            return year - 100 if year > ctx.anchor.year + 20 else year
        return 1900 + yy if yy > 30 else 2000 + yy
    return int(token)


def _day_of(token: str) -> int:
    """Day number of "6", "6th" or "sixth"."""
    m = re.match(r"\d+", token)
    if m:
        return int(m.group(0))
    return ORDINALS.get(token.lower().replace(" ", "-"), 0)


_MONTH_PENALTY = 240  # days
_DAY_PENALTY = 120
# With no tense cue at all, news more often reports what happened than what
# will: a future candidate pays about two months ("since the Oct. 23 slaying"
# in a May report is last October).
_NEWS_PAST_BIAS = 60


_ENDED_BEFORE = re.compile(r"\b(?:ended|that\s+ended)\s+(?:on\s+)?$", re.IGNORECASE)


def _choose_year(month: int, day: int | None, ctx: Context) -> int | None:
    """Year of a month (and day) written without one.

    The candidate nearest the anchor wins, but a candidate on the wrong side
    of the anchor for the sentence's tense pays a penalty (about four months
    for a day, eight for a bare month): "will be paid June 1" in an October
    article is next June, "was founded in December" in October is last
    December. The penalties barely move the benchmark between 60 and 240
    days; they encode the reading, not a fit.
    """
    a = ctx.anchor
    if a.year is None:
        return None
    if a.month is None:
        return a.year
    ref = a.date or dt.date(a.year, a.month, 15)
    # "the fiscal year ended Jan. 31": a period that has ended cannot end after the report.
    ended = _ENDED_BEFORE.search(ctx.before(12)) is not None
    best: tuple[float, int] | None = None
    for year in (a.year - 1, a.year, a.year + 1):
        d = day if day is not None else 15
        try:
            cand = dt.date(year, month, d)
        except ValueError:
            cand = dt.date(year, month, 28)
        delta = (cand - ref).days
        if day is None:
            if (year, month) == (ref.year, ref.month):
                delta = 0
            penalty = _MONTH_PENALTY
        else:
            penalty = _DAY_PENALTY
        cost = abs(delta)
        if ctx.tense == "future" and delta < 0:
            cost += penalty
        if ctx.tense == "past" and delta > 0:
            cost += penalty
        if ctx.tense == "none" and delta > 0:
            cost += _NEWS_PAST_BIAS
        if ended and delta > 0:
            continue
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def _date_value(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """ISO value cut to what is known, ``XXXX`` for an unknown year."""
    y = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        return y
    if day is None:
        return f"{y}-{month:02d}"
    return f"{y}-{month:02d}-{day:02d}"


def _number_value(n: float) -> str:
    """A count as TimeML writes it: "3", "2.5"."""
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TimeML duration for ``n`` units (None: unknown count, ``PXY``).

    Halves become the next smaller unit, as TimeBank writes them
    ("2 1/2 years" -> ``P2Y6M``); a fortnight is fourteen days.
    """
    letter = UNITS[unit]
    t = "T" if unit in TIME_UNITS else ""
    if n is not None and unit in ("decade", "century", "millennium"):
        # TimeBank counts decades and centuries in years ("two decades" -> P20Y).
        n, unit, letter = n * {"decade": 10, "century": 100, "millennium": 1000}[unit], "year", "Y"
    if unit == "fortnight":
        return "PXD" if n is None else f"P{_number_value(14 * n)}D"
    if n is None:
        return f"P{t}X{letter}"
    whole, frac = int(n), n - int(n)
    if frac == 0.5 and letter in ("Y", "D", "H", "M"):
        if letter == "Y":
            return f"P{whole}Y6M" if whole else "P6M"
        if letter == "D":
            return f"P{whole}DT12H" if whole else "PT12H"
        if letter == "H" and unit == "hour":
            return f"PT{whole}H30M" if whole else "PT30M"
        if unit == "minute":
            return f"PT{whole}M30S" if whole else "PT30S"
    return f"P{t}{_number_value(n)}{letter}"


def _count(phrase: str) -> float | None:
    """Number in a duration phrase; None when vague ("several")."""
    p = phrase.lower().strip()
    if p in ("a couple of", "couple of", "a couple"):
        return 2.0
    if re.fullmatch(VAGUE, p, re.IGNORECASE):
        return None
    return parse_number(p)


def _shift(ctx: Context, base_day: dt.date | None, n: float, unit: str, sign: int) -> str | None:
    """Value of "n units ago/later" from ``base_day`` at the unit's granularity."""
    a = ctx.anchor
    k = int(n) * sign
    if unit in ("year",):
        if base_day is None and a.year is None:
            return None
        year = (base_day.year if base_day else a.year) + k
        return f"{year:04d}"
    if unit in ("decade",):
        if a.year is None:
            return None
        return f"{(a.year + 10 * k) // 10:03d}"
    if unit in ("century",):
        if a.year is None:
            return None
        return f"{(a.year + 100 * k) // 100:02d}"
    if unit == "month":
        if base_day is not None:
            y, m = add_months(base_day.year, base_day.month, k)
        elif a.year is not None and a.month is not None:
            y, m = add_months(a.year, a.month, k)
        else:
            return None
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        if a.year is None or a.month is None:
            return None
        index = a.year * 4 + quarter_of(a.month) - 1 + k
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if base_day is None:
        return None
    if unit in ("week", "fortnight"):
        return week_value(base_day + dt.timedelta(weeks=k * (2 if unit == "fortnight" else 1)))
    if unit in ("day", "night"):
        return (base_day + dt.timedelta(days=k)).isoformat()
    if unit == "hour":
        return (base_day + dt.timedelta(days=0)).isoformat()  # hour offsets fall within the day
    return None


def _reading_or_unknown(value: str | None, unknown: str, kind: str = "DATE") -> Reading:
    """The resolved value (anchored), or the underspecified one when it could not be resolved."""
    if value is None:
        return Reading(kind, unknown, False)
    return Reading(kind, value, True)


# ------------------------------------------------------------ normalisers


def n_iso_date(m: re.Match, ctx: Context) -> Reading | None:
    """"2010-05-12" or "2010-05-12T14:30": already normalised, no anchor needed."""
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not valid_day(y, mo, d):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m.group("h"):
        return Reading("TIME", f"{value}T{m.group('h')}:{m.group('mi')}")
    return Reading("DATE", value)


def n_numeric_date(m: re.Match, ctx: Context) -> Reading | None:
    """"15.03.2010", "03/15/2010": all-digit dates with a four- or two-digit year."""
    a, b, sep = int(m.group("a")), int(m.group("b")), m.group("sep")
    year = int(m.group("y"))
    if year < 100:
        year += 1900 if year > 30 else 2000
    # Dotted dates are European (day first); slashed ones American unless impossible.
    day, month = (a, b) if sep in ".-" or a > 12 else (b, a)
    if not valid_day(year, month, day):
        return None
    return Reading("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def n_calendar_date(m: re.Match, ctx: Context) -> Reading | None:
    """"May 6", "6 May 2010", "Tuesday, May 6": a day of a month, year optional."""
    month = month_number(m.group("mon"))
    day = _day_of(m.group("day"))
    if month is None:
        return None
    if m.group("year"):
        year = _year_of(m.group("year"), ctx)
        if not valid_day(year, month, day):
            return None
        return Reading("DATE", _date_value(year, month, day))
    if day > 31:
        return None
    shared = re.match(r"\s*(?:and|or|to|-|\u2013)\s*" + DAYNUM + r",?\s+(" + YEAR + r")", ctx.after(20))
    if shared:  # "May 3 or 4, 2009": the year written once serves both days
        year = _year_of(shared.group(1), ctx)
        return Reading("DATE", _date_value(year, month, day)) if valid_day(year, month, day) else None
    year = _choose_year(month, day, ctx)
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}-{day:02d}", False)
    if not valid_day(year, month, day):
        return None
    return Reading("DATE", _date_value(year, month, day), True)


_CONJOINED_DAY_BEFORE = re.compile(
    r"(?P<mon>" + MONTH + r")\s+(?:the\s+)?" + DAYNUM + r"(?:,?\s+(?P<year>" + YEAR + r"))?\s+(?:and|or)\s+$"
)


def n_conjoined_day(m: re.Match, ctx: Context) -> Reading | None:
    """The bare second day of "April 24 and 25": same month (and year) as the first."""
    first = _CONJOINED_DAY_BEFORE.search(ctx.before(40))
    if first is None:
        return None
    month = month_number(first.group("mon"))
    day = int(m.group("cday"))
    year_tok = first.group("year") or m.group("cyear")
    if month is None or _COUNT_NOUNS.match(ctx.after(30)):
        return None
    if year_tok:
        year = _year_of(year_tok, ctx)
        return Reading("DATE", _date_value(year, month, day)) if valid_day(year, month, day) else None
    year = _choose_year(month, day, ctx)
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}-{day:02d}")
    if not valid_day(year, month, day):
        return None
    return Reading("DATE", _date_value(year, month, day), True)


def n_month_rel_year(m: re.Match, ctx: Context) -> Reading | None:
    """"June last year", "January this year", "March of next year"."""
    month = month_number(m.group("mon"))
    if month is None:
        return None
    step = {"this": 0, "last": -1, "next": 1}[m.group("ryear").lower()]
    if ctx.anchor.year is None:
        return Reading("DATE", f"XXXX-{month:02d}")
    return Reading("DATE", _date_value(ctx.anchor.year + step, month), True)


def n_month_spelled_year(m: re.Match, ctx: Context) -> Reading | None:
    """"January nineteen ninety-seven", as broadcast transcripts write it."""
    month = month_number(m.group("mon"))
    year = n_spelled_year(m, ctx)
    if month is None or year is None:
        return None
    return Reading("DATE", f"{year.value}-{month:02d}")


def n_month_year(m: re.Match, ctx: Context) -> Reading | None:
    """"May 2010", "May of 2010": a month of an explicit year."""
    month = month_number(m.group("mon"))
    year = _year_of(m.group("year"), ctx)
    if month is None:
        return None
    return Reading("DATE", _date_value(year, month))


_MAY_CUES = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|from|to|through|during|before|after|between|"
    r"and|or|last|next|this|early|late|mid|end|beginning|start|middle|each|every)\s*-?\s*|,\s*)$",
    re.IGNORECASE,
)


def n_month(m: re.Match, ctx: Context) -> Reading | None:
    """A month name alone ("in April", "last May", "mid-June")."""
    name = m.group("mon")
    month = month_number(name)
    if month is None:
        return None
    rel = (m.group("rel") or "").lower()
    before = ctx.before(30)
    if name.lower() == "may" and not rel and not m.group("mod") and not _MAY_CUES.search(before):
        return None
    # "Theresa May", "August Strindberg": a capitalised word glued to the name.
    if re.search(r"[A-Z][a-z]+\s+$", before) and not rel and not m.group("mod"):
        if not re.search(r"\b(?:In|Since|Until|By|Last|Next|This|Early|Late|During|From|Through|Each|Every|And|Or|The)\s+$", before):
            return None
    if re.match(r"\s+[A-Z][a-z]+", ctx.after(20)) and not rel and name.lower() in ("may", "august", "june", "april"):
        return None
    if name.lower() == "march" and re.match(r"\s+(?:for|of|on|against|to|through)\s+(?:the\s+)?[A-Z]", ctx.after(30)):
        return None  # "the March for Life" is a march
    a = ctx.anchor
    if a.year is None:
        return Reading("DATE", f"XXXX-{month:02d}", False)
    if rel == "last":
        if a.month is None:
            return Reading("DATE", f"XXXX-{month:02d}", False)
        year = a.year if month < a.month else a.year - 1
    elif rel == "next":
        if a.month is None:
            return Reading("DATE", f"XXXX-{month:02d}", False)
        year = a.year if month > a.month else a.year + 1
    elif rel == "this":
        year = a.year
    else:
        year = _choose_year(month, None, ctx)
    return Reading("DATE", _date_value(year, month), True)


_COUNT_NOUNS = re.compile(
    r"\s+(?:people|persons|troops|soldiers|police(?:men)?|officers|students|workers|members|votes|"
    r"delegates|refugees|men|women|children|protesters|demonstrators|dollars|euros|pounds|"
    r"rubles|roubles|tenge|yuan|yen|tons|tonnes|miles|kilometers|kilometres|km|meters|metres|"
    r"feet|acres|barrels|shares|cars|homes|houses|jobs|employees|cases|deaths|casualties|"
    r"copies|pages|words|units|points|seats|companies|firms|families|prisoners|inmates|"
    r"detainees|signatures|participants|residents|supporters|activists|customers|users|"
    r"flights|vehicles|weapons|rockets|missiles|boxes|tanks|hectares|votes|calories|"
    r"times|kg|mg|lbs|pounds|ounces|rounds|bodies|victims|others|more|to\s+\d)\b",
    re.IGNORECASE,
)


def n_year(m: re.Match, ctx: Context) -> Reading | None:
    """A bare year ("in 1998", "fiscal 1989", "the 2012 elections" -> "2012")."""
    year = int(m.group("year"))
    before = ctx.text[max(0, ctx.start - 5) : ctx.start]
    if re.search(r"[$\u00a3\u20ac#\u2116]\s?$|No\.\s?$|\d[,.]$", before):
        return None
    after = ctx.after(40)
    if re.match(r"(?:,\d|\.\d|\s*(?:%|percent|per\s+cent)|-(?:year|day|month|week)|\s*(?:a\.m|p\.m|GMT|hours))", after, re.IGNORECASE):
        return None
    if _COUNT_NOUNS.match(after) and not m.group("fiscal"):
        return None
    if not (1600 <= year <= 2099):
        return None
    return Reading("DATE", f"{year:04d}")


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}


def n_decade(m: re.Match, ctx: Context) -> Reading | None:
    """"the 1990s", "the '80s", "the eighties": TimeML writes a decade as three digits."""
    if m.group("full"):
        return Reading("DATE", m.group("full")[:3])
    digit = int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
    if ctx.anchor.year is not None:
        century = ctx.anchor.year // 100
        if digit * 10 > ctx.anchor.year % 100 + 10:
            century -= 1
        return Reading("DATE", f"{century:02d}{digit}", True)
    return Reading("DATE", f"XX{digit}")


def n_century(m: re.Match, ctx: Context) -> Reading | None:
    """"the 20th century" is ``19`` in TimeML (the first two digits of its years)."""
    word = m.group("nth").lower()
    n = ORDINALS.get(word) if word in ORDINALS else int(re.match(r"\d+", word).group(0))
    if n is None or n <= 0:
        return None
    return Reading("DATE", f"{n - 1:02d}")


def n_spelled_year(m: re.Match, ctx: Context) -> Reading | None:
    """"nineteen ninety-four", "two thousand and one": years spelled out in transcripts."""
    words = m.group("spelled").lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        n = parse_number(" ".join(rest)) if rest else 0
        return None if n is None else Reading("DATE", f"{2000 + int(n):04d}")
    if words[0] == "nineteen":
        rest = words[1:]
        if rest == ["hundred"]:
            return Reading("DATE", "1900")
        n = parse_number(" ".join(rest))
        return None if n is None or not 10 <= n <= 99 else Reading("DATE", f"19{int(n):02d}")
    return None


def _quarter_year(q: int, ctx: Context) -> int | None:
    """Year of "the third quarter" with no year: the latest such quarter begun.

    Earnings news written in October reports the third quarter just ended
    and the fourth just begun; in January "the fourth quarter" is last
    year's, unless the sentence looks ahead.
    """
    a = ctx.anchor
    if a.year is None:
        return None
    if a.month is None:
        return a.year
    current = quarter_of(a.month)
    if q <= current or ctx.tense == "future":
        return a.year
    return a.year - 1


def n_quarter(m: re.Match, ctx: Context) -> Reading | None:
    """"the third quarter", "third-quarter", "the fourth quarter of 1990", "Q3"."""
    ordinal = (m.group("ord") or "").lower()
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
         "4th": 4, "1": 1, "2": 2, "3": 3, "4": 4}.get(ordinal)
    if q is None:
        return None
    whole = m.group(0).lower()
    year_tok = m.group("qyear") or m.group("qyear2")
    a = ctx.anchor
    if year_tok:
        return Reading("DATE", f"{_year_of(year_tok, ctx):04d}-Q{q}")
    if re.search(r"\byear-(?:ago|earlier)|\blast\s+year", whole):
        base = ctx.memory.quarter[0] if ctx.memory.quarter else a.year
        if base is None:
            return Reading("DATE", f"XXXX-Q{q}")
        year = base - 1 if "year-" in whole else (a.year - 1 if a.year else None)
        r = _reading_or_unknown(None if year is None else f"{year:04d}-Q{q}", f"XXXX-Q{q}")
        return Reading(r.kind, r.value, r.anchored, remember=False)
    if re.search(r"\bnext\s+year", whole):
        return _reading_or_unknown(None if a.year is None else f"{a.year + 1:04d}-Q{q}", f"XXXX-Q{q}")
    if re.search(r"\bthis\s+year", whole):
        return _reading_or_unknown(None if a.year is None else f"{a.year:04d}-Q{q}", f"XXXX-Q{q}")
    year = _quarter_year(q, ctx)
    return _reading_or_unknown(None if year is None else f"{year:04d}-Q{q}", f"XXXX-Q{q}")


def _last_completed_quarter(ctx: Context) -> tuple[int, int] | None:
    """The quarter before the anchor's: what "the latest quarter" reports on."""
    a = ctx.anchor
    if a.year is None or a.month is None:
        return None
    index = a.year * 4 + quarter_of(a.month) - 2
    return index // 4, index % 4 + 1


_CUMULATIVE = re.compile(
    r"\b(?:nine|six|first\s+(?:nine|six)|nine-month|six-month)\s+months?\b|\bfirst\s+half\b|\bfull\s+year\b|"
    r"\bfiscal\s+year\b|\byear\s+to\s+date\b|\bfor\s+the\s+year\b",
    re.IGNORECASE,
)


def _comparison_grain(ctx: Context) -> str:
    """Whether "a year earlier" here compares quarters or whole years.

    Earnings reports compare the quarter under discussion with the same
    quarter a year before, unless the sentence is about cumulative figures
    ("in the nine months", "for the year") or the text last talked about a
    whole year ("Last year, ...").
    """
    if _CUMULATIVE.search(ctx.text[ctx.sentence[0] : ctx.start]):
        return "year"
    return ctx.memory.granularity or "year"


_ENDED_ON = re.compile(r"\s+(?:ended|ending|that\s+ended)\s+(?P<mon>" + MONTH + r")\s+(?P<day>" + DAYNUM + r")(?:,?\s+(?P<year>" + YEAR + r"))?")


def _quarter_ended(ctx: Context) -> tuple[int, int] | None:
    """The calendar quarter of "the quarter ended July 31": the one holding most of its three months.

    A fiscal quarter ending on July 31 runs May to July, mostly the second
    calendar quarter; one ending Sept. 30 is the third. Without a year the
    end date is the latest one on or before the anchor (reports look back).
    """
    m = _ENDED_ON.match(ctx.after(40))
    if m is None:
        return None
    month, day = month_number(m.group("mon")), _day_of(m.group("day"))
    if month is None:
        return None
    if m.group("year"):
        year = _year_of(m.group("year"), ctx)
    else:
        a = ctx.anchor
        if a.year is None or a.month is None:
            return None
        year = a.year if (month, day) <= (a.month, a.day or 31) else a.year - 1
    if day < 15:
        month -= 1  # "ended Oct. 1": the quarter ran through September
    y, middle = add_months(year, month, -1)
    return y, quarter_of(middle)


def n_quarter_ref(m: re.Match, ctx: Context) -> Reading | None:
    """"the quarter", "the latest quarter", "the year-ago period": the quarter under discussion.

    "the latest quarter" is the last one completed before publication;
    "the quarter" and "that period" are the quarter the text is talking
    about (or that one); "year-ago"/"year-earlier" ones are a year before it.
    """
    whole = re.sub(r"\s+", " ", m.group(0).lower())
    a = ctx.anchor
    if re.fullmatch(r"this quarter", whole) and ctx.memory.quarter and ctx.tense != "future":
        # In a report on a quarter's results, "this quarter's loss" is the
        # quarter under discussion; only "the current quarter" is the one under way.
        y, q = ctx.memory.quarter
        return Reading("DATE", f"{y:04d}-Q{q}", True, remember=False)
    if "current" in whole or re.match(r"this\b", whole):
        if a.year is None or a.month is None:
            return Reading("DATE", "XXXX-QX", remember=False)
        return Reading("DATE", f"{a.year:04d}-Q{quarter_of(a.month)}", True, remember=False)
    # With no quarter named yet, the end date says which one it is; once the
    # report has named its (possibly fiscal) quarter, that name stands.
    ended = _quarter_ended(ctx) if ctx.memory.quarter is None else None
    if ended is not None and not re.search(r"year-|last year|a year|prior|previous", whole):
        return Reading("DATE", f"{ended[0]:04d}-Q{ended[1]}", True)
    year_tok = re.search(r"\b(\d{4})\b", whole)
    latest = re.search(r"latest|most recent|just[- ]ended", whole)
    ref = None if latest else ctx.memory.quarter
    ref = ref or _last_completed_quarter(ctx)
    back = bool(re.search(r"year-(?:ago|earlier)|\blast year|a year (?:ago|earlier)|prior[- ]year|previous year", whole))
    whole_year = _comparison_grain(ctx) == "year" and not re.search(r"quarter", whole)
    if year_tok:
        q = ref[1] if ref else None
        if q is None or whole_year:
            return Reading("DATE", f"{year_tok.group(1)}", remember=False)
        return Reading("DATE", f"{year_tok.group(1)}-Q{q}", ref is not None, remember=False)
    if back and whole_year:
        # "year-ago results" compare with the year before the reporting one,
        # even after the text has talked about that earlier year itself.
        base = a.year if a.year is not None else ctx.memory.year
        if base is None:
            return Reading("DATE", "XXXX", remember=False)
        return Reading("DATE", f"{base - 1:04d}", True, remember=False)
    if ref is None:
        return Reading("DATE", "XXXX-QX", remember=False)
    y, q = ref
    if back:
        y -= 1
    # "the latest quarter" names the reporting period itself: later
    # comparisons ("a year ago") hang on it.
    return Reading("DATE", f"{y:04d}-Q{q}", True, remember=bool(latest) and not back)


def n_year_ref(m: re.Match, ctx: Context) -> Reading | None:
    """"the year", "the fiscal year", "year-end", "earlier in the year": the anchor's year.

    A year "ended"/"ending" on some day is a twelve-month span, not a
    calendar year, and is read as a duration.
    """
    if re.match(r"\s+(?:ended|ending|ends|to\s+date|through)\b", ctx.after(15), re.IGNORECASE):
        return Reading("DURATION", "P1Y")
    a = ctx.anchor
    if m.group("ystep"):
        base = ctx.memory.year if ctx.memory.year is not None else a.year
        if base is None:
            return Reading("DATE", "XXXX", remember=False)
        step = -1 if m.group("ystep").lower() == "before" else 1
        return Reading("DATE", f"{base + step:04d}", True, remember=False)
    if a.year is None:
        return Reading("DATE", "XXXX")
    return Reading("DATE", f"{a.year:04d}", True)


def n_month_ref(m: re.Match, ctx: Context) -> Reading | None:
    """"the end of the month": the anchor's month."""
    a = ctx.anchor
    if a.year is None or a.month is None:
        return Reading("DATE", "XXXX-XX")
    return Reading("DATE", f"{a.year:04d}-{a.month:02d}", True)


def n_week_of(m: re.Match, ctx: Context) -> Reading | None:
    """"the week of March 6": the ISO week containing that day."""
    sub = RULE_CALENDAR_MD.regex.fullmatch(m.group("wkday"))
    r = n_calendar_date(sub, ctx) if sub else None
    if r is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.value):
        return Reading("DATE", "XXXX-WXX")
    return Reading("DATE", week_value(dt.date.fromisoformat(r.value)), r.anchored)


def n_the_week(m: re.Match, ctx: Context) -> Reading | None:
    """"for the week", "the week's busiest session": the week of the anchor."""
    base = ctx.anchor.date
    if base is None:
        return Reading("DATE", "XXXX-WXX")
    return Reading("DATE", week_value(base), True)


def n_half(m: re.Match, ctx: Context) -> Reading | None:
    """"the first half of 1990", "the second half": ``YYYY-H1``/``YYYY-H2``."""
    which = m.group("which").lower()
    h = 1 if which == "first" else 2
    year_tok = m.group("hyear")
    rel = (m.group("hrel") or "").lower()
    a = ctx.anchor
    if year_tok:
        return Reading("DATE", f"{_year_of(year_tok, ctx):04d}-H{h}")
    if a.year is None:
        return Reading("DATE", f"XXXX-H{h}")
    year = a.year + {"last": -1, "next": 1}.get(rel, 0)
    return Reading("DATE", f"{year:04d}-H{h}", True)


def n_two_quarters(m: re.Match, ctx: Context) -> Reading | None:
    """"the first two quarters of 1990" is that year's first half (``1990-H1``)."""
    h = 1 if m.group("tq").lower() == "first" else 2
    return Reading("DATE", f"{_year_of(m.group('tqyear'), ctx):04d}-H{h}")


def n_season(m: re.Match, ctx: Context) -> Reading | None:
    """"last summer", "this spring", "winter 2009": ``YYYY-SU`` etc.; "last" is the previous year's."""
    code = SEASONS[m.group("season").lower()]
    rel = (m.group("srel") or "").lower().split()
    rel_word = rel[-1] if rel else ""
    if m.group("syear"):
        return Reading("DATE", f"{_year_of(m.group('syear'), ctx):04d}-{code}")
    if m.group("spelled"):
        year = n_spelled_year(m, ctx)
        return None if year is None else Reading("DATE", f"{year.value}-{code}")
    bare = not rel and not m.group("smod")
    if bare and m.group("season").lower() in ("fall", "spring"):
        return None
    a = ctx.anchor
    if a.year is None:
        return Reading("DATE", f"XXXX-{code}")
    if rel[:2] == ["this", "past"]:
        year = a.year
    elif rel_word in ("last", "past", "previous"):
        year = a.year - 1
    elif rel_word in ("next", "coming"):
        year = a.year + 1
    else:
        year = a.year
    return Reading("DATE", f"{year:04d}-{code}", True)


# "the past year", "the last week", "the next month" name the calendar unit
# before or after the present one, like "last year" (HeidelTime reads them the
# same way); a count makes a stretch of time ("the past two years", P2Y).
_REL_STEP = {
    "this": 0, "current": 0, "the current": 0, "the present": 0, "present": 0,
    "last": -1, "previous": -1, "the previous": -1, "past": -1, "the preceding": -1,
    "the past": -1, "the last": -1,
    "next": 1, "coming": 1, "the following": 1, "following": 1, "upcoming": 1,
    "the upcoming": 1, "the next": 1, "the coming": 1,
}
_STRETCH_REL = frozenset({"the past", "the last", "the next", "the coming", "past"})


def n_relative_unit(m: re.Match, ctx: Context) -> Reading | None:
    """"this week", "last month", "next year", "the past year", "the current quarter", "earlier this year"."""
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = m.group("unit").lower()
    if unit in ("fiscal year", "calendar year"):
        unit = "year"
    unit = unit.split()[-1]
    if rel in _STRETCH_REL and re.match(r"\s+of\b", ctx.after(6)):
        return None  # "the last week of March", "the last year of his term": a part of something else
    if rel in _STRETCH_REL and unit in ("decade", "century"):
        # The ten years up to now seldom coincide with a calendar decade: "over
        # the past decade" in 1998 is 1988-1998, not the 1980s.
        return Reading("DURATION", duration_value(1, unit))
    step = _REL_STEP.get(rel)
    if step is None:
        return None
    a = ctx.anchor
    base = a.date
    following = rel in ("the following", "following", "the previous", "the preceding")
    mem = ctx.memory
    if following:
        # "the following month" counts from the date under discussion.
        if unit == "year" and mem.year is not None:
            return Reading("DATE", f"{mem.year + step:04d}", True, remember=False)
        if unit == "month" and mem.month is not None:
            y, mo = add_months(mem.month[0], mem.month[1], step)
            return Reading("DATE", f"{y:04d}-{mo:02d}", True, remember=False)
        if mem.day is not None:
            base = mem.day
    if unit == "year":
        return _reading_or_unknown(None if a.year is None else f"{a.year + step:04d}", "XXXX")
    if unit == "month":
        if base is not None:
            y, mo = add_months(base.year, base.month, step)
        elif a.year is not None and a.month is not None:
            y, mo = add_months(a.year, a.month, step)
        else:
            return Reading("DATE", "XXXX-XX")
        return Reading("DATE", f"{y:04d}-{mo:02d}", True)
    if unit == "quarter":
        if a.year is None or a.month is None:
            return Reading("DATE", "XXXX-QX")
        index = a.year * 4 + quarter_of(a.month) - 1 + step
        return Reading("DATE", f"{index // 4:04d}-Q{index % 4 + 1}", True)
    if unit == "week":
        if base is None:
            return Reading("DATE", "XXXX-WXX")
        return Reading("DATE", week_value(base + dt.timedelta(weeks=step)), True)
    if unit == "weekend":
        if base is None:
            return Reading("DATE", "XXXX-WXX-WE")
        if step == 0:
            sat = weekday_near(base, 6, "future" if base.isoweekday() < 6 else "past")
        elif step < 0:
            sat = weekday_near(base, 6, "past-strict")
            if base.isoweekday() == 7:
                sat -= dt.timedelta(days=7)
        else:
            sat = weekday_near(base, 6, "future-strict")
        return Reading("DATE", week_value(sat) + "-WE", True)
    if unit == "decade":
        if a.year is None:
            return Reading("DATE", "XXX")
        return Reading("DATE", f"{(a.year // 10 + step):03d}", True)
    if unit == "century":
        if a.year is None:
            return Reading("DATE", "XX")
        return Reading("DATE", f"{(a.year // 100 + step):02d}", True)
    if unit in ("day",):
        if base is None:
            return Reading("DATE", "XXXX-XX-XX")
        return Reading("DATE", (base + dt.timedelta(days=step)).isoformat(), True)
    return None


def n_the_weekend(m: re.Match, ctx: Context) -> Reading | None:
    """"the weekend": the one just past, or the coming one in future-tense sentences."""
    base = ctx.anchor.date
    if base is None:
        return Reading("DATE", "XXXX-WXX-WE")
    direction = "future" if ctx.tense == "future" else "past"
    sat = weekday_near(base, 6, direction)
    if direction == "past" and base.isoweekday() == 6:
        sat = base
    return Reading("DATE", week_value(sat) + "-WE", True)


# "Monday and Tuesday nights": the first day shares the plural recurrence.
_SHARED_RECURRENCE = re.compile(
    r"\s+(?:and|or)\s+(?:" + WEEKDAY_PLURAL + r"|" + cased(list(WEEKDAYS)) + r"\s+(?P<rpart>" + PARTS_PLURAL + r"))"
    r"(?:\s+(?P<rpart2>" + PARTS_PLURAL + r"))?\b"
)


def n_weekday(m: re.Match, ctx: Context) -> Reading | None:
    """"Tuesday", "last Friday", "Friday morning", "noon Saturday"."""
    wd = weekday_number(m.group("wd"))
    if wd is None:
        return None
    rel = re.sub(r"\s+", " ", (m.group("wrel") or "").lower())
    part = (m.group("wpart") or "").lower()
    shared = None if rel or part else _SHARED_RECURRENCE.match(ctx.after(40))
    if shared:
        plural = (shared.group("rpart") or shared.group("rpart2") or "").lower().rstrip("s")
        if ctx.tense == "past" and plural in PARTS_OF_DAY:
            # "clashed on Monday and Tuesday nights": two particular nights.
            return _weekday_reading(wd, "", plural, ctx)
        suffix = f"T{PARTS_OF_DAY[plural]}" if plural in PARTS_OF_DAY else ""
        return Reading("SET", f"XXXX-WXX-{wd}{suffix}")
    return _weekday_reading(wd, rel, part, ctx)


def _weekday_reading(wd: int, rel: str, part: str, ctx: Context) -> Reading:
    """The day (or part of a day) a weekday names, counted from the anchor in the clause's direction."""
    base = ctx.anchor.date
    if rel.startswith("the "):
        # "the previous Friday" counts from the day under discussion.
        base = ctx.memory.day or base
        rel = "next" if rel == "the following" else "last"
    if base is None:
        value = f"XXXX-WXX-{wd}"
        return Reading("TIME" if part else "DATE", value + (f"T{PARTS_OF_DAY[part]}" if part else ""))
    if rel == "last" or rel == "past":
        day = weekday_near(base, wd, "past-strict")
    elif rel in ("next", "coming"):
        day = weekday_near(base, wd, "future-strict")
    elif rel == "this":
        day = weekday_near(base, wd, "future" if ctx.tense != "past" else "past")
    else:
        day = weekday_near(base, wd, "future" if ctx.tense == "future" else "past")
    value = day.isoformat()
    if part:
        return Reading("TIME", f"{value}T{PARTS_OF_DAY[part]}", True)
    return Reading("DATE", value, True)


_AFTER_A_WEEKDAY = re.compile(r"\b" + cased(list(WEEKDAYS)) + r"\s+(?:and|or)\s+$")


def n_weekday_set(m: re.Match, ctx: Context) -> Reading | None:
    """"Mondays", "Tuesday nights": a weekly recurrence (TimeML SET).

    In a past-tense clause, "Monday and Tuesday nights" are two particular
    nights, not a habit: the second one is read like "Tuesday night".
    """
    wd = weekday_number(m.group("wds"))
    if wd is None:
        return None
    part = (m.group("spart") or "").lower().rstrip("s")
    singular = m.group("wds").lower() in WEEKDAYS
    if singular and part in PARTS_OF_DAY and ctx.tense == "past" and _AFTER_A_WEEKDAY.search(ctx.before(20)):
        return _weekday_reading(wd, "", part, ctx)
    suffix = f"T{PARTS_OF_DAY[part]}" if part in PARTS_OF_DAY else ""
    return Reading("SET", f"XXXX-WXX-{wd}{suffix}")


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def n_relative_day(m: re.Match, ctx: Context) -> Reading | None:
    """"today", "yesterday", "late yesterday", "this morning", "last night", "tonight"."""
    word = (m.group("dword") or "").lower()
    part = (m.group("dpart") or "").lower()
    pre = (m.group("dpre") or "").lower()
    base = ctx.anchor.date
    if word in ("the day before yesterday",):
        offset = -2
    elif word in ("the day after tomorrow",):
        offset = 2
    elif word in ("this", "tonight", "today"):
        offset = 0
    elif word == "last":
        offset = -1
    else:
        offset = _DAY_WORDS.get(word, 0)
    if word == "tonight":
        part = "night"
    if word == "last" and part != "night":
        return None
    if word == "today" and re.match(r"(?:'s|\u2019s)\s+(?:world|youth|young|society|generation|children|"
                                    r"economy|standards|terms|dollars|age|times|culture|market|kids|media)\b",
                                    ctx.after(20), re.IGNORECASE):
        return None  # "today's world": the present age, not the day
    if word in ("today", "tomorrow") and not part and re.search(r"\b[Tt]he\s+[a-z]+s?\s+of\s+$", ctx.before(30)):
        return None  # "the leaders of tomorrow", "the problems of today": an age, not a day
    if pre.startswith("mid"):
        pre = pre.replace("mid-", "").replace("mid", "").strip()
    if pre and not part and pre in ("morning", "afternoon", "evening", "night"):
        part = pre
    kind = "TIME" if part else "DATE"
    suffix = f"T{PARTS_OF_DAY[part]}" if part else ""
    if base is None:
        return Reading(kind, "XXXX-XX-XX" + suffix, False)
    return Reading(kind, (base + dt.timedelta(days=offset)).isoformat() + suffix, True)


def n_overnight(m: re.Match, ctx: Context) -> Reading | None:
    """"overnight" in news means the night before the report."""
    base = ctx.anchor.date
    if base is None:
        return Reading("TIME", "XXXX-XX-XXTNI")
    return Reading("TIME", (base - dt.timedelta(days=1)).isoformat() + "TNI", True)


def n_part_of_day(m: re.Match, ctx: Context) -> Reading | None:
    """"later this afternoon", "mid-afternoon" with no day: the anchor's day."""
    part = m.group("ppart").lower().replace("mid-", "").replace("mid ", "")
    code = PARTS_OF_DAY.get(part)
    if code is None:
        return None
    base = ctx.memory.day if ctx.memory.day else ctx.anchor.date
    if base is None:
        return Reading("TIME", f"XXXX-XX-XXT{code}")
    return Reading("TIME", f"{base.isoformat()}T{code}", True)


def _clock(token: str) -> str | None:
    """"5 p.m." -> "17:00", "10:35 a.m." -> "10:35", "noon" -> "12:00"."""
    t = token.lower().strip()
    if t in ("noon", "midday"):
        return "12:00"
    if t == "midnight":
        return "24:00"
    m = re.match(r"(\d{1,2})(?::(\d{2}))?", t)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    rest = t[m.end():].replace(" ", "")
    if rest.startswith("p") and hour < 12:
        hour += 12
    elif rest.startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def n_clock(m: re.Match, ctx: Context) -> Reading | None:
    """A clock time, optionally with its day ("5 p.m. EST, Nov. 6", "noon Saturday")."""
    clock = _clock(m.group("clock"))
    if clock is None:
        return None
    raw = m.group("clock").lower()
    if raw == "noon" and m.start("clock") == m.start() and re.search(r"\bhigh\s+$", ctx.before(6), re.IGNORECASE):
        return None  # "high noon": a moment of decision, not twelve o'clock
    if re.fullmatch(r"\d{1,2}:\d{2}", raw.strip()):
        # A bare "3:15" is often a score or a ratio: only take it with a time cue.
        if not re.search(r"\b(?:at|by|until|from|since|before|after|around|about)\s+$", ctx.before(15), re.IGNORECASE):
            return None
    dayref = m.group("cday")
    day: dt.date | None = None
    anchored = True
    if dayref:
        sub = _day_of_ref(dayref, ctx)
        if sub is None:
            return Reading("TIME", f"XXXX-XX-XXT{clock}")
        day = sub
    elif m.group("inmorning"):
        day = ctx.memory.day or ctx.anchor.date
        h = int(clock[:2])
        if "evening" in m.group("inmorning") or "afternoon" in m.group("inmorning") or "night" in m.group("inmorning"):
            if h < 12:
                clock = f"{h + 12:02d}{clock[2:]}"
    else:
        day = ctx.memory.day if ctx.memory.day and ctx.memory.granularity == "day" else ctx.anchor.date
    if day is None:
        return Reading("TIME", f"XXXX-XX-XXT{clock}", False)
    return Reading("TIME", f"{day.isoformat()}T{clock}", anchored)


def _day_of_ref(phrase: str, ctx: Context) -> dt.date | None:
    """The day a DAYREF sub-phrase ("Saturday", "Nov. 6", "yesterday") names."""
    for rule in (RULE_CALENDAR_MD, RULE_WEEKDAY, RULE_RELATIVE_DAY):
        sub = rule.regex.fullmatch(phrase.strip())
        if sub:
            r = rule.normalise(sub, ctx)
            if r and re.match(r"\d{4}-\d{2}-\d{2}", r.value):
                return dt.date.fromisoformat(r.value[:10])
            return None
    return None


def n_ago(m: re.Match, ctx: Context) -> Reading | None:
    """"two years ago", "a week earlier", "three days later", "a few months ago".

    These point away from another date and never become the date under
    discussion themselves.
    """
    r = _n_ago(m, ctx)
    return None if r is None else Reading(r.kind, r.value, r.anchored, remember=False)


def _n_ago(m: re.Match, ctx: Context) -> Reading | None:
    """"two years ago", "a week earlier", "three days later", "a few months ago"."""
    count_txt = m.group("acount")
    unit = unit_name(m.group("aunit"))
    direction = m.group("adir").lower()
    if unit is None:
        return None
    if direction == "later" and unit in ("minute", "hour", "day", "night", "week", "second"):
        return None  # "three days later": TimeBank marks the duration, "later" is a signal
    n = _count(count_txt)
    sign = 1 if direction in ("later", "from now", "hence", "after") else -1
    if n is None:
        return Reading("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    if direction in ("earlier", "later", "before", "after"):
        # Anaphoric: the date the text was talking about, at its granularity.
        mem = ctx.memory
        if unit == "year" and int(n) == n and mem.granularity:
            k = int(n) * sign
            if _comparison_grain(ctx) == "year" and mem.year:
                return Reading("DATE", f"{mem.year + k:04d}", True)
            if mem.granularity == "quarter" and mem.quarter:
                return Reading("DATE", f"{mem.quarter[0] + k:04d}-Q{mem.quarter[1]}", True)
            if mem.granularity == "day" and mem.day:
                return Reading("DATE", add_years_to_day(mem.day, k).isoformat(), True)
            if mem.granularity == "month" and mem.month:
                return Reading("DATE", f"{mem.month[0] + k:04d}-{mem.month[1]:02d}", True)
            if mem.year:
                return Reading("DATE", f"{mem.year + k:04d}", True)
        if unit in ("day", "week", "month") and mem.day and int(n) == n:
            value = _shift(ctx, mem.day, n, unit, sign)
            if value:
                return Reading("DATE", value, True)
    if int(n) != n:
        return Reading("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    if unit in ("hour", "minute", "second"):
        base = ctx.anchor.date
        return _reading_or_unknown(None if base is None else base.isoformat(), "XXXX-XX-XX", "DATE")
    if unit == "year" and direction == "ago" and _comparison_grain(ctx) == "quarter" and ctx.memory.quarter and int(n) == 1:
        # Earnings reports compare a quarter with "a year ago": the same quarter a year back.
        y, q = ctx.memory.quarter
        return Reading("DATE", f"{y - 1:04d}-Q{q}", True)
    value = _shift(ctx, ctx.anchor.date, n, unit, sign)
    unknown = {"year": "XXXX", "month": "XXXX-XX", "quarter": "XXXX-QX", "week": "XXXX-WXX"}.get(unit, "XXXX-XX-XX")
    return _reading_or_unknown(value, unknown)


def n_duration(m: re.Match, ctx: Context) -> Reading | None:
    """"two months", "15 days", "a fortnight", "three-year", "nearly forty years"."""
    unit = unit_name(m.group("dunit"))
    if unit is None:
        return None
    count_txt = m.group("dcount")
    if count_txt is None:
        return None
    n = _count(count_txt)
    if m.group("dhalf"):
        n = (n or 0) + 0.5 if n is not None else None
    if n is not None and n == 0:
        return None
    if unit == "second" and count_txt.lower() in ("a", "an", "one"):
        return None  # "a second term": the ordinal, not the unit
    if n is not None and n == 1 and count_txt.lower() in ("a", "an") and unit in ("year", "month", "week", "day", "hour"):
        # "nearly an hour" measures one stretch; a rate's "a" follows the amount directly.
        if m.start("dcount") == m.start() and _is_rate(ctx):
            return Reading("SET", duration_value(1, unit))
    if unit == "quarter" and n is not None:
        if n >= 1000:
            return None  # "the 1988 quarter" names a quarter, it does not count them
        if re.match(r"\s+of\s+(?!(?:fiscal\s+|calendar\s+)?(?:\d{4}|'\d\d|this|last|next)\b)", ctx.after(20)):
            return None  # "a quarter of the market" is a share, not three months
        return Reading("DURATION", f"P{_number_value(n)}Q")
    if re.match(r"-old\b|\s+old\b", ctx.after(6)):
        return None
    return Reading("DURATION", duration_value(n, unit))


_RATE_BEFORE = re.compile(
    r"(?:\d[\d,.]*%?|\b(?:" + NUMBER_WORD + r"|a|an|once|twice|thrice|times|million|billion|thousand|hundred|"
    r"dozens?|scores|hundreds|thousands|millions|billions|percent)\b)(?:\s+[a-z$][\w$.-]*){0,3}\s*$",
    re.IGNORECASE,
)
_NOT_RATE_BEFORE = re.compile(
    r"\b(?:in|for|within|over|after|than|of|about|nearly|almost|around|only|just|least|to|from|by|"
    r"under|more|less|past|last|next|first|ago|since|during)\s*$",
    re.IGNORECASE,
)


def _is_rate(ctx: Context) -> bool:
    """Whether "a year" is a rate, as in "$5 million a year" or "four flights a week".

    A rate follows an amount within a few words and is not the object of a
    preposition ("in a year", "for a week" are durations).
    """
    before = re.split(r"[.!?;:]\s", ctx.before(50))[-1]  # the amount must be in the same clause
    return bool(_RATE_BEFORE.search(before)) and not _NOT_RATE_BEFORE.search(before)


def n_adjectival_duration(m: re.Match, ctx: Context) -> Reading | None:
    """"three-year", "15-day", "52-week": a duration used as an adjective.

    Ages ("a 6-year-old boy") are left alone: they describe people, not time.
    """
    if m.group(0).lower().endswith("-old") or re.match(r"-old\b|\s+old\b", ctx.after(6)):
        return None
    if m.group("junit1"):
        return Reading("DURATION", duration_value(1, m.group("junit1").lower()))
    unit = unit_name(m.group("junit"))
    count = m.group("jcount").lower()
    if unit is not None and count in ("several", "few", "many"):
        return Reading("DURATION", duration_value(None, unit))  # "a several-year tenure"
    n = parse_number(count.replace("-", " "))
    if unit is None or n is None or n == 0:
        return None
    if unit == "quarter":
        return Reading("DURATION", f"P{_number_value(n)}Q")
    return Reading("DURATION", duration_value(n, unit))


def n_vague_plural(m: re.Match, ctx: Context) -> Reading | None:
    """Bare "years", "months", "decades": a duration of unknown length."""
    word = m.group("vunit").lower()
    unit = unit_name(word.split("-")[0])
    if unit is None:
        return None
    before = ctx.before(20).lower()
    if re.search(r"(?:\d|\bthe|\bthose|\bthese|\bits|\btheir|\bhis|\bher|\bour|\bmy|\bfor\s+the)\s*$", before):
        return None
    if re.search(r"\bthe\s+(?:early|late|small|wee|final|closing|opening)\s+$", before) and re.match(r"\s+of\b", ctx.after(5)):
        return None  # "the early hours of Thursday": a part of that day, not a stretch of hours
    after = ctx.after(12).lower()
    if re.match(r"\s+(?:of\s+(?:age|the|his|her|their|its)|old|later|earlier|ago|before|after|apart|when)\b", after):
        return None  # "minutes apart", "on days when": a spacing or a kind of day, not a stretch of time
    return Reading("DURATION", duration_value(None, unit))


def n_recent_plural(m: re.Match, ctx: Context) -> Reading | None:
    """"recent years", "the coming months", "the past few weeks".

    Each measures a stretch of an unknown number of units that ends (or
    starts) now, like "the past few weeks": a DURATION ``PXY``/``PXW``, as
    TimeML writes durations of unknown length. Only a mix of units ("recent
    weeks and months") has no unit to count in and stays a vague
    PAST_REF/FUTURE_REF.
    """
    words = m.group(0).lower().split()
    if m.group("rp2"):  # "the weeks ahead"
        words = words[:-1]
    rp = (m.group("rp") or "coming").lower()
    unit = unit_name(words[-1])
    if unit is not None and "and" not in words:
        return Reading("DURATION", duration_value(None, unit))
    return Reading("DATE", "FUTURE_REF" if "coming" in rp or "next" in rp else "PAST_REF")


_REF_VALUES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "the present": "PRESENT_REF", "at present": "PRESENT_REF",
    "the present time": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
    "the past": "PAST_REF", "lately": "PAST_REF", "the recent past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "a later date": "FUTURE_REF", "future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "then current": "PAST_REF",
    "then-current": "PAST_REF",
}
# Words after "current" that make it "the one in office", not a time.
_CURRENT_NOT_TIME = re.compile(
    r"\s+(?:account|affairs|events|members?|laws?|president|leader(?:ship)?|government|chairman|"
    r"director|head|minister|system|regime|rules|owner|champion|holder|affairs|flows?|electric|"
    r"through|density|generation|form|version|edition|issue|model|situation)\b"
)


def n_ref(m: re.Match, ctx: Context) -> Reading | None:
    """"now", "currently", "recently", "the future": TimeML's PRESENT/PAST/FUTURE_REF."""
    word = re.sub(r"\s+", " ", m.group("ref").lower())
    value = _REF_VALUES.get(word)
    if value is None:
        return None
    after = ctx.after(20).lower()
    if word == "now" and re.match(r"-|\s+(?:defunct|famous|infamous|former|retired|deceased|closed|banned|disbanded|jailed|exiled)\b", after):
        return None
    if word == "current" and _CURRENT_NOT_TIME.match(after):
        return None
    if word == "future" and not re.search(r"(?:'s|\u2019s|\bits|\btheir|\bhis|\bher|\bour)\s+$", ctx.before(12)):
        # "Elian's future" is the time ahead; "future losses" merely describes
        # the losses, and annotators (rightly) rarely mark it.
        return None
    return Reading("DATE", value)


_SET_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "bimonthly": "P2M",
    "semiannually": "P6M", "semi-annually": "P6M",
}
def n_set(m: re.Match, ctx: Context) -> Reading | None:
    """"daily", "weekly", "annually": a recurrence, unless it names a newspaper.

    "the party daily Granma" and "the weekly said" use the word as a noun
    for a publication; "daily rallies" and "met weekly" are recurrences.
    """
    word = re.sub(r"\s+", " ", m.group("sword").lower())
    value = _SET_ADVERBS.get(word)
    if value is None:
        return None
    after = ctx.after(25)
    if re.match(r"\s+(?-i:[A-Z])|\s+(?:said|says|reported|reports|wrote|quoted|newspaper|paper|tabloid|magazine|"
                r"journal|publication|edition)\b", after, re.IGNORECASE):
        return None
    if re.search(r"\b(?:a|the|this|that)\s+$", ctx.before(6).lower()) and re.match(r"\s*[.,;:]", after):
        return None
    return Reading("SET", value)


def n_every(m: re.Match, ctx: Context) -> Reading | None:
    """"every day", "each month", "every two weeks", "each Thursday", "twice a year"."""
    target = m.group("etarget")
    count = m.group("ecount")
    wd = weekday_number(target.rstrip("s")) if target[:1].isupper() else None
    if wd:
        return Reading("SET", f"XXXX-WXX-{wd}")
    month = month_number(target) if target[:1].isupper() else None
    if month:
        return Reading("SET", f"XXXX-{month:02d}")
    low = target.lower()
    if low in SEASONS:
        return Reading("SET", f"XXXX-{SEASONS[low]}")
    if low in PARTS_OF_DAY:
        return Reading("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[low]}")
    unit = unit_name(low)
    if unit is None:
        return None
    n = parse_number(count) if count else 1.0
    if unit == "quarter":
        return Reading("SET", f"P{_number_value(n or 1)}Q")
    if unit == "weekend":
        return Reading("SET", "XXXX-WXX-WE")
    return Reading("SET", duration_value(n or 1, unit))


_HOLIDAYS_FIXED = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
    "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
    "may day": (5, 1), "boxing day": (12, 26), "victory day": (5, 9),
    "international women's day": (3, 8), "women's day": (3, 8), "labour day": (5, 1),
    "veterans day": (11, 11), "armistice day": (11, 11), "bastille day": (7, 14),
}


def _holiday_date(name: str, year: int) -> dt.date | None:
    """The date of a named holiday in ``year`` (fixed or computed)."""
    name = name.lower().replace("\u2019", "'")
    if name in _HOLIDAYS_FIXED:
        mo, d = _HOLIDAYS_FIXED[name]
        return dt.date(year, mo, d)
    if name.startswith("thanksgiving"):
        return nth_weekday(year, 11, 4, 4)
    if name == "labor day":
        return nth_weekday(year, 9, 1, 1)
    if name == "memorial day":
        return nth_weekday(year, 5, 1, -1)
    if name == "election day":  # US: the Tuesday after the first Monday of November
        return nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
    if name in ("easter", "easter sunday"):
        return easter(year)
    if name == "good friday":
        return easter(year) - dt.timedelta(days=2)
    return None


def n_holiday(m: re.Match, ctx: Context) -> Reading | None:
    """"Christmas", "Thanksgiving 2009", "Easter week": resolved like a month-day without a year.

    "<holiday> week" is the ISO week holding the holiday ("Easter week" ends
    on Easter Sunday), written as TimeML writes any week.
    """
    r = _n_holiday_day(m, ctx)
    if r is None or not m.group("hweek"):
        return r
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.value):
        return Reading("DATE", "XXXX-WXX")
    return Reading("DATE", week_value(dt.date.fromisoformat(r.value)), r.anchored)


def _n_holiday_day(m: re.Match, ctx: Context) -> Reading | None:
    """The day a holiday name stands for."""
    name = re.sub(r"\s+", " ", m.group("hname"))
    if m.group("hyear"):
        day = _holiday_date(name, _year_of(m.group("hyear"), ctx))
        return None if day is None else Reading("DATE", day.isoformat())
    a = ctx.anchor
    if a.year is None:
        probe = _holiday_date(name, 2001)
        return None if probe is None else Reading("DATE", f"XXXX-{probe.month:02d}-{probe.day:02d}")
    ref = a.date or dt.date(a.year, a.month or 6, 15)
    best = None
    for year in (a.year - 1, a.year, a.year + 1):
        day = _holiday_date(name, year)
        if day is None:
            return None
        delta = (day - ref).days
        cost = abs(delta) + (120 if (ctx.tense == "future" and delta < 0) or (ctx.tense == "past" and delta > 0) else 0)
        if best is None or cost < best[0]:
            best = (cost, day)
    return Reading("DATE", best[1].isoformat(), True)


def n_part_of_that_day(m: re.Match, ctx: Context) -> Reading | None:
    """"in the morning" of a day the report is narrating: a TIME on that day.

    Only in a past-tense clause, where it is part of the day under
    discussion (or of the report's own day); in the present it is a habit
    ("the market opens in the morning") and names no particular day.
    """
    if ctx.tense != "past":
        return None
    code = PARTS_OF_DAY[m.group("tpart").lower()]
    base = ctx.memory.day or ctx.anchor.date
    if base is None:
        return Reading("TIME", f"XXXX-XX-XXT{code}")
    return Reading("TIME", f"{base.isoformat()}T{code}", True, remember=False)


def n_day_beside(m: re.Match, ctx: Context) -> Reading | None:
    """"the day before last Tuesday", "the day after May 6": a named day moved by one.

    Like "the day before yesterday", the whole phrase is one expression
    whose value is the neighbouring day.
    """
    day = _day_of_ref(m.group("sref"), ctx)
    if day is None:
        return Reading("DATE", "XXXX-XX-XX")
    step = -1 if m.group("side").lower() == "before" else 1
    return Reading("DATE", (day + dt.timedelta(days=step)).isoformat(), True)


def n_that_ref(m: re.Match, ctx: Context) -> Reading | None:
    """"that year", "the same day", "the next day": the date under discussion."""
    r = _n_that_ref(m, ctx)
    return None if r is None else Reading(r.kind, r.value, r.anchored, remember=False)


def _n_that_ref(m: re.Match, ctx: Context) -> Reading | None:
    """Resolve "that day", "the following month" against the date under discussion."""
    rel = re.sub(r"\s+", " ", m.group("trel").lower())
    unit = m.group("tunit").lower()
    mem = ctx.memory
    step = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1,
            "the day before": -1, "the day after": 1}.get(rel, 0)
    if unit == "day":
        if mem.day is None:
            return Reading("DATE", "XXXX-XX-XX")
        return Reading("DATE", (mem.day + dt.timedelta(days=step)).isoformat(), True)
    if unit == "year":
        if mem.year is None:
            return Reading("DATE", "XXXX")
        return Reading("DATE", f"{mem.year + step:04d}", True)
    if unit == "month":
        if mem.month is None:
            return Reading("DATE", "XXXX-XX")
        y, mo = add_months(mem.month[0], mem.month[1], step)
        return Reading("DATE", f"{y:04d}-{mo:02d}", True)
    if unit == "week":
        if mem.day is None:
            return Reading("DATE", "XXXX-WXX")
        return Reading("DATE", week_value(mem.day + dt.timedelta(weeks=step)), True)
    if unit in PARTS_OF_DAY:
        base = mem.day or ctx.anchor.date
        if base is None:
            return Reading("TIME", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}")
        return Reading("TIME", f"{(base + dt.timedelta(days=step)).isoformat()}T{PARTS_OF_DAY[unit]}", True)
    return None


def _n_quarter_any(m: re.Match, ctx: Context) -> Reading | None:
    """Normalise any spelling of the quarter rule through one adapter."""
    return n_quarter(_QuarterMatch(m), ctx)


class _QuarterMatch:
    """Adapter: the quarter rule's alternative spellings share one normaliser."""

    def __init__(self, m: re.Match) -> None:
        self._m = m

    def group(self, name: str | int = 0) -> str | None:
        m = self._m
        if name == "ord":
            return m.group("ord") or m.group("qord") or m.group("qord2")
        if name == "qyear":
            return m.group("qyear") or m.group("qyear2") or m.group("qyear3") or m.group("qyear4")
        return m.group(name)


# ------------------------------------------------------------------ rules

_ORD_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_ORD_WORD = alternation([w for w in ORDINALS if ORDINALS[w] > 0])

RULE_CALENDAR_MD = Rule(
    "calendar_md",
    _compile(
        r"(?:" + WEEKDAY + r",?\s+(?:the\s+)?)?(?P<mon>" + MONTH + r")\s+(?:the\s+)?(?P<day>" + DAYNUM + r"|" + DAYWORD + r"(?!\s+(?:quarter|half|time|round|term|week|day)))"
        r"(?:(?:,\s*|\s+)(?P<year>" + YEAR + r"))?"
    ),
    n_calendar_date,
)
RULE_WEEKDAY = Rule(
    "weekday",
    _compile(
        r"(?:(?P<wrel>last|next|this|past|coming|early|late|the\s+previous|the\s+following|the\s+preceding)\s+)?(?P<wd>" + WEEKDAY + r")"
        r"(?:\s+(?P<wpart>" + PART + r"))?(?!\s*,?\s*" + MONTH + r"\s+\d)"
    ),
    n_weekday,
)
RULE_RELATIVE_DAY = Rule(
    "relative_day",
    _compile(
        r"(?:(?P<dpre>early|late|earlier|later|(?:mid-?)?(?:morning|afternoon|evening))\s+)?"
        r"(?P<dword>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|this|last)"
        r"(?:\s+(?P<dpart>" + PART + r"))?"
    ),
    n_relative_day,
)


def _relative_day_guard(m: re.Match, ctx: Context) -> Reading | None:
    """"this"/"last" alone are not time expressions; "this morning" and "last night" are."""
    word = m.group("dword").lower()
    if word in ("this", "last") and not m.group("dpart"):
        return None
    return n_relative_day(m, ctx)


RULES: tuple[Rule, ...] = (
    Rule(
        "iso_date",
        _compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<h>\d{2}):(?P<mi>\d{2})(?::\d{2})?)?"),
        n_iso_date,
    ),
    Rule(
        "numeric_date",
        _compile(r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d.]\d)"),
        n_numeric_date,
    ),
    Rule(
        "calendar_dm",
        _compile(
            r"(?:" + WEEKDAY + r",?\s+)?(?:the\s+)?(?P<day>" + DAYNUM + r"|(?<=the\s)" + DAYWORD + r"(?=\s+of\b))\s+(?:of\s+)?(?P<mon>" + MONTH + r")"
            r"(?:(?:,\s*|\s+)(?P<year>" + YEAR + r"))?"
        ),
        n_calendar_date,
    ),
    RULE_CALENDAR_MD,
    Rule(
        "conjoined_day",
        _compile(
            r"(?:(?<= and )|(?<= or ))(?P<cday>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d,.:%]\d|\s*(?:%|percent))"
            r"(?:,?\s+(?P<cyear>" + YEAR + r"))?"
        ),
        n_conjoined_day,
    ),
    Rule(
        "month_year",
        _compile(r"(?:" + MOD + r")?(?P<mon>" + MONTH + r")(?:,?\s+|\s+of\s+)(?P<year>" + YEAR + r")"),
        n_month_year,
    ),
    Rule(
        "month_rel_year",
        _compile(r"(?:" + MOD + r")?(?P<mon>" + MONTH + r")\s+(?:of\s+)?(?P<ryear>this|last|next)\s+year(?![-\w])"),
        n_month_rel_year,
    ),
    Rule(
        "month_spelled_year",
        _compile(r"(?:" + MOD + r")?(?P<mon>" + MONTH + r")(?:,?\s+|\s+of\s+)(?P<spelled>" + SPELLED_YEAR + r")"),
        n_month_spelled_year,
    ),
    Rule(
        "month",
        _compile(
            r"(?:(?P<rel>last|next|this|past|coming)\s+|(?P<mod>" + MOD + r"))?(?P<mon>" + MONTH_FULL + r"|"
            + cased(list(MONTH_ABBREVIATIONS)) + r"\.)"
            # "last Oct. 23" is a day ("Oct. 23"), not last October.
            r"(?!\s*\d{1,2}(?:st|nd|rd|th)?\b)"
        ),
        n_month,
    ),
    Rule(
        "year",
        _compile(
            r"(?:" + MOD + r")?(?:(?P<fiscal>fiscal|calendar|the\s+year|model\s+year|financial\s+year)\s+)?"
            r"(?P<year>1[6-9]\d\d|20\d\d)(?![\d])(?!\s*(?:-|\u2013)\s*\d)"
        ),
        n_year,
    ),
    Rule(
        "decade",
        _compile(
            r"(?:the\s+)?(?:" + MOD + r")?(?:(?P<full>(?:1\d|20)\d0)'?s|'(?P<short>\d)0'?s|"
            r"(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
        ),
        n_decade,
    ),
    Rule(
        "century",
        _compile(r"(?:the\s+)?(?:" + MOD + r")?(?P<nth>\d{1,2}(?:st|nd|rd|th)|" + _ORD_WORD + r")[- ]century"),
        n_century,
    ),
    Rule(
        "spelled_year",
        _compile(
            r"(?:the\s+year\s+)?(?P<spelled>" + SPELLED_YEAR + r")"
        ),
        n_spelled_year,
    ),
    Rule(
        "quarter",
        _compile(
            # A quarter as a noun takes its determiner ("the third quarter of 1990") ...
            r"(?:(?:the|this\s+year's|last\s+year's|next\s+year's|the\s+company's|the\s+year-(?:ago|earlier)|"
            r"the\s+comparable(?:\s+year-(?:ago|earlier))?|the\s+(?P<qyear2>\d{4})|(?:fiscal\s+)?(?P<qyear3>\d{4})(?:'s)?|"
            r"year-(?:ago|earlier))\s+)?"
            r"(?:(?:fiscal|calendar|latest|current|final)[- ]+)*"
            r"(?P<ord>" + _ORD_Q + r")\s+(?:fiscal\s+)?(?:quarter|qtr\.?)"
            r"(?:\s+of\s+(?:fiscal\s+|calendar\s+)?(?P<qyear>\d{4}|'\d\d)|\s+of\s+(?:this|last|next)\s+year|\s+(?:last|this|next)\s+year)?"
            # ... as an adjective ("a third-quarter loss") it does not.
            r"|(?:fiscal[- ])?(?P<qord2>" + _ORD_Q + r")-(?:fiscal-)?quarter(?!-)"
            r"|(?-i:Q)(?P<qord>[1-4])(?:\s+(?P<qyear4>\d{4}))?"
        ),
        _n_quarter_any,
    ),
    Rule(
        "quarter_ref",
        _compile(
            r"(?:(?:the|this|that|its|the\s+company's|last\s+year's)\s+(?:(?:latest|current|recent|most\s+recent|just-ended|"
            r"just\s+ended|comparable|same|year-ago|year-earlier|fiscal|prior-year|previous\s+year's|\d{4})\s+)*quarter"
            r"(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?(?!-)"
            r"|the\s+(?:(?:latest|year-ago|year-earlier|comparable|corresponding|same|\d{4})\s+)+period"
            r"(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year))?"
            r"|the\s+year-(?:ago|earlier)\s+(?:quarter|period)|year-(?:ago|earlier)(?:\s+(?:quarter|period))?)"
            r"(?!\s+(?:\w+\s+)?(?:months|weeks))"
        ),
        n_quarter_ref,
    ),
    Rule(
        "half",
        _compile(
            r"(?:the\s+)?(?P<which>first|second|last|latter)\s+half(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<hyear>\d{4}|'\d\d)"
            r"|\s+of\s+(?P<hrel>this|last|next)\s+year|\s+of\s+the\s+year)?"
            r"(?!\s+of\b)"
        ),
        n_half,
    ),
    Rule(
        "two_quarters",
        _compile(
            r"(?:the\s+)?(?P<tq>first|last)\s+two\s+quarters\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<tqyear>\d{4}|'\d\d)"
        ),
        n_two_quarters,
    ),
    Rule(
        "season",
        _compile(
            r"(?:(?P<srel>this(?:\s+past)?|last|next|past|coming|the|the\s+past|the\s+coming|the\s+last)\s+)?(?P<smod>(?:early|late|mid)(?:-|\s+))?"
            r"(?P<season>" + SEASON + r")(?:\s+(?:of\s+)?(?:(?P<syear>" + YEAR + r")|(?P<spelled>" + SPELLED_YEAR + r")))?"
        ),
        n_season,
    ),
    Rule(
        "relative_unit",
        _compile(
            r"(?P<rmod>" + REL_MOD + r")?(?P<rel>this|last|next|past|previous|coming|current|present|upcoming|following|"
            r"the\s+(?:current|present|past|last|next|coming|previous|preceding|following|upcoming))\s+"
            r"(?P<unit>(?:fiscal|calendar)\s+year|week|weekend|month|year|quarter|decade|century)"
        ),
        n_relative_unit,
    ),
    Rule("the_weekend", _compile(r"the\s+weekend"), n_the_weekend),
    Rule(
        "week_of",
        _compile(r"the\s+week\s+of\s+(?P<wkday>" + MONTH + r"\s+" + DAYNUM + r"(?:,?\s+" + YEAR + r")?)"),
        n_week_of,
    ),
    Rule(
        "year_ref",
        _compile(
            r"(?:(?:earlier|later)\s+in\s+|(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|balance|close)\s+of\s+)?"
            r"the\s+(?:full\s+|fiscal\s+|calendar\s+|whole\s+|entire\s+|current\s+fiscal\s+)?year(?![-\w])(?!\s*(?:'s|\u2019s)\s+(?:first|second|third|fourth))"
            # "... down from $450 million the year before": the year before the one under discussion
            r"(?:\s+(?P<ystep>before|after)(?=\s*[.,;:)]|\s+(?:and|but|when|as)\b))?"
            r"|(?:the\s+)?year(?:'s\s+|\u2019s\s+|-|\s)end(?![-\w])"
        ),
        n_year_ref,
    ),
    Rule(
        "month_ref",
        _compile(r"(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|balance|close)\s+of\s+the\s+month(?![-\w])"),
        n_month_ref,
    ),
    Rule(
        "the_week",
        _compile(r"the\s+week(?![-\w])(?!\s+(?:of|before|after|ending|ended|earlier|later|ahead|that|when|in\s+which))"),
        n_the_week,
    ),
    RULE_WEEKDAY,
    Rule(
        "weekday_set",
        # "Tuesday nights": a plural part of a named day recurs weekly like "Tuesdays".
        _compile(r"(?P<wds>" + WEEKDAY_PLURAL + r"|" + cased(list(WEEKDAYS)) + r"(?=\s+" + PARTS_PLURAL + r"\b))"
                 r"(?:\s+(?P<spart>" + PARTS_PLURAL + r"))?"),
        n_weekday_set,
    ),
    Rule("relative_day", RULE_RELATIVE_DAY.regex, _relative_day_guard),
    Rule("overnight", _compile(r"overnight"), n_overnight),
    Rule(
        "part_of_day",
        _compile(r"(?:(?:later|earlier)\s+this\s+|this\s+)?(?P<ppart>mid-?\s?(?:morning|afternoon|day)|mid-afternoon)"),
        n_part_of_day,
    ),
    Rule(
        "clock",
        _compile(
            r"(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
            r"(?P<clock>" + CLOCK + r")" + TZ + r"?(?:\s+(?P<inmorning>in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?"
            r"(?:,?\s+(?:on\s+)?(?P<cday>" + DAYREF + r"))?"
        ),
        n_clock,
    ),
    Rule(
        "ago",
        _compile(
            r"(?:" + QUANT_MOD + r"\s+)?(?P<acount>" + NUM + r"|" + VAGUE + r")\s+(?:more\s+|full\s+|long\s+)?(?P<aunit>" + UNIT_DATE + r")"
            r"(?:\s+or\s+so)?\s+(?P<adir>ago|earlier|later|from\s+now|hence)"
        ),
        n_ago,
    ),
    Rule(
        "duration",
        _compile(
            r"(?:" + QUANT_MOD + r"\s+(?!the\b))?(?:the\s+)?(?:(?:past|last|next|first|coming|previous|following|final|latest|"
            r"preceding|ensuing|initial|remaining|same|other|additional|further|extra)\s+)?"
            r"(?P<dcount>" + NUM + r"|" + VAGUE + r")(?:\s+(?:to|or|-|and)\s+" + NUM + r")?\s+"
            r"(?:(?:more|additional|full|consecutive|straight|long|whole|extra|further|trading|business|"
            r"working|calendar|solid|short|brief|difficult|hard|tough|intensive|fiscal|subsequent|successive)\s+)*"
            r"(?P<dunit>" + UNIT_ANY + r")(?P<dhalf>\s+and\s+a\s+half)?(?:\s+or\s+so)?"
        ),
        n_duration,
    ),
    Rule(
        "adjectival_duration",
        _compile(
            r"(?P<jcount>\d+(?:\.\d+)?|(?:" + NUMBER_WORD.replace("[- ]", "-") + r")|several|few|many)"
            r"-(?P<junit>" + UNIT_SINGULAR + r")(?:-(?:long|old))?"
            # "a day-long meeting", "a year-long strike": one unit
            r"|(?P<junit1>hour|day|week|month|year)-long"
        ),
        n_adjectival_duration,
    ),
    Rule(
        "vague_plural",
        _compile(r"(?P<vunit>years|months|weeks|days|decades|centuries|hours|minutes)(?:-long)?"),
        n_vague_plural,
    ),
    Rule(
        "recent_plural",
        _compile(r"(?P<rp>recent|the\s+coming|coming|the\s+next\s+few|the\s+past\s+few|the\s+last\s+few)\s+(?:years|months|weeks|days|decades)"
                 r"(?:\s+and\s+(?:years|months|weeks|days|decades))?"
                 r"|the\s+(?:years|months|weeks|days)\s+(?P<rp2>ahead)"),
        n_recent_plural,
    ),
    Rule(
        "ref",
        _compile(
            r"(?P<ref>now|currently|current|presently|nowadays|these\s+days|the\s+present(?:\s+time)?|"
            r"at\s+present|recently|recent|the\s+(?:recent\s+)?past|lately|"
            r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|(?-i:future)|a\s+later\s+date|"
            r"the\s+(?:near|short|long)\s+term(?![-\w])(?!\s+(?:debt|loans?|notes?|rates?|securities|bonds?|paper|borrowings?))|"
            r"then[- ]current)"
        ),
        n_ref,
    ),
    Rule(
        "set",
        _compile(r"(?P<sword>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|bimonthly|semi-?annually)"),
        n_set,
    ),
    Rule(
        "every",
        _compile(
            r"(?:(?:once|twice|thrice|(?:" + NUM + r")\s+times)\s+(?:a|an|per|each|every)|every|each|per)\s+(?:other\s+)?"
            r"(?:(?P<ecount>" + NUM + r")\s+)?(?P<etarget>" + UNIT_ANY + r"|" + WEEKDAY + r"|" + WEEKDAY_PLURAL + r"|"
            + MONTH_FULL + r"|" + SEASON + r"|morning|afternoon|evening|night)"
        ),
        n_every,
    ),
    Rule(
        "holiday",
        _compile(
            r"(?P<hname>(?-i:Christmas(?:\s+(?:Day|Eve))?|New\s+Year(?:'|\u2019)s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|"
            r"Easter(?:\s+Sunday)?|Good\s+Friday|Independence\s+Day|Labor\s+Day|Labour\s+Day|Memorial\s+Day|Halloween|"
            r"Valentine(?:'|\u2019)s\s+Day|May\s+Day|Boxing\s+Day|Victory\s+Day|(?:International\s+)?Women(?:'|\u2019)s\s+Day|"
            r"Veterans\s+Day|Armistice\s+Day|Bastille\s+Day|Election\s+Day))(?P<hweek>\s+(?-i:[Ww]eek))?(?:,?\s+(?P<hyear>\d{4}))?"
        ),
        n_holiday,
    ),
    Rule(
        "that_ref",
        _compile(
            r"(?:(?:earlier|later)\s+)?(?P<trel>that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)\s+(?P<tunit>day|week|month|year|morning|afternoon|evening|night)"
            r"(?!\s*(?:-|'s|\u2019s)?\s*(?:old|long)\b)"
        ),
        n_that_ref,
    ),
    Rule(
        "part_of_that_day",
        _compile(r"(?:(?<=\bin )|(?<=\bduring )|(?<=\bthroughout )|(?<=\buntil )|(?<=\bby ))the\s+(?P<tpart>morning|afternoon|evening)(?!\s+(?:of|after|before|when|that)\b)"),
        n_part_of_that_day,
    ),
    Rule(
        "day_beside",
        _compile(
            r"the\s+day\s+(?P<side>before|after)\s+(?P<sref>(?:(?:last|next|this)\s+)?" + WEEKDAY
            + r"|" + MONTH + r"\s+" + DAYNUM + r"(?:,?\s+" + YEAR + r")?|yesterday|tomorrow|today)"
        ),
        n_day_beside,
    ),
)
