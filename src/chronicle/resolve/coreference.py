"""Cross-document event coreference over given event mentions.

Input: event mentions (trigger, lemma, sentence, arguments) already grouped
into stories by :mod:`chronicle.resolve.stories`. Output: clusters of mention
keys, one per real event. Only mentions of the same story are ever compared:
stories are what keeps two similar events (two arrests of one activist) from
fusing on a shared verb.

Method (measured on ECB+, see ``docs/stories.md``):

* trigger lemmas are made comparable first (:func:`normalise_lemma`):
  marks and spelling variants go, missed inflections and regular
  nominalisations ("dispersal" -> disperse, "negotiations" -> negotiate)
  are undone by suffix rules, taken only when the story itself uses the
  verb, and a light verb keeps its construction ("take place" is not
  "take over");
* every pair of mentions in a story gets a probability of being the same
  event from a logistic model over a few interpretable features: same
  (normalised) trigger lemma, synonyms or derivations from a small
  hand-written table of news-event words (arrest/detain/custody,
  kill/murder, death/die, quake/earthquake, ...), same trigger text, same
  document and same sentence, the sentences' TF-IDF similarity (alone and
  combined with the lemma match), how many of the story's documents use the
  lemma (the story's main event is told in most of them), light and
  reporting verbs (*say*, *take*, *make*: the same word, many events), and
  overlap or conflict of the participants, times and locations attached to
  each trigger;
* mentions are clustered per story by average-link agglomerative clustering
  on those probabilities, cut at ``threshold``.

The coefficients in :data:`DEFAULT_MODEL` were fitted once with
:func:`fit_pair_model` on ECB+ topics 1-35 (one global model; see
``docs/stories.md`` for the leave-topics-out numbers). :func:`fit_pair_model`
is public so the fit can be re-run and checked.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "EventMentionFeatures",
    "PairModel",
    "DEFAULT_MODEL",
    "DEFAULT_THRESHOLD",
    "FEATURE_NAMES",
    "SYNONYM_CLASSES",
    "LIGHT_VERBS",
    "clean_lemma",
    "derivational_candidates",
    "normalise_lemma",
    "construction_lemma",
    "related_lemmas",
    "pair_features",
    "story_pairs",
    "pair_probabilities",
    "cluster_event_mentions",
    "lemma_baseline",
    "fit_pair_model",
]


@dataclass(frozen=True)
class EventMentionFeatures:
    key: str
    doc: str
    trigger: str
    lemma: str
    sentence: str
    story: str | None = None
    participants: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    locations: frozenset[str] = frozenset()


# Words that name the same kind of happening in news reports. General news
# and Chronicle-domain vocabulary (arrests, charges, trials, protests); a
# pair found here is only a feature, weighed with the arguments and context.
SYNONYM_CLASSES: tuple[frozenset[str], ...] = tuple(
    frozenset(words.split())
    for words in (
        "kill murder slay killing homicide slaying assassinate assassination execute execution",
        "die death dead perish fatal fatality kill murder slay killing",
        "shoot shooting shot gunfire gunshot",
        "arrest detain detention custody apprehend capture nab seize catch",
        "charge accuse indict indictment accusation allege prosecute prosecution",
        "convict conviction guilty sentence jail imprison imprisonment prison",
        "release free parole acquit acquittal discharge",
        "trial hearing hear try court",
        "protest demonstration demonstrate rally march picket",
        "strike walkout",
        "hit strike batter slam",
        "earthquake quake tremor temblor aftershock",
        "fire blaze inferno flame burn",
        "win victory beat defeat triumph top edge rout",
        "lose loss defeat",
        "rob robbery heist steal theft burglary loot",
        "escape flee getaway abscond breakout",
        "crash accident collision collide wreck",
        "injure injury wound hurt",
        "find discover discovery locate uncover",
        "damage destroy destruction devastate ravage",
        "hire appoint appointment name nominate nomination nominee tap pick select choose",
        "resign resignation quit step depart departure leave",
        "dismiss dismissal sack oust remove removal fire",
        "elect election vote ballot poll",
        "announce announcement unveil reveal disclose",
        "acquire acquisition buy purchase takeover merger merge",
        "attack assault raid bombing bomb blast explosion explode ambush",
        "ban prohibit outlaw forbid",
        "sue lawsuit suit litigation",
        "launch introduce debut unveil",
        "sign signing agree agreement deal accord treaty pact",
        "torture abuse mistreat",
        "disappear disappearance vanish abduct abduction kidnap kidnapping",
        "deport deportation expel expulsion extradite extradition",
        "search raid",
        "fine penalty penalize",
        "threaten threat intimidate intimidation",
        "investigate investigation probe inquiry",
        "die suicide",
    )
)

# Nominalisations and participles the lemmatiser leaves alone, mapped to the
# verb so that "the killing" and "killed" share a lemma.
DERIVATIONS: Mapping[str, str] = {
    "death": "die", "dead": "die", "shooting": "shoot", "shot": "shoot", "killing": "kill",
    "victory": "win", "loss": "lose", "robbery": "rob", "theft": "steal", "injury": "injure",
    "discovery": "discover", "destruction": "destroy", "nomination": "nominate", "nominee": "nominate",
    "announcement": "announce", "statement": "state", "acquisition": "acquire", "election": "elect",
    "resignation": "resign", "explosion": "explode", "demonstration": "demonstrate",
    "imprisonment": "imprison", "agreement": "agree", "assassination": "assassinate",
    "indictment": "indict", "accusation": "accuse", "detention": "detain", "bombing": "bomb",
    "signing": "sign", "departure": "depart", "arrival": "arrive", "appointment": "appoint",
    "conviction": "convict", "prosecution": "prosecute", "investigation": "investigate",
    "deportation": "deport", "expulsion": "expel", "extradition": "extradite",
    "abduction": "abduct", "kidnapping": "kidnap", "disappearance": "disappear",
    "dismissal": "dismiss", "removal": "remove", "acquittal": "acquit", "intimidation": "intimidate",
}

# Verbs that report or support other events: one word, many events.
LIGHT_VERBS = frozenset(
    "say tell report accord state add announce confirm be have do make take get go come give put "
    "set use see know think want include become call leave keep begin start continue help try".split()
)

FEATURE_NAMES = (
    "same_lemma",
    "related_lemma",
    "same_trigger",
    "same_document",
    "same_sentence",
    "sentence_similarity",
    "same_lemma_x_sentence",
    "related_x_sentence",
    "same_lemma_x_story_share",
    "same_lemma_x_light",
    "light_count",
    "participant_overlap",
    "participant_conflict",
    "matched_x_participant_overlap",
    "matched_x_participant_conflict",
    "time_overlap",
    "time_conflict",
    "location_overlap",
    "location_conflict",
    "matched_x_time_overlap",
    "matched_x_time_conflict",
    "matched_x_location_overlap",
    "matched_x_location_conflict",
)


@dataclass(frozen=True)
class PairModel:
    """A logistic model over :data:`FEATURE_NAMES`."""

    coefficients: tuple[float, ...]
    intercept: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coefficients, features))
        return 1.0 / (1.0 + math.exp(-z))


# Fitted with fit_pair_model on all gold event mentions of ECB+ topics 1-35,
# pairs formed within gold sub-topics (bench/ecb_plus.py --refit prints it).
DEFAULT_MODEL = PairModel(
    coefficients=(
        3.571, 3.8271, 0.9064, 0.1703, -1.9794, -0.2301, 2.0461, 0.4741, 0.4008, -0.0397, -0.9431, 1.3964,
        -0.3425, -0.9366, 0.2048, 1.0013, 0.2592, 1.0613, 0.2583, -0.8371, -0.4677, -0.8857, -1.0714,
    ),
    intercept=-3.2666,
)
# The cut leave-topics-out folds chose most often: 10 of 20 folds over four
# fold assignments (0.5: 9 folds, 0.45: 1).
DEFAULT_THRESHOLD = 0.55

_WORD = re.compile(r"\w+")
_ANY_STORY = "\x00unknown story"


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _content_words(text: str) -> frozenset[str]:
    stop = _stop_words()
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in stop)


def _argument_words(values: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for value in values:
        out |= _content_words(value)
    return frozenset(out)


# Derivational suffixes (noun from verb), the verb endings to try in their
# place, and the shortest stem the rule applies to: "negotiation" ->
# negotiate, "decision" -> decide, "stoppage" -> stop, "failure" -> fail,
# "appearance" -> appear, "discovery" -> discover, "detention" -> detain.
# Longest suffix first. The long suffixes carry part of the root, so a
# short stem is enough ("att-ention" -> attend); the short ones need four
# letters ("trial" is not "try", "final" is not "fine"). A candidate only
# counts when the story itself uses it (see normalise_lemma), which is what
# keeps "several" from becoming "sever" in a story with no severing in it.
DERIVATIONAL_SUFFIXES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("ention", ("ain", "end", "ene"), 2),  # detention, attention, convention
    ("uction", ("uce", "uct"), 2),  # reduction, abduction
    ("iption", ("ibe",), 2),  # description
    ("mption", ("me",), 2),  # consumption, resumption
    ("lution", ("lve",), 2),  # resolution
    ("ission", ("it", "ss"), 2),  # admission, commission, discussion
    ("ation", ("ate", "e", ""), 4),
    ("ition", ("ite", "e", ""), 4),
    ("ssion", ("ss",), 4),
    ("sion", ("de", "d", "se"), 4),
    ("tion", ("te", "t"), 4),
    ("ment", ("",), 4),
    ("ance", ("", "e"), 4),
    ("ence", ("", "e"), 4),
    ("ion", ("e", ""), 4),
    ("age", ("",), 4),
    ("ure", ("e", ""), 4),
    ("al", ("e", ""), 4),
    ("y", ("e", ""), 4),
)
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_INNER_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_BRITISH_ISE = re.compile(r"(?<=\w{4})is(e|es|ed|ing|ation)$")


def clean_lemma(lemma: str) -> str:
    """Lower case, single spaces, no marks at either end, one spelling.

    Headlines and social-media quotes put marks on triggers ("#Oscars",
    "Oscars®", a quoted "riot"); they are not part of the word. Hyphens
    inside a word and British -ise spellings vary between outlets
    ("play-off"/"playoff", "apologise"/"apologize"), so both go.
    """
    lemma = " ".join(lemma.lower().split())
    stripped = _EDGE_PUNCTUATION.sub("", lemma) or lemma
    return _BRITISH_ISE.sub(r"iz\1", _INNER_HYPHEN.sub("", stripped))


def _inflection_candidates(lemma: str) -> list[str]:
    """Stems a missed inflection (-s, -d, -ed, -es, -ing) would leave, likeliest first.

    "fired" tries "fire" before "fir" and "hiring" "hire" before "hir": the
    shorter stem is often a damaged lemma of the same word.
    """
    out = []
    if lemma.endswith("s") and not lemma.endswith("ss"):
        out.append(lemma[:-1])
    if lemma.endswith("d"):
        out.append(lemma[:-1])
    if lemma.endswith(("es", "ed")):
        out.append(lemma[:-2])
    if lemma.endswith("ing"):
        out += [lemma[:-3] + "e", lemma[:-3]]
    return [c for c in out if len(c) >= 3]


def derivational_candidates(word: str) -> list[str]:
    """Verbs a nominalisation may come from, by suffix rule, most likely first.

    Pure morphology, no dictionary: most candidates are not words at all,
    which is harmless because only a candidate the story also uses is taken.
    A doubled final consonant is undone ("stoppage" -> "stopp" -> "stop").
    """
    out: list[str] = []
    for suffix, replacements, min_stem in DERIVATIONAL_SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < min_stem:
            continue
        stem = word[: -len(suffix)]
        out += [stem + r for r in replacements]
        if len(stem) > 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
            out.append(stem[:-1])
    return out


def normalise_lemma(lemma: str, known: frozenset[str] = frozenset(), surface: str = "") -> str:
    """A comparable form of a trigger lemma.

    Cleans the lemma (:func:`clean_lemma`), maps irregular nominalisations
    to their verb (``DERIVATIONS``: death -> die), and repairs what the
    lemmatiser left: inflections it missed in title-case headlines
    ("Checks", "Dies": a trailing -s, -es, -ed, -d or -ing) and regular
    nominalisations (:func:`derivational_candidates`: "negotiations" ->
    negotiate, "disruption" -> disrupt). Each repair is taken only when what
    it yields is a lemma ``known`` from the same story, so a word never
    turns into a verb the story does not use. "re-arrest" stays itself: a
    second arrest is another event.

    ``surface`` is the trigger as written. When the lemma cannot be repaired
    the written word is tried the same way, because the lemmatiser
    sometimes damages a word ("arrested" -> "areste", "dies" -> "dy").
    """
    cleaned = clean_lemma(lemma)
    repaired = _repair(cleaned, known)
    if repaired != cleaned or not surface:
        return repaired
    word = _surface_word(cleaned, surface)
    if word and word != cleaned:
        from_surface = _repair(word, known)
        if from_surface != word or word in known:
            return from_surface
    return repaired


def construction_lemma(lemma: str, trigger: str) -> str:
    """A light verb's lemma with the rest of its multi-word trigger.

    "took place", "taking over", "made off", "set fire": the light verb
    carries no event of its own, the construction does, so "take over" and
    "take place" must not count as the same lemma. ``lemma`` is already
    normalised; other lemmas are returned as they are.
    """
    words = [w for w in (clean_lemma(w) for w in trigger.split()) if any(c.isalnum() for c in w)]
    if lemma not in LIGHT_VERBS or len(words) < 2:
        return lemma
    words.remove(_surface_word(lemma, trigger))
    return " ".join([lemma, *words])


def _repair(lemma: str, known: frozenset[str]) -> str:
    if lemma in DERIVATIONS:
        return DERIVATIONS[lemma]
    for candidate in _inflection_candidates(lemma):
        if candidate in known:
            return DERIVATIONS.get(candidate, candidate)
    for word in (lemma, *_inflection_candidates(lemma)):
        for candidate in derivational_candidates(word):
            if candidate in known:
                return DERIVATIONS.get(candidate, candidate)
    return lemma


def _surface_word(lemma: str, surface: str) -> str:
    """The written word of a (possibly multi-word) trigger the lemma came from."""
    words = [w for w in (clean_lemma(w) for w in surface.split()) if any(c.isalnum() for c in w)]
    if not words:
        return ""
    return max(words, key=lambda w: (len(_common_prefix(w, lemma)), -abs(len(w) - len(lemma))))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


@lru_cache(maxsize=1)
def _classes_of() -> Mapping[str, frozenset[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for i, words in enumerate(SYNONYM_CLASSES):
        for w in words:
            out[w].add(i)
    return {w: frozenset(c) for w, c in out.items()}


def related_lemmas(a: str, b: str) -> bool:
    """Different lemmas that share a synonym class (after normalisation)."""
    if a == b:
        return False
    classes = _classes_of()
    return bool(classes.get(a, frozenset()) & classes.get(b, frozenset()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _conflict(a: frozenset[str], b: frozenset[str]) -> float:
    return 1.0 if a and b and not a & b else 0.0


@dataclass(frozen=True)
class _Prepared:
    """Per-mention values computed once per call."""

    lemma: str
    sentence_id: str
    participants: frozenset[str]
    times: frozenset[str]
    locations: frozenset[str]


def _sentence_key(m: EventMentionFeatures) -> str:
    return f"{m.doc}\x00{m.sentence}"


def pair_features(
    a: EventMentionFeatures,
    b: EventMentionFeatures,
    pa: _Prepared,
    pb: _Prepared,
    sentence_similarity: float,
    story_share: Mapping[str, float],
) -> list[float]:
    """The feature vector of one mention pair, in :data:`FEATURE_NAMES` order."""
    same = 1.0 if pa.lemma == pb.lemma else 0.0
    related = 1.0 if related_lemmas(pa.lemma, pb.lemma) else 0.0
    matched = max(same, related)
    light = float(pa.lemma in LIGHT_VERBS) + float(pb.lemma in LIGHT_VERBS)
    p_overlap = _jaccard(pa.participants, pb.participants)
    p_conflict = _conflict(pa.participants, pb.participants)
    t_overlap, t_conflict = _jaccard(pa.times, pb.times), _conflict(pa.times, pb.times)
    l_overlap, l_conflict = _jaccard(pa.locations, pb.locations), _conflict(pa.locations, pb.locations)
    return [
        same,
        related,
        1.0 if " ".join(a.trigger.lower().split()) == " ".join(b.trigger.lower().split()) else 0.0,
        1.0 if a.doc == b.doc else 0.0,
        1.0 if a.doc == b.doc and pa.sentence_id == pb.sentence_id else 0.0,
        sentence_similarity,
        same * sentence_similarity,
        related * sentence_similarity,
        same * story_share.get(pa.lemma, 0.0),
        same * float(pa.lemma in LIGHT_VERBS),
        light,
        p_overlap,
        p_conflict,
        matched * p_overlap,
        matched * p_conflict,
        t_overlap,
        t_conflict,
        l_overlap,
        l_conflict,
        matched * t_overlap,
        matched * t_conflict,
        matched * l_overlap,
        matched * l_conflict,
    ]


def _comparable_lemma(m: EventMentionFeatures, known: frozenset[str]) -> str:
    """The lemma pair features compare: repaired, then with its construction."""
    return construction_lemma(normalise_lemma(m.lemma, known, m.trigger), m.trigger)


def _story_groups(mentions: Sequence[EventMentionFeatures]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[m.story if m.story is not None else _ANY_STORY].append(i)
    return dict(groups)


def _sentence_vectors(mentions: Sequence[EventMentionFeatures]):
    """Unit TF-IDF rows, one per distinct sentence, and each mention's row."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = sorted({_sentence_key(m) for m in mentions})
    row = {k: i for i, k in enumerate(keys)}
    texts = [k.split("\x00", 1)[1] for k in keys]
    vectoriser = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # nothing but stop words
        matrix = None
    return matrix, [row[_sentence_key(m)] for m in mentions]


