"""Checks on Chronicle's own sample corpus (samples/) and its gold file.

The corpus is the demo input and the end-to-end fixture, so it has to stay
what samples/README.md says it is: four input formats, one file that is not
UTF-8, a reproducible WARC with records ingest must skip, and an
``expected.yaml`` whose every claim can be traced to the text of a sample.
"""
from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import re
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from fastwarc.warc import ArchiveIterator as FastArchiveIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
WARC = SAMPLES / "archive" / "shymkent-2021-03.warc.gz"
FEED = SAMPLES / "feed.jsonl"
LATIN1 = SAMPLES / "solidarity-weekly-2021-03-10-pickets.txt"
EXPECTED = SAMPLES / "expected.yaml"
CHECKER = ROOT.parent / "shared" / "acceptance" / "check_seeds.py"

EVENT_TYPES = {
    "arrest", "detention", "search", "charge", "hearing", "sentence", "acquittal", "appeal",
    "hunger_strike", "release", "protest", "strike", "letter", "statement", "ban",
}
STATUSES = {"occurred", "expected", "alleged", "denied", "disputed"}
PRECISIONS = {"day", "month", "season", "year", "range"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def norm(text: str) -> str:
    """Compare texts the way the acceptance checker does: NFKC, plain quotes, one space."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}.items():
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def html_text(html: str) -> str:
    """Visible text of an HTML page, good enough to search for phrases in it."""
    import html as html_lib

    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return norm(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


@lru_cache(maxsize=1)
def expected() -> dict:
    with EXPECTED.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def warc_responses() -> dict[str, tuple[str, bytes]]:
    """Target URI -> (Content-Type, payload) of every response record."""
    out = {}
    with WARC.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI")
                out[uri] = (record.http_headers.get_header("Content-Type"), record.content_stream().read())
    return out


@lru_cache(maxsize=1)
def feed_records() -> tuple[dict, ...]:
    return tuple(json.loads(line) for line in FEED.read_text(encoding="utf-8").splitlines() if line.strip())


@lru_cache(maxsize=None)
def raw_text(doc_id: str) -> str:
    """The decoded source text of one gold document (markup included)."""
    doc = expected()["documents"][doc_id]
    container = doc.get("container")
    if container is None:
        data = (SAMPLES / doc["file"]).read_bytes()
        if doc["file"].endswith(".gz"):
            data = gzip.decompress(data)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    if container.endswith(".warc.gz"):
        return warc_responses()[doc["url"]][1].decode("utf-8")
    record = next(r for r in feed_records() if r["url"] == doc["url"])
    return record.get("html") or record["text"]


@lru_cache(maxsize=None)
def visible_text(doc_id: str) -> str:
    text = raw_text(doc_id)
    return html_text(text) if "<html" in text.lower() else norm(text)


@lru_cache(maxsize=None)
def body_text(doc_id: str) -> str:
    """The article body as the gold file delimits it."""
    doc = expected()["documents"][doc_id]
    text = visible_text(doc_id)
    start = text.index(norm(doc["body_starts_with"]))
    end = text.index(norm(doc["body_ends_with"]), start) + len(norm(doc["body_ends_with"]))
    return text[start:end]


def entity_names(entity: dict) -> list[str]:
    return [entity["name"], *(entity.get("variants") or [])]


def date_text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# --------------------------------------------------------------- formats


def test_all_four_input_formats_are_present():
    txt = sorted(SAMPLES.glob("*.txt"))
    html = sorted(SAMPLES.glob("*.html")) + sorted(SAMPLES.glob("*.html.gz"))
    assert 3 <= len(txt) <= 4
    assert 3 <= len(html) <= 4
    assert len(list(SAMPLES.glob("*.html.gz"))) == 1
    assert WARC.is_file()
    assert FEED.is_file()


def test_latin1_sample_is_not_utf8_but_decodes_as_latin1():
    data = LATIN1.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("latin-1")
    assert "Saparbayeva-Müller" in text
    assert "«" in text and "»" in text


def test_other_text_samples_are_utf8():
    for path in SAMPLES.glob("*.txt"):
        if path != LATIN1:
            path.read_bytes().decode("utf-8")


def test_html_gz_is_reproducible_gzip():
    data = (SAMPLES / "krb-2021-03-09-appeal-rejected.html.gz").read_bytes()
    assert data[:2] == b"\x1f\x8b"
    # Bytes 4..8 are the gzip mtime: zero keeps the file byte-stable.
    assert data[4:8] == b"\x00\x00\x00\x00"
    assert b"<article>" in gzip.decompress(data)


def all_html_pages() -> list[tuple[str, str]]:
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLES.glob("*.html")]
    pages += [(p.name, gzip.decompress(p.read_bytes()).decode("utf-8")) for p in SAMPLES.glob("*.html.gz")]
    pages += [(uri, body.decode("utf-8")) for uri, (ctype, body) in warc_responses().items() if ctype.startswith("text/html")]
    pages += [(r["url"], r["html"]) for r in feed_records() if "html" in r]
    return pages


def test_html_pages_carry_realistic_markup():
    pages = all_html_pages()
    assert len(pages) == 6
    for name, page in pages:
        assert re.search(r"<title>[^<]+</title>", page), name
        assert 'property="og:site_name"' in page, name
        assert 'property="article:published_time"' in page, name
        assert re.search(r"<article\b", page) and "</article>" in page, name
        assert len(re.findall(r"<p\b", page)) >= 3, name
        assert re.search(r"<(nav|footer)\b", page), name


def test_text_pages_carry_site_boilerplate():
    for path in SAMPLES.glob("*.txt"):
        text = path.read_bytes().decode("latin-1")
        assert re.search(r"Related articles", text), path.name
        assert re.search(r"Subscribe|Donate", text), path.name
        assert re.search(r"^(January|February|March|April) 20\d\d$", text, re.MULTILINE), path.name


# ------------------------------------------------------------------ WARC


def test_warc_is_readable_by_warcio_with_the_expected_records():
    with WARC.open("rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             r.http_headers.get_header("Content-Type") if r.http_headers else None,
             r.content_stream().read())
            for r in ArchiveIterator(fh, check_digests="raise")
        ]
    assert [r[0] for r in records] == ["warcinfo", "request", "response", "response", "response"]
    responses = [r for r in records if r[0] == "response"]
    html = [r for r in responses if r[2].startswith("text/html")]
    images = [r for r in responses if r[2] == "image/png"]
    assert len(html) == 2 and len(images) == 1
    assert images[0][3].startswith(PNG_SIGNATURE)
    for _, uri, _, body in html:
        assert uri.startswith("https://") and re.search(rb"<article\b", body)


def test_warc_is_readable_by_fastwarc():
    with WARC.open("rb") as fh:
        # FastWARC records are only valid while the iterator is on them.
        records = [(r.record_type, r.verify_block_digest()) for r in FastArchiveIterator(fh, parse_http=False)]
    assert len(records) == 5
    assert all(ok for _, ok in records)
    assert sum(kind == WarcRecordType.response for kind, _ in records) == 3


def test_warc_ids_and_dates_are_fixed():
    with WARC.open("rb") as fh:
        headers = [r.rec_headers for r in ArchiveIterator(fh)]
    ids = [h.get_header("WARC-Record-ID") for h in headers]
    assert len(set(ids)) == len(ids)
    assert all(h.get_header("WARC-Date").startswith("2021-03-18T") for h in headers)


def test_make_warc_regenerates_an_identical_file(tmp_path):
    out = tmp_path / "again.warc.gz"
    subprocess.run([sys.executable, str(SAMPLES / "make_warc.py"), str(out)], check=True, capture_output=True, timeout=60)
    # The decompressed records must match whatever zlib this machine has; the
    # compressed bytes must match too (same zlib, same output).
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(WARC.read_bytes())
    assert out.read_bytes() == WARC.read_bytes()


# ----------------------------------------------------------- JSON Lines


def test_feed_records_have_url_published_and_one_body():
    records = feed_records()
    assert 1 <= len(records) <= 2
    kinds = set()
    for record in records:
        assert set(record) in ({"url", "published", "text"}, {"url", "published", "html"})
        assert urlsplit(record["url"]).scheme == "https"
        dt.date.fromisoformat(record["published"][:10])
        kinds |= {"text", "html"} & set(record)
    assert kinds == {"text", "html"}


# --------------------------------------------------------- expected.yaml


def test_expected_has_the_gold_file_shape():
    gold = expected()
    assert set(gold) == {"documents", "people", "organisations", "places", "events", "conflicts", "must_not"}
    for doc_id, doc in gold["documents"].items():
        for key in ("file", "outlet", "title", "published", "body_starts_with", "body_ends_with"):
            assert doc.get(key), (doc_id, key)
        assert doc["published"]["precision"] in PRECISIONS
    for kind in ("people", "organisations", "places"):
        for entity in gold[kind]:
            assert isinstance(entity["must"], bool), entity["name"]
    for place in gold["places"]:
        assert re.fullmatch(r"[A-Z]{2}", place["country"]), place["name"]


def test_every_document_points_at_an_existing_sample():
    for doc_id, doc in expected()["documents"].items():
        container = doc.get("container")
        if container is None:
            assert (SAMPLES / doc["file"]).is_file(), doc_id
            continue
        assert (SAMPLES / container).is_file(), doc_id
        # The acceptance checker matches a document by the last part of its source.
        assert PurePosixPath(urlsplit(doc["url"]).path).name == doc["file"], doc_id
        if container.endswith(".warc.gz"):
            assert doc["url"] in warc_responses(), doc_id
        else:
            assert doc["url"] in {r["url"] for r in feed_records()}, doc_id


def test_every_report_in_the_corpus_is_in_expected():
    files = {d["file"] for d in expected()["documents"].values() if "container" not in d}
    on_disk = {p.name for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html", ".gz"} and p.is_file()}
    assert files == on_disk
    urls = {d["url"] for d in expected()["documents"].values() if "container" in d}
    html_responses = {u for u, (ctype, _) in warc_responses().items() if ctype.startswith("text/html")}
    assert urls == html_responses | {r["url"] for r in feed_records()}


def test_document_titles_dates_and_bodies_are_in_the_text():
    for doc_id, doc in expected()["documents"].items():
        text = visible_text(doc_id)
        assert norm(doc["title"]) in text, doc_id
        body = body_text(doc_id)
        assert len(body) > 200, doc_id
        assert norm(doc["title"]) not in body, doc_id


def test_published_dates_agree_with_page_metadata():
    for doc_id, doc in expected()["documents"].items():
        day = date_text(doc["published"]["date"])
        raw = raw_text(doc_id)
        meta = re.search(r'property="article:published_time" content="([^"]+)"', raw)
        if meta:
            assert meta.group(1).startswith(day), doc_id
        elif doc.get("container") == "feed.jsonl":
            record = next(r for r in feed_records() if r["url"] == doc["url"])
            assert record["published"].startswith(day), doc_id
        else:
            written = dt.date.fromisoformat(day).strftime("%-d %B %Y")
            assert written in raw, doc_id


def test_sources_name_existing_documents():
    gold = expected()
    ids = set(gold["documents"])
    for kind in ("people", "organisations", "events"):
        for item in gold[kind]:
            assert item.get("sources"), item
            assert set(item["sources"]) <= ids, item
    for conflict in gold["conflicts"]:
        for value in conflict["values"]:
            assert value["source"] in ids


def test_people_and_organisations_appear_in_their_sources():
    gold = expected()
    for kind in ("people", "organisations"):
        for entity in gold[kind]:
            names = entity_names(entity)
            for source in entity["sources"]:
                assert any(norm(n) in body_text(source) for n in names), (entity["name"], source)
            for name in names:
                assert any(norm(name) in body_text(s) for s in gold["documents"]), (entity["name"], name)


def test_places_appear_in_some_body():
    for place in expected()["places"]:
        assert any(place["name"] in body_text(d) for d in expected()["documents"]), place["name"]


def test_distinct_people_are_really_distinct():
    people = {p["name"]: p for p in expected()["people"]}
    for person in people.values():
        for other in person.get("distinct_from") or []:
            assert other in people
            assert not set(entity_names(person)) & set(entity_names(people[other]))
            assert person["name"] in people[other].get("distinct_from", [])


def test_events_are_well_formed_and_traceable():
    gold = expected()
    entities = {n for kind in ("people", "organisations") for e in gold[kind] for n in entity_names(e)}
    places = {p["name"] for p in gold["places"]}
    ids = [e["id"] for e in gold["events"]]
    assert len(ids) == len(set(ids))
    for event in gold["events"]:
        assert event["type"] in EVENT_TYPES, event["id"]
        assert event["status"] in STATUSES, event["id"]
        assert isinstance(event["must"], bool), event["id"]
        assert event.get("who") or event.get("place"), event["id"]
        if event.get("who"):
            assert event["who"] in entities, event["id"]
            person = next((e for k in ("people", "organisations") for e in gold[k] if e["name"] == event["who"]), None)
            names = entity_names(person) if person else [event["who"]]
            assert any(norm(n) in body_text(s) for s in event["sources"] for n in names), event["id"]
        if event.get("place"):
            assert event["place"] in places, event["id"]
        if event.get("date"):
            assert event["date"]["precision"] in PRECISIONS, event["id"]
            dt.date.fromisoformat(date_text(event["date"]["date"]))
        # A report cannot describe something after its own publication date as
        # having occurred, unless a later source in the list reports it.
        if event.get("date") and event["status"] == "occurred":
            latest = max(dt.date.fromisoformat(date_text(gold["documents"][s]["published"]["date"])) for s in event["sources"])
            assert dt.date.fromisoformat(date_text(event["date"]["date"])) <= latest, event["id"]


def test_conflict_evidence_is_quoted_from_its_source():
    gold = expected()
    events = {e["id"] for e in gold["events"]}
    for conflict in gold["conflicts"]:
        assert conflict["about"] in events
        assert len({str(v["value"]) for v in conflict["values"]}) >= 2, conflict["about"]
        for value in conflict["values"]:
            assert norm(value["evidence"]) in body_text(value["source"]), value


def test_must_not_lines_are_boilerplate_of_the_corpus():
    gold = expected()
    docs = list(gold["documents"])
    for item in gold["must_not"]:
        if "person" in item:
            assert any(item["person"] in visible_text(d) for d in docs), item
            assert not any(item["person"] in body_text(d) for d in docs), item
            continue
        assert item["type"] in EVENT_TYPES
        key = norm(item["text"])
        assert any(key in visible_text(d) for d in docs), item
        assert not any(key in body_text(d) for d in docs), item


# ------------------------------------- the shared checker accepts the gold


def perfect_export(gold: dict) -> dict:
    """The export a flawless Chronicle would produce, built from the gold itself."""
    documents = [
        {
            "id": doc_id,
            "source": doc.get("url") or f"samples/{doc['file']}",
            "title": doc["title"],
            "outlet": doc["outlet"],
            "published": {"value": date_text(doc["published"]["date"]), "precision": doc["published"]["precision"]},
            "text": f"{doc['body_starts_with']} ... {doc['body_ends_with']}",
        }
        for doc_id, doc in gold["documents"].items()
    ]
    ids: dict[str, str] = {}
    out: dict = {"documents": documents}
    for kind, prefix in (("people", "p"), ("organisations", "o"), ("places", "l")):
        out[kind] = []
        for i, entity in enumerate(gold[kind]):
            ids[entity["name"]] = f"{prefix}{i}"
            out[kind].append({
                "id": f"{prefix}{i}", "name": entity["name"], "variants": list(entity.get("variants") or []),
                "country": entity.get("country"), "documents": list(entity.get("sources") or []),
            })
    out["events"] = []
    for event in gold["events"]:
        attributes = {k: event[k] for k in ("term", "outcome", "form", "stage", "kind") if k in event}
        out["events"].append({
            "id": event["id"], "type": event["type"], "status": event["status"],
            "date": {"value": date_text(event["date"]["date"]), "precision": event["date"]["precision"]} if event.get("date") else None,
            "participants": [{"role": "subject", "entity": ids[event["who"]]}] if event.get("who") else [],
            "place": ids.get(event.get("place")),
            "attributes": attributes,
            "sources": [{"document": s, "evidence": gold["documents"][s]["body_starts_with"]} for s in event["sources"]],
        })
    out["conflicts"] = []
    for i, conflict in enumerate(gold["conflicts"]):
        values: dict[str, list] = {}
        for value in conflict["values"]:
            values.setdefault(str(value["value"]), []).append({"document": value["source"], "evidence": value["evidence"]})
        out["conflicts"].append({
            "id": f"c{i}", "event": conflict["about"], "field": conflict["field"],
            "values": [{"value": v, "sources": s} for v, s in values.items()],
        })
    return out


def load_checker():
    if not CHECKER.is_file():
        pytest.skip(f"shared acceptance checker not found at {CHECKER} (../shared is absent)")
    spec = importlib.util.spec_from_file_location("check_seeds", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_as_json() -> dict:
    return json.loads(json.dumps(expected(), default=date_text))


def test_shared_checker_accepts_a_perfect_export(capsys):
    checker = load_checker()
    gold = gold_as_json()
    ok = checker.Checker(perfect_export(gold), gold).run(checker.PARTS)
    report = capsys.readouterr().out
    assert ok, report
    assert "must_not violations: 0" in report


def test_shared_checker_rejects_merging_the_brothers(capsys):
    checker = load_checker()
    gold = gold_as_json()
    export = perfect_export(gold)
    yerlan = next(p for p in export["people"] if p["name"] == "Yerlan Dzhaksybekov")
    yerlan["variants"] += ["Nurlan Dzhaksybekov", "Nurlan Zhaksybekov", "Nurlan"]
    export["people"] = [p for p in export["people"] if p["name"] != "Nurlan Dzhaksybekov"]
    assert not checker.Checker(export, gold).run(["people"])
    assert "merged with a different person" in capsys.readouterr().out


def test_shared_checker_rejects_a_boilerplate_event(capsys):
    checker = load_checker()
    gold = gold_as_json()
    export = perfect_export(gold)
    export["events"].append({
        "id": "bad", "type": "strike", "status": "occurred", "participants": [], "attributes": {},
        "sources": [{"document": "sm03", "evidence": "Tallinn bus drivers walk out over pay cut"}],
    })
    assert not checker.Checker(export, gold).run(["must_not"])
