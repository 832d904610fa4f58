"""Event mentions from the dependency parse.

For each sentence: find triggers (constructions first, then single words
from ``lexicon``), decide the event type, fill the roles from the syntax
(``roles``), attach the date expression and place that the trigger governs,
and map tense, modality and negation to a status (``status``). Precision
first: an event whose subject can't be found, or that is only demanded or
feared, is not reported. One mention per subject: "A and her husband B were
arrested" is two arrests.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from chronicle.extract import lexicon as lx
from chronicle.extract.constructions import CONSTRUCTION_LEMMAS, construction_trigger
from chronicle.extract.context import DocumentContext, is_human_noun
from chronicle.extract.ontology import EVENT_TYPES
from chronicle.extract.roles import court_fillers, roles_of
from chronicle.extract.status import status_of
from chronicle.extract.syntax import (
    children,
    clause_subjects,
    governing_verb,
    hyphen_start,
    hyphenated,
    lemma_of,
    prep_objects,
)
from chronicle.extract.triggers import Trigger
from chronicle.records import AnnotatedDocument, EventMention, PartialDate, RoleFiller, Span, TimeExpression


def extract_events(annotated: AnnotatedDocument, doc: Doc) -> list[EventMention]:
    """All event mentions of one document, in text order."""
    ctx = DocumentContext.build(annotated, doc)
    mentions: list[EventMention] = []
    for sent in doc.sents:
        found: list[EventMention] = []
        for trigger in find_triggers(sent, ctx):
            found.extend(events_for_trigger(trigger, sent, ctx, mentions + found))
        mentions.extend(merge_same_sentence(found))
    return dedupe(mentions)


# ------------------------------------------------------------------ triggers


# Every lemma some rule starts from: the cheap test that lets most tokens
# of a document go by without any rule looking at them.
TRIGGER_LEMMAS = frozenset(lx.NOUN_TRIGGERS) | frozenset(lx.VERB_TRIGGERS) | CONSTRUCTION_LEMMAS | {"in"}


def find_triggers(sent: SpacySpan, ctx: DocumentContext) -> list[Trigger]:
    found = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ") or lemma_of(tok) not in TRIGGER_LEMMAS:
            continue
        if ctx.in_time_expression(tok):
            continue  # "March", "May Day": dates, not marches
        if in_a_name(tok, ctx):
            continue  # "the UN Working Group on Arbitrary Detention"
        trigger = construction_trigger(tok, ctx) or lexical_trigger(tok)
        if trigger is not None:
            found.append(trigger)
    return drop_redundant(found)


def in_a_name(tok: Token, ctx: DocumentContext) -> bool:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    hit = ctx.cluster_at(tok.idx)
    if hit is not None and ctx.entity(hit[2]).kind == "organisation":
        return True
    if tok.ent_type_ in ("ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"):
        return True
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_sent_start and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children)


def lexical_trigger(tok: Token) -> Trigger | None:
    lemma = lemma_of(tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        if lemma == "strike" and any(lemma_of(c) == "hunger" for c in tok.children):
            hunger = next(c for c in tok.children if lemma_of(c) == "hunger")
            return Trigger(tok, "hunger_strike", min(hunger.idx, tok.idx), tok.idx + len(tok), True)
        word = hyphenated(tok)
        if word != tok.lower_ and word in lx.NOUN_TRIGGERS:
            lemma = word  # "sit-in"
        if lemma in lx.NOUN_TRIGGERS and noun_is_event(tok, lemma):
            return Trigger(tok, nominal_type(tok, lemma), hyphen_start(tok), tok.idx + len(tok), True)
    elif tok.pos_ == "VERB" and lemma in lx.VERB_TRIGGERS and verb_is_event(tok, lemma):
        return Trigger(tok, verbal_type(tok, lemma), tok.idx, tok.idx + len(tok), False)
    elif tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.lower_.endswith("ed") and lemma in lx.HUMAN_PATIENT_VERBS:
        return Trigger(tok, verbal_type(tok, lemma), tok.idx, tok.idx + len(tok), False)  # "the imprisoned reporters"
    return None


def drop_redundant(triggers: list[Trigger]) -> list[Trigger]:
    """One event said twice in one construction is one trigger.

    "was held in custody": the verb says it; "sentenced to 15 days of
    administrative arrest": the arrest is the sentence's kind; "upheld on
    appeal": the decision verb carries the appeal.
    """
    by_token = {t.token.i: t for t in triggers}
    out = []
    for t in triggers:
        if t.nominal:
            verb = governing_verb(t.token)
            above = by_token.get(verb.i) if verb is not None else None
            if above is not None and above is not t and above.type == t.type:
                continue
            if t.type in ("arrest", "detention") and inside_sentence(t.token, by_token):
                continue
            if t.type == "appeal" and t.token.head.lower_ == "on" and t.token.dep_ == "pobj":
                continue  # "on appeal": the manner of a decision, not an appeal of its own
        out.append(t)
    return out


def inside_sentence(tok: Token, by_token: dict[int, Trigger]) -> bool:
    for anc in list(tok.ancestors)[:5]:
        trigger = by_token.get(anc.i)
        if trigger is not None and trigger.type == "sentence":
            return True
    return False


def noun_is_event(tok: Token, lemma: str) -> bool:
    if tok.dep_ == "compound":
        return False  # "protest movement", "strike committee", "arrest warrant"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and lemma_of(tok.head.head) in ("sentence", "term"):
        return False  # "a sentence of a fortnight's imprisonment" is the sentence
    if lemma in ("protest", "picket", "demonstration") and is_purpose_phrase(tok):
        return False  # "in protest at his imprisonment", "as a protest against"
    if lemma == "strike" and (any(lemma_of(c) in lx.NON_LABOUR_STRIKE_MODIFIERS for c in tok.children) or military_strike(tok)):
        return False
    if lemma == "march" and tok.text[:1].isupper() and not tok.is_sent_start:
        return False  # the month
    if lemma == "charge" and lemma_of(tok.head) == "in":
        return False  # "in charge of"
    if lemma == "search" and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
        return False  # "a search for survivors"
    if lemma in ("rally", "march", "protest") and any(lemma_of(c) in lx.CAMPAIGN_WORDS for c in tok.children if c.dep_ in ("compound", "amod", "nmod")):
        return False  # "an election rally", "the electoral protest filed by": politics, not protest
    if lemma in ("demonstration", "march") and any(not is_human_noun(o) for o in prep_objects(tok, "of")):
        return False  # "a demonstration of the experiment", "the march of progress"
    if lemma == "term" and not sentence_term(tok):
        return False  # "a term of office"
    if lemma == "fine" and lemma_of(tok.head) in ("print", "line", "art"):
        return False
    return True


def military_strike(tok: Token) -> bool:
    """"the air force carried out strikes against Hamas targets"."""
    verb = governing_verb(tok)
    doers = clause_subjects(verb)[0] if verb is not None else []
    words = {lemma_of(t) for d in doers for t in d.subtree} | {lemma_of(o) for o in prep_objects(tok, "against", "on")}
    return bool(words & lx.MILITARY_WORDS)


def sentence_term(tok: Token) -> bool:
    """"a prison term", "the term handed to X": a term that is a sentence."""
    if any(lemma_of(c) in ("prison", "jail", "custodial", "penal", "sentence") for c in tok.children if c.dep_ in ("compound", "amod")):
        return True
    verbs = [c for c in tok.children if c.dep_ == "acl"] + ([tok.head] if tok.dep_ in ("dobj", "nsubjpass") else [])
    return any(lemma_of(v) in ("hand", "give", "impose") for v in verbs)


def is_purpose_phrase(tok: Token) -> bool:
    """"in protest at", "as a protest": a reason; "in a protest over layoffs": an event."""
    head = tok.head
    if tok.dep_ != "pobj" or head.lower_ not in lx.PURPOSE_PREPOSITIONS:
        return False
    return head.lower_ == "as" or not any(c.dep_ == "det" for c in tok.children)


def verb_is_event(tok: Token, lemma: str) -> bool:
    if lx.VERB_TRIGGERS[lemma] == "protest" and not has_human_subject(tok):
        return False  # "the stock market rallied"
    if lemma == "protest" and any(lemma_of(c) in ("innocence", "decision", "call") for c in children(tok, "dobj")):
        return False  # "he protested his innocence"
    if tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        if lemma_of(tok.head) not in lx.EXPECTATION_LEMMAS | lx.IRREALIS_GOVERNORS | lx.DENIAL_VERBS | {"be", "due"}:
            return False  # "organised to protest over repossessions": a purpose, not a second event
    if lemma in ("march", "rally") and not any(c.dep_ in ("nsubj", "prep") for c in tok.children):
        return False
    if lemma in ("march", "rally") and not protest_purpose(tok):
        return False  # "residents rallied to clean up the riverbank", "rallied behind the leader"
    if lemma == "appeal" and any(c.dep_ == "prep" and c.lower_ in ("to", "for") for c in tok.children):
        return False  # "appealed to the public", "appealed for calm": a call, not a legal appeal
    return True


def protest_purpose(verb: Token) -> bool:
    if any(c.dep_ == "prep" and c.lower_ in ("behind", "around") for c in verb.children):
        return False
    for c in verb.children:
        if c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux"):
            return lemma_of(c) in lx.PROTEST_PURPOSES
    return True


def has_human_subject(verb: Token) -> bool:
    subjects, _ = clause_subjects(verb)
    for subj in subjects:
        if subj.ent_type_ in ("PERSON", "ORG", "NORP") or subj.pos_ == "PRON" or lemma_of(subj) in lx.HUMAN_GROUPS:
            return True
        if any(lemma_of(c) in lx.HUMAN_GROUPS for c in subj.children if c.dep_ in ("prep", "compound")):
            return True
    return False


def nominal_type(tok: Token, lemma: str) -> str:
    base = lx.NOUN_TRIGGERS[lemma]
    if base == "protest":
        verb = governing_verb(tok)
        if verb is not None and lemma_of(verb) in ("send", "address", "deliver", "write"):
            return "letter"  # "protests were sent to the authorities"
    if base in ("arrest", "detention"):
        verb = governing_verb(tok)
        if verb is not None and lemma_of(verb) in ("give", "hand", "impose", "receive", "get", "serve", "award"):
            return "sentence"  # "gave X ten days' administrative arrest"
        if any(c.dep_ == "amod" and c.lower_ == "administrative" for c in tok.children) and lemma == "arrest":
            return "sentence"  # administrative arrest is a court's penalty
        if any(c.dep_ == "poss" and lemma_of(c) in ("day", "week", "month", "year") for c in tok.children):
            return "sentence"  # "15 days' arrest"
    if base == "appeal" and any(lemma_of(o) not in lx.COURT_NOUNS and not any(lemma_of(g) in lx.COURT_NOUNS for g in o.children)
                                for p in children(tok, "prep") if p.lower_ == "to" for o in children(p, "pobj")):
        return "letter"  # "an appeal to the UN Working Group"
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
    subjects, agents, participants = roles_of(trigger, ctx)
    antecedent = None
    if trigger.nominal and is_definite(trigger.token):
        antecedent = ctx.antecedent(etype, trigger.start, earlier, needs_subject=not subjects and EVENT_TYPES[etype].needs_subject)
    if EVENT_TYPES[etype].needs_subject and not subjects and antecedent is None:
        return []
    attrs = attributes_of(trigger, etype, sent, ctx)
    date = ctx.date_for(trigger.token, sent)
    if etype in lx.LASTING_TYPES and ended_by_verb(trigger.token):
        # "ended his hunger strike on Sunday": the date is the end, and the
        # start is what other reports (or none) say.
        if date.precision != "unknown":
            attrs["ended"] = date.value
        date = PartialDate.unknown()
    crowd = etype in ("protest", "strike")
    place = ctx.place_for(trigger.token, sent, inherit=crowd, doers=tuple(subjects + participants) if crowd else ())
    # the doers the trigger itself names count, named or not ("teachers went on
    # strike"); people only placed near it ("were detained at a rally") must be named
    named = bool(subjects) or any(f.entity is not None for f in participants)
    if etype in ("protest", "strike") and not (named or place is not None or date.precision != "unknown"):
        return []  # "massive protests against corruption": nothing to record
    others = tuple(agents) + tuple(participants) + court_fillers(trigger, sent)
    if etype == "letter":
        addressees = ctx.addressees(trigger.token)
        if not addressees and antecedent is None and lemma_of(trigger.token) not in ("petition",):
            return []  # "a letter from her grandmother arrived": no demand to anyone
        others += addressees
    mention = EventMention(
        document=ctx.sha256,
        type=etype,
        status=status,
        trigger=Span(trigger.start, trigger.end, ctx.text[trigger.start:trigger.end]),
        sentence=Span(sent.start_char, sent.end_char, sent.text),
        participants=tuple(subjects) + others,
        place=place,
        date=date,
        attributes=tuple(sorted(attrs.items())),
    )
    if antecedent is not None:
        mention = inherit_from(mention, antecedent)
    return per_subject(mention) + gapped_copies(trigger, mention, sent, ctx)


def ended_by_verb(tok: Token) -> bool:
    """"ended / called off / broke off the strike", "the strike was ended"."""
    if tok.dep_ not in ("dobj", "nsubjpass"):
        return False
    verb = tok.head
    if lemma_of(verb) not in lx.ENDING_VERBS:
        return False
    if lemma_of(verb) == "call":
        return any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)
    return True


def per_subject(mention: EventMention) -> list[EventMention]:
    """"A and her husband B were arrested" is two arrests, one per subject."""
    if not EVENT_TYPES[mention.type].needs_subject:
        return [mention]
    subjects = [p for p in mention.participants if p.role == "subject"]
    if len(subjects) < 2:
        return [mention]
    others = tuple(p for p in mention.participants if p.role != "subject")
    return [replace(mention, participants=(s,) + others) for s in subjects]


def merge_same_sentence(mentions: list[EventMention]) -> list[EventMention]:
    """Two triggers of one type for the same subject in one sentence are one
    event said twice ("remains in custody, where she has been held since")."""
    out: list[EventMention] = []
    seen: dict[tuple, int] = {}
    for m in mentions:
        subjects = tuple(sorted((p.entity, p.span.text) if p.entity is None else (p.entity, "") for p in m.participants if p.role == "subject"))
        if not subjects or not EVENT_TYPES[m.type].needs_subject:
            out.append(m)
            continue
        key = (m.type, subjects)
        if key in seen:
            kept = out[seen[key]]
            if kept.date.precision == "unknown" and m.date.precision != "unknown":
                out[seen[key]] = replace(kept, date=m.date)
            continue
        seen[key] = len(out)
        out.append(m)
    return out


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
    # "has not replied to the letter, according to X": the attribution is about
    # the reply; the definite noun presupposes the letter the text reported.
    status = antecedent.status if mention.status == "alleged" and antecedent.status == "occurred" else mention.status
    return replace(mention, participants=inherited + mention.participants, date=date, place=place,
                   attributes=attributes, status=status)


def is_definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those") for c in tok.children)


# --------------------------------------------------------------- attributes


def attributes_of(trigger: Trigger, etype: str, sent: SpacySpan, ctx: DocumentContext) -> dict[str, str]:
    tok = trigger.token
    attrs: dict[str, str] = {}
    if etype == "protest":
        form = lx.PROTEST_FORM_OF.get(lemma_of(tok))
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
        charge = charge_text(tok, ctx.text)
        if charge:
            attrs["charge"] = charge
    if etype == "sentence" and lemma_of(tok) == "fine":
        attrs.setdefault("kind", "fine")
    if etype == "appeal":
        outcome = appeal_outcome(tok)
        attrs["stage"] = "decided" if outcome else ("heard" if appeal_heard(tok) else "filed")
        if outcome:
            attrs["outcome"] = outcome
    attrs.update(dict(trigger.attributes))
    return attrs


def duration_under(tok: Token, preps: tuple[str, ...]) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in preps and any(g.like_num or g.lower_ in ("a", "one") for g in c.subtree) for c in tok.children)


def sentence_kind(tok: Token) -> str | None:
    words = [lemma_of(t) for t in tok.subtree] + [lemma_of(tok)]
    for word in words:
        if word in lx.SENTENCE_KIND_WORDS:
            return lx.SENTENCE_KIND_WORDS[word]
    return None


def charge_text(tok: Token, text: str) -> str | None:
    """The offence as written: "charged with hooliganism"."""
    for prep in children(tok, "prep"):
        if prep.lower_ in ("with", "for", "over"):
            objs = children(prep, "pobj", "pcomp")
            if objs and not (objs[0].ent_type_ in ("DATE", "TIME", "MONEY") or lemma_of(objs[0]) in lx.DURATION_WORDS):
                start, end = offence_span(objs[0])
                return text[start:end].strip(" \"'“”‘’,") or None
    return None


def offence_span(tok: Token) -> tuple[int, int]:
    """The offence phrase up to a coordination: "attending a May Day
    demonstration and Vadim for breaking parole" stops before "and Vadim"."""
    limit = min([c.i for t in tok.subtree for c in t.children if c.dep_ in ("cc", "conj") and c.i > tok.i] + [tok.right_edge.i + 1])
    tokens = [t for t in tok.subtree if t.i < limit and t.dep_ not in ("relcl",)]
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def appeal_outcome(tok: Token) -> str | None:
    """Did a verb report the appeal's outcome? "was rejected", "the court rejected"."""
    head = tok.head
    if tok.dep_ in ("nsubjpass", "dobj", "nsubj"):
        lemma = lemma_of(head)
        if lemma in lx.APPEAL_OUTCOME_VERBS and (tok.dep_ != "nsubj" or lemma in ("fail", "succeed")):
            return lx.APPEAL_OUTCOME_VERBS[lemma]
        for conj in [c for c in head.children if c.dep_ == "conj"]:
            if lemma_of(conj) in lx.APPEAL_OUTCOME_VERBS and not children(conj, "nsubj", "nsubjpass"):
                return lx.APPEAL_OUTCOME_VERBS[lemma_of(conj)]
    if tok.pos_ == "VERB":
        return None
    return None


def appeal_heard(tok: Token) -> bool:
    return tok.dep_ in ("nsubjpass", "dobj") and lemma_of(tok.head) in lx.HEARING_VERBS


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
