"""Group documents that report the same story.

A *story* is one real-world happening and its coverage: the reports of one
arrest and its hearing, not every arrest of the same activist. Stories are
what cross-document event fusion runs within (see
:mod:`chronicle.resolve.coreference`), so two similar but distinct events
(two trials of one person, two boxing fights of one champion) must end up in
different stories while the heterogeneous coverage of one event stays
together.

Method (measured on ECB+, see ``docs/stories.md``):

1. **First-order similarity** of two documents is a weighted sum of TF-IDF
   cosines over four views of each document: the whole text (word unigrams
   and bigrams, English stop words dropped), its lead (first sentences, where
   the who/what/when of a news report sits), its numbers (scores, ages,
   counts, dates: they differ between similar events), and its entity names.
   When both documents carry a publication date, the similarity is damped as
   the dates drift more than a month apart.
2. **Shared-neighbour similarity**: each document keeps its ``neighbours``
   most similar documents whose first-order similarity reaches ``floor``;
   two documents are similar when their neighbour lists (each including the
   document itself) overlap. This is what separates sibling stories: the
   coverage of one event is more similar to itself than to the coverage of
   its sibling, even when single pairs across the two are close. The floor
   keeps a document with no close neighbour on its own, so one-off reports
   are not glued to the nearest story.
3. The final similarity mixes the two (``mix``) and documents are grouped by
   **average-link agglomerative clustering**, merging while the average
   similarity between two groups reaches ``threshold``.

All parameters are one global setting chosen by leave-topics-out
cross-validation on ECB+ topics 1-35, scored on the whole corpus and on
thinned copies of it (stories cut to 1-8 documents) so that the choice does
not rely on ECB+'s ten-documents-a-story shape.

:func:`assign_story` places one new document without re-clustering: it
compares the document with each story's centroid, which for a linear
similarity is exactly the average-link similarity between the document and
the story's members (first-order only; the shared-neighbour step needs the
whole collection).

:func:`place_document` makes the same choice from a persisted index (term
document frequencies, per-story sums of member vectors, an inverted index by
term; :class:`StoryPostings`), reading only the stories that share the new
document's rarer terms, so that placing a document in a store of 10,000
costs about what it costs in a store of 1,000.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Protocol

import numpy as np

__all__ = [
    "StoryDocument",
    "StoryParams",
    "StoryProfile",
    "StoryIndex",
    "DEFAULT_PARAMS",
    "DEFAULT_THRESHOLD",
    "DEFAULT_ASSIGN_THRESHOLD",
    "document_views",
    "first_order_similarity",
    "shared_neighbour_similarity",
    "story_similarity",
    "cluster_stories",
    "index_stories",
    "assign_story",
    "date_factor",
    "TermKey",
    "StoryPostings",
    "Placement",
    "MemoryStoryIndex",
    "smoothed_idf",
    "index_terms",
    "place_document",
    "build_story_index",
]


@dataclass(frozen=True)
class StoryDocument:
    key: str
    text: str
    entities: frozenset[str] = frozenset()
    published: str | None = None  # ISO date; only the first 10 characters are read


@dataclass(frozen=True)
class StoryParams:
    """One global setting; see ``docs/stories.md`` for how it was chosen."""

    text_weight: float = 0.5
    lead_weight: float = 0.25
    numbers_weight: float = 0.1
    entities_weight: float = 0.15
    lead_sentences: int = 4
    neighbours: int = 3
    floor: float = 0.1
    mix: float = 0.3  # share of first-order similarity in the final similarity
    date_grace_days: int = 30  # no damping within this gap
    date_full_days: int = 365  # damping reaches its minimum at this gap
    date_min_factor: float = 0.5
    min_df: int = 1  # text and lead views: terms seen in fewer documents are ignored
    stop_words: bool = True


DEFAULT_PARAMS = StoryParams()
DEFAULT_THRESHOLD = 0.05
# assign_story compares first-order similarity with a centroid, a different
# scale from the mixed similarity the batch threshold applies to.
DEFAULT_ASSIGN_THRESHOLD = 0.12

VIEWS = ("text", "lead", "numbers", "entities")

_WORD = re.compile(r"\b\w\w+\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![\w])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _terms(text: str, drop_stop_words: bool = True) -> list[str]:
    """Lower-cased word unigrams and bigrams, stop words left out.

    Bigrams join the content words that remain adjacent once stop words
    are gone ("hasim rahman", "gulf aden"): names and fixed phrases, which
    tell sibling stories apart better than single words.
    """
    stop = _stop_words() if drop_stop_words else frozenset()
    words = [w for w in _WORD.findall(text.lower()) if w not in stop]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _lead(text: str, sentences: int) -> str:
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    return " ".join(parts[:sentences])


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _entity_terms(entities: frozenset[str]) -> list[str]:
    return sorted({" ".join(e.casefold().split()) for e in entities if e.strip()})


def document_views(doc: StoryDocument, params: StoryParams = DEFAULT_PARAMS) -> dict[str, list[str]]:
    """The four bags of terms a document is compared on."""
    return {
        "text": _terms(doc.text, params.stop_words),
        "lead": _terms(_lead(doc.text, params.lead_sentences), params.stop_words),
        "numbers": _numbers(doc.text),
        "entities": _entity_terms(doc.entities),
    }


def _weights(params: StoryParams) -> dict[str, float]:
    return {
        "text": params.text_weight,
        "lead": params.lead_weight,
        "numbers": params.numbers_weight,
        "entities": params.entities_weight,
    }


# ------------------------------------------------------------------- dates


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_factor(gap_days: float | None, params: StoryParams = DEFAULT_PARAMS) -> float:
    """Damping for two reports ``gap_days`` apart (1.0 when unknown).

    Follow-ups (charges, hearings) arrive weeks after the event and still
    belong to its story, so nothing changes within ``date_grace_days``;
    beyond it the factor falls linearly to ``date_min_factor`` at
    ``date_full_days``. It never reaches zero: a report may be published
    long after the event it is about.
    """
    if gap_days is None:
        return 1.0
    gap = abs(gap_days)
    if gap <= params.date_grace_days:
        return 1.0
    span = max(params.date_full_days - params.date_grace_days, 1)
    drop = min((gap - params.date_grace_days) / span, 1.0)
    return 1.0 - drop * (1.0 - params.date_min_factor)


def _date_matrix(docs: Sequence[StoryDocument], params: StoryParams) -> np.ndarray | None:
    """Pairwise :func:`date_factor`; 1.0 wherever a date is missing."""
    days = [_day(d.published) for d in docs]
    known = np.array([d is not None for d in days])
    if known.sum() < 2:
        return None
    ordinal = np.array([d.toordinal() if d is not None else 0 for d in days], dtype=float)
    gap = np.abs(ordinal[:, None] - ordinal[None, :])
    span = max(params.date_full_days - params.date_grace_days, 1)
    drop = np.clip((gap - params.date_grace_days) / span, 0.0, 1.0)
    factor = 1.0 - drop * (1.0 - params.date_min_factor)
    both = known[:, None] & known[None, :]
    return np.where(both, factor, 1.0)


# -------------------------------------------------------------- similarity


@dataclass(frozen=True)
class _Vectoriser:
    """IDF and vocabulary of one view, fitted on a collection."""

    idf: Mapping[str, float]

    def vector(self, terms: Sequence[str]) -> dict[str, float]:
        """Sublinear TF-IDF, L2-normalised; terms outside the vocabulary are dropped."""
        counts = Counter(t for t in terms if t in self.idf)
        weights = {t: (1.0 + math.log(c)) * self.idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items()} if norm else {}


def _fit_view(bags: Sequence[Sequence[str]], min_df: int = 1) -> tuple[object, _Vectoriser]:
    """TF-IDF matrix of one view (rows L2-normalised) and its vectoriser.

    Smoothed IDF as scikit-learn computes it, so a collection of two or
    three documents still gets sensible weights.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(bags):
        return None, _Vectoriser({})
    vectoriser = TfidfVectorizer(analyzer=lambda bag: bag, sublinear_tf=True, lowercase=False, min_df=min_df)
    try:
        matrix = vectoriser.fit_transform(bags)
    except ValueError:  # min_df left no term at all
        return None, _Vectoriser({})
    idf = dict(zip(vectoriser.get_feature_names_out(), vectoriser.idf_.tolist()))
    return matrix, _Vectoriser(idf)


