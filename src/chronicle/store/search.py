"""Full-text search over documents and the names of people, organisations
and places.

SQLite uses FTS5: ``search_documents`` is an external-content index over
``documents`` (the text is not stored twice) and ``search_names`` indexes
every document entity's name and variants; triggers keep both in step with
every insert, so a search sees a document as soon as its transaction
commits. PostgreSQL uses GIN indexes on ``to_tsvector`` expressions, which
the database maintains itself.

``rebuild_search_index`` repairs or rebuilds the index (after a restore, or
a migration that rebuilt a table and so dropped its triggers); it is cheap
when the index is already in step, so it can run after every ingest.

User queries are never spliced into SQL. Every statement here is a constant
with bound parameters, and for FTS5 the query text is first rewritten into
quoted terms (``fts5_query``) so FTS5's own syntax (``NEAR``, ``col:``,
``^``, unbalanced quotes) cannot be injected or make a search fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

import chronicle.store.review_models  # noqa: F401  (the review tables belong to the same metadata)
from chronicle.records import PartialDate
from chronicle.store.repository import Store

# Snippet delimiters: control characters that do not occur in cleaned text,
# so a snippet can be split into plain and matched runs and escaped by the
# template like any other text.
COUNT_CAP = 1000  # totals above this are reported as COUNT_CAP + 1 ("more than 1000")
MARK_START = "\x02"
MARK_END = "\x03"

SQLITE_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_documents USING fts5("
    "title, outlet, text, content='documents', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_names USING fts5("
    "name, variants, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO search_documents(rowid, title, outlet, text) VALUES (new.id, new.title, new.outlet, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO search_documents(search_documents, rowid, title, outlet, text) "
    "VALUES ('delete', old.id, old.title, old.outlet, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_au AFTER UPDATE OF title, outlet, text ON documents BEGIN "
    "INSERT INTO search_documents(search_documents, rowid, title, outlet, text) "
    "VALUES ('delete', old.id, old.title, old.outlet, old.text); "
    "INSERT INTO search_documents(rowid, title, outlet, text) VALUES (new.id, new.title, new.outlet, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_names_ai AFTER INSERT ON doc_entities BEGIN "
    "INSERT INTO search_names(rowid, name, variants) VALUES (new.id, new.name, "
    "(SELECT group_concat(value, ' ') FROM json_each(new.variants))); END",
    "CREATE TRIGGER IF NOT EXISTS search_names_ad AFTER DELETE ON doc_entities BEGIN "
    "DELETE FROM search_names WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS search_names_au AFTER UPDATE OF name, variants ON doc_entities BEGIN "
    "DELETE FROM search_names WHERE rowid = old.id; "
    "INSERT INTO search_names(rowid, name, variants) VALUES (new.id, new.name, "
    "(SELECT group_concat(value, ' ') FROM json_each(new.variants))); END",
)
SQLITE_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS search_names_au",
    "DROP TRIGGER IF EXISTS search_names_ad",
    "DROP TRIGGER IF EXISTS search_names_ai",
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TABLE IF EXISTS search_names",
    "DROP TABLE IF EXISTS search_documents",
)

# The index expressions and the query expressions below must be written
# identically, or PostgreSQL will not use the index.
PG_DOCUMENT_VECTOR = (
    "to_tsvector('english', coalesce(documents.title, '') || ' ' || coalesce(documents.outlet, '') "
    "|| ' ' || documents.text)"
)
PG_NAME_VECTOR = (
    "to_tsvector('simple', doc_entities.name || ' ' || coalesce(chronicle_json_words(doc_entities.variants), ''))"
)
PG_DDL: tuple[str, ...] = (
    # Variants are a JSON list; the stored text escapes non-ASCII letters, so
    # the words are taken out of the JSON rather than indexing its text.
    "CREATE OR REPLACE FUNCTION chronicle_json_words(value json) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT string_agg(x, ' ') FROM json_array_elements_text(value) AS x $$",
    "CREATE INDEX IF NOT EXISTS ix_documents_search ON documents USING GIN ("
    + PG_DOCUMENT_VECTOR.replace("documents.", "")
    + ")",
    "CREATE INDEX IF NOT EXISTS ix_doc_entities_search ON doc_entities USING GIN ("
    + PG_NAME_VECTOR.replace("doc_entities.", "")
    + ")",
)
PG_DROP: tuple[str, ...] = (
    "DROP INDEX IF EXISTS ix_doc_entities_search",
    "DROP INDEX IF EXISTS ix_documents_search",
    "DROP FUNCTION IF EXISTS chronicle_json_words(json)",
)

_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class DocumentHit:
    id: int
    title: str | None
    outlet: str | None
    published: PartialDate
    snippet: tuple[tuple[str, bool], ...]  # (text, matched) runs, unescaped


@dataclass(frozen=True)
class NameHit:
    entity_id: int
    kind: str
    name: str
    country: str | None
    matched: int  # how many document entities carry a matching name


@dataclass(frozen=True)
class SearchResult:
    documents: tuple[DocumentHit, ...]
    document_total: int
    names: tuple[NameHit, ...]
    name_total: int


# ---------------------------------------------------------------- schema


def create_search_schema(connection: Connection) -> None:
    """Create the index structures for this dialect (idempotent)."""
    statements = SQLITE_DDL if connection.dialect.name == "sqlite" else PG_DDL
    for statement in statements:
        connection.execute(text(statement))


def drop_search_schema(connection: Connection) -> None:
    statements = SQLITE_DROP if connection.dialect.name == "sqlite" else PG_DROP
    for statement in statements:
        connection.execute(text(statement))


def rebuild_search_index(store: Store, *, full: bool = False) -> bool:
    """Make the search index match the store; True if it had to be rebuilt.

    With ``full=False`` the SQLite index is rebuilt only when its row counts
    differ from the tables it indexes (triggers normally keep them equal).
    """
    with store.engine.begin() as connection:
        create_search_schema(connection)
        if connection.dialect.name != "sqlite":
            connection.execute(text("ANALYZE documents"))
            connection.execute(text("ANALYZE doc_entities"))
            return False
        if not full and _sqlite_in_step(connection):
            return False
        connection.execute(text("INSERT INTO search_documents(search_documents) VALUES ('rebuild')"))
        connection.execute(text("DELETE FROM search_names"))
        connection.execute(
            text(
                "INSERT INTO search_names(rowid, name, variants) SELECT id, name, "
                "(SELECT group_concat(value, ' ') FROM json_each(doc_entities.variants)) FROM doc_entities"
            )
        )
        return True


def _sqlite_in_step(connection: Connection) -> bool:
    indexed_docs = connection.execute(text("SELECT count(*) FROM search_documents_docsize")).scalar()
    docs = connection.execute(text("SELECT count(*) FROM documents")).scalar()
    indexed_names = connection.execute(text("SELECT count(*) FROM search_names_docsize")).scalar()
    names = connection.execute(text("SELECT count(*) FROM doc_entities")).scalar()
    return indexed_docs == docs and indexed_names == names


# ----------------------------------------------------------------- query


def fts5_query(user_text: str) -> str | None:
    """Rewrite free text into an FTS5 query that can only mean "all these words".

    Words are taken out of the text and each is double-quoted, so FTS5
    operators and column filters in user input are just words. A quoted
    phrase stays a phrase; a trailing ``*`` on a word keeps prefix search.
    Returns None when there is nothing to search for.
    """
    parts: list[str] = []
    for phrase, word in _QUERY_PART.findall(user_text or ""):
        if phrase:
            tokens = _TOKEN.findall(phrase)
            if tokens:
                parts.append('"' + " ".join(tokens) + '"')
            continue
        tokens = _TOKEN.findall(word)
        if not tokens:
            continue
        quoted = ['"' + t + '"' for t in tokens]
        if word.endswith("*"):
            quoted[-1] += "*"
        parts.extend(quoted)
    return " ".join(parts) if parts else None


def snippet_runs(snippet: str | None) -> tuple[tuple[str, bool], ...]:
    """Split a snippet with match markers into (text, matched) runs."""
    if not snippet:
        return ()
    runs: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if piece:
            runs.append((piece, i % 2 == 1))
    return tuple(runs)


def search(store: Store, query: str, *, limit: int = 20, offset: int = 0, kind: str | None = None) -> SearchResult:
    """Documents and named entities matching every word of ``query``."""
    if not (query or "").strip():
        return SearchResult((), 0, (), 0)
    with store.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            match = fts5_query(query)
            if match is None:
                return SearchResult((), 0, (), 0)
            docs, doc_total = _sqlite_documents(connection, match, limit, offset)
            names, name_total = _sqlite_names(connection, match, limit, offset, kind)
        else:
            docs, doc_total = _pg_documents(connection, query, limit, offset)
            names, name_total = _pg_names(connection, query, limit, offset, kind)
    return SearchResult(tuple(docs), doc_total, tuple(names), name_total)


def _document_hit(row) -> DocumentHit:
    return DocumentHit(
        row.id, row.title, row.outlet, PartialDate(row.published_value, row.published_precision), snippet_runs(row.snip)
    )


# Rank first, then snippet only the page's rows: snippet() on every match of
# a common word would cost more than the search itself.
_SQLITE_DOCS = text(
    "WITH top AS (SELECT rowid AS id, rank AS r FROM search_documents WHERE search_documents MATCH :q "
    "ORDER BY rank, rowid LIMIT :limit OFFSET :offset) "
    "SELECT d.id, d.title, d.outlet, d.published_value, d.published_precision, "
    "snippet(search_documents, -1, :mark_start, :mark_end, '…', 24) AS snip "
    "FROM top JOIN search_documents ON search_documents.rowid = top.id JOIN documents AS d ON d.id = top.id "
    "WHERE search_documents MATCH :q ORDER BY top.r, top.id"
)
# Counting every match of a common word is most of a search's cost; past
# COUNT_CAP the total is reported as "more than".
_SQLITE_DOCS_COUNT = text(
    "SELECT count(*) FROM (SELECT 1 FROM search_documents WHERE search_documents MATCH :q LIMIT :cap)"
)
_SQLITE_NAMES = text(
    "SELECT e.id AS entity_id, e.kind, e.name, e.country, hits.matched FROM ("
    " SELECT de.entity_id AS entity_id, min(search_names.rank) AS best, count(*) AS matched"
    " FROM search_names JOIN doc_entities AS de ON de.id = search_names.rowid"
    " WHERE search_names MATCH :q AND de.entity_id IS NOT NULL GROUP BY de.entity_id"
    ") AS hits JOIN entities AS e ON e.id = hits.entity_id "
    "WHERE (:kind IS NULL OR e.kind = :kind) ORDER BY hits.best, e.id LIMIT :limit OFFSET :offset"
)
_SQLITE_NAMES_COUNT = text(
    "SELECT count(*) FROM (SELECT DISTINCT de.entity_id FROM search_names "
    "JOIN doc_entities AS de ON de.id = search_names.rowid JOIN entities AS e ON e.id = de.entity_id "
    "WHERE search_names MATCH :q AND (:kind IS NULL OR e.kind = :kind) LIMIT :cap)"
)


def _sqlite_documents(connection: Connection, match: str, limit: int, offset: int):
    params = {"q": match, "limit": limit, "offset": offset, "mark_start": MARK_START, "mark_end": MARK_END}
    rows = connection.execute(_SQLITE_DOCS, params).all()
    total = connection.execute(_SQLITE_DOCS_COUNT, {"q": match, "cap": COUNT_CAP + 1}).scalar() or 0
    return [_document_hit(r) for r in rows], total


def _sqlite_names(connection: Connection, match: str, limit: int, offset: int, kind: str | None):
    rows = connection.execute(_SQLITE_NAMES, {"q": match, "limit": limit, "offset": offset, "kind": kind}).all()
    total = connection.execute(_SQLITE_NAMES_COUNT, {"q": match, "kind": kind, "cap": COUNT_CAP + 1}).scalar() or 0
    return [NameHit(r.entity_id, r.kind, r.name, r.country, r.matched) for r in rows], total


_PG_DOCS = text(
    "SELECT documents.id, documents.title, documents.outlet, documents.published_value, documents.published_precision, "
    "ts_headline('english', documents.text, websearch_to_tsquery('english', :q), :options) AS snip "
    f"FROM documents WHERE {PG_DOCUMENT_VECTOR} @@ websearch_to_tsquery('english', :q) "
    f"ORDER BY ts_rank({PG_DOCUMENT_VECTOR}, websearch_to_tsquery('english', :q)) DESC, documents.id "
    "LIMIT :limit OFFSET :offset"
)
_PG_DOCS_COUNT = text(
    f"SELECT count(*) FROM (SELECT 1 FROM documents WHERE {PG_DOCUMENT_VECTOR} @@ websearch_to_tsquery('english', :q) "
    "LIMIT :cap) AS hits"
)
_PG_NAMES = text(
    "SELECT e.id AS entity_id, e.kind, e.name, e.country, hits.matched FROM ("
    f" SELECT doc_entities.entity_id AS entity_id, max(ts_rank({PG_NAME_VECTOR}, websearch_to_tsquery('simple', :q))) AS best,"
    " count(*) AS matched FROM doc_entities"
    f" WHERE {PG_NAME_VECTOR} @@ websearch_to_tsquery('simple', :q) AND doc_entities.entity_id IS NOT NULL"
    " GROUP BY doc_entities.entity_id"
    ") AS hits JOIN entities AS e ON e.id = hits.entity_id "
    "WHERE (CAST(:kind AS text) IS NULL OR e.kind = :kind) ORDER BY hits.best DESC, e.id LIMIT :limit OFFSET :offset"
)
_PG_NAMES_COUNT = text(
    "SELECT count(*) FROM (SELECT DISTINCT doc_entities.entity_id FROM doc_entities "
    "JOIN entities AS e ON e.id = doc_entities.entity_id "
    f"WHERE {PG_NAME_VECTOR} @@ websearch_to_tsquery('simple', :q) AND (CAST(:kind AS text) IS NULL OR e.kind = :kind) "
    "LIMIT :cap) AS hits"
)


def _pg_documents(connection: Connection, query: str, limit: int, offset: int):
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=…"
    rows = connection.execute(_PG_DOCS, {"q": query, "options": options, "limit": limit, "offset": offset}).all()
    total = connection.execute(_PG_DOCS_COUNT, {"q": query, "cap": COUNT_CAP + 1}).scalar() or 0
    return [_document_hit(r) for r in rows], total


def _pg_names(connection: Connection, query: str, limit: int, offset: int, kind: str | None):
    rows = connection.execute(_PG_NAMES, {"q": query, "limit": limit, "offset": offset, "kind": kind}).all()
    total = connection.execute(_PG_NAMES_COUNT, {"q": query, "kind": kind, "cap": COUNT_CAP + 1}).scalar() or 0
    return [NameHit(r.entity_id, r.kind, r.name, r.country, r.matched) for r in rows], total
