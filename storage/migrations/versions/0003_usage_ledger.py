"""Per-user limits shared by every app process (issue 13): what each user used, and when.

Revision ID: 0003_usage_ledger
Revises: 0002_crew_list_row
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.schema import IdType

revision = "0003_usage_ledger"
down_revision = "0002_crew_list_row"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "usage_events",
        sa.Column("id", IdType, primary_key=True, autoincrement=True),
        sa.Column("user", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_usage_events_user_kind_at", "usage_events", ["user", "kind", "at"])
    op.create_index("ix_usage_events_at", "usage_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_usage_events_at", "usage_events")
    op.drop_index("ix_usage_events_user_kind_at", "usage_events")
    op.drop_table("usage_events")
