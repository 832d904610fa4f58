"""ECB+ reader, coreference metrics, and the two ECB+ evaluations.

ECB+ (Cybulska and Vossen, 2014) groups news articles by topic; each topic has
two sub-topics, two similar but distinct real events (``T_Necb.xml`` is
sub-topic 1 of topic T, ``T_Necbplus.xml`` sub-topic 2). Every file holds
tokens, stand-off markables (mentions anchored on token ids) and coreference
relations. Two things are measured here:

* **stories**: cluster every document of every topic at once; a document's
  gold story is its sub-topic. Score: B-cubed F1 over documents.
* **event coreference**: cluster the gold event mentions (``ACTION_*`` and
  ``NEG_*`` markables) of the sentences listed in
  ``ECBplus_coreference_sentences.csv``, across all documents at once.
  Score: CoNLL F1, the mean of MUC, B-cubed and CEAF-e F1.

Gold event clusters: a mention's cluster is the ``instance_id`` of its
``CROSS_DOC_COREF`` relation; a mention only in an ``INTRA_DOC_COREF`` chain
forms a cluster with that chain (within its document); any other mention is a
singleton. **Singletons are kept in gold and prediction**, as in the usual
gold-mention ECB+ set-up (Cybulska and Vossen 2015, Kenyon-Dean et al. 2018,
Barhom et al. 2019); the figures without singletons are reported beside them
because Cattan et al. (2021) show singletons inflate B-cubed and CEAF-e.

The metrics follow the reference CoNLL scorer's definitions (Pradhan et al.
2014): MUC (Vilain et al. 1995) counts links, B-cubed (Bagga and Baldwin 1998)
averages per mention, CEAF-e (Luo 2005) aligns clusters one to one with the
entity similarity ``phi4 = 2|K & R| / (|K| + |R|)``.

Run::

    .venv/bin/python bench/ecb_plus.py
"""
from __future__ import annotations

import csv
import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "EcbToken",
    "EcbMention",
    "EcbDocument",
    "Scores",
    "read_document",
    "read_corpus",
    "read_selected_sentences",
    "muc",
    "b_cubed",
    "ceaf_e",
    "conll",
    "coref_scores",
    "drop_singletons",
    "evaluate_stories",
    "evaluate_event_coref",
    "story_documents",
    "event_mentions",
    "refit_default_model",
    "cross_validate_stories",
]

EVENT_PREFIXES = ("ACTION", "NEG_ACTION")
PARTICIPANT_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART")
_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")


# ---------------------------------------------------------------------- reader


@dataclass(frozen=True)
class EcbToken:
    t_id: int
    sentence: int
    number: int  # position within the sentence
    text: str


@dataclass(frozen=True)
class EcbMention:
    """One anchored markable: an event, participant, time or location mention."""

    m_id: int
    tag: str  # ACTION_OCCURRENCE, HUMAN_PART_PER, TIME_DATE, LOC_GEO, ...
    t_ids: tuple[int, ...]
    sentence: int
    text: str
    chain: str  # gold cluster id: instance_id, intra-document chain, or singleton

    @property
    def is_event(self) -> bool:
        return self.tag.startswith(EVENT_PREFIXES)

    @property
    def kind(self) -> str:
        """Coarse component: event, participant, time, location."""
        if self.is_event:
            return "event"
        if self.tag.startswith(PARTICIPANT_PREFIXES):
            return "participant"
        if self.tag.startswith("TIME"):
            return "time"
        if self.tag.startswith("LOC"):
            return "location"
        return "other"


@dataclass(frozen=True)
class EcbDocument:
    name: str  # "1_10ecbplus"
    topic: int
    subtopic: int  # 1 for *ecb.xml, 2 for *ecbplus.xml
    tokens: tuple[EcbToken, ...]
    mentions: tuple[EcbMention, ...]

    @property
    def story(self) -> str:
        """Gold story: the sub-topic, "1_ecb" or "1_ecbplus"."""
        return f"{self.topic}_{'ecb' if self.subtopic == 1 else 'ecbplus'}"

    def sentence_tokens(self) -> dict[int, list[EcbToken]]:
        out: dict[int, list[EcbToken]] = defaultdict(list)
        for tok in self.tokens:
            out[tok.sentence].append(tok)
        return dict(out)

    def text(self) -> str:
        """The article text, one sentence a line.

        ECB+'s newly collected (``ecbplus``) files carry the page URL as
        sentence 0. It is dropped: it is not article text, and keeping it
        would let a clusterer tell the two sub-topics apart by the mere
        presence of "http" and "www".
        """
        lines = []
        for number, toks in sorted(self.sentence_tokens().items()):
            if self.subtopic == 2 and number == 0 and _looks_like_url(toks):
                continue
            lines.append(" ".join(t.text for t in toks))
        return "\n".join(lines)


