"""The annotate stage gives the same output after speed work as before it.

Optimising ``find_entities``, ``find_times`` and ``annotate`` (precompiled
patterns, caches, fewer scans) must not move a single offset or value. The
snapshot in ``data/annotate_snapshot.json`` was recorded from the code
before those changes, on our own texts: the cleaned sample corpus
(``samples/``) and the development sentences (``tests/data/events_dev.yaml``).

A deliberate change of annotation behaviour re-records it::

    .venv/bin/python tests/annotate/test_speed_equivalence.py --record
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.annotate import annotate
from chronicle.annotate.entities import find_entities
from chronicle.annotate.nlp import load_model
from chronicle.annotate.timex import _candidates, find_times
from chronicle.annotate.timex_rules import RULES
from chronicle.clean import clean_document
from chronicle.ingest import read_file
from chronicle.records import CleanDocument, PartialDate, RawDocument

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).resolve().parent / "data" / "annotate_snapshot.json"


def _corpus() -> list[tuple[str, CleanDocument]]:
    """(label, cleaned document) for every sample file and dev sentence, in a fixed order."""
    out: list[tuple[str, CleanDocument]] = []
    for path in sorted((ROOT / "samples").rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".yaml", ".py"):
            continue
        for n, raw in enumerate(read_file(path)):
            if isinstance(raw, RawDocument):
                out.append((f"{path.relative_to(ROOT)}#{n}", clean_document(raw)))
    dev = yaml.safe_load((ROOT / "tests" / "data" / "events_dev.yaml").read_text(encoding="utf-8"))
    for item in dev:
        published = item.get("published")
        anchor = None
        if isinstance(published, dt.date):
            anchor = PartialDate(published.isoformat(), "day")
        text = item["text"]
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        out.append((f"dev:{item['id']}", CleanDocument(sha, f"dev:{item['id']}", text, published=anchor)))
    return out


def _plain(value: object) -> object:
    """Records as JSON-ready data, so a difference shows as a readable diff."""
    return json.loads(json.dumps(value, default=lambda o: dataclasses.asdict(o)))


def _annotations() -> dict[str, object]:
    """Everything the annotate stage says about each text."""
    nlp = load_model()
    corpus = _corpus()
    docs = nlp.pipe([clean.text for _, clean in corpus])
    out: dict[str, object] = {}
    for (label, clean), doc in zip(corpus, docs):
        entities, mentions = find_entities(doc, nlp=nlp)
        annotated = annotate(clean, doc)
        out[label] = _plain(
            {
                "entities": entities,
                "mentions": mentions,
                "times_unanchored": find_times(clean.text, None),
                "times": find_times(clean.text, clean.published),
                "annotated": {
                    "sentences": annotated.sentences,
                    "entities": annotated.entities,
                    "mentions": annotated.mentions,
                    "times": annotated.times,
                    "anchor": annotated.anchor,
                },
            }
        )
    return out


@lru_cache(maxsize=1)
def _current() -> dict[str, object]:
    return _annotations()


def _snapshot() -> dict[str, object]:
    if not SNAPSHOT.exists():
        pytest.skip(f"no snapshot at {SNAPSHOT}; record one with --record")
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_snapshot_covers_the_corpus() -> None:
    """The snapshot is of the texts we have, and they hold real annotations."""
    snap, now = _snapshot(), _current()
    assert set(snap) == set(now)
    assert len(snap) > 200
    assert sum(len(v["entities"]) for v in snap.values()) > 100  # type: ignore[index]
    assert sum(len(v["times"]) for v in snap.values()) > 100  # type: ignore[index]


@pytest.mark.parametrize("part", ["entities", "mentions", "times_unanchored", "times", "annotated"])
def test_output_unchanged(part: str) -> None:
    """Each text's annotations equal the ones recorded before the speed work."""
    snap, now = _snapshot(), _current()
    changed = [label for label in snap if snap[label][part] != now.get(label, {}).get(part)]  # type: ignore[index,union-attr]
    assert not changed, f"{part} changed for {len(changed)} texts, first: {changed[:5]}"


if __name__ == "__main__":
    if "--record" not in sys.argv:
        sys.exit("usage: test_speed_equivalence.py --record")
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(_annotations(), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded {SNAPSHOT}")


_WORDS = [
    "May", "may", "3", "12", "2010", "'98", "days", "day", "ago", "last", "next", "week", "weekend", "Monday",
    "mondays", "Sept.", "the", "of", "quarter", "first", "Q3", "year-end", "tonight", "at", "10:30", "a.m.",
    "\u017fince", "\u212aelvin", "\u0663", "half", "century", "fiscal", "every", "twice", "-long", "earlier",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.lists(st.sampled_from([" ", ", ", "-", "\n", ""]), max_size=12))
def test_rule_prefilter_never_hides_a_match(words: list[str], seps: list[str]) -> None:
    """Skipping rules whose required words are absent finds every match a full scan finds."""
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    fast = [(c.start, c.end, c.order) for c in _candidates(text)]
    full = [
        (m.start(), m.end(), order)
        for order, rule in enumerate(RULES)
        for m in rule.regex.finditer(text)
        if m.end() > m.start()
    ]
    assert fast == full
