"""Measure the identity judge on labelled name pairs.

The figure that matters most is ``false_merges``: a pair of different people
(or organisations) judged "same". Recall is reported as it is; "unsure"
counts as not merged, because that is what clustering does with it.

Run::

    .venv/bin/python -m chronicle.evaluate.identity tests/data/name_pairs.yaml
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from chronicle.resolve.identity import IdentityCandidate, Judgement, judge
from chronicle.resolve.names import normalise_name

__all__ = ["load_pairs", "evaluate_identity"]


def load_pairs(pairs_path: str | Path) -> list[dict]:
    """Read the pairs file: a mapping with a ``pairs`` list, or a bare list."""
    data = yaml.safe_load(Path(pairs_path).read_text(encoding="utf-8"))
    pairs = data["pairs"] if isinstance(data, dict) else data
    for i, p in enumerate(pairs):
        missing = {"a", "b", "kind", "same"} - set(p)
        if missing:
            raise ValueError(f"pair {i} lacks {sorted(missing)}")
    return pairs


def _candidate(key: str, pair: dict, side: str) -> IdentityCandidate:
    kind = pair["kind"]
    context = frozenset(normalise_name(str(c), "organisation") for c in pair.get(f"context_{side}") or ())
    titles = frozenset(str(t) for t in pair.get(f"titles_{side}") or ())
    docs = frozenset(str(d) for d in pair.get(f"documents_{side}") or ())
    return IdentityCandidate(key=key, kind=kind, name=str(pair[side]), context=context,
                             titles=titles, documents=docs)


def judge_pair(pair: dict, index: int = 0) -> Judgement:
    """Judge one labelled pair as two candidates from different documents."""
    return judge(_candidate(f"{index}a", pair, "a"), _candidate(f"{index}b", pair, "b"))


def evaluate_identity(pairs_path: str | Path) -> dict:
    """Judge every pair and count merges against the truth.

    Returns counts (``true_merges``, ``false_merges``, ``missed``,
    ``kept_apart``, ``unsure``), ``precision`` and ``recall`` of "same"
    verdicts, and the offending pairs (``false_merge_pairs``,
    ``missed_pairs``) with the judge's reason, so a regression is readable.
    """
    pairs = load_pairs(pairs_path)
    tp = fp = fn = tn = unsure = said_different_wrongly = 0
    false_merge_pairs: list[dict] = []
    missed_pairs: list[dict] = []
    for i, pair in enumerate(pairs):
        j = judge_pair(pair, i)
        merged = j.verdict == "same"
        if j.verdict == "unsure":
            unsure += 1
        entry = {"a": pair["a"], "b": pair["b"], "verdict": j.verdict, "score": j.score,
                 "reason": j.reason, "note": pair.get("note", "")}
        if pair["same"] and merged:
            tp += 1
        elif pair["same"]:
            fn += 1
            missed_pairs.append(entry)
            if j.verdict == "different":
                said_different_wrongly += 1
        elif merged:
            fp += 1
            false_merge_pairs.append(entry)
        else:
            tn += 1
    return {
        "pairs": len(pairs),
        "gold_same": tp + fn,
        "gold_different": fp + tn,
        "true_merges": tp,
        "false_merges": fp,
        "missed": fn,
        "missed_as_different": said_different_wrongly,
        "kept_apart": tn,
        "unsure": unsure,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "false_merge_pairs": false_merge_pairs,
        "missed_pairs": missed_pairs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="?", default="tests/data/name_pairs.yaml")
    parser.add_argument("--details", action="store_true", help="also list missed and false-merge pairs")
    args = parser.parse_args(argv)
    result = evaluate_identity(args.pairs)
    if not args.details:
        result = {k: v for k, v in result.items() if not k.endswith("_pairs")}
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
