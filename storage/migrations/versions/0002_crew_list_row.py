"""Crew-list checks (issue 15): the row of the list a check was made for, unique within its round.

Revision ID: 0002_crew_list_row
Revises: 0001_journal
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_crew_list_row"
down_revision = "0001_journal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite cannot add a column with an index in one ALTER; batch mode rebuilds as needed
    with op.batch_alter_table("journal_checks") as batch:
        batch.add_column(sa.Column("list_row", sa.Integer(), nullable=True))
        batch.create_index("ux_journal_checks_round_list_row", ["round_id", "list_row"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("journal_checks") as batch:
        batch.drop_index("ux_journal_checks_round_list_row")
        batch.drop_column("list_row")
