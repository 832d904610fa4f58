"""Offsets from cleaned text back to the decoded raw text.

Evidence quoted to users is a slice of ``CleanDocument.text``; segments let
any such slice be traced to the exact characters of the original document.
Two builders:

* :func:`join_slices` for cleaners that keep verbatim slices of the raw text
  (the plain-text cleaner): every kept slice is one exact segment and the
  separators between them have no raw counterpart;
* :func:`align` for cleaners that rewrite the text (HTML extraction decodes
  entities, drops markup and normalises whitespace): it greedily finds the
  longest runs of the cleaned text that occur verbatim, in order, in the raw
  text.

Both cover the cleaned text completely, in order, without overlaps, and obey
``clean[cs:ce] == raw[rs:re]`` for every segment with ``raw_start`` set.
"""
from __future__ import annotations

import re

from chronicle.records import Segment

_TOKEN_RE = re.compile(r"\S+")
# A run shorter than this that could only be found far away is more likely a
# coincidence (a common word in a script or attribute) than the real source.
_MIN_FAR_RUN = 12
_NEAR = 2000


def join_slices(raw: str, spans: list[tuple[int, int]], sep: str = "\n\n") -> tuple[str, tuple[Segment, ...]]:
    """Concatenate ``raw[s:e]`` for each span, separated by ``sep``.

    Spans must be in order and non-overlapping. Returns the text and its
    segments (one exact segment per span, one raw-less segment per separator).
    """
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for i, (start, end) in enumerate(spans):
        if end <= start:
            continue
        if parts:
            parts.append(sep)
            segments.append(Segment(pos, pos + len(sep), None, None))
            pos += len(sep)
        parts.append(raw[start:end])
        segments.append(Segment(pos, pos + end - start, start, end))
        pos += end - start
    return "".join(parts), tuple(segments)


def _find_outside_tags(raw: str, token: str, start: int) -> int:
    """The next occurrence of ``token`` in ``raw`` that is not inside a
    markup tag: "b" in a paragraph must not be placed on the "b" of
    "<body>"."""
    ri = raw.find(token, start)
    while ri >= 0 and raw.rfind("<", 0, ri) > raw.rfind(">", 0, ri) and "<" not in token:
        close = raw.find(">", ri)
        if close < 0:
            return ri  # an unclosed "<" is text, not a tag
        ri = raw.find(token, close + 1)
    return ri


def _best_hit(clean: str, ci: int, raw: str, token: str, cursor: int, markup: bool) -> int:
    """Where in ``raw`` the token at ``clean[ci:]`` is. A short token ("a")
    occurs everywhere, so of its next few occurrences take the one whose
    run goes furthest; a longer token's first occurrence is nearly always
    right."""
    find = _find_outside_tags if markup else _find
    ri = find(raw, token, cursor)
    if ri < 0 or len(token) >= 4:
        return ri
    best, best_run = ri, _extend(clean, ci, raw, ri)
    for _ in range(_SHORT_TOKEN_TRIES - 1):
        ri = find(raw, token, ri + 1)
        if ri < 0 or ri - cursor > _NEAR:
            break
        run = _extend(clean, ci, raw, ri)
        if run > best_run:
            best, best_run = ri, run
    return best


def _find(raw: str, token: str, start: int) -> int:
    return raw.find(token, start)


# How many occurrences of a short token are weighed against each other.
_SHORT_TOKEN_TRIES = 4


def _extend(clean: str, ci: int, raw: str, ri: int) -> int:
    """Length of the common run of ``clean[ci:]`` and ``raw[ri:]``."""
    n = 0
    limit = min(len(clean) - ci, len(raw) - ri)
    # Compare in chunks first: long verbatim paragraphs are the common case.
    step = 64
    while n + step <= limit and clean[ci + n : ci + n + step] == raw[ri + n : ri + n + step]:
        n += step
    while n < limit and clean[ci + n] == raw[ri + n]:
        n += 1
    return n


def align(clean: str, raw: str) -> tuple[Segment, ...]:
    """Segments mapping ``clean`` onto verbatim runs of ``raw``, in order.

    Each whitespace-delimited token of ``clean`` not yet covered is looked up
    in ``raw`` from the current raw cursor; a hit is extended character by
    character as far as both texts agree. Text that cannot be placed (entity
    decoded, whitespace normalised, markup in between) becomes raw-less
    segments, so the segments always tile ``clean`` exactly.
    """
    segments: list[Segment] = []
    cursor = 0  # raw position after the last placed run
    covered = 0  # clean position up to which segments exist
    ci = 0
    n = len(clean)
    markup = "<" in raw  # plain text has no tags to step over

    def gap_to(end: int) -> None:
        nonlocal covered
        if end > covered:
            segments.append(Segment(covered, end, None, None))
            covered = end

    while ci < n:
        m = _TOKEN_RE.search(clean, ci)
        if m is None:
            break
        tok_start, tok_end = m.start(), m.end()
        token = clean[tok_start:tok_end]
        ri = _best_hit(clean, tok_start, raw, token, cursor, markup)
        if ri >= 0 and ri - cursor > _NEAR and len(token) < _MIN_FAR_RUN:
            # Only accept a distant short hit when the run it starts is long.
            run = _extend(clean, tok_start, raw, ri)
            if run < _MIN_FAR_RUN:
                ri = -1
        if ri < 0:
            ci = tok_end
            continue
        run = _extend(clean, tok_start, raw, ri)
        # Let a run absorb the whitespace before it when raw has the same.
        back = 0
        while (
            tok_start - back > covered
            and ri - back > cursor
            and clean[tok_start - back - 1] == raw[ri - back - 1]
        ):
            back += 1
        start = tok_start - back
        gap_to(start)
        segments.append(Segment(start, tok_start + run, ri - back, ri + run))
        covered = tok_start + run
        cursor = ri + run
        ci = covered
    gap_to(n)
    return tuple(segments)
