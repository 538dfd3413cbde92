"""Packets: a file sent with ``split=true`` is split into documents, each a record of its
own. Records keep the packet's id and their pages in the file; jobs remember that they
split (a job taken over after a restart splits too) and the packet they made; the packet
itself (its status, reasons, rules, unassigned pages, page classification and its
documents' record ids) is a row of ``packets``. Existing records and jobs are of no packet.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("packet_id", sa.String(36)))
        batch.add_column(sa.Column("packet_pages", sa.Text))
        batch.create_index("ix_records_packet_id", ["packet_id"])
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("split", sa.Boolean))
        batch.add_column(sa.Column("packet_id", sa.String(36)))
    op.create_table(
        "packets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("document_hash", sa.String(80), nullable=False, index=True),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("packet", sa.String(200)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("api_key_id", sa.String(32)),
        sa.Column("job_id", sa.String(36)),
    )


def downgrade() -> None:
    op.drop_table("packets")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("packet_id")
        batch.drop_column("split")
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_packet_id")
        batch.drop_column("packet_pages")
        batch.drop_column("packet_id")
