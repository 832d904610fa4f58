"""Small questions asked of spaCy's dependency parse.

Every function takes spaCy tokens and answers one question, so the event
rules in ``chronicle.extract.events`` read as rules, not tree walks.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from spacy.tokens import Token

from chronicle.extract.lexicon import DURATION_WORDS, FUTURE_MARKERS, known_words

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
KNOWN = known_words()


def lemma_of(token: Token) -> str:
    """The token's lemma, repaired where the model's lemmatiser slips.

    The pipeline's lemmatiser gives "fin" for "fined" and "stag" for
    "staged"; the rules only ever ask about words in the lexicon, so a
    lemma outside it is re-derived from the surface form when one of the
    usual inflections leads back to a lexicon word.
    """
    return _lemma(token.lower_, token.lemma_, token.pos_)


@lru_cache(maxsize=1 << 16)
def _lemma(lower: str, model_lemma: str, pos: str) -> str:
    base = model_lemma.lower()
    if base in KNOWN or pos not in ("VERB", "NOUN", "AUX", "ADJ"):
        return base
    candidates = inflection_bases(lower)
    if pos == "VERB":
        candidates = candidates[1:] + candidates[:1]  # "jailing" the verb is "jail", not the noun "jailing"
    for candidate in candidates:
        if candidate in KNOWN:
            return candidate
    return base


def inflection_bases(word: str) -> list[str]:
    """Possible base forms of an inflected English word, most likely first."""
    out = [word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            out.append(stem)
            if repl == "" and len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "stopped" -> "stop"
    return out


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def child_lemma(token: Token, word: str) -> bool:
    return any(lemma_of(c) == word for c in token.children)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def governing_verb(token: Token) -> Token | None:
    """The verb a noun depends on, looking through prepositions.

    "went on hunger strike" -> went; "an appeal was made" -> made; "gave
    her ten days of administrative arrest" -> gave (through the measure).
    """
    head = token.head
    steps = 0
    while head != token and steps < 4:
        if head.pos_ in ("VERB", "AUX"):
            return head
        measure = token.lower_ == "of" and lemma_of(head) in DURATION_WORDS
        if head.dep_ in ("prep", "agent", "pobj", "pcomp") or head.pos_ == "ADP" or measure:
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
    raised = False  # climbed out of an infinitive: its own voice decides
    while True:
        subjects = children(seen, *SUBJECT_DEPS)
        if subjects:
            passive = any(s.dep_ in ("nsubjpass", "csubjpass") for s in subjects)
            if raised:
                passive = is_passive(verb)  # "are expected to charge X": X is charged, not the investigators
            if seen.dep_ == "relcl" and all(s.tag_ in ("WP", "WDT") for s in subjects) and seen.head != seen:
                return [seen.head], passive  # "X, who was sentenced": X
            return subjects, passive
        if seen.dep_ == "conj" and seen.head != seen:
            seen = seen.head
            continue
        if seen.dep_ in ("xcomp", "advcl", "relcl", "acl") and seen.head != seen:
            # "X began to ..." / "activists who were detained"
            if seen.dep_ in ("relcl", "acl"):
                return [seen.head], seen.dep_ == "acl" or is_passive(seen)
            if seen.dep_ == "xcomp" and children(seen.head, "dobj"):
                # object control: "ordered the union to be dissolved", "urged them to release"
                return children(seen.head, "dobj"), is_passive(seen)
            raised = raised or seen.dep_ == "xcomp"
            seen = seen.head
            continue
        if seen.dep_ == "acomp" and seen.head != seen:
            seen = seen.head  # "is due to appear": the subject of "is"
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


def prep_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions: prep_objects(x, "of") for "x of Y"."""
    return [o for p in token.children if p.dep_ in ("prep", "agent") and p.lower_ in preps for o in p.children if o.dep_ in ("pobj", "pcomp")]


def has_child_lemma(token: Token, lemmas: frozenset[str] | set[str], *deps: str) -> bool:
    return any(lemma_of(c) in lemmas and (not deps or c.dep_ in deps) for c in token.children)


def hyphenated(token: Token) -> str:
    """"sit-in" is three tokens; the last one answers for the whole word."""
    doc = token.doc
    i = token.i
    parts = [token.lower_]
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        parts[:0] = [doc[i - 2].lower_, "-"]
        i -= 2
    return "".join(parts)


def hyphen_start(token: Token) -> int:
    """Character offset where the hyphenated word ending at ``token`` starts."""
    doc = token.doc
    i = token.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        i -= 2
    return doc[i].idx


def patients(verb: Token) -> list[Token]:
    """Who a verb happens to: its passive subject, else its direct object."""
    subjects, passive = clause_subjects(verb)
    if is_passive(verb) or passive:
        return subjects
    return children(verb, "dobj")


def is_determined_by(token: Token, words: frozenset[str] | set[str]) -> bool:
    return any(c.dep_ == "det" and c.lower_ in words for c in token.children)
