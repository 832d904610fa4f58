"""Events announced by a construction rather than by one trigger word.

"was found not guilty", "cleared X of", "walked free", "remains in custody",
"appeared in court", "heard the case against X", "downed tools", "wrote to
the president", "declared its solidarity with", "upheld X's sentence",
"ordered X to be dissolved", "released without charge".

Each rule looks at one token and returns a :class:`Trigger` or None; the
rules are tried before the single-word lexicon because they know more (a
"release ... without charge" is a denied charge, not a charge).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterator

from spacy.tokens import Token

from chronicle.extract import lexicon as lx
from chronicle.extract.context import DocumentContext
from chronicle.extract.syntax import (
    children,
    clause_subjects,
    governing_verb,
    has_child_lemma,
    is_passive,
    lemma_of,
    patients,
    prep_objects,
)
from chronicle.extract.triggers import Trigger

DURATION_NOUNS = frozenset({"hour", "day", "night", "week", "month", "year", "fortnight", "weekend"})
# "held hostage" is an abduction, "held responsible" a judgement, not custody.
HOLD_BLOCKERS = frozenset({"hostage", "captive", "responsible", "accountable", "liable", "guilty", "esteem", "regard"})
SENTENCING_VERBS = frozenset({"sentence", "jail", "imprison", "convict", "condemn", "give", "hand", "impose", "serve", "receive"})


def construction_trigger(tok: Token, ctx: DocumentContext) -> Trigger | None:
    for rule in rules_for(lemma_of(tok)):
        trigger = rule(tok, ctx)
        if trigger is not None:
            return trigger
    return None


def sentence_of(tok: Token) -> Iterator[Token]:
    """The tokens of tok's sentence (``tok.sent`` recomputes the sentence)."""
    root = tok
    while root.head != root:
        root = root.head
    return root.subtree


def _at(tok: Token, etype: str, *, nominal: bool, groups: list[list[Token]] | None = None, status: str | None = None,
        attributes: tuple[tuple[str, str], ...] = (), start: int | None = None) -> Trigger:
    return Trigger(
        tok, etype, tok.idx if start is None else start, tok.idx + len(tok.text), nominal,
        groups=tuple(tuple(g) for g in groups) if groups is not None else None,
        status=status, attributes=tuple(attributes),
    )


# ----------------------------------------------------------------- custody


