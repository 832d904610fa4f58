"""TempEval-3-style scoring of time expressions against TimeML gold data.

The benchmark (``../shared/benchmarks/time-tbaq``) holds TimeBank and
AQUAINT documents in TimeML. Each document's creation time (the ``TIMEX3``
with ``functionInDocument="CREATION_TIME"``) is given to the recogniser as
its anchor and is not itself scored.

Metrics follow the TempEval-3 entity scorer (UzZaman et al. 2013,
``evaluate_entities.py`` in the TempEval-3 toolkit):

* **strict extent**: a system expression matches a gold one when both have
  exactly the same span;
* **relaxed extent**: they match when their spans overlap (share at least
  one character; the toolkit speaks of tokens, and in TimeML expressions
  never split a token, so both views agree);
* **attribute accuracy** (type, value): among the relaxed matches, the share
  whose attribute equals the gold attribute exactly;
* **attribute F1** (type F1, value F1): attribute accuracy times relaxed F1.
  This is the same as the harmonic mean of ``correct / |system|`` and
  ``correct / |gold|``, i.e. an expression only counts when it is found *and*
  normalised correctly. TempEval-3 ranked systems on value F1.

Relaxed matching is one-to-one: each gold expression pairs with at most one
system expression (the one with the largest overlap) so that splitting one
gold expression into two system expressions earns no extra credit.
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from chronicle.records import PartialDate, TimeExpression

Finder = Callable[[str, PartialDate | None], list[TimeExpression]]


@dataclass(frozen=True)
class GoldTimex:
    """One gold ``TIMEX3`` with its offsets into the document's plain text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimemlDocument:
    """A TimeML document reduced to what time-expression scoring needs."""

    name: str
    text: str  # the ``TEXT`` element with all markup removed
    creation_time: str | None  # the TimeML value of the creation time
    timexes: tuple[GoldTimex, ...]


def anchor_from_value(value: str | None) -> PartialDate | None:
    """Turn a TimeML creation-time value into the anchor we hand to finders.

    Creation times come as ``1998-08-07`` or ``1998-08-07T06:18:00``; only
    the day matters for resolving news-English expressions.
    """
    if not value or len(value) < 10 or not value[:4].isdigit():
        return None
    return PartialDate(value[:10], "day")


def _walk(elem: ET.Element, parts: list[str], pos: list[int], out: list[GoldTimex]) -> None:
    """Collect the text under ``elem`` and the offsets of every TIMEX3 in it."""
    if elem.text:
        parts.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        start = pos[0]
        _walk(child, parts, pos, out)
        if child.tag == "TIMEX3":
            surface = "".join(child.itertext())
            out.append(
                GoldTimex(start, pos[0], surface, child.get("type", ""), child.get("value", ""))
            )
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)


def load_timeml(path: Path) -> TimemlDocument:
    """Parse one ``.tml`` file into plain text plus gold time expressions."""
    root = ET.parse(path).getroot()
    creation: str | None = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            creation = timex.get("value")
            break
    text_elem = root.find("TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    if text_elem is not None:
        _walk(text_elem, parts, [0], gold)
    gold = [g for g in gold if g.text.strip()]
    return TimemlDocument(path.stem, "".join(parts), creation, tuple(gold))


def iter_corpus(corpus_dir: Path) -> Iterator[TimemlDocument]:
    """Yield every ``.tml`` document under ``corpus_dir`` in a stable order."""
    for path in sorted(Path(corpus_dir).rglob("*.tml")):
        yield load_timeml(path)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_relaxed(
    gold: Iterable[GoldTimex], system: Iterable[TimeExpression]
) -> list[tuple[GoldTimex, TimeExpression]]:
    """Pair gold and system expressions one-to-one by largest span overlap."""
    candidates = []
    gold_list, sys_list = list(gold), list(system)
    for gi, g in enumerate(gold_list):
        for si, s in enumerate(sys_list):
            ov = _overlap(g.start, g.end, s.span.start, s.span.end)
            if ov:
                candidates.append((-ov, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold_list[gi], sys_list[si]))
    return pairs


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from match counts on each side."""
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class TimexCounts:
    """Counts that the TempEval-3 metrics are computed from."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, gold: list[GoldTimex], system: list[TimeExpression]) -> list[tuple[GoldTimex, TimeExpression]]:
        """Add one document's expressions; returns the relaxed pairs."""
        pairs = match_relaxed(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(pairs)
        for g, s in pairs:
            self.strict += (g.start, g.end) == (s.span.start, s.span.end)
            self.type_ok += g.type == s.kind
            self.value_ok += g.value == s.value
        return pairs

    def scores(self) -> dict:
        """Strict and relaxed P/R/F1, attribute accuracy and TempEval-3 attribute F1."""
        sp, sr, sf = _prf(self.strict, self.system, self.strict, self.gold)
        rp, rr, rf = _prf(self.relaxed, self.system, self.relaxed, self.gold)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "strict": {"precision": sp, "recall": sr, "f1": sf},
            "relaxed": {"precision": rp, "recall": rr, "f1": rf},
            "type_accuracy": type_acc,
            "value_accuracy": value_acc,
            "type_f1": type_acc * rf,
            "value_f1": value_acc * rf,
        }


def _default_finder() -> Finder:
    """Import lazily so the scorer can be used with any finder."""
    from chronicle.annotate.timex import find_times

    return find_times


def evaluate_timex(
    corpus_dir: Path, finder: Finder | None = None, errors: list | None = None
) -> dict:
    """Score ``finder`` (default: Chronicle's ``find_times``) on a TimeML corpus.

    Returns overall scores plus the same scores per sub-corpus (the first
    folder level under ``corpus_dir``, e.g. TimeBank and AQUAINT) and the
    number of documents and seconds taken. When ``errors`` is a list, it is
    filled with ``(kind, document, gold, system)`` tuples for error analysis.
    """
    find = finder or _default_finder()
    corpus_dir = Path(corpus_dir)
    total = TimexCounts()
    parts: dict[str, TimexCounts] = {}
    n_docs = 0
    started = time.perf_counter()
    for path in sorted(corpus_dir.rglob("*.tml")):
        doc = load_timeml(path)
        n_docs += 1
        system = find(doc.text, anchor_from_value(doc.creation_time))
        rel = path.relative_to(corpus_dir).parts
        part = parts.setdefault(rel[0] if len(rel) > 1 else ".", TimexCounts())
        part.add(list(doc.timexes), system)
        pairs = total.add(list(doc.timexes), system)
        if errors is not None:
            _collect_errors(doc, system, pairs, errors)
    elapsed = time.perf_counter() - started
    out = total.scores()
    out["documents"] = n_docs
    out["seconds"] = elapsed
    out["parts"] = {name: counts.scores() for name, counts in sorted(parts.items())}
    return out


def _collect_errors(
    doc: TimemlDocument,
    system: list[TimeExpression],
    pairs: list[tuple[GoldTimex, TimeExpression]],
    errors: list,
) -> None:
    """Record missed, spurious and mismatched expressions for error analysis."""
    matched_g = {id(g) for g, _ in pairs}
    matched_s = {id(s) for _, s in pairs}
    for g in doc.timexes:
        if id(g) not in matched_g:
            errors.append(("missed", doc.name, g, None))
    for s in system:
        if id(s) not in matched_s:
            errors.append(("spurious", doc.name, None, s))
    for g, s in pairs:
        if (g.start, g.end) != (s.span.start, s.span.end):
            errors.append(("extent", doc.name, g, s))
        if g.type != s.kind:
            errors.append(("type", doc.name, g, s))
        if g.value != s.value:
            errors.append(("value", doc.name, g, s))
