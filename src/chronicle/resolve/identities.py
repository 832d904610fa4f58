"""Identities across documents, from stored per-document entities.

People and organisations go through same/different judgements
(``chronicle.resolve.identity``), each kept with its score and reason; a
reviewer's judgement on a pair overrides the machine's. Places are one
identity per gazetteer entry (or per normalised name when unresolved).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from chronicle.records import Identity, IdentityJudgement, StoredEntity
from chronicle.resolve.identity import IdentityCandidate, Judgement, candidate_pairs, cluster, judge
from chronicle.resolve.names import normalise_name


def resolve_identities(
    entities: list[StoredEntity],
    reviewer_judgements: Iterable[IdentityJudgement] = (),
    *,
    context: list[StoredEntity] | None = None,
) -> tuple[list[Identity], list[IdentityJudgement]]:
    """Identities of ``entities``; ``context`` (default: the same entities)
    gives every entity of their documents, for the co-occurrence evidence."""
    by_id = {e.id: e for e in entities}
    groups: list[list[StoredEntity]] = []
    judgements: list[IdentityJudgement] = []
    reviewed = {(min(j.left, j.right), max(j.left, j.right)): j for j in reviewer_judgements}
    names_by_document = _names_by_document(context if context is not None else entities)
    for kind in ("person", "organisation"):
        members = [e for e in entities if e.kind == kind]
        found_groups, found_judgements = _judge_and_cluster(members, names_by_document, reviewed)
        groups += [[by_id[i] for i in g] for g in found_groups]
        judgements += found_judgements
    groups += _place_groups([e for e in entities if e.kind == "place"])
    identities = [_identity(n, g) for n, g in enumerate(sorted(groups, key=lambda g: min(e.id for e in g)), start=1)]
    return identities, judgements


def linked_neighbours(
    new: list[StoredEntity], neighbours: list[StoredEntity], context: list[StoredEntity]
) -> set[int]:
    """The neighbours a new entity is judged the same as.

    Only their identities can change when the new entities arrive; every
    other identity that merely shares a blocking key stays as it is.
    """
    names = _names_by_document(context)
    new_cands = {e.id: _candidate(e, names.get(e.document_id, frozenset())) for e in new if e.kind != "place"}
    linked: set[int] = set()
    for n in neighbours:
        if n.kind == "place" or n.id in new_cands:
            continue
        cand = _candidate(n, names.get(n.document_id, frozenset()))
        for new_cand in new_cands.values():
            if new_cand.kind == cand.kind and judge(new_cand, cand).verdict == "same":
                linked.add(n.id)
                break
    return linked


def _judge_and_cluster(
    members: list[StoredEntity], context: dict[int, frozenset[str]], reviewed: dict[tuple[int, int], IdentityJudgement]
) -> tuple[list[set[int]], list[IdentityJudgement]]:
    candidates = [_candidate(e, context[e.document_id]) for e in members]
    machine: list[IdentityJudgement] = []
    effective: list[Judgement] = []
    for a, b in candidate_pairs(candidates):
        left, right = sorted((int(a.key), int(b.key)))
        j = judge(a, b)
        machine.append(IdentityJudgement(left, right, j.verdict, j.score, j.reason))
        override = reviewed.get((left, right))
        effective.append(Judgement(str(left), str(right), override.verdict, override.score, override.reason) if override else j)
    for (left, right), j in reviewed.items():
        if left in {e.id for e in members} and not any({int(x.left), int(x.right)} == {left, right} for x in effective):
            effective.append(Judgement(str(left), str(right), j.verdict, j.score, j.reason))
    clusters = cluster(candidates, effective)
    return [{int(k) for k in c} for c in clusters], machine


def _candidate(entity: StoredEntity, context: frozenset[str]) -> IdentityCandidate:
    return IdentityCandidate(
        key=str(entity.id),
        kind=entity.kind,
        name=entity.name,
        variants=entity.variants,
        context=context - own_names(entity),
        titles=frozenset(entity.titles),
        documents=frozenset({str(entity.document_id)}),
    )


def _names_by_document(entities: list[StoredEntity]) -> dict[int, frozenset[str]]:
    """Who else each document names: the context that supports a merge."""
    names: dict[int, set[str]] = defaultdict(set)
    for e in entities:
        names[e.document_id] |= own_names(e)
    return {doc: frozenset(n) for doc, n in names.items()}


def own_names(entity: StoredEntity) -> frozenset[str]:
    # Context names are compared in the organisation form, which keeps every word.
    return frozenset(normalise_name(n, "organisation") for n in (entity.name, *entity.variants))


def _place_groups(places: list[StoredEntity]) -> list[list[StoredEntity]]:
    by_key: dict[str, list[StoredEntity]] = defaultdict(list)
    for p in places:
        by_key[p.gazetteer_id or "name:" + normalise_name(p.name)].append(p)
    return list(by_key.values())


def _identity(key: int, group: list[StoredEntity]) -> Identity:
    names = Counter(e.name for e in group)
    canonical = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n)))
    variants: list[str] = []
    for e in group:
        for name in (e.name, *e.variants):
            if name != canonical and name not in variants:
                variants.append(name)
    countries = Counter(e.country for e in group if e.country)
    gazetteer = Counter(e.gazetteer_id for e in group if e.gazetteer_id)
    return Identity(
        key=key,
        kind=group[0].kind,
        name=canonical,
        members=tuple(sorted(e.id for e in group)),
        variants=tuple(variants),
        country=countries.most_common(1)[0][0] if countries else None,
        gazetteer_id=gazetteer.most_common(1)[0][0] if gazetteer else None,
    )
