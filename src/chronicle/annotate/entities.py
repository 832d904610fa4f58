"""People, organisations and places within one document.

spaCy's small English model finds most names but makes the mistakes a
document-level view can repair: it tags a first name as an organisation
("Ainur" as ORG) while tagging the full name as a person a line earlier,
glues titles onto names ("Joe Higgins MEP"), cuts a long organisation name in
two, reads nationality adjectives as places and misses names written in
capitals. :func:`find_entities` takes the model's entity spans as evidence,
cleans them, links the short forms of each name to its full form, corrects
labels by what the linked mentions say, and attaches titles and gazetteer
places. ``docs/entities.md`` explains each rule and why it exists.

Precision comes first for people: a short form is linked only when exactly one
full name in the document can own it.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.tokens import Doc, Token

from chronicle.annotate.gazetteer import Place, country_code, nationality_adjectives, normalise, resolve_place
from chronicle.records import DocEntity, EntityKind, EntityMention, Span

_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})

# Honorifics are stripped from names and not kept: they say nothing a reader
# of the record needs.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "messrs", "dear"})

# Titles the model sometimes includes in a PERSON span, before the name.
_PREFIX_TITLES = frozenset(
    {
        "dr", "prof", "professor", "president", "sir", "dame", "lord", "lady", "rev", "reverend",
        "father", "judge", "justice", "senator", "sen", "rep", "gov", "governor", "mayor",
        "minister", "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt",
        "sergeant", "sgt", "comrade", "mep", "mp", "deputy", "ambassador", "chairman", "king",
        "queen", "prince", "princess", "sheikh", "ayatollah", "imam", "archbishop", "bishop",
        "pope", "chancellor", "premier", "emir", "secretary", "journalist", "activist",
    }
)

# Post-nominal titles ("Joe Higgins MEP").
_SUFFIX_TITLES = frozenset({"MEP", "MP", "MSP", "MLA", "MPP", "TD", "QC", "KC", "PhD"})

# Nouns that name a person's role. Used to accept appositions and
# pre-modifiers as titles and to recognise a name by its apposition.
_ROLE_NOUNS = frozenset(
    {
        "activist", "journalist", "reporter", "correspondent", "editor", "writer", "author",
        "blogger", "poet", "artist", "musician", "singer", "leader", "president", "chairman",
        "chairwoman", "chairperson", "chair", "co-chair", "secretary", "director", "minister",
        "premier", "chancellor", "mep", "mp", "msp", "mla", "td", "senator", "congressman",
        "congresswoman", "deputy", "representative", "mayor", "governor", "judge", "justice",
        "magistrate", "prosecutor", "lawyer", "attorney", "advocate", "barrister", "solicitor",
        "expert", "analyst", "economist", "scientist", "researcher", "professor", "lecturer",
        "teacher", "student", "historian", "sociologist", "spokesman", "spokeswoman",
        "spokesperson", "member", "founder", "co-founder", "head", "chief", "coordinator",
        "co-ordinator", "organiser", "organizer", "campaigner", "candidate", "officer", "official",
        "commander", "general", "colonel", "captain", "ambassador", "envoy", "diplomat",
        "politician", "dissident", "unionist", "trade-unionist", "worker", "miner", "king", "queen",
        "prince", "emir", "sheikh", "imam", "priest", "bishop", "archbishop", "pastor", "cleric",
        "doctor", "nurse", "engineer", "manager", "executive", "ceo", "owner", "businessman",
        "businesswoman", "entrepreneur", "banker", "lawmaker", "legislator", "councillor",
        "councilor", "commissioner", "inspector", "investigator", "detective", "soldier",
        "veteran", "defender", "protester", "protestor", "demonstrator", "striker", "prisoner",
        "detainee", "inmate", "rapporteur", "ombudsman", "filmmaker", "director-general",
        "secretary-general", "vice-president", "photographer", "broadcaster", "presenter",
        "commentator", "columnist", "novelist", "playwright", "trustee", "treasurer",
        "convenor", "convener", "steward", "shop-steward", "organiser", "chairmen",
    }
)

# Modifiers worth keeping in a title ("socialist activist", "general
# secretary"); evaluative adjectives ("well-known", "authoritarian") are not.
_ROLE_MODIFIERS = frozenset(
    {
        "socialist", "communist", "marxist", "trotskyist", "anarchist", "liberal", "conservative",
        "democratic", "social", "labour", "labor", "trade", "union", "opposition", "human",
        "rights", "civil", "political", "deputy", "vice", "acting", "former", "ex", "chief",
        "general", "senior", "junior", "joint", "executive", "foreign", "prime", "interior",
        "justice", "finance", "defence", "defense", "independent", "local", "regional",
        "national", "international", "environmental", "student", "youth", "party", "state",
        "federal", "presidential", "parliamentary", "press", "protest", "strike", "campaign",
        "founding", "managing", "assistant", "associate", "principal", "lead", "leading",
        "co", "honorary", "elected", "green", "left", "left-wing", "right-wing", "feminist",
    }
)

_AGENTIVE = re.compile(r"(ist|er|or|ian|ant|ent)$")

# Head words that make a name an organisation whatever the model's label.
_ORG_HEADS = frozenset(
    {
        "party", "union", "movement", "front", "alliance", "league", "congress", "committee",
        "council", "bank", "embassy", "consulate", "secretariat", "ministry", "department",
        "agency", "association", "federation", "organisation", "organization", "company",
        "corporation", "corp", "inc", "ltd", "plc", "group", "institute", "foundation", "fund",
        "society", "network", "coalition", "court", "commission", "police", "army",
        "government", "parliament", "assembly", "bureau", "office", "service", "trust", "club",
        "university", "college", "academy", "news", "times", "post", "press", "radio",
        "television", "tv", "channel", "factory", "works", "centre", "center", "authority",
    }
)

# Common nouns that, in apposition, say the name is an organisation
# ("the rights organisation, 'Talmas'").
_ORG_NOUNS = frozenset(
    {
        "organisation", "organization", "group", "movement", "party", "union", "association",
        "committee", "campaign", "newspaper", "paper", "magazine", "journal", "company", "firm",
        "bank", "coalition", "alliance", "network", "federation", "foundation", "centre",
        "center", "institute", "fund", "agency", "charity", "club", "society", "council",
        "front", "league", "website", "channel", "station", "broadcaster", "publication",
        "outlet", "ngo", "body", "bloc", "faction", "daily", "weekly", "tabloid", "agency",
    }
)

_CONNECTORS = frozenset(
    {"and", "of", "for", "in", "on", "the", "&", "de", "du", "des", "la", "le", "y", "und", "für", "fur"}
)
_PARTICLES = frozenset(
    {
        "de", "da", "di", "du", "des", "del", "della", "van", "von", "der", "den", "la", "le", "al",
        "el", "bin", "ibn", "dos", "das", "ter", "ten",
    }
)
_MONTH_ABBR = frozenset({"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"})
_QUOTES = frozenset("\"'‘’“”«»`´")
_SPLITTERS = frozenset(
    {",", ";", "|", "(", ")", "[", "]", "{", "}", "•", "·", ":", "/", "\\", "*", "+", "=", "<", ">", "#", "@"}
)
_DASHES = frozenset({"-", "–", "—", "--", "―"})
_POSSESSIVE = frozenset({"'s", "’s", "'S", "’S", "'", "’"})
_CITY_AS_ORG_MIN_POPULATION = 100_000
_FUNCTION_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "WDT", "DT", "IN", "CC", "TO", "MD", "EX", "UH"})


@dataclass
class _Piece:
    """A candidate mention while the document is being worked on."""

    ts: int  # first token
    te: int  # one past the last token
    label: str  # spaCy label it came from (PERSON, ORG, ...)
    titles: list[str] = field(default_factory=list)
    had_the: bool = False  # the raw span opened with "the": a name, not a person
    kind: str | None = None  # person / organisation / place vote; None = not an entity
    forced: str | None = None  # kind fixed by linking, overriding the vote
    cluster: int = -1
    fragment: bool = False  # a piece of a span the model ran across a line break


# ---------------------------------------------------------------- text helpers


_FOLD_DROP = re.compile(r"[’'`´.\-‐–]")
_FOLD_NON_WORD = re.compile(r"[^\w&]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Key for comparing names: script, case, punctuation and spacing folded.

    Cached: a document folds the same few names many times over, and the
    same names recur across the documents of a run.
    """
    text = anyascii(text).casefold()
    text = _FOLD_DROP.sub("", text)
    text = _FOLD_NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _words(text: str) -> list[str]:
    return text.split()


