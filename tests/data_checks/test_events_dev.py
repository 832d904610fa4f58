"""Consistency checks for the event development set (tests/data/events_dev.yaml).

The dev set is hand-written; these tests catch the mistakes hand-written
annotation makes: a role that is not in its sentence, a date that falls on
the wrong weekday or on the wrong side of the publication date, a type or
status outside the ontology, and coverage that quietly shrinks.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "events_dev.yaml"

EVENT_TYPES = {
    "arrest", "detention", "search", "charge", "hearing", "sentence", "acquittal", "appeal",
    "hunger_strike", "release", "protest", "strike", "letter", "statement", "ban",
}
STATUSES = {"occurred", "expected", "alleged", "denied"}
ROLES = ("subject", "agent", "organiser", "addressee", "court")
EVENT_KEYS = {"type", "status", "date", "place", "attributes", *ROLES}
ITEM_KEYS = {"id", "text", "published", "events"}
PRECISIONS = {"day", "month", "season", "year", "range"}
ATTRIBUTE_VALUES = {
    "kind": {"prison", "administrative", "fine", "suspended"},
    "stage": {"filed", "decided"},
    "outcome": {"rejected", "granted", "partly"},
    "form": {"picket", "demonstration", "rally", "march", "sit-in"},
}
# Which event types an attribute may sit on: a term on a protest or an
# outcome on an arrest would be an annotation slip.
ATTRIBUTE_TYPES = {
    "term": {"sentence"},
    "kind": {"sentence"},
    "stage": {"appeal"},
    "outcome": {"appeal"},
    "form": {"protest"},
    "charge": {"arrest", "charge", "sentence", "acquittal"},
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
SEASONS = {"SP", "SU", "FA", "WI"}
DURATION = re.compile(r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
MIN_SENTENCES_PER_TYPE = 5


@lru_cache(maxsize=1)
def load_dev_set() -> tuple[dict, ...]:
    with DEV_SET.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list), "the dev set is a YAML list"
    return tuple(data)


def all_events():
    for item in load_dev_set():
        for event in item["events"]:
            yield item, event


def as_date(value) -> dt.date:
    """YAML gives dates as ``datetime.date``; quoted ones arrive as strings."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def date_bounds(date: dict) -> tuple[dt.date, dt.date]:
    """First and last calendar day an annotated date can stand for."""
    precision, value = date["precision"], str(date.get("value"))
    if precision == "day":
        day = as_date(value)
        return day, day
    if precision == "range":
        return as_date(date["start"]), as_date(date["end"])
    if precision == "month":
        year, month = map(int, value.split("-"))
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    if precision == "year":
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    if precision == "season":
        # Seasons straddle months loosely; the whole year is a safe bound.
        year = int(value.split("-")[0])
        return dt.date(year, 1, 1), dt.date(year + (value.endswith("WI")), 12, 31)
    raise AssertionError(f"unknown precision {precision}")


def is_duration(text: str) -> bool:
    return bool(DURATION.match(text))


# ------------------------------------------------------------------ shape


def test_dev_set_loads_with_enough_items():
    items = load_dev_set()
    assert len(items) >= 170
    for item in items:
        assert set(item) == ITEM_KEYS, item.get("id")
        assert isinstance(item["text"], str) and item["text"].strip()
        assert isinstance(item["published"], dt.date), item["id"]
        assert isinstance(item["events"], list), item["id"]


def test_ids_are_unique_and_well_formed():
    ids = [item["id"] for item in load_dev_set()]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for i in ids:
        assert re.fullmatch(r"[a-z_]+-\d{3}", i), i


def test_texts_are_unique():
    texts = Counter(item["text"] for item in load_dev_set())
    assert [t for t, n in texts.items() if n > 1] == []


def test_at_least_thirty_negative_sentences():
    negatives = [item for item in load_dev_set() if not item["events"]]
    assert len(negatives) >= 30


