"""review, audit log, full-text search and indexes for the web app

Revision ID: 0002
Revises: 0001

Written by hand: the audit log's append-only triggers, the FTS5 tables and
the PostgreSQL text-search indexes are outside what autogenerate sees.
"""
from alembic import op
import sqlalchemy as sa

from chronicle.store.search import create_search_schema, drop_search_schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_AUDIT_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
PG_AUDIT_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION chronicle_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION chronicle_audit_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION chronicle_audit_append_only()",
)

# Indexes the web pages need at 100,000 events (see bench/web_latency.py).
INDEXES = (
    ("ix_events_place_entity_id", "events", ["place_entity_id"]),
    ("ix_events_date_value_id", "events", ["date_value", "id"]),
    ("ix_entities_kind_name_id", "entities", ["kind", "name", "id"]),
    ("ix_documents_story_id", "documents", ["story_id"]),
    ("ix_event_roles_doc_entity_id", "event_roles", ["doc_entity_id"]),
    ("ix_event_participants_entity_role", "event_participants", ["entity_id", "role", "event_id"]),
)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_key", sa.String(length=200), nullable=False),
        sa.Column("target_label", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_target", "audit_log", ["target_kind", "target_key", "id"])
    bind = op.get_bind()
    for statement in SQLITE_AUDIT_TRIGGERS if bind.dialect.name == "sqlite" else PG_AUDIT_TRIGGERS:
        op.execute(statement)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    create_search_schema(bind)
    if bind.dialect.name == "sqlite":
        # Existing rows: the triggers only see what comes after them.
        op.execute("INSERT INTO search_documents(search_documents) VALUES ('rebuild')")
        op.execute(
            "INSERT INTO search_names(rowid, name, variants) SELECT id, name, "
            "(SELECT group_concat(value, ' ') FROM json_each(doc_entities.variants)) FROM doc_entities"
        )


def downgrade() -> None:
    bind = op.get_bind()
    drop_search_schema(bind)
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    if bind.dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS chronicle_audit_append_only()")
    op.drop_index("ix_audit_target", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
