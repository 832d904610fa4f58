"""The two seed reports: body boundaries, title, outlet and date as a careful reader sees them.

Reads ``../shared/seeds`` and the gold file; skipped when the shared data is
absent. Nothing from them is copied here: expectations come from the gold file.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from chronicle.clean import clean_document

from clean_helpers import assert_segments_exact, make_raw, require_shared


def _norm(text: str) -> str:
    """Whitespace and quote normalisation, as the acceptance checker does."""
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”„]", '"', text)
    return " ".join(text.split())


def _gold_documents() -> dict:
    shared = require_shared()
    gold = yaml.safe_load((shared / "acceptance" / "seeds.gold.yaml").read_text(encoding="utf-8"))
    return gold["documents"]


@pytest.mark.parametrize("seed", ["s000", "s002"])
def test_seed_document(seed: str) -> None:
    docs = _gold_documents()
    if seed not in docs:
        pytest.skip(f"{seed} not in the gold file")
    gold = docs[seed]
    path = require_shared() / "seeds" / gold["file"]
    raw = make_raw(path.read_text(encoding="utf-8"), source=str(path))
    clean = clean_document(raw)

    assert _norm(clean.title or "") == _norm(gold["title"])
    assert _norm(clean.outlet or "") == _norm(gold["outlet"])
    published = gold["published"]
    value = published["date"]
    value = value.isoformat() if isinstance(value, dt.date) else str(value)
    assert clean.published is not None
    assert (clean.published.value, clean.published.precision) == (value, published["precision"])
    assert _norm(clean.text).startswith(_norm(gold["body_starts_with"]))
    assert _norm(clean.text).endswith(_norm(gold["body_ends_with"]))
    assert clean.language == "en"
    assert_segments_exact(clean, raw)