def test_negatives_contain_a_tempting_word():
    # A negative with no trigger-like word teaches nothing: each must tempt.
    tempting = re.compile(
        r"arrest|detain|detention|search|charg|hearing|sentence|acquit|appeal|hunger|fast|releas|"
        r"protest|rall|march|picket|demonstrat|strik|struck|stopped work|letter|statement|ban|court|police",
        re.IGNORECASE,
    )
    for item in load_dev_set():
        if not item["events"]:
            assert tempting.search(item["text"]), item["id"]


# ------------------------------------------------------------ annotations


def test_event_keys_types_and_statuses_are_known():
    for item, event in all_events():
        assert set(event) <= EVENT_KEYS, (item["id"], set(event) - EVENT_KEYS)
        assert event["type"] in EVENT_TYPES, (item["id"], event["type"])
        assert event["status"] in STATUSES, (item["id"], event["status"])


def test_roles_places_and_charges_are_substrings_of_the_text():
    for item, event in all_events():
        for key in (*ROLES, "place"):
            if key in event:
                assert isinstance(event[key], str) and event[key], (item["id"], key)
                assert event[key] in item["text"], (item["id"], key, event[key])
        charge = (event.get("attributes") or {}).get("charge")
        if charge is not None:
            assert charge in item["text"], (item["id"], charge)


def test_letters_name_their_addressee():
    for item, event in all_events():
        if event["type"] == "letter":
            assert "addressee" in event, item["id"]


def test_attributes_are_valid_for_their_event_type():
    for item, event in all_events():
        for name, value in (event.get("attributes") or {}).items():
            assert name in ATTRIBUTE_TYPES, (item["id"], name)
            assert event["type"] in ATTRIBUTE_TYPES[name], (item["id"], name, event["type"])
            if name == "term":
                assert is_duration(str(value)), (item["id"], value)
            elif name in ATTRIBUTE_VALUES:
                assert value in ATTRIBUTE_VALUES[name], (item["id"], name, value)


def test_dates_are_well_formed():
    for item, event in all_events():
        date = event.get("date")
        if date is None:
            continue
        assert date["precision"] in PRECISIONS, item["id"]
        value = str(date["value"])
        precision = date["precision"]
        if precision == "day":
            as_date(value)
        elif precision == "month":
            assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value), (item["id"], value)
        elif precision == "year":
            assert re.fullmatch(r"\d{4}", value), (item["id"], value)
        elif precision == "season":
            assert re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value), (item["id"], value)
        else:
            start, end = as_date(date["start"]), as_date(date["end"])
            assert start < end, item["id"]
            assert value == f"{start.isoformat()}/{end.isoformat()}", item["id"]


def test_dates_sit_on_the_right_side_of_publication():
    # Something that occurred cannot start after the report; something
    # expected cannot be wholly over before it.
    for item, event in all_events():
        if "date" not in event:
            continue
        first, last = date_bounds(event["date"])
        published = item["published"]
        if event["status"] == "occurred":
            assert first <= published, (item["id"], event["type"])
        elif event["status"] == "expected":
            assert last >= published, (item["id"], event["type"])


def test_weekday_dates_fall_on_the_named_weekday():
    for item, event in all_events():
        date = event.get("date")
        if not date or date["precision"] != "day":
            continue
        named = {WEEKDAYS.index(w) for w in WEEKDAYS if re.search(rf"\b{w}\b", item["text"], re.IGNORECASE)}
        if named:
            assert as_date(date["value"]).weekday() in named, (item["id"], date["value"])


def test_relative_day_words_resolve_against_publication():
    offsets = {"yesterday": -1, "last night": -1, "this morning": 0}
    for item, event in all_events():
        date = event.get("date")
        if not date or date["precision"] != "day":
            continue
        for word, offset in offsets.items():
            if word in item["text"].lower():
                assert as_date(date["value"]) == item["published"] + dt.timedelta(days=offset), item["id"]


