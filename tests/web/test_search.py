"""Full-text search in the store, on SQLite (FTS5) and PostgreSQL (tsvector)."""
from __future__ import annotations

import hashlib
import sqlite3

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from chronicle.records import CleanDocument, PartialDate, ProcessedDocument, RawDocument
from chronicle.store.search import fts5_query, rebuild_search_index, search, snippet_runs


def test_new_documents_are_searchable_at_once(fiction):
    body = "Dockworkers in Klaipeda staged a sit-in over unpaid overtime."
    raw = body.encode()
    sha = hashlib.sha256(raw).hexdigest()
    fiction.save_processed(ProcessedDocument(
        RawDocument("late.txt", raw, sha, "text/plain", body, "utf-8"),
        CleanDocument(sha, "late.txt", body, title="Sit-in at the port", published=PartialDate("2022-07-01", "day"))))
    result = search(fiction, "dockworkers overtime")
    assert [d.title for d in result.documents] == ["Sit-in at the port"]
    assert any(matched for _, matched in result.documents[0].snippet)


def test_names_are_found_by_variant_and_grouped_by_identity(fiction):
    result = search(fiction, "Volk")
    assert [n.name for n in result.names] == ["Irina Volk"] and result.names[0].matched == 2
    assert search(fiction, "Volk", kind="place").names == ()
    assert [n.name for n in search(fiction, "Vilnius", kind="place").names] == ["Vilnius"]


def test_all_words_must_match(fiction):
    assert search(fiction, "Volk hooliganism").document_total == 1
    assert search(fiction, "Volk zanzibar").document_total == 0


def test_rebuild_repairs_an_emptied_index(fiction):
    with fiction.engine.begin() as connection:
        if connection.dialect.name != "sqlite":
            assert rebuild_search_index(fiction) is False  # PostgreSQL maintains its GIN indexes itself
            return
        connection.execute(text("DELETE FROM search_names"))
        connection.execute(text("INSERT INTO search_documents(search_documents) VALUES ('delete-all')"))
    assert search(fiction, "hooliganism").document_total == 0
    assert rebuild_search_index(fiction) is True
    assert search(fiction, "hooliganism").document_total == 1
    assert [n.name for n in search(fiction, "Volk").names] == ["Irina Volk"]
    assert rebuild_search_index(fiction) is False  # in step now: nothing to do


def test_fts5_query_quotes_every_word():
    assert fts5_query('Volk NEAR(x) title:y "a b" pre*') == '"Volk" "NEAR" "x" "title" "y" "a b" "pre"*'
    assert fts5_query("  ^ * - ( ") is None
    assert fts5_query("") is None


@given(st.text(max_size=50))
def test_fts5_query_is_always_valid_fts5(user_text):
    query = fts5_query(user_text)
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    connection.execute("INSERT INTO t VALUES ('some words here')")
    if query is not None:
        connection.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()


def test_snippet_runs_split_on_markers():
    assert snippet_runs("a \x02b\x03 c") == (("a ", False), ("b", True), (" c", False))
    assert snippet_runs(None) == ()


def test_migration_0002_goes_down_and_up_again(fiction):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from chronicle.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))

    def run(step, target):
        with fiction.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            step(cfg, target)

    run(command.downgrade, "0001")
    assert not {"audit_log", "users", "search_documents"} & set(inspect(fiction.engine).get_table_names())
    run(command.upgrade, "head")
    assert {"audit_log", "users"} <= set(inspect(fiction.engine).get_table_names())
    assert search(fiction, "hooliganism").document_total == 1  # the index is filled from existing rows
