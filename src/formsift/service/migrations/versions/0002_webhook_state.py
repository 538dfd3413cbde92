"""Jobs remember whether their webhook is still to be delivered, so that deliveries being
retried when the service stops are resumed at the next start.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("webhook_state", sa.String(20)))
        batch.create_index("ix_jobs_webhook_state", ["webhook_state"])


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_index("ix_jobs_webhook_state")
        batch.drop_column("webhook_state")
