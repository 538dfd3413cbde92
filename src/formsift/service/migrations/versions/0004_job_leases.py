"""Jobs get an owner and a lease: the service process working on a job (its extraction,
then its webhook) holds it until ``lease_until`` and renews the lease while it works, so
that several processes on one database never run a job twice, and a job of a process that
died is taken over once its lease has run out. Existing jobs have no owner: free to take.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("owner", sa.String(100)))
        batch.add_column(sa.Column("lease_until", sa.DateTime))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("owner")
