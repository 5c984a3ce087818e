"""Cross-document entity resolution: link each stored document's entities to canonical entities.

An entity of a new document joins the canonical entity whose names agree with its own (the same
name after folding, a known alias, an acronym, a spelling or transliteration variant, a Cyrillic
spelling); different people stay apart (`nlp.variants.compare` keeps full names with different
given names apart). A bare surname, an initial with a surname, or an acronym the lexicon does not
know joins only when exactly one canonical entity fits it, and a bare East Asian family name ("Kim")
never joins across documents.
Every link keeps its rule and score on the entity row and in `resolution_log`, and an analyst
undoes a link with `split` or joins two canonical entities with `merge`.

Candidates come from the store's own index: every name of a canonical entity is kept with its
block keys (folded name, phonetic word prefixes, initials; `nlp.variants.block_keys`, computed once
per name) in `canonical_blocks`, so a new entity finds its candidates by indexed lookups of its own
keys. Nothing is loaded per process or per corpus: resolving an article costs the same in a store
of a thousand articles or fifty thousand, and any number of writers see one index.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from claimgraph.errors import InputError
from claimgraph.nlp import variants
from claimgraph.nlp.variants import block_keys
from claimgraph.store import queries
from claimgraph.store import schema as t
from claimgraph.store.canonical import NameRow, add_names, create, log, rebuild_names
from claimgraph.store.ids import record_id
from claimgraph.store.writing import now

__all__ = ["LINK_THRESHOLD", "Link", "history", "merge", "resolve_all", "resolve_document", "split"]

LINK_THRESHOLD = 0.84
"""Least `compare` score that links an entity to a canonical entity across documents."""

CROSS_DOCUMENT_KINDS = frozenset({"exact", "alias", "variant", "middle_name", "designator"})
"""Match kinds trusted across documents; `surname`, `given_initial` ("A. Matsegora") and an acronym
outside the lexicon ("KSE") need a unique bearer in the corpus; `partial_org` ("Armed Forces") is never enough."""

UNIQUE_BEARER_KINDS = frozenset({"surname", "given_initial", "acronym"})

MAX_NAMES = 40
"""Most names of one canonical entity compared with a new entity (its own name first)."""

COMMON_BLOCK = 64
"""A block key shared by more canonical entities than this is skipped where a rarer key of the name exists."""

TYPE_GROUPS = ({"PERSON"}, {"ORG"}, {"GPE", "LOC", "FAC"}, {"NORP"}, {"LAW"}, {"EVENT"}, {"PRODUCT"})


@dataclass(frozen=True)
class Link:
    """Why one document entity joined a canonical entity."""

    document_id: str
    entity_id: str
    canonical_id: int
    rule: str
    score: float


# ---- the candidate index ---------------------------------------------------

@dataclass
class _Index:
    """What one document's resolution reads of the store's candidate index (`canonical_blocks`,
    `canonical_names`), fetched by indexed lookups of its own keys, with the document's own writes.

    Writes wait in `pending` and go out in one batch per table; any read of the store sends them first.
    """

    conn: Connection
    info: dict[int, tuple[str, str]] = field(default_factory=dict)
    """canonical id -> (name, type), for every candidate read so far"""
    names: dict[int, list[str]] = field(default_factory=dict)
    """canonical id -> its names: its own name, then member entity names and aliases, in order of arrival"""
    primary: dict[int, list[str]] = field(default_factory=dict)
    """canonical id -> its own name and its member entities' names (no aliases)"""
    sizes: dict[str, int] = field(default_factory=dict)
    """block key -> how many canonical entities it blocks"""
    blocks: dict[str, set[int]] = field(default_factory=dict)
    """block key -> the canonical entities under it (keys whose posting was read)"""
    pending: list[NameRow] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    kept: set[tuple[int, bool, str]] = field(default_factory=set)
    """(canonical id, own, name) of the index's names read or written so far: a name it holds is not written again"""

    def flush(self) -> None:
        """Send the waiting writes: names and keys, entity links, log rows."""
        if self.pending:
            add_names(self.conn, self.pending)
            self.pending = []
        if self.links:
            e = t.entities
            self.conn.execute(update(e).where(e.c.document_id == bindparam("doc"), e.c.id == bindparam("eid"))
                              .values(canonical_id=bindparam("cid"), link_rule=bindparam("why"),
                                      link_score=bindparam("score")).execution_options(synchronize_session=False),
                              self.links)
            now_ = now()
            self.conn.execute(t.resolution_log.insert(), [
                {"at": now_, "action": "link", "canonical_id": r["cid"], "other_canonical_id": None,
                 "document_id": r["doc"], "entity_id": r["eid"], "rule": r["why"], "score": r["score"]}
                for r in self.links])
            self.links = []

    def read_sizes(self, keys: set[str]) -> None:
        """How many canonical entities each key blocks, and the postings of the rare keys, in two lookups."""
        missing = sorted(k for k in keys if k not in self.sizes)
        if not missing:
            return
        self.flush()
        cb = t.canonical_blocks
        for chunk in _chunks(missing):
            for key, n in self.conn.execute(select(cb.c.key, func.count()).where(cb.c.key.in_(chunk))
                                            .group_by(cb.c.key)):
                self.sizes[key] = int(n)
        for key in missing:
            self.sizes.setdefault(key, 0)
        self.read_postings({k for k in missing if self.sizes[k] <= COMMON_BLOCK})

    def read_postings(self, keys: set[str]) -> None:
        missing = sorted(k for k in keys if k not in self.blocks)
        if not missing:
            return
        self.flush()
        cb = t.canonical_blocks
        for key in missing:
            self.blocks[key] = set()
        for chunk in _chunks(missing):
            for key, cid in self.conn.execute(select(cb.c.key, cb.c.canonical_id).where(cb.c.key.in_(chunk))):
                self.blocks[key].add(cid)
        for key in missing:
            self.sizes[key] = len(self.blocks[key])

    def posting(self, key: str) -> set[int]:
        self.read_postings({key})
        return self.blocks[key]

    def read_candidates(self, cids: set[int]) -> None:
        """Name, type and names of canonical entities not read yet (those merged away are not found)."""
        missing = sorted(c for c in cids if c not in self.info)
        if not missing:
            return
        self.flush()
        ce, cn = t.canonical_entities, t.canonical_names
        for chunk in _chunks(missing):
            for cid, name, type_ in self.conn.execute(select(ce.c.id, ce.c.name, ce.c.type)
                                                      .where(ce.c.id.in_(chunk))):
                self.info[cid] = (name, type_)
                self.names[cid], self.primary[cid] = [], []
            for cid, name, own in self.conn.execute(select(cn.c.canonical_id, cn.c.name, cn.c.own)
                                                    .where(cn.c.canonical_id.in_(chunk)).order_by(cn.c.id)):
                if cid in self.info:
                    self._remember(cid, name, bool(own))
                    self.kept.add((cid, bool(own), name))

    def _remember(self, cid: int, name: str, own: bool) -> None:
        if own and name not in self.primary[cid]:
            self.primary[cid].append(name)
        if name not in self.names[cid]:
            self.names[cid].append(name)

    def created(self, cid: int, name: str, type_: str) -> None:
        """A canonical entity this document just created: its name goes into the index with the next writes."""
        self.info[cid] = (name, type_)
        self.names[cid], self.primary[cid] = [], []
        self._remember(cid, name, True)
        self.pending.append((cid, type_, name, True))
        self.kept.add((cid, True, name))
        for key in block_keys(name, type_):
            self._block(key, cid, new=True)

    def add_names(self, cid: int, names: list[str], type_: str, primary: bool = False) -> None:
        for n in names:
            if not n or (cid, primary, n) in self.kept:
                continue  # its row and its keys' rows are in the index (or on their way): writing them is a no-op
            if cid in self.info:
                self._remember(cid, n, primary)
            self.kept.add((cid, primary, n))
            self.pending.append((cid, type_, n, primary))
            for key in block_keys(n, type_):
                self._block(key, cid, new=False)

    def _block(self, key: str, cid: int, new: bool) -> None:
        """Count CID under KEY here as the store will once the writes go out."""
        if key in self.blocks:
            self.blocks[key].add(cid)
            self.sizes[key] = len(self.blocks[key])
        elif key in self.sizes and new:
            self.sizes[key] += 1  # a common key whose posting was not read: a new entity is surely new under it

    def prefetch(self, wanted: list[tuple[list[str], str]]) -> None:
        """Read at once what the candidates of these (names, type) need: key sizes, postings, candidates' names."""
        self.read_sizes({k for names, type_ in wanted for n in names for k in block_keys(n, type_)})
        self.read_postings({k for names, type_ in wanted for k in self._keys_used(names, type_)})
        self.read_candidates({c for names, type_ in wanted for k in self._keys_used(names, type_)
                              for c in self.blocks[k]})

    def _keys_used(self, names: list[str], type_: str) -> list[str]:
        """The keys whose postings give the candidates of these names (all must have sizes read)."""
        used: list[str] = []
        for n in names:
            keys = sorted(block_keys(n, type_))
            if type_ != "PERSON":
                # a word that names hundreds of organisations ("ministry") adds no evidence when a
                # rarer word of the same name can block: every word must match for a variant
                rare = [k for k in keys if self.sizes[k] <= COMMON_BLOCK or k.startswith("=")]
                if any(not k.startswith("=") for k in rare):
                    keys = rare
            used.extend(keys)
        return used

    def candidates(self, names: list[str], type_: str) -> set[int]:
        self.read_sizes({k for n in names for k in block_keys(n, type_)})
        found: set[int] = set()
        for key in self._keys_used(names, type_):
            found |= self.posting(key)
        self.read_candidates(found)
        group = _group(type_)
        return {c for c in found if c in self.info and self.info[c][1] in group}


