"""Cross-document identity: judgements, blocking, clustering and the measured figures."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.evaluate.identity import evaluate_identity
from chronicle.resolve.identity import (
    IdentityCandidate,
    Judgement,
    candidate_pairs,
    cluster,
    judge,
    review,
)

REPO = Path(__file__).resolve().parents[2]
PAIRS = REPO / "tests" / "data" / "name_pairs.yaml"
SHARED = REPO.parent / "shared"


def person(key: str, name: str, *variants: str, context: tuple[str, ...] = (),
           docs: tuple[str, ...] = (), titles: tuple[str, ...] = ()) -> IdentityCandidate:
    return IdentityCandidate(key, "person", name, tuple(variants), frozenset(context),
                             frozenset(titles), frozenset(docs))


def judge_all(cands: list[IdentityCandidate]) -> list[Judgement]:
    return [judge(a, b) for a, b in candidate_pairs(cands)]


def group_of(groups: list[set[str]], key: str) -> set[str]:
    return next(g for g in groups if key in g)


# A story told by two reports (names from the project's seed reports; the
# surroundings are written here): the second report shortens one activist's
# given name and once misspells it. A fictional brother with the same surname
# appears in the first report.
STORY = [
    person("r1:yesenbek", "Yesenbek Ukteshbaev", "Yesenbek",
           context=("ainur kurmanov", "vadim kuramskin", "osce", "bolat ukteshbaev"), docs=("r1",)),
    person("r1:bolat", "Bolat Ukteshbaev",
           context=("ainur kurmanov", "yesenbek ukteshbaev", "vadim kuramskin"), docs=("r1",)),
    person("r1:ainur", "Ainur Kurmanov", "Ainur", "Kurmanov",
           context=("yesenbek ukteshbaev", "bolat ukteshbaev", "vadim kuramskin", "osce"), docs=("r1",)),
    person("r2:esen", "Esen Ukteshbaev", "Esen", "Ukteshbaev",
           context=("ainur kurmanov", "vadim kuramskin", "osce"), docs=("r2",)),
    person("r2:essen", "Essen", context=("ainur kurmanov", "vadim kuramskin", "osce"), docs=("r2",)),
    person("r2:ainur", "Ainur Kurmanov", "Kurmanov",
           context=("esen ukteshbaev", "vadim kuramskin", "osce"), docs=("r2",)),
    person("r3:ukteshbaev", "Ukteshbaev", context=("ainur kurmanov", "osce"), docs=("r3",)),
]


def test_one_activist_under_three_spellings_is_one_identity() -> None:
    groups = cluster(STORY, judge_all(STORY))
    yesenbek = group_of(groups, "r1:yesenbek")
    assert {"r1:yesenbek", "r2:esen", "r2:essen"} <= yesenbek
    assert group_of(groups, "r1:ainur") == {"r1:ainur", "r2:ainur"}


def test_a_brother_with_the_same_surname_never_merges() -> None:
    groups = cluster(STORY, judge_all(STORY))
    assert group_of(groups, "r1:bolat") == {"r1:bolat"}
    j = judge(STORY[0], STORY[1])
    assert j.verdict == "different"
    assert judge(STORY[1], STORY[3]).verdict == "different"


def test_a_bare_surname_shared_by_two_brothers_stays_alone() -> None:
    groups = cluster(STORY, judge_all(STORY))
    assert group_of(groups, "r3:ukteshbaev") == {"r3:ukteshbaev"}
    verdict = judge(STORY[6], STORY[0])
    assert verdict.verdict == "unsure" and "ambiguous" in verdict.reason


def test_a_short_form_needs_shared_context() -> None:
    full = person("a", "Yesenbek Sarybayev", context=("dana tulegenova",))
    alone = person("b", "Esen", context=("kazakhstan 2012 union",))
    together = person("c", "Esen", context=("dana tulegenova",))
    assert judge(full, alone).verdict == "unsure"
    assert judge(full, together).verdict == "same"


def test_a_shared_surname_alone_never_merges() -> None:
    a = person("a", "Kurmanov", context=("osce", "almaty"), docs=("d1",))
    b = person("b", "Kurmanov", context=("osce", "almaty"), docs=("d2",))
    assert judge(a, b).verdict != "same"


def test_one_shared_city_is_not_enough_context_for_a_weak_variant() -> None:
    a = person("a", "Kurmanbek Asanaliev", context=("bishkek", "roza osmonova"))
    b = person("b", "Kurmenbek Asanaliev", context=("bishkek", "osh"))
    c = person("c", "Kurmenbek Asanaliev", context=("bishkek", "roza osmonova"))
    assert judge(a, b).verdict == "unsure"
    assert judge(a, c).verdict == "same"


def test_clashing_roles_block_a_merge_without_context() -> None:
    judge_ = person("a", "Dmitry Volkov", titles=("judge",))
    reporter = person("b", "Dmitry Volkov", titles=("journalist",))
    assert judge(judge_, reporter).verdict == "unsure"
    assert judge(person("c", "Dmitry Volkov"), person("d", "Dmitry Volkov")).verdict == "same"


def test_organisation_acronym_and_spellings_merge() -> None:
    cands = [
        IdentityCandidate("o1", "organisation", "OSCE"),
        IdentityCandidate("o2", "organisation", "Organisation for Security and Co-operation in Europe"),
        IdentityCandidate("o3", "organisation", "Organization for Security and Cooperation in Europe"),
        IdentityCandidate("o4", "organisation", "OSCE Parliamentary Assembly"),
    ]
    groups = cluster(cands, judge_all(cands))
    assert group_of(groups, "o1") == {"o1", "o2", "o3"}
    assert group_of(groups, "o4") == {"o4"}


def test_different_kinds_are_never_the_same() -> None:
    a = IdentityCandidate("a", "place", "Almaty")
    b = IdentityCandidate("b", "organisation", "Almaty")
    assert judge(a, b).verdict == "different"


# ----------------------------------------------------------------- cluster


def test_cluster_refuses_a_merge_that_joins_two_different_people() -> None:
    cands = [person(k, n) for k, n in (("a", "Ainur Kurmanov"), ("b", "A. Kurmanov"), ("c", "Aset Kurmanov"))]
    judgements = [
        Judgement("a", "b", "same", 0.9, "test"),
        Judgement("b", "c", "same", 0.8, "test"),
        Judgement("a", "c", "different", 0.05, "test"),
    ]
    groups = cluster(cands, judgements)
    assert group_of(groups, "a") == {"a", "b"}
    assert group_of(groups, "c") == {"c"}


def test_a_one_word_mention_linked_to_two_identities_joins_neither() -> None:
    cands = [person("a", "Yesenbek Ukteshbaev"), person("b", "Bolat Ukteshbaev"), person("u", "Ukteshbaev")]
    judgements = [
        Judgement("a", "b", "different", 0.05, "test"),
        Judgement("u", "a", "same", 0.6, "test"),
        Judgement("u", "b", "same", 0.6, "test"),
    ]
    groups = cluster(cands, judgements)
    assert [len(g) for g in groups] == [1, 1, 1]


def test_a_reviewer_can_flip_a_stored_judgement() -> None:
    cands = [person("a", "Aleksandr Pereverzev"), person("b", "Sasha Pereverzev")]
    stored = [judge(*cands)]
    assert stored[0].verdict == "unsure"
    assert cluster(cands, stored) == [{"a"}, {"b"}]
    flipped = review(stored[0], "same", "same man: both reports quote his union")
    assert flipped.reason.startswith("reviewer:") and flipped.score == 1.0
    assert cluster(cands, stored + [flipped]) == [{"a", "b"}]
    undone = review(flipped, "different", "two cousins")
    assert cluster(cands, stored + [flipped, undone]) == [{"a"}, {"b"}]


def test_cluster_returns_every_candidate_exactly_once() -> None:
    groups = cluster(STORY, judge_all(STORY))
    keys = [k for g in groups for k in g]
    assert sorted(keys) == sorted(c.key for c in STORY)


# --------------------------------------------------------------- blocking


def test_candidate_pairs_finds_the_variants_without_comparing_everything() -> None:
    given_names = ["Marat", "Dana", "Bolat", "Aigul", "Serik", "Zhanna", "Timur", "Gulnara"]
    surnames = ["Abenov", "Tulegenov", "Ospanov", "Sarybayev", "Nurpeisov", "Zhakupov", "Omarov"]
    cands = [person(f"{g}-{s}", f"{g} {s}") for g, s in itertools.product(given_names, surnames)]
    cands += [person("esen", "Esen", context=("x",)), person("yesenbek", "Yesenbek Ukteshbaev")]
    pairs = {frozenset((a.key, b.key)) for a, b in candidate_pairs(cands)}
    n = len(cands)
    assert len(pairs) < n * (n - 1) // 2 / 4
    assert frozenset(("esen", "yesenbek")) in pairs
    # Relatives share a block so that the judge can keep them apart.
    assert frozenset(("Marat-Abenov", "Dana-Abenov")) in pairs
    assert frozenset(("Marat-Abenov", "Dana-Tulegenov")) not in pairs


def test_candidate_pairs_yields_each_pair_once() -> None:
    pairs = [frozenset((a.key, b.key)) for a, b in candidate_pairs(STORY)]
    assert len(pairs) == len(set(pairs))
    assert all(len(p) == 2 for p in pairs)


CANDIDATE_POOL = [c for c in STORY] + [
    person("x1", "Dana Abenova", context=("marat abenov",)),
    person("x2", "Marat Abenov", context=("dana abenova",)),
    person("x3", "Abenova", context=("marat abenov",)),
    person("x4", "A. Kurmanov", context=("osce",), titles=("journalist",)),
    person("x5", "Ainur Kurmanov", titles=("judge",)),
]


@given(st.sampled_from(CANDIDATE_POOL), st.sampled_from(CANDIDATE_POOL))
@settings(max_examples=150, deadline=None)
def test_judge_is_symmetric(a: IdentityCandidate, b: IdentityCandidate) -> None:
    ab, ba = judge(a, b), judge(b, a)
    assert (ab.verdict, ab.score) == (ba.verdict, ba.score)


# -------------------------------------------------------------- evaluation


def test_name_pairs_file_has_the_required_coverage() -> None:
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 80
    negatives = [p for p in pairs if not p["same"] and p["kind"] == "person"]
    assert len(negatives) >= 25
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in p["a"] + p["b"]) for p in pairs)
    assert {p["kind"] for p in pairs} >= {"person", "organisation"}


def test_evaluation_has_zero_false_merges_and_reports_recall() -> None:
    result = evaluate_identity(PAIRS)
    print(f"\nidentity pairs: {result['pairs']}, true merges {result['true_merges']}, "
          f"false merges {result['false_merges']}, missed {result['missed']}, "
          f"precision {result['precision']:.3f}, recall {result['recall']:.3f}")
    assert result["false_merges"] == 0, result["false_merge_pairs"]
    assert result["precision"] == 1.0
    # Measured 0.924 (61/66) when written; the misses are pairs that honestly
    # lack the context a short form needs.
    assert result["recall"] > 0.8, result["missed_pairs"]


def test_seed_people_and_organisations_resolve_against_the_gold() -> None:
    """Each gold person's forms, seen as separate mentions, form one identity."""
    gold_path = SHARED / "acceptance" / "seeds.gold.yaml"
    if not gold_path.exists():
        pytest.skip("../shared/acceptance/seeds.gold.yaml is not available")
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    for section, kind in (("people", "person"), ("organisations", "organisation")):
        entries = gold[section]
        everyone = [e["name"].lower() for e in entries]
        cands: list[IdentityCandidate] = []
        owner: dict[str, int] = {}
        for i, entry in enumerate(entries):
            context = frozenset(n for n in everyone if n != entry["name"].lower())
            for j, form in enumerate([entry["name"], *entry.get("variants", [])]):
                key = f"{i}:{j}"
                owner[key] = i
                cands.append(IdentityCandidate(key, kind, form, context=context,
                                               documents=frozenset({f"{i}:{j}"})))
        groups = cluster(cands, judge_all(cands))
        for group in groups:
            assert len({owner[k] for k in group}) == 1, f"false merge: {group}"
        for i, entry in enumerate(entries):
            mine = [g for g in groups if any(owner[k] == i for k in g)]
            assert len(mine) == 1, f"{entry['name']} split into {mine}"
