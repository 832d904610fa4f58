"""The content-extraction metric (Scrapinghub benchmark definition) and its scores."""
from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.evaluate.content import aggregate, evaluate_content, shingle_match, shingles

from clean_helpers import require_shared

words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "omega", "x1"]), max_size=30).map(" ".join)


def test_shingles_of_short_text_is_one_shingle() -> None:
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert sum(shingles("").values()) == 0


def test_shingle_match_counts_with_multiplicity() -> None:
    gold = "one two three four five"
    assert shingle_match(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_match(gold, gold + " " + gold)
    # 2 gold shingles; the doubled text has 7 (2 matched, 2 repeats and 3 across the seam).
    assert (tp, fp, fn) == pytest.approx((2 / 7, 5 / 7, 0.0))
    assert shingle_match(gold, "") == (0.0, 0.0, 1.0)
    assert shingle_match("", "") == (0.0, 0.0, 0.0)


@given(words, words)
def test_shingle_match_is_normalised(gold: str, pred: str) -> None:
    tp, fp, fn = shingle_match(gold, pred)
    assert min(tp, fp, fn) >= 0
    assert tp + fp + fn == pytest.approx(1.0) or tp + fp + fn == 0
    assert shingle_match(pred, gold) == pytest.approx((tp, fn, fp))


def test_aggregate_means_over_pages() -> None:
    perfect = (1.0, 0.0, 0.0)
    half_precision = (0.5, 0.5, 0.0)
    missed = (0.0, 0.0, 1.0)  # nothing predicted: no precision term for this page
    result = aggregate([perfect, half_precision, missed])
    assert result["precision"] == pytest.approx(0.75)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert aggregate([(0.0, 0.0, 0.0)])["f1"] == 1.0  # both empty counts as perfect


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("CHRONICLE_BENCH") != "1",
    reason="full benchmark run (~15 s): set CHRONICLE_BENCH=1, or run bench/content_extraction.py",
)
@pytest.mark.parametrize(("mode", "target"), [("text", 0.85), ("html", 0.96)])
def test_benchmark_scores_reach_targets(mode: str, target: float) -> None:
    bench = require_shared() / "benchmarks" / "content-scrapinghub"
    if not bench.is_dir():
        pytest.skip("content-scrapinghub benchmark not found")
    result = evaluate_content(bench, mode)  # type: ignore[arg-type]
    assert result["pages"] == len(result["per_page"]) > 100
    assert result["f1"] >= target
