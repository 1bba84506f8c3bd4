"""The inspection journal: rounds and checks (issue 14).

Revision ID: 0001_journal
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.schema import LENGTHS, IdType, UtcDateTime

revision = "0001_journal"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_rounds",
        sa.Column("id", IdType, primary_key=True, autoincrement=True),
        sa.Column("site_name", sa.String(LENGTHS["site_name"]), nullable=False),
        sa.Column("address", sa.String(LENGTHS["address"]), nullable=False),
        sa.Column("position", sa.String(LENGTHS["position"]), nullable=True),
        sa.Column("user", sa.String(LENGTHS["user"]), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime(), nullable=True),
    )
    op.create_table(
        "journal_checks",
        sa.Column("id", IdType, primary_key=True, autoincrement=True),
        sa.Column("checked_at", UtcDateTime(), nullable=False),
        sa.Column("user", sa.String(LENGTHS["user"]), nullable=False),
        sa.Column("round_id", IdType, sa.ForeignKey("journal_rounds.id", ondelete="SET NULL"), nullable=True),
        sa.Column("method", sa.String(LENGTHS["method"]), nullable=False),
        sa.Column("verdict", sa.String(LENGTHS["verdict"]), nullable=False),
        sa.Column("reason", sa.String(LENGTHS["reason"]), nullable=True),
        sa.Column("card_number", sa.String(LENGTHS["card_number"]), nullable=True),
        sa.Column("card_status", sa.String(LENGTHS["card_status"]), nullable=True),
        sa.Column("card_category", sa.String(LENGTHS["card_category"]), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("employer_org_number", sa.String(LENGTHS["employer_org_number"]), nullable=True),
        sa.Column("employer_name", sa.String(LENGTHS["employer_name"]), nullable=True),
        sa.Column("warning_codes", sa.String(LENGTHS["warning_codes"]), nullable=False),
        sa.Column("sandbox", sa.Boolean(), nullable=False),
        sa.Column("app_version", sa.String(LENGTHS["app_version"]), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column(
            "recheck_of", IdType, sa.ForeignKey("journal_checks.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("rechecked_by", IdType, nullable=True),
    )
    op.create_index("ix_journal_checks_checked_at", "journal_checks", ["checked_at"])
    op.create_index("ix_journal_checks_round_id", "journal_checks", ["round_id"])
    op.create_index("ix_journal_checks_pending", "journal_checks", ["pending", "rechecked_by"])


def downgrade() -> None:
    op.drop_table("journal_checks")
    op.drop_table("journal_rounds")
