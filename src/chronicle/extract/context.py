"""What the event rules need to know about the whole document.

Entity mentions by position, pronouns and quoted speakers, the time
expressions and places in each sentence, and paragraphs. Built once per
document from the annotation; read-only afterwards.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan, Token

from chronicle.extract import lexicon as lx
from chronicle.extract.syntax import children, expand_conjuncts, lemma_of, prep_objects, subtree_span
from chronicle.records import AnnotatedDocument, DocEntity, EventMention, PartialDate, RoleFiller, Span, TimeExpression

THIRD_PERSON = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
PLURAL_PEOPLE = frozenset({"they", "them", "we", "us", "their", "our", "who"})
SPEECH_WORDS = frozenset({"statement", "say", "write", "declare", "tell", "message", "add", "state", "words"})
QUOTE_CLOSERS = ('"', "”", "»")
ANTECEDENT_WINDOW = 1500  # characters: "the appeals" refers to appeals named nearby


@dataclass
class DocumentContext:
    annotated: AnnotatedDocument
    doc: Doc
    mention_starts: list[int] = field(default_factory=list)
    mention_items: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, cluster)
    paragraph_starts: list[int] = field(default_factory=list)
    speakers: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, person cluster)
    text: str = ""  # doc.text, which spaCy rebuilds from the tokens on every access
    time_spans: list[tuple[int, int]] = field(default_factory=list)  # sorted (start, end) of time expressions

    @classmethod
    def build(cls, annotated: AnnotatedDocument, doc: Doc) -> "DocumentContext":
        ctx = cls(annotated, doc, text=doc.text)
        ctx.time_spans = sorted((t.span.start, t.span.end) for t in annotated.times)
        items = sorted((m.span.start, m.span.end, m.cluster) for m in annotated.mentions)
        ctx.mention_items = items
        ctx.mention_starts = [s for s, _, _ in items]
        ctx.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n", ctx.text)]
        ctx.speakers = ctx._quoted_speakers()
        return ctx

    # ----------------------------------------------------------------- basics

    @property
    def sha256(self) -> str:
        return self.annotated.doc.sha256

    def entity(self, cluster: int) -> DocEntity:
        return self.annotated.entities[cluster]

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def cluster_at(self, offset: int) -> tuple[int, int, int] | None:
        i = bisect.bisect_right(self.mention_starts, offset) - 1
        while i >= 0:
            start, end, cluster = self.mention_items[i]
            if start <= offset < end:
                return start, end, cluster
            if end <= offset and offset - start > 200:
                break
            i -= 1
        return None

    def in_time_expression(self, tok: Token) -> bool:
        i = bisect.bisect_right(self.time_spans, (tok.idx, len(self.text) + 1)) - 1
        while i >= 0 and self.time_spans[i][0] > tok.idx - 400:
            start, end = self.time_spans[i]
            if start <= tok.idx < end:
                return True
            i -= 1
        return False

    def _times_near(self, offset: int) -> list[TimeExpression]:
        return [t for t in self.annotated.times if t.span.start - 200 <= offset <= t.span.end + 200]

    # ---------------------------------------------------------------- fillers

    def fillers(self, tokens: list[Token], role: str, kinds: tuple[str, ...], *, unlinked: str | None = None) -> list[RoleFiller]:
        """Entities named by noun-phrase heads, through appositions and lists.

        ``unlinked`` lets a phrase without a name fill the role when no
        entity does: "human" for phrases that name people ("two reporters"),
        "any" where the trigger can only happen to people ("police detained
        120 people"), "organisation" for groups and premises. Such fillers
        have no entity, so fusion (which keys on entities) never makes a
        record of them; they keep the event visible to evaluation and to
        sentence-level typing.
        """
        out: list[RoleFiller] = []
        seen: set[int] = set()
        for head in tokens:
            for tok in self._phrase_tokens(head):
                hit = self.cluster_at(tok.idx)
                if hit is None and tok.lower_ in THIRD_PERSON | FIRST_PERSON:
                    cluster = self.resolve_pronoun(tok)
                    hit = (tok.idx, tok.idx + len(tok.text), cluster) if cluster is not None else None
                if hit is None and "person" in kinds:
                    hit = self._described_person(tok)
                if hit is not None and hit[2] in seen:
                    continue
                if hit is not None and self.entity(hit[2]).kind in kinds:
                    start, end, cluster = hit
                    seen.add(cluster)
                    out.append(RoleFiller(role, cluster, Span(start, end, self.text[start:end])))
                    continue
                name = self._misfiled_name(tok, hit, kinds) or self._model_name(tok, kinds)
                if name is not None and all(f.span.start != name[0] for f in out):
                    # the entity layer missed or mistyped a name the model
                    # tags right: keep it as text, never as the wrong entity
                    out.append(RoleFiller(role, None, Span(name[0], name[1], self.text[name[0]:name[1]])))
        if not out and unlinked is not None:
            out = self.unlinked_fillers(tokens, role, unlinked)
        return out

    def _described_person(self, tok: Token) -> tuple[int, int, int] | None:
        """"found the union leader guilty": a definite description of someone
        named earlier. Linked only when exactly one person named before it
        in the document carries a title sharing a content word with the
        description ("chairman of the Yntymak Independent Trade Union")."""
        if tok.pos_ != "NOUN" or tok.tag_ != "NN" or not is_human_noun(tok):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        words = {lemma_of(t) for t in tok.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i <= tok.i}
        start = min(t.idx for t in tok.subtree if t.i <= tok.i)
        owners = {
            c for _, _, c in self._mentions_between(0, start)
            if self.entity(c).kind == "person" and words & _title_words(self.entity(c).titles)
        }
        if len(owners) != 1:
            return None
        return start, tok.idx + len(tok.text), owners.pop()

    def _misfiled_name(self, tok: Token, hit: tuple[int, int, int] | None, kinds: tuple[str, ...]) -> tuple[int, int] | None:
        """A person's name that the entity layer filed as a place or
        organisation ("Hanna Lysenka" as a place), in a slot only a person
        fills (the one arrested): kept as text, never linked."""
        if hit is None or kinds != ("person",) or tok.pos_ != "PROPN" or tok.dep_ == "compound":
            return None
        entity = self.entity(hit[2])
        if entity.gazetteer_id or not looks_like_personal_name(entity.name):
            return None
        return hit[0], hit[1]

    def _model_name(self, tok: Token, kinds: tuple[str, ...]) -> tuple[int, int] | None:
        wanted = {"person": "PERSON", "organisation": "ORG"}
        if tok.pos_ != "PROPN" or tok.ent_type_ not in {wanted[k] for k in kinds if k in wanted}:
            return None
        start_i = tok.i
        while start_i > 0 and tok.doc[start_i].ent_iob_ == "I":
            start_i -= 1
        end_i = tok.i + 1
        while end_i < len(tok.doc) and tok.doc[end_i].ent_iob_ == "I":
            end_i += 1
        span = tok.doc[start_i:end_i]
        return span.start_char, span.end_char

    def unlinked_fillers(self, tokens: list[Token], role: str, mode: str) -> list[RoleFiller]:
        out = []
        for head in tokens:
            for conj in expand_conjuncts(head):
                if mode == "addressee" and conj.pos_ == "PRON" and conj.lower_ in ("it", "they", "he", "she"):
                    out.append(RoleFiller(role, None, Span(conj.idx, conj.idx + len(conj.text), conj.text)))
                    continue  # "the ministry said it had received no letter"
                if conj.pos_ not in ("NOUN", "PROPN", "NUM") or self._is_place(conj):
                    continue
                if conj.ent_type_ in ("MONEY", "PERCENT", "DATE", "TIME") or conj.ent_type_ == "QUANTITY" and not is_human_noun(conj):
                    continue  # "fined him 50,000 tenge"
                core = quantified(conj)
                if mode == "organisation":
                    ok = lemma_of(core) in lx.ORGANISATION_NOUNS | lx.PREMISES_NOUNS or is_human_noun(core)
                elif mode == "addressee":
                    ok = conj.pos_ == "PROPN" or lemma_of(core) in lx.ORGANISATION_NOUNS | lx.AUTHORITY_NOUNS | lx.ADDRESSEE_NOUNS or is_human_noun(core)
                elif mode == "doer":
                    ok = lemma_of(core) in lx.ORGANISATION_NOUNS or is_human_noun(core)
                elif mode == "any":
                    # only people are arrested, so a counted or plural noun is
                    # people ("detained 120 people", "arrested 14 Uighurs");
                    # "the decline has been arrested" is not
                    ok = lemma_of(core) not in lx.NON_HUMAN_NOUNS | lx.PREMISES_NOUNS and (
                        is_human_noun(core) or counted(core) or core.pos_ == "PROPN"
                        or conj.dep_ in ("dobj", "dative") and core.pos_ == "NOUN")
                else:
                    ok = is_human_noun(core)
                if not ok:
                    continue
                start, end = phrase_span(conj)
                out.append(RoleFiller(role, None, Span(start, end, self.text[start:end])))
        return out

    def _names_someone(self, tok: Token) -> bool:
        """Is the token part of a person's or organisation's name? ("the
        Istanbul lawyer X": Istanbul names a place, the lawyer is still unnamed)"""
        hit = self.cluster_at(tok.idx)
        return hit is not None and self.entity(hit[2]).kind != "place"

    def _is_place(self, tok: Token) -> bool:
        hit = self.cluster_at(tok.idx)
        return hit is not None and self.entity(hit[2]).kind == "place"

    def is_human(self, tok: Token) -> bool:
        """Does this noun phrase head stand for a person or group of people?"""
        if tok.lower_ in THIRD_PERSON | FIRST_PERSON | PLURAL_PEOPLE:
            return True
        hit = self.cluster_at(tok.idx)
        if hit is not None:
            return self.entity(hit[2]).kind in ("person", "organisation")
        if tok.ent_type_ in ("PERSON", "NORP"):
            return True
        return is_human_noun(quantified(tok))

    def _phrase_tokens(self, head: Token, depth: int = 0) -> list[Token]:
        out = []
        for conj in expand_conjuncts(head):
            names = [c for c in conj.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            out.append(conj)
            out.extend(names)
            unnamed = not any(self._names_someone(t) for t in [conj, *names])
            if unnamed and can_take_apposition(conj):
                # "the activist, Ainur Kurmanov": the apposition names the head;
                # after a name, "(Socialist Party Ireland)" only describes it
                for appos in children(conj, "appos"):
                    # "the activist X and her brother Y": the list sits in the apposition
                    out.extend(self._phrase_tokens(appos, depth + 1) if depth < 3 else [appos])
            if unnamed and conj.dep_ == "appos" and conj.head.pos_ == "PROPN":
                out.append(conj.head)  # "Olga Petrenko, a nurse who ...": the nurse is Olga
            if depth < 2:
                for member in members_of(conj, unnamed):
                    out.extend(self._phrase_tokens(member, depth + 1))
        return out

    # --------------------------------------------------------------- pronouns

    def resolve_pronoun(self, tok: Token) -> int | None:
        if tok.lower_ in FIRST_PERSON:
            return self.speaker_at(tok.idx)
        sent = tok.sent
        before = [c for s, e, c in self._mentions_between(sent.start_char, tok.idx) if self.entity(c).kind == "person"]
        if before:
            return before[-1]
        root_subjects = [s for s in children(sent.root, "nsubj", "nsubjpass") if s.i > tok.i]
        for subj in root_subjects:  # "On his release, Ainur made a statement"
            hit = self.cluster_at(subj.idx)
            if hit and self.entity(hit[2]).kind == "person":
                return hit[2]
        centre = self._previous_subject(tok)
        if centre is not None:
            return centre
        window_start = max(self.paragraph_starts[max(self.paragraph_of(sent.start_char) - 1, 0)], sent.start_char - 600)
        earlier = [c for s, e, c in self._mentions_between(window_start, sent.start_char) if self.entity(c).kind == "person"]
        return earlier[-1] if earlier and len(set(earlier[-3:])) == 1 else None

    def _previous_subject(self, tok: Token) -> int | None:
        """A pronoun that opens a clause continues the previous sentence's
        subject ("X is serving 15 days. His appeal was rejected, and he has
        been on hunger strike"): the centring preference of subjects.
        Only for a subject pronoun or a subject's possessive, and only when
        that sentence's subject is a named person."""
        role = tok.head if tok.dep_ == "poss" else tok
        if role.dep_ not in ("nsubj", "nsubjpass"):
            return None
        sent = tok.sent
        if sent.start == 0:
            return None
        previous = self.doc[sent.start - 1].sent
        for subj in children(previous.root, "nsubj", "nsubjpass"):
            hit = self.cluster_at(subj.idx)
            if hit and self.entity(hit[2]).kind == "person":
                return hit[2]
        return None

    def _mentions_between(self, start: int, end: int) -> list[tuple[int, int, int]]:
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return self.mention_items[lo:hi]

    def speaker_at(self, offset: int) -> int | None:
        for start, end, cluster in self.speakers:
            if start <= offset < end:
                return cluster
        return None

    def _quoted_speakers(self) -> list[tuple[int, int, int]]:
        """Regions of quoted first-person text and who speaks there.

        "On his release, X made the following statement:" followed by a
        quotation: "I" inside it is X, up to the quotation's closing mark.
        """
        regions = []
        for sent in self.doc.sents:
            if not self.text[sent.start_char:sent.end_char].rstrip().endswith(":"):
                continue
            if not any(lemma_of(t) in SPEECH_WORDS for t in sent):
                continue
            speaker = None
            for subj in children(sent.root, "nsubj"):
                hit = self.cluster_at(subj.idx)
                if hit and self.entity(hit[2]).kind == "person":
                    speaker = hit[2]
            if speaker is None:
                continue
            start = sent.end_char
            end = self._quote_end(start)
            regions.append((start, end, speaker))
        return regions

    def _quote_end(self, start: int) -> int:
        text = self.text
        for m in re.finditer(r"[\"”»]\s*(\n|$)", text[start:]):
            if m.start() > 0:
                return start + m.end()
        return min(len(text), start + 4000)

    # ------------------------------------------------------------------ dates

    def sentence_times(self, sent: SpacySpan, kind: str) -> list[TimeExpression]:
        return [
            t for t in self.annotated.times
            if sent.start_char <= t.span.start < sent.end_char and t.kind == kind
        ]

    def date_for(self, trigger: Token, sent: SpacySpan) -> PartialDate:
        """The date expression that governs the trigger, else unknown."""
        clause = self._clause_tokens(trigger)
        best: tuple[int, int, PartialDate] | None = None
        # a TIME ("Thursday morning", "last night") dates its day too
        for timex in self.sentence_times(sent, "DATE") + self.sentence_times(sent, "TIME"):
            if timex.date is None or timex.date.precision == "unknown":
                continue
            if self.cluster_at(timex.span.start) is not None:
                continue  # "Kazakhstan 2012" is a name, not a date
            tok = self._timex_head(timex, sent)
            if tok is None:
                continue
            steps = self._steps_to(tok, clause)
            if steps is None:
                continue
            distance = abs(timex.span.start - trigger.idx)
            if best is None or (steps, distance) < best[:2]:
                best = (steps, distance, timex.date)
        return best[2] if best else PartialDate.unknown()

    def date_right_after(self, offset: int, sent: SpacySpan, gap: int = 6) -> PartialDate | None:
        """A date that follows a name closely: "Y on May 12"."""
        for timex in sorted(self.sentence_times(sent, "DATE"), key=lambda t: t.span.start):
            if 0 <= timex.span.start - offset <= gap and timex.date and timex.date.precision != "unknown":
                return timex.date
        return None

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, int]]:
        return self._mentions_between(start, end)

    def duration_for(self, trigger: Token, nominal: bool) -> str | None:
        start, end = subtree_span(trigger, exclude_deps=("conj", "cc", "punct", "relcl", "advcl"))
        for timex in self.annotated.times:
            if timex.kind == "DURATION" and start <= timex.span.start < end and timex.value.startswith("P"):
                return timex.value
        return None

    def _clause_tokens(self, trigger: Token) -> set[int]:
        clause = {trigger.i}
        head = trigger
        for _ in range(3):
            if head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "prep", "compound", "attr") and head.head != head:
                head = head.head
                if head.pos_ == "NOUN" and head != trigger and lemma_of(head) in lx.NOUN_TRIGGERS:
                    break  # "rejected the appeal against his sentence": the date is the appeal's
                clause.add(head.i)
                if head.pos_ in ("VERB", "AUX"):
                    break
        return clause

    def _timex_head(self, timex: TimeExpression, sent: SpacySpan) -> Token | None:
        """The syntactic head of a time expression: its token whose head is outside it."""
        inside = [t for t in sent if timex.span.start <= t.idx < timex.span.end]
        for tok in inside:
            if not (timex.span.start <= tok.head.idx < timex.span.end) or tok.head == tok:
                return tok
        return inside[0] if inside else None

    def _steps_to(self, tok: Token, clause: set[int]) -> int | None:
        steps = 0
        while True:
            if tok.i in clause:
                return steps
            if tok.head == tok or steps > 6:
                return None
            if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
                return None  # a date on another verb of a coordination is that verb's date
            if tok.dep_ == "relcl":
                return None  # "workers, who stopped work on 26 February": the stoppage's date
            if steps and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "pobj":
                return None  # "charged with attending a May Day demonstration": the demonstration's date
            tok = tok.head
            steps += 1

    def token_at(self, offset: int, sent: SpacySpan) -> Token | None:
        for tok in sent:
            if tok.idx <= offset < tok.idx + len(tok.text) or tok.idx >= offset:
                return tok
        return None

    # ----------------------------------------------------------------- places

    def place_for(self, trigger: Token, sent: SpacySpan, *, inherit: bool, doers: tuple[RoleFiller, ...] = ()) -> int | None:
        """The place the trigger's clause names; protests may inherit the
        place of their paragraph ("This followed the protest outside ...").
        ``doers`` lend theirs: "dockers at the port of Aktau were on strike"."""
        region = argument_tokens(trigger)
        for filler in doers:
            head = self.token_at(filler.span.start, sent)
            while head is not None and head.head != head and filler.span.start <= head.head.idx < filler.span.end:
                head = head.head  # from the phrase's first word up to its head
            if head is not None:
                region |= located_at(head)
        verb = trigger.head if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") else None
        if verb is not None and lemma_of(verb) != "be":
            # "a picket was held in Moscow", "comrades in Almaty organised a protest"
            region |= argument_tokens(verb)
        candidates = []
        for m_start, m_end, cluster in self._mentions_between(sent.start_char, sent.end_char):
            if self.entity(cluster).kind != "place":
                continue
            tok = self.token_at(m_start, sent)
            if tok is None or tok.i not in region:
                continue
            modifier = tok.dep_ in ("compound", "amod") or tok.head.dep_ == "compound"
            candidates.append((modifier, place_rank(self.entity(cluster)), abs(m_start - trigger.idx), cluster))
        if candidates:
            return min(candidates)[-1]
        if not inherit:
            return None
        paragraph = self.paragraph_starts[self.paragraph_of(sent.start_char)]
        earlier = [
            c for s, e, c in self._mentions_between(paragraph, sent.start_char)
            if self.entity(c).kind == "place" and not self._is_modifier(s, sent)
        ]
        return earlier[-1] if earlier else None

    def _is_modifier(self, offset: int, sent: SpacySpan) -> bool:
        for tok in self.doc[max(sent.start - 200, 0): sent.end]:
            if tok.idx == offset:
                return tok.dep_ in ("compound", "amod")
        return False

    # ------------------------------------------------------------ other roles

    def addressees(self, trigger: Token) -> tuple[RoleFiller, ...]:
        """Whom a letter is to: "a letter to X", "wrote to X", "asked X in a
        letter", "X received no letter"."""
        heads = [trigger] + [c for c in trigger.children if c.dep_ == "acl"]
        verb = trigger.head if trigger.dep_ in ("nsubjpass", "dobj", "pobj") else None
        if verb is not None and verb.pos_ == "ADP":
            verb = verb.head  # "in a letter": the verb the letter was written in
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            heads.append(verb)
        objs = [o for h in heads for p in children(h, "prep", "dative") if p.lower_ == "to" for o in children(p, "pobj")]
        if verb is not None and lemma_of(verb) in lx.ASKING_VERBS:
            objs += children(verb, "dobj", "dative")
        if verb is not None and lemma_of(verb) in ("receive", "get") and trigger.dep_ == "dobj":
            objs += children(verb, "nsubj")
        return tuple(self.fillers(objs, "addressee", kinds=("organisation", "person"), unlinked="addressee"))

    def antecedent(self, etype: str, offset: int, earlier: list[EventMention], *, needs_subject: bool) -> EventMention | None:
        """The event a definite noun refers back to: "the picket", "the appeals"."""
        for mention in reversed(earlier):
            if mention.type != etype or offset - mention.sentence.start > ANTECEDENT_WINDOW:
                continue
            if not needs_subject or any(p.role in ("subject", "organiser") for p in mention.participants):
                return mention
        return None


