"""A bank's catalogue of legal documents; duplicates judged on text and options

Revision ID: 5b1d0c7e9a42
Revises: 8cab8b58458d
Create Date: 2026-12-03 09:00:00

`question.text_key` held the normalised text; it now holds
question_bank.duplicate_key(text, options), recomputed here for every stored question.
Going down restores the text alone, which fails if a bank holds a generic stem twice.
"""
from alembic import op
import sqlalchemy as sa

from question_bank.text import duplicate_key, question_key

revision = '5b1d0c7e9a42'
down_revision = '8cab8b58458d'
branch_labels = None
depends_on = None

QUESTION = sa.table('question', sa.column('id', sa.Integer), sa.column('text', sa.Text),
                    sa.column('text_key', sa.String))
OPTION = sa.table('option', sa.column('question_id', sa.Integer), sa.column('position', sa.Integer),
                  sa.column('text', sa.String))


def _rekey(key_of) -> None:
    bind = op.get_bind()
    options: dict[int, list[str]] = {}
    for question_id, text in bind.execute(
            sa.select(OPTION.c.question_id, OPTION.c.text).order_by(OPTION.c.question_id, OPTION.c.position)):
        options.setdefault(question_id, []).append(text)
    for question_id, text in bind.execute(sa.select(QUESTION.c.id, QUESTION.c.text)).all():
        bind.execute(QUESTION.update().where(QUESTION.c.id == question_id)
                     .values(text_key=key_of(text, options.get(question_id, []))))


def upgrade():
    with op.batch_alter_table('question_bank', schema=None) as batch_op:
        batch_op.add_column(sa.Column('documents', sa.JSON(), nullable=True))
    _rekey(duplicate_key)


def downgrade():
    _rekey(lambda text, options: question_key(text)[:1000])
    if op.get_bind().dialect.name == 'sqlite':
        # A batch would copy the table, which the questions' foreign keys forbid; SQLite 3.35+
        # drops a plain column in place.
        op.execute('ALTER TABLE question_bank DROP COLUMN documents')
    else:
        op.drop_column('question_bank', 'documents')
