"""Names: normalisation, transliteration, skeletons, keys and comparison."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chronicle.resolve.names import (
    NameMatch,
    compare_names,
    name_keys,
    normalise_name,
    skeleton,
    transliterations,
)

# ----------------------------------------------------------- normalise_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mr. Ainur Kurmanov", "ainur kurmanov"),
        ("Dr Bolat Sarybayev", "bolat sarybayev"),
        ("Secretary General Lena Marchetti", "lena marchetti"),
        ("Secretary-General Lena Marchetti", "lena marchetti"),
        ("President Kairat Abenov", "kairat abenov"),
        ("Joe Dunleavy MEP", "joe dunleavy"),
        ("Yesenbek Sarybayev’s", "yesenbek sarybayev"),
        ("Esen's", "esen"),
        ("ＡＩＮＵＲ  KURMANOV", "ainur kurmanov"),  # full-width letters, NFKC
        ("Il’ya Ter‑Petrosyan", "ilya ter petrosyan"),  # curly apostrophe, non-breaking hyphen
        ("Jean-Pierre O'Neill", "jean pierre oneill"),
    ],
)
def test_normalise_name_strips_titles_possessives_and_punctuation(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_normalise_name_keeps_a_title_that_is_the_whole_name() -> None:
    # "President" alone may be the only way a report names someone.
    assert normalise_name("President") == "president"


def test_organisation_names_keep_their_first_word() -> None:
    assert normalise_name("General Electric", "organisation") == "general electric"
    assert normalise_name("The Socialist Party", "organisation") == "socialist party"
    assert normalise_name("General Electric") == "electric"  # as a person, "General" is a rank


@given(st.text(max_size=40))
@settings(max_examples=400, deadline=None)
def test_normalise_name_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


@given(st.text(max_size=40), st.sampled_from(["person", "organisation", "place"]))
@settings(max_examples=200, deadline=None)
def test_normalise_name_is_idempotent_for_every_kind(text: str, kind: str) -> None:
    once = normalise_name(text, kind)  # type: ignore[arg-type]
    assert normalise_name(once, kind) == once  # type: ignore[arg-type]


# --------------------------------------------------------- transliteration


def test_cyrillic_name_gets_the_usual_schemes() -> None:
    forms = transliterations("Юрий Колесников")
    assert {"Yuriy Kolesnikov", "Iurii Kolesnikov", "Jurij Kolesnikov", "Yury Kolesnikov"} <= forms


def test_kazakh_and_ukrainian_letters_are_transliterated() -> None:
    assert "Kairat Abdigaliev" in transliterations("Қайрат Әбдіғалиев")
    assert any(f.startswith("Yevh") for f in transliterations("Євгенія Ковальчук"))
    assert "Oleksandr Hnatiuk" in transliterations("Олександр Гнатюк")


def test_latin_name_transliterates_to_its_ascii_spelling() -> None:
    assert transliterations("Tatjana Ščerbakova") == {"Tatjana Shcherbakova"}


CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһієїґў"


@given(st.text(alphabet=CYRILLIC + CYRILLIC.upper() + " -'", min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_transliteration_of_cyrillic_is_ascii(text: str) -> None:
    for form in transliterations(text):
        assert form.isascii(), form


@pytest.mark.parametrize(
    "group",
    [
        ["Yesenbek", "Esenbek", "Jesenbek", "Iesenbek", "Yessenbek", "Есенбек"],
        ["Dmitriy", "Dmitry", "Dmitrii", "Dmitrij", "Дмитрий"],
        ["Yuriy", "Iurii", "Jurij", "Yury", "Юрий"],
        ["Tatiana", "Tatyana", "Tat'jana", "Татьяна"],
        ["Fyodor", "Fedor", "Fiodor", "Fëdor", "Фёдор"],
        ["Gorbachev", "Gorbachov", "Gorbatchov"],
        ["Khabarov", "Habarov", "Хабаров"],
        ["Nazarbayev", "Nazarbaev", "Назарбаев"],
        ["Zhanibek", "Janibek", "Жанибек"],
        ["Ukteshbaev", "Uktešbaev", "Ukteshbayev"],
        ["Essen", "Esen"],
    ],
)
def test_spelling_variants_share_a_skeleton(group: list[str]) -> None:
    """Every spelling in a group compares as one name (exact or variant)."""
    for other in group[1:]:
        m = compare_names(group[0] + " Abenov", other + " Abenov", "person")
        assert m.relation in ("exact", "variant") and m.score >= 0.9, (group[0], other, m)


def test_skeleton_of_a_whole_name_is_shared_across_scripts() -> None:
    assert skeleton("Yesenbek Ukteshbaev") == skeleton("Есенбек Уктешбаев") == skeleton("Esenbek Ukteshbayev")


# ------------------------------------------------------------ compare_names


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Yesenbek Sarybayev", "Esen Sarybayev", "variant"),  # Kazakh element dropped
        ("Sasha Pereverzev", "Aleksandr Pereverzev", "variant"),
        ("Volodya Kravets", "Vladimir Kravets", "variant"),
        ("Kolya Sidorenko", "Nikolai Sidorenko", "variant"),
        ("Dima Kozlov", "Dmitry Kozlov", "variant"),
        ("Alex Lobanov", "Alexey Lobanov", "variant"),
        ("Mykola Levchenko", "Nikolai Levchenko", "variant"),
        ("Kurmenbek Asanaliev", "Kurmanbek Asanaliev", "variant"),  # one-letter slip
        ("Tokhtarov Yerlan", "Yerlan Tokhtarov", "variant"),  # surname first
        ("Уктешбаев Есенбек Абдуллаевич", "Yesenbek Ukteshbaev", "variant"),
        ("Ainur Kurmanov", "Kurmanov", "short_form"),
        ("Ainur Kurmanov", "Ainur", "short_form"),
        ("Yesenbek Sarybayev", "Essen", "short_form"),
        ("A. Kurmanov", "Ainur Kurmanov", "short_form"),
        ("Ye. Sarybayev", "Yesenbek Sarybayev", "short_form"),
        ("Marc Perrin de Lacoste", "Perrin de Lacoste", "short_form"),
        ("Ainur", "Kurmanov", "unsure"),  # a given name and a surname: no way to tell
    ],
)
def test_compatible_names(a: str, b: str, relation: str) -> None:
    assert compare_names(a, b, "person").relation == relation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yesenbek Sarybayev", "Bolat Sarybayev"),
        ("Marat Abenov", "Dana Abenova"),
        ("Marat Abenov", "Abenova"),
        ("Vadim Kurbatskin", "Vadim Kurbatskina"),
        ("B. Kurmanov", "Ainur Kurmanov"),
        ("Ivan Petrovich Baranov", "Ivan Sergeevich Baranov"),
        ("Aleksandr Kravets", "Aleksandra Kravets"),
        ("Alexander Petrov", "Alexandra Petrov"),
        ("Marat Tulegenov", "Murat Tulegenov"),
        ("Marina Ospanova", "Madina Ospanova"),
        ("Nurlan Jaksybekov", "Nurzhan Jaksybekov"),
        ("Yana Ismailova", "Zhanna Ismailova"),
        ("Nur Altayev", "Nurlan Altayev"),  # "Nur" fits Nurlan only by a non-element
        ("Marat Ospanuly", "Marat Ospankyzy"),
        ("Roza Asanalieva", "Roza Osmonova"),
        ("Asel", "Aigul"),
    ],
)
def test_different_people(a: str, b: str) -> None:
    m = compare_names(a, b, "person")
    assert m.relation == "different", m


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("OSCE", "Organisation for Security and Co-operation in Europe", "acronym"),
        ("Organization for Security & Cooperation in Europe",
         "Organisation for Security and Co-operation in Europe", "variant"),
        ("CWI", "Committee for a Workers' International", "acronym"),
        ("Temir Bank", "Temirbank", "variant"),
        ("Carnegie Moscow Center", "Carnegie Moscow Centre", "variant"),
        ("Carnegie Centre", "Carnegie Moscow Centre", "short_form"),
        ("Almaty City Court", "Almaty Regional Court", "different"),
        ("Kazakhstan 2012", "Kazakhstan 2010", "different"),
        ("OSCE", "OSCE Parliamentary Assembly", "different"),
        ("NATO", "OSCE", "different"),
    ],
)
def test_organisation_names(a: str, b: str, relation: str) -> None:
    assert compare_names(a, b, "organisation").relation == relation


def test_name_match_is_an_immutable_record() -> None:
    m = compare_names("Ainur Kurmanov", "Kurmanov", "person")
    assert isinstance(m, NameMatch) and 0.0 <= m.score <= 1.0 and m.reason
    with pytest.raises(AttributeError):
        m.score = 1.0  # type: ignore[misc]


NAME_PARTS = st.sampled_from(
    ["Ainur", "Esen", "Yesenbek", "Essen", "Kurmanov", "Kurmanova", "Ukteshbaev", "A.", "Ye.",
     "Sasha", "Aleksandr", "Aleksandra", "Dana", "Marat", "Murat", "Есенбек", "Уктешбаев",
     "de", "Perrin", "Mr", "Petrovich", "OSCE", "Bank", "Temir", "2012"]
)
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=4).map(" ".join)
KINDS = st.sampled_from(["person", "organisation", "place"])


@given(NAMES, NAMES, KINDS)
@settings(max_examples=300, deadline=None)
def test_compare_names_is_symmetric(a: str, b: str, kind: str) -> None:
    assert compare_names(a, b, kind) == compare_names(b, a, kind)  # type: ignore[arg-type]


@given(st.text(max_size=30) | NAMES, KINDS)
@settings(max_examples=300, deadline=None)
def test_a_name_always_matches_itself(name: str, kind: str) -> None:
    assume(normalise_name(name, kind))  # type: ignore[arg-type]
    assert compare_names(name, name, kind).relation == "exact"  # type: ignore[arg-type]


# ---------------------------------------------------------------- name_keys


def test_variants_of_one_person_share_a_blocking_key() -> None:
    keys = [name_keys(n, "person") for n in
            ("Yesenbek Ukteshbaev", "Esen Ukteshbaev", "Есенбек Уктешбаев", "Essen", "Ukteshbaev")]
    common = set.intersection(*keys[:3]) | set()
    assert common, keys
    assert keys[3] & keys[0] and keys[4] & keys[0]


def test_relatives_block_together_so_they_can_be_told_apart() -> None:
    assert name_keys("Marat Abenov", "person") & name_keys("Dana Abenova", "person")


def test_acronym_and_full_name_share_a_key() -> None:
    assert name_keys("OSCE", "organisation") & name_keys(
        "Organisation for Security and Co-operation in Europe", "organisation")


def test_unrelated_names_share_no_key() -> None:
    assert not name_keys("Ainur Kurmanov", "person") & name_keys("Joe Dunleavy", "person")