def test_explicit_day_month_dates_are_annotated():
    # "on 9 August", "until 12 June": an annotated sentence that states a
    # calendar day should carry it on some event (or as a range end).
    pattern = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
    for item in load_dev_set():
        if not item["events"]:
            continue
        annotated = set()
        for event in item["events"]:
            date = event.get("date") or {}
            if date.get("precision") == "day":
                annotated.add(as_date(date["value"]))
            if date.get("precision") == "range":
                annotated |= {as_date(date["start"]), as_date(date["end"])}
        for day, month in pattern.findall(item["text"]):
            wanted = (int(day), MONTHS.index(month.lower()) + 1)
            assert wanted in {(d.day, d.month) for d in annotated}, (item["id"], day, month)


# --------------------------------------------------------------- coverage


def test_every_type_is_covered_in_enough_sentences():
    per_type = Counter()
    for item in load_dev_set():
        for kind in {event["type"] for event in item["events"]}:
            per_type[kind] += 1
    thin = {kind: per_type[kind] for kind in EVENT_TYPES if per_type[kind] < MIN_SENTENCES_PER_TYPE}
    assert thin == {}


def test_main_types_have_eight_sentences():
    main = {"arrest", "detention", "charge", "sentence", "appeal", "release", "protest", "strike"}
    per_type = Counter()
    for item in load_dev_set():
        for kind in {event["type"] for event in item["events"]}:
            per_type[kind] += 1
    assert {k: per_type[k] for k in main if per_type[k] < 8} == {}


def test_every_status_is_covered():
    statuses = Counter(event["status"] for _, event in all_events())
    assert {s for s in STATUSES if statuses[s] < 5} == set()


def test_every_role_is_used():
    used = {role for _, event in all_events() for role in ROLES if role in event}
    assert used == set(ROLES)


def test_every_precision_is_used():
    used = {event["date"]["precision"] for _, event in all_events() if "date" in event}
    assert used == PRECISIONS


def test_conjunctions_give_several_events_with_one_subject():
    # "was arrested, charged and sentenced": at least a few sentences where
    # one subject carries three or more events.
    count = 0
    for item in load_dev_set():
        subjects = Counter(event.get("subject") for event in item["events"] if event.get("subject"))
        if any(n >= 3 for n in subjects.values()):
            count += 1
    assert count >= 3


def test_several_countries_are_represented():
    places = {
        "Minsk", "Grodno", "Gomel", "Moscow", "Khabarovsk", "Tehran", "Isfahan", "Tabriz", "Hong Kong",
        "Istanbul", "Ankara", "Diyarbakır", "Almaty", "Shymkent", "Bishkek", "Tbilisi", "Baku", "Tashkent",
    }
    seen = {p for p in places if any(p in item["text"] for item in load_dev_set())}
    assert len(seen) >= 15, places - seen


# ------------------------------------------------- helper property tests


@given(
    years=st.integers(min_value=0, max_value=30),
    months=st.integers(min_value=0, max_value=24),
    days=st.integers(min_value=0, max_value=400),
)
def test_duration_check_accepts_every_iso_duration(years, months, days):
    parts = [(years, "Y"), (months, "M"), (days, "D")]
    text = "P" + "".join(f"{n}{unit}" for n, unit in parts if n)
    assert is_duration(text) == (text != "P")


@given(st.text(alphabet="P0123456789YMWDT ", max_size=8))
def test_duration_check_rejects_non_durations(text):
    if is_duration(text):
        assert text.startswith("P") and re.fullmatch(r"P(\d+[YMWD])+", text)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_month_bounds_cover_the_month(day):
    first, last = date_bounds({"precision": "month", "value": f"{day.year}-{day.month:02d}"})
    assert first <= day <= last
    assert first.day == 1 and (last + dt.timedelta(days=1)).day == 1


@pytest.mark.parametrize("term", ["P15D", "P3Y", "P2Y6M", "P14D", "P18M", "P2W"])
def test_known_terms_are_durations(term):
    assert is_duration(term)