CLAUSE_BOUNDARIES = ("relcl", "advcl", "appos", "parataxis", "ccomp", "conj", "cc", "punct")


def argument_tokens(token: Token) -> set[int]:
    """Token indices of a phrase without the clauses embedded in it.

    "a letter sent to the OSCE, over which Kazakhstan presides": Kazakhstan
    sits in a relative clause and is not where the letter was sent from.
    """
    out = {token.i}
    stack = [c for c in token.children if c.dep_ not in CLAUSE_BOUNDARIES]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_BOUNDARIES[:5])
    return out


def located_at(head: Token) -> set[int]:
    """Where a group of people is said to be: "workers at the plant in
    Shymkent", "teachers in Tehran" (a phrase right after the noun)."""
    out: set[int] = set()
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "of", "from") and 0 < prep.i - head.i <= 2:
            out |= argument_tokens(prep)
    return out


def place_rank(entity: DocEntity) -> int:
    """Cities before regions before countries: the most specific place wins."""
    kind = _place_kind(entity.name)
    return {"city": 0, "region": 1, "country": 2}.get(kind, 1)


@lru_cache(maxsize=4096)
def _place_kind(name: str) -> str | None:
    try:
        from chronicle.annotate.gazetteer import resolve_place
    except ImportError:
        return None
    place = resolve_place(name)
    return getattr(place, "kind", None) if place else None


