"""`store.changes.ChangeWatch`: a number that moves with every commit to a store, from any connection."""
from __future__ import annotations

from pathlib import Path

from claimgraph.store import Store, notebook
from claimgraph.store.changes import ChangeWatch


def test_the_change_number_moves_with_a_commit_of_another_store_and_stays_while_none_is_made(tmp_path: Path) -> None:
    store = Store(tmp_path / "watched.db")
    other = Store(tmp_path / "watched.db")
    watch = ChangeWatch(store)
    try:
        before = watch.mark()
        assert before is not None
        with store.begin() as conn:  # reading commits nothing
            notebook.version(conn)
        assert watch.mark() == before
        with other.begin(write=True) as conn:
            notebook.save_search(conn, "all claims", "claims", "")
        moved = watch.mark()
        assert moved is not None and moved != before
        with store.begin(write=True) as conn:  # a commit of the watched store's own pool counts too
            notebook.save_search(conn, "all documents", "documents", "")
        assert watch.mark() not in (before, moved)
    finally:
        watch.close()
        store.close()
        other.close()