@lru_cache(maxsize=65536)
def _is_caps_word(word: str) -> bool:
    # Cached: asked of every token of every document, and words repeat.
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_namelike_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and any(c.isalpha() for c in word)


_INITIAL_WORDS = re.compile(r"[^\W\d_][\w'’\-]*")


def _initials(text: str) -> str:
    return "".join(w[0] for w in _INITIAL_WORDS.findall(text) if w[0].isupper())


def _titlecase_name(text: str) -> str:
    """"PETER TAAFFE" -> "Peter Taaffe" for display; particles stay lower case."""
    parts = []
    for word in text.split():
        low = word.lower()
        if low in _PARTICLES:
            parts.append(low)
        else:
            parts.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(parts)


# ------------------------------------------------------------- span cleaning


def _soft_wrap(doc: Doc, tok: Token) -> bool:
    """Whether the newline token ``tok`` only wraps a long line of prose.

    Hard-wrapped text breaks names across lines; a newline inside such a
    paragraph is a space, while a newline after a short line (a heading, an
    address line) separates things.
    """
    if tok.text != "\n":
        return False
    k = tok.i
    while k > 0 and "\n" not in doc[k - 1].text:
        k -= 1
    prev = doc[k : tok.i].text.rstrip()
    if len(prev) < 40 or prev[-1] in ".!?:;\"”":
        return False
    return tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space


def _splits(doc: Doc, ts: int, te: int) -> list[tuple[int, int]]:
    """Cut a span where it crosses a line break, a layout gap or punctuation.

    The model happily runs a name into the next line ("Chris Flood\\n\\nPacked")
    or across a list separator; no name contains those.
    """
    groups: list[tuple[int, int]] = []
    cur = ts
    for i in range(ts, te):
        tok = doc[i]
        cut = False
        if tok.is_space:
            cut = not _soft_wrap(doc, tok)
        elif tok.text in _SPLITTERS:
            cut = True
        elif tok.text in _DASHES and tok.whitespace_ and (i == 0 or doc[i - 1].whitespace_):
            cut = True
        if cut:
            if cur < i:
                groups.append((cur, i))
            cur = i + 1
    if cur < te:
        groups.append((cur, te))
    return groups


_SLOGAN_VERBS = frozenset({"free", "release", "save", "support"})


def _drop_left(tok: Token) -> bool:
    return (
        tok.is_punct
        or tok.is_space
        or tok.text in ("the", "The", "THE", "a", "an")
        or all(c in _QUOTES for c in tok.text)
    )


def _drop_right(tok: Token) -> bool:
    return tok.is_punct or tok.is_space or tok.tag_ == "POS" or tok.text in _POSSESSIVE


def _trim(doc: Doc, ts: int, te: int, label: str) -> tuple[int, int, bool, list[str]]:
    """Strip determiners, punctuation, possessives and glued-on titles.

    Returns the new token range, whether a leading "the" was removed, and the
    titles taken off a person's name.
    """
    had_the = False
    titles: list[str] = []
    while ts < te and _drop_left(doc[ts]):
        had_the = had_the or doc[ts].lower_ == "the"
        ts += 1
    while te > ts and _drop_right(doc[te - 1]):
        te -= 1
    if te - ts > 1 and doc[ts].text in _MONTH_ABBR:
        ts += 1
    if label == "PERSON":
        # Campaign slogans glue an imperative onto the name: «Free Yerlan X».
        if te - ts >= 3 and doc[ts].lower_ in _SLOGAN_VERBS:
            ts += 1
        elif te - ts >= 4 and doc[ts].lower_ in ("freedom", "justice") and doc[ts + 1].lower_ == "for":
            ts += 2
        while te - ts > 1 and doc[ts].lower_.rstrip(".") in _HONORIFICS | _PREFIX_TITLES:
            if doc[ts].lower_.rstrip(".") not in _HONORIFICS:
                titles.append(doc[ts].text)
            ts += 1
            while ts < te and doc[ts].is_punct:
                ts += 1
        while te - ts > 1 and doc[te - 1].text in _SUFFIX_TITLES:
            titles.append(doc[te - 1].text)
            te -= 1
            while te > ts and _drop_right(doc[te - 1]):
                te -= 1
    return ts, te, had_the, titles


# ------------------------------------------------------------ raw candidates


