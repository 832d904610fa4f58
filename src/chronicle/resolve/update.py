"""Fold documents into the cross-document record.

Resolution is a pure function of the per-document rows (and reviewers'
judgements), so the stored record can always be rebuilt from what was read.
"""
from __future__ import annotations

from chronicle.resolve.cases import derive_facts
from chronicle.resolve.fusion import fuse_events
from chronicle.resolve.identities import resolve_identities
from chronicle.store import Store


def update_record(store: Store, new_document_ids: list[int] | None = None) -> None:
    """Recompute identities, events and conflicts and store them.

    ``new_document_ids`` names what changed; the current implementation
    recomputes the whole record, which is exact but grows with the store.
    """
    entities = store.stored_entities()
    identities, judgements = resolve_identities(entities, store.judgements(reviewers_only=True))
    identity_of = {member: ident.key for ident in identities for member in ident.members}
    events = derive_facts(fuse_events(store.stored_event_mentions(), identity_of))
    store.replace_resolution(identities, judgements, events)
