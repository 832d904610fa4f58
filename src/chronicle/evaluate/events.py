"""Evaluating event extraction.

Two sets:

* our development set (``tests/data/events_dev.yaml``): sentences written by
  us with the events a careful reader takes from them; scored per type on
  (type, subject) matches, with status and date accuracy on the matches;
* ``events-plv`` (PLOVER-labelled news sentences): each event we extract is
  mapped to its PLOVER type through the ontology and counts as correct when
  the sentence carries that label. Precision is what matters here: a
  sentence of a type we don't model must yield nothing.
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
from chronicle.extract.ontology import EVENT_TYPES
from chronicle.records import AnnotatedDocument, CleanDocument, EventMention, PartialDate

# The PLOVER types our ontology can produce, as the benchmark's README maps them.
PLOVER_COVERED = ("COERCE", "YIELD", "PROTEST", "REQUEST", "ACCUSE")
PLOVER_OF = {
    "arrest": "COERCE",
    "detention": "COERCE",
    "search": "COERCE",
    "release": "YIELD",
    "acquittal": "YIELD",
    "protest": "PROTEST",
    "strike": "PROTEST",
    "hunger_strike": "PROTEST",
    "letter": "REQUEST",
    "appeal": "REQUEST",
    "charge": "ACCUSE",
}


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


def evaluate_plover(csv_path: Path, nlp, limit: int | None = None) -> dict:
    rows = list(csv.DictReader(Path(csv_path).open(encoding="utf-8")))[:limit]
    per_type: dict[str, TypeScore] = defaultdict(TypeScore)
    confusions: Counter = Counter()
    for row in rows:
        gold = row["label"]
        predicted = {PLOVER_OF[m.type] for m in extract_from_text(row["text"], nlp) if m.type in PLOVER_OF}
        for label in predicted:
            if label == gold:
                per_type[label].tp += 1
            else:
                per_type[label].fp += 1
                confusions[(label, gold)] += 1
        if gold in PLOVER_COVERED and gold not in predicted:
            per_type[gold].fn += 1
    total = TypeScore(*(sum(getattr(s, f) for s in per_type.values()) for f in ("tp", "fp", "fn")))
    return {
        "sentences": len(rows),
        "precision": total.precision,
        "recall_on_covered_types": total.recall,
        "per_type": {t: _score_dict(s) for t, s in sorted(per_type.items())},
        "confusions": {f"{p} predicted, gold {g}": n for (p, g), n in confusions.most_common(15)},
    }


def _score_dict(s: TypeScore) -> dict:
    return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}


