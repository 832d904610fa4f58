"""Incremental resolution gives the same record as resolving everything at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.export.record import build_record
from chronicle.service import Chronicle
from tests.conftest import SAMPLES


def canonical(record: dict) -> dict:
    """The record without store ids: what a reader sees."""
    names = {e["id"]: e["name"] for k in ("people", "organisations", "places") for e in record[k]}
    docs = {d["id"]: Path(d["source"]).name for d in record["documents"]}
    people = sorted((p["name"], tuple(sorted(p["variants"])), tuple(sorted(docs[d] for d in p["documents"]))) for p in record["people"])
    events = sorted(
        (
            e["type"], e["status"], e["date"]["value"] or "",
            tuple(sorted((p["role"], names[p["entity"]]) for p in e["participants"])),
            names.get(e["place"], ""),
            tuple(sorted(e["attributes"].items())),
            tuple(sorted((docs[s["document"]], s["start"]) for s in e["sources"])),
        )
        for e in record["events"]
    )
    conflicts = sorted(
        (c["field"], tuple(sorted((v["value"], tuple(sorted(docs[s["document"]] for s in v["sources"]))) for v in c["values"])))
        for c in record["conflicts"]
    )
    return {"people": people, "events": events, "conflicts": conflicts}


@pytest.mark.slow
def test_one_document_at_a_time_equals_all_at_once(tmp_path, nlp):
    files = sorted(p for p in SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.html"))
    assert len(files) >= 5
    together = Chronicle.open(str(tmp_path / "together.db"), nlp_loader=lambda: nlp)
    together.ingest(files)
    one_by_one = Chronicle.open(str(tmp_path / "incremental.db"), nlp_loader=lambda: nlp)
    for path in files:
        one_by_one.ingest([path])
    try:
        assert canonical(build_record(one_by_one.store)) == canonical(build_record(together.store))
    finally:
        together.close()
        one_by_one.close()


@pytest.mark.slow
def test_documents_of_one_story_share_a_story(tmp_path, nlp):
    from chronicle.store.models import DocumentRow

    service = Chronicle.open(str(tmp_path / "stories.db"), nlp_loader=lambda: nlp)
    try:
        service.ingest(sorted(SAMPLES.glob("*.txt")))
        with service.store.session() as s:
            stories = {row.source: row.story_id for row in s.query(DocumentRow)}
        assert all(story is not None for story in stories.values())
        assert len(set(stories.values())) < len(stories)  # reports of one case are grouped
    finally:
        service.close()