def _recased_people(doc: Doc, nlp: Language) -> list[tuple[int, int]]:
    """Names written in capitals ("PETER TAAFFE"), which the model misses.

    Sentences holding a run of two or more all-capital words are re-parsed
    with those words in title case. Title-casing keeps every character
    offset, so a PERSON found there maps straight back onto the document.
    Only spans made entirely of all-capital words are taken.
    """
    sentences: dict[int, tuple[int, int]] = {}
    has_sents = doc.has_annotation("SENT_START")
    run = 0
    for tok in doc:
        if tok.is_alpha and _is_caps_word(tok.text):
            run += 1
            if run >= 2:
                sent = tok.sent if has_sents else doc[:]
                sentences[sent.start] = (sent.start, sent.end)
        else:
            run = 0
    if not sentences:
        return []
    texts: list[str] = []
    bounds: list[tuple[int, int]] = []
    for start, end in sentences.values():
        sent = doc[start:end]
        chars = list(sent.text)
        for tok in sent:
            if tok.is_alpha and _is_caps_word(tok.text):
                recased = tok.text[0] + tok.text[1:].lower()
                if len(recased) == len(tok.text):
                    offset = tok.idx - sent.start_char
                    chars[offset : offset + len(tok.text)] = list(recased)
        texts.append("".join(chars))
        bounds.append((sent.start_char, sent.end_char))
    found: list[tuple[int, int]] = []
    for (base, _), sub in zip(bounds, nlp.pipe(texts)):
        for ent in sub.ents:
            if ent.label_ != "PERSON":
                continue
            span = doc.char_span(base + ent.start_char, base + ent.end_char, alignment_mode="contract")
            if span is None:
                continue
            toks = [t for t in span if not t.is_punct]
            if 2 <= len(toks) <= 4 and all(t.is_alpha and _is_caps_word(t.text) and not t.is_stop for t in toks):
                found.append((toks[0].i, toks[-1].i + 1))
    return found


def _raw_spans(doc: Doc, nlp: Language) -> list[tuple[int, int, str]]:
    """The model's entity spans of the kinds we keep, plus capitalised names."""
    spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in _LABELS]
    for ts, te in _recased_people(doc, nlp):
        spans = [s for s in spans if s[1] <= ts or s[0] >= te]
        spans.append((ts, te, "PERSON"))
    return sorted(spans)


def _pieces(doc: Doc, nlp: Language) -> list[_Piece]:
    pieces: list[_Piece] = []
    for ts, te, label in _raw_spans(doc, nlp):
        groups = _splits(doc, ts, te)
        for gs, ge in groups:
            s, e, had_the, titles = _trim(doc, gs, ge, label)
            if s < e:
                pieces.append(_Piece(s, e, label, titles, had_the, fragment=len(groups) > 1))
    return pieces


# ----------------------------------------------------------- organisation repair


def _acronyms_in(doc: Doc) -> frozenset[str]:
    return frozenset(t.text for t in doc if t.is_alpha and 2 <= len(t.text) <= 8 and _is_caps_word(t.text))


def _gap_ok(doc: Doc, gs: int, ge: int) -> tuple[bool, bool, bool]:
    """(fits inside a name, has a capitalised word, crosses a line)."""
    capital = newline = False
    for i in range(gs, ge):
        tok = doc[i]
        if tok.is_space:
            if tok.text.count("\n") > 1 or tok.text.strip(" \n"):
                return False, False, True
            newline = True
        elif tok.lower_ in _CONNECTORS:
            continue
        elif tok.text in ("-", "‐") and not tok.whitespace_ and i > gs and not doc[i - 1].whitespace_:
            continue
        elif tok.is_alpha and tok.text[0].isupper():
            capital = True
        elif tok.is_alpha and i > gs and doc[i - 1].text in ("-", "‐") and not doc[i - 1].whitespace_:
            continue  # the "operation" of "Co-operation"
        else:
            return False, False, newline
    return True, capital, newline


def _merge_split_orgs(doc: Doc, pieces: list[_Piece]) -> list[_Piece]:
    """Rejoin an organisation name the model cut in two.

    "Organisation for Security and Co-operation in Europe" comes out as ORG
    "Organisation for Security" plus LOC "Europe". The two are rejoined when
    the words between them fit inside a name and either the joined name occurs
    elsewhere in the document, its initials are an acronym the document
    uses, or (on one line) the gap holds a capitalised word no entity claims.
    """
    acronyms = _acronyms_in(doc)
    pieces = sorted(pieces, key=lambda p: p.ts)
    changed = True
    while changed:
        changed = False
        known = {_fold(doc[p.ts : p.te].text) for p in pieces if p.label == "ORG"}
        for i in range(len(pieces) - 1):
            left, right = pieces[i], pieces[i + 1]
            if left.label not in ("ORG", "FAC") or right.label not in ("ORG", "GPE", "LOC", "FAC"):
                continue
            if not 0 < right.ts - left.te <= 6:
                continue
            fits, capital, newline = _gap_ok(doc, left.te, right.ts)
            if not fits:
                continue
            joined = doc[left.ts : right.te].text
            attested = _fold(joined) in known
            acronym = _initials(joined) in acronyms and len(_initials(joined)) >= 3
            loose = capital and not newline and right.label in ("GPE", "LOC")
            if attested or acronym or loose:
                pieces[i] = _Piece(left.ts, right.te, "ORG", left.titles, left.had_the)
                del pieces[i + 1]
                changed = True
                break
    return pieces


# ------------------------------------------------------------------ label votes


def _root(doc: Doc, piece: _Piece) -> Token:
    return doc[piece.ts : piece.te].root


def _name_between(doc: Doc, start: int, end: int) -> bool:
    """"Zhanna X of Steppe Solidarity, a group of ...": the small parser hangs
    the appositive on the person, but it describes the nearer name."""
    return any(t.pos_ == "PROPN" for t in doc[start:end])


def _apposed_to_org_noun(doc: Doc, piece: _Piece) -> bool:
    """Whether the name stands in apposition to "organisation", "group" ...

    The parse catches "Talmas, a rights group"; the surface pattern catches
    "the rights organisation, 'Talmas'", which the small parser often
    attaches elsewhere.
    """
    root = _root(doc, piece)
    if root.dep_ == "appos" and root.head.lower_ in _ORG_NOUNS and not piece.ts <= root.head.i < piece.te:
        return True
    if any(
        c.dep_ == "appos" and c.lower_ in _ORG_NOUNS and not piece.ts <= c.i < piece.te
        and not _name_between(doc, piece.te, c.i)
        for c in root.children
    ):
        return True
    j = piece.ts - 1
    quoted = False
    while j >= 0 and doc[j].text and all(c in _QUOTES for c in doc[j].text):
        quoted, j = True, j - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if not (quoted or piece.te - piece.ts == 1):
        return False
    return j >= 0 and doc[j].lower_ in _ORG_NOUNS and not _crosses_line(doc, j, piece.ts)


def _crosses_line(doc: Doc, i: int, j: int) -> bool:
    """Whether a hard line break lies between tokens ``i`` and ``j``."""
    lo, hi = min(i, j), max(i, j)
    return any(
        t.is_space and "\n" in t.text and not _soft_wrap(doc, t) for t in doc[lo:hi]
    )


def _hyphen_modifier(doc: Doc, piece: _Piece) -> bool:
    """"Turkmenbashi-style": a name inside a hyphenated adjective names nothing."""
    end = piece.te
    return (
        end + 1 < len(doc)
        and doc[end].text in ("-", "‐")
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].islower()
    )


