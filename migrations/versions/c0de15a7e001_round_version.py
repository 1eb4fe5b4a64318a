"""round.version: the fence of every round transition

Revision ID: c0de15a7e001
Revises: 3ccd657266f3
Create Date: 2025-01-01 00:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "c0de15a7e001"
down_revision = "3ccd657266f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_column("version")
