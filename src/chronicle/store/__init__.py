"""Chronicle stage: store. The only package that speaks SQL."""
from chronicle.store.db import database_url
from chronicle.store.repository import Resolution, SaveResult, Store, StoredDocument, StoredQuarantine

__all__ = ["Resolution", "Store", "StoredDocument", "StoredQuarantine", "SaveResult", "database_url"]
