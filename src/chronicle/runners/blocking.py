"""Identity candidates and blocked pairs, split so that Spark can shuffle by block.

``chronicle.resolve.identity.candidate_pairs`` finds the pairs worth judging
by blocking keys, over one in-memory list. At scale the list is too long for
one machine, so the job does the same in three steps: every candidate emits
``(block, candidate)`` for each of its keys; a shuffle gathers each block;
each block yields its pairs (:func:`block_pairs`), with the same rules as
``candidate_pairs`` -- all pairs in a strong block, and in a weak
(given-name) block only pairs with a one-word mention, skipping blocks
larger than ``candidate_pairs``' ``max_block``. Pairs found in several
blocks are judged once. The tests check that the pair set equals
``candidate_pairs``' own.

Candidates carry ``order`` (batch position of the document, then the
entity's local id), the order in which the loader will store them, so each
pair is judged in the orientation resolution would use.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from chronicle.records import ProcessedDocument, StoredEntity
from chronicle.resolve.identities import own_names
from chronicle.resolve.identity import (
    MAX_GIVEN_NAME_BLOCK,
    STRONG_KEY_PREFIXES,
    IdentityCandidate,
    blocking_keys,
    is_short,
    judge,
)

MAX_BLOCK = MAX_GIVEN_NAME_BLOCK
JUDGED_KINDS = ("person", "organisation")


def candidate_key(sha256: str, local_id: int) -> str:
    return f"{sha256}:{local_id}"


def document_candidates(processed: ProcessedDocument, order: tuple[int, ...]) -> list[dict]:
    """The people and organisations of one document as identity candidates (plain dicts).

    Context is every name the document gives (as in
    ``chronicle.resolve.identities``), less the candidate's own names.
    """
    annotated = processed.annotated
    if annotated is None:
        return []
    stored = [
        StoredEntity(e.id, 0, e.kind, e.name, e.variants, e.titles, e.country, e.gazetteer_id)
        for e in annotated.entities
    ]
    names = frozenset().union(*(own_names(e) for e in stored)) if stored else frozenset()
    sha = processed.raw.sha256
    return [
        {
            "key": candidate_key(sha, e.id),
            "order": (*order, e.id),
            "document": sha,
            "local_id": e.id,
            "kind": e.kind,
            "name": e.name,
            "variants": list(e.variants),
            "titles": sorted(e.titles),
            "context": sorted(names - own_names(e)),
        }
        for e in stored
        if e.kind in JUDGED_KINDS
    ]


def to_candidate(row: dict) -> IdentityCandidate:
    return IdentityCandidate(
        key=row["key"],
        kind=row["kind"],
        name=row["name"],
        variants=tuple(row["variants"]),
        context=frozenset(row["context"]),
        titles=frozenset(row["titles"]),
        documents=frozenset({row["document"]}),
    )


def block_keys(row: dict) -> list[tuple[str, str, str]]:
    """``(strength, kind, key)`` for each blocking key of a candidate; strength is ``strong`` or ``weak``."""
    c = to_candidate(row)
    keys = blocking_keys(c)
    return sorted(
        ("strong" if c.kind != "person" or key.startswith(STRONG_KEY_PREFIXES) else "weak", c.kind, key)
        for key in keys
    )


def block_pairs(block: tuple[str, str, str], members: Iterable[dict], max_block: int = MAX_BLOCK) -> Iterator[tuple[dict, dict]]:
    """The pairs one block contributes, each ordered by ``order``."""
    strength = block[0]
    items = sorted(members, key=lambda r: tuple(r["order"]))
    if strength == "weak":
        short = [is_short(to_candidate(r)) for r in items]
        if len(items) > max_block or not any(short):
            return
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if strength == "weak" and not (short[i] or short[j]):
                continue
            yield a, items[j]


def judgement_row(a: dict, b: dict) -> dict:
    """Judge one pair (``a`` first in store order) as an ``identity_judgements`` row."""
    j = judge(to_candidate(a), to_candidate(b))
    return {
        "left": a["key"],
        "right": b["key"],
        "left_document": a["document"],
        "left_local_id": a["local_id"],
        "right_document": b["document"],
        "right_local_id": b["local_id"],
        "kind": a["kind"],
        "verdict": j.verdict,
        "score": float(j.score),
        "reason": j.reason,
    }


def judge_all(candidates: Iterable[dict], max_block: int = MAX_BLOCK) -> list[dict]:
    """Blocking and judging in one process: what the Spark job computes, for tests and small runs."""
    unique: dict[str, dict] = {}
    for row in candidates:
        if row["key"] not in unique or tuple(row["order"]) < tuple(unique[row["key"]]["order"]):
            unique[row["key"]] = row
    blocks: dict[tuple[str, str, str], list[dict]] = {}
    for row in unique.values():
        for block in block_keys(row):
            blocks.setdefault(block, []).append(row)
    pairs: dict[tuple[str, str], tuple[dict, dict]] = {}
    for block in sorted(blocks):
        for a, b in block_pairs(block, blocks[block], max_block):
            pairs.setdefault((a["key"], b["key"]), (a, b))
    return [judgement_row(a, b) for a, b in pairs.values()]
