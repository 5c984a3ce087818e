"""What analysts write into the store: notes and tags on claims, entities and stories, and saved searches.

A target is named by its kind and id: a claim as `DOCUMENT_ID/CLAIM_ID`, an entity or a story by its
number. Tags are folded to lower case, so 'Kursk' and 'kursk' are one tag. Nothing here changes the
analysed records: notes and tags sit beside them and survive re-analysis of other articles.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
    update,
)

from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store.stories import stories_table

KINDS = ("claim", "entity", "story")
NOTE_MAX = 10_000
TAG_MAX = 60
NAME_MAX = 120

notes = Table(
    "notes", t.metadata,
    Column("id", Integer, primary_key=True),
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_notes_target", "target_kind", "target_id"),
    sqlite_autoincrement=True,
)

tags = Table(
    "tags", t.metadata,
    Column("target_kind", String(16), primary_key=True),
    Column("target_id", String(200), primary_key=True),
    Column("tag", String(TAG_MAX), primary_key=True),
    Column("created_at", String(32), nullable=False),
    Index("ix_tags_tag", "tag", "target_kind"),
)

saved_searches = Table(
    "saved_searches", t.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME_MAX), nullable=False),
    Column("resource", String(32), nullable=False, doc="the page the search is of: claims, documents, timeline"),
    Column("query", Text, nullable=False, doc="the query string of the search"),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("name", name="uq_saved_searches_name"),
    sqlite_autoincrement=True,
)

notebook_version = Table(
    "notebook_version", t.metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False, doc="how many times analysts wrote notes, tags or saved searches"),
)
"""One row: what the pages that show the notebook change with (`web.answers` keeps pages until it moves)."""

RESOURCES = ("claims", "documents", "timeline", "graph")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def version(conn: Connection) -> int:
    """The notebook's version: it moves with every note, tag or saved search written or taken back."""
    return int(conn.execute(select(func.max(notebook_version.c.version))).scalar() or 0)


def _wrote(conn: Connection) -> None:
    v = notebook_version
    if conn.execute(update(v).values(version=v.c.version + 1)).rowcount == 0:
        conn.execute(v.insert().values(id=1, version=1))


def check_target(conn: Connection, kind: str, target_id: str) -> tuple[str, str]:
    """(kind, id) of a stored claim, entity or story, or an InputError saying what is wrong."""
    kind, target_id = kind.strip().lower(), target_id.strip()
    if kind not in KINDS:
        raise InputError(f"kind '{kind}' is not one of {', '.join(KINDS)}")
    if kind == "claim":
        doc, _, claim = target_id.partition("/")
        c = t.claims
        found = conn.execute(select(c.c.pk).where(c.c.document_id == doc, c.c.id == claim)).first()
    elif not target_id.isdigit() or len(target_id) > 9:
        raise InputError(f"{kind} '{target_id}': give its number")
    elif kind == "entity":
        ce = t.canonical_entities
        found = conn.execute(select(ce.c.id).where(ce.c.id == int(target_id))).first()
    else:
        found = conn.execute(select(stories_table.c.id).where(stories_table.c.id == int(target_id))).first()
    if found is None:
        raise InputError(f"no {kind} '{target_id}' in the store")
    return kind, target_id


def add_note(conn: Connection, kind: str, target_id: str, text: str) -> dict[str, Any]:
    """Write a note on a claim, entity or story; the stored note is returned."""
    kind, target_id = check_target(conn, kind, target_id)
    body = text.strip()
    if not body:
        raise InputError("note: write something in it")
    if len(body) > NOTE_MAX:
        raise InputError(f"note: at most {NOTE_MAX:,} characters")
    at = _now()
    pk = conn.execute(notes.insert().values(target_kind=kind, target_id=target_id, text=body,
                                            created_at=at)).inserted_primary_key
    _wrote(conn)
    return {"id": int(pk[0]) if pk else 0, "kind": kind, "target": target_id, "text": body, "created_at": at}


def delete_note(conn: Connection, note_id: int) -> dict[str, Any]:
    """Delete a note; the deleted note is returned (its target tells where it was)."""
    row = conn.execute(select(notes).where(notes.c.id == note_id)).mappings().first()
    if row is None:
        raise InputError(f"no note {note_id} in the store")
    conn.execute(delete(notes).where(notes.c.id == note_id))
    _wrote(conn)
    return _note(row)


def _note(r: Any) -> dict[str, Any]:
    return {"id": r["id"], "kind": r["target_kind"], "target": r["target_id"], "text": r["text"],
            "created_at": r["created_at"]}


def notes_on(conn: Connection, kind: str, target_id: str) -> list[dict[str, Any]]:
    """The notes on one target, oldest first."""
    q = select(notes).where(notes.c.target_kind == kind, notes.c.target_id == target_id).order_by(notes.c.id)
    return [_note(r) for r in conn.execute(q).mappings()]


