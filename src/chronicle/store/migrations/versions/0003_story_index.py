"""story index, and indexes for incremental resolution

Revision ID: 0003
Revises: 0002

Placing a new document in a story used to re-read every document; these
tables keep what it needs (see ``chronicle.resolve.stories.place_document``).
They are derived data: an existing store starts with them empty, and the next
resolution finds no ``story_index`` row and builds them from the documents.

Three indexes keep the cost of a new document flat: judgements by their
right side (a neighbourhood's machine judgements are replaced from both
sides), blocking keys by (key, doc entity), replacing the key-only index,
and events by (type, date), for the protests of a month.
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("rebuilt_at", sa.Integer(), nullable=False),
        sa.Column("views", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "story_profiles",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.String(length=10), nullable=True),
        sa.Column("last_published", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("story_id"),
    )
    op.create_table(
        "story_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("view", sa.String(length=16), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("view", "term"),
    )
    op.create_table(
        "story_postings",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["term_id"], ["story_terms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("story_id", "term_id"),
    )
    op.create_index("ix_story_postings_term_id", "story_postings", ["term_id"])
    op.create_index("ix_judgement_right", "identity_judgements", ["right_id"])
    op.create_index("ix_events_type_date_value", "events", ["type", "date_value"])
    op.create_index("ix_entity_keys_key_doc_entity", "entity_keys", ["key", "doc_entity_id"])
    op.drop_index("ix_entity_keys_key", table_name="entity_keys")


def downgrade() -> None:
    op.create_index("ix_entity_keys_key", "entity_keys", ["key"])
    op.drop_index("ix_entity_keys_key_doc_entity", table_name="entity_keys")
    op.drop_index("ix_events_type_date_value", table_name="events")
    op.drop_index("ix_judgement_right", table_name="identity_judgements")
    op.drop_index("ix_story_postings_term_id", table_name="story_postings")
    op.drop_table("story_postings")
    op.drop_table("story_terms")
    op.drop_table("story_profiles")
    op.drop_table("story_index")
