"""Chronicle stage: store. The only package that speaks SQL."""
from chronicle.store.db import database_url
from chronicle.store.repository import SaveResult, Store, StoredDocument, StoredQuarantine
from chronicle.store.resolution import Resolution

__all__ = ["Resolution", "Store", "StoredDocument", "StoredQuarantine", "SaveResult", "database_url"]
