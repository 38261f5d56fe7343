"""index for the reminder pass

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(
            'ix_tasks_pending',
            ['state', 'notified_at', 'due_at', 'id', 'kind', 'rule_key'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_pending')
