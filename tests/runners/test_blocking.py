"""Blocking by key, block by block, finds the pairs resolution judges, and judges them the same way."""
from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.ingest import discover, read_file
from chronicle.pipeline import process_document
from chronicle.records import ProcessedDocument, RawDocument
from chronicle.resolve.identity import candidate_pairs
from chronicle.runners.blocking import block_keys, block_pairs, document_candidates, judge_all, to_candidate
from chronicle.service import Chronicle
from chronicle.store import Store
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def processed_samples(nlp) -> list[tuple[tuple[int, int], ProcessedDocument]]:
    out = []
    for input_index, path in enumerate(discover([SAMPLES])):
        for item_index, item in enumerate(read_file(path)):
            if isinstance(item, RawDocument):
                out.append(((input_index, item_index), process_document(item, nlp)))
    return out


def all_candidates(processed) -> list[dict]:
    return [c for order, p in processed for c in document_candidates(p, order)]


def test_blocked_pairs_are_candidate_pairs(processed_samples):
    rows = all_candidates(processed_samples)
    assert rows
    ordered = sorted(rows, key=lambda r: tuple(r["order"]))
    expected = set()
    for kind in ("person", "organisation"):
        cands = [to_candidate(r) for r in ordered if r["kind"] == kind]
        expected |= {(a.key, b.key) for a, b in candidate_pairs(cands)}
    found = {(j["left"], j["right"]) for j in judge_all(rows)}
    assert found == expected and expected


def test_judgements_equal_the_stores_after_sequential_ingest(processed_samples, nlp, tmp_path):
    service = Chronicle(Store.open(str(tmp_path / "s.db")), nlp_loader=lambda: nlp)
    service.ingest([str(p) for p in discover([SAMPLES])])
    store = service.store
    sha_of = {d.id: d.sha256 for d in store.documents()}
    store_ids: dict[str, list[int]] = defaultdict(list)
    for e in store.stored_entities():  # stored in each document's entity order
        store_ids[sha_of[e.document_id]].append(e.id)
    local_order = {p.raw.sha256: [e.id for e in p.annotated.entities] for _, p in processed_samples}

    def store_id(document: str, local_id: int) -> int:
        return store_ids[document][local_order[document].index(local_id)]

    spark_side = {}
    for j in judge_all(all_candidates(processed_samples)):
        left, right = store_id(j["left_document"], j["left_local_id"]), store_id(j["right_document"], j["right_local_id"])
        spark_side[(min(left, right), max(left, right))] = (j["verdict"], j["score"], j["reason"])
    stored = {(j.left, j.right): (j.verdict, j.score, j.reason) for j in store.judgements() if j.author == "chronicle"}
    assert spark_side == stored


names = st.sampled_from(["Marat Ospanov", "Marat", "Ospanov", "M. Ospanov", "Marat Uspanov", "Dana Ospanova",
                         "Aigul Bekova", "Bekova", "Aigul", "Pavel Grek", "Grek"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(names, st.sampled_from(["person", "organisation"])), min_size=2, max_size=12))
def test_block_by_block_equals_one_pass(entities):
    rows = [
        {"key": f"d{n}:0", "order": (n, 0, 0), "document": f"d{n}", "local_id": 0, "kind": kind, "name": name,
         "variants": [], "titles": [], "context": []}
        for n, (name, kind) in enumerate(entities)
    ]
    expected = set()
    for kind in ("person", "organisation"):
        cands = [to_candidate(r) for r in rows if r["kind"] == kind]
        expected |= {(a.key, b.key) for a, b in candidate_pairs(cands)}
    assert {(j["left"], j["right"]) for j in judge_all(rows)} == expected


def test_oversized_weak_blocks_are_skipped():
    short = {"key": "a:0", "order": (0, 0, 0), "document": "a", "local_id": 0, "kind": "person", "name": "Marat",
             "variants": [], "titles": [], "context": []}
    weak = next(b for b in block_keys(short) if b[0] == "weak")
    others = [dict(short, key=f"x{n}:0", order=(n + 1, 0, 0), name=f"Marat Surname{n}") for n in range(3)]
    assert len(list(block_pairs(weak, [short, *others], max_block=10))) == 3
    assert list(block_pairs(weak, [short, *others], max_block=3)) == []