def story_pairs(
    mentions: Sequence[EventMentionFeatures],
) -> tuple[dict[str, list[int]], list[tuple[int, int]], np.ndarray]:
    """Every within-story mention pair and its feature row.

    Returns the story groups (mention indices), the pairs (i < j, indices
    into ``mentions``) and a float matrix, one row per pair.
    """
    groups = _story_groups(mentions)
    matrix, rows = _sentence_vectors(mentions)
    pairs: list[tuple[int, int]] = []
    features: list[list[float]] = []
    for members in groups.values():
        known = frozenset(clean_lemma(mentions[i].lemma) for i in members)
        prepared = {
            i: _Prepared(
                lemma=_comparable_lemma(mentions[i], known),
                sentence_id=_sentence_key(mentions[i]),
                participants=_argument_words(mentions[i].participants),
                times=_argument_words(mentions[i].times),
                locations=_argument_words(mentions[i].locations),
            )
            for i in members
        }
        docs_of: dict[str, set[str]] = defaultdict(set)
        for i in members:
            docs_of[prepared[i].lemma].add(mentions[i].doc)
        n_docs = len({mentions[i].doc for i in members})
        share = {lemma: len(docs) / n_docs for lemma, docs in docs_of.items()}
        if matrix is not None and len(members) > 1:
            sub = matrix[[rows[i] for i in members]]
            sims = (sub @ sub.T).toarray()
        else:
            sims = np.zeros((len(members), len(members)))
        for x, i in enumerate(members):
            for y in range(x + 1, len(members)):
                j = members[y]
                pairs.append((i, j))
                features.append(
                    pair_features(mentions[i], mentions[j], prepared[i], prepared[j], float(sims[x, y]), share)
                )
    return groups, pairs, np.asarray(features, dtype=float).reshape(len(pairs), len(FEATURE_NAMES))


