"""Skip time rules that cannot match a text, decided from the rules' own regexes.

Running every rule's regex over every text is most of ``find_times``'s cost,
yet a short news sentence holds the words of only a few rules. From each
rule's parsed pattern we derive the literal strings one of which any match
must contain ("ago", a month name, a digit); a text lacking all of them
cannot match the rule, so its scan is skipped. The derivation is
conservative: where a pattern is too complex to be sure, the rule always runs.
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C  # noqa: N812
from re import _parser

_MAX_CLASS = 36  # character classes wider than this say too little to be worth it
_DIGITS = frozenset("0123456789")


def _class_strings(items: list) -> frozenset[str] | None:
    """The characters of a class as lower-case one-letter strings, if few and ASCII."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL and av < 128:
            out.add(chr(av).lower())
        elif op is C.RANGE and av[1] < 128 and av[1] - av[0] < _MAX_CLASS:
            out.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            out.update(_DIGITS)
        else:
            return None
    return frozenset(out) if out and len(out) <= _MAX_CLASS else None


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: longest shortest string, then fewest strings."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(len(x) for x in s), -len(s)))


def _required(seq) -> tuple[frozenset[str] | None, bool]:
    """(strings one of which every match of ``seq`` contains, whether ``seq`` can match empty)."""
    best: frozenset[str] | None = None
    nullable = True
    run: list[str] = []

    def close_run() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run.clear()

    for op, av in seq:
        if op is C.LITERAL:
            if av < 128:
                run.append(chr(av).lower())
            else:
                close_run()
            nullable = False
            continue
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: neither breaks a literal run's adjacency nor adds to it
        close_run()
        req, can_be_empty = _element(op, av)
        if not can_be_empty:
            nullable = False
            best = _better(best, req)
    close_run()
    return best, nullable


def _element(op, av) -> tuple[frozenset[str] | None, bool]:
    """Requirement and nullability of one non-literal element."""
    if op is C.IN:
        return _class_strings(av), False
    if op is C.SUBPATTERN:
        return _required(av[3])
    if op is C.ATOMIC_GROUP:
        return _required(av)
    if op is C.BRANCH:
        union: set[str] = set()
        known = True
        nullable = False
        for branch in av[1]:
            req, empty = _required(branch)
            nullable = nullable or empty
            if req is None:
                known = False
            else:
                union.update(req)
        return (frozenset(union) if known and not nullable else None), nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _hi, sub = av
        req, empty = _required(sub)
        return (req if lo > 0 and not empty else None), lo == 0 or empty
    if op in (C.ANY, C.NOT_LITERAL, C.CATEGORY):
        return None, False
    return None, True  # group references and anything else: no claim


@lru_cache(maxsize=256)
def required_strings(regex: re.Pattern) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match of ``regex`` contains, or None."""
    req, nullable = _required(_parser.parse(regex.pattern, regex.flags & ~re.UNICODE))
    return None if nullable else req


@lru_cache(maxsize=4096)
def _ascii_twin(c: str) -> str:
    """The ASCII character a non-ASCII one stands for in case-insensitive matching.

    ``re`` with IGNORECASE matches "s" against the long s and "k" against the
    Kelvin sign; ``\\d`` matches every Unicode digit. Mapping such characters
    onto ASCII keeps the containment test exact (never a missed match).
    """
    if re.match(r"\d", c):
        return "0"
    for x in "abcdefghijklmnopqrstuvwxyz":
        if re.fullmatch(x, c, re.IGNORECASE):
            return x
    return c


def folded(text: str) -> str:
    """``text`` lower-cased, with non-ASCII look-alikes of ASCII letters and digits made ASCII."""
    if text.isascii():
        return text.lower()
    table = {ord(c): _ascii_twin(c) for c in set(text) if not c.isascii()}
    return text.translate(table).lower()


def may_match(required: frozenset[str] | None, folded_text: str) -> bool:
    """Whether a rule with these required strings can match the folded text at all."""
    return required is None or any(s in folded_text for s in required)
