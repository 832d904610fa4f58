"""Who an event happened to, who did it, and who took part.

Each function answers from the dependency parse around one trigger.
Candidates come in groups, best first: the first group that names someone
of the right kind wins, so a possessive ("his arrest") beats a light verb's
subject ("X made an appeal"), which beats a guess from the context.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from chronicle.extract import lexicon as lx
from chronicle.extract.context import DocumentContext
from chronicle.extract.syntax import (
    children,
    clause_subjects,
    expand_conjuncts,
    governing_verb,
    is_negated,
    is_passive,
    lemma_of,
    patients,
    prep_objects,
    subtree_span,
)
from chronicle.extract.triggers import Trigger
from chronicle.records import RoleFiller, Span

# Light verbs that hand something to someone: the receiver is the subject
# ("the judge gave X ten days", "handed down a sentence to X").
TRANSFER_VERBS = frozenset({"give", "hand", "impose", "deliver", "pass", "issue", "mete"})
# Verbs around a charge noun whose patient is the charged: "acquitted X of
# terrorism charges", "arrested on charges of", "X denied the charges".
CHARGE_CONTEXT_VERBS = frozenset({"acquit", "clear", "convict", "arrest", "detain", "jail", "sentence", "hold", "free", "release", "indict", "try", "deny", "face", "drop", "dismiss", "find"})
# Verbs that close a trial: "after a two-day trial, X was convicted".
CONVICTING_VERBS = frozenset({"convict", "sentence", "acquit", "find", "jail", "clear", "fine", "imprison"})
ASKING_VERBS = lx.ASKING_VERBS
# Nouns for taking part: "his part in the protests".
PART_NOUNS = frozenset({"part", "role", "participation", "involvement"})
# Verbs for taking part that pass the question on to the clause above:
# "fined for taking part in a rally".
TAKING_PART = frozenset({"take", "participate", "join", "attend"})


def roles_of(trigger: Trigger, ctx: DocumentContext) -> tuple[list[RoleFiller], list[RoleFiller], list[RoleFiller]]:
    """(subjects, agents, participants) of a trigger."""
    tok, etype = trigger.token, trigger.type
    actor_type = etype in lx.SUBJECT_IS_ACTOR
    subject_role = "organiser" if etype == "protest" else "subject"
    if trigger.groups is not None:
        subject_groups = [list(g) for g in trigger.groups]
        agent_tokens = list(trigger.agents)
    elif trigger.nominal:
        subject_groups, agent_tokens = nominal_roles(tok, etype, actor_type)
    else:
        subject_tokens, agent_tokens = verbal_roles(tok, actor_type)
        subject_groups = [subject_tokens]
    kinds = subject_kinds(etype)
    subjects: list[RoleFiller] = []
    for group in subject_groups:
        subjects = ctx.fillers(group, subject_role, kinds=kinds)
        if subjects:
            break
    mode = unlinked_mode(trigger)
    if not subjects and mode is not None:
        for group in subject_groups:
            subjects = ctx.unlinked_fillers(group, subject_role, mode)
            if subjects:
                break
    agents = ctx.fillers(agent_tokens, "agent", kinds=("organisation", "person"))
    participants: list[RoleFiller] = []
    if etype in ("protest", "strike") and trigger.nominal:
        taken = {s.entity for s in subjects if s.entity is not None}
        role = "participant" if etype == "protest" else "subject"
        found = ctx.fillers(participation_context(tok), role, kinds=("person", "organisation"), unlinked="human")
        participants = [p for p in found if p.entity is None or p.entity not in taken]
        if etype == "strike":
            subjects, participants = subjects + participants, []
    return subjects, agents, participants


def subject_kinds(etype: str) -> tuple[str, ...]:
    if etype in ("ban", "search"):
        return ("organisation", "person")
    if etype in ("protest", "strike", "letter", "statement", "appeal"):
        return ("person", "organisation")
    return ("person",)


def unlinked_mode(trigger: Trigger) -> str | None:
    """Which unnamed phrases may stand as the subject (see DocumentContext.fillers)."""
    etype = trigger.type
    if etype == "appeal":
        return None  # "the prosecutor's appeal" is no one's record
    if etype in ("ban", "search"):
        return "organisation"
    if etype in lx.SUBJECT_IS_ACTOR:
        return "doer"  # "the union", "doctors": people or their organisations
    if not trigger.nominal and lemma_of(trigger.token) in lx.HUMAN_PATIENT_VERBS and trigger.groups is None:
        return "any"
    return "human"


# ------------------------------------------------------------------- verbs


def verbal_roles(verb: Token, actor_type: bool) -> tuple[list[Token], list[Token]]:
    if verb.dep_ == "amod" or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        if verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "the imprisoned activist X", "activists detained in Minsk"
            return [verb.head], [a for p in children(verb, "agent") for a in children(p, "pobj")]
    subjects, passive = clause_subjects(verb)
    subjects = reported_speaker(verb, subjects)
    if is_passive(verb) or passive:
        agents = [a for p in children(verb, "agent") for a in children(p, "pobj")]
        return subjects + among_them(verb), agents
    objects = children(verb, "dative") or children(verb, "dobj")  # "fined X 50,000 tenge": X
    objects = [n for o in objects for n in (named_in_amount(o) if is_amount(o) else [o])]
    if objects and all(o.pos_ == "PRON" for o in objects) and verb.dep_ == "conj":
        objects = objects + children(verb.head, "dobj")  # "convicted X and sentenced him"
    if actor_type:
        return (representatives_for(subjects) if lemma_of(verb) == "appeal" else subjects), []
    return objects + among_them(verb), subjects


def is_amount(tok: Token) -> bool:
    return tok.ent_type_ == "MONEY" or lemma_of(tok) in lx.CURRENCY_WORDS


def named_in_amount(tok: Token) -> list[Token]:
    """"fined Marat Ospanov 50,000 tenge", parsed as one phrase around
    "tenge": the name inside it is the one fined."""
    return [c for c in tok.children if c.dep_ in ("nmod", "compound", "poss") and c.pos_ in ("PROPN", "PRON")]


MEMBER_PREPOSITIONS = ("among", "including")
LOOSE_DEPS = ("advcl", "appos", "npadvmod", "dep", "conj", "attr", "oprd", "pobj", "dobj")


def among_them(head: Token) -> list[Token]:
    """"Police arrested 14 people, among them X", "the trial of twelve
    activists, among them Y": the named members hang off the verb or noun,
    sometimes as the preposition's object, sometimes beside it."""
    out = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in MEMBER_PREPOSITIONS:
            objs = [o for o in c.children if o.dep_ in ("pobj", "appos", "dobj")]
            out.extend(o for o in objs if o.lower_ not in ("them", "those"))
            if any(o.lower_ in ("them", "those") for o in objs):
                out.extend(s for s in head.children if s.i > c.i and s.dep_ in LOOSE_DEPS and s.pos_ in ("NOUN", "PROPN") and s.i - c.i <= 6)
        elif c.dep_ in LOOSE_DEPS and c.pos_ in ("NOUN", "PROPN"):
            if any(p.lower_ in MEMBER_PREPOSITIONS and any(o.lower_ in ("them", "those") for o in p.children) for p in c.children):
                out.append(c)
    return out


