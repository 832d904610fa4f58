"""Exports: CSV, PLOVER JSON Lines, FollowTheMoney, TimelineJS, the JSON record."""
from __future__ import annotations

import csv
import io
import json

import pytest

from chronicle.export import ftm, plover, timeline
from chronicle.export.csv import EVENT_COLUMNS, csv_text, event_row
from chronicle.export.record import build_record
from chronicle.extract.ontology import EVENT_TYPES
from chronicle.service import review
from chronicle.service.browse import Browser, Paging, write_export
from chronicle.store.queries import EventFilters


def export(store, fmt: str, **kwargs) -> str:
    out = io.StringIO()
    write_export(store, fmt, out, **kwargs)
    return out.getvalue()


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def person_id(store, name: str) -> int:
    return next(p["entity_id"] for p in Browser(store).entities("person", Paging(1, 50))["entities"] if p["name"] == name)


def test_json_export_is_the_record_contract(store):
    assert json.loads(export(store, "json")) == json.loads(json.dumps(build_record(store)))


def test_events_csv_has_one_row_per_event_with_sources(store):
    rows = list(csv.DictReader(io.StringIO(export(store, "csv", table="events"))))
    assert len(rows) == 6 and list(rows[0]) == list(EVENT_COLUMNS)
    sentence = next(r for r in rows if r["type"] == "sentence")
    assert sentence["subjects"] == "Irina Volk" and sentence["conflicts"] == "term: P10D | P12D"
    assert sentence["sources"] == "2" and "10 days of administrative arrest" in sentence["evidence"]
    protest = next(r for r in rows if r["type"] == "protest")
    assert (protest["place"], protest["country"], protest["date"]) == ("Vilnius", "LT", "2022-06-04")


def test_entity_csvs(store):
    people = list(csv.DictReader(io.StringIO(export(store, "csv", table="people"))))
    volk = next(r for r in people if r["name"] == "Irina Volk")
    assert (volk["variants"], volk["documents"], volk["events"]) == ("Volk", "2", "5")
    places = list(csv.DictReader(io.StringIO(export(store, "csv", table="places"))))
    assert {r["name"]: r["country"] for r in places} == {"Grodno": "BY", "Vilnius": "LT", "Minsk": "BY"}
    with pytest.raises(ValueError):
        export(store, "csv", table="secrets")


def test_csv_rows_are_made_safe_for_spreadsheets():
    event = {"id": "e1", "type": "arrest", "status": "occurred", "participants": [{"role": "subject", "name": "=HYPERLINK(\"x\")"}],
             "sources": [{"document": "d1", "evidence": "@SUM(A1)"}]}
    text = csv_text([event_row(event)], EVENT_COLUMNS)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["subjects"].startswith("'=") and row["evidence"].startswith("'@")


def test_plover_lines_follow_the_ontology(store):
    records = jsonl(export(store, "plover"))
    assert len(records) == 6
    for r in records:
        etype = EVENT_TYPES[r["chronicle_type"]]
        assert r["event"] == [etype.plover] and r["cameo"] == etype.cameo
        assert r["id"].startswith("e") and r["event_text"] and r["cite_info"]
        assert r.get("mode") == ([etype.plover_mode] if etype.plover_mode else None)
    arrest = next(r for r in records if r["chronicle_type"] == "arrest")
    assert arrest["recipient"] == [{"name": "Boris Krol", "entity": arrest["recipient"][0]["entity"], "role": "subject"}]
    assert arrest["source"] == [] and arrest["quad_code"] == 4
    assert arrest["date"] == "2022-06-02" and "enddate" not in arrest
    assert arrest["event_loc"] == {"name": "Minsk", "country_code": "BY"}
    protest = next(r for r in records if r["chronicle_type"] == "protest")
    assert protest["recipient"][0]["name"] == "Irina Volk"  # a picket about her
    sentence = next(r for r in records if r["chronicle_type"] == "sentence")
    assert sentence["date"] is None and sentence["date_precision"] == "unknown"


def test_plover_dates_keep_their_precision():
    assert plover.plover_dates({"value": "2021-03", "precision": "month"}) == {
        "date": "2021-03-01", "date_precision": "month", "enddate": "2021-03-31"}
    assert plover.plover_dates({"value": "2009-SU", "precision": "season"})["enddate"] == "2009-08-31"