def _view_weights(views: Sequence[Mapping[str, list[str]]], params: StoryParams) -> dict[str, float]:
    """Weights of the views some document has, rescaled to sum to 1.

    A view nobody has (no entities supplied, no numbers) must not shrink
    every similarity: its weight goes to the others.
    """
    return _weights_of_present({v for v in VIEWS if any(view[v] for view in views)}, params)


def _weights_of_present(present: Collection[str], params: StoryParams) -> dict[str, float]:
    kept = {v: w for v, w in _weights(params).items() if w > 0 and v in present}
    total = sum(kept.values()) or 1.0
    return {v: w / total for v, w in kept.items()}


def _fit_views(
    docs: Sequence[StoryDocument], params: StoryParams
) -> tuple[dict[str, object], dict[str, _Vectoriser], dict[str, float]]:
    """Per view: the TF-IDF matrix of ``docs``, its vectoriser, and the view's weight."""
    views = [document_views(d, params) for d in docs]
    weights = _view_weights(views, params)
    matrices: dict[str, object] = {}
    vectorisers: dict[str, _Vectoriser] = {}
    for view in weights:
        min_df = params.min_df if view in ("text", "lead") else 1
        matrices[view], vectorisers[view] = _fit_view([v[view] for v in views], min_df)
    return matrices, vectorisers, weights