# ------------------------------------------------------------ noun phrases

QUANTITY_WORDS = frozenset(
    {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "number", "group", "some", "many", "several",
     "all", "most", "none", "each", "both", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
     "ten", "handful", "majority", "scores", "score", "couple", "rest"}
)
NON_HUMAN_IST = frozenset({"list", "wrist", "mist", "fist", "twist", "gist", "assist", "exist", "schist", "tryst"})
PHRASE_DEPS = frozenset({"det", "nummod", "amod", "compound", "poss", "case", "quantmod", "advmod"})


_TITLE_STOPWORDS = frozenset({"the", "of", "a", "an", "and", "for", "in", "at", "on", "to", "widely", "read", "former", "local"})


@lru_cache(maxsize=4096)
def _title_words(titles: tuple[str, ...]) -> frozenset[str]:
    """Content words of a person's titles, lower-cased, with simple plurals
    folded: "chairman of the Yntymak Independent Trade Union" ->
    {chairman, yntymak, independent, trade, union}."""
    words = set()
    for title in titles:
        for word in re.findall(r"[\w-]+", title.lower()):
            if word not in _TITLE_STOPWORDS and len(word) > 2:
                words.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return frozenset(words)


def is_human_noun(tok: Token) -> bool:
    lemma = lemma_of(tok)
    if lemma in lx.HUMAN_NOUNS or tok.lower_ in lx.HUMAN_NOUNS:
        return True
    if tok.ent_type_ in ("PERSON", "NORP"):
        return True
    return tok.pos_ == "NOUN" and len(lemma) > 5 and lemma.endswith("ist") and lemma not in NON_HUMAN_IST


