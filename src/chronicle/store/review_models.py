"""Tables for review: reviewers and the append-only audit log.

They share ``Base`` with the rest of the record so one metadata describes
the schema. Reviewers' decisions are not written into ``events`` or
``conflicts``: those rows are recomputed whenever a document arrives, so a
decision would be lost. A decision is an audit row keyed by a *stable key*
(see ``chronicle.store.review``) and is laid over the record when it is read;
the machine's extraction stays untouched underneath.

The audit log is append-only: migration 0002 adds triggers that make
UPDATE and DELETE on it fail in SQLite and PostgreSQL.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chronicle.store.models import Base, utcnow


class UserRow(Base):
    """A reviewer who can log in. Passwords are argon2 hashes, never plain."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditRow(Base):
    """One change: who, when, what (action on a target, the value), why.

    ``target_key`` is stable across re-resolution (event and conflict row
    ids are not); ``details`` keeps what the machine said at the time, so
    the original extraction can always be shown under the correction.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_target", "target_kind", "target_key", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    author: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_key: Mapped[str] = mapped_column(String(200))
    target_label: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
