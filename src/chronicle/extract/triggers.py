"""The trigger record that the event rules pass around."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass(frozen=True)
class Trigger:
    """A word (or words) announcing an event, and what its construction says.

    Lexical triggers ("arrested", "his release") leave ``groups`` None and
    their roles come from the usual places; constructions ("was found not
    guilty", "walked free", "upheld X's sentence") name their candidate
    subject heads, best group first, and may fix a status or attributes.
    """

    token: Token
    type: str
    start: int
    end: int
    nominal: bool
    groups: tuple[tuple[Token, ...], ...] | None = None
    agents: tuple[Token, ...] = ()
    status: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