def first_order_similarity(docs: Sequence[StoryDocument], params: StoryParams = DEFAULT_PARAMS) -> np.ndarray:
    """Pairwise first-order similarity (weighted TF-IDF cosines, date-damped), unit diagonal."""
    matrices, _, weights = _fit_views(docs, params)
    n = len(docs)
    sim = np.zeros((n, n))
    for view, weight in weights.items():
        matrix = matrices[view]
        if matrix is not None:
            sim += weight * (matrix @ matrix.T).toarray()
    dates = _date_matrix(docs, params)
    if dates is not None:
        sim *= dates
    np.fill_diagonal(sim, 1.0)
    return sim


def shared_neighbour_similarity(sim: np.ndarray, params: StoryParams = DEFAULT_PARAMS) -> np.ndarray:
    """Cosine between the documents' neighbour profiles.

    A profile holds the document itself (weight 1) and its ``neighbours``
    most similar documents at or above ``floor`` (weighted by similarity).
    """
    n = sim.shape[0]
    profile = sim.copy()
    np.fill_diagonal(profile, 0.0)
    k = params.neighbours
    if 0 < k < n - 1:
        kth = -np.partition(-profile, k - 1, axis=1)[:, k - 1 : k]
        profile = np.where(profile >= kth, profile, 0.0)
    profile = np.where(profile >= params.floor, profile, 0.0)
    np.fill_diagonal(profile, 1.0)
    profile /= np.linalg.norm(profile, axis=1, keepdims=True)
    return profile @ profile.T


def story_similarity(docs: Sequence[StoryDocument], params: StoryParams = DEFAULT_PARAMS) -> np.ndarray:
    """The similarity the batch clustering runs on (first-order mixed with shared-neighbour)."""
    first = first_order_similarity(docs, params)
    return params.mix * first + (1.0 - params.mix) * shared_neighbour_similarity(first, params)


