"""Review: reviewers, their decisions, and the audit log behind them.

A reviewer can accept or reject an event, settle a conflict (pick one of
its values, or keep it disputed), and merge or split identities. Each
change is one append-only audit row (who, when, what, why, and what the
machine said at the time). Event and conflict decisions are filed under
stable keys and laid over the record when it is read; identity decisions
become reviewer judgements, which the resolver honours when it recomputes
the record (``chronicle.resolve.update.update_record``).

Passwords are hashed with argon2 (argon2-cffi); there is no way to read one
back, and checking an unknown user costs as much as checking a known one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from chronicle.records import IdentityJudgement
from chronicle.service.browse import event_label
from chronicle.store import Store
from chronicle.store import queries
from chronicle.store import review as review_store
from chronicle.store.review import AuditEntry

EVENT_DECISIONS = ("accepted", "rejected")
DISPUTED = "disputed"
MIN_PASSWORD = 8
MAX_SPLIT_PAIRS = 5000
_USER_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


class ReviewError(ValueError):
    """A review action that cannot be applied (bad input or unknown target)."""


class StaleTarget(ReviewError):
    """The record changed since the page was shown: the target is not what the reviewer saw."""


@dataclass(frozen=True)
class ReviewResult:
    audit_id: int
    target_key: str
    message: str


# ---------------------------------------------------------------- users


def _hasher() -> PasswordHasher:
    return PasswordHasher()


# Verifying against this keeps a login for an unknown name as slow as one
# for a known name, so timing does not reveal who has an account.
_DUMMY_HASH = _hasher().hash("chronicle-no-such-user")


def add_user(store: Store, name: str, password: str, *, created_by: str = "cli") -> None:
    """Create a reviewer; the password is stored only as an argon2 hash."""
    if not _USER_NAME.match(name or ""):
        raise ReviewError("user name: 1-64 letters, digits, '_', '.', '@' or '-'")
    if len(password or "") < MIN_PASSWORD:
        raise ReviewError(f"password: at least {MIN_PASSWORD} characters")
    if name in review_store.user_names(store):
        raise ReviewError(f"user {name!r} exists")
    review_store.add_user(store, name, _hasher().hash(password))
    review_store.append_audit(store, AuditEntry(
        author=created_by, action="add_user", target_kind="user", target_key=name, target_label=f"user {name}",
        reason="reviewer account created"))


def authenticate(store: Store, name: str, password: str) -> bool:
    """True when the name and password match an active reviewer."""
    stored = review_store.user_password_hash(store, name or "")
    hasher = _hasher()
    try:
        hasher.verify(stored or _DUMMY_HASH, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if hasher.check_needs_rehash(stored):
        review_store.set_password_hash(store, name, hasher.hash(password))
    return True


# --------------------------------------------------------------- events


def review_event(store: Store, event_id: int, decision: str, *, author: str, reason: str = "",
                 expected_key: str | None = None) -> ReviewResult:
    """Accept or reject an event. The extraction itself is not changed."""
    if decision not in EVENT_DECISIONS:
        raise ReviewError(f"decision must be one of {', '.join(EVENT_DECISIONS)}")
    record = queries.record_slice(store, [event_id])
    event = record.resolution.events.get(event_id)
    if event is None:
        raise StaleTarget(f"event {event_id} does not exist (the record may have been recomputed)")
    key = review_store.event_review_key(event, record.resolution.identities)
    if expected_key and expected_key != key:
        raise StaleTarget("the event changed since the page was loaded; reload and review again")
    label = event_label(event, record.resolution.identities)
    audit_id = review_store.append_audit(store, AuditEntry(
        author=author, action="accept_event" if decision == "accepted" else "reject_event",
        target_kind="event", target_key=key, target_label=label, value=decision, reason=reason.strip(),
        details={"event_id": event_id, "machine": _event_snapshot(event)}))
    return ReviewResult(audit_id, key, f"{label}: {decision}")


def _event_snapshot(event) -> dict:
    return {
        "type": event.type, "status": event.status, "date": event.date.to_dict(),
        "attributes": dict(event.attributes), "mentions": list(event.mentions),
    }


# ------------------------------------------------------------ conflicts


def resolve_conflict(store: Store, conflict_id: int, value: str | None, *, author: str, reason: str = "",
                     expected_key: str | None = None) -> ReviewResult:
    """Settle a conflict on one of its values, or keep it disputed (``value`` None or 'disputed')."""
    found = queries.event_id_of_conflict(store, conflict_id)
    if found is None:
        raise StaleTarget(f"conflict {conflict_id} does not exist (the record may have been recomputed)")
    event_id, field_name = found
    record = queries.record_slice(store, [event_id])
    event = record.resolution.events[event_id]
    index = record.conflict_ids[event_id].index(conflict_id)
    conflict = event.conflicts[index]
    event_key = review_store.event_review_key(event, record.resolution.identities)
    key = review_store.conflict_stable_key(event_key, field_name)
    if expected_key and expected_key != key:
        raise StaleTarget("the conflict changed since the page was loaded; reload and review again")
    values = [v.value for v in conflict.values]
    chosen = DISPUTED if value in (None, "", DISPUTED) else value
    if chosen != DISPUTED and chosen not in values:
        raise ReviewError(f"value must be one of {', '.join(values)} or '{DISPUTED}'")
    label = f"{field_name} of {event_label(event, record.resolution.identities)}"
    audit_id = review_store.append_audit(store, AuditEntry(
        author=author, action="resolve_conflict", target_kind="conflict", target_key=key, target_label=label,
        value=chosen, reason=reason.strip(),
        details={"conflict_id": conflict_id, "event_id": event_id, "field": field_name,
                 "values": [{"value": v.value, "mentions": list(v.mentions)} for v in conflict.values]}))
    return ReviewResult(audit_id, key, f"{label}: {chosen}")


# ----------------------------------------------------------- identities


def merge_identities(store: Store, entity_id: int, other_id: int, *, author: str, reason: str = "") -> ReviewResult:
    """Two identities are one: reviewer 'same' judgements, then recompute the record."""
    if entity_id == other_id:
        raise ReviewError("an identity cannot be merged with itself")
    idents = queries.identities(store, [entity_id, other_id])
    if entity_id not in idents or other_id not in idents:
        raise StaleTarget("one of the identities does not exist (the record may have been recomputed)")
    a, b = idents[entity_id], idents[other_id]
    if a.kind != b.kind:
        raise ReviewError(f"cannot merge a {a.kind} with a {b.kind}")
    note = f"reviewer {author}: merge" + (f" ({reason.strip()})" if reason.strip() else "")
    judgements = [IdentityJudgement(_anchor(a, store), _anchor(b, store), "same", 1.0, note, author)]
    members_b = set(b.members)
    for j in store.judgements():
        if j.verdict == "different" and ({j.left, j.right} & set(a.members)) and ({j.left, j.right} & members_b):
            judgements.append(IdentityJudgement(j.left, j.right, "same", 1.0, note, author))
    key = review_store.identity_stable_key(a.kind, a.members)
    entry = AuditEntry(
        author=author, action="merge_identities", target_kind="identity", target_key=key,
        target_label=f"{a.name} + {b.name}", value=review_store.identity_stable_key(b.kind, b.members),
        reason=reason.strip(),
        details={"merged": [{"entity_id": a.key, "name": a.name, "members": list(a.members)},
                            {"entity_id": b.key, "name": b.name, "members": list(b.members)}],
                 "judgements": len(judgements)})
    audit_id = review_store.add_reviewer_judgements(store, judgements, entry)
    _recompute(store)
    return ReviewResult(audit_id, key, f"merged {b.name} into {a.name}")


def split_identity(store: Store, entity_id: int, member_ids: list[int], *, author: str, reason: str = "") -> ReviewResult:
    """Some of an identity's document entities are someone else: reviewer
    'different' judgements between them and the rest, then recompute."""
    ident = queries.identities(store, [entity_id]).get(entity_id)
    if ident is None:
        raise StaleTarget("the identity does not exist (the record may have been recomputed)")
    split = sorted(set(member_ids) & set(ident.members))
    rest = sorted(set(ident.members) - set(split))
    if not split or not rest:
        raise ReviewError("choose some, but not all, of the names to split off")
    if len(split) * len(rest) > MAX_SPLIT_PAIRS:
        raise ReviewError(f"too large a split ({len(split)} × {len(rest)} pairs); split in smaller steps")
    note = f"reviewer {author}: split" + (f" ({reason.strip()})" if reason.strip() else "")
    judgements = [IdentityJudgement(min(x, y), max(x, y), "different", 0.0, note, author) for x in split for y in rest]
    key = review_store.identity_stable_key(ident.kind, ident.members)
    entry = AuditEntry(
        author=author, action="split_identity", target_kind="identity", target_key=key,
        target_label=ident.name, value=",".join(str(m) for m in split), reason=reason.strip(),
        details={"entity_id": ident.key, "name": ident.name, "split": split, "rest": rest,
                 "judgements": len(judgements)})
    audit_id = review_store.add_reviewer_judgements(store, judgements, entry)
    _recompute(store)
    return ReviewResult(audit_id, key, f"split {len(split)} name form(s) off {ident.name}")


def _anchor(identity, store: Store) -> int:
    """The member whose own name is the identity's canonical (full) name:
    a link between full names is the one the resolver applies first."""
    for member in queries.member_forms(store, identity.key):
        if member.name == identity.name:
            return member.doc_entity_id
    return min(identity.members)


def _recompute(store: Store) -> None:
    from chronicle.resolve.update import update_record

    update_record(store)