def custody(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"remains in custody", "after 72 hours in custody", "taken into custody",
    "placed under house arrest"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj":
        return None
    prep = tok.head.lower_
    if not (lemma in lx.CUSTODY_NOUNS and prep in ("in", "into") or lemma == "arrest" and prep == "under"):
        return None
    holder = tok.head.head
    if holder.pos_ == "NOUN" and lemma_of(holder) in DURATION_NOUNS:
        verb = governing_verb(holder) if holder.dep_ in ("pobj", "dobj", "npadvmod") else None
        if verb is None and holder.dep_ == "dobj":
            verb = holder.head
        if verb is None or lemma_of(verb) in SENTENCING_VERBS:
            return None  # "sentenced to five years in prison" is the sentence
        if holder.dep_ == "dobj" and lemma_of(verb) != "spend":
            return None
        return _at(tok, "detention", nominal=True, groups=[clause_subjects(verb)[0]])
    verb = holder if holder.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return None
    vlemma = lemma_of(verb)
    if prep == "into":
        if vlemma not in lx.CUSTODY_ENTRY_VERBS:
            return None
        return _at(tok, "arrest", nominal=True, groups=[patients(verb)])
    if vlemma not in lx.CUSTODY_VERBS or vlemma in SENTENCING_VERBS:
        return None
    if vlemma in ("keep", "hold", "put", "place", "remand") and not is_passive(verb) and not clause_subjects(verb)[1]:
        return _at(tok, "detention", nominal=True, groups=[children(verb, "dobj")])
    return _at(tok, "detention", nominal=True, groups=[clause_subjects(verb)[0]])


def held(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"border guards held the journalist for six hours", "where she has been held"."""
    if tok.pos_ != "VERB" or lemma_of(tok) != "hold":
        return None
    if any(c.dep_ in ("prt", "oprd", "acomp", "xcomp", "ccomp") or c.dep_ != "prep" and lemma_of(c) in HOLD_BLOCKERS for c in tok.children):
        return None
    who = patients(tok)
    if not who or not all(ctx.is_human(w) for w in who):
        return None
    return _at(tok, "detention", nominal=False)


# ---------------------------------------------------------------- hearings


def appear_in_court(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"appeared before the district court", "was brought before a judge"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "VERB" or lemma not in ("appear", "bring", "haul", "take", "stand"):
        return None
    preps = ("in", "before") if lemma == "appear" else ("before",)
    courts = [o for o in prep_objects(tok, *preps) if lemma_of(o) in lx.COURT_NOUNS]
    if not courts:
        return None
    who = clause_subjects(tok)[0] if lemma == "appear" or lemma == "stand" else patients(tok)
    return _at(tok, "hearing", nominal=False, groups=[who])


def case_heard(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"heard the case against X", "adjourned his case until May", "was tried in absentia"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "VERB":
        return None
    if lemma in ("try", "retry"):
        if is_passive(tok) and not children(tok, "xcomp") and all(ctx.is_human(w) for w in patients(tok) or [tok]):
            return _at(tok, "hearing", nominal=False, groups=[patients(tok)])
        return None
    if lemma not in lx.HEARING_VERBS | lx.POSTPONING_VERBS | {"open", "resume", "begin"}:
        return None
    cases = [c for c in patients(tok) if lemma_of(c) in ("case", "proceedings")]
    if not cases:
        return None
    owners = [o for c in cases for o in children(c, "poss") + prep_objects(c, "of", "against")]
    status = "expected" if lemma in lx.POSTPONING_VERBS else None
    return _at(tok, "hearing", nominal=False, groups=[owners], status=status)


# -------------------------------------------------------------- acquittals


def found_not_guilty(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"was found not guilty of", "found X innocent": an acquittal. "A judge
    found X guilty": the verdict of a hearing, which took place then (the
    sentence, if any, is reported by its own words)."""
    if tok.pos_ != "VERB" or lemma_of(tok) != "find":
        return None
    for c in tok.children:
        if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod") and lemma_of(c) in ("guilty", "innocent"):
            innocent = lemma_of(c) == "innocent" or any(g.dep_ == "neg" for g in c.children)
            who = patients(tok) or [s for s in children(c, "nsubj")]
            if innocent:
                return _at(tok, "acquittal", nominal=False, groups=[who])
            if who and all(ctx.is_human(w) for w in who):
                return _at(tok, "hearing", nominal=False, groups=[who])
    return None


def cleared_of(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"judges cleared X of assault", "was cleared of all charges"."""
    if tok.pos_ != "VERB" or lemma_of(tok) not in ("clear", "exonerate", "absolve"):
        return None
    who = patients(tok)
    if lemma_of(tok) == "clear" and not prep_objects(tok, "of") and not any(prep_objects(w, "of") for w in who):
        return None  # "cleared X of hooliganism", the "of" on the verb or on X
    if not who or not all(ctx.is_human(w) for w in who):
        return None
    return _at(tok, "acquittal", nominal=False, groups=[who])


# --------------------------------------------------------------- releases


# Places one is held in: leaving one is a release.
CUSTODY_PLACES = lx.CUSTODY_NOUNS | {"colony", "centre", "center", "facility", "cell", "penitentiary", "camp"}
# Words that make such a place one of custody ("detention centre", "penal colony").
CUSTODIAL_WORDS = lx.CUSTODY_NOUNS | {"colony", "penitentiary"}


def left_custody(tok: Token) -> list[Token] | None:
    """"walked out of the detention centre", "walked out of prison": the
    walkers, when what they left is a place of custody."""
    outs = [c for c in tok.children if c.lower_ == "out" and c.dep_ in ("prep", "prt", "advmod")]
    places = [o for out in outs for o in prep_objects(out, "of")] + prep_objects(tok, "from")
    for place in places:
        words = {lemma_of(place)} | {lemma_of(c) for c in place.children if c.dep_ in ("compound", "amod")}
        if words & CUSTODIAL_WORDS and lemma_of(place) in CUSTODY_PLACES:
            return clause_subjects(tok)[0]
    return None


def walked_free(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"walked free", "was set free", "walked out of the detention centre"."""
    if tok.pos_ != "VERB" or lemma_of(tok) not in ("walk", "go", "set"):
        return None
    if lemma_of(tok) == "walk":
        leavers = left_custody(tok)
        if leavers and all(ctx.is_human(w) for w in leavers):
            return _at(tok, "release", nominal=False, groups=[leavers])
    if not any(c.lower_ == "free" and c.dep_ in ("acomp", "advmod", "oprd", "xcomp", "dobj", "advcl") for c in tok.children):
        return None
    who = patients(tok) if lemma_of(tok) == "set" else clause_subjects(tok)[0]
    return _at(tok, "release", nominal=False, groups=[who])


# ----------------------------------------------------------------- strikes


def strike_verb(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"teachers struck for two days", "striking miners", "the union will strike"."""
    if tok.pos_ != "VERB" or lemma_of(tok) != "strike":
        return None
    if tok.dep_ in ("amod", "acl") and tok.tag_ == "VBG" and ctx.is_human(tok.head):
        return _at(tok, "strike", nominal=False, groups=[[tok.head]])
    if is_passive(tok) or children(tok, "dobj", "prt", "agent") or has_child_lemma(tok, {"deal", "blow", "balance", "chord"}):
        return None
    subjects = clause_subjects(tok)[0]
    if not subjects or not all(ctx.is_human(s) for s in subjects):
        return None
    return _at(tok, "strike", nominal=False, groups=[subjects])


# What a crowd gathers to do when the gathering is a protest.
PROTEST_PURPOSE_VERBS = frozenset({"support", "back", "protest", "demand", "denounce", "oppose", "condemn", "defend", "mark", "commemorate"})


def gathered(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"300 people gathered outside the city administration to support the
    strikers": a crowd that gathers for a cause is a protest. Only with a
    human subject and a purpose verb from the protest vocabulary; "gathered
    to watch the match" or "gathered evidence" is none."""
    if tok.pos_ != "VERB" or lemma_of(tok) not in ("gather", "assemble", "congregate") or children(tok, "dobj"):
        return None
    purposes = [c for c in tok.children if c.dep_ in ("xcomp", "advcl") and lemma_of(c) in PROTEST_PURPOSE_VERBS]
    if not purposes:
        return None
    subjects = clause_subjects(tok)[0]
    if not subjects or not all(ctx.is_human(s) for s in subjects):
        return None
    return _at(tok, "protest", nominal=False, groups=[subjects])


def stopped_work(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"workers downed tools", "miners stopped work", "staff walked out"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "VERB" or lemma not in lx.STOPPING_VERBS:
        return None
    if lemma == "walk":
        if not any(c.dep_ == "prt" and c.lower_ in ("out", "off") for c in tok.children):
            return None
        if any(lemma_of(o) in ("talk", "meeting", "session", "negotiation", "hearing", "studio", "interview") for o in prep_objects(tok, "of", "from")):
            return None
    else:
        objects = children(tok, "dobj")
        if not objects or not all(lemma_of(o) in lx.WORK_NOUNS for o in objects):
            return None
        if lemma in ("lay", "put") and not any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
            return None
    subjects = clause_subjects(tok)[0]
    if not subjects or not all(ctx.is_human(s) for s in subjects):
        return None
    return _at(tok, "strike", nominal=False, groups=[subjects])


# ----------------------------------------------------------------- letters


def wrote_to(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"MEPs wrote to the president", "relatives appealed to the UN Working Group"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "VERB" or lemma not in ("write", "appeal", "petition"):
        return None
    addressees = prep_objects(tok, "to")
    if not addressees:
        return None
    if lemma == "write" and children(tok, "dobj") and not any(lemma_of(o) in lx.LETTER_NOUNS for o in children(tok, "dobj")):
        return None  # "wrote a book to ..." is no letter; "wrote a letter to" is the noun's
    if lemma == "appeal" and any(lemma_of(o) in lx.COURT_NOUNS or has_child_lemma(o, lx.COURT_NOUNS) for o in addressees):
        return _at(tok, "appeal", nominal=False)  # "appealed to the Supreme Court"
    if not all(addressee_like(o, ctx) for o in addressees):
        return None
    return _at(tok, "letter", nominal=False, groups=[clause_subjects(tok)[0]])


def addressee_like(tok: Token, ctx: DocumentContext) -> bool:
    """An authority or body one writes to, not "the public" or "reason"."""
    hit = ctx.cluster_at(tok.idx)
    if hit is not None and ctx.entity(hit[2]).kind in ("organisation", "person"):
        return True
    if tok.ent_type_ in ("ORG", "PERSON"):
        return True
    # "Prosecutor General", "Attorney General": the office is the compound.
    words = {lemma_of(tok)} | {lemma_of(c) for c in tok.children if c.dep_ == "compound"}
    return bool(words & _ADDRESSEE_NOUNS)


_ADDRESSEE_NOUNS = lx.AUTHORITY_NOUNS | lx.ORGANISATION_NOUNS | {
    "president", "minister", "ambassador", "embassy", "secretary", "commissioner", "rapporteur", "chief",
    "executive", "head", "leader", "governor", "mayor", "king", "parliament", "council", "un", "delegation",
    "envoy", "prosecutor", "ombudsman", "attorney", "procurator",
}


# --------------------------------------------------------------- statements


def solidarity(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"a statement of solidarity with", "messages of support to", "a joint
    statement supporting", "declared its solidarity with"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "NOUN":
        return None
    if lemma in lx.STATEMENT_NOUNS and solidarity_marked(tok, ctx):
        return _at(tok, "statement", nominal=True)
    if lemma in lx.SOLIDARITY_WORDS and tok.dep_ == "dobj" and lemma_of(tok.head) in lx.SOLIDARITY_VERBS:
        if lemma == "support" and not any(ctx.is_human(o) for o in prep_objects(tok, "for", "with", "to")):
            return None  # "expressed support for the plan"
        return _at(tok, "statement", nominal=True)
    return None


def solidarity_marked(tok: Token, ctx: DocumentContext) -> bool:
    if any(lemma_of(o) in lx.SOLIDARITY_WORDS for o in prep_objects(tok, "of", "in")):
        return True
    if tok.dep_ == "dobj" and any(lemma_of(o) == "solidarity" for o in prep_objects(tok.head, "in")):
        return True  # "published a statement in solidarity with"
    if any(c.dep_ in ("compound", "amod") and lemma_of(c) in lx.SOLIDARITY_WORDS for c in tok.children):
        return True
    return any(c.dep_ == "acl" and lemma_of(c) in lx.SUPPORTING_PARTICIPLES and c.tag_ == "VBG" for c in tok.children)


# -------------------------------------------------------------------- bans


def dissolved(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"ordered the union to be dissolved", "shut down 17 organisations"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "VERB" or lemma not in lx.DISSOLVE_VERBS:
        return None
    if lemma in ("shut", "close") and not any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        return None
    who = object_controlled(tok) or patients(tok)
    if not who or not all(bannable(w, ctx) for w in who):
        return None
    return _at(tok, "ban", nominal=False, groups=[who])


def object_controlled(verb: Token) -> list[Token]:
    """"ordered X to be dissolved": X, the object of the verb above."""
    if verb.dep_ == "xcomp" and is_passive(verb):
        return children(verb.head, "dobj")
    return []


def bannable(tok: Token, ctx: DocumentContext) -> bool:
    if lemma_of(tok) in lx.NOT_BANNABLE:
        return False
    hit = ctx.cluster_at(tok.idx)
    if hit is not None:
        return ctx.entity(hit[2]).kind == "organisation"
    names = [c for c in tok.children if c.dep_ in ("compound", "appos")]
    return lemma_of(tok) in lx.ORGANISATION_NOUNS or any(ctx.cluster_at(n.idx) is not None for n in names)


# ----------------------------------------------------------------- appeals


def reviewed(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"X's sentence was upheld on appeal", "overturned Y's conviction"."""
    lemma = lemma_of(tok)
    if tok.pos_ != "VERB" or lemma not in lx.REVIEW_OUTCOME_VERBS:
        return None
    decisions = [d for d in patients(tok) if lemma_of(d) in lx.REVIEWED_DECISIONS]
    if not decisions:
        return None
    if lemma in lx.REVIEW_NEEDS_APPEAL and not any(lemma_of(t) in ("appeal", "appellate", "cassation") for t in sentence_of(tok)):
        return None  # "the president cut his sentence": a pardon, not an appeal
    owners = [o for d in decisions for o in children(d, "poss") + prep_objects(d, "of", "against")]
    attributes = (("outcome", lx.REVIEW_OUTCOME_VERBS[lemma]), ("stage", "decided"))
    return _at(tok, "appeal", nominal=False, groups=[owners], attributes=attributes)


# ----------------------------------------------------------------- charges


def without_charge(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"released her without charge": she was not charged."""
    if tok.pos_ != "NOUN" or lemma_of(tok) != "charge" or tok.dep_ != "pobj" or tok.head.lower_ != "without":
        return None
    verb = tok.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return _at(tok, "charge", nominal=True, groups=[patients(verb)], status="denied")


def refused_food(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"refused food for nine days", "is refusing to eat": a hunger strike."""
    if tok.pos_ != "VERB" or lemma_of(tok) not in ("refuse", "reject", "decline"):
        return None
    food = any(lemma_of(o) in FOOD_NOUNS for o in children(tok, "dobj"))
    eat = any(lemma_of(x) in ("eat", "drink") for x in children(tok, "xcomp"))
    if not (food or eat):
        return None
    subjects = clause_subjects(tok)[0]
    if not subjects or not all(ctx.is_human(s) for s in subjects):
        return None
    return _at(tok, "hunger_strike", nominal=False, groups=[subjects])


FOOD_NOUNS = frozenset({"food", "meal", "meals", "nourishment", "water", "liquid", "liquids"})


def phrasal_arrest(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"police rounded up dozens of students", "locked up the protesters"."""
    word = lemma_of(tok)
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    etype = PHRASAL_ARRESTS.get((word, particle))
    if tok.pos_ != "VERB" or etype is None:
        return None
    who = patients(tok)
    if not who or not all(ctx.is_human(w) for w in who):
        return None
    return _at(tok, etype, nominal=False, groups=[who])


PHRASAL_ARRESTS = {("round", "up"): "arrest", ("pick", "up"): "arrest", ("lock", "up"): "detention", ("haul", "in"): "arrest"}


def suspended_outlet(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"suspended publication of the newspaper", "ordered X to suspend publication"."""
    if tok.pos_ != "VERB" or lemma_of(tok) not in ("suspend", "halt", "stop", "cease", "close"):
        return None
    activities = [o for o in children(tok, "dobj") if lemma_of(o) in OUTLET_ACTIVITIES]
    if not activities:
        return None
    who = [o for a in activities for o in prep_objects(a, "of")]
    if not who and tok.dep_ == "xcomp":
        who = children(tok.head, "dobj")  # "ordered the daily to suspend publication"
    if not who or not all(bannable(w, ctx) for w in who):
        return None
    return _at(tok, "ban", nominal=False, groups=[who])


OUTLET_ACTIVITIES = frozenset({"publication", "broadcast", "broadcasting", "activity", "operation", "work"})


def accused_of(tok: Token, ctx: DocumentContext) -> Trigger | None:
    """"X, accused of extremism", "prosecutors accused the blogger of"; not
    one politician accusing another of something."""
    if tok.pos_ != "VERB" or lemma_of(tok) != "accuse" or not prep_objects(tok, "of"):
        return None
    passive = is_passive(tok) or tok.dep_ == "acl" and tok.tag_ == "VBN" or clause_subjects(tok)[1]
    if not passive:
        accusers = clause_subjects(tok)[0]
        if not accusers or not all(lemma_of(a) in lx.AUTHORITY_NOUNS for a in accusers):
            return None
    who = [tok.head] if tok.dep_ == "acl" else patients(tok)
    if not who or not all(ctx.is_human(w) for w in who):
        return None
    return _at(tok, "charge", nominal=False, groups=[who])


Rule = Callable[[Token, DocumentContext], "Trigger | None"]

# Each rule with the lemmas it can fire on: most tokens are none of them, so
# the rules are looked up by lemma rather than all tried on every token.
RULES: tuple[tuple[frozenset[str], Rule], ...] = (
    (lx.CUSTODY_NOUNS | {"arrest"}, custody),
    (frozenset({"hold"}), held),
    (frozenset({"appear", "bring", "haul", "take", "stand"}), appear_in_court),
    (lx.HEARING_VERBS | lx.POSTPONING_VERBS | {"open", "resume", "begin", "try", "retry"}, case_heard),
    (frozenset({"find"}), found_not_guilty),
    (frozenset({"clear", "exonerate", "absolve"}), cleared_of),
    (frozenset({"walk", "go", "set"}), walked_free),
    (frozenset({"strike"}), strike_verb),
    (lx.STOPPING_VERBS, stopped_work),
    (frozenset({"gather", "assemble", "congregate"}), gathered),
    (frozenset({"write", "appeal", "petition"}), wrote_to),
    (lx.STATEMENT_NOUNS | lx.SOLIDARITY_WORDS, solidarity),
    (lx.DISSOLVE_VERBS, dissolved),
    (frozenset(lx.REVIEW_OUTCOME_VERBS), reviewed),
    (frozenset({"charge"}), without_charge),
    (frozenset({"refuse", "reject", "decline"}), refused_food),
    (frozenset(w for w, _ in PHRASAL_ARRESTS), phrasal_arrest),
    (frozenset({"suspend", "halt", "stop", "cease", "close"}), suspended_outlet),
    (frozenset({"accuse"}), accused_of),
)


CONSTRUCTION_LEMMAS = frozenset(w for lemmas, _ in RULES for w in lemmas)


@lru_cache(maxsize=4096)
def rules_for(lemma: str) -> tuple[Rule, ...]:
    return tuple(rule for lemmas, rule in RULES if lemma in lemmas)
