"""The duplicates store of ``seen_before`` moves into the service's database (it was an
SQLite file in the user's state folder, one per machine), so that every worker and every
service process on a shared database sees the same values.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_values",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("namespace", sa.String(200), nullable=False),
        sa.Column("value", sa.String(300), nullable=False),
        sa.Column("document_id", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("namespace", "value", "document_id", name="uq_seen_values"),
    )


def downgrade() -> None:
    op.drop_table("seen_values")
