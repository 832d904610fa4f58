"""Word lists and number words for the time-expression grammar.

Kept apart from the grammar so that the regular expressions and the
normaliser read the same tables: a unit or month added here is both
recognised and normalised.
"""
from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {  # ISO numbering, Monday = 1
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7,
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
    "fri": 5, "sat": 6, "sun": 7,
}
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
    "overnight": "NI",
}

# TimeML duration letters; a quarter is kept as Q, as TimeBank does.
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D",
    "week": "W", "weekend": "WE", "fortnight": "FN", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "E", "century": "C",
    "millennium": "L",
}
TIME_UNITS = frozenset({"second", "minute", "hour"})
UNIT_PLURALS: dict[str, str] = {
    "seconds": "second", "minutes": "minute", "hours": "hour", "days": "day",
    "nights": "night", "weeks": "week", "weekends": "weekend",
    "fortnights": "fortnight", "months": "month", "quarters": "quarter",
    "years": "year", "decades": "decade", "centuries": "century",
    "millennia": "millennium", "millenniums": "millennium",
    "secs": "second", "mins": "minute", "hrs": "hour", "yrs": "year",
}

ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "twenty-first": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
    "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
    "twenty-ninth": 29, "thirty-first": 31, "last": -1, "final": -1,
}
# Vague quantities: the unit is known, the number is not (TimeML ``PXY``).
VAGUE_QUANTITIES = (
    "a few", "few", "several", "some", "many", "a number of", "numerous",
    "a couple of", "couple of", "a couple", "a handful of", "dozens of",
    "hundreds of", "thousands of", "countless",
)


def alternation(words: list[str]) -> str:
    """Regex alternation of literal words, longest first so that none shadows a longer one."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def cased(words: list[str]) -> str:
    """Alternation of ``words`` as Capitalised or UPPER CASE, case-sensitively.

    Month and weekday names are proper nouns in news English; insisting on
    the capital keeps "may", "march" and "sun" as ordinary words.
    """
    forms: list[str] = []
    for w in words:
        forms += [w[0].upper() + w[1:], w.upper()]
    return "(?-i:" + alternation(forms) + ")"


NUMBER_WORD = (
    r"(?:(?:" + alternation(list(TENS)) + r")(?:[- ](?:" + alternation([w for w in ONES if ONES[w] < 10 and w != "zero"]) + r"))?"
    r"|" + alternation(list(ONES)) + r")"
)


def parse_number(phrase: str) -> float | None:
    """Read a cardinal written in digits or English words (up to thousands).

    Handles "15", "1,000", "2.5", "twenty four", "twenty-four", "a hundred",
    "two thousand", "a", "an", and a trailing "and a half" / " 1/2".
    Returns None for anything else so callers can fall back to vague values.
    """
    text = phrase.strip().lower().replace("\u2010", "-").replace("\u2011", "-")
    half = 0.0
    m = re.match(r"^(.*?)(?:\s+and\s+a\s+half|\s+1/2|\s*\u00bd)$", text)
    if m:
        text, half = m.group(1).strip(), 0.5
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", text):
        return float(text.replace(",", "")) + half
    if text in ("a", "an", "one"):
        return 1.0 + half
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", text):
        if word in ("and",):
            continue
        if word in ONES:
            current += ONES[word]
        elif word in TENS:
            current += TENS[word]
        elif word in ("a", "an") and current == 0:
            current = 1
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif re.fullmatch(r"\d+", word):
            current += int(word)
        else:
            return None
    return float(total + current) + half


def month_number(word: str) -> int | None:
    """Month number of a name or abbreviation ("Sept." -> 9)."""
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBREVIATIONS.get(w)


def weekday_number(word: str) -> int | None:
    """ISO weekday of a name or abbreviation ("Thurs." -> 4)."""
    w = word.lower().rstrip(".")
    if w.endswith("s") and w[:-1] in WEEKDAYS:
        w = w[:-1]
    return WEEKDAYS.get(w) or WEEKDAY_ABBREVIATIONS.get(w)


def unit_name(word: str) -> str | None:
    """Singular unit name of a unit word, plural or not ("centuries" -> "century")."""
    w = word.lower()
    if w in UNITS:
        return w
    return UNIT_PLURALS.get(w)