def _chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def _group(type_: str) -> set[str]:
    return next((g for g in TYPE_GROUPS if type_ in g), {type_})



# ---- resolving one document ------------------------------------------------

@dataclass
class _Entity:
    id: str
    name: str
    type: str
    aliases: list[str]

    def names(self) -> list[str]:
        return [self.name, *[a for a in self.aliases if a != self.name]]


def _multiword(name: str, type_: str) -> bool:
    return len(variants.fold(name, type_).split()) > 1


def _best_match(entity: _Entity, names: list[str], type_: str) -> variants.Match | None:
    """The strongest match between the entity's names and a canonical entity's names."""
    own = entity.names()[:MAX_NAMES]
    theirs = names[:MAX_NAMES]
    if type_ == "PERSON" and _multiword(entity.name, type_):
        # a full name is judged against full names: a bare "Kim" must not pull in every Kim
        full = [n for n in theirs if _multiword(n, type_)]
        theirs = full or theirs
        own = [n for n in own if _multiword(n, type_)] or own
    best: variants.Match | None = None
    for a in own:
        for b in theirs:
            m = variants.compare(a, b, type_)
            if m is not None and (best is None or m.score > best.score):
                best = m
                if m.score >= 1.0:
                    return m
    return best


def _family_name_only(match: variants.Match) -> bool:
    return match.rule.startswith("surname only (family name first)")


