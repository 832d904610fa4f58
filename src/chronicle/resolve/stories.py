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
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

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
    present = {v: w for v, w in _weights(params).items() if w > 0 and any(view[v] for view in views)}
    total = sum(present.values()) or 1.0
    return {v: w / total for v, w in present.items()}


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
    day = _day(doc.published)
    first, last = _day(story.first_published), _day(story.last_published)
    if day is None or first is None or last is None:
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
    vectors = existing_stories.vectors(doc)
    best_key, best = None, -1.0
    for story in existing_stories.stories:
        score = _centroid_similarity(existing_stories, vectors, story)
        score *= date_factor(_gap_to_story(doc, story), existing_stories.params)
        if score > best:
            best_key, best = story.key, score
    return best_key if best >= threshold else None
