"""Reviewers, the append-only audit log, and reviewers' identity judgements.

There is deliberately no function here that updates or deletes an audit
row, and the database refuses to (migration 0002's triggers). A reviewer's
decision on an event or a conflict is the latest audit row for that target's
stable key; undoing a decision is another row.

Stable keys exist because event and conflict row ids change whenever the
record is recomputed. An event is known by its type, the earliest event
mention reporting it and the earliest document entity of its subject (or
place): new documents only add later rows, so the key survives them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, or_, select

import chronicle.store.review_models  # noqa: F401  (registers the tables on Base)
from chronicle.records import IdentityJudgement
from chronicle.store.models import JudgementRow
from chronicle.store.repository import Store
from chronicle.store.review_models import AuditRow, UserRow


@dataclass(frozen=True)
class AuditEntry:
    author: str
    action: str
    target_kind: str  # event | conflict | identity | user
    target_key: str
    value: str | None = None
    reason: str = ""
    target_label: str = ""
    details: dict = field(default_factory=dict)
    id: int | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    size: int


# ------------------------------------------------------------- stable keys


def event_stable_key(event_type: str, mention_ids: Iterable[int], anchor: int | None) -> str:
    """The key a review of this event is filed under (see module docstring)."""
    mentions = list(mention_ids)
    first = min(mentions) if mentions else 0
    return f"{event_type}:m{first}:a{anchor or 0}"


def conflict_stable_key(event_key: str, field_name: str) -> str:
    return f"{event_key}:{field_name}"


def identity_stable_key(kind: str, members: Iterable[int]) -> str:
    members = list(members)
    return f"{kind}:{min(members) if members else 0}"


# ------------------------------------------------------------------ users


def add_user(store: Store, name: str, password_hash: str) -> int:
    with store.session() as s, s.begin():
        row = UserRow(name=name, password_hash=password_hash, active=True)
        s.add(row)
        s.flush()
        return row.id


def user_password_hash(store: Store, name: str) -> str | None:
    """The stored hash of an active user, or None."""
    with store.session() as s:
        return s.scalar(select(UserRow.password_hash).where(UserRow.name == name, UserRow.active.is_(True)))


def set_password_hash(store: Store, name: str, password_hash: str) -> None:
    with store.session() as s, s.begin():
        row = s.scalar(select(UserRow).where(UserRow.name == name))
        if row is not None:
            row.password_hash = password_hash


def user_names(store: Store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(UserRow.name).order_by(UserRow.name)))


# -------------------------------------------------------------- audit log


def append_audit(store: Store, entry: AuditEntry) -> int:
    """Add one row to the audit log; returns its id."""
    with store.session() as s, s.begin():
        return _append(s, entry)


def _append(s, entry: AuditEntry) -> int:
    row = AuditRow(
        author=entry.author,
        action=entry.action,
        target_kind=entry.target_kind,
        target_key=entry.target_key,
        target_label=entry.target_label,
        value=entry.value,
        reason=entry.reason,
        details=entry.details,
    )
    s.add(row)
    s.flush()
    return row.id


def audit_page(store: Store, *, page: int = 1, size: int = 50, target_kind: str | None = None) -> Page:
    """Newest first."""
    with store.session() as s:
        query = select(AuditRow)
        count = select(func.count()).select_from(AuditRow)
        if target_kind:
            query = query.where(AuditRow.target_kind == target_kind)
            count = count.where(AuditRow.target_kind == target_kind)
        rows = s.scalars(query.order_by(AuditRow.id.desc()).limit(size).offset((page - 1) * size)).all()
        total = s.scalar(count) or 0
        return Page([_entry(r) for r in rows], total, page, size)


def history(store: Store, target_kind: str, target_key: str) -> list[AuditEntry]:
    """Every entry about one target, oldest first."""
    with store.session() as s:
        rows = s.scalars(
            select(AuditRow)
            .where(AuditRow.target_kind == target_kind, AuditRow.target_key == target_key)
            .order_by(AuditRow.id)
        )
        return [_entry(r) for r in rows]


def latest_decisions(store: Store, target_kind: str, keys: Iterable[str]) -> dict[str, AuditEntry]:
    """The latest audit entry for each of these targets (the decision in force)."""
    keys = sorted(set(keys))
    out: dict[str, AuditEntry] = {}
    with store.session() as s:
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = s.scalars(
                select(AuditRow)
                .where(AuditRow.target_kind == target_kind, AuditRow.target_key.in_(chunk))
                .order_by(AuditRow.id)
            )
            for row in rows:
                out[row.target_key] = _entry(row)
    return out


def decisions_and_history(store: Store, targets: dict[str, Iterable[str]]) -> dict[tuple[str, str], list[AuditEntry]]:
    """Every entry (oldest first) for several kinds of targets in one query:
    ``{kind: keys}`` -> ``{(kind, key): entries}``. The last entry is the decision in force."""
    conditions = [(AuditRow.target_kind == kind) & AuditRow.target_key.in_(sorted(set(keys)))
                  for kind, keys in targets.items() if keys]
    out: dict[tuple[str, str], list[AuditEntry]] = {}
    if not conditions:
        return out
    with store.session() as s:
        for row in s.scalars(select(AuditRow).where(or_(*conditions)).order_by(AuditRow.id)):
            out.setdefault((row.target_kind, row.target_key), []).append(_entry(row))
    return out


def _entry(r: AuditRow) -> AuditEntry:
    return AuditEntry(
        author=r.author,
        action=r.action,
        target_kind=r.target_kind,
        target_key=r.target_key,
        value=r.value,
        reason=r.reason,
        target_label=r.target_label,
        details=dict(r.details or {}),
        id=r.id,
        at=r.at,
    )


# ------------------------------------------------------------- judgements


def add_reviewer_judgements(store: Store, judgements: Iterable[IdentityJudgement], entry: AuditEntry) -> int:
    """Append reviewers' same/different judgements and their audit row, atomically."""
    with store.session() as s, s.begin():
        for j in judgements:
            if j.author == "chronicle":
                raise ValueError("reviewer judgements need the reviewer as author")
            s.add(JudgementRow(left_id=j.left, right_id=j.right, verdict=j.verdict, score=j.score, reason=j.reason, author=j.author))
        return _append(s, entry)


def event_review_key(event, identities) -> str:
    """``event_stable_key`` of a ``FusedEvent``, anchored on its subject
    (or first participant, or place) as ``identities`` describe them."""
    anchor_entity = next((key for role, key in event.participants if role == "subject"), None)
    if anchor_entity is None:
        anchor_entity = next((key for _, key in event.participants), None)
    if anchor_entity is None:
        anchor_entity = event.place
    identity = identities.get(anchor_entity) if anchor_entity is not None else None
    anchor = min(identity.members) if identity is not None and identity.members else None
    return event_stable_key(event.type, event.mentions, anchor)