def _choose(conn: Connection, index: _Index, entity: _Entity, type_: str,
            known: variants.Canonical | None) -> tuple[int, variants.Match] | None:
    """The canonical entity this entity joins, and why; None where no link is safe."""
    names = entity.names() + ([known.name] if known else [])
    cands = index.candidates(names, type_)
    if not cands:
        return None
    scored: list[tuple[float, int, int, variants.Match]] = []
    for cid in sorted(cands):
        cname = index.info[cid][0]
        if known and variants.fold(cname, type_) == variants.fold(known.name, type_):
            # the lexicon decides: the canonical entity of that name, whatever else matches
            same = variants.fold(entity.name, type_) == variants.fold(known.name, type_)
            return cid, (variants.Match(1.0, "same name after folding", "exact") if same else
                         variants.Match(0.98, known.rule, "alias"))
        cknown = variants.lookup(cname, type_)
        if known and cknown and cknown.name != known.name:
            continue  # two different entities of the lexicon
        # a lexicon entity is matched on its own names only: a document's aliases of Russia
        # may hold "Moscow" (the capital standing for its government), which is no name of Russia
        theirs = index.primary.get(cid, [cname]) if cknown else index.names.get(cid, [cname])
        m = _best_match(entity, theirs, type_)
        if m is not None and m.score >= (0.5 if m.kind in UNIQUE_BEARER_KINDS else LINK_THRESHOLD):
            own = int(any(variants.compare(n, cname, type_) is not None for n in entity.names()[:MAX_NAMES]))
            scored.append((m.score, own, cid, m))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    strong = [s for s in scored if s[3].kind in CROSS_DOCUMENT_KINDS]
    if strong:
        return strong[0][2], strong[0][3]
    surname = [s for s in scored if s[3].kind in UNIQUE_BEARER_KINDS and not _family_name_only(s[3])]
    if len({s[2] for s in surname}) == 1:
        cid, m = surname[0][2], surname[0][3]
        return cid, variants.Match(m.score, f"{m.rule} (the only one in the corpus)", m.kind)
    return None