def _city_named(text: str) -> Place | None:
    place = resolve_place(text)
    if place is not None and place.kind == "city" and normalise(place.name) == normalise(text):
        if place.population >= _CITY_AS_ORG_MIN_POPULATION:
            return place
    return None


def _vote(doc: Doc, piece: _Piece) -> str | None:
    """What this span alone says it is: person, organisation, place or nothing."""
    toks = doc[piece.ts : piece.te]
    text = toks.text
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or text == text.lower():
        return None
    words = _words(text)
    heads = {w.lower().strip("'’") for w in words}
    label = piece.label
    first, last = toks[0], toks[-1]
    if len(toks) == 1 and first.is_stop and not _is_caps_word(first.text):
        return None
    if first.tag_ in _FUNCTION_TAGS or last.tag_ in _FUNCTION_TAGS or last.tag_.startswith("VB") or last.tag_ == "RB":
        return None
    lowered = [w.lower().strip(".") for w in words]
    title_words = _ROLE_NOUNS | _HONORIFICS | _PREFIX_TITLES
    if all(w in title_words | _ROLE_MODIFIERS for w in lowered) and any(w in title_words for w in lowered):
        return None  # "MEP", "Secretary General" alone are titles, not entities
    if _hyphen_modifier(doc, piece):
        return None
    single = len(words) == 1
    if single and piece.fragment and not _is_caps_word(text) and resolve_place(text) is None:
        return None  # "Packed" of "Chris Flood\n\nPacked": only a link can save it
    if single and label != "PERSON" and (text in nationality_adjectives() or first.tag_ in ("JJ", "JJR", "JJS")):
        return None
    if label == "PERSON":
        if single and first.dep_ == "compound" and first.head.i == piece.te and first.head.lower_ in _ORG_HEADS:
            return "organisation"  # "the Yntymak union": a name modifying an organisation noun
        caps = [_is_caps_word(w) for w in words]
        if any(caps) and not all(caps):
            return "organisation"  # "CWI Kazakhstan": an acronym is no part of a person's name
        if _apposed_to_org_noun(doc, piece):
            return "organisation"
        if single and first.tag_ != "NNP":
            return None
        if not all(_is_namelike_word(w) or w.lower() in _PARTICLES for w in words):
            return None
        return "person"
    if label == "ORG":
        if single and not _is_caps_word(text) and (country_code(text) or _city_named(text)):
            return "place"
        return "organisation"
    if label == "NORP":
        if heads & _ORG_HEADS:
            return "organisation"
        if country_code(text):
            return "place"
        return None
    if label in ("GPE", "LOC"):
        if heads & _ORG_HEADS and not country_code(text):
            return "organisation"
        return "place"
    if label == "FAC":
        return "organisation" if heads & _ORG_HEADS else "place"
    return None


# ----------------------------------------------------------- union-find clusters


class _Clusters:
    """Union-find over cluster ids, so acronyms and aliases can join late."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def new(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, c: int) -> int:
        while self.parent[c] != c:
            self.parent[c] = self.parent[self.parent[c]]
            c = self.parent[c]
        return c

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


# --------------------------------------------------------------- person linking


def _name_words(doc: Doc, piece: _Piece) -> list[str]:
    return _words(doc[piece.ts : piece.te].text)


def _is_full_name(doc: Doc, piece: _Piece) -> bool:
    words = _name_words(doc, piece)
    return len([w for w in words if w.lower() not in _PARTICLES]) >= 2


def _short_forms(words: list[str]) -> list[tuple[str, ...]]:
    """The forms a full name is shortened to: first name, surname, and for
    longer names everything after the first name or from a particle on."""
    keys = [_fold(w) for w in words]
    forms = [(keys[0],), (keys[-1],)]
    if len(keys) >= 3:
        forms.append(tuple(keys[1:]))
    for i, w in enumerate(words[1:-1], start=1):
        if w.lower() in _PARTICLES:
            forms.append(tuple(keys[i:]))
    return forms


def _overlaps(pieces: Iterable[_Piece], ts: int, te: int) -> list[_Piece]:
    return [p for p in pieces if p.ts < te and ts < p.te]


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised proper-noun tokens on one line."""
    runs: list[tuple[int, int]] = []
    start = None
    prev_space = ""  # whitespace after the previous token
    for tok in doc:
        ok = tok.is_alpha and tok.tag_ in ("NNP", "NNPS") and tok.text[0].isupper()
        joined = start is not None and prev_space == " "
        prev_space = tok.whitespace_
        if ok and (start is None or joined):
            if start is None:
                start = tok.i
            continue
        if start is not None:
            runs.append((start, tok.i))
        start = tok.i if ok else None
    if start is not None:
        runs.append((start, len(doc)))
    return runs


def _role_like(tok: Token) -> bool:
    low = tok.lower_
    if low in _ROLE_NOUNS:
        return True
    return tok.pos_ == "NOUN" and tok.tag_ == "NN" and len(low) > 4 and bool(_AGENTIVE.search(low))


def _name_token(tok: Token) -> bool:
    """A capitalised proper noun that no other entity or title claims."""
    low = tok.lower_.rstrip(".")
    return (
        tok.tag_ in ("NNP", "NNPS")
        and tok.is_alpha
        and tok.text[0].isupper()
        and not _is_caps_word(tok.text)
        and not tok.is_stop
        and tok.ent_type_ in ("", "PERSON")
        and low not in _ROLE_NOUNS | _PREFIX_TITLES | _HONORIFICS | _ORG_HEADS
        and tok.text not in nationality_adjectives()
        and tok.text not in _MONTH_ABBR
    )


def _extend_people(doc: Doc, pieces: list[_Piece]) -> None:
    """Grow a person span the model cut short ("MEP Farid" + "Omarov").

    A capitalised proper noun directly beside a person mention, on the same
    line and claimed by no other entity, is part of the name.
    """
    taken = {i for p in pieces for i in range(p.ts, p.te)}

    def free_name(i: int, left_of: int) -> bool:
        # token i is free, a name word, and joined to token left_of + 1 by one space
        return 0 <= i < len(doc) and i not in taken and doc[left_of].whitespace_ == " " and _name_token(doc[i])

    for p in pieces:
        if p.kind != "person" or _is_caps_word(doc[p.ts : p.te].text):
            continue
        while p.te - p.ts < 4 and free_name(p.te, p.te - 1):
            taken.add(p.te)
            p.te += 1
        while p.te - p.ts < 4 and free_name(p.ts - 1, p.ts - 1):
            taken.add(p.ts - 1)
            p.ts -= 1


