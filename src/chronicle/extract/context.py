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

from chronicle.extract.syntax import children, expand_conjuncts, subtree_span
from chronicle.records import AnnotatedDocument, DocEntity, EventMention, PartialDate, RoleFiller, Span, TimeExpression

THIRD_PERSON = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
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

    @classmethod
    def build(cls, annotated: AnnotatedDocument, doc: Doc) -> "DocumentContext":
        ctx = cls(annotated, doc)
        items = sorted((m.span.start, m.span.end, m.cluster) for m in annotated.mentions)
        ctx.mention_items = items
        ctx.mention_starts = [s for s, _, _ in items]
        ctx.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n", doc.text)]
        ctx.speakers = ctx._quoted_speakers()
        return ctx

    # ----------------------------------------------------------------- basics

    @property
    def text(self) -> str:
        return self.doc.text

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
        return any(t.span.start <= tok.idx < t.span.end for t in self._times_near(tok.idx))

    def _times_near(self, offset: int) -> list[TimeExpression]:
        return [t for t in self.annotated.times if t.span.start - 200 <= offset <= t.span.end + 200]

    # ---------------------------------------------------------------- fillers

    def fillers(self, tokens: list[Token], role: str, kinds: tuple[str, ...]) -> list[RoleFiller]:
        """Entities named by noun-phrase heads, through appositions and lists."""
        out: list[RoleFiller] = []
        seen: set[int] = set()
        for head in tokens:
            for tok in self._phrase_tokens(head):
                hit = self.cluster_at(tok.idx)
                if hit is None and tok.lower_ in THIRD_PERSON | FIRST_PERSON:
                    cluster = self.resolve_pronoun(tok)
                    hit = (tok.idx, tok.idx + len(tok.text), cluster) if cluster is not None else None
                if hit is None:
                    continue
                start, end, cluster = hit
                if cluster in seen or self.entity(cluster).kind not in kinds:
                    continue
                seen.add(cluster)
                out.append(RoleFiller(role, cluster, Span(start, end, self.text[start:end])))
        return out

    def _phrase_tokens(self, head: Token) -> list[Token]:
        out = []
        for conj in expand_conjuncts(head):
            names = [c for c in conj.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            out.append(conj)
            out.extend(names)
            if all(self.cluster_at(t.idx) is None for t in [conj, *names]):
                # "the activist, Ainur Kurmanov": the apposition names the head;
                # after a name, "(Socialist Party Ireland)" only describes it
                out.extend(children(conj, "appos"))
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
        window_start = max(self.paragraph_starts[max(self.paragraph_of(sent.start_char) - 1, 0)], sent.start_char - 600)
        earlier = [c for s, e, c in self._mentions_between(window_start, sent.start_char) if self.entity(c).kind == "person"]
        return earlier[-1] if earlier and len(set(earlier[-3:])) == 1 else None

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
            if not sent.text.rstrip().endswith(":"):
                continue
            if not any(t.lemma_.lower() in SPEECH_WORDS for t in sent):
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
        for timex in self.sentence_times(sent, "DATE"):
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

    def place_for(self, trigger: Token, sent: SpacySpan, *, inherit: bool) -> int | None:
        """The place the trigger's clause names; protests may inherit the
        place of their paragraph ("This followed the protest outside ...")."""
        region = argument_tokens(trigger)
        verb = trigger.head if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") else None
        if verb is not None and verb.lemma_.lower() != "be":
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
        heads = [trigger] + [c for c in trigger.children if c.dep_ == "acl"]
        verb = trigger.head if trigger.dep_ in ("nsubjpass", "dobj") else None
        if verb is not None:
            heads.append(verb)
        objs = [o for h in heads for p in children(h, "prep") if p.lower_ == "to" for o in children(p, "pobj")]
        return tuple(self.fillers(objs, "addressee", kinds=("organisation", "person")))

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
