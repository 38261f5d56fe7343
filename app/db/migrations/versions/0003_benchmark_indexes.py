"""indexes measured by the benchmarks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

- ix_tasks_pending covers the reminder pass (open, not yet shown, due by now).
- ix_inquiries_source_status: a source's won/lost count on every re-plan.
- ix_inquiries_stage_totals covers the board headers' count and amount per stage.
- ix_checklist_items_inquiry_status covers the cards' missing-document counts.
- ix_tasks_done_at / ix_tasks_cancelled_at: the overdue-over-time report.
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
        batch_op.create_index('ix_tasks_done_at', ['done_at'], unique=False)
        batch_op.create_index('ix_tasks_cancelled_at', ['cancelled_at'], unique=False)
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiries_source')
        batch_op.create_index('ix_inquiries_source_status', ['source_id', 'status'], unique=False)
        batch_op.create_index(
            'ix_inquiries_stage_totals',
            ['stage_id', 'status', 'archived_at', 'amount', 'type_id', 'source_id', 'owner_id'],
            unique=False,
        )
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.drop_index('ix_checklist_items_inquiry_id')
        batch_op.create_index(
            'ix_checklist_items_inquiry_status', ['inquiry_id', 'status'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.drop_index('ix_checklist_items_inquiry_status')
        batch_op.create_index('ix_checklist_items_inquiry_id', ['inquiry_id'], unique=False)
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiries_stage_totals')
        batch_op.drop_index('ix_inquiries_source_status')
        batch_op.create_index('ix_inquiries_source', ['source_id'], unique=False)
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_cancelled_at')
        batch_op.drop_index('ix_tasks_done_at')
        batch_op.drop_index('ix_tasks_pending')