def _relabel_full_names(doc: Doc, pieces: list[_Piece]) -> None:
    """A two- or three-word "place" or "organisation" is a person's full name
    when its first or last word is, elsewhere in the document, a person
    ("Bolat Serikov" tagged GPE, "Bolat" tagged PERSON)."""
    single = {_fold(doc[p.ts : p.te].text) for p in pieces if p.kind == "person" and p.te - p.ts == 1}
    for p in pieces:
        if p.kind not in ("place", "organisation") or p.label == "FAC":
            continue
        words = _name_words(doc, p)
        if not 2 <= len(words) <= 3 or not all(_is_namelike_word(w) and not _is_caps_word(w) for w in words):
            continue
        if {w.lower() for w in words} & _ORG_HEADS or any(w in nationality_adjectives() for w in words):
            continue
        if p.had_the or resolve_place(doc[p.ts : p.te].text) is not None:
            continue
        if _fold(words[0]) in single or _fold(words[-1]) in single:
            p.kind = "person"


def _missed_full_names(doc: Doc, pieces: list[_Piece]) -> list[_Piece]:
    """Full names the model missed, recognised by document-level evidence.

    A run of two to four capitalised proper nouns is a person when its last
    word is a surname the document already uses for a person ("Malashenko"),
    or when the run has a role noun in apposition ("X Y, an expert at ...").
    """
    person_last: set[str] = set()
    for p in pieces:
        if p.kind == "person":
            person_last.add(_fold(_name_words(doc, p)[-1]))
    blocked = [
        p for p in pieces if p.kind in ("organisation", "place") and (p.te - p.ts > 1 or p.label in ("GPE", "LOC"))
    ]
    lead_titles = _HONORIFICS | _PREFIX_TITLES | _ROLE_NOUNS
    found: list[_Piece] = []
    for rs, re_ in _name_runs(doc):
        titles: list[str] = []
        if re_ - rs >= 3 and doc[rs].lower_ in _SLOGAN_VERBS:
            rs += 1  # «Free Timur Bekov»
        while rs < re_ and (doc[rs].text in _MONTH_ABBR or doc[rs].lower_.rstrip(".") in lead_titles):
            if doc[rs].lower_.rstrip(".") not in _HONORIFICS and doc[rs].text not in _MONTH_ABBR:
                titles.append(doc[rs].text)
            rs += 1
        while re_ > rs and doc[re_ - 1].text in _SUFFIX_TITLES:
            titles.append(doc[re_ - 1].text)
            re_ -= 1
        if not 2 <= re_ - rs <= 4:
            continue
        toks = doc[rs:re_]
        if any(t.text in nationality_adjectives() or t.is_stop or _is_caps_word(t.text) for t in toks):
            continue
        if any(p.ts <= rs and re_ <= p.te and p.kind == "person" for p in pieces):
            continue  # already a person mention
        if _overlaps(blocked, rs, re_):
            continue
        if any(t.lower_ in _ORG_HEADS for t in toks):
            continue
        last_key = _fold(toks[-1].text)
        apposed_role = any(c.dep_ == "appos" and c.lower_ in _ROLE_NOUNS for c in toks.root.children)
        if last_key in person_last or apposed_role:
            found.append(_Piece(rs, re_, "PERSON", titles, kind="person"))
    return found


def _missed_organisations(doc: Doc, pieces: list[_Piece]) -> list[_Piece]:
    """Organisation names the model missed, told by their appositive.

    "Steppe Solidarity Berlin, a group of ... workers": a run of two to
    five capitalised proper nouns followed by a comma and an appositive
    whose head is an organisation noun. Runs that overlap a person or a
    longer organisation are left alone; a city inside the run ("Berlin")
    is part of the name.
    """
    found: list[_Piece] = []
    for rs, re_ in _name_runs(doc):
        if not 2 <= re_ - rs <= 5 or re_ + 2 >= len(doc) or doc[re_].text != ",":
            continue
        toks = doc[rs:re_]
        # The small parser may hang the appositive on an earlier name ("X of
        # Steppe Solidarity, a group"); what counts is that it starts right
        # after this run's comma.
        appositive = next((t for t in doc[re_ + 1 : min(re_ + 5, len(doc))] if t.dep_ == "appos"), None)
        if appositive is None or appositive.lower_ not in _ORG_NOUNS or appositive.left_edge.i != re_ + 1:
            continue
        if any(p.kind == "person" or p.te - p.ts > 1 for p in _overlaps(pieces, rs, re_)):
            continue
        if any(_is_caps_word(t.text) or t.is_stop for t in toks):
            continue
        found.append(_Piece(rs, re_, "ORG", kind="organisation"))
    return found


# ------------------------------------------------------------------------ titles


def _quote_tokens(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start : end + 1] if t.tag_ != "POS" and t.text and all(c in _QUOTES for c in t.text))


def _phrase_end(doc: Doc, noun: Token) -> int:
    """Last token index of a role phrase: the noun, or its "of/at/for" tail.

    A tail that would leave a quotation unbalanced is cut back to the noun.
    """
    end = noun.i
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "with"):
            tail = child.right_edge.i
            if tail - noun.i <= 12 and not any(t.is_space for t in doc[noun.i : tail + 1]):
                end = tail
            break
    while end > noun.i and (doc[end].is_punct or doc[end].is_space) and not all(c in _QUOTES for c in doc[end].text):
        end -= 1
    if _quote_tokens(doc, noun.i, end) % 2:
        nxt = end + 1
        if nxt < len(doc) and all(c in _QUOTES for c in doc[nxt].text) and doc[nxt].text:
            end = nxt
        elif all(c in _QUOTES for c in doc[end].text):
            end -= 1
    if _quote_tokens(doc, noun.i, end) % 2:
        end = noun.i
    return end


def _phrase_start(doc: Doc, noun: Token) -> int:
    """First token of a role phrase: keep compounds and role modifiers only."""
    start = noun.i
    for child in sorted(noun.lefts, key=lambda t: -t.i):
        if child.right_edge.i != start - 1:
            break
        keep = child.dep_ == "compound" or (child.dep_ in ("amod", "nmod") and child.lower_ in _ROLE_MODIFIERS)
        if not keep or any(
            t.is_space or t.ent_type_ == "PERSON" or t.is_punct and t.text not in ("-", "‐")
            for t in doc[child.left_edge.i : start]
        ):
            break
        start = child.left_edge.i
    # The parse of shouted or list-like text often misses "general" in
    # "general secretary"; adjacent role modifiers belong to the title anyway.
    while start > 0 and doc[start - 1].lower_ in _ROLE_MODIFIERS and doc[start - 1].whitespace_ == " ":
        start -= 1
    return start


