"""Event mentions from the dependency parse.

For each sentence: find trigger words (``lexicon``), decide the event type,
fill the roles from the syntax (passive subject, object, possessive,
of-phrase, the subject of a light verb, coordination), attach the date
expression and place that the trigger governs, and map tense, modality and
negation to a status. Precision first: an event whose subject can't be
found, or that is only demanded or feared, is not reported.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from chronicle.extract import lexicon as lx
from chronicle.extract.context import DocumentContext
from chronicle.extract.ontology import EVENT_TYPES
from chronicle.extract.syntax import (
    children,
    clause_subjects,
    conj_root,
    expand_conjuncts,
    governing_verb,
    has_future_marker,
    is_negated,
    is_passive,
    subtree_span,
)
from chronicle.records import AnnotatedDocument, EventMention, PartialDate, RoleFiller, Span, TimeExpression


@dataclass(frozen=True)
class Trigger:
    token: Token
    type: str
    start: int
    end: int
    nominal: bool


def extract_events(annotated: AnnotatedDocument, doc: Doc) -> list[EventMention]:
    """All event mentions of one document, in text order."""
    ctx = DocumentContext.build(annotated, doc)
    mentions: list[EventMention] = []
    for sent in doc.sents:
        for trigger in find_triggers(sent, ctx):
            mentions.extend(events_for_trigger(trigger, sent, ctx, mentions))
    return dedupe(mentions)


# ------------------------------------------------------------------ triggers


def find_triggers(sent: SpacySpan, ctx: DocumentContext) -> list[Trigger]:
    found = []
    for tok in sent:
        if ctx.in_time_expression(tok):
            continue  # "March", "May Day": dates, not marches
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and lemma == "strike" and any(c.lemma_.lower() == "hunger" for c in tok.children):
            hunger = next(c for c in tok.children if c.lemma_.lower() == "hunger")
            found.append(Trigger(tok, "hunger_strike", hunger.idx, tok.idx + len(tok), True))
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in lx.NOUN_TRIGGERS and noun_is_event(tok, lemma):
            found.append(Trigger(tok, nominal_type(tok, lemma), tok.idx, tok.idx + len(tok), True))
        elif tok.pos_ == "VERB" and lemma in lx.VERB_TRIGGERS and verb_is_event(tok, lemma):
            found.append(Trigger(tok, verbal_type(tok, lemma), tok.idx, tok.idx + len(tok), False))
    return found


def noun_is_event(tok: Token, lemma: str) -> bool:
    if tok.dep_ == "compound":
        return False  # "protest movement", "strike committee", "arrest warrant"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in ("sentence", "term"):
        return False  # "a sentence of a fortnight's imprisonment" is the sentence
    if lemma in ("protest", "picket", "demonstration") and is_purpose_phrase(tok):
        return False  # "in protest at his imprisonment", "as a protest against"
    if lemma == "strike" and any(c.lemma_.lower() in lx.NON_LABOUR_STRIKE_MODIFIERS for c in tok.children):
        return False
    if lemma == "march" and tok.text[:1].isupper() and tok.i > tok.sent.start:
        return False  # the month
    if lemma == "charge" and tok.head.lemma_.lower() == "in":
        return False  # "in charge of"
    if lemma == "search" and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
        return False  # "a search for survivors"
    return True


def is_purpose_phrase(tok: Token) -> bool:
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in lx.PURPOSE_PREPOSITIONS:
        return True
    return False


def verb_is_event(tok: Token, lemma: str) -> bool:
    if lx.VERB_TRIGGERS[lemma] == "protest" and not has_human_subject(tok):
        return False  # "the stock market rallied"
    if lemma == "protest" and any(c.lemma_.lower() in ("innocence", "decision", "call") for c in children(tok, "dobj")):
        return False  # "he protested his innocence"
    if tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        if tok.head.lemma_.lower() not in lx.EXPECTATION_LEMMAS:
            return False  # "organised to protest over repossessions": a purpose, not a second event
    if lemma in ("march", "rally") and not any(c.dep_ in ("nsubj", "prep") for c in tok.children):
        return False
    if lemma == "appeal" and any(c.dep_ == "prep" and c.lower_ in ("to", "for") for c in tok.children):
        return False  # "appealed to the public", "appealed for calm": a call, not a legal appeal
    return True


def has_human_subject(verb: Token) -> bool:
    subjects, _ = clause_subjects(verb)
    for subj in subjects:
        if subj.ent_type_ in ("PERSON", "ORG", "NORP") or subj.pos_ == "PRON" or subj.lemma_.lower() in lx.HUMAN_GROUPS:
            return True
        if any(c.lemma_.lower() in lx.HUMAN_GROUPS for c in subj.children if c.dep_ in ("prep", "compound")):
            return True
    return False


def nominal_type(tok: Token, lemma: str) -> str:
    base = lx.NOUN_TRIGGERS[lemma]
    if base == "protest":
        verb = governing_verb(tok)
        if verb is not None and verb.lemma_.lower() in ("send", "address", "deliver", "write"):
            return "letter"  # "protests were sent to the authorities"
    return base


def verbal_type(tok: Token, lemma: str) -> str:
    base = lx.VERB_TRIGGERS[lemma]
    if base == "detention" and duration_under(tok, preps=("for",)):
        return "sentence"  # "jailed for 15 days" reports the sentence
    return base


# ------------------------------------------------------------------- events


def events_for_trigger(trigger: Trigger, sent: SpacySpan, ctx: DocumentContext, earlier: list[EventMention]) -> list[EventMention]:
    status = status_of(trigger)
    if status is None:
        return []
    etype = trigger.type
    subjects, agents = roles_of(trigger, ctx)
    antecedent = None
    if trigger.nominal and is_definite(trigger.token):
        antecedent = ctx.antecedent(etype, trigger.start, earlier, needs_subject=not subjects and EVENT_TYPES[etype].needs_subject)
    if EVENT_TYPES[etype].needs_subject and not subjects and antecedent is None:
        return []
    attrs = attributes_of(trigger, etype, sent, ctx)
    date = ctx.date_for(trigger.token, sent)
    place = ctx.place_for(trigger.token, sent, inherit=etype in ("protest", "strike"))
    if etype in ("protest", "strike") and not (subjects or place is not None or date.precision != "unknown"):
        return []  # "massive protests against corruption": nothing to record
    participants = tuple(subjects) + tuple(agents) + court_fillers(trigger, sent)
    if etype == "letter":
        participants += ctx.addressees(trigger.token)
    mention = EventMention(
        document=ctx.sha256,
        type=etype,
        status=status,
        trigger=Span(trigger.start, trigger.end, ctx.text[trigger.start:trigger.end]),
        sentence=Span(sent.start_char, sent.end_char, sent.text),
        participants=participants,
        place=place,
        date=date,
        attributes=tuple(sorted(attrs.items())),
    )
    if antecedent is not None:
        mention = inherit_from(mention, antecedent)
    return [mention] + gapped_copies(trigger, mention, sent, ctx)


def inherit_from(mention: EventMention, antecedent: EventMention) -> EventMention:
    """"The court rejected the appeals": the appeals named just before.

    The mention keeps what it says itself and takes what it leaves out from
    its antecedent; ``antecedent`` records the link so fusion keeps the two
    mentions of one report together.
    """
    own_subjects = [p for p in mention.participants if p.role in ("subject", "organiser")]
    inherited = () if own_subjects else tuple(p for p in antecedent.participants if p.role in ("subject", "organiser"))
    date = mention.date if mention.date.precision != "unknown" else antecedent.date
    place = mention.place if mention.place is not None else antecedent.place
    attributes = tuple(sorted(dict(mention.attributes, antecedent=str(antecedent.trigger.start)).items()))
    return replace(mention, participants=inherited + mention.participants, date=date, place=place, attributes=attributes)


def is_definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those") for c in tok.children)


# -------------------------------------------------------------------- roles


def roles_of(trigger: Trigger, ctx: DocumentContext) -> tuple[list[RoleFiller], list[RoleFiller]]:
    """(subjects, agents) of a trigger.

    Candidates come in order of how directly the syntax ties them to the
    trigger; the first group that names an entity of the right kind wins.
    """
    tok, etype = trigger.token, trigger.type
    actor_type = etype in lx.SUBJECT_IS_ACTOR
    subject_role = "organiser" if etype == "protest" else "subject"
    if trigger.nominal:
        subject_groups, agent_tokens = nominal_roles(tok, actor_type)
    else:
        subject_tokens, agent_tokens = verbal_roles(tok, actor_type)
        subject_groups = [subject_tokens]
    subjects: list[RoleFiller] = []
    for group in subject_groups:
        subjects = ctx.fillers(group, subject_role, kinds=subject_kinds(etype))
        if subjects:
            break
    agents = ctx.fillers(agent_tokens, "agent", kinds=("organisation", "person"))
    return subjects, agents


def subject_kinds(etype: str) -> tuple[str, ...]:
    if etype in ("ban", "search"):
        return ("organisation", "person")
    if etype in ("protest", "strike", "letter", "statement", "appeal"):
        return ("person", "organisation")
    return ("person",)


def verbal_roles(verb: Token, actor_type: bool) -> tuple[list[Token], list[Token]]:
    if verb.dep_ in ("amod", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        # "the imprisoned activist X", "activists detained in Minsk"
        return [verb.head], [a for p in children(verb, "agent") for a in children(p, "pobj")]
    subjects, passive = clause_subjects(verb)
    if is_passive(verb) or passive:
        agents = [a for p in children(verb, "agent") for a in children(p, "pobj")]
        return subjects, agents
    objects = children(verb, "dobj")
    if actor_type:
        return subjects, []
    return objects, subjects


def nominal_roles(noun: Token, actor_type: bool) -> tuple[list[list[Token]], list[Token]]:
    """Candidate subject groups (best first) and agents of an event noun."""
    groups: list[list[Token]] = [children(noun, "poss")]
    agents: list[Token] = []
    verb = governing_verb(noun)
    for prep in children(noun, "prep") + (children(verb, "prep") if verb is not None else []):
        objs = children(prep, "pobj")
        if prep.lower_ == "of" and prep.head == noun and not actor_type:
            groups.append(objs)
        elif prep.lower_ == "by" and prep.head == noun:
            (groups[0] if actor_type else agents).extend(objs)
        elif prep.lower_ == "against" and actor_type:
            # "an appeal against Ainur's sentence": the appellant is the sentenced
            groups.append([p for obj in objs for p in children(obj, "poss")])
    for acl in children(noun, "acl"):
        for agent in children(acl, "agent"):
            if actor_type:
                groups.append(children(agent, "pobj"))
    groups.append([c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"])
    if verb is not None and verb.lemma_.lower() in lx.SUPPORT_VERBS | {"be"}:
        negated_role = is_negated(verb) and verb.lemma_.lower() in lx.ROLE_VERBS
        if noun.dep_ in ("nsubj", "nsubjpass"):
            # "The picket was organised by X": the light verb's agent
            groups.append([a for p in children(verb, "agent") for a in children(p, "pobj")])
        elif not negated_role:  # "X was not organising the picket" says who did not
            verb_subjects, _ = clause_subjects(verb)
            groups.append(verb_subjects + children(verb, "dative"))
    along = [c for c in (verb or noun).children if c.dep_ == "prep" and c.lower_ == "along"]
    companions = [o for a in along for w in children(a, "prep") for o in children(w, "pobj")]
    if companions:
        groups = [g + companions for g in groups]
    return groups, agents


def court_fillers(trigger: Trigger, sent: SpacySpan) -> tuple[RoleFiller, ...]:
    """"the city court of Almaty" near a hearing, sentence or appeal."""
    if trigger.type not in ("hearing", "sentence", "appeal", "acquittal"):
        return ()
    for tok in sent:
        if tok.lemma_.lower() == "court" and tok.pos_ == "NOUN":
            start, end = subtree_span(tok, exclude_deps=("conj", "cc", "punct", "relcl", "acl"))
            text = sent.doc.text[start:end]
            if text.lower().startswith("the "):
                start, text = start + 4, text[4:]
            return (RoleFiller("court", None, Span(start, end, text)),)
    return ()


# ------------------------------------------------------------------- status


def status_of(trigger: Trigger) -> str | None:
    """occurred / expected / alleged / denied, or None when not asserted."""
    tok = trigger.token
    verb = tok if not trigger.nominal else governing_verb(tok)
    chain = [tok] + ([verb] if verb is not None and verb != tok else [])
    for t in list(chain):
        chain.extend(a for a in _clause_heads(t))
    for t in chain:
        if t != tok and t.pos_ == "VERB" and t.lemma_.lower() in lx.IRREALIS_GOVERNORS:
            return None
        if t != tok and t.pos_ == "NOUN" and t.lemma_.lower() in lx.IRREALIS_NOUNS:
            return None  # "demands for the release of X"
        if any(c.dep_ == "aux" and c.lower_ in lx.HYPOTHETICAL_MODALS for c in t.children):
            return None
    if verb is not None and is_negated(verb):
        light = verb != tok and verb.lemma_.lower() in ("organise", "organize", "join", "attend", "lead", "support")
        if not light:  # "was not organising the picket" negates the role, not the picket
            return "denied"
    if is_negated(tok):
        return "denied"
    for t in chain:
        if has_future_marker(t):
            return "expected"
        if t.lemma_.lower() in ("due", "expect", "schedule", "plan") and t != tok:
            return "expected"
    for t in chain:
        if any(c.lower_ in lx.ALLEGATION_WORDS for c in t.children):
            return "alleged"
    return "occurred"


def _clause_heads(tok: Token) -> list[Token]:
    """Verbs and nouns that embed this clause: "urge them to release" -> urge."""
    out = []
    t = tok
    for _ in range(4):
        if t.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "acl", "pcomp", "nsubj", "nsubjpass") and t.head != t:
            t = t.head
            out.append(t)
        else:
            break
    return out


# --------------------------------------------------------------- attributes


def attributes_of(trigger: Trigger, etype: str, sent: SpacySpan, ctx: DocumentContext) -> dict[str, str]:
    tok = trigger.token
    attrs: dict[str, str] = {}
    if etype == "protest":
        form = lx.PROTEST_FORM_OF.get(tok.lemma_.lower())
        if form in ("picket", "demonstration", "rally", "march", "sit-in"):
            attrs["form"] = form
    if etype in ("sentence", "detention"):
        term = ctx.duration_for(tok, trigger.nominal)
        if term:
            attrs["term"] = term
        kind = sentence_kind(tok)
        if kind and etype == "sentence":
            attrs["kind"] = kind
    if etype in ("charge", "arrest", "detention"):
        charge = charge_text(tok)
        if charge:
            attrs["charge"] = charge
    if etype == "appeal":
        outcome = appeal_outcome(tok)
        attrs["stage"] = "decided" if outcome else ("heard" if appeal_heard(tok) else "filed")
        if outcome:
            attrs["outcome"] = outcome
    return attrs


def duration_under(tok: Token, preps: tuple[str, ...]) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in preps and any(g.like_num or g.lower_ in ("a", "one") for g in c.subtree) for c in tok.children)


def sentence_kind(tok: Token) -> str | None:
    words = [t.lemma_.lower() for t in tok.subtree] + [tok.lemma_.lower()]
    for word in words:
        if word in lx.SENTENCE_KIND_WORDS:
            return lx.SENTENCE_KIND_WORDS[word]
    return None


def charge_text(tok: Token) -> str | None:
    for prep in children(tok, "prep"):
        if prep.lower_ in ("with", "for", "over"):
            objs = children(prep, "pobj", "pcomp")
            if objs:
                start, end = subtree_span(objs[0], exclude_deps=("conj", "cc"))
                text = tok.doc.text[start:end].strip(" \"'“”‘’")
                return text or None
    return None


def appeal_outcome(tok: Token) -> str | None:
    """Did a verb report the appeal's outcome? "was rejected", "the court rejected"."""
    head = tok.head
    if tok.dep_ in ("nsubjpass", "dobj", "nsubj"):
        lemma = head.lemma_.lower()
        if lemma in lx.APPEAL_OUTCOME_VERBS and (tok.dep_ != "nsubj" or lemma in ("fail", "succeed")):
            return lx.APPEAL_OUTCOME_VERBS[lemma]
        for conj in [c for c in head.children if c.dep_ == "conj"]:
            if conj.lemma_.lower() in lx.APPEAL_OUTCOME_VERBS and not children(conj, "nsubj", "nsubjpass"):
                return lx.APPEAL_OUTCOME_VERBS[conj.lemma_.lower()]
    if tok.pos_ == "VERB":
        return None
    return None