def all_notes(conn: Connection, kind: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The newest notes (of one kind of target, where given)."""
    q = select(notes).order_by(notes.c.id.desc()).limit(limit)
    if kind:
        q = q.where(notes.c.target_kind == kind)
    return [_note(r) for r in conn.execute(q).mappings()]


def check_tag(tag: str) -> str:
    """A tag folded to lower case with its spaces joined, or an InputError."""
    folded = " ".join(tag.split()).casefold()
    if not folded:
        raise InputError("tag: give a word or two")
    if len(folded) > TAG_MAX:
        raise InputError(f"tag: at most {TAG_MAX} characters")
    return folded


def add_tag(conn: Connection, kind: str, target_id: str, tag: str) -> dict[str, Any]:
    """Tag a claim, entity or story (a tag it already has is kept once)."""
    kind, target_id = check_target(conn, kind, target_id)
    folded = check_tag(tag)
    have = conn.execute(select(tags.c.tag).where(tags.c.target_kind == kind, tags.c.target_id == target_id,
                                                 tags.c.tag == folded)).first()
    if have is None:
        conn.execute(tags.insert().values(target_kind=kind, target_id=target_id, tag=folded, created_at=_now()))
        _wrote(conn)
    return {"kind": kind, "target": target_id, "tag": folded}


def remove_tag(conn: Connection, kind: str, target_id: str, tag: str) -> dict[str, Any]:
    """Take a tag off a target (nothing happens where it has none)."""
    folded = check_tag(tag)
    if conn.execute(delete(tags).where(tags.c.target_kind == kind, tags.c.target_id == target_id.strip(),
                                       tags.c.tag == folded)).rowcount:
        _wrote(conn)
    return {"kind": kind, "target": target_id.strip(), "tag": folded}


def tags_on(conn: Connection, kind: str, target_ids: list[str]) -> dict[str, list[str]]:
    """target id -> its tags, for targets of one kind."""
    out: dict[str, list[str]] = {}
    for i in range(0, len(target_ids), 400):
        q = select(tags.c.target_id, tags.c.tag).where(tags.c.target_kind == kind,
                                                       tags.c.target_id.in_(target_ids[i:i + 400])) \
            .order_by(tags.c.target_id, tags.c.tag)
        for target, tag in conn.execute(q):
            out.setdefault(target, []).append(tag)
    return out


def all_tags(conn: Connection) -> list[dict[str, Any]]:
    """Every tag with how many claims, entities and stories carry it, most used first."""
    q = select(tags.c.tag, tags.c.target_kind, func.count()).group_by(tags.c.tag, tags.c.target_kind)
    found: dict[str, dict[str, Any]] = {}
    for tag, kind, n in conn.execute(q):
        row = found.setdefault(tag, {"tag": tag, "claim": 0, "entity": 0, "story": 0, "total": 0})
        row[kind] = int(n)
        row["total"] += int(n)
    return sorted(found.values(), key=lambda r: (-r["total"], r["tag"]))


def tagged(conn: Connection, tag: str) -> list[dict[str, Any]]:
    """The targets that carry a tag, newest first."""
    q = select(tags).where(tags.c.tag == check_tag(tag)).order_by(tags.c.created_at.desc(), tags.c.target_id)
    return [{"kind": r["target_kind"], "target": r["target_id"], "tag": r["tag"], "created_at": r["created_at"]}
            for r in conn.execute(q).mappings()]


def save_search(conn: Connection, name: str, resource: str, query: str) -> dict[str, Any]:
    """Keep a search under a name (the same name again replaces it); the saved search is returned."""
    label = " ".join(name.split())
    if not label:
        raise InputError("saved search: give it a name")
    if len(label) > NAME_MAX:
        raise InputError(f"saved search: a name of at most {NAME_MAX} characters")
    if resource not in RESOURCES:
        raise InputError(f"saved search: '{resource}' is not one of {', '.join(RESOURCES)}")
    query = query.lstrip("?")
    conn.execute(delete(saved_searches).where(saved_searches.c.name == label))
    at = _now()
    pk = conn.execute(saved_searches.insert().values(name=label, resource=resource, query=query,
                                                     created_at=at)).inserted_primary_key
    _wrote(conn)
    return {"id": int(pk[0]) if pk else 0, "name": label, "resource": resource, "query": query, "created_at": at,
            "url": f"/{resource}" + (f"?{query}" if query else "")}


def delete_search(conn: Connection, search_id: int) -> None:
    """Forget a saved search."""
    if conn.execute(delete(saved_searches).where(saved_searches.c.id == search_id)).rowcount == 0:
        raise InputError(f"no saved search {search_id} in the store")
    _wrote(conn)


def searches(conn: Connection, resource: str | None = None) -> list[dict[str, Any]]:
    """The saved searches, by name."""
    q = select(saved_searches).order_by(saved_searches.c.name)
    if resource:
        q = q.where(saved_searches.c.resource == resource)
    return [{"id": r["id"], "name": r["name"], "resource": r["resource"], "query": r["query"],
             "created_at": r["created_at"], "url": f"/{r['resource']}" + (f"?{r['query']}" if r["query"] else "")}
            for r in conn.execute(q).mappings()]
