"""Evaluating event extraction.

Two sets:

* our development set (``tests/data/events_dev.yaml``): sentences written by
  us with the events a careful reader takes from them; scored per type on
  (type, subject) matches, with status and date accuracy on the matches;
* ``events-plv`` (PLOVER-labelled news sentences, one label each): the
  sentence's main asserted event (the one whose trigger stands highest in
  the parse; occurred or alleged, not expected, denied or merely demanded)
  is mapped to its PLOVER type through the ontology and counts as correct
  when the sentence carries that label. Precision is what matters here: a
  sentence of a type we don't model must yield nothing. Scoring every
  asserted event instead is reported too (``precision_all_events``): it
  counts as wrong the secondary events a single-label sentence does not
  name ("freed X, arrested last week" is YIELD).
"""
from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path


import yaml

from chronicle.annotate import annotate
from chronicle.extract import extract_events
from chronicle.extract import lexicon as lx
from chronicle.extract.ontology import EVENT_TYPES, plover_of_mention
from chronicle.extract.syntax import lemma_of
from chronicle.records import AnnotatedDocument, CleanDocument, EventMention, PartialDate

# The PLOVER types our ontology can produce, as the benchmark's README maps them.
PLOVER_COVERED = ("COERCE", "YIELD", "PROTEST", "REQUEST", "ACCUSE")
# Every type whose PLOVER class (ontology.py, the single source) is one of
# those; statement (SUPPORT) is left out because its class is not.
PLOVER_OF = {name: t.plover for name, t in EVENT_TYPES.items() if t.plover in PLOVER_COVERED}
ASSERTED = ("occurred", "alleged")


def extract_from_text(text: str, nlp, published: str | None = None) -> list[EventMention]:
    return annotate_and_extract(text, nlp, published)[1]


def annotate_and_extract(text: str, nlp, published: str | None = None) -> tuple[AnnotatedDocument, list[EventMention]]:
    anchor = PartialDate(published, "day") if published else None
    clean = CleanDocument(hashlib.sha256(text.encode()).hexdigest(), "eval", text, published=anchor)
    doc = nlp(text)
    annotated = annotate(clean, doc)
    return annotated, extract_events(annotated, doc)


# ------------------------------------------------------------- development set


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def subject_texts(m: EventMention, annotated: AnnotatedDocument | None = None) -> set[str]:
    """What the subjects are called: the span, and the entity's names (a
    pronoun's span is "her"; its entity is the person)."""
    names = set()
    for p in m.participants:
        if p.role not in ("subject", "organiser", "participant"):
            continue
        names.add(p.span.text.lower())
        if annotated is not None and p.entity is not None:
            entity = annotated.entities[p.entity]
            names |= {n.lower() for n in (entity.name, *entity.variants)}
    return names


def matches(gold: dict, predicted: EventMention, annotated: AnnotatedDocument | None = None) -> bool:
    if gold["type"] != predicted.type:
        return False
    subject = gold.get("subject")
    if not subject:
        return True
    names = subject_texts(predicted, annotated)
    subject = subject.lower()
    return any(n in subject or subject in n for n in names)


def evaluate_dev(path: Path, nlp) -> dict:
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    per_type: dict[str, TypeScore] = defaultdict(TypeScore)
    status_ok = date_ok = date_total = matched = 0
    errors = []
    for item in items:
        published = str(item.get("published")) if item.get("published") else None
        annotated, predicted = annotate_and_extract(item["text"], nlp, published)
        unmatched = list(predicted)
        for gold in item.get("events") or []:
            hit = next((p for p in unmatched if matches(gold, p, annotated)), None)
            if hit is None:
                per_type[gold["type"]].fn += 1
                errors.append({"id": item["id"], "missing": gold})
                continue
            unmatched.remove(hit)
            per_type[gold["type"]].tp += 1
            matched += 1
            status_ok += hit.status == gold.get("status", "occurred")
            if gold.get("date"):
                date_total += 1
                date_ok += hit.date.value == str(gold["date"]["value"])
        for p in unmatched:
            per_type[p.type].fp += 1
            errors.append({"id": item["id"], "spurious": {"type": p.type, "subjects": sorted(subject_texts(p, annotated))}})
    total = TypeScore(*(sum(getattr(s, f) for s in per_type.values()) for f in ("tp", "fp", "fn")))
    return {
        "sentences": len(items),
        "precision": total.precision,
        "recall": total.recall,
        "f1": total.f1,
        "status_accuracy": status_ok / matched if matched else 0.0,
        "date_accuracy": date_ok / date_total if date_total else 0.0,
        "per_type": {t: _score_dict(s) for t, s in sorted(per_type.items())},
        "errors": errors,
    }


# ------------------------------------------------------------------ PLOVER


def plover_label(m: EventMention) -> str | None:
    """The PLOVER type a mention asserts, or None (not modelled, not asserted)."""
    if m.status not in ASSERTED or m.type not in PLOVER_OF:
        return None
    return plover_of_mention(m.type, dict(m.attributes))


# Verbs that pass the main-clause role on to the event noun they introduce
# ("held a rally", "went on strike", "ordered the release of") or to the
# clause they embed ("police said they arrested X", "began to strike").
# "called off the strike", "lifted the ban", "received a letter",
# "condemned the protest" report another event about it.
LIGHT_FOR_NOUNS = (lx.SUPPORT_VERBS | {"be", "remain", "spend", "stay", "keep", "put", "place", "stand", "face", "order",
                                       "launch", "carry", "conduct", "undergo", "appear", "stage", "announce"}) - {
    "end", "finish", "complete", "receive", "get", "give", "hand", "serve", "bring"}