def _role_phrases(doc: Doc, noun: Token, exclude: tuple[int, int]) -> list[str]:
    """The role phrase headed by ``noun`` and by nouns conjoined with it.

    ``exclude`` is the name's own token range (inclusive): the phrase never
    reaches into it, so "Joe Higgins MEP" yields "MEP", not the name.
    """
    lo, hi = exclude
    out: list[str] = []
    for head in [noun, *[c for c in noun.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]]:
        if not _role_like(head) or lo <= head.i <= hi:
            continue
        start, end = _phrase_start(doc, head), _phrase_end(doc, head)
        if head.i > hi:
            start = max(start, hi + 1)
        else:
            end = min(end, lo - 1)
        while start < head.i and (doc[start].is_punct or doc[start].is_space or doc[start].tag_ == "DT"):
            start += 1
        while end > head.i and (
            doc[end].is_space
            or doc[end].tag_ == "POS"
            or (doc[end].is_punct and not all(c in _QUOTES for c in doc[end].text))
        ):
            end -= 1
        if _quote_tokens(doc, start, end) % 2:
            start, end = max(start, head.i), head.i
        text = _collapse(doc[start : end + 1].text)
        if text:
            out.append(text)
    return out


def _preceding_title(doc: Doc, ts: int) -> list[str]:
    """"MEP Joe Higgins", "president Nursultan Nazarbayev", "socialist activist X"."""
    j = ts - 1
    if j < 0 or not doc[j].is_alpha or doc[j].lower_ not in _ROLE_NOUNS or not doc[j].whitespace_:
        return []
    start = j
    while start - 1 >= 0 and doc[start - 1].is_alpha and doc[start - 1].whitespace_ == " ":
        low = doc[start - 1].lower_
        if low in _ROLE_MODIFIERS or low in _ROLE_NOUNS and low not in ("member",):
            start -= 1
        else:
            break
    return [doc[start : j + 1].text]


def _dash_title(doc: Doc, te: int) -> list[str]:
    """"NAME - general secretary of ...": a title set off by a dash."""
    if te + 1 >= len(doc) or doc[te].text not in _DASHES:
        return []
    head = None
    for tok in doc[te + 1 : min(te + 6, len(doc))]:
        if tok.tag_ == "DT" and head is None:
            continue
        if not tok.is_alpha or tok.lower_ not in _ROLE_NOUNS | _ROLE_MODIFIERS:
            break
        if tok.lower_ in _ROLE_NOUNS:
            head = tok  # the last role noun of "general secretary" is its head
    return _role_phrases(doc, head, (te - 1, te)) if head is not None else []


def _address_title(doc: Doc, text: str, piece: _Piece) -> list[str]:
    """A letter's address block: the name alone on a line, its office on the next."""
    start, end = doc[piece.ts].idx, doc[piece.te - 1].idx + len(doc[piece.te - 1].text)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        return []
    before = [w.rstrip(".").lower() for w in text[line_start:start].split()]
    if any(w not in _HONORIFICS | _PREFIX_TITLES for w in before) or text[end:line_end].strip(" ,"):
        return []
    rest = text[line_end:].lstrip("\n ")
    nxt = rest.split("\n", 1)[0].strip()
    words = nxt.split()
    if 1 <= len(words) <= 4 and all(w[0].isupper() for w in words):
        if any(w.lower() in _ROLE_NOUNS for w in words) and all(
            w.lower() in _ROLE_NOUNS | _ROLE_MODIFIERS | _CONNECTORS for w in words
        ):
            return [nxt]
    return []


def _titles(doc: Doc, text: str, piece: _Piece) -> list[str]:
    span = doc[piece.ts : piece.te]
    root = span.root
    found = list(piece.titles)
    found += _preceding_title(doc, piece.ts)
    for child in root.children:
        if child.dep_ == "appos" and not piece.ts <= child.i < piece.te and not _crosses_line(doc, root.i, child.i):
            found += _role_phrases(doc, child, (piece.ts, piece.te - 1))
    head = root.head
    if root.dep_ == "appos" and not piece.ts <= head.i < piece.te and not _crosses_line(doc, root.i, head.i):
        found += _role_phrases(doc, head, (piece.ts, piece.te - 1))
    found += _dash_title(doc, piece.te)
    found += _address_title(doc, text, piece)
    return found


# ----------------------------------------------------------------- main pipeline


def _typo_owner(key: str, first_names: dict[int, set[str]]) -> int | None:
    """The one person whose first name ``key`` misspells by a single letter.

    Reports misspell unfamiliar first names ("Esen" as "Essen"). Only names of
    four letters or more, with the same initial, and only when exactly one
    person in the document is that close; anything looser links strangers.
    """
    if len(key) < 4:
        return None
    near = {
        c
        for c, names in first_names.items()
        for n in names
        if len(n) >= 4 and n[0] == key[0] and Levenshtein.distance(n, key) == 1
    }
    return near.pop() if len(near) == 1 else None


def _in_longer_name(doc: Doc, tok: Token) -> bool:
    """Whether a capitalised proper noun right beside ``tok`` makes it part of
    another name ("Ainur Bekova" is not "Ainur Kurmanov")."""
    def name_word(t: Token) -> bool:
        low = t.lower_.rstrip(".")
        titles = _ROLE_NOUNS | _PREFIX_TITLES | _HONORIFICS
        return t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper() and low not in titles

    before = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return bool(
        (before is not None and before.whitespace_ and name_word(before))
        or (after is not None and tok.whitespace_ and name_word(after))
    )



def _is_word_char(c: str) -> bool:
    """The ``\\w`` of ``re`` on str patterns: alphanumeric or underscore."""
    return c.isalnum() or c == "_"