def reported_speaker(verb: Token, subjects: list[Token]) -> list[Token]:
    """"X's lawyers said they would appeal": "they" is the speaker."""
    if len(subjects) == 1 and subjects[0].lower_ in ("they", "we") and verb.dep_ == "ccomp":
        speakers = children(verb.head, "nsubj")
        if speakers and speakers[0].pos_ in ("NOUN", "PROPN"):
            return speakers
    return subjects


# ------------------------------------------------------------------- nouns


def nominal_roles(noun: Token, etype: str, actor_type: bool) -> tuple[list[list[Token]], list[Token]]:
    """Candidate subject groups (best first) and agents of an event noun."""
    groups: list[list[Token]] = [children(noun, "poss")]
    agents: list[Token] = []
    verb = governing_verb(noun)
    patient_preps = ("of", "against", "on") if etype in ("charge", "hearing", "search", "ban") else ("of",)
    light = verb is not None and lemma_of(verb) in lx.SUPPORT_VERBS | lx.NOUN_SUPPORT_EXTRA | {"bring", "press", "level", "file"}
    for prep in children(noun, "prep") + (children(verb, "prep") if verb is not None else []):
        objs = children(prep, "pobj")
        own = prep.head == noun or light and prep.lower_ in ("against", "for")
        if own and prep.lower_ in patient_preps and (not actor_type or etype == "appeal" and prep.lower_ == "of"):
            groups.append(owner_of_case(objs) + among_them(noun))
        elif prep.lower_ == "by" and prep.head == noun:
            (groups[0] if actor_type else agents).extend(objs)
        elif prep.lower_ == "from" and prep.head == noun and actor_type:
            groups.append(objs)  # "a message from X", "no letter from the strikers"
        elif prep.lower_ == "against" and actor_type:
            # "an appeal against Ainur's sentence": the appellant is the sentenced
            groups.append([p for obj in objs for p in children(obj, "poss")])
        elif prep.lower_ == "for" and own and etype == "hearing":
            groups.append(objs)  # "a preliminary hearing for X"
        elif prep.lower_ in ("in", "on") and prep.head == noun and etype in ("hearing", "appeal"):
            # "the hearing in X's case", "a hearing on the case of X"
            cases = [o for o in objs if lemma_of(o) in lx.CASE_NOUNS]
            groups.append([p for c in cases for p in children(c, "poss") + prep_objects(c, "of", "against")])
    if etype == "charge" and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in ("dobj", "nsubjpass", "appos"):
        groups.append([noun.head.head])  # "acquitted the novelist X of terrorism charges"
    # "the letter, dated 10 March and initiated by X": every participle counts
    for acl in [c for a in children(noun, "acl") for c in expand_conjuncts(a)]:
        if actor_type:
            for agent in children(acl, "agent"):
                groups.append(representatives_for(children(agent, "pobj")) if etype == "appeal" else children(agent, "pobj"))
        if lemma_of(acl) in TRANSFER_VERBS:
            groups.append(prep_objects(acl, "to", "on"))  # "the term handed to X"
    groups.append([c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"])
    if verb is not None:
        groups.extend(light_verb_groups(noun, verb, etype))
    along = [c for c in (verb or noun).children if c.dep_ == "prep" and c.lower_ == "along"]
    companions = [o for a in along for w in children(a, "prep") for o in children(w, "pobj")]
    if companions:
        groups = [g + companions for g in groups]
    return groups, agents


def light_verb_groups(noun: Token, verb: Token, etype: str) -> list[list[Token]]:
    """Subjects that a light verb gives its event noun: "X went on hunger strike"."""
    lemma = lemma_of(verb)
    groups: list[list[Token]] = []
    if lemma in TRANSFER_VERBS and etype == "sentence":
        # "the judge gave X ten days' arrest", "handed down a sentence to X",
        # "X was given a suspended sentence"
        subjects, passive = clause_subjects(verb)
        if is_passive(verb) or passive:
            groups.append(subjects)
        groups.append(children(verb, "dative") + prep_objects(verb, "to", "on"))
        return groups
    if etype == "charge" and lemma in CHARGE_CONTEXT_VERBS:
        groups.append(patients(verb) if lemma not in ("deny", "face") else clause_subjects(verb)[0])
        return groups  # "acquitted X of terrorism charges", "arrested on charges of"
    if etype == "hearing" and lemma in CONVICTING_VERBS:
        groups.append(patients(verb))
        return groups  # "after a two-day trial, X was convicted"
    if etype == "letter" and lemma in ASKING_VERBS:
        groups.append(clause_subjects(verb)[0])
        return groups  # "asked the ambassador in a letter to explain"
    if not is_light_for(verb, etype) or not directly_under(noun, verb):
        return groups
    negated_role = is_negated(verb) and lemma in lx.ROLE_VERBS
    if noun.dep_ in ("nsubj", "nsubjpass"):
        # "The picket was organised by X": the light verb's agent
        groups.append([a for p in children(verb, "agent") for a in children(p, "pobj")])
    elif not negated_role:  # "X was not organising the picket" says who did not
        verb_subjects, passive = clause_subjects(verb)
        if lemma in ("put", "bring", "place", "keep", "hold") and not passive and not is_passive(verb):
            groups.append(children(verb, "dobj"))  # "put X on trial"
        doers = reported_speaker(verb, verb_subjects)
        if etype == "appeal":
            doers = representatives_for(doers)  # "his lawyer filed the appeal": his appeal
        groups.append(doers + children(verb, "dative"))
    return groups


def directly_under(noun: Token, verb: Token) -> bool:
    """The noun is the verb's own argument, or in a preposition on it ("went on
    strike"); not in a phrase about something else ("was among the organisers
    of the rally")."""
    if noun.head == verb or noun.head.pos_ == "ADP" and noun.head.head == verb:
        return True
    # "is in the second week of a hunger strike": a stretch of the event itself
    measure = noun.head.head if noun.head.lower_ == "of" else None
    return measure is not None and lemma_of(measure) in MEASURE_NOUNS and measure.head.pos_ == "ADP" and measure.head.head == verb


MEASURE_NOUNS = frozenset({"day", "week", "month", "year", "hour", "night", "fortnight", "end", "start", "beginning", "middle"})


def is_light_for(verb: Token, etype: str) -> bool:
    """Does this verb hand its subject to an event noun of this type?

    Doers' events take the subject of most light verbs ("X staged a
    picket", "Y issued a statement"); what happens to a person takes it only
    from verbs that say so ("X faces trial", "Y received a sentence",
    "Z remains in custody"): "police announced the arrest", "the court
    scheduled the hearing" and "she called the search an attempt to
    frighten" name no one arrested, tried or searched.
    """
    word = lemma_of(verb)
    if etype in lx.SUBJECT_IS_ACTOR:
        if word in ("receive", "get", "serve"):
            return False  # "the ministry received a letter": the addressee
        if word == "call" and any(c.dep_ in ("oprd", "attr", "xcomp", "ccomp") for c in verb.children):
            return False  # "called the protest a provocation" names it
        return word in lx.SUPPORT_VERBS | lx.NOUN_SUPPORT_EXTRA | {"be"}
    return word in lx.PATIENT_LIGHT_VERBS.get(etype, frozenset()) | {"be"}


def owner_of_case(objs: list[Token]) -> list[Token]:
    """"the hearing in the case of X", "the trial of X": the case is X's."""
    out = []
    for obj in objs:
        if lemma_of(obj) in lx.CASE_NOUNS:
            out.extend(children(obj, "poss") + prep_objects(obj, "of", "against"))
        else:
            out.append(obj)
    return out


def representatives_for(tokens: list[Token]) -> list[Token]:
    """"an appeal lodged by X's family" is X's appeal."""
    out = []
    for tok in tokens:
        owners = children(tok, "poss") if lemma_of(tok) in lx.REPRESENTATIVE_NOUNS else []
        out.extend(owners or [tok])
    return out


def participation_context(noun: Token) -> list[Token]:
    """Who took part in a protest the sentence mentions in passing.

    "X was detained at a picket", "Y, who joined the march", "Z was fined
    for taking part in a rally", "W's part in the protests", "oil workers
    blocked the road in a protest", "those at the rally".
    """
    tok = noun
    for _ in range(8):
        head = tok.head
        if head == tok:
            return []
        dep = tok.dep_
        if dep == "pobj":
            if head.lower_ not in lx.PARTICIPATION_PREPOSITIONS:
                return []
            tok = head
        elif dep == "pcomp":
            tok = head  # "for taking part in": up to "for"
        elif dep == "dobj" and lemma_of(head) in TAKING_PART:
            if head.dep_ not in ("pcomp", "advcl", "xcomp"):
                return people_of(head)
            tok = head
        elif dep in ("advcl", "xcomp") and lemma_of(tok) in TAKING_PART and head.pos_ in ("VERB", "AUX"):
            return people_of(head)
        elif dep == "prep":
            if head.pos_ in ("VERB", "AUX"):
                if lemma_of(head) in TAKING_PART and head.dep_ in ("pcomp", "advcl", "xcomp"):
                    tok = head
                    continue
                return people_of(head)
            if lemma_of(head) in PART_NOUNS:
                return children(head, "poss")
            if head.pos_ in ("NOUN", "PRON") and (lemma_of(head) in lx.HUMAN_NOUNS or head.lower_ in ("those", "some", "many")):
                if head.lower_ in ("those", "some", "many"):
                    tok = head  # "among those at the rally was X"
                    continue
                return [head]
            if head.dep_ in ("dobj", "attr") and head.head.pos_ in ("VERB", "AUX"):
                return people_of(head.head)  # "fined 30,000 roubles for taking part in"
            if head.dep_ != "pobj":
                return []
            tok = head
        else:
            return []
    return []


def people_of(verb: Token) -> list[Token]:
    """The people a clause is about: passive subjects, the arrested, the doers."""
    subjects, passive = clause_subjects(verb)
    if is_passive(verb) or passive:
        return subjects
    if not subjects and lemma_of(verb) == "be":
        return children(verb, "attr")  # "among those at the rally was X"
    if lemma_of(verb) in lx.HUMAN_PATIENT_VERBS | lx.COERCIVE_VERBS:
        return children(verb, "dative") or children(verb, "dobj")
    doers = reported_speaker(verb, subjects)
    if any(lemma_of(d) in lx.AUTHORITY_NOUNS or any(lemma_of(c) in lx.AUTHORITY_NOUNS for c in d.children) for d in doers):
        return []  # "police fired tear gas at the rally" did not join it
    return doers


# ------------------------------------------------------------------ courts


def court_fillers(trigger: Trigger, sent: SpacySpan) -> tuple[RoleFiller, ...]:
    """"the city court of Almaty" near a hearing, sentence or appeal."""
    if trigger.type not in ("hearing", "sentence", "appeal", "acquittal"):
        return ()
    for tok in sent:
        if lemma_of(tok) == "court" and tok.pos_ == "NOUN":
            start, end = subtree_span(tok, exclude_deps=("conj", "cc", "punct", "relcl", "acl"))
            text = sent.text[start - sent.start_char:end - sent.start_char]
            if text.lower().startswith("the "):
                start, text = start + 4, text[4:]
            return (RoleFiller("court", None, Span(start, end, text)),)
    return ()
