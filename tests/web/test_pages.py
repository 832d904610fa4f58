"""Every page and its JSON twin, through HTTP."""
from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from chronicle.web.app import create_app

PAGES = [
    "/", "/people", "/organisations", "/places", "/events", "/documents", "/stories", "/conflicts",
    "/search?q=Volk", "/audit",
]


def ids(client, path: str) -> dict:
    """Row ids of the fictional record, found through the API."""
    people = {p["name"]: p["entity_id"] for p in client.get("/people.json").json()["entities"]}
    places = {p["name"]: p["entity_id"] for p in client.get("/places.json").json()["entities"]}
    return {"volk": people["Irina Volk"], "krol": people["Boris Krol"], "vilnius": places["Vilnius"]}


@pytest.mark.parametrize("path", PAGES)
def test_every_list_page_has_html_and_json_twins(client, path):
    html = client.get(path)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    twin = ("/index" if base == "/" else base) + ".json" + (f"?{query}" if query else "")
    data = client.get(twin)
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    assert f'href="{twin.replace("&", "&amp;")}"' in html.text  # each page links its twin


def test_detail_pages_and_twins(client):
    people = client.get("/people.json").json()["entities"]
    volk = next(p for p in people if p["name"] == "Irina Volk")
    case = client.get(f"/people/{volk['entity_id']}.json").json()
    event_id = case["timeline"][0]["url"].rsplit("/", 1)[1]
    doc_id = case["timeline"][0]["sources"][0]["document"][1:]
    place = client.get("/places.json").json()["entities"][0]["entity_id"]
    for path in (f"/people/{volk['entity_id']}", f"/events/{event_id}", f"/documents/{doc_id}", f"/places/{place}"):
        assert client.get(path).status_code == 200, path
        assert client.get(path + ".json").status_code == 200, path


def test_case_file_has_timeline_undated_conflict_and_names(client):
    volk = ids(client, "")["volk"]
    case = client.get(f"/people/{volk}.json").json()
    assert [e["type"] for e in case["timeline"]] == ["detention", "release"]  # dated, in date order
    assert [e["date"]["value"] for e in case["timeline"]] == ["2022-06-01", "2022-06-11"]
    release = case["timeline"][1]
    assert release["status"] == "expected" and release["expected"] is True
    assert {e["type"] for e in case["undated"]} == {"sentence", "charge"}
    assert [e["type"] for e in case["solidarity"]] == ["protest"]
    (conflict,) = case["conflicts"]
    assert conflict["field"] == "term"
    values = {v["value"]: v for v in conflict["values"]}
    assert set(values) == {"P10D", "P12D"}
    assert values["P10D"]["sources"][0]["evidence"] == "A court sentenced Volk to 10 days of administrative arrest."
    assert values["P12D"]["sources"][0]["document_ref"]["outlet"] == "Baltic Wire"
    assert {n["name"] for n in case["names"]} >= {"Irina Volk", "Volk"}
    assert case["entity"]["titles"] == ["teacher"]
    html = client.get(f"/people/{volk}").text
    assert "10 days" in html and "12 days" in html  # durations are shown in words too
    assert "<svg" in html and "status-expected" in html  # expected vs occurred is visible on the timeline
    assert "Undated events" in html


def test_every_source_quotes_its_document_exactly(client):
    events = client.get("/events.json?size=500").json()["events"]
    texts = {}
    for event in events:
        for source in event["sources"]:
            doc = source["document"]
            if doc not in texts:
                texts[doc] = client.get(f"/documents/{doc[1:]}.json").json()["document"]["text"]
            assert texts[doc][source["start"]:source["end"]] == source["evidence"]


