"""Article body and metadata from plain text that still carries site boilerplate.

Reports often arrive already flattened to text with every line of the page
kept: menus, share buttons, related-article headlines, archive months, event
listings, donation appeals, comment forms, footers. This module keeps the
article and drops the rest, without markup to help, in the spirit of jusText:

1. Each line gets features: word count, stopword density, whether it ends
   like a sentence, title-case share, and whether it matches short lists of
   site furniture (calls to action, share/print widgets, credits, legal
   lines) or of *barriers* (the start of comments or of a list of other
   articles).
2. Each line gets a score: its word count for prose (long, stopword-rich,
   sentence punctuation), a little for a short sentence, a small penalty for
   a menu item or headline (more inside a run of them), a large one for
   furniture and a very large one for a barrier. Context adjusts it: a lone
   short paragraph between headlines is a teaser of another article and
   counts less; a paragraph glued to a call to action is part of the appeal
   box; the first paragraph after the headline that repeats the page title
   gets a bonus.
3. The article is the contiguous block of lines with the highest total score
   (a maximum-sum segment): it bridges a subheading or an advert between
   paragraphs but stops at a headline list or a comment section, however
   long the page. A list that the block's last line introduces with a colon
   is added.
4. Inside the block, furniture lines, inserted boxes (runs of non-prose
   lines holding furniture, or very long runs) and repeated copies of the
   text are removed.

The body is a sequence of verbatim slices of the input, so every segment maps
exactly back to the raw text. Title, publication date and outlet are read off
the lines around the body (headline, dateline, trailing date line, the site's
name or domain), never guessed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from chronicle.clean.dates import find_dates, parse_date, parse_iso_hint
from chronicle.clean.errors import CleanError
from chronicle.clean.lang import guess_language, stopword_density, word_count, words
from chronicle.clean.segments import join_slices
from chronicle.records import CleanDocument, PartialDate, RawDocument

# ----------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One line of the input; ``start:end`` is the stripped line in the raw text."""

    index: int
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` with their offsets, surrounding whitespace excluded."""
    lines: list[Line] = []
    pos = 0
    for i, chunk in enumerate(text.splitlines(keepends=True)):
        body = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        start = pos + lead
        lines.append(Line(i, start, start + len(stripped), stripped))
        pos += len(chunk)
    return lines


# -------------------------------------------------------------- features

_SENTENCE_END_RE = re.compile(r"""[.!?…:;。！？]["'”’»)\]」』]*$""")
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_TLDS = (
    "com|net|org|info|biz|news|io|eu|uk|ie|us|ca|au|nz|za|ng|ke|in|ru|ua|by|kz|kg|uz|tr|de|"
    "fr|nl|be|ch|at|it|es|pt|pl|cz|se|no|dk|fi|br|mx|ar|jp|cn|kr|hk|sg"
)
_DOMAIN_RE = re.compile(
    r"(?<![\w@./-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _TLDS + r"))(?![\w.-]*\w)", re.I
)

# Site furniture: calls to action, widgets, credits, legal lines. Each pattern
# applies only up to a line length (in words), because the same words occur
# in reports ("posted on Twitter", "signed up", "a donation"): a long line
# that matches is prose that happens to mention them.
_BOILERPLATE_RES: list[tuple[re.Pattern[str], int]] = [
    (re.compile(p, re.I), n)
    for p, n in (
        (r"\bclick here\b", 25),
        (r"\b(?:sign|log) ?(?:in|up|out)\b", 15),
        (r"\bsubscribe\b", 15),
        (r"\bnewsletters?\b", 12),
        (r"\bdonat(?:e|ion|ions)\b", 25),
        (r"\bbecome a (?:patron|member|supporter|subscriber)\b", 25),
        (r"\bjoin (?:us|the|our)\b", 10),
        (r"\b(?:share|tweet|pin|email|e-mail|print)(?: this)?(?: (?:article|story|page|post))?(?: on| via| to)? *"
         r"(?:facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|e-mail|a friend)\b", 15),
        (r"^(?:share|tweet|print|email|e-mail|facebook|twitter|whatsapp|linkedin|pinterest|reddit|comments?|reply|"
         r"menu|search|home|advertisement|advertising|sponsored(?: content)?|tags?|topics?|filed under|posted in|"
         r"categories|skip to (?:main )?content|printable version|back to top|scroll (?:back )?to top|see also|"
         r"loading|close|open|toggle|previous|next|more)\b", 4),
        (r"^(?:related|photo|image|video|gallery|caption|credit|source|read more|see also|you may also like|"
         r"recommended|trending|most (?:read|popular|viewed|shared)|previous (?:article|post)|next (?:article|post)|"
         r"watch|listen|sponsored|promoted|advertisement)\b", 12),
        (r"\byour email address will not be published\b", 15),
        (r"\bbe the first to comment\b", 10),
        (r"\bcomments? (?:are|is) closed\b", 10),
        (r"\ball rights reserved\b", 40),
        (r"(?:©|\(c\)|copyright)\s*(?:\d{4}|[A-Z])", 40),
        (r"\b(?:privacy|cookie) (?:policy|notice|settings)\b", 20),
        (r"\bterms (?:of|and) (?:use|service|conditions)\b", 20),
        (r"\b(?:uses|use of|accept|these|third-party|necessary) cookies\b", 200),
        (r"\b(?:follow|like|find|join) us on\b", 12),
        (r"\bon (?:facebook|twitter|youtube|instagram)\b", 6),
        (r"\blink to this (?:page|article)\b", 8),
        (r"\b(?:related|recommended|popular|latest) (?:links|articles|stories|posts|news|content|videos)\b", 8),
        (r"\bread (?:more|the full|next)\b", 8),
        (r"\bimage \d+ of\b", 8),
        (r"^(?:photo|image|picture|video|graphic|illustration)s?(?: credit)?:", 15),
        (r"\bopens in (?:a )?new window\b", 15),
        (r"\b(?:enjoyed|liked|value|appreciate) (?:this|our) (?:article|story|post|journalism|work|reporting)\b", 80),
    )
]
# Items laid out side by side ("Home    News    Sport"): a run of three or
# more spaces, or a tab, between words is layout. Two spaces are not enough:
# typists put two after a full stop.
_MENU_GAP_RE = re.compile(r"\S(?: {3,}|\t)\s*\S")


def is_menu_line(text: str) -> bool:
    """Whether a line is a flattened row of menu items or table cells, never a headline."""
    return bool(_MENU_GAP_RE.search(text))


_RELATIVE_TIME_RE = re.compile(
    r"^(?:updated\s+)?\d+\s*(?:[smhd]|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?)\s+ago$", re.I
)


def is_boilerplate(text: str, n_words: int) -> bool:
    """Whether a line is site furniture (see ``_BOILERPLATE_RES``)."""
    if _RELATIVE_TIME_RE.match(text):
        return True
    return any(n_words <= limit and p.search(text) for p, limit in _BOILERPLATE_RES)


# Lines after which the article is over: a comment section or a list of other
# articles starts. Crossing one costs as much as a long paragraph earns.
_BARRIER_RES = [
    re.compile(p, re.I)
    for p in (
        r"^\W*\d+\s+(?:comments?|responses?|replies|reactions)\b",
        r"^\W*(?:top rated |show |view |load |reader )?comments?\W*(?:\(\d+\))?\W*$",
        r"^(?:leave|post|add|write) (?:a |your )?(?:reply|comment|response)\b",
        r"^join the (?:discussion|conversation)\b",
        r"\bsave my name, email\b",
        r"\bby submitting this form\b",
        r"^elsewhere on\b",
        r"\bresponses? to\b.*[“\"]",
        r"^(?:you (?:may|might) (?:also )?like|read these next|recommended(?: for you| stories| reading)?|"
        r"more (?:from|stories|news|articles|on this)|"
        r"related(?: coverage| articles| stories| posts| content| links| news)?|"
        r"most (?:popular|read|viewed|shared)|trending(?: now| stories)?|popular (?:posts|stories|articles)|"
        r"recent (?:posts|articles|stories|blog posts)|latest (?:news|stories|articles|posts)|around the web|"
        r"also (?:read|see|on)|further reading|next article|previous article)\b.{0,60}$",
    )
]


_COMMENT_HEAD_RE = re.compile(r"\b(?:says|said|wrote|writes)\s*:\s*$", re.I)


def is_barrier(text: str, n_words: int) -> bool:
    """A line that opens comments or a list of other articles."""
    if any(p.search(text) for p in _BARRIER_RES):
        return True
    if _COMMENT_HEAD_RE.search(text):
        # "Jane on May 3, 2019 at 4:47 pm said:" or "janedoe says:", but not
        # "The minister said:" introducing a quote in the article.
        return n_words <= 3 or bool(find_dates(text)) or bool(re.search(r"\d:\d\d", text))
    return False


@dataclass(frozen=True)
class LineFeatures:
    words: int
    stop_density: float
    sentence_end: bool
    boilerplate: bool
    title_case: float
    date_only: bool
    url_only: bool
    pipes: int
    barrier: bool
    punctuation: int


def line_features(text: str, language: str | None) -> LineFeatures:
    """Shallow features of one stripped line (see the module docstring)."""
    toks = words(text)
    n_words = word_count(text)
    caps = [t for t in re.findall(r"[^\W\d_][\w'’-]*", text) if len(t) > 3]
    title_case = sum(1 for t in caps if t[0].isupper()) / len(caps) if caps else 0.0
    return LineFeatures(
        words=n_words,
        stop_density=stopword_density(toks, language),
        sentence_end=bool(_SENTENCE_END_RE.search(text)),
        boilerplate=is_boilerplate(text, n_words),
        title_case=title_case,
        date_only=bool(text) and parse_date(text) is not None,
        url_only=bool(_URL_RE.match(text)),
        pipes=text.count("|") + text.count("•"),
        barrier=is_barrier(text, n_words),
        punctuation=len(re.findall(r"[.,;:!?。、，！？]", text)),
    )


# ---------------------------------------------------------------- scoring

# Weights of the line score; tuned on the text rendering of the
# content-scrapinghub benchmark as a whole (never per page), see docs.
PROSE_MIN_WORDS = 8
PROSE_MIN_STOP = 0.18
LONG_NO_END_WORDS = 20
SHORT_LINE_PENALTY = 2.0
RUN_PENALTY = 1.0
HEADLINE_PENALTY = 4.0
BOILERPLATE_PENALTY = 10.0
BARRIER_PENALTY = 60.0
ISOLATED_PROSE_WEIGHT = 0.3
CONTAMINATION_MAX_LINES = 3
LONG_PARAGRAPH_WORDS = 40
RELATIVE_STOP = 0.6
TITLE_ANCHOR_BONUS = 40.0
BOX_MIN_LINES = 3
LONG_BOX_LINES = 8
COVER_MIN_WORDS = 20
LIST_ITEM_MAX_WORDS = 30
COVER_SHARE = 0.8


def is_prose(f: LineFeatures, min_stop: float = PROSE_MIN_STOP) -> bool:
    """A line that reads like a paragraph of an article."""
    if f.boilerplate or f.url_only or f.pipes >= 2:
        return False
    if f.words >= PROSE_MIN_WORDS and f.stop_density >= min_stop and f.sentence_end:
        return True
    # A long line without final punctuation is prose if it has the function
    # words and some punctuation of a sentence; tag clouds have neither.
    return (
        f.words >= LONG_NO_END_WORDS
        and f.stop_density >= min_stop * 1.25
        and (f.punctuation >= 2 or f.stop_density >= 2 * min_stop)
    )


def line_score(f: LineFeatures, min_stop: float = PROSE_MIN_STOP) -> float:
    """How much a line argues for being inside the article (may be negative)."""
    if f.words == 0:
        return 0.0
    if f.barrier:
        return -BARRIER_PENALTY
    if f.boilerplate or f.url_only:
        return -BOILERPLATE_PENALTY
    if is_prose(f, min_stop):
        return float(f.words)
    if f.sentence_end and not f.date_only and f.pipes < 2 and (f.stop_density >= 0.25 or f.words <= 4):
        # "The interviews can be read on:", "Nothing else happened."
        return 0.5
    if f.words >= 5 and f.title_case >= 0.6:
        return -HEADLINE_PENALTY
    return -SHORT_LINE_PENALTY


def stopword_threshold(feats: list[LineFeatures], language: str | None) -> float:
    """The prose stopword threshold for this document.

    For a language we have no list for, stopwords carry no signal and only
    length and punctuation decide. Our lists cover some languages less well
    than English, so the threshold is also capped relative to the density of
    the document's longest lines, which are nearly always prose.
    """
    if not language:
        return 0.0
    longest = sorted((f for f in feats if f.words >= 12), key=lambda f: f.words, reverse=True)[:10]
    if not longest:
        return PROSE_MIN_STOP
    reference = sorted(f.stop_density for f in longest)[len(longest) // 2]
    return min(PROSE_MIN_STOP, RELATIVE_STOP * reference)


def _blocks(feats: list[LineFeatures]) -> list[list[int]]:
    """Runs of consecutive non-blank lines (paragraph boxes of the page)."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, f in enumerate(feats):
        if f.words > 0 or f.boilerplate:
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def score_lines(lines: list[Line], language: str | None) -> tuple[list[LineFeatures], list[float], float]:
    """Features, scores and the stopword threshold used.

    A short line inside a run of short lines costs more than a lone one.
    """
    feats = [line_features(ln.text, language) for ln in lines]
    min_stop = stopword_threshold(feats, language)
    scores = [line_score(f, min_stop) for f in feats]
    nonblank = [i for i, f in enumerate(feats) if f.words > 0]
    # A paragraph glued (no blank line) to a call to action is part of the
    # appeal box: "We rely on readers... / Please make a donation".
    for block in _blocks(feats):
        if len(block) <= CONTAMINATION_MAX_LINES and any(feats[i].boilerplate for i in block):
            for i in block:
                if scores[i] > 0:
                    scores[i] = -SHORT_LINE_PENALTY
    base = list(scores)
    for k, i in enumerate(nonblank):
        prev_s = base[nonblank[k - 1]] if k > 0 else None
        next_s = base[nonblank[k + 1]] if k + 1 < len(nonblank) else None
        if base[i] < 0:
            # Menus and headline lists are runs of non-prose lines; a subheading is alone.
            if prev_s is not None and prev_s < 0 and next_s is not None and next_s < 0:
                scores[i] -= RUN_PENALTY
        elif base[i] > 1:
            # Articles are runs of paragraphs; a lone paragraph between headlines
            # and bylines is a teaser of another article.
            if feats[i].words < LONG_PARAGRAPH_WORDS and not ((prev_s or 0) > 1 or (next_s or 0) > 1):
                scores[i] *= ISOLATED_PROSE_WEIGHT
    anchor = title_anchor(lines, feats, scores)
    if anchor is not None:
        scores[anchor] += TITLE_ANCHOR_BONUS
    return feats, scores, min_stop


def repeats_page_title(first: str, text: str) -> bool:
    """Whether ``text`` is the page's first line, or its head before a site suffix.

    Text extracted from a page starts with its ``<title>``, typically
    "Headline - Site"; the headline shown above the article repeats it.
    """
    if len(text) < MIN_HEADLINE_CHARS:
        return False
    if text == first:
        return True
    return first.startswith(text) and bool(_TITLE_SEP_RE.match(first[len(text) :]))


def title_anchor(lines: list[Line], feats: list[LineFeatures], scores: list[float]) -> int | None:
    """The first prose line after the headline that repeats the page title.

    The article starts right after its headline (and byline/date lines); on a
    page full of teasers this is the strongest positional cue there is.
    """
    nonblank = [i for i, f in enumerate(feats) if f.words > 0]
    if not nonblank:
        return None
    first = lines[nonblank[0]].text
    for k, i in enumerate(nonblank[1:], start=1):
        if not repeats_page_title(first, lines[i].text):
            continue
        for j in nonblank[k + 1 : k + 1 + META_WINDOW]:
            if scores[j] > 1 and feats[j].words >= PROSE_MIN_WORDS and not repeats_page_title(first, lines[j].text):
                return j
    return None


def best_block(scores: list[float]) -> tuple[int, int] | None:
    """Indices ``[lo, hi]`` of the maximum-sum run of ``scores`` (None if no positive)."""
    best = 0.0
    best_span: tuple[int, int] | None = None
    run = 0.0
    run_start = 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, run_start = s, i
        else:
            run += s
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span


def introduces_list(text: str) -> bool:
    """A line such as "Tour dates:" or "The charges are:" announcing a list."""
    return text.endswith(":")


def inserted_boxes(
    candidates: list[int], scores: list[float], lines: list[Line], feats: list[LineFeatures]
) -> list[int]:
    """Lines of runs of non-prose lines inside the article that are inserted boxes.

    The best block may bridge a "Most read" list or a gallery inserted
    between paragraphs. A run is such a box when it has ``BOX_MIN_LINES`` or
    more lines and one of them is site furniture ("Most read", "Image 1 of
    9"), or when it is long (``LONG_BOX_LINES``). A subheading, the
    address block of a quoted letter, and a list that the text introduces
    with a colon stay.
    """
    out: list[int] = []
    run: list[int] = []
    before: int | None = None
    for i in candidates + [-1]:
        if i >= 0 and scores[i] < 0:
            run.append(i)
            continue
        introduced = before is not None and introduces_list(lines[before].text)
        furniture = any(feats[j].boilerplate or feats[j].barrier for j in run)
        long_run = len(run) >= LONG_BOX_LINES
        if len(run) >= BOX_MIN_LINES and (furniture or long_run) and not introduced:
            out.extend(run)
        run = []
        before = i
    return out


def extend_list(lines: list[Line], feats: list[LineFeatures], hi: int) -> int:
    """Extend the block's end over a list its last line introduces.

    "The tour dates are:" followed by one short line per date scores as a
    menu; the list continues as long as lines follow without a blank line
    and none is site furniture.
    """
    last = hi
    while last >= 0 and not lines[last].text:
        last -= 1
    if last < 0 or not introduces_list(lines[last].text):
        return hi
    j = last + 1
    if j < len(lines) and not lines[j].text:
        j += 1  # one blank line between the introduction and the list
    end = hi
    while j < len(lines) and lines[j].text:
        f = feats[j]
        if f.boilerplate or f.barrier or f.url_only or f.words > LIST_ITEM_MAX_WORDS:
            break
        end = j
        j += 1
    return end


def _shingles(text: str) -> set[tuple[str, ...]]:
    toks = re.findall(r"\w+", text.lower())
    return {tuple(toks[i : i + 4]) for i in range(max(1, len(toks) - 3))}


def drop_covered(kept: list[int], lines: list[Line], feats: list[LineFeatures]) -> list[int]:
    """Remove long lines whose text the other kept lines already contain.

    Pages embed the whole article once more as one flat line (structured
    data, print versions); keeping both would report every sentence twice.
    Longest lines are checked first so that the paragraphed copy survives.
    """
    sh = {i: _shingles(lines[i].text) for i in kept}
    if sum(1 for i in kept if feats[i].words >= COVER_MIN_WORDS) < 1:
        return kept
    pool: Counter[tuple[str, ...]] = Counter()
    for i in kept:
        pool.update(sh[i])
    alive = set(kept)
    for i in sorted(kept, key=lambda i: feats[i].words, reverse=True):
        if feats[i].words < COVER_MIN_WORDS:
            break
        covered = sum(1 for g in sh[i] if pool[g] > 1)
        if covered >= COVER_SHARE * len(sh[i]):
            alive.discard(i)
            pool.subtract(sh[i])
    return [i for i in kept if i in alive]


@dataclass(frozen=True)
class Body:
    """The lines kept as the article (indices into the line list), first and last."""

    kept: tuple[int, ...]
    first: int
    last: int


def select_body(lines: list[Line], language: str | None) -> Body | None:
    """Pick the article lines (see the module docstring, steps 1-4)."""
    feats, scores, min_stop = score_lines(lines, language)
    span = best_block(scores)
    if span is None:
        return None
    lo, hi = span
    hi = extend_list(lines, feats, hi)
    candidates = [i for i in range(lo, hi + 1) if feats[i].words > 0]
    dropped = set(inserted_boxes(candidates, scores, lines, feats))
    seen: set[str] = set()
    kept_list: list[int] = []
    for i in candidates:
        if i in dropped or feats[i].boilerplate or feats[i].url_only or feats[i].barrier:
            continue
        # Pages repeat the article in metadata blocks; a paragraph is reported once.
        if feats[i].words >= PROSE_MIN_WORDS and lines[i].text in seen:
            continue
        seen.add(lines[i].text)
        kept_list.append(i)
    kept = tuple(drop_covered(kept_list, lines, feats))
    if not kept or not any(is_prose(feats[i], min_stop) for i in kept):
        return None
    return Body(kept, kept[0], kept[-1])


# ------------------------------------------------------------- metadata

_PUBLISHED_RE = re.compile(r"\b(?:published|posted|issued|dated|issue|edition)\b", re.I)
_STAMP_SEPARATORS = ",|-–—·•/:("
MAX_DATELINE_WORDS = 14
_UPDATED_RE = re.compile(r"\b(?:updated|modified|last edited|revised)\b", re.I)
_FROM_OUTLET_RE = re.compile(
    r"^From\s+(?P<outlet>(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,5})\s+"
    r"(?:newspaper|magazine|journal|weekly|daily|paper|website|bulletin|issue)\b"
)
_TITLE_SEP_RE = re.compile(r"\s*(?:[-–—|:»]|::)\s+")
MIN_HEADLINE_CHARS = 15

# A publication's name as pages write it: capitalised words ("Solidarity
# Weekly", "The Daily Example", "JPost.com"), with the small words that
# titles keep in lower case ("Voice of the Workers").
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’&-]*(?:\.[A-Za-z][\w-]*)*"
_NAME_LINK = r"(?:of|the|and|for|on|in|&|de|du|la|le|el|der|die|das)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_NAME_LINK}))" + "{0,5}"
_NAME_RE = re.compile(rf"^{_NAME}$")
# "From Solidarity Weekly, 5 March 2021": a dateline that names the outlet
# without calling it a newspaper.
_FROM_NAME_DATE_RE = re.compile(rf"^From\s+(?P<outlet>(?:the\s+)?{_NAME})\s*[,|·•–—-]\s*(?P<rest>.+)$")
# "(c) 2021 The Daily Example. All rights reserved.", "Copyright © 2005-2021
# The Daily Example", "© The Daily Example 2021". The notice must open the
# line and the line must carry a year (see copyright_name), so that a
# "Copyright policy" link or a "© Jane Doe" photo credit names nobody.
_COPYRIGHT_NAME_RE = re.compile(
    r"(?:(?P<sign>©|\([cC]\))|\b(?:[Cc]opyright|COPYRIGHT)\b)(?:\s*(?P<sign2>©|\([cC]\)))?\s*"
    r"(?:(?P<year>(?:19|20)\d\d)(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?"
    rf"(?P<name>{_NAME})"
)
_NOT_A_NAME_RE = re.compile(r"^(?:all rights|copyright|photo|image|picture|video|credit|source|by)\b", re.I)
# A copyright line often names the company that owns the site ("Example
# Media Group, Inc."), not the publication: such a name is not an outlet.
_COMPANY_RE = re.compile(
    r"(?:^|[\s,])(?:inc|llc|ltd|limited|plc|gmbh|ag|s\.?a|pty|corp|corporation|company|co|holdings?|group|"
    r"media|networks?|communications|broadcasting|interactive|enterprises|publishing|publications|ventures|"
    r"private|organi[sz]ation|foundation|trust)\b\.?$",
    re.I,
)
_MASTHEAD_SEP_RE = re.compile(r"\s+[-–—|·•»]\s+")
MAX_NAME_WORDS = 6

# How far from the body a dateline or headline may sit, in non-blank lines.
META_WINDOW = 6


def _nonblank_before(lines: list[Line], index: int, n: int) -> list[Line]:
    out: list[Line] = []
    i = index - 1
    while i >= 0 and len(out) < n:
        if lines[i].text:
            out.append(lines[i])
        i -= 1
    return out


def _nonblank_after(lines: list[Line], index: int, n: int) -> list[Line]:
    out: list[Line] = []
    i = index + 1
    while i < len(lines) and len(out) < n:
        if lines[i].text:
            out.append(lines[i])
        i += 1
    return out


def is_dateline(text: str) -> PartialDate | None:
    """The date of a short stamp line, or None.

    Accepted: a line that is only a date ("May 2010", "Tuesday, 19 May
    2010"); a line with a publication cue ("Published 19 May 2010", "From The
    X newspaper, 19 May 2010"); a line whose date closes it after a separator
    ("The X | 19 May 2010", "Jane Doe, May 19, 2010 10:43 am"). Not accepted:
    "updated"/"modified" stamps (the original date is wanted) and dates
    inside a phrase ("Protest in Almaty on 4 May 2010" is a headline).
    """
    if len(text.split()) > MAX_DATELINE_WORDS:
        return None
    if _UPDATED_RE.search(text) and not _PUBLISHED_RE.search(text):
        return None
    date = parse_date(text)
    if date is not None:
        return date
    found = find_dates(text)
    if not found:
        return None
    first = found[0]
    if _PUBLISHED_RE.search(text) or _FROM_OUTLET_RE.match(text):
        return first.date
    before = text[: first.start].rstrip()
    after = text[first.end :]
    closes_line = not re.search(r"[^\W\d_]{4,}", after)  # only a time or zone may follow
    if before and before[-1] in _STAMP_SEPARATORS and closes_line:
        return first.date
    return None


def _is_archive_list(lines: list[Line], line: Line) -> bool:
    """A month-year line next to another is an archive list, not a date."""
    neighbours = _nonblank_before(lines, line.index, 1) + _nonblank_after(lines, line.index, 1)
    return any(parse_date(n.text) is not None for n in neighbours)


def find_published(lines: list[Line], body: Body) -> PartialDate | None:
    """Publication date from a dateline near the top, else a lone date line after the body.

    The lines just above the body (headline, byline, dateline) are searched
    first, nearest first; then the few lines after the body, where blogs put
    "May 2010". A date inside the article is an event date, not a dateline.
    """
    before = _nonblank_before(lines, body.first, META_WINDOW)
    for ln in before:
        date = is_dateline(ln.text)
        if date is not None and not (date.precision == "month" and _is_archive_list(lines, ln)):
            return date
    # A date line trailing the article, past the comment form: look further.
    after = _nonblank_after(lines, body.last, 2 * META_WINDOW)
    for ln in after:
        date = parse_date(ln.text)
        if date is None and _PUBLISHED_RE.search(ln.text):
            date = is_dateline(ln.text)
        if date is not None and not _is_archive_list(lines, ln):
            return date
    return None


def dateline_date(article_text: str) -> PartialDate | None:
    """A dateline in the first or last lines of an already extracted article."""
    lines = [ln for ln in split_lines(article_text) if ln.text]
    for ln in lines[:3] + lines[-2:]:
        date = is_dateline(ln.text)
        if date is not None:
            return date
    return None


def _trim_name(name: str) -> str | None:
    """A captured name without trailing link words; None if it names nothing."""
    name = re.split(r"\s+all\s+rights\b", name, maxsplit=1, flags=re.I)[0]
    words_ = name.split()
    while words_ and re.fullmatch(_NAME_LINK, words_[-1]):
        words_.pop()
    out = " ".join(words_)
    if not out or len(words_) > MAX_NAME_WORDS or _NOT_A_NAME_RE.match(out):
        return None
    return out


def from_dateline_outlet(text: str) -> str | None:
    """The outlet a "From <Outlet> newspaper" or "From <Outlet>, <date>" dateline names."""
    m = _FROM_OUTLET_RE.match(text)
    if m:
        return m.group("outlet")
    m = _FROM_NAME_DATE_RE.match(text)
    if m and parse_date(m.group("rest")) is not None:
        name = _trim_name(m.group("outlet"))
        return "The" + name[3:] if name and name.startswith("the ") else name
    return None


def copyright_name(text: str) -> str | None:
    """The site a footer's copyright line names: "(c) 2021 The Daily Example." -> "The Daily Example".

    Only a line that opens with the notice and carries a year is a site
    footer: "© Jane Doe" under a photo or "Sports data © X 2018" credit
    someone else. A company name ("Example Media, LLC") is the owner, not the
    publication, and gives nothing.
    """
    if len(text.split()) > 25 or not re.search(r"(?:19|20)\d\d", text):
        return None
    m = _COPYRIGHT_NAME_RE.match(text.lstrip("*·•|- "))
    if m is None:
        return None
    name = _trim_name(m.group("name"))
    if name is None:
        return None
    rest = m.string[m.end("name") :]
    # "Example Media, LLC", "The Example (Region) Private Ltd.": the company again.
    following = re.sub(r"\([^)]*\)", " ", rest).split()[:3]
    if _COMPANY_RE.search(name) or any(_COMPANY_RE.search(" " + w.strip(",.;")) for w in following):
        return None
    if _NOT_A_NAME_RE.match(name + rest):
        return None
    return name


def _names_mid_line(text: str, name: str) -> bool:
    """Whether ``text`` mentions ``name`` as words, not at the start of the line."""
    return any(m.start() > 0 for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text))


def masthead_name(lines: list[Line], body: Body, language: str | None) -> str | None:
    """The site's name when the page opens with its masthead.

    "Steppe Examiner - independent news" or "The Daily Example" on the first
    line is a name only if the page's own furniture names it again: a
    copyright line, a "subscribe to ..." appeal, a "From ..." dateline. A
    headline or a section name at the top is not repeated that way.
    """
    first = next((ln for ln in lines if ln.text), None)
    if first is None or first.index >= body.first or is_menu_line(first.text):
        return None
    head = _MASTHEAD_SEP_RE.split(first.text, maxsplit=1)[0].strip()
    if not _NAME_RE.match(head) or len(head.split()) > MAX_NAME_WORDS or parse_date(head) is not None:
        return None
    if is_boilerplate(head, len(head.split())):
        return None  # "Home", "Menu": the first item of a menu
    inside = range(body.first, body.last + 1)
    for ln in lines:
        if ln.index == first.index or ln.index in inside or not ln.text:
            continue
        if copyright_name(ln.text) == head or from_dateline_outlet(ln.text) == head:
            return head
        if _names_mid_line(ln.text, head) and line_features(ln.text, language).boilerplate:
            return head
    return None


def footer_name(lines: list[Line], body: Body) -> str | None:
    """The name in the page's last copyright line outside the article."""
    inside = range(body.first, body.last + 1)
    for ln in reversed(lines):
        if ln.text and ln.index not in inside:
            name = copyright_name(ln.text)
            if name:
                return name
    return None


def dateline_outlet(lines: list[Line], body: Body) -> str | None:
    """The outlet a "From <Outlet> ..." dateline near the article names."""
    window = _nonblank_before(lines, body.first, META_WINDOW) + _nonblank_after(lines, body.last, META_WINDOW)
    return next((name for ln in window if (name := from_dateline_outlet(ln.text))), None)


def declared_site_name(lines: list[Line], body: Body, language: str | None) -> str | None:
    """The name the page gives itself: dateline, masthead or copyright line, most explicit first."""
    return dateline_outlet(lines, body) or masthead_name(lines, body, language) or footer_name(lines, body)


_CLOCK_RE = re.compile(r"\b[0-2]?\d:[0-5]\d\b")
_CREDIT_RE = re.compile(
    r"\b(?:getty images|ap photo|afp photo|reuters photo|shutterstock|associated press|photograph|"
    r"file photo|staff reports?|staff writer|contributor|correspondent)\b",
    re.I,
)
_NOT_HEADLINE_START_RE = re.compile(
    r"^(?:by|photo|credit|source|text|words|posted|published|written by|filed (?:to|under)|share|"
    r"copy link|pin it)\b",
    re.I,
)


def _headline_like(text: str, f: LineFeatures) -> bool:
    if not 2 <= f.words <= 25 or f.boilerplate or f.barrier or f.url_only or f.date_only or f.pipes >= 2:
        return False
    if len(text.split()) < 2 or is_menu_line(text):
        return False  # "News    World    Opinion": a menu, however few its items
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    if from_dateline_outlet(text) or is_dateline(text) is not None:
        return False
    if (_UPDATED_RE.search(text) or _PUBLISHED_RE.search(text)) and find_dates(text):
        return False  # "Updated 4 March 2011 10:02": a stamp, whatever it says
    if re.search(r"https?://|www\.", text):
        return False
    if f.words <= MAX_DATELINE_WORDS and (_CLOCK_RE.search(text) or _CREDIT_RE.search(text)):
        return False  # "November 19, 2019 6:30 AM / Example News", "Jane Doe | Getty Images"
    # Bylines ("By Jane Doe"), credits and widgets are not headlines.
    return not _NOT_HEADLINE_START_RE.match(text)


def _is_site_line(text: str, site: str | None) -> bool:
    """The masthead: the site's name alone, or followed by its tagline."""
    if not site:
        return False
    return text == site or (text.startswith(site) and bool(_MASTHEAD_SEP_RE.match(text[len(site) :])))


def find_title(lines: list[Line], body: Body, language: str | None, site: str | None = None) -> str | None:
    """The headline: the nearest headline-like line above the body.

    A line anywhere above the body that the page's first line (often the HTML
    ``<title>``, "Headline - Site") starts with wins, since the page title
    repeats the headline. The masthead (``site``, the name the page gives
    itself, alone or with its tagline) is not a headline.
    """

    def fits(text: str) -> bool:
        return _headline_like(text, line_features(text, language)) and not _is_site_line(text, site)

    nonblank = [ln for ln in lines if ln.text]
    first = nonblank[0].text if nonblank else ""
    # The headline shown above the article repeats the page title, however
    # much furniture lies between them.
    for ln in reversed([ln for ln in nonblank[1:] if ln.index < body.first]):
        if first != ln.text and repeats_page_title(first, ln.text) and fits(ln.text):
            return ln.text
    before = _nonblank_before(lines, body.first, META_WINDOW)
    candidates = [ln.text for ln in before if fits(ln.text)]
    return candidates[0] if candidates else None


def drop_leading_datelines(lines: list[Line], body: Body) -> Body:
    """The body without the dateline lines it starts with ("From X, 5 March 2021").

    A dateline is metadata (it is read for the date and outlet), not text of
    the report.
    """
    kept = list(body.kept)
    while len(kept) > 1 and is_dateline(lines[kept[0]].text) is not None:
        kept.pop(0)
    return Body(tuple(kept), kept[0], kept[-1])


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def split_leading_headline(lines: list[Line], body: Body, language: str | None) -> tuple[Body, str | None]:
    """Take the headline off the start of the body when there is none above it.

    A short headline that ends like a sentence ("Free the Velmora Three!")
    scores as a short sentence and can open the best block. When no headline
    stands above the body, a first line that is headline-like, not prose, and
    a paragraph of its own is the headline.
    """
    kept = body.kept
    if len(kept) < 2:
        return body, None
    first, second = lines[kept[0]], lines[kept[1]]
    f = line_features(first.text, language)
    if is_prose(f) or not _headline_like(first.text, f):
        return body, None
    if not any(not lines[j].text for j in range(first.index + 1, second.index)):
        return body, None  # glued to the next line: part of the first paragraph
    return Body(kept[1:], kept[1], kept[-1]), first.text


def _host_name(source: str | None) -> str | None:
    if not source or not source.startswith(("http://", "https://")):
        return None
    host = urlsplit(source).hostname
    if host and host.startswith("www."):
        host = host[4:]
    return host or None


# Platforms and services that pages link to; naming one is not naming the site.
_PLATFORM_DOMAINS = frozenset(
    """facebook.com twitter.com x.com youtube.com instagram.com linkedin.com pinterest.com whatsapp.com
    wordpress.com blogspot.com google.com apple.com amazon.com paypal.com patreon.com t.co bit.ly
    reddit.com tiktok.com flickr.com vimeo.com gravatar.com disqus.com wikipedia.org""".split()
)


def title_suffix_outlet(first: str, title: str | None) -> str | None:
    """The site name after the headline in the page's first line.

    "Headline - Section - The Daily Example" gives "The Daily Example": the
    last part of a ``<title>`` is the site, the parts between are sections.
    """
    if not title or first == title or not first.startswith(title):
        return None
    parts = [p.strip() for p in re.split(r"\s+(?:[-–—|:»]|::)\s+", first[len(title) :]) if p.strip()]
    parts = [p.lstrip("-–—|:» ").strip() for p in parts]
    if parts and 1 <= len(parts[-1].split()) <= 6:
        return parts[-1]
    return None


def mentioned_domain(lines: list[Line], body: Body) -> str | None:
    """The site domain the page names most, if named twice and outside the article.

    Site chrome repeats the site's own address ("readers of example.net");
    a domain named once inside the story is a source, not the outlet.
    """
    inside = range(body.first, body.last + 1)
    total: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for ln in lines:
        for m in _DOMAIN_RE.finditer(ln.text):
            domain = m.group(1).lower()
            if domain.startswith("www."):
                domain = domain[4:]
            if domain in _PLATFORM_DOMAINS:
                continue
            total[domain] += 1
            if ln.index not in inside:
                outside[domain] += 1
    for domain, n in total.most_common():
        if n >= 2 and outside[domain] >= 1:
            return domain
    return None


def find_outlet(
    lines: list[Line],
    body: Body,
    title: str | None,
    source: str,
    container: str | None,
    language: str | None = None,
) -> str | None:
    """The publication, from the most to the least explicit evidence.

    A name the page declares comes before any address: a "From <Outlet>
    newspaper" or "From <Outlet>, <date>" dateline near the article; the site
    name after the headline in the page title; the masthead on the first line
    (when the page's furniture names it again); the owner in the copyright
    line. Then addresses: the source URL's host; the domain the page keeps
    naming; the container's URL host.
    """
    first = next((ln.text for ln in lines if ln.text), "")
    return (
        dateline_outlet(lines, body)
        or title_suffix_outlet(first, title)
        or masthead_name(lines, body, language)
        or footer_name(lines, body)
        or _host_name(source)
        or mentioned_domain(lines, body)
        or _host_name(container)
    )


# ------------------------------------------------------------------ entry


def clean_text(raw: RawDocument) -> CleanDocument:
    """Clean one plain-text document; raises CleanError when no article is found."""
    text = raw.text
    if not text.strip():
        raise CleanError("empty text")
    language = guess_language(text)
    lines = split_lines(text)
    body = select_body(lines, language)
    if body is None:
        raise CleanError("no article text found in plain text")
    body = drop_leading_datelines(lines, body)
    site = declared_site_name(lines, body, language)
    title = find_title(lines, body, language, site)
    if title is None:
        body, title = split_leading_headline(lines, body, language)
    elif len(body.kept) > 1 and _same_words(lines[body.kept[0]].text, title):
        # The headline repeated as the body's first line is the headline.
        body = Body(body.kept[1:], body.kept[1], body.kept[-1])
    spans: list[tuple[int, int]] = []
    run_start = prev = body.kept[0]
    for i in body.kept[1:]:
        # Lines separated only by blank lines stay one verbatim slice.
        if any(lines[j].text for j in range(prev + 1, i)):
            spans.append((lines[run_start].start, lines[prev].end))
            run_start = i
        prev = i
    spans.append((lines[run_start].start, lines[prev].end))
    clean, segments = join_slices(text, spans)
    published = parse_iso_hint(raw.published_hint) if raw.published_hint else None
    if published is None:
        published = find_published(lines, body)
    outlet = find_outlet(lines, body, title, raw.source, raw.container, language)
    return CleanDocument(
        sha256=raw.sha256,
        source=raw.source,
        text=clean,
        title=title,
        published=published,
        outlet=outlet,
        language=guess_language(clean) or language,
        segments=segments,
    )