def _document_entities(conn: Connection, document_id: str) -> list[_Entity]:
    e, al = t.entities, t.aliases
    rows = conn.execute(select(e.c.id, e.c.name, e.c.type).where(
        e.c.document_id == document_id, e.c.canonical_id.is_(None)).order_by(e.c.position)).all()
    aliases: dict[str, list[str]] = {}
    for entity_id, alias in conn.execute(select(al.c.entity_id, al.c.alias).where(al.c.document_id == document_id)
                                         .order_by(al.c.entity_id, al.c.position)):
        aliases.setdefault(entity_id, []).append(alias)
    return [_Entity(r.id, r.name, r.type or "", aliases.get(r.id, [])) for r in rows]


def _known(entity: _Entity) -> variants.Canonical | None:
    known = variants.lookup(entity.name, entity.type or None)
    if known is None and entity.type != "PERSON":
        known = variants.lookup(entity.name)
    return known


def _link(index: _Index, document_id: str, entity: _Entity, cid: int, rule: str, score: float) -> Link:
    index.links.append({"doc": document_id, "eid": entity.id, "cid": cid, "why": rule, "score": score})
    index.add_names(cid, [entity.name], index.info[cid][1], primary=True)
    index.add_names(cid, entity.aliases, index.info[cid][1])
    return Link(document_id, entity.id, cid, rule, score)


def _fullness(name: str) -> int:
    """How many whole words (not initials) a person's name has: "Matsegora" 1, "A. Matsegora" 1."""
    return sum(len(w) > 1 for w in variants.fold(name, "PERSON").split())


def _rename_if_fuller(conn: Connection, index: _Index, cid: int, entity: _Entity) -> None:
    """A canonical person known by a surname or an initial takes the first fuller name that joins it."""
    name, type_ = index.info[cid]
    if type_ == "PERSON" and _fullness(entity.name) > _fullness(name):
        conn.execute(update(t.canonical_entities).where(t.canonical_entities.c.id == cid)
                     .values(name=entity.name, key=variants.fold(entity.name, type_)))
        index.info[cid] = (entity.name, type_)