def _looks_like_url(tokens: Sequence[EcbToken]) -> bool:
    head = "".join(t.text for t in tokens[:4]).lower()
    return head.startswith(("http", "www"))


def read_document(path: str | Path) -> EcbDocument:
    """Parse one ECB+ XML file.

    Markables without token anchors are the cross-document instances the
    relations point at (``TAG_DESCRIPTOR``/``instance_id``), not mentions, so
    they are skipped. Intra-document chains are named after the document and
    the relation id so two documents' chains never collide.
    """
    path = Path(path)
    match = _NAME.match(path.name)
    if not match:
        raise ValueError(f"not an ECB+ file name: {path.name}")
    topic, _, kind = match.groups()
    root = ET.parse(path).getroot()
    name = path.name[: -len(".xml")]
    tokens = tuple(
        EcbToken(int(t.get("t_id")), int(t.get("sentence")), int(t.get("number")), t.text or "")
        for t in root.iter("token")
    )
    by_id = {t.t_id: t for t in tokens}
    chains: dict[int, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            sources = [int(s.get("m_id")) for s in rel.findall("source")]
            if rel.tag == "CROSS_DOC_COREF":
                chain = rel.get("note") or f"{name}:x{rel.get('r_id')}"
            elif rel.tag == "INTRA_DOC_COREF":
                chain = f"{name}:i{rel.get('r_id')}"
            else:
                continue
            for m_id in sources:
                # A cross-document instance wins over a stray intra chain.
                if rel.tag == "CROSS_DOC_COREF" or m_id not in chains:
                    chains[m_id] = chain
    mentions = []
    markables = root.find("Markables")
    for mark in markables if markables is not None else ():
        anchors = [int(a.get("t_id")) for a in mark.findall("token_anchor")]
        anchors = [a for a in anchors if a in by_id]
        if not anchors:
            continue
        m_id = int(mark.get("m_id"))
        anchors.sort()
        mentions.append(
            EcbMention(
                m_id=m_id,
                tag=mark.tag,
                t_ids=tuple(anchors),
                sentence=by_id[anchors[0]].sentence,
                text=" ".join(by_id[a].text for a in anchors),
                chain=chains.get(m_id, f"{name}:s{m_id}"),
            )
        )
    return EcbDocument(
        name=name,
        topic=int(topic),
        subtopic=1 if kind == "ecb" else 2,
        tokens=tokens,
        mentions=tuple(mentions),
    )


def _corpus_root(corpus_dir: str | Path) -> Path:
    root = Path(corpus_dir)
    return root / "ECB+" if (root / "ECB+").is_dir() else root


def read_corpus(corpus_dir: str | Path, topics: Iterable[int] | None = None) -> list[EcbDocument]:
    """Every document of the corpus (or of ``topics``), sorted by topic and name.

    ``corpus_dir`` is the benchmark folder (holding ``ECB+/``) or ``ECB+/``
    itself.
    """
    wanted = set(topics) if topics is not None else None
    docs = []
    for path in _corpus_root(corpus_dir).glob("*/*.xml"):
        match = _NAME.match(path.name)
        if not match or (wanted is not None and int(match.group(1)) not in wanted):
            continue
        docs.append(read_document(path))
    docs.sort(key=lambda d: (d.topic, d.subtopic, _doc_number(d.name)))
    return docs


def _doc_number(name: str) -> int:
    return int(name.split("_")[1].rstrip("ecbplus"))


def read_selected_sentences(corpus_dir: str | Path) -> dict[str, frozenset[int]]:
    """Document name ("1_10ecbplus") -> sentence numbers the gold covers."""
    root = Path(corpus_dir)
    path = root / "ECBplus_coreference_sentences.csv"
    if not path.exists():
        path = root.parent / "ECBplus_coreference_sentences.csv"
    out: dict[str, set[int]] = defaultdict(set)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[f"{row['Topic'].strip()}_{row['File'].strip()}"].add(int(row["Sentence Number"]))
    return {k: frozenset(v) for k, v in out.items()}


# --------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


Clusters = Sequence[Iterable[Hashable]]


def _normalise(clusters: Clusters) -> list[frozenset]:
    out = [frozenset(c) for c in clusters]
    out = [c for c in out if c]
    seen: set = set()
    for c in out:
        if seen & c:
            raise ValueError("a mention appears in two clusters")
        seen |= c
    return out


def _index(clusters: list[frozenset]) -> dict:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(key: list[frozenset], response: list[frozenset]) -> float:
    """MUC recall of ``response`` against ``key`` (swap them for precision).

    For each key cluster K, the links it needs are |K| - 1 and the links the
    response keeps are |K| - |p(K)|, where p(K) partitions K by response
    cluster and every mention missing from the response is its own part.
    """
    where = _index(response)
    needed = kept = 0
    for k in key:
        parts = {where.get(m, ("missing", m)) for m in k}
        needed += len(k) - 1
        kept += len(k) - len(parts)
    return kept / needed if needed else 0.0


def muc(key: Clusters, response: Clusters) -> Scores:
    """MUC (Vilain et al. 1995): link-based; singletons contribute nothing."""
    k, r = _normalise(key), _normalise(response)
    return Scores(precision=_muc_side(r, k), recall=_muc_side(k, r))


def _b3_side(key: list[frozenset], response: list[frozenset]) -> float:
    """Mean over key mentions of |K(m) & R(m)| / |K(m)|.

    A key mention missing from the response contributes 0, as in the
    reference scorer (it only matters for predicted mentions; with gold
    mentions both sides hold the same mentions).
    """
    where = {m: c for c in response for m in c}
    total = 0.0
    count = 0
    for k in key:
        for m in k:
            r = where.get(m)
            overlap = len(k & r) if r is not None else 0
            total += overlap / len(k)
            count += 1
    return total / count if count else 0.0


def b_cubed(key: Clusters, response: Clusters) -> Scores:
    """B-cubed (Bagga and Baldwin 1998): per-mention precision and recall."""
    k, r = _normalise(key), _normalise(response)
    return Scores(precision=_b3_side(r, k), recall=_b3_side(k, r))


def _phi4(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def _best_alignment(key: list[frozenset], response: list[frozenset]) -> float:
    """Total phi4 of the best one-to-one alignment of key and response clusters.

    Clusters that share no mention score 0 together, so the problem splits
    into connected components of the overlap graph; each component is solved
    exactly with the Hungarian method. This keeps thousands of clusters cheap.
    """
    from scipy.optimize import linear_sum_assignment

    resp_of = _index(response)
    adjacency: dict[int, set[int]] = defaultdict(set)
    for i, k in enumerate(key):
        for m in k:
            j = resp_of.get(m)
            if j is not None:
                adjacency[i].add(j)
    # Union-find over key clusters that reach the same response cluster.
    owner: dict[int, int] = {}
    parent = list(range(len(key)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, js in adjacency.items():
        for j in js:
            if j in owner:
                parent[find(i)] = find(owner[j])
            else:
                owner[j] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in adjacency:
        groups[find(i)].append(i)
    total = 0.0
    for members in groups.values():
        cols = sorted({j for i in members for j in adjacency[i]})
        if len(members) == 1 and len(cols) == 1:
            total += _phi4(key[members[0]], response[cols[0]])
            continue
        matrix = [[_phi4(key[i], response[j]) for j in cols] for i in members]
        rows, chosen = linear_sum_assignment(matrix, maximize=True)
        total += sum(matrix[r][c] for r, c in zip(rows, chosen))
    return total


def ceaf_e(key: Clusters, response: Clusters) -> Scores:
    """Entity-based CEAF (Luo 2005) with phi4 similarity."""
    k, r = _normalise(key), _normalise(response)
    similarity = _best_alignment(k, r)
    return Scores(
        precision=similarity / len(r) if r else 0.0,
        recall=similarity / len(k) if k else 0.0,
    )


def conll(key: Clusters, response: Clusters) -> float:
    """CoNLL F1: the unweighted mean of MUC, B-cubed and CEAF-e F1."""
    return (muc(key, response).f1 + b_cubed(key, response).f1 + ceaf_e(key, response).f1) / 3


def coref_scores(key: Clusters, response: Clusters) -> dict[str, dict[str, float] | float]:
    """All three metrics and their CoNLL mean, as a plain dict."""
    m, b, c = muc(key, response), b_cubed(key, response), ceaf_e(key, response)
    return {
        "muc": m.to_dict(),
        "b_cubed": b.to_dict(),
        "ceaf_e": c.to_dict(),
        "conll_f1": (m.f1 + b.f1 + c.f1) / 3,
    }


def drop_singletons(key: Clusters, response: Clusters) -> tuple[list[frozenset], list[frozenset]]:
    """Remove singleton clusters from each side independently (Cattan et al. 2021)."""
    return (
        [frozenset(c) for c in key if len(frozenset(c)) > 1],
        [frozenset(c) for c in response if len(frozenset(c)) > 1],
    )


# ------------------------------------------------------------------ stories


def _b_cubed_labels(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Scores:
    """B-cubed over items given one gold and one predicted label per item."""
    key: dict[Hashable, set[int]] = defaultdict(set)
    response: dict[Hashable, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted)):
        key[g].add(i)
        response[p].add(i)
    return b_cubed(list(key.values()), list(response.values()))


_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})


def _load_nlp():
    from chronicle.annotate.nlp import load_model

    return load_model()


@lru_cache(maxsize=2)
def story_documents(corpus_dir: str, with_entities: bool = True) -> tuple:
    """ECB+ documents as :class:`~chronicle.resolve.stories.StoryDocument`.

    Entities are the names spaCy's NER finds in the text (the labels
    Chronicle's annotate stage keeps), as the pipeline would supply them.
    ECB+ gives no publication dates, so ``published`` stays None. Cached:
    NER over the corpus takes about a minute.
    """
    from chronicle.resolve.stories import StoryDocument

    docs = read_corpus(corpus_dir)
    texts = [d.text() for d in docs]
    entities: list[frozenset[str]] = [frozenset()] * len(docs)
    if with_entities:
        nlp = _load_nlp()
        with nlp.select_pipes(enable=["ner"]):
            entities = [
                frozenset(e.text for e in parsed.ents if e.label_ in _ENTITY_LABELS)
                for parsed in nlp.pipe(texts, batch_size=32)
            ]
    return tuple(StoryDocument(key=d.name, text=t, entities=e) for d, t, e in zip(docs, texts, entities))


def _story_labels(groups: Sequence[Sequence[str]]) -> dict[str, int]:
    return {key: i for i, group in enumerate(groups) for key in group}


def _thin(gold: Sequence[str], rng, max_size: int) -> list[int]:
    """Indices keeping 1..max_size random documents of each gold story."""
    by_story: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_story[g].append(i)
    keep: list[int] = []
    for story in sorted(by_story):
        members = by_story[story]
        size = min(int(rng.integers(1, max_size + 1)), len(members))
        keep.extend(int(i) for i in rng.choice(members, size=size, replace=False))
    return sorted(keep)


def _tfidf_average_link(texts: Sequence[str], threshold: float) -> list[int]:
    """The classic baseline: unigram TF-IDF cosine, average link."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    dist = 1.0 - (matrix @ matrix.T).toarray()
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(np.clip(dist, 0, None), checks=False), method="average")
    return [int(x) for x in fcluster(tree, 1.0 - threshold, criterion="distance")]


def evaluate_stories(corpus_dir: str | Path, with_entities: bool = True, seed: int = 0) -> dict:
    """Story clustering of every ECB+ document at once, scored against sub-topics.

    Reports B-cubed over documents for the default setting, for two
    baselines (all documents of a topic merged; unigram TF-IDF average link
    at its best threshold on this very data, an optimistic baseline), on
    thinned copies of the corpus (each story cut to 1-3 or 1-8 documents:
    how the method does when stories are small), and for incremental
    assignment (half the documents clustered in batch, the rest placed one
    by one with :func:`assign_story`), with its agreement with the batch
    clustering.
    """
    import numpy as np

    from chronicle.resolve.stories import assign_story, cluster_stories, index_stories

    start = time.perf_counter()
    docs = read_corpus(corpus_dir)
    sdocs = list(story_documents(str(corpus_dir), with_entities))
    features_s = time.perf_counter() - start
    gold = [d.story for d in docs]
    t0 = time.perf_counter()
    groups = cluster_stories(sdocs)
    cluster_s = time.perf_counter() - t0
    label = _story_labels(groups)
    predicted = [label[d.key] for d in sdocs]
    result: dict = {
        "documents": len(docs),
        "topics": len({d.topic for d in docs}),
        "gold_stories": len(set(gold)),
        "predicted_stories": len(groups),
        "b_cubed": _b_cubed_labels(gold, predicted).to_dict(),
        "baseline_topic_only": _b_cubed_labels(gold, [d.topic for d in docs]).to_dict(),
    }
    texts = [d.text for d in sdocs]
    best = max(
        (_b_cubed_labels(gold, _tfidf_average_link(texts, t)).f1, t) for t in np.arange(0.05, 0.5, 0.025)
    )
    result["baseline_tfidf_average_link"] = {"f1": best[0], "threshold": round(float(best[1]), 3)}
    rng = np.random.default_rng(seed)
    thinned = {}
    for max_size in (3, 8):
        scores = []
        for _ in range(3):
            keep = _thin(gold, rng, max_size)
            sub = cluster_stories([sdocs[i] for i in keep])
            lab = _story_labels(sub)
            scores.append(_b_cubed_labels([gold[i] for i in keep], [lab[sdocs[i].key] for i in keep]).f1)
        thinned[f"stories_of_1_to_{max_size}"] = float(np.mean(scores))
    result["thinned_b_cubed_f1"] = thinned
    # Incremental: batch on a random half, then one document at a time.
    order = rng.permutation(len(sdocs))
    half = sorted(int(i) for i in order[: len(sdocs) // 2])
    rest = [int(i) for i in order[len(sdocs) // 2 :]]
    seed_docs = [sdocs[i] for i in half]
    seed_groups = cluster_stories(seed_docs)
    member = {k: g[0] for g in seed_groups for k in g}
    t0 = time.perf_counter()
    index = index_stories(seed_docs, seed_groups)
    for i in rest:
        doc = sdocs[i]
        story = assign_story(doc, index)
        index = index.with_document(story, doc)
        member[doc.key] = story if story is not None else doc.key
    incremental = [member[d.key] for d in sdocs]
    result["incremental"] = {
        "batch_documents": len(half),
        "assigned_documents": len(rest),
        "b_cubed": _b_cubed_labels(gold, incremental).to_dict(),
        "agreement_with_batch_b_cubed_f1": _b_cubed_labels(predicted, incremental).f1,
        "seconds_per_document": (time.perf_counter() - t0) / max(len(rest), 1),
    }
    result["seconds"] = {"features": features_s, "cluster": cluster_s, "total": time.perf_counter() - start}
    return result


# ------------------------------------------------------- event coreference


def _head(parsed, positions: Sequence[int]) -> int:
    """The mention's syntactic head; a content word when the head is a particle.

    Multi-word triggers such as "on suspicion of" or "according to" have a
    preposition as their dependency head; the noun or verb carries the event.
    """
    span = set(positions)
    heads = [i for i in positions if parsed[i].head.i not in span or parsed[i].head.i == i]
    head = heads[0] if heads else positions[0]
    if parsed[head].pos_ not in ("VERB", "NOUN", "ADJ", "PROPN", "AUX"):
        content = [i for i in positions if parsed[i].pos_ in ("VERB", "NOUN", "ADJ")]
        if content:
            head = content[0]
    return head


def _trigger_lemma(nlp, token) -> str:
    """spaCy's lemma, redone as a verb for title-case headline words tagged PROPN."""
    if token.pos_ != "PROPN":
        return token.lemma_.lower()
    from spacy.tokens import Doc

    word = Doc(nlp.vocab, words=[token.text.lower()], pos=["VERB"])
    return nlp.get_pipe("lemmatizer")(word)[0].lemma_.lower()


def _tree_distance(parsed, a: int, b: int) -> int:
    def ancestors(i: int) -> list[int]:
        chain = [i]
        while parsed[i].head.i != i:
            i = parsed[i].head.i
            chain.append(i)
        return chain

    up_a, up_b = ancestors(a), ancestors(b)
    where_b = {x: d for d, x in enumerate(up_b)}
    for d, x in enumerate(up_a):
        if x in where_b:
            return d + where_b[x]
    return 10**6


ARGUMENT_DISTANCE = 2  # dependency edges between a trigger and an argument it keeps


def event_mentions(
    corpus_dir: str | Path,
    stories: Mapping[str, str] | None = None,
    docs: Sequence[EcbDocument] | None = None,
):
    """Gold event mentions of the selected sentences, with their features and gold clusters.

    ``stories`` maps document name to story key (default: the gold
    sub-topic). Each mention's participants, times and locations are the
    ECB+ argument mentions of its sentence within ``ARGUMENT_DISTANCE``
    dependency edges of its trigger (a sentence often holds several events
    with different arguments). Lemmas come from spaCy run on the gold
    tokens. Returns ``(mentions, gold_clusters, topic_of_mention)``.
    """
    from spacy.tokens import Doc

    from chronicle.resolve.coreference import EventMentionFeatures

    docs = list(docs) if docs is not None else read_corpus(corpus_dir)
    selected = read_selected_sentences(corpus_dir)
    nlp = _load_nlp()
    jobs = []
    for doc in docs:
        by_sentence = doc.sentence_tokens()
        for number in sorted(selected.get(doc.name, ())):
            if number in by_sentence:
                jobs.append((doc, number, by_sentence[number]))
    words = (Doc(nlp.vocab, words=[t.text for t in toks]) for _, _, toks in jobs)
    mentions = []
    gold: dict[str, list[str]] = defaultdict(list)
    topic_of: dict[str, int] = {}
    for (doc, number, toks), parsed in zip(jobs, nlp.pipe(words, batch_size=64)):
        position = {t.t_id: i for i, t in enumerate(toks)}
        in_sentence = [m for m in doc.mentions if m.sentence == number]
        arguments = [
            (m, [position[t] for t in m.t_ids if t in position])
            for m in in_sentence
            if m.kind in ("participant", "time", "location")
        ]
        sentence_text = " ".join(t.text for t in toks)
        for m in in_sentence:
            if not m.is_event:
                continue
            positions = [position[t] for t in m.t_ids if t in position]
            if not positions:
                continue
            head = _head(parsed, positions)
            attached: dict[str, set[str]] = defaultdict(set)
            for arg, arg_positions in arguments:
                if arg_positions and min(_tree_distance(parsed, head, p) for p in arg_positions) <= ARGUMENT_DISTANCE:
                    attached[arg.kind].add(arg.text)
            key = f"{doc.name}:{m.m_id}"
            mentions.append(
                EventMentionFeatures(
                    key=key,
                    doc=doc.name,
                    trigger=m.text,
                    lemma=_trigger_lemma(nlp, parsed[head]),
                    sentence=sentence_text,
                    story=(stories or {}).get(doc.name, doc.story),
                    participants=frozenset(attached["participant"]),
                    times=frozenset(attached["time"]),
                    locations=frozenset(attached["location"]),
                )
            )
            gold[m.chain].append(key)
            topic_of[key] = doc.topic
    return mentions, list(gold.values()), topic_of


def _with_story(mentions, story_of: Callable[[object], str | None]):
    from dataclasses import replace

    return [replace(m, story=story_of(m)) for m in mentions]


def _scores_both_ways(key, response) -> dict:
    out = coref_scores(key, response)
    out["without_singletons"] = coref_scores(*drop_singletons(key, response))
    return out


def _leave_topics_out(mentions, gold, topic_of, folds: int, thresholds: Sequence[float], seed: int) -> dict:
    """Fit the pair model and pick the threshold on some topics; cluster the others.

    Pairs for fitting are formed within gold sub-topics of the training
    topics; held-out topics are clustered within the stories the mentions
    carry (predicted). Predictions of all folds are pooled and scored once.
    """
    import numpy as np

    from chronicle.resolve import coreference as co

    topics = sorted(set(topic_of.values()))
    rng = np.random.default_rng(seed)
    shuffled = [int(t) for t in rng.permutation(topics)]
    parts = [set(shuffled[i::folds]) for i in range(folds)]
    by_sub = _with_story(mentions, lambda m: m.doc.split("_")[0] + ("_ecbplus" if m.doc.endswith("ecbplus") else "_ecb"))
    predicted_all: list[list[str]] = []
    chosen = []
    for part in parts:
        train = [m for m in by_sub if topic_of[m.key] not in part]
        train_gold = [[k for k in c if topic_of[k] not in part] for c in gold]
        train_gold = [c for c in train_gold if c]
        model = co.fit_pair_model(train, train_gold)
        train_pred = [m for m in mentions if topic_of[m.key] not in part]
        groups, pairs, feats = co.story_pairs(train_pred)
        probs = co.pair_probabilities(feats, model)
        best = max(
            (conll(train_gold, co._clusters_from(train_pred, groups, pairs, probs, t)), t) for t in thresholds
        )
        chosen.append(best[1])
        test = [m for m in mentions if topic_of[m.key] in part]
        predicted_all.extend(co.cluster_event_mentions(test, threshold=best[1], model=model))
    out = _scores_both_ways(gold, predicted_all)
    out["folds"] = folds
    out["thresholds_chosen"] = chosen
    return out


CV_THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6)  # cuts each leave-topics-out fold chooses among


def evaluate_event_coref(
    corpus_dir: str | Path,
    with_entities: bool = True,
    folds: int = 5,
    seed: int = 0,
    cv_seeds: int = 1,
) -> dict:
    """Cross-document event coreference on gold mentions, all topics at once.

    Stories come from :func:`~chronicle.resolve.stories.cluster_stories`
    over all documents (predicted, as in use). Reports CoNLL F1 (with MUC,
    B-cubed, CEAF-e; singletons kept, and again without them) for the
    default model, for the same model within gold sub-topics, for the lemma
    baseline within predicted stories, gold sub-topics and gold topics, and
    leave-topics-out cross-validation of the model fit and threshold.

    With ``cv_seeds`` > 1 the cross-validation is repeated with that many
    random assignments of topics to folds (seeds ``seed``, ``seed + 1``,
    ...): which topics share a fold moves the figure by a few tenths of a
    point, as much as most single changes to the model, so a change should
    be judged on the mean over assignments.
    """
    from chronicle.resolve import coreference as co
    from chronicle.resolve.stories import cluster_stories

    start = time.perf_counter()
    docs = read_corpus(corpus_dir)
    sdocs = list(story_documents(str(corpus_dir), with_entities))
    story_groups = cluster_stories(sdocs)
    predicted_story = {k: f"s{i}" for i, g in enumerate(story_groups) for k in g}
    mentions, gold, topic_of = event_mentions(corpus_dir, predicted_story, docs)
    prepared_s = time.perf_counter() - start
    t0 = time.perf_counter()
    predicted = co.cluster_event_mentions(mentions)
    cluster_s = time.perf_counter() - t0
    by_sub = _with_story(mentions, lambda m: m.doc.split("_")[0] + ("_ecbplus" if m.doc.endswith("ecbplus") else "_ecb"))
    by_topic = _with_story(mentions, lambda m: m.doc.split("_")[0])
    result = {
        "mentions": len(mentions),
        "gold_clusters": len(gold),
        "gold_singletons": sum(1 for c in gold if len(c) == 1),
        "singletons": "kept in gold and prediction (figures without them under 'without_singletons')",
        "model_predicted_stories": _scores_both_ways(gold, predicted),
        "model_gold_subtopics": _scores_both_ways(gold, co.cluster_event_mentions(by_sub)),
        "lemma_baseline": {
            "predicted_stories": _scores_both_ways(gold, co.lemma_baseline(mentions)),
            "gold_subtopics": _scores_both_ways(gold, co.lemma_baseline(by_sub)),
            "gold_topics": _scores_both_ways(gold, co.lemma_baseline(by_topic)),
        },
    }
    if folds > 1:
        runs = [
            _leave_topics_out(mentions, gold, topic_of, folds, CV_THRESHOLDS, s)
            for s in range(seed, seed + max(cv_seeds, 1))
        ]
        result["leave_topics_out"] = runs[0]
        if len(runs) > 1:
            scores = [r["conll_f1"] for r in runs]
            result["leave_topics_out_seeds"] = {
                "seeds": list(range(seed, seed + len(runs))),
                "conll_f1": scores,
                "mean_conll_f1": sum(scores) / len(scores),
                "mean": {
                    name: sum(r[name]["f1"] for r in runs) / len(runs) for name in ("muc", "b_cubed", "ceaf_e")
                },
                "thresholds_chosen": [t for r in runs for t in r["thresholds_chosen"]],
            }
    result["seconds"] = {"prepare": prepared_s, "cluster": cluster_s, "total": time.perf_counter() - start}
    return result


def refit_default_model(corpus_dir: str | Path):
    """The pair model fitted on every topic here (what DEFAULT_MODEL holds)."""
    from chronicle.resolve import coreference as co

    mentions, gold, _ = event_mentions(corpus_dir)
    return co.fit_pair_model(mentions, gold)


# ------------------------------------------- stories: leave-topics-out CV

STORY_GRID = {
    "weights": {  # text, lead, numbers, entities
        "text+lead+numbers": (0.6, 0.3, 0.1, 0.0),
        "text+lead+numbers+entities": (0.5, 0.25, 0.1, 0.15),
        "text+lead+numbers+entities(x2)": (0.4, 0.2, 0.1, 0.3),
    },
    "neighbours": (3, 5, 8),
    "floor": (0.1, 0.15, 0.2),
    "mix": (0.0, 0.3, 0.5),
    "threshold": tuple(round(0.025 * i, 3) for i in range(1, 20)),
}


def _story_grid_scores(sdocs, gold, indices, seeds, grid) -> dict:
    """B-cubed F1 of every setting on the documents at ``indices`` and on thinned copies.

    Returns setting -> (objective, full F1, mean thinned F1); the objective
    is the mean of the full and thinned scores, so a setting must work for
    ECB+'s large stories and for small ones.
    """
    from dataclasses import replace as dc_replace

    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from chronicle.resolve.stories import StoryParams, first_order_similarity, shared_neighbour_similarity

    sets = {"full": list(indices)}
    for seed in seeds:
        rng = np.random.default_rng(seed)
        for max_size in (2, 4, 8):
            sub = _thin([gold[i] for i in indices], rng, max_size)
            sets[f"thin{max_size}_{seed}"] = [indices[i] for i in sub]
    scores: dict[tuple, dict[str, float]] = defaultdict(dict)
    for name, idx in sets.items():
        docs = [sdocs[i] for i in idx]
        labels_gold = [gold[i] for i in idx]
        for wname, (tw, lw, nw, ew) in grid["weights"].items():
            params = StoryParams(text_weight=tw, lead_weight=lw, numbers_weight=nw, entities_weight=ew)
            first = first_order_similarity(docs, params)
            for k in grid["neighbours"]:
                for floor in grid["floor"]:
                    for mix in grid["mix"]:
                        p = dc_replace(params, neighbours=k, floor=floor, mix=mix)
                        sim = mix * first + (1 - mix) * shared_neighbour_similarity(first, p)
                        dist = np.clip(1.0 - (sim + sim.T) / 2, 0, None)
                        np.fill_diagonal(dist, 0.0)
                        tree = linkage(squareform(dist, checks=False), method="average")
                        for t in grid["threshold"]:
                            lab = fcluster(tree, 1.0 - t, criterion="distance")
                            scores[(wname, k, floor, mix, t)][name] = _b_cubed_labels(labels_gold, lab).f1
    out = {}
    for setting, by_set in scores.items():
        thin = float(np.mean([v for n, v in by_set.items() if n != "full"]))
        out[setting] = (0.5 * by_set["full"] + 0.5 * thin, by_set["full"], thin)
    return out


def cross_validate_stories(corpus_dir: str | Path, folds: int = 5, seed: int = 0, grid: dict | None = None) -> dict:
    """Leave-topics-out choice of the story setting, scored on held-out topics.

    For each fold the setting (view weights, neighbours, floor, mix,
    threshold) that maximises the mean of full and thinned B-cubed F1 on
    the training topics is applied to the held-out topics, clustered on
    their own. Held-out predictions are pooled for one B-cubed figure.
    Slow (minutes): it clusters the corpus a few thousand times.
    """
    import numpy as np

    grid = grid or STORY_GRID
    start = time.perf_counter()
    docs = read_corpus(corpus_dir)
    sdocs = list(story_documents(str(corpus_dir), True))
    gold = [d.story for d in docs]
    topic = [d.topic for d in docs]
    rng = np.random.default_rng(seed)
    shuffled = [int(t) for t in rng.permutation(sorted(set(topic)))]
    parts = [set(shuffled[i::folds]) for i in range(folds)]
    pooled: list[str] = [""] * len(docs)
    per_fold = []
    for f, part in enumerate(parts):
        train = [i for i in range(len(docs)) if topic[i] not in part]
        test = [i for i in range(len(docs)) if topic[i] in part]
        train_scores = _story_grid_scores(sdocs, gold, train, (1, 2), grid)
        best = max(train_scores, key=lambda s: train_scores[s][0])
        test_scores = _story_grid_scores(sdocs, gold, test, (11, 12), _single_setting(grid, best))
        from chronicle.resolve.stories import StoryParams, cluster_stories

        wname, k, floor, mix, t = best
        tw, lw, nw, ew = grid["weights"][wname]
        params = StoryParams(text_weight=tw, lead_weight=lw, numbers_weight=nw, entities_weight=ew,
                             neighbours=k, floor=floor, mix=mix)
        groups = cluster_stories([sdocs[i] for i in test], threshold=t, params=params)
        label = _story_labels(groups)
        for i in test:
            pooled[i] = f"{f}:{label[sdocs[i].key]}"
        full, thin = test_scores[best][1], test_scores[best][2]
        per_fold.append({"setting": list(best), "train_objective": train_scores[best][0],
                         "test_b_cubed_f1": full, "test_thinned_b_cubed_f1": thin})
    return {
        "folds": per_fold,
        "pooled_b_cubed": _b_cubed_labels(gold, pooled).to_dict(),
        "mean_thinned_b_cubed_f1": float(np.mean([p["test_thinned_b_cubed_f1"] for p in per_fold])),
        "seconds": time.perf_counter() - start,
    }


def _single_setting(grid: dict, setting: tuple) -> dict:
    wname, k, floor, mix, t = setting
    return {"weights": {wname: grid["weights"][wname]}, "neighbours": (k,), "floor": (floor,),
            "mix": (mix,), "threshold": (t,)}
