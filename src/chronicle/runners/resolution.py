"""Run resolution once after a batch, including after an interrupted one."""
from __future__ import annotations

from chronicle.resolve.update import update_record
from chronicle.store import Store


def resolve_if_needed(store: Store, new_document_ids: list[int]) -> bool:
    """Run resolution once if documents were added or an earlier run stopped before resolving.

    Returns whether it ran.
    """
    if new_document_ids or resolution_is_stale(store):
        update_record(store, new_document_ids)
        return True
    return False


def resolution_is_stale(store: Store) -> bool:
    """True when a stored entity belongs to no identity, or a stored event mention to no event.

    That is the state an interrupted run leaves: its documents were
    committed one by one, but resolution, which runs at the end, never ran.
    """
    resolution = store.resolution()
    members = {m for identity in resolution.identities.values() for m in identity.members}
    if any(entity.id not in members for entity in store.stored_entities()):
        return True
    fused = {m for event in resolution.events.values() for m in event.mentions}
    return any(mention_id not in fused for mention_id in resolution.mentions)