def pair_probabilities(features: np.ndarray, model: PairModel = DEFAULT_MODEL) -> np.ndarray:
    if features.size == 0:
        return np.zeros(0)
    z = model.intercept + features @ np.asarray(model.coefficients)
    return 1.0 / (1.0 + np.exp(-z))


def _average_link(size: int, local_pairs: Sequence[tuple[int, int]], probs: Sequence[float], threshold: float) -> list[int]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if size == 1:
        return [0]
    dist = np.ones((size, size))
    np.fill_diagonal(dist, 0.0)
    for (x, y), p in zip(local_pairs, probs):
        dist[x, y] = dist[y, x] = 1.0 - p
    tree = linkage(squareform(dist, checks=False), method="average")
    return [int(v) for v in fcluster(tree, 1.0 - threshold, criterion="distance")]


def _clusters_from(
    mentions: Sequence[EventMentionFeatures],
    groups: Mapping[str, list[int]],
    pairs: Sequence[tuple[int, int]],
    probs: Sequence[float],
    threshold: float,
) -> list[list[str]]:
    by_pair = dict(zip(pairs, probs))
    out: list[list[str]] = []
    for members in groups.values():
        local = {i: x for x, i in enumerate(members)}
        local_pairs, local_probs = [], []
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                local_pairs.append((local[i], local[j]))
                local_probs.append(by_pair[(i, j)])
        labels = _average_link(len(members), local_pairs, local_probs, threshold)
        clusters: dict[int, list[str]] = {}
        for i, label in zip(members, labels):
            clusters.setdefault(label, []).append(mentions[i].key)
        out.extend(clusters.values())
    return out