def _word_occurrences(text: str, surface: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping occurrences of ``surface`` not inside a longer word.

    What ``re.finditer(r"(?<![\\w])" + re.escape(surface) + r"(?![\\w])")``
    finds, without compiling a pattern per name per document.
    """
    n = len(surface)
    i = text.find(surface)
    while i >= 0:
        end = i + n
        if (i == 0 or not _is_word_char(text[i - 1])) and (end == len(text) or not _is_word_char(text[end])):
            yield i, end
            i = text.find(surface, end)
        else:
            i = text.find(surface, i + 1)


def _propagate(
    doc: Doc, text: str, pieces: list[_Piece], forms: dict[str, int], kinds: dict[int, str]
) -> tuple[list[_Piece], list[_Piece]]:
    """Tag other occurrences of a multi-word name or acronym the model missed
    ("the Kazakhstan 2012 movement" after "Kazakhstan 2012" was found once)."""
    added: list[_Piece] = []
    removed: list[_Piece] = []
    for surface, cluster in sorted(forms.items(), key=lambda kv: -len(kv[0])):
        for start, end in _word_occurrences(text, surface):
            span = doc.char_span(start, end, alignment_mode="strict")
            if span is None:
                continue
            hits = _overlaps(pieces + added, span.start, span.end)
            if any(p.te - p.ts >= span.end - span.start or p.kind == "person" for p in hits):
                continue
            removed.extend(hits)
            pieces = [p for p in pieces if p not in hits]
            kind = kinds[cluster]
            added.append(_Piece(span.start, span.end, "ORG", kind=kind, forced=kind, cluster=cluster))
    return added, removed


def find_entities(
    doc: Doc, *, nlp: Language | None = None
) -> tuple[tuple[DocEntity, ...], tuple[EntityMention, ...]]:
    """Entity clusters and their mentions in ``doc``.

    Offsets are character offsets into ``doc.text``. ``nlp`` re-parses the
    few sentences written in capitals; it defaults to the shared model.
    """
    if nlp is None:
        from chronicle.annotate.nlp import load_model

        nlp = load_model()
    pieces = _merge_split_orgs(doc, _pieces(doc, nlp))
    for p in pieces:
        p.kind = _vote(doc, p)
    _relabel_full_names(doc, pieces)
    _extend_people(doc, pieces)

    # Names the model missed entirely replace whatever smaller spans they cover.
    for extra in _missed_full_names(doc, pieces) + _missed_organisations(doc, pieces):
        for p in _overlaps(pieces, extra.ts, extra.te):
            pieces.remove(p)
        pieces.append(extra)
    pieces.sort(key=lambda p: (p.ts, -p.te))

    clusters = _Clusters()
    by_key: dict[str, int] = {}

    # 1. Full person names, one cluster per distinct name.
    full = [p for p in pieces if p.kind == "person" and _is_full_name(doc, p)]
    for p in full:
        key = " ".join(_fold(w) for w in _name_words(doc, p))
        if key not in by_key:
            by_key[key] = clusters.new()
        p.cluster = by_key[key]
    owners: dict[tuple[str, ...], set[int]] = {}
    first_names: dict[int, set[str]] = {}
    for p in full:
        words = _name_words(doc, p)
        for form in _short_forms(words):
            owners.setdefault(form, set()).add(p.cluster)
        first_names.setdefault(p.cluster, set()).add(_fold(words[0]))
    full_keys = set(by_key)

    # Acronyms defined in parentheses belong to the organisation before them.
    acronym_of: dict[str, _Piece] = {}
    for p in pieces:
        if p.kind not in ("organisation", "place") or p.te + 2 >= len(doc):
            continue
        if doc[p.te].text == "(" and doc[p.te + 2].text == ")":
            acr = doc[p.te + 1]
            if acr.is_alpha and _is_caps_word(acr.text) and _initials(doc[p.ts : p.te].text)[:1] == acr.text[:1]:
                acronym_of[acr.text] = p
    org_anchored = {
        _fold(doc[p.ts : p.te].text)
        for p in pieces
        if p.label == "ORG" and (p.had_the or _is_caps_word(doc[p.ts : p.te].text))
    } | {_fold(a) for a in acronym_of}

    # 2. Short forms of a full name, and first-name typos ("Essen" for "Esen").
    for p in pieces:
        if p.cluster >= 0:
            continue
        words = _name_words(doc, p)
        if not words or len(words) > 3 or not all(_is_namelike_word(w) or w.lower() in _PARTICLES for w in words):
            continue
        key = tuple(_fold(w) for w in words)
        if " ".join(key) in full_keys or " ".join(key) in org_anchored:
            continue
        if p.label in ("GPE", "LOC") and country_code(doc[p.ts : p.te].text):
            continue
        owner = owners.get(key, set())
        if len(owner) == 1:
            p.cluster, p.forced = next(iter(owner)), "person"
        elif len(owner) > 1 and len(words) == 1:
            p.forced = "person"  # a surname two people share: a person, whose only if recency says
            recent = _recent_owner(doc, p, owner, full)
            if recent is not None:
                p.cluster = recent
        elif not owner and len(words) == 1 and p.label in ("PERSON", "ORG"):
            near = _typo_owner(key[0], first_names)
            if near is not None and not (p.label == "ORG" and _city_named(doc[p.ts : p.te].text)):
                p.cluster, p.forced = near, "person"

    # 3. Short forms the model did not tag at all.
    covered = {i for p in pieces for i in range(p.ts, p.te)}
    for tok in doc:
        if tok.i in covered or not tok.is_alpha or tok.tag_ != "NNP" or not tok.text[0].isupper():
            continue
        key = _fold(tok.text)
        if tok.is_stop or key in org_anchored or _in_longer_name(doc, tok):
            continue
        owner = owners.get((key,), set())
        if len(owner) == 1:
            cluster = next(iter(owner))
        elif not owner and resolve_place(tok.text) is None and (cluster := _typo_owner(key, first_names)) is not None:
            pass
        else:
            continue
        pieces.append(_Piece(tok.i, tok.i + 1, "PERSON", kind="person", forced="person", cluster=cluster))
    pieces.sort(key=lambda p: (p.ts, -p.te))

    # 4. Everything else clusters by its folded text; kinds are voted later.
    for p in pieces:
        if p.cluster >= 0 or (p.kind is None and p.forced is None):
            continue
        key = _fold(doc[p.ts : p.te].text)
        if not key:
            p.kind = None
            continue
        if key not in by_key:
            by_key[key] = clusters.new()
        p.cluster = by_key[key]

    # Acronyms: "(OSCE)" after a name, or an acronym matching one name's initials.
    for acr, owner_piece in acronym_of.items():
        key = _fold(acr)
        if owner_piece.cluster < 0:
            continue
        if key in by_key:
            clusters.union(by_key[key], owner_piece.cluster)
        else:
            by_key[key] = owner_piece.cluster
        span = doc[owner_piece.te + 1 : owner_piece.te + 2]
        if not _overlaps([q for q in pieces if q.cluster >= 0], span.start, span.end):
            pieces.append(_Piece(span.start, span.end, "ORG", kind="organisation", cluster=owner_piece.cluster))
    long_orgs = [p for p in pieces if p.kind == "organisation" and p.cluster >= 0 and len(_name_words(doc, p)) >= 2]
    for p in pieces:
        text = doc[p.ts : p.te].text
        if p.cluster < 0 or p.kind != "organisation" or not _is_caps_word(text) or " " in text:
            continue
        owners_ = {clusters.find(q.cluster) for q in long_orgs if _initials(doc[q.ts : q.te].text) == text}
        if len(owners_) == 1:
            clusters.union(p.cluster, owners_.pop())

    # Kinds by majority over each cluster's mentions; linking overrides votes.
    live = [p for p in pieces if p.cluster >= 0]
    votes: dict[int, Counter[str]] = {}
    forced: dict[int, str] = {}
    for p in live:
        root = clusters.find(p.cluster)
        if p.forced:
            forced[root] = p.forced
        elif p.kind:
            votes.setdefault(root, Counter())[p.kind] += 1
    kinds: dict[int, str] = {}
    for root in {clusters.find(p.cluster) for p in live}:
        if root in forced:
            kinds[root] = forced[root]
            continue
        tally = votes.get(root)
        if not tally:
            continue
        best = max(tally.values())
        tied = [k for k, v in tally.items() if v == best]
        kinds[root] = next(k for k in ("person", "place", "organisation") if k in tied)

    # Multi-word names and acronyms elsewhere in the text the model missed.
    forms: dict[str, int] = {}
    for p in live:
        root = clusters.find(p.cluster)
        text = doc[p.ts : p.te].text
        if root not in kinds or "\n" in text:
            continue
        acronym = _is_caps_word(text) and len(text) >= 3 and kinds[root] == "organisation"
        if len(text.split()) >= 2 or acronym:
            forms.setdefault(text, root)
    text = doc.text
    extra, removed = _propagate(doc, text, live, forms, kinds)
    live = [p for p in live if not any(p is r for r in removed)] + extra

    # Final non-overlapping mentions: longer spans win.
    chosen: list[_Piece] = []
    for p in sorted(live, key=lambda p: (-(p.te - p.ts), p.ts)):
        if clusters.find(p.cluster) in kinds and not _overlaps(chosen, p.ts, p.te):
            chosen.append(p)
    chosen.sort(key=lambda p: p.ts)

    return _build(doc, text, chosen, clusters, kinds)


def _recent_owner(doc: Doc, piece: _Piece, owners: set[int], full: list[_Piece]) -> int | None:
    """Whose is a surname two people share?

    The story's subject's, when the other was introduced as their relative
    ("his brother Nurlan Ospanov"): reporters keep the bare surname for the
    subject. Otherwise the one named just before, and only when exactly one
    of them is named in the same or the previous sentence: "Nurlan Ospanov
    ... Marat Ospanov said. Ospanov added" is Marat; with both named nearby
    it stays unresolved.
    """
    principal = _protagonist(doc, owners, full)
    if principal is not None:
        return principal
    sentence_starts = [s.start for s in doc.sents]
    here = bisect.bisect_right(sentence_starts, piece.ts) - 1
    window_start = sentence_starts[max(here - 1, 0)]
    nearby = {q.cluster for q in full if q.cluster in owners and window_start <= q.ts < piece.ts}
    return nearby.pop() if len(nearby) == 1 else None


# Nouns that introduce someone as a relative of the story's subject.
_KINSHIP = frozenset(
    "brother brothers sister sisters wife husband son sons daughter daughters father mother "
    "cousin nephew niece uncle aunt widow widower grandson granddaughter stepson stepdaughter".split()
)


def _introduced_as_relative(doc: Doc, piece: _Piece) -> bool:
    """"his younger brother, Nurlan X", "the activist's wife Aigul X":
    a kinship noun just before the name, with only modifiers between."""
    i = piece.ts - 1
    while i >= 0 and piece.ts - i <= 4:
        tok = doc[i]
        if tok.lower_ in _KINSHIP:
            return True
        if tok.is_sent_start or tok.pos_ not in ("ADJ", "DET", "PRON", "PUNCT", "PART"):
            return False
        i -= 1
    return False


def _protagonist(doc: Doc, owners: set[int], full: list[_Piece]) -> int | None:
    """Reporters name a relative in full and keep the bare surname for the
    person the story is about. When exactly one of the surname's owners
    is never introduced as someone's relative, the bare surname is theirs."""
    relatives = {q.cluster for q in full if q.cluster in owners and _introduced_as_relative(doc, q)}
    principals = owners - relatives
    return principals.pop() if len(principals) == 1 and relatives else None


def _build(
    doc: Doc, text: str, chosen: list[_Piece], clusters: _Clusters, kinds: dict[int, str]
) -> tuple[tuple[DocEntity, ...], tuple[EntityMention, ...]]:
    """Turn clusters into records: names, variants, titles and places."""
    members: dict[int, list[_Piece]] = {}
    for p in chosen:
        members.setdefault(clusters.find(p.cluster), []).append(p)

    def surface(p: _Piece) -> str:
        return _collapse(doc[p.ts : p.te].text)

    # Places first: their countries are the context for the others, and two
    # spellings of one place ("US", "United States") become one entity.
    names: dict[int, str] = {}
    for root, ps in members.items():
        forms = [surface(p) for p in ps]
        best = max(forms, key=lambda f: (len(f.split()), not _is_caps_word(f) or len(f) <= 5, len(f)))
        if kinds[root] == "person" and _is_caps_word(best):
            best = _titlecase_name(best)
        names[root] = best
    first_pass = {root: resolve_place(names[root]) for root in members if kinds[root] == "place"}
    context = {pl.country for pl in first_pass.values() if pl and pl.country and pl.kind in ("country", "region")}
    places: dict[int, Place | None] = {root: resolve_place(names[root], context) for root in first_pass}
    by_gid: dict[str, int] = {}
    for root in sorted(places):
        pl = places[root]
        if pl is None:
            continue
        if pl.geonames_id in by_gid:
            keep = by_gid[pl.geonames_id]
            members[keep].extend(members.pop(root))
        else:
            by_gid[pl.geonames_id] = root

    ordered = sorted(members, key=lambda r: min(p.ts for p in members[r]))
    entities: list[DocEntity] = []
    mentions: list[EntityMention] = []
    for idx, root in enumerate(ordered):
        ps = sorted(members[root], key=lambda p: p.ts)
        forms = [surface(p) for p in ps]
        kind: EntityKind = kinds[root]  # type: ignore[assignment]
        name = max(forms, key=lambda f: (len(f.split()), not _is_caps_word(f) or len(f) <= 5, len(f)))
        if kind == "person" and _is_caps_word(name):
            name = _titlecase_name(name)
        variants = tuple(dict.fromkeys(f for f in forms if f != name))
        titles: list[str] = []
        if kind == "person":
            for p in ps:
                for t in _titles(doc, text, p):
                    if t.lower() not in {x.lower() for x in titles}:
                        titles.append(t)
        country = gid = None
        if kind == "place":
            pl = places.get(root)
            if pl is not None:
                country, gid = pl.country, pl.geonames_id
        elif kind == "organisation":
            country = _org_country(name)
        entities.append(DocEntity(idx, kind, name, variants, tuple(titles), country, gid))
        for p in ps:
            start, end = doc[p.ts].idx, doc[p.te - 1].idx + len(doc[p.te - 1].text)
            mentions.append(EntityMention(Span(start, end, text[start:end]), idx))
    mentions.sort(key=lambda m: m.span.start)
    return tuple(entities), tuple(mentions)


def _org_country(name: str) -> str | None:
    """The country an organisation's name states ("Socialist Party Ireland")."""
    words = name.split()
    found = set()
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            code = country_code(" ".join(words[i : i + n]))
            if code:
                found.add(code)
    return found.pop() if len(found) == 1 else None
