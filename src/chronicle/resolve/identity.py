"""Cross-document identity: which per-document entities are one person or organisation.

Pure and database-free: the caller turns each document entity (or a group
already resolved) into an :class:`IdentityCandidate`, asks
:func:`candidate_pairs` which pairs are worth judging, :func:`judge`\\ s them,
stores the :class:`Judgement`\\ s, and calls :func:`cluster`. Because the
judgements are the only input to clustering, a reviewer can flip one
(:func:`review`) and re-cluster without re-running anything else.

Precision comes first. A wrong merge puts one person's arrest on another
person's record, which is far worse than showing the same person twice, so
every rule that is not sure says "unsure" and "unsure" never merges.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator, Literal

from chronicle.records import EntityKind
from chronicle.resolve.names import (
    STRONG_KEY_PREFIXES,
    NameMatch,
    compare_names,
    is_single_token,
    name_keys,
    normalise_name,
    skeleton,
    transliterations,
)

Verdict = Literal["same", "different", "unsure"]

__all__ = [
    "IdentityCandidate",
    "Judgement",
    "Verdict",
    "judge",
    "candidate_pairs",
    "cluster",
    "review",
]


@dataclass(frozen=True)
class IdentityCandidate:
    """One entity as seen in some documents, with what surrounds it there.

    ``context`` holds normalised names of the people, organisations and places
    that co-occur with it in its documents; ``titles`` the roles it is given
    ("journalist", "MEP"); ``documents`` the ids of the documents it comes from.
    """

    key: str
    kind: EntityKind
    name: str
    variants: tuple[str, ...] = ()
    context: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Judgement:
    """A stored decision about one pair of candidates, with its one-line reason."""

    left: str
    right: str
    verdict: Verdict
    score: float
    reason: str


# ----------------------------------------------------------------- helpers


def _forms(c: IdentityCandidate) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for form in (c.name, *c.variants):
        norm = normalise_name(form, c.kind)
        if norm and norm not in seen:
            seen[norm] = form
    return tuple(seen.values())


def _full_forms(c: IdentityCandidate) -> tuple[str, ...]:
    return tuple(f for f in _forms(c) if not is_single_token(f, c.kind))


def _is_short(c: IdentityCandidate) -> bool:
    """A person known only by one word ("Esen", "Kurmanov") in its documents."""
    return c.kind == "person" and not _full_forms(c)


def _primary(c: IdentityCandidate) -> str:
    """The most informative form: the longest full name, else the name given."""
    full = _full_forms(c)
    if full:
        return max(full, key=lambda f: (len(normalise_name(f, c.kind).split()), len(f), f))
    return c.name


_ORDER = {"exact": 6, "variant": 5, "acronym": 4, "short_form": 3, "unsure": 2, "different": 1}


def _rank(m: NameMatch) -> tuple[int, float]:
    return (_ORDER[m.relation], m.score)


def _name_match(a: IdentityCandidate, b: IdentityCandidate) -> NameMatch:
    """Compare the two candidates' names.

    Full names decide when both have one: a stray one-word variant (an
    annotator's coreference slip) must not override the full names. A
    one-word candidate is compared through all its forms, best first,
    unless one of them contradicts the other candidate.
    """
    pa, pb = _primary(a), _primary(b)
    if a.kind != "person" or (not _is_short(a) and not _is_short(b)):
        best = compare_names(pa, pb, a.kind)
        if a.kind != "person":
            for x in _forms(a):
                for y in _forms(b):
                    m = compare_names(x, y, a.kind)
                    if _rank(m) > _rank(best):
                        best = m
        return best
    matches = [compare_names(x, y, a.kind) for x in _forms(a) for y in _forms(b)]
    contradicted = [m for m in matches if m.relation == "different"]
    if contradicted and len(contradicted) < len(matches):
        return NameMatch("unsure", 0.2, "some forms fit, others contradict: " + contradicted[0].reason)
    return max(matches, key=_rank)


@lru_cache(maxsize=65536)
def _context_keys(name: str) -> frozenset[str]:
    """Spelling-independent keys of a context name (Cyrillic included)."""
    return frozenset(skeleton(form) for form in transliterations(name)) - {""}


def _own_keys(c: IdentityCandidate) -> frozenset[str]:
    out: set[str] = set()
    for form in _forms(c):
        out |= _context_keys(form)
    return frozenset(out)


def _support(a: IdentityCandidate, b: IdentityCandidate) -> tuple[float, str]:
    """How much the two candidates' surroundings say they are one story.

    A shared document counts 2; each shared co-occurring name counts 1 when it
    has several words (usually a person or a specific organisation) and 1/3
    when it is one word (usually a country, city or acronym that co-occurs
    with everybody in a corpus about one country).
    """
    shared_docs = a.documents & b.documents
    if shared_docs:
        return 2.0, f"share {len(shared_docs)} document(s)"
    own = _own_keys(a) | _own_keys(b)

    def usable(ctx: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
        out = []
        for name in sorted(ctx):
            keys = _context_keys(name)
            if keys and not keys & own:
                out.append((name, keys))
        return out

    ua, ub = usable(a.context), usable(b.context)
    keys_a = frozenset().union(*(k for _, k in ua)) if ua else frozenset()
    keys_b = frozenset().union(*(k for _, k in ub)) if ub else frozenset()

    def weight(side: list[tuple[str, frozenset[str]]], other: frozenset[str]) -> tuple[float, list[str]]:
        total, names = 0.0, []
        for name, keys in side:
            if keys & other:
                total += 1.0 if len(normalise_name(name, "organisation").split()) > 1 else 1 / 3
                names.append(name)
        return total, names

    # The smaller side's count, so that spelling one co-occurring name two
    # ways on one side does not count twice (and the result is symmetric).
    (wa, na), (wb, nb) = weight(ua, keys_b), weight(ub, keys_a)
    total, shared = min((wa, na), (wb, nb))
    if not shared:
        return 0.0, "no shared context"
    shown = ", ".join(shared[:3]) + ("…" if len(shared) > 3 else "")
    return total, f"shared context: {shown}"


def _ambiguity(short: IdentityCandidate, target: IdentityCandidate, others: Iterable[str]) -> str | None:
    """A name in the surroundings that the short form fits as well as the target.

    "Ukteshbaev" next to both "Yesenbek Ukteshbaev" and "Bolat Ukteshbaev" is
    not evidence for either; the first such name is returned as the reason.
    """
    kind = short.kind
    target_forms = _full_forms(target) or (target.name,)
    short_forms = _forms(short)
    for other in sorted(others):
        if is_single_token(other, kind):
            continue
        if any(compare_names(other, t, kind).relation in ("exact", "variant") for t in target_forms):
            continue
        if any(compare_names(s, other, kind).relation in ("exact", "variant", "short_form", "acronym")
               for s in short_forms):
            return other
    return None


# Roles that are very unlikely to belong to one person at one time: a judge or
# a prosecutor is not also the defendant journalist.
_STATE_ROLES = frozenset(
    "judge prosecutor investigator police policeman officer minister president akim "
    "governor mayor official ambassador colonel general senator".split()
)
_CIVIL_ROLES = frozenset(
    "journalist activist lawyer unionist worker student blogger writer poet dissident "
    "defender campaigner striker miner teacher".split()
)


def _titles_clash(a: IdentityCandidate, b: IdentityCandidate) -> bool:
    ta = {w for t in a.titles for w in normalise_name(t, "organisation").split()}
    tb = {w for t in b.titles for w in normalise_name(t, "organisation").split()}
    if not ta or not tb or ta & tb:
        return False
    return bool((ta & _STATE_ROLES and tb & _CIVIL_ROLES and not ta & _CIVIL_ROLES)
                or (tb & _STATE_ROLES and ta & _CIVIL_ROLES and not tb & _CIVIL_ROLES))


# ------------------------------------------------------------------- judge


def judge(a: IdentityCandidate, b: IdentityCandidate) -> Judgement:
    """Decide whether two candidates are one identity.

    People: an exact or strong spelling variant of a full name (same surname
    skeleton, transliteration or cognate given name) is the same person; a
    weaker variant (short first name, a slip) needs shared context; a one-word
    mention or an initial needs shared context *and* must be the only full
    name in that context it fits; two one-word mentions need strong shared
    context. A shared surname alone never merges, different given names or
    gendered surname forms mean different people, and clashing roles (judge
    vs. journalist) block anything short of an exact name with shared context.
    Organisations: exact, spelling variants and acronyms merge; short forms
    need context. Everything else is "unsure", which never merges.
    """
    def out(verdict: Verdict, score: float, reason: str) -> Judgement:
        return Judgement(a.key, b.key, verdict, round(max(0.0, min(1.0, score)), 3), reason)

    if a.kind != b.kind:
        return out("different", 0.0, f"different kinds ({a.kind} / {b.kind})")
    match = _name_match(a, b)
    if match.relation == "different":
        return out("different", match.score, match.reason)
    if match.relation == "unsure":
        return out("unsure", match.score, match.reason)

    support, support_reason = _support(a, b)
    clash = _titles_clash(a, b)
    score = match.score + 0.05 * min(support, 2.0) - (0.2 if clash else 0.0)
    why = f"{match.reason}; {support_reason}" + ("; roles clash" if clash else "")

    if a.kind == "place":
        if match.relation in ("exact", "variant") and match.score >= 0.85:
            return out("same", score, why)
        return out("unsure", score, why + "; places need a gazetteer id to merge")

    if a.kind == "organisation":
        strong = match.relation in ("exact", "variant", "acronym") and match.score >= 0.85
        if strong or (match.relation in ("variant", "acronym") and support >= 1):
            return out("same", score, why)
        if match.relation == "short_form":
            needed = 1.0 if match.score >= 0.5 else 2.0
            shorter, longer = sorted((a, b), key=lambda c: (len(_primary(c)), _primary(c), c.key))
            alt = _ambiguity(shorter, longer, a.context | b.context)
            if alt:
                return out("unsure", score, f"{why}; ambiguous: also fits {alt}")
            if support >= needed:
                return out("same", score, why)
        return out("unsure", score, why + "; not enough context")

    short_a, short_b = _is_short(a), _is_short(b)
    if not short_a and not short_b:
        if match.relation in ("exact", "variant") and match.score >= 0.85:
            if clash and support < 1:
                return out("unsure", score, why)
            return out("same", score, why)
        if match.relation == "variant" and support >= 1 and not clash:
            return out("same", score, why)
        if match.relation == "short_form" and support >= 1 and not clash:
            # An initial ("A. Kurmanov") or a dropped first name.
            shorter, longer = sorted((a, b), key=lambda c: (len(normalise_name(_primary(c)).split()),
                                                           len(_primary(c)), c.key))
            alt = _ambiguity(shorter, longer, a.context | b.context)
            if alt:
                return out("unsure", score, f"{why}; ambiguous: also fits {alt}")
            return out("same", score, why)
        return out("unsure", score, why + "; not enough context")

    if short_a and short_b:
        if match.relation in ("exact", "variant") and match.score >= 0.7 and support >= 2 and not clash:
            fits = [n for n in sorted(a.context | b.context)
                    if not is_single_token(n, "person")
                    and any(compare_names(f, n, "person").relation == "short_form" for f in _forms(a))]
            distinct: list[str] = []
            for n in fits:
                if not any(compare_names(n, d, "person").relation in ("exact", "variant") for d in distinct):
                    distinct.append(n)
            if len(distinct) > 1:
                return out("unsure", score, f"{why}; ambiguous: fits {distinct[0]} and {distinct[1]}")
            return out("same", score, why)
        return out("unsure", score, why + "; one-word names need a full name or strong context")

    short, full = (a, b) if short_a else (b, a)
    # A one-word form that equals a one-word variant of the full candidate is
    # still only a one-word mention: the evidence is capped accordingly.
    score = min(score, 0.6 + 0.05 * min(support, 2.0))
    if clash:
        return out("unsure", score, why)
    needed = 1.0 if match.score >= 0.5 else 2.0
    if support < needed:
        return out("unsure", score, why + "; a one-word mention needs shared context")
    alt = _ambiguity(short, full, a.context | b.context)
    if alt:
        return out("unsure", score, f"{why}; ambiguous: also fits {alt}")
    return out("same", score, why)


def review(j: Judgement, verdict: Verdict, note: str) -> Judgement:
    """A reviewer's decision replacing a stored judgement.

    The result is an ordinary judgement (score 1 for "same", 0 otherwise) whose
    reason starts with "reviewer:"; pass it to :func:`cluster` after the
    automatic ones, since the last judgement of a pair wins.
    """
    score = 1.0 if verdict == "same" else 0.0 if verdict == "different" else 0.5
    return replace(j, verdict=verdict, score=score, reason=f"reviewer: {note}")


# ---------------------------------------------------------------- blocking


def blocking_keys(c: IdentityCandidate) -> set[str]:
    """The blocking keys of a candidate: of every form for a one-word person
    or an organisation, of the full names only for a person known by one."""
    forms = _forms(c) if _is_short(c) or c.kind != "person" else _full_forms(c)
    keys: set[str] = set()
    for form in forms:
        keys |= name_keys(form, c.kind)
    return keys


def is_short(c: IdentityCandidate) -> bool:
    return _is_short(c)


# Given-name blocks larger than this are skipped: a bare given name shared by
# hundreds of people says nothing about which of them a mention is.
MAX_GIVEN_NAME_BLOCK = 500


def candidate_pairs(
    cands: Iterable[IdentityCandidate], max_block: int = MAX_GIVEN_NAME_BLOCK
) -> Iterator[tuple[IdentityCandidate, IdentityCandidate]]:
    """Pairs of candidates worth judging, found by shared blocking keys.

    Never all pairs: two candidates meet only when they share a strong key
    (surname skeleton, its consonants, an organisation's word skeleton or
    acronym) or, when one of them is a one-word person mention, a given-name
    key. Given-name blocks larger than ``max_block`` are skipped (a bare
    "Marat" next to thousands of Marats could not be resolved anyway).
    Each pair is yielded once, in a deterministic order.
    """
    items = list(cands)
    strong: dict[tuple[str, str], list[int]] = defaultdict(list)
    weak: dict[tuple[str, str], list[int]] = defaultdict(list)
    short = [_is_short(c) for c in items]
    for idx, c in enumerate(items):
        for key in blocking_keys(c):
            if c.kind != "person" or key.startswith(STRONG_KEY_PREFIXES):
                strong[(c.kind, key)].append(idx)
            else:
                weak[(c.kind, key)].append(idx)
    seen: set[tuple[int, int]] = set()
    for block_key in sorted(strong):
        members = strong[block_key]
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                pair = (x, y) if x < y else (y, x)
                if pair not in seen:
                    seen.add(pair)
                    yield items[pair[0]], items[pair[1]]
    for block_key in sorted(weak):
        members = weak[block_key]
        if len(members) > max_block or not any(short[m] for m in members):
            continue
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                if not (short[x] or short[y]):
                    continue
                pair = (x, y) if x < y else (y, x)
                if pair not in seen:
                    seen.add(pair)
                    yield items[pair[0]], items[pair[1]]


# ---------------------------------------------------------------- cluster


def _fits(short: IdentityCandidate, other: IdentityCandidate) -> bool:
    """The one-word mention is compatible with the other's name and shares context with it."""
    if _name_match(short, other).relation not in ("exact", "variant", "short_form"):
        return False
    return _support(short, other)[0] > 0


def cluster(cands: Iterable[IdentityCandidate], judgements: Iterable[Judgement]) -> list[set[str]]:
    """Group candidates into identities from the stored judgements.

    The union of "same" judgements, with three guards. A merge that would put
    two candidates judged "different" into one identity is refused. Full-name
    links are applied first, strongest first, so a weak link cannot pull an
    identity apart from a strong one. Then each one-word mention joins the
    identity its "same" links point to, but only if they all point to one
    identity: "Ukteshbaev" linked to two different Ukteshbaevs stays alone.
    The last judgement given for a pair wins, so a reviewer's judgement
    (:func:`review`) appended after the automatic ones overrides them.
    Returns every candidate's key in exactly one set.
    """
    items = {c.key: c for c in cands}
    latest: dict[frozenset[str], Judgement] = {}
    for j in judgements:
        if j.left in items and j.right in items and j.left != j.right:
            latest[frozenset((j.left, j.right))] = j

    parent = {k: k for k in items}
    members: dict[str, set[str]] = {k: {k} for k in items}
    forbidden: dict[str, set[str]] = {k: set() for k in items}
    for pair, j in latest.items():
        if j.verdict == "different":
            x, y = tuple(pair)
            forbidden[x].add(y)
            forbidden[y].add(x)

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(x: str, y: str) -> bool:
        rx, ry = find(x), find(y)
        if rx == ry:
            return True
        if forbidden[rx] & members[ry] or forbidden[ry] & members[rx]:
            return False
        if len(members[rx]) < len(members[ry]):
            rx, ry = ry, rx
        parent[ry] = rx
        members[rx] |= members.pop(ry)
        forbidden[rx] |= forbidden.pop(ry)
        return True

    same = sorted((j for j in latest.values() if j.verdict == "same"),
                  key=lambda j: (-j.score, min(j.left, j.right), max(j.left, j.right)))
    is_short = {k: _is_short(c) for k, c in items.items()}
    for j in same:
        if not is_short[j.left] and not is_short[j.right]:
            union(j.left, j.right)

    links: dict[str, list[Judgement]] = defaultdict(list)
    for j in same:
        if is_short[j.left]:
            links[j.left].append(j)
        if is_short[j.right]:
            links[j.right].append(j)
    rivals: dict[str, list[str]] = defaultdict(list)
    for j in latest.values():
        if j.verdict == "unsure":
            for x, y in ((j.left, j.right), (j.right, j.left)):
                if is_short[x] and not is_short[y]:
                    rivals[x].append(y)
    ambiguous: set[str] = set()
    for key in sorted(links):
        anchors = {find(j.right if j.left == key else j.left) for j in links[key]
                   if not is_short[j.right if j.left == key else j.left]}
        # A rival is another identity the one-word mention fits by name and
        # shares context with, but which was not judged "same" (for example
        # because that identity's own context names the first one).
        for other in rivals.get(key, ()):
            if find(other) not in anchors and anchors and _fits(items[key], items[other]):
                anchors.add(find(other))
        if len(anchors) > 1:
            ambiguous.add(key)
        elif len(anchors) == 1:
            union(key, anchors.pop())
    for j in same:
        if is_short[j.left] and is_short[j.right] and not ({j.left, j.right} & ambiguous):
            union(j.left, j.right)

    groups: dict[str, set[str]] = defaultdict(set)
    for k in items:
        groups[find(k)].add(k)
    return sorted(groups.values(), key=lambda g: min(g))
