"""Template parameters of jobs: ``POST /v1/jobs?param=NAME=VALUE`` keeps the values given
with the job, so that the worker (and a process that takes the job over after a restart)
extracts with them; and what the request said wrongly of the document (a PNG sent as
text/plain, read as its bytes say), for its record's ``audit.input_warnings``; and, for a
webhook sent again (``POST /v1/jobs/{id}/webhook``), the last attempt of its new round.
Existing jobs were given none. Indexes for ``GET /v1/jobs``, which lists jobs newest
first: of every key (an audit key) and of one.

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("params", sa.JSON))
        batch.add_column(sa.Column("input_warnings", sa.JSON))
        batch.add_column(sa.Column("webhook_until", sa.Integer))
        batch.create_index("ix_jobs_created_at_id", ["created_at", "id"])
        batch.create_index("ix_jobs_api_key_id_created_at_id",
                           ["api_key_id", "created_at", "id"])


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_index("ix_jobs_api_key_id_created_at_id")
        batch.drop_index("ix_jobs_created_at_id")
        batch.drop_column("webhook_until")
        batch.drop_column("input_warnings")
        batch.drop_column("params")
