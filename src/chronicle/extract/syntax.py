"""Small questions asked of spaCy's dependency parse.

Every function takes spaCy tokens and answers one question, so the event
rules in ``chronicle.extract.events`` read as rules, not tree walks.
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from chronicle.extract.lexicon import FUTURE_MARKERS

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def child_lemma(token: Token, lemma: str) -> bool:
    return any(c.lemma_.lower() == lemma for c in token.children)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def governing_verb(token: Token) -> Token | None:
    """The verb a noun depends on, looking through prepositions.

    "went on hunger strike" -> went; "an appeal was made" -> made.
    """
    head = token.head
    steps = 0
    while head != token and steps < 4:
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ in ("prep", "agent", "pobj", "pcomp") or head.pos_ == "ADP":
            token, head = head, head.head
            steps += 1
            continue
        return None
    return None


def conj_root(verb: Token) -> Token:
    """The first verb of a coordination: "arrested and charged" -> arrested."""
    while verb.dep_ == "conj" and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    return verb


def clause_subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subjects of a verb and whether they are passive subjects.

    A verb coordinated with an earlier one shares its subject:
    "was arrested and charged" -> both have the same passive subject.
    """
    seen = verb
    while True:
        subjects = children(seen, *SUBJECT_DEPS)
        if subjects:
            return subjects, any(s.dep_ in ("nsubjpass", "csubjpass") for s in subjects)
        if seen.dep_ == "conj" and seen.head != seen:
            seen = seen.head
            continue
        if seen.dep_ in ("xcomp", "advcl", "relcl", "acl") and seen.head != seen:
            # "X began to ..." / "activists who were detained"
            if seen.dep_ in ("relcl", "acl"):
                return [seen.head], seen.dep_ == "acl" or is_passive(seen)
            seen = seen.head
            continue
        return [], False


def expand_conjuncts(token: Token) -> list[Token]:
    """A noun and the nouns coordinated with it: "A, B and C" -> [A, B, C]."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(expand_conjuncts(c))
    return out


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def has_future_marker(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_MARKERS for c in verb.children)


def ancestors_upto(token: Token, limit: int = 6) -> Iterator[Token]:
    seen = 0
    while token.head != token and seen < limit:
        token = token.head
        seen += 1
        yield token


def subtree_span(token: Token, exclude_deps: tuple[str, ...] = ("conj", "cc", "punct")) -> tuple[int, int]:
    """Character span of a token's subtree, leaving out coordinated material."""
    tokens = [token]
    stack = [c for c in token.children if c.dep_ not in exclude_deps]
    while stack:
        t = stack.pop()
        tokens.append(t)
        stack.extend(t.children)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end
