"""Whether the text says an event happened, will happen, or did not.

occurred: asserted in the past or present ("was arrested").
expected: future or scheduled ("will be released", "is due to appear",
  "the hearing was postponed until", "has not yet begun", "officers would
  arrest him" in reported speech).
alleged: reported on someone's word ("reportedly", "allegedly", "according to").
denied: negated ("was not charged", "no hearing took place") or denied by
  a clause above it ("police denied detaining X", "denied that X had been
  sentenced").
None: not asserted at all: wished for, demanded, feared or hypothetical
  ("urged them to release X", "could be jailed"), so not reported.

A noun's event takes tense, negation and modality from its governing verb
only when it is that verb's argument ("did not hold a picket"); a noun in
an adjunct ("was not arrested at the march") keeps its own status.
"""
from __future__ import annotations

from spacy.tokens import Token

from chronicle.extract import lexicon as lx
from chronicle.extract.syntax import conj_root, governing_verb, has_future_marker, is_negated, lemma_of
from chronicle.extract.triggers import Trigger

# Edges through which a clause (or noun) is embedded under a governor.
EMBEDDING_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "acl", "pcomp", "nsubj", "nsubjpass", "attr", "oprd"})
# Edges of a complement clause: what a denial verb rejects.
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "pcomp"})
# A noun event is its verb's own argument through these.
ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
NEGATIVE_DETERMINERS = frozenset({"no"})
# Governors that put the event in the future: "is due to", "plans to", "is set for".
SCHEDULING = frozenset({"due", "expect", "schedule", "plan", "set"}) | (lx.PLANNING_GOVERNORS - {"threaten"})


def status_of(trigger: Trigger) -> str | None:
    """occurred / expected / alleged / denied, or None when not asserted."""
    if trigger.status is not None:
        return trigger.status
    tok = trigger.token
    verb = tok if not trigger.nominal else governing_verb(tok)
    argument = trigger.nominal and verb is not None and is_argument_of(tok, verb)
    chain = clause_chain(tok)
    for child, head in chain:
        if head.pos_ == "VERB" and lemma_of(head) in lx.IRREALIS_GOVERNORS:
            if lemma_of(head) in lx.PLANNING_GOVERNORS and child.dep_ == "xcomp":
                continue  # "is seeking to ban": announced, see below
            if lemma_of(head) == "call" and child.dep_ == "dobj":
                continue  # "called a rally" organised it; "called for a rally" only asked
            if lemma_of(head) == "appeal" and not (child.dep_ == "xcomp" or child.dep_ == "prep" and child.lower_ in ("for", "to")):
                continue  # "appealed against the fine" is a legal appeal, not a plea
            return None
        if head.pos_ == "NOUN" and lemma_of(head) in lx.IRREALIS_NOUNS:
            return None  # "demands for the release of X"
    for t in [tok] + [h for _, h in chain]:
        if hypothetical(t):
            return None
    if denied_by_governor(chain):
        return "denied"
    negated = negation_of(trigger, verb, argument)
    if negated:
        return negated
    if expected(trigger, verb, argument, chain):
        return "expected"
    if alleged(tok, verb, chain):
        return "alleged"
    return "occurred"


def clause_chain(tok: Token) -> list[tuple[Token, Token]]:
    """(child, governor) pairs from the trigger up through embedding edges.

    Stops at an adjunct preposition: in "urged in a letter to release X" the
    letter is not what is urged, in "arrested at the march" the march is
    not arrested.
    """
    out = []
    t = tok
    for _ in range(5):
        if t.head == t or t.dep_ not in EMBEDDING_DEPS:
            break
        if t.dep_ == "pobj" and t.head.lower_ in lx.ADJUNCT_PREPOSITIONS:
            break
        out.append((t, t.head))
        t = t.head
    return out


def is_argument_of(noun: Token, verb: Token) -> bool:
    """Is the noun the verb's own argument ("held a picket", "went on strike")?"""
    t = noun
    while t.head != t and t.head != verb:
        t = t.head
    if t.head != verb:
        return False
    if noun.head == verb:
        return noun.dep_ in ARGUMENT_DEPS
    # "went on hunger strike", "remains in custody": a PP the light verb needs
    return t.dep_ == "prep" and noun.head == t and lemma_of(verb) in lx.SUPPORT_VERBS | lx.NOUN_SUPPORT_EXTRA | {"be"} and t.lower_ in ("on", "in", "under", "into")


