"""Stories and cross-document event coreference on ECB+ (topics 1-35).

Usage (from the project root)::

    .venv/bin/python bench/ecb_plus.py [--bench DIR] [--only stories|events]
                                       [--folds N] [--cv-seeds N] [--no-entities] [--refit]
                                       [--story-cv]
                                       [--json OUT]

Prints story clustering B-cubed F1 over documents (against ECB+ sub-topics)
and event coreference CoNLL F1 over the gold event mentions of the selected
sentences (MUC, B-cubed, CEAF-e; singletons kept), with baselines, the
leave-topics-out cross-validated figures and run times. ``--refit`` prints
the pair model fitted on all topics, i.e. what
``chronicle.resolve.coreference.DEFAULT_MODEL`` should hold; ``--story-cv``
re-runs the leave-topics-out choice of the story setting (several minutes).
See docs/stories.md.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from chronicle.evaluate.ecb import (
    cross_validate_stories,
    evaluate_event_coref,
    evaluate_stories,
    refit_default_model,
)

DEFAULT_BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "coref-ecbplus"


def _prf(scores: dict) -> str:
    return f"P={scores['precision']:.3f} R={scores['recall']:.3f} F1={scores['f1']:.3f}"


def _conll_line(name: str, r: dict) -> str:
    return (
        f"  {name:<34} CoNLL={r['conll_f1']:.3f}  MUC={r['muc']['f1']:.3f}  "
        f"B3={r['b_cubed']['f1']:.3f}  CEAF-e={r['ceaf_e']['f1']:.3f}  "
        f"(no singletons: CoNLL={r['without_singletons']['conll_f1']:.3f})"
    )


def print_stories(r: dict) -> None:
    print(f"Stories: {r['documents']} documents, {r['topics']} topics, {r['gold_stories']} gold stories (sub-topics)")
    print(f"  predicted stories: {r['predicted_stories']}")
    print(f"  B-cubed over documents: {_prf(r['b_cubed'])}")
    print(f"  baseline, merge by topic:            F1={r['baseline_topic_only']['f1']:.3f}")
    base = r["baseline_tfidf_average_link"]
    print(f"  baseline, TF-IDF average link (best threshold {base['threshold']}): F1={base['f1']:.3f}")
    for name, f1 in r["thinned_b_cubed_f1"].items():
        print(f"  thinned corpus, {name.replace('_', ' ')}: F1={f1:.3f}")
    inc = r["incremental"]
    print(
        f"  incremental ({inc['batch_documents']} in batch, {inc['assigned_documents']} assigned one by one): "
        f"{_prf(inc['b_cubed'])}; agreement with batch F1={inc['agreement_with_batch_b_cubed_f1']:.3f}; "
        f"{1000 * inc['seconds_per_document']:.1f} ms/document"
    )
    s = r["seconds"]
    print(f"  time: {s['total']:.1f} s (NER and features {s['features']:.1f} s, clustering {s['cluster']:.1f} s)")


def print_events(r: dict) -> None:
    print(
        f"Event coreference: {r['mentions']} gold event mentions, {r['gold_clusters']} gold clusters "
        f"({r['gold_singletons']} singletons; {r['singletons']})"
    )
    print(_conll_line("model, predicted stories", r["model_predicted_stories"]))
    print(_conll_line("model, gold sub-topics", r["model_gold_subtopics"]))
    for name, scores in r["lemma_baseline"].items():
        print(_conll_line(f"lemma baseline, {name.replace('_', ' ')}", scores))
    if "leave_topics_out" in r:
        cv = r["leave_topics_out"]
        print(_conll_line(f"model, {cv['folds']}-fold leave-topics-out", cv))
        print(f"  thresholds chosen per fold: {cv['thresholds_chosen']}")
    if "leave_topics_out_seeds" in r:
        many = r["leave_topics_out_seeds"]
        scores = ", ".join(f"{x:.3f}" for x in many["conll_f1"])
        mean = many["mean"]
        print(
            f"  leave-topics-out over {len(many['seeds'])} fold assignments: CoNLL {scores}; "
            f"mean CoNLL={many['mean_conll_f1']:.3f}  MUC={mean['muc']:.3f}  B3={mean['b_cubed']:.3f}  "
            f"CEAF-e={mean['ceaf_e']:.3f}"
        )
        chosen = many["thresholds_chosen"]
        counts = {t: chosen.count(t) for t in sorted(set(chosen))}
        print(f"  thresholds chosen over all folds: {counts}")
    s = r["seconds"]
    print(f"  time: {s['total']:.1f} s (preparation {s['prepare']:.1f} s, clustering {s['cluster']:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="benchmark folder (holds ECB+/)")
    parser.add_argument("--only", choices=("stories", "events"), help="run one of the two evaluations")
    parser.add_argument("--folds", type=int, default=5, help="leave-topics-out folds for event coreference (0: skip)")
    parser.add_argument("--cv-seeds", type=int, default=1,
                        help="repeat the leave-topics-out CV with this many fold assignments and print the mean")
    parser.add_argument("--no-entities", action="store_true", help="cluster stories on text alone (no NER)")
    parser.add_argument("--refit", action="store_true", help="print the pair model fitted on all topics")
    parser.add_argument("--story-cv", action="store_true", help="leave-topics-out CV of the story setting (slow)")
    parser.add_argument("--json", type=Path, help="write all numbers to this file")
    args = parser.parse_args(argv)
    if not (args.bench / "ECB+").is_dir():
        print(f"benchmark not found: {args.bench}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results: dict = {}
    with_entities = not args.no_entities
    if args.only in (None, "stories"):
        results["stories"] = evaluate_stories(args.bench, with_entities=with_entities)
        print_stories(results["stories"])
    if args.only in (None, "events"):
        results["events"] = evaluate_event_coref(
            args.bench, with_entities=with_entities, folds=args.folds, cv_seeds=args.cv_seeds
        )
        print_events(results["events"])
    if args.story_cv:
        cv = cross_validate_stories(args.bench)
        results["stories_cv"] = cv
        print("Stories, 5-fold leave-topics-out choice of the setting:")
        for i, fold in enumerate(cv["folds"]):
            print(
                f"  fold {i}: chose {fold['setting']}: held-out B3 F1={fold['test_b_cubed_f1']:.3f}, "
                f"thinned {fold['test_thinned_b_cubed_f1']:.3f}"
            )
        print(
            f"  pooled held-out B-cubed: {_prf(cv['pooled_b_cubed'])}; "
            f"thinned mean F1={cv['mean_thinned_b_cubed_f1']:.3f}; {cv['seconds']:.0f} s"
        )
    if args.refit:
        model = refit_default_model(args.bench)
        print(f"refitted pair model: PairModel(coefficients={model.coefficients}, intercept={model.intercept})")
    print(f"total run time: {time.perf_counter() - start:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