def quantified(tok: Token) -> Token:
    """"dozens of detainees", "two of the students": the counted noun."""
    if tok.lower_ in QUANTITY_WORDS or tok.pos_ == "NUM":
        objs = prep_objects(tok, "of")
        if objs:
            return objs[0]
    return tok


def looks_like_personal_name(name: str) -> bool:
    """Two to four capitalised words, none of them an institution's."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    institutional = lx.ORGANISATION_NOUNS | lx.AUTHORITY_NOUNS | lx.COURT_NOUNS | lx.ADDRESSEE_NOUNS
    return not any(w.lower() in institutional for w in words)


def counted(tok: Token) -> bool:
    """A plural or counted noun: "14 people", "dozens of Uighurs"."""
    return tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in tok.children) or tok.pos_ == "NUM"


def can_take_apposition(tok: Token) -> bool:
    """"the journalist X" names the journalist; "its album X" names no one."""
    lemma = lemma_of(tok)
    return (
        tok.pos_ == "PROPN"
        or is_human_noun(tok)
        or lemma in lx.ORGANISATION_NOUNS
        or lemma in lx.PREMISES_NOUNS
        or lemma in QUANTITY_WORDS
    )


def members_of(tok: Token, unnamed: bool) -> list[Token]:
    """Phrases inside a noun phrase that name who it is about.

    "14 people, including X", "activists, among them Y", "academics led by
    Z", "the flat of W", "dozens of detainees".
    """
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "acl") and c.lower_ in ("including", "among", "notably", "especially"):
            out.extend(g for g in c.children if g.dep_ in ("pobj", "dobj") and g.lower_ not in ("them", "those"))
            out.extend(g for g in c.children if g.dep_ == "appos")
        elif c.dep_ == "acl" and lemma_of(c) in ("lead", "head", "include"):
            out.extend(o for a in children(c, "agent") for o in children(a, "pobj"))
            out.extend(children(c, "dobj"))
    if not unnamed:
        return out
    lemma = lemma_of(tok)
    if lemma in lx.PREMISES_NOUNS:
        out.extend(children(tok, "poss"))
        out.extend(prep_objects(tok, "of"))
    if lemma in QUANTITY_WORDS or tok.pos_ == "NUM":
        out.extend(prep_objects(tok, "of"))
    return out


def phrase_span(tok: Token) -> tuple[int, int]:
    """The noun phrase around a head, without clauses, lists or most PPs;
    with the name in apposition ("the actress Vera L.") when there is one."""
    tokens = [tok]
    stack = [c for c in tok.children if c.dep_ in PHRASE_DEPS or (c.dep_ == "prep" and c.lower_ in ("of", "from", "at"))
             or c.dep_ == "appos" and c.pos_ == "PROPN" and c.i == max(t.i for t in c.subtree) and c.i - tok.i <= 4]
    while stack:
        t = stack.pop()
        tokens.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "conj", "cc", "punct", "advcl"))
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)