def appeal_heard(tok: Token) -> bool:
    return tok.dep_ in ("nsubjpass", "dobj") and tok.head.lemma_.lower() in lx.HEARING_VERBS


# ------------------------------------------------------------------ gapping


def gapped_copies(trigger: Trigger, mention: EventMention, sent: SpacySpan, ctx: DocumentContext) -> list[EventMention]:
    """"X will be released on May 10, Y on May 12": one event for Y too.

    The parser hangs a gapped "Y on May 12" anywhere under the verb; the
    surface tells it apart: a person whose nearest verb is the trigger,
    directly followed by a date of its own.
    """
    if trigger.nominal:
        return []
    taken = {p.entity for p in mention.participants}
    copies = []
    for m_start, m_end, cluster in ctx.mentions_in(trigger.end, sent.end_char):
        if cluster in taken or ctx.entity(cluster).kind != "person":
            continue
        tok = ctx.token_at(m_start, sent)
        if tok is None or nearest_verb(tok) != trigger.token:
            continue
        date = ctx.date_right_after(m_end, sent)
        if date is None:
            continue
        filler = RoleFiller("subject", cluster, Span(m_start, m_end, ctx.text[m_start:m_end]))
        others = tuple(p for p in mention.participants if p.role != "subject")
        copies.append(replace(mention, participants=(filler,) + others, date=date))
        taken.add(cluster)
    return copies


def nearest_verb(tok: Token) -> Token | None:
    for _ in range(8):
        if tok.head == tok:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def dedupe(mentions: list[EventMention]) -> list[EventMention]:
    seen = set()
    out = []
    for m in mentions:
        key = (m.type, m.sentence.start, m.trigger.start, tuple(sorted((p.role, p.entity or -1) for p in m.participants)))
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out


__all__ = ["extract_events", "TimeExpression", "PartialDate"]