def test_rejected_events_leave_the_event_data_exports(fresh):
    arrest = Browser(fresh).events(EventFilters(type="arrest"), Paging(1, 5))["events"][0]
    review.review_event(fresh, int(arrest["url"].rsplit("/", 1)[1]), "rejected", author="rita", reason="wrong man")
    assert len(jsonl(export(fresh, "plover"))) == 5
    assert len(jsonl(export(fresh, "plover", include_rejected=True))) == 6
    events_csv = list(csv.DictReader(io.StringIO(export(fresh, "csv", table="events"))))
    assert next(r for r in events_csv if r["type"] == "arrest")["review"] == "rejected"  # CSV keeps it, marked
    assert not any(e["schema"] == "Event" and "arrest" in e["properties"]["keywords"] for e in jsonl(export(fresh, "ftm")))


FTM_SCHEMATA = {"Person", "Organization", "Address", "Article", "Event"}


def test_ftm_entities_reference_only_what_was_written(store):
    items = jsonl(export(store, "ftm"))
    by_id = {i["id"]: i for i in items}
    assert len(by_id) == len(items)  # ids are unique
    assert {i["schema"] for i in items} <= FTM_SCHEMATA
    for item in items:
        assert set(item) == {"id", "schema", "properties"}
        assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in item["properties"].values())
    events = [i for i in items if i["schema"] == "Event"]
    assert len(events) == 6
    for event in events:
        for ref in event["properties"].get("involved", []) + event["properties"].get("organizer", []):
            assert by_id[ref]["schema"] in ("Person", "Organization")
        for ref in event["properties"]["proof"]:
            assert by_id[ref]["schema"] == "Article"
    arrest = next(e for e in events if "arrest" in e["properties"]["keywords"])
    assert arrest["properties"]["date"] == ["2022-06-02"] and arrest["properties"]["country"] == ["by"]
    assert by_id[arrest["properties"]["involved"][0]]["properties"]["name"] == ["Boris Krol"]
    volk = next(i for i in items if i["schema"] == "Person" and i["properties"]["name"] == ["Irina Volk"])
    assert volk["properties"]["alias"] == ["Volk"] and volk["properties"]["position"] == ["teacher"]
    article = next(i for i in items if i["schema"] == "Article" and i["properties"].get("sourceUrl"))
    assert article["properties"]["sourceUrl"] == ["https://northern-courier.example/volk"]
    assert not any("javascript:" in u for i in items for u in i["properties"].get("sourceUrl", []))


def test_ftm_ids_are_stable_across_exports_and_recomputation(fresh):
    first = {i["id"] for i in jsonl(export(fresh, "ftm"))}
    res = fresh.resolution()
    fresh.replace_resolution(list(res.identities.values()), [], list(reversed(list(res.events.values()))))
    assert {i["id"] for i in jsonl(export(fresh, "ftm"))} == first


def test_ftm_dates():
    assert ftm.ftm_dates({"value": "2009-SU", "precision": "season"}) == {"date": "2009"}
    assert ftm.ftm_dates({"value": "2010-05-01/2010-05-10", "precision": "range", "start": "2010-05-01", "end": "2010-05-10"}) == {
        "startDate": "2010-05-01", "endDate": "2010-05-10"}
    assert ftm.ftm_dates({"value": None, "precision": "unknown"}) == {}


def test_timeline_is_timelinejs_json_of_dated_events(store):
    data = json.loads(export(store, "timeline", entity=person_id(store, "Irina Volk")))
    assert data["title"]["text"]["headline"] == "Irina Volk"
    starts = [(e["start_date"]["month"], e["start_date"]["day"]) for e in data["events"]]
    assert sorted(starts) == sorted([("6", "1"), ("6", "11"), ("6", "4")])  # detention, release, the picket
    release = next(e for e in data["events"] if e["group"] == "release")
    assert release["text"]["headline"].endswith("(expected)")
    assert "<blockquote>She will be released on 11 June, her lawyer said.</blockquote>" in release["text"]["text"]
    with pytest.raises(ValueError):
        export(store, "timeline")


def test_timeline_dates_and_escaping():
    assert timeline.timeline_date({"value": "2021-03", "precision": "month"}) == ({"year": "2021", "month": "3"}, None)
    assert timeline.timeline_date({"value": None, "precision": "unknown"}) is None
    event = {"id": "e1", "type": "arrest", "status": "occurred", "label": "<b>x</b>", "date": {"value": "2021", "precision": "year"},
             "sources": [{"document": "d1", "evidence": "<script>alert(1)</script>"}]}
    slide = timeline.slide(event)
    assert slide["start_date"] == {"year": "2021"}
    assert "<script>" not in slide["text"]["text"] and "<b>" not in slide["text"]["headline"]