def resolve_document(conn: Connection | Engine, document_id: str) -> list[Link]:
    """Link a stored document's unlinked entities to canonical entities, creating those that are new.

    Call it in the transaction that stored the document (ingest does), or pass an Engine to run
    it in a transaction of its own. Returns one Link per entity, with the rule and score kept.
    """
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return resolve_document(c, document_id)
    index = _Index(conn)
    links = []
    plans = []
    for entity in _document_entities(conn, document_id):
        known = _known(entity)
        type_ = known.type if known and entity.type != "PERSON" else (entity.type or "")
        plans.append((entity, known, type_))
    index.prefetch([(entity.names() + ([known.name] if known else []), type_) for entity, known, type_ in plans])
    for entity, known, type_ in plans:
        chosen = _choose(conn, index, entity, type_, known)
        if chosen is None:
            name = known.name if known else entity.name
            cid = create(conn, name, type_, variants.fold(name, type_), index=False)
            index.created(cid, name, type_)
            renamed = known and variants.fold(known.name, type_) != variants.fold(entity.name, type_)
            rule = f"first mention, named by the lexicon ({known.rule})" if known and renamed else "first mention"
            links.append(_link(index, document_id, entity, cid, rule, 1.0))
            continue
        cid, match = chosen
        if match.kind in UNIQUE_BEARER_KINDS:
            _rename_if_fuller(conn, index, cid, entity)
        links.append(_link(index, document_id, entity, cid, match.rule, match.score))
    index.flush()
    return links


def resolve_all(conn: Connection | Engine) -> list[Link]:
    """Resolve every stored document that has unlinked entities, oldest first."""
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return resolve_all(c)
    d, e = t.documents, t.entities
    ids = conn.execute(select(d.c.id).where(d.c.id.in_(
        select(e.c.document_id).where(e.c.canonical_id.is_(None)))).order_by(d.c.pk)).scalars().all()
    return [link for doc in ids for link in resolve_document(conn, doc)]


# ---- an analyst's corrections ----------------------------------------------

def _canonical(conn: Connection, cid: int) -> tuple[str, str]:
    row = conn.execute(select(t.canonical_entities.c.name, t.canonical_entities.c.type)
                       .where(t.canonical_entities.c.id == cid)).first()
    if row is None:
        raise InputError(f"no entity with id {cid}")
    return row[0], row[1]


def merge(conn: Connection | Engine, a: int, b: int, rule: str = "merged by an analyst") -> int:
    """Join canonical entity B into A: every member of B becomes a member of A; A's id is returned.

    Each moved member keeps a `merge` row in the log naming B, so `split` can take it out again.
    """
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return merge(c, a, b, rule)
    if a == b:
        raise InputError(f"entity {a} cannot be merged with itself")
    name_a, _ = _canonical(conn, a)
    name_b, _ = _canonical(conn, b)
    e = t.entities
    members = conn.execute(select(e.c.document_id, e.c.id).where(e.c.canonical_id == b)).all()
    why = f"{rule}: {name_b} = {name_a}"
    conn.execute(update(e).where(e.c.canonical_id == b).values(canonical_id=a, link_rule=why, link_score=1.0))
    for document_id, entity_id in members:
        log(conn, "merge", a, other_canonical_id=b, document_id=document_id, entity_id=entity_id, rule=why, score=1.0)
    log(conn, "merge", a, other_canonical_id=b, rule=why, score=1.0)
    conn.execute(delete(t.canonical_entities).where(t.canonical_entities.c.id == b))
    rebuild_names(conn, [a])
    return a


def _members(conn: Connection, cid: int) -> list[tuple[str, str, str]]:
    e = t.entities
    return [(r.document_id, r.id, r.name) for r in conn.execute(
        select(e.c.document_id, e.c.id, e.c.name).where(e.c.canonical_id == cid).order_by(e.c.document_id, e.c.id))]


def _names_of(conn: Connection, document_id: str, entity_id: str, name: str) -> set[str]:
    """Folded names of one document entity: its name, aliases and mention texts."""
    al, m = t.aliases, t.mentions
    names = {name}
    names |= set(conn.execute(select(al.c.alias).where(al.c.document_id == document_id,
                                                       al.c.entity_id == entity_id)).scalars())
    names |= set(conn.execute(select(m.c.text).where(m.c.document_id == document_id,
                                                     m.c.entity_id == entity_id)).scalars())
    return {variants.fold(n) for n in names}


