"""The TempEval-3-style scorer: exact numbers on a document we wrote, shape on time-tbaq."""
from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.evaluate.timex import anchor_from_value, evaluate_timex, load_timeml
from chronicle.records import PartialDate, Span, TimeExpression

TBAQ = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "time-tbaq"

# Our own miniature TimeML document: three gold expressions plus the creation time.
MINI = """<?xml version="1.0" ?>
<TimeML>
<DOCID>mini</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2010-05-12" functionInDocument="CREATION_TIME">2010-05-12</TIMEX3></DCT>
<TEXT>
The activists were detained <TIMEX3 tid="t1" type="DATE" value="2010-05-11">yesterday</TIMEX3> and held for <TIMEX3 tid="t2" type="DURATION" value="P15D">15 days</TIMEX3> &amp; more; the appeal is due <TIMEX3 tid="t3" type="DATE" value="2010-05-17">next Monday</TIMEX3>.
</TEXT>
</TimeML>
"""


def _mini(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus" / "Mini"
    folder.mkdir(parents=True)
    (folder / "mini.tml").write_text(MINI, encoding="utf-8")
    return tmp_path / "corpus"


def test_load_timeml_gives_plain_text_offsets_and_the_creation_time(tmp_path):
    doc = load_timeml(_mini(tmp_path) / "Mini" / "mini.tml")
    assert doc.creation_time == "2010-05-12"
    assert anchor_from_value(doc.creation_time) == PartialDate("2010-05-12", "day")
    assert [g.text for g in doc.timexes] == ["yesterday", "15 days", "next Monday"]  # t0 is not scored
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text
    assert "&" in doc.text and "&amp;" not in doc.text


def _finder(found: list[tuple[str, str, str]]):
    """A fake recogniser returning fixed expressions, found by their text."""

    def find(text: str, anchor: PartialDate | None) -> list[TimeExpression]:
        out = []
        for surface, kind, value in found:
            start = text.index(surface)
            out.append(TimeExpression(Span(start, start + len(surface), surface), kind, value))
        return out

    return find


def test_scores_follow_tempeval3_definitions(tmp_path):
    corpus = _mini(tmp_path)
    # exact "yesterday" with the right value; "held for 15 days" overlaps gold (relaxed only)
    # with the right value; "Monday" overlaps with a wrong value; "the appeal" is spurious.
    finder = _finder([
        ("yesterday", "DATE", "2010-05-11"),
        ("for 15 days", "DURATION", "P15D"),
        ("Monday", "DATE", "2010-05-10"),
        ("the appeal", "DATE", "PRESENT_REF"),
    ])
    s = evaluate_timex(corpus, finder=finder)
    assert (s["gold"], s["system"], s["documents"]) == (3, 4, 1)
    assert s["strict"] == pytest.approx({"precision": 1 / 4, "recall": 1 / 3, "f1": 2 / 7})
    assert s["relaxed"]["precision"] == pytest.approx(3 / 4)
    assert s["relaxed"]["recall"] == pytest.approx(1.0)
    assert s["relaxed"]["f1"] == pytest.approx(6 / 7)
    assert s["value_accuracy"] == pytest.approx(2 / 3)
    assert s["type_accuracy"] == pytest.approx(1.0)
    # value F1 = value accuracy x relaxed F1 = harmonic mean of correct/|system| and correct/|gold|
    assert s["value_f1"] == pytest.approx(2 / 3 * 6 / 7)
    assert s["value_f1"] == pytest.approx(2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3))
    assert set(s["parts"]) == {"Mini"}


def test_one_gold_expression_pairs_with_one_system_expression(tmp_path):
    corpus = _mini(tmp_path)
    split = _finder([("next", "DATE", "2010-05-17"), ("Monday", "DATE", "2010-05-17")])
    s = evaluate_timex(corpus, finder=split)
    assert s["relaxed"]["precision"] == pytest.approx(1 / 2)
    assert s["relaxed"]["recall"] == pytest.approx(1 / 3)


def test_chronicle_on_time_tbaq_gives_well_formed_scores():
    if not TBAQ.is_dir():
        pytest.skip(f"{TBAQ} is not here: the shared benchmarks sit beside the repository")
    s = evaluate_timex(TBAQ / "AQUAINT")
    assert s["documents"] > 0 and s["gold"] > 0 and s["system"] > 0
    for block in ("strict", "relaxed"):
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= s[block][key] <= 1.0
    assert s["strict"]["f1"] <= s["relaxed"]["f1"]
    for key in ("type_accuracy", "value_accuracy", "type_f1", "value_f1"):
        assert 0.0 <= s[key] <= 1.0
    assert s["value_f1"] == pytest.approx(s["value_accuracy"] * s["relaxed"]["f1"])
    assert s["seconds"] > 0
