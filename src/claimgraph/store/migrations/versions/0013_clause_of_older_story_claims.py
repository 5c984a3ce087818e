"""Every story claim knows how full its content is: `story_claims.clause` is filled for the claims placed in
stories before revision 0011 added it.

Before this revision such a claim's clause was read from its content (a parse) each time a process first
summarised its story, and the ledger's grade filter and the home page summarise every story: a workbench
started on a migrated store of 120,000 claims parsed all of them on its first such page (some four minutes),
in every new process. The kind is worked out here once, by the function the story summary reads it with
(`corroborate.clause_kinds`), so stored and read values are the same, and stored; claims placed since 0011
have theirs already. A store with none to fill pays one query.

Revision ID: 0013
Revises: 0012
"""
import sys
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
"""Claims read, parsed and written back at a time (within the migration's one transaction)."""
SAID_FROM = 20_000
"""From this many claims to fill on, a line on stderr says what the pause is (about 2 ms a claim)."""


def upgrade() -> None:
    """Fill `story_claims.clause` where it is NULL."""
    bind = op.get_bind()
    sc = sa.table("story_claims", sa.column("claim_pk", sa.Integer), sa.column("clause", sa.Integer))
    c = sa.table("claims", sa.column("pk", sa.Integer), sa.column("content_text", sa.Text))
    todo = int(bind.execute(sa.select(sa.func.count()).select_from(sc).where(sc.c.clause.is_(None))).scalar_one())
    if not todo:
        return
    if todo >= SAID_FROM:
        print(f"claimgraph: reading how full each of {todo:,} claims stored before stories kept it is "
              f"(once, about {max(1, round(todo * 0.002 / 60))} min)…", file=sys.stderr)
    from claimgraph.corpus.corroborate import clause_kinds

    last = -1
    while True:
        rows = bind.execute(sa.select(sc.c.claim_pk, c.c.content_text).join(c, c.c.pk == sc.c.claim_pk)
                            .where(sc.c.clause.is_(None), sc.c.claim_pk > last).order_by(sc.c.claim_pk)
                            .limit(BATCH)).all()
        if not rows:
            return
        kinds = clause_kinds([r.content_text for r in rows])
        bind.execute(sc.update().where(sc.c.claim_pk == sa.bindparam("pk")).values(clause=sa.bindparam("kind")),
                     [{"pk": r.claim_pk, "kind": k} for r, k in zip(rows, kinds, strict=True)])
        last = rows[-1].claim_pk


def downgrade() -> None:
    """Nothing to undo: the kinds are what the code before read from the contents anyway."""
