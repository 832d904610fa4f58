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
from chronicle.resolve.names import compare_names, normalise_name


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


def identity_links(
    new: list[StoredEntity],
    neighbours: list[StoredEntity],
    identity_of: dict[int, int | None],
    context: list[StoredEntity],
) -> tuple[dict[int, set[int]], list[IdentityJudgement]]:
    """Which existing identities each new entity is judged the same as.

    Each neighbouring identity is judged once per distinct name it carries
    (a popular person named in a thousand documents is one comparison, not a
    thousand), with that name's documents as context.
    """
    names = _names_by_document(context)
    representatives: dict[tuple[int, str], StoredEntity] = {}
    contexts: dict[tuple[int, str], set[str]] = defaultdict(set)
    for n in neighbours:
        identity = identity_of.get(n.id)
        if identity is None or n.kind == "place":
            continue
        key = (identity, normalise_name(n.name, n.kind))
        representatives.setdefault(key, n)
        contexts[key] |= names.get(n.document_id, frozenset())
    links: dict[int, set[int]] = {e.id: set() for e in new}
    judgements: list[IdentityJudgement] = []
    for e in new:
        if e.kind == "place":
            continue
        cand = _candidate(e, names.get(e.document_id, frozenset()))
        refused: set[int] = set()
        for key, rep in representatives.items():
            if rep.kind != e.kind:
                continue
            j = judge(cand, _candidate(rep, frozenset(contexts[key])))
            if j.verdict != "different":
                judgements.append(IdentityJudgement(*sorted((e.id, rep.id)), j.verdict, j.score, j.reason))
            if j.verdict == "same":
                links[e.id].add(key[0])
            elif j.verdict == "different":
                refused.add(key[0])
        # Same as one of an identity's names but different from another: no join.
        links[e.id] -= refused
    return links, judgements


NEIGHBOURS_PER_NAME = 20


def plausible_neighbours(
    new: list[StoredEntity],
    neighbours: list[StoredEntity],
    identity_of: dict[int, int | None],
    per_name: int = NEIGHBOURS_PER_NAME,
) -> list[StoredEntity]:
    """Neighbours worth judging, before any context is loaded.

    Blocking keys are deliberately loose (they must survive transliteration),
    so most neighbours differ by name alone: those are dropped, and of each
    identity's remaining names at most ``per_name`` documents are kept as
    context. The cost of a new entity then follows the few people it could
    be, not how many documents mention people with a similar surname.
    """
    kept: list[StoredEntity] = []
    seen: Counter = Counter()
    unrelated: dict[tuple[str, str], bool] = {}  # a popular name is compared once
    for n in neighbours:
        identity = identity_of.get(n.id)
        if identity is None or n.kind == "place":
            continue
        key = (identity, normalise_name(n.name, n.kind))
        if seen[key] >= per_name:
            continue
        if (n.kind, n.name) not in unrelated:
            unrelated[(n.kind, n.name)] = all(
                e.kind != n.kind or compare_names(e.name, n.name, n.kind).relation == "different" for e in new)
        if unrelated[(n.kind, n.name)]:
            continue
        seen[key] += 1
        kept.append(n)
    return kept


def canonical_name(names: Iterable[str] | Counter) -> str:
    """A full name before a single word, then the commonest, then the longest.

    ``names``: every name, or a Counter of them (what a store counts
    without sending each row)."""
    counts = Counter(names)
    return max(counts, key=lambda n: (len(n.split()) > 1, counts[n], len(n)))


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
    canonical = canonical_name(e.name for e in group)
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