def split(conn: Connection | Engine, cid: int, selector: str, rule: str = "split by an analyst") -> int:
    """Take members out of canonical entity CID into a new canonical entity; its id is returned.

    SELECTOR is a document entity as `DOCUMENT_ID:ENTITY_ID` (the document id may be a prefix of
    6+ characters), or a name: every member entity that has this name among its name, aliases or
    mentions (after folding) moves.
    """
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return split(c, cid, selector, rule)
    name, type_ = _canonical(conn, cid)
    members = _members(conn, cid)
    selector = selector.strip()
    chosen: list[tuple[str, str, str]] = []
    doc_part, sep, ent_part = selector.rpartition(":")
    if sep and doc_part and ent_part:
        chosen = [m for m in members if m[1] == ent_part and (m[0] == doc_part or (
            len(doc_part) >= 6 and m[0].startswith(doc_part)))]
    if not chosen:
        key = variants.fold(selector)
        chosen = [m for m in members if key and key in _names_of(conn, m[0], m[1], m[2])]
    if not chosen:
        raise InputError(f"entity {cid} ({name}) has no member named or identified by '{selector}'")
    if len(chosen) == len(members):
        raise InputError(f"'{selector}' is every member of entity {cid} ({name}); nothing would be left to split from")
    new_name = chosen[0][2] if sep and doc_part and ent_part else selector
    new = create(conn, new_name, type_, variants.fold(new_name, type_))
    why = f"{rule}: {new_name} is not {name}"
    e = t.entities
    for document_id, entity_id, _ in chosen:
        conn.execute(update(e).where(e.c.document_id == document_id, e.c.id == entity_id)
                     .values(canonical_id=new, link_rule=why, link_score=1.0))
        log(conn, "split", new, other_canonical_id=cid, document_id=document_id, entity_id=entity_id, rule=why,
            score=1.0)
    rebuild_names(conn, [cid, new])
    return new


def history(conn: Connection | Engine, cid: int) -> list[dict[str, Any]]:
    """Every logged decision about canonical entity CID (links, merges, splits), oldest first."""
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return history(c, cid)
    _canonical_or_logged(conn, cid)
    rl, e = t.resolution_log, t.entities
    q = select(rl, e.c.name.label("entity_name")).outerjoin(
        e, (e.c.document_id == rl.c.document_id) & (e.c.id == rl.c.entity_id)).where(
        (rl.c.canonical_id == cid) | (rl.c.other_canonical_id == cid)).order_by(rl.c.id)
    return [{"at": r.at, "action": r.action, "canonical_id": r.canonical_id, "other_canonical_id": r.other_canonical_id,
             "document_id": r.document_id, "entity_id": r.entity_id, "entity_name": r.entity_name, "rule": r.rule,
             "score": r.score} for r in conn.execute(q)]


def _canonical_or_logged(conn: Connection, cid: int) -> None:
    """CID is a canonical entity now, or was one (merged away): else a clear error."""
    rl = t.resolution_log
    if conn.execute(select(t.canonical_entities.c.id).where(t.canonical_entities.c.id == cid)).first() is None and \
            conn.execute(select(rl.c.id).where((rl.c.canonical_id == cid) | (rl.c.other_canonical_id == cid))
                         .limit(1)).first() is None:
        raise InputError(f"no entity with id {cid}")


def entity_id(conn: Connection, ref: str) -> int:
    """The canonical entity that an id or a name names; a clear error where none or several do."""
    ref = ref.strip()
    ce = t.canonical_entities
    if ref.isdigit():
        cid = record_id(ref)
        if cid is None or conn.execute(select(ce.c.id).where(ce.c.id == cid)).scalar() is None:
            raise InputError(f"no entity with id {ref}")
        return cid
    ids = queries.canonical_ids_named(conn, ref) if ref else []
    if len(ids) > 1:
        rows = conn.execute(select(ce.c.id, ce.c.name).where(ce.c.id.in_(ids))).all()
        exact = [r.id for r in rows if variants.fold(r.name) == variants.fold(ref)]
        if len(exact) == 1:
            return int(exact[0])
        listed = "; ".join(f"{r.id} {r.name}" for r in rows[:5])
        raise InputError(f"'{ref}' names {len(ids)} entities ({listed}); give the id")
    if not ids:
        raise InputError(f"no entity is named '{ref}'")
    return ids[0]