def test_document_page_marks_mentions_and_triggers(client):
    volk = ids(client, "")["volk"]
    doc_id = client.get(f"/people/{volk}.json").json()["timeline"][0]["sources"][0]["document"][1:]
    data = client.get(f"/documents/{doc_id}.json").json()
    text = data["document"]["text"]
    for m in data["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    assert {m["type"] for m in data["event_mentions"]} == {"detention", "sentence", "release"}
    html = client.get(f"/documents/{doc_id}").text
    assert '<span class="trigger status-expected"' in html or '<a href="/events/' in html
    assert 'class="ent ent-person"' in html and 'data-group="de' in html


def test_events_facets_and_filters(client):
    data = client.get("/events.json").json()
    facets = {name: {f["value"]: f["count"] for f in values} for name, values in data["facets"].items()}
    assert facets["type"]["sentence"] == 1 and facets["status"]["expected"] == 1
    assert facets["year"] == {"2022": 4}
    assert facets["country"] == {"BY": 2, "LT": 1}
    by_country = client.get("/events.json?country=BY").json()
    assert {e["type"] for e in by_country["events"]} == {"detention", "arrest"}
    assert by_country["filters"] == {"country": "BY"}
    assert client.get("/events.json?type=protest&year=2022").json()["pagination"]["total"] == 1
    volk = ids(client, "")["volk"]
    assert client.get(f"/events.json?entity={volk}").json()["pagination"]["total"] == 5
    html = client.get("/events?status=expected").text
    assert "status = expected" in html


def test_pagination_is_stable_and_complete(client):
    whole = [e["id"] for e in client.get("/events.json?size=500").json()["events"]]
    paged = []
    for page in (1, 2, 3, 4):
        data = client.get(f"/events.json?size=2&page={page}").json()
        paged += [e["id"] for e in data["events"]]
        assert data["pagination"]["total"] == len(whole)
    assert paged == whole
    assert client.get("/events.json?size=0").status_code == 422
    assert client.get("/events.json?page=0").status_code == 422


@pytest.mark.parametrize("path,column", [
    ("/events.csv", "type"), ("/people.csv", "name"), ("/places.csv", "country"), ("/organisations.csv", "name"),
    ("/documents.csv", "title"), ("/conflicts.csv", "field"), ("/stories.csv", "label"), ("/audit.csv", "action"),
    ("/search.csv?q=Volk", "kind"),
])
def test_every_list_has_a_csv_twin(client, path, column):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert column in (rows[0].keys() if rows else response.text.splitlines()[0].split(","))


def test_csv_of_a_list_without_page_is_the_whole_list(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv?size=2").text)))
    assert len(rows) == client.get("/events.json").json()["pagination"]["total"]
    one_page = list(csv.DictReader(io.StringIO(client.get("/events.csv?size=2&page=1").text)))
    assert len(one_page) == 2


def test_search_finds_documents_and_names(client):
    data = client.get("/search.json?q=hooliganism").json()
    assert [d["title"] for d in data["documents"]] == ["Volk sentenced, supporters picket"]
    assert any(run["match"] and run["text"].lower().startswith("hooligan") for run in data["documents"][0]["snippet"])
    names = client.get("/search.json?q=volk").json()["names"]
    assert [n["name"] for n in names] == ["Irina Volk"]
    assert client.get("/search.json?q=picketed").json()["documents_total"] == 1  # stemming: picket
    assert client.get("/search.json?q=").json()["documents"] == []


def test_places_list_counts_events(client):
    places = {p["name"]: p for p in client.get("/places.json?order=events").json()["entities"]}
    assert places["Grodno"]["events"] == 1 and places["Vilnius"]["events"] == 1 and places["Minsk"]["events"] == 1
    assert places["Grodno"]["country"] == "BY"


def test_missing_things_are_404_in_both_forms(client):
    assert client.get("/people/99999").status_code == 404
    assert client.get("/people/99999.json").json() == {"detail": "person 99999 not found"}
    assert client.get("/events/99999.json").status_code == 404
    assert client.get("/documents/99999").status_code == 404
    volk = ids(client, "")["volk"]
    assert client.get(f"/places/{volk}").status_code == 404  # a person is not a place


def test_openapi_describes_the_json_api(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/events.json", "/events.csv", "/people/{entity_id}.json", "/search.json", "/export/plover.jsonl"} <= paths
    assert "/events" not in paths  # HTML pages are not API
    params = {p["name"] for p in spec["paths"]["/events.json"]["get"]["parameters"]}
    assert {"type", "status", "country", "year", "page", "size"} <= params


def test_timeline_json_twin_is_timelinejs(client):
    volk = ids(client, "")["volk"]
    data = client.get(f"/people/{volk}/timeline.json").json()
    assert data["title"]["text"]["headline"] == "Irina Volk"
    starts = [e["start_date"] for e in data["events"]]
    assert {"year": "2022", "month": "6", "day": "1"} in starts


def test_pages_work_on_postgresql_too(fiction):
    client = TestClient(create_app(store=fiction, secret_key="x"))
    for path in PAGES:
        base, _, query = path.partition("?")
        twin = ("/index" if base == "/" else base) + ".json" + (f"?{query}" if query else "")
        assert client.get(path).status_code == 200, path
        assert client.get(twin).status_code == 200, twin
    volk = next(p for p in client.get("/people.json").json()["entities"] if p["name"] == "Irina Volk")
    case = client.get(f"/people/{volk['entity_id']}.json").json()
    assert len(case["conflicts"]) == 1 and len(case["timeline"]) == 2
    assert client.get("/search.json?q=hooliganism").json()["documents_total"] == 1
    assert [n["name"] for n in client.get("/search.json?q=volk").json()["names"]] == ["Irina Volk"]