def _average_link(sim: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels from average-link clustering cut at ``threshold`` similarity."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = sim.shape[0]
    if n == 1:
        return [0]
    dist = 1.0 - (sim + sim.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(np.clip(dist, 0.0, None), checks=False), method="average")
    # fcluster keeps merges at distance <= t; similarity >= threshold.
    return [int(x) for x in fcluster(tree, 1.0 - threshold, criterion="distance")]


def cluster_stories(
    docs: Sequence[StoryDocument],
    threshold: float = DEFAULT_THRESHOLD,
    params: StoryParams = DEFAULT_PARAMS,
) -> list[list[str]]:
    """Group documents by story; returns groups of keys.

    Groups come out in the order of their first document and keep input
    order inside, so the result is deterministic. Memory is quadratic in the
    number of documents: for a continuous stream use :func:`assign_story`.
    """
    keys = [d.key for d in docs]
    if len(set(keys)) != len(keys):
        raise ValueError("document keys must be unique")
    if not docs:
        return []
    labels = _average_link(story_similarity(docs, params), threshold)
    groups: dict[int, list[str]] = {}
    for key, label in zip(keys, labels):
        groups.setdefault(label, []).append(key)
    return list(groups.values())


# ------------------------------------------------------------- incremental


@dataclass(frozen=True)
class StoryProfile:
    """A story as :func:`assign_story` sees it: centroids and a date range.

    ``centroids[view]`` is the mean of the members' unit TF-IDF vectors, so
    its dot product with a new document's unit vector is the average cosine
    between the document and the members.
    """

    key: str
    size: int
    centroids: Mapping[str, Mapping[str, float]]
    first_published: str | None = None
    last_published: str | None = None


@dataclass(frozen=True)
class StoryIndex:
    """Fitted IDF per view and the current stories; immutable, updated by copy."""

    vectorisers: Mapping[str, _Vectoriser]
    weights: Mapping[str, float]
    stories: tuple[StoryProfile, ...]
    params: StoryParams = field(default=DEFAULT_PARAMS)

    def vectors(self, doc: StoryDocument) -> dict[str, dict[str, float]]:
        views = document_views(doc, self.params)
        return {v: vec.vector(views[v]) for v, vec in self.vectorisers.items()}

    def with_document(self, key: str | None, doc: StoryDocument) -> "StoryIndex":
        """A copy with ``doc`` added to story ``key`` (a new story when absent or None).

        The IDF stays as fitted: re-fitting on every arrival would change
        every stored centroid. Re-index in batch now and then.
        """
        vectors = self.vectors(doc)
        stories = list(self.stories)
        position = next((i for i, s in enumerate(stories) if s.key == key), None)
        if position is None:
            stories.append(_profile(key or doc.key, [vectors], [doc.published]))
            return replace(self, stories=tuple(stories))
        old = stories[position]
        centroids = {
            view: _mean_update(old.centroids.get(view, {}), old.size, vectors.get(view, {}))
            for view in self.vectorisers
        }
        dates = [d for d in (old.first_published, old.last_published, doc.published) if _day(d)]
        stories[position] = StoryProfile(
            key=old.key,
            size=old.size + 1,
            centroids=centroids,
            first_published=min(dates, key=lambda d: _day(d)) if dates else None,
            last_published=max(dates, key=lambda d: _day(d)) if dates else None,
        )
        return replace(self, stories=tuple(stories))


def _mean_update(mean: Mapping[str, float], size: int, vector: Mapping[str, float]) -> dict[str, float]:
    out = {t: w * size for t, w in mean.items()}
    for t, w in vector.items():
        out[t] = out.get(t, 0.0) + w
    return {t: w / (size + 1) for t, w in out.items()}


def _profile(key: str, vectors: Sequence[Mapping[str, Mapping[str, float]]], dates: Sequence[str | None]) -> StoryProfile:
    centroids: dict[str, dict[str, float]] = {}
    for vec in vectors:
        for view, weights in vec.items():
            bucket = centroids.setdefault(view, {})
            for t, w in weights.items():
                bucket[t] = bucket.get(t, 0.0) + w
    size = len(vectors)
    centroids = {v: {t: w / size for t, w in c.items()} for v, c in centroids.items()}
    known = sorted((d for d in dates if _day(d)), key=lambda d: _day(d))
    return StoryProfile(
        key=key,
        size=size,
        centroids=centroids,
        first_published=known[0] if known else None,
        last_published=known[-1] if known else None,
    )


def index_stories(
    docs: Sequence[StoryDocument],
    groups: Sequence[Sequence[str]],
    params: StoryParams = DEFAULT_PARAMS,
) -> StoryIndex:
    """Fit the IDF on ``docs`` and profile each group (e.g. cluster_stories' output).

    A story's key is the key of its first document.
    """
    _, vectorisers, weights = _fit_views(docs, params) if docs else ({}, {}, {})
    by_key = {d.key: d for d in docs}
    index = StoryIndex(vectorisers=vectorisers, weights=weights, stories=(), params=params)
    profiles = []
    for group in groups:
        members = [by_key[k] for k in group]
        profiles.append(
            _profile(group[0], [index.vectors(m) for m in members], [m.published for m in members])
        )
    return replace(index, stories=tuple(profiles))


def _gap_to_story(doc: StoryDocument, story: StoryProfile) -> float | None:
    return _gap(_day(doc.published), story.first_published, story.last_published)


def _gap(day: date | None, first_published: str | None, last_published: str | None) -> float | None:
    if day is None:
        return None
    first, last = _day(first_published), _day(last_published)
    if first is None or last is None:
        return None
    if first <= day <= last:
        return 0.0
    return float(min(abs((day - first).days), abs((day - last).days)))


def _centroid_similarity(index: StoryIndex, vectors: Mapping[str, Mapping[str, float]], story: StoryProfile) -> float:
    total = 0.0
    for view, weight in index.weights.items():
        vec, centroid = vectors.get(view, {}), story.centroids.get(view, {})
        if len(vec) > len(centroid):
            vec, centroid = centroid, vec
        total += weight * sum(w * centroid.get(t, 0.0) for t, w in vec.items())
    return total


def assign_story(
    doc: StoryDocument,
    existing_stories: StoryIndex,
    threshold: float = DEFAULT_ASSIGN_THRESHOLD,
) -> str | None:
    """The key of the story ``doc`` belongs to, or None for a new story.

    Picks the story whose centroid is most similar (weighted view cosines,
    damped by the gap between ``doc.published`` and the story's date
    range) when that similarity reaches ``threshold``.
    """
    if not existing_stories.stories:
        return None
    return _best_story(doc, existing_stories, existing_stories.vectors(doc), threshold)


def _best_story(
    doc: StoryDocument, index: StoryIndex, vectors: Mapping[str, Mapping[str, float]], threshold: float
) -> str | None:
    best_key, best = None, -1.0
    for story in index.stories:
        score = _centroid_similarity(index, vectors, story)
        score *= date_factor(_gap_to_story(doc, story), index.params)
        if score > best:
            best_key, best = story.key, score
    return best_key if best >= threshold else None


# ---------------------------------------------------- persisted story index
#
# ``index_stories`` refits the IDF on every document it is given, so placing
# one document in a large collection that way costs as much as the whole
# collection. ``place_document`` gets the same answer from what a store can
# keep up to date cheaply: each term's document frequency, and per story the
# sum of its members' unit vectors (an inverted index by term). It reads only
# the stories that share the document's rarest terms, so its cost follows
# the document, not the collection.

TermKey = tuple[str, str]  # (view, term)

# A "word" longer than this is an identifier or an encoding artefact, and
# too long for an index key: it is left out of the persisted index.
MAX_TERM_LENGTH = 200
# Postings read to find candidate stories: the rarest terms of the document
# first, until their document frequencies add up to this. A story sharing
# only common words with a report is not its story; the bound keeps the
# work per document flat as the collection grows.
POSTINGS_BUDGET = 2000
# Candidates (best by the score on the rare terms) that get a full score.
SHORTLIST = 10


class StoryPostings(Protocol):
    """What :func:`place_document` reads from a persisted story index.

    Stories are keyed by strings. ``Store`` implements it over SQL tables,
    :class:`MemoryStoryIndex` in memory."""

    def story_index_size(self) -> int:
        """Documents in the index (the N of the IDF)."""
        ...

    def story_views(self) -> set[str]:
        """Views at least one indexed document has a term in."""
        ...

    def story_term_frequencies(self, terms: Collection[TermKey]) -> dict[TermKey, int]:
        """Document frequencies of those terms the index has."""
        ...

    def story_postings(self, terms: Collection[TermKey]) -> dict[str, dict[TermKey, float]]:
        """Every story having one of ``terms``, with its weight sums on them."""
        ...

    def story_weights(self, stories: Collection[str], terms: Collection[TermKey]) -> dict[str, dict[TermKey, float]]:
        """Weight sums of these stories on these terms (zeros left out)."""
        ...

    def story_shapes(self, stories: Collection[str]) -> dict[str, tuple[int, str | None, str | None]]:
        """(size, first published, last published) of these stories."""
        ...


@dataclass(frozen=True)
class Placement:
    """Where a document goes, and what it adds to the index there.

    ``vector`` is the document's unit TF-IDF vector with the document itself
    counted in the IDF, as a batch fit that includes it would weigh it."""

    story: str | None  # the story it joins; None: it starts one
    terms: frozenset[TermKey]  # its distinct terms, whose frequencies grow by one
    vector: Mapping[TermKey, float]
    published: str | None


def smoothed_idf(df: int, documents: int) -> float:
    """IDF as scikit-learn smooths it (what ``index_stories`` fits)."""
    return math.log((1 + documents) / (1 + df)) + 1.0


def index_terms(doc: StoryDocument, params: StoryParams = DEFAULT_PARAMS) -> dict[str, list[str]]:
    """:func:`document_views` without the terms too long for the index."""
    return {v: [t for t in bag if len(t) <= MAX_TERM_LENGTH] for v, bag in document_views(doc, params).items()}


def _min_df(view: str, params: StoryParams) -> int:
    return params.min_df if view in ("text", "lead") else 1


def _vectors_from_df(
    bags: Mapping[str, Sequence[str]], df: Mapping[TermKey, int], documents: int, views: Collection[str], params: StoryParams
) -> dict[str, dict[str, float]]:
    """Unit TF-IDF vectors of one document per view, IDF from ``df``;
    terms below the view's ``min_df`` (or unknown) are out of the vocabulary."""
    out = {}
    for view in views:
        idf = {t: smoothed_idf(df[(view, t)], documents) for t in set(bags.get(view, ()))
               if df.get((view, t), 0) >= _min_df(view, params)}
        out[view] = _Vectoriser(idf).vector(bags.get(view, ()))
    return out


def _published(doc: StoryDocument) -> str | None:
    return doc.published[:10] if _day(doc.published) else None


def place_document(
    doc: StoryDocument,
    index: StoryPostings,
    threshold: float = DEFAULT_ASSIGN_THRESHOLD,
    params: StoryParams = DEFAULT_PARAMS,
    *,
    budget: int = POSTINGS_BUDGET,
    shortlist: int = SHORTLIST,
) -> Placement:
    """The story ``doc`` joins in a persisted index, as :func:`assign_story` would choose it.

    The document is scored against the stories that share its rarest terms
    (postings up to ``budget``), the ``shortlist`` best of them completed on
    all its terms; the IDF is the index's current one. With an unlimited
    budget and shortlist this is exactly :func:`assign_story` over
    ``index_stories`` of the indexed documents.
    """
    bags = index_terms(doc, params)
    keys = {(v, t) for v, bag in bags.items() for t in bag}
    documents = index.story_index_size()
    df = index.story_term_frequencies(keys) if documents else {}
    weights = _weights_of_present(index.story_views(), params) if documents else {}
    query = _vectors_from_df(bags, df, documents, weights, params)
    story = None
    if any(query.values()):
        story = _choose_story(doc, index, query, df, weights, threshold, params, budget, shortlist)
    after = {k: df.get(k, 0) + 1 for k in keys}
    views = [v for v in VIEWS if bags.get(v)]
    member = _vectors_from_df(bags, after, documents + 1, views, params)
    vector = {(v, t): w for v, vec in member.items() for t, w in vec.items()}
    return Placement(story, frozenset(keys), vector, _published(doc))


def _choose_story(
    doc: StoryDocument,
    index: StoryPostings,
    query: Mapping[str, Mapping[str, float]],
    df: Mapping[TermKey, int],
    weights: Mapping[str, float],
    threshold: float,
    params: StoryParams,
    budget: int,
    shortlist: int,
) -> str | None:
    terms = sorted((df[(v, t)], v, t) for v, vec in query.items() for t in vec)
    rare: list[TermKey] = []
    spent = 0
    for frequency, view, term in terms:
        if spent + frequency > budget:
            break
        rare.append((view, term))
        spent += frequency
    found = index.story_postings(rare) if rare else {}
    shapes = index.story_shapes(list(found))

    def profile(key: str, sums: Mapping[TermKey, float]) -> StoryProfile:
        size, first, last = shapes[key]
        centroids: dict[str, dict[str, float]] = {}
        for (view, term), w in sums.items():
            centroids.setdefault(view, {})[term] = w / size
        return StoryProfile(key, size, centroids, first, last)

    # The score on the rare terms alone ranks the candidates.
    factor = {(v, t): weights[v] * query[v][t] for v, t in rare}
    day = _day(doc.published)
    partial = {}
    for key, sums in found.items():
        size, first, last = shapes[key]
        score = sum(factor[k] * w for k, w in sums.items()) / size
        partial[key] = score * date_factor(_gap(day, first, last), params)
    best = sorted(partial, key=lambda k: (-partial[k], k))[:shortlist]
    scoring = StoryIndex(vectorisers={}, weights=weights, stories=(), params=params)
    read = set(rare)
    rest = [(v, t) for v, vec in query.items() for t in vec if (v, t) not in read]
    more = index.story_weights(best, rest) if best and rest else {}
    stories = tuple(profile(key, {**found[key], **more.get(key, {})}) for key in best)
    return _best_story(doc, replace(scoring, stories=stories), query, threshold)


@dataclass
class MemoryStoryIndex:
    """A persisted story index held in memory: what a store keeps, built by
    :func:`build_story_index` and grown by :meth:`add`. Mutable, unlike
    :class:`StoryIndex`: it is the working copy a rebuild fills."""

    documents: int = 0
    df: dict[TermKey, int] = field(default_factory=dict)
    postings: dict[TermKey, dict[str, float]] = field(default_factory=dict)
    shapes: dict[str, tuple[int, str | None, str | None]] = field(default_factory=dict)
    views: set[str] = field(default_factory=set)

    def story_index_size(self) -> int:
        return self.documents

    def story_views(self) -> set[str]:
        return set(self.views)

    def story_term_frequencies(self, terms: Collection[TermKey]) -> dict[TermKey, int]:
        return {k: self.df[k] for k in terms if k in self.df}

    def story_postings(self, terms: Collection[TermKey]) -> dict[str, dict[TermKey, float]]:
        out: dict[str, dict[TermKey, float]] = {}
        for k in terms:
            for story, w in self.postings.get(k, {}).items():
                out.setdefault(story, {})[k] = w
        return out

    def story_weights(self, stories: Collection[str], terms: Collection[TermKey]) -> dict[str, dict[TermKey, float]]:
        out: dict[str, dict[TermKey, float]] = {}
        for k in terms:
            bucket = self.postings.get(k, {})
            for story in stories:
                if story in bucket:
                    out.setdefault(story, {})[k] = bucket[story]
        return out

    def story_shapes(self, stories: Collection[str]) -> dict[str, tuple[int, str | None, str | None]]:
        return {s: self.shapes[s] for s in stories if s in self.shapes}

    def add(self, placement: Placement, new_key: str) -> str:
        """Add a placed document; returns its story (``new_key`` when it starts one)."""
        key = placement.story if placement.story is not None else new_key
        self.documents += 1
        for k in placement.terms:
            self.df[k] = self.df.get(k, 0) + 1
        self.views |= {view for view, _ in placement.terms}
        for k, w in placement.vector.items():
            bucket = self.postings.setdefault(k, {})
            bucket[key] = bucket.get(key, 0.0) + w
        size, first, last = self.shapes.get(key, (0, None, None))
        self.shapes[key] = (size + 1, *_widen(first, last, placement.published))
        return key


def _widen(first: str | None, last: str | None, day: str | None) -> tuple[str | None, str | None]:
    """A date range stretched to cover ``day`` (ISO dates compare as strings)."""
    if day is None:
        return first, last
    return (day if first is None or day < first else first), (day if last is None or day > last else last)


def build_story_index(
    docs: Sequence[StoryDocument],
    groups: Sequence[Sequence[str]],
    keys: Sequence[str] | None = None,
    params: StoryParams = DEFAULT_PARAMS,
) -> MemoryStoryIndex:
    """The persisted index of ``docs`` grouped into ``groups``, fitted on all of them.

    Story ``i`` is keyed ``keys[i]`` (default: its first document's key).
    Its centroids are those :func:`index_stories` computes."""
    bags = {d.key: index_terms(d, params) for d in docs}
    df: Counter = Counter()
    for bag in bags.values():
        df.update({(v, t) for v, terms in bag.items() for t in terms})
    index = MemoryStoryIndex(documents=len(docs), df=dict(df), views={view for view, _ in df})
    published = {d.key: _published(d) for d in docs}
    for n, group in enumerate(groups):
        key = keys[n] if keys is not None else group[0]
        first = last = None
        for member in group:
            views = [v for v in VIEWS if bags[member].get(v)]
            for view, vec in _vectors_from_df(bags[member], df, len(docs), views, params).items():
                for t, w in vec.items():
                    bucket = index.postings.setdefault((view, t), {})
                    bucket[key] = bucket.get(key, 0.0) + w
            first, last = _widen(first, last, published[member])
        index.shapes[key] = (len(group), first, last)
    return index