def cluster_event_mentions(
    mentions: Sequence[EventMentionFeatures],
    threshold: float = DEFAULT_THRESHOLD,
    model: PairModel = DEFAULT_MODEL,
) -> list[list[str]]:
    """Clusters of mention keys, one per event; every mention appears once.

    Mentions are compared within their story only; mentions whose story is
    None are compared with each other (one shared pool), so callers should
    set stories for large inputs: the work is quadratic in story size.
    """
    keys = [m.key for m in mentions]
    if len(set(keys)) != len(keys):
        raise ValueError("mention keys must be unique")
    if not mentions:
        return []
    groups, pairs, features = story_pairs(mentions)
    return _clusters_from(mentions, groups, pairs, pair_probabilities(features, model), threshold)


def lemma_baseline(mentions: Sequence[EventMentionFeatures]) -> list[list[str]]:
    """The usual baseline: one cluster per (story, lower-cased lemma)."""
    clusters: dict[tuple[str | None, str], list[str]] = {}
    for m in mentions:
        clusters.setdefault((m.story, " ".join(m.lemma.lower().split())), []).append(m.key)
    return list(clusters.values())


def fit_pair_model(
    mentions: Sequence[EventMentionFeatures],
    gold: Sequence[Iterable[str]],
    regularisation: float = 1.0,
) -> PairModel:
    """Fit the pair model on mentions with known clusters (within-story pairs)."""
    from sklearn.linear_model import LogisticRegression

    chain = {k: i for i, cluster in enumerate(gold) for k in cluster}
    _, pairs, features = story_pairs(mentions)
    labels = np.array([chain[mentions[i].key] == chain[mentions[j].key] for i, j in pairs])
    if len(set(labels.tolist())) < 2:
        raise ValueError("need both coreferent and non-coreferent pairs to fit")
    fitted = LogisticRegression(C=regularisation, max_iter=5000).fit(features, labels)
    return PairModel(
        coefficients=tuple(round(float(c), 4) for c in fitted.coef_[0]),
        intercept=round(float(fitted.intercept_[0]), 4),
    )