NOUN_SUBJECT_VERBS = frozenset({"erupt", "break", "spread", "continue", "take", "begin", "start", "enter", "escalate",
                                "grow", "draw", "attract", "paralyse", "paralyze", "hit", "cripple", "disrupt", "go",
                                "last", "resume", "sweep", "rock", "intensify", "turn", "swell", "occur", "happen", "be"})
EMBEDDING_VERBS = frozenset({"say", "tell", "report", "announce", "confirm", "add", "claim", "state", "declare", "reveal",
                             "disclose", "note", "write", "insist", "show", "learn", "begin", "start", "continue",
                             "decide", "vote", "move", "manage", "go", "order", "allege", "accuse"})


def at_top(tok, trigger_heads: set[int]) -> bool:
    """Is the trigger the sentence's own predicate, or reached from it only
    through coordination with another event, a reporting verb or a light verb?"""
    t = tok
    for _ in range(10):
        head, dep = t.head, t.dep_
        if head == t or dep == "ROOT":
            return True
        if dep == "conj":
            ok = head.i in trigger_heads
        elif dep in ("ccomp", "xcomp", "parataxis"):
            ok = lemma_of(head) in EMBEDDING_VERBS
        elif dep in ("dobj", "attr", "oprd") and t.pos_ in ("NOUN", "PROPN"):
            ok = lemma_of(head) in LIGHT_FOR_NOUNS and not any(c.dep_ == "prt" and c.lower_ in ("off", "down", "up") for c in head.children)
        elif dep in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN"):
            ok = lemma_of(head) in LIGHT_FOR_NOUNS | NOUN_SUBJECT_VERBS
        elif dep == "pobj":
            ok = head.lower_ in ("on", "in", "into", "under", "of") and head.dep_ in ("prep", "dative")
        elif dep == "prep":
            ok = t.lower_ in ("on", "in", "into", "under") and lemma_of(head) in LIGHT_FOR_NOUNS or t.lower_ == "of" and lemma_of(head) in ("arrest", "release", "detention")
        else:
            ok = False
        if not ok:
            return False
        t = head
    return False


def main_event(mentions: list[EventMention], doc) -> EventMention | None:
    """The mention that is the sentence's main event, if one of ours is.

    A news sentence reports one main event and mentions others in passing
    ("freed X, arrested last week"; "condemned the protest"); the
    single-label benchmark labels the main one, and the parse says which it
    is: the trigger highest in the tree, provided nothing but coordination,
    reporting or a light verb stands above it. Otherwise the sentence is
    about something Chronicle does not model and gets no label.
    """
    def token_of(m: EventMention):
        # the trigger's last word is its head: "hunger strike", "sit-in"
        return next((t for t in doc if t.idx < m.trigger.end <= t.idx + len(t.text)), None)

    labelled = [(m, token_of(m)) for m in mentions if plover_label(m) is not None]
    heads = {t.i for m in mentions for t in doc if t.idx < m.trigger.end <= t.idx + len(t.text)}
    top = [(m, tok) for m, tok in labelled if tok is not None and at_top(tok, heads)]
    if not top:
        return None
    return min(top, key=lambda mt: (len(list(mt[1].ancestors)), mt[0].trigger.start))[0]


def evaluate_plover(csv_path: Path, nlp, limit: int | None = None) -> dict:
    rows = list(csv.DictReader(Path(csv_path).open(encoding="utf-8")))[:limit]
    per_type: dict[str, TypeScore] = defaultdict(TypeScore)
    every: dict[str, TypeScore] = defaultdict(TypeScore)
    confusions: Counter = Counter()
    by_chronicle_type: Counter = Counter()
    for row in rows:
        gold = row["label"]
        text = row["text"]
        clean = CleanDocument(hashlib.sha256(text.encode()).hexdigest(), "eval", text)
        doc = nlp(text)
        mentions = extract_events(annotate(clean, doc), doc)
        main = main_event(mentions, doc)
        predicted = {plover_label(main)} if main is not None else set()
        _score(per_type, predicted, gold, confusions)
        _score(every, {plover_label(m) for m in mentions} - {None}, gold, Counter())
        if main is not None:
            by_chronicle_type[(main.type, plover_label(main) == gold)] += 1
    total = _total(per_type)
    return {
        "sentences": len(rows),
        "precision": total.precision,
        "recall_on_covered_types": total.recall,
        "precision_all_events": _total(every).precision,
        "per_type": {t: _score_dict(s) for t, s in sorted(per_type.items())},
        "per_chronicle_type": {t: {"right": by_chronicle_type[(t, True)], "wrong": by_chronicle_type[(t, False)]}
                               for t in sorted({t for t, _ in by_chronicle_type})},
        "confusions": {f"{p} predicted, gold {g}": n for (p, g), n in confusions.most_common(15)},
    }


def _score(per_type: dict[str, TypeScore], predicted: set[str], gold: str, confusions: Counter) -> None:
    for label in predicted:
        if label == gold:
            per_type[label].tp += 1
        else:
            per_type[label].fp += 1
            confusions[(label, gold)] += 1
    if gold in PLOVER_COVERED and gold not in predicted:
        per_type[gold].fn += 1


def _total(per_type: dict[str, TypeScore]) -> TypeScore:
    return TypeScore(*(sum(getattr(s, f) for s in per_type.values()) for f in ("tp", "fp", "fn")))


def _score_dict(s: TypeScore) -> dict:
    return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}