def hypothetical(t: Token) -> bool:
    """"could be jailed" is hypothetical; "said officers would arrest him" is not."""
    for aux in t.children:
        if aux.dep_ == "aux" and aux.lower_ in lx.HYPOTHETICAL_MODALS:
            if aux.lower_ == "would" and reported(t):
                continue
            return True
    return False


def reported(t: Token) -> bool:
    head = t
    for _ in range(3):
        if head.dep_ not in ("ccomp", "conj") or head.head == head:
            return False
        head = head.head
        if lemma_of(head) in lx.SPEECH_VERBS:
            return True
    return False


def denied_by_governor(chain: list[tuple[Token, Token]]) -> bool:
    """"denied detaining X", "denied that X had been sentenced", "dismissed
    reports that X was arrested"."""
    for i, (child, head) in enumerate(chain):
        lemma = lemma_of(head)
        if lemma in lx.DENIAL_VERBS and child.dep_ in COMPLEMENT_DEPS and not is_negated(head):
            return True
        if head.pos_ == "NOUN" and lemma in lx.REPORT_NOUNS and i + 1 < len(chain):
            above = chain[i + 1][1]
            if lemma_of(above) in lx.DENIAL_VERBS | {"reject"} and chain[i + 1][0].dep_ == "dobj":
                return True
    return False


def negation_of(trigger: Trigger, verb: Token | None, argument: bool) -> str | None:
    tok = trigger.token
    if trigger.nominal:
        if any(c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in tok.children):
            return "denied"  # "no hearing had taken place", "received no letter"
        if verb is None or not argument or not is_negated(verb):
            return None
        if lemma_of(verb) in lx.ROLE_VERBS and verb != tok:
            return None  # "was not organising the picket" negates the role, not the picket
        return "expected" if not_yet(verb) else "denied"
    if is_negated(tok) or neither_subject(tok):
        return "expected" if not_yet(tok) else "denied"
    return None


def not_yet(verb: Token) -> bool:
    """"his trial had not yet begun": still to come."""
    return any(c.lower_ == "yet" for c in verb.children)


def neither_subject(verb: Token) -> bool:
    """"Neither X nor his son has been charged"."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ in ("preconj", "det") and g.lower_ == "neither" for g in c.children) for c in verb.children)


def expected(trigger: Trigger, verb: Token | None, argument: bool, chain: list[tuple[Token, Token]]) -> bool:
    tok = trigger.token
    heads = [tok] + [h for _, h in chain]
    if trigger.nominal and verb is not None and lemma_of(verb) in lx.PRESUPPOSING_VERBS:
        heads = [tok]  # "she will appeal against her fine": the fine is past
    elif trigger.nominal and verb is not None and not argument and verb not in heads:
        heads = [tok]  # "X, arrested at the protest, will be released": not the protest's future
    elif verb is not None and verb not in heads:
        heads.append(verb)
    for t in heads:
        if has_future_marker(t):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "would" for c in t.children) and reported(t):
            return True  # "said officers would arrest him": the future seen from then
        lemma = lemma_of(t)
        if t != tok and lemma in SCHEDULING:
            return True
        if t != tok and trigger.type == "hearing" and lemma in lx.POSTPONING_VERBS:
            return True  # "the hearing was postponed until 12 June"
        if t.dep_ == "xcomp" and lemma_of(t.head) == "be" and any(c.lower_ == "to" for c in t.children):
            return True  # "is to be released"
    if trigger.type == "hearing" and trigger.nominal:
        if verb is not None and lemma_of(verb) == "face" and verb.tag_ in ("VBZ", "VBP"):
            return True  # "who faces trial next month"
        if tok.head.lower_ in ("pending", "awaiting", "before"):
            return True  # "released pending trial"
        if verb is not None and lemma_of(verb) in ("await", "expect"):
            return True
    return False


def root_of(tok: Token) -> Token:
    while tok.head != tok:
        tok = tok.head
    return tok


def alleged(tok: Token, verb: Token | None, chain: list[tuple[Token, Token]]) -> bool:
    """"reportedly", "allegedly", "according to his lawyer"."""
    candidates = [tok] + [h for _, h in chain]
    if verb is not None:
        candidates += [verb, conj_root(verb)]
    candidates.append(root_of(tok))
    for t in candidates:
        for c in t.children:
            if c.lower_ in lx.ALLEGATION_WORDS:
                return True
            if c.dep_ == "prep" and c.lower_ == "according":
                return True
    return False
