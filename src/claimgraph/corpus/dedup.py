"""Near-duplicates: the same wire story on two sites, found with MinHash LSH whose bands live in the store.

Every stored document keeps its MinHash signature and its LSH band buckets (`minhash_bands`), so a
new document finds copies of documents stored in earlier runs with one indexed query. Candidates
that share a bucket are then checked on their exact word shingles: a document is a copy when most
of the shorter text's shingles stand in the other text. Containment, not Jaccard, because a
republication often carries the story with more (or fewer) paragraphs than the original.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, TextClause, select, text

from claimgraph.store import schema as t

NUM_PERM = 128
SHINGLE_WORDS = 3
LSH_THRESHOLD = 0.3
"""Estimated Jaccard above which LSH proposes a candidate; low, since a longer copy dilutes Jaccard."""

MIN_CONTAINMENT = 0.8
"""Share of the shorter text's shingles found in the other text for the two to count as copies."""

MIN_SHINGLES = 25
"""Texts shorter than this (in shingles) are never called copies: too little to tell."""

MAX_CANDIDATES = 10
"""Stored documents whose text is compared with a new one: those sharing the most LSH buckets with it.
A wire story republished a thousand times costs no more to place than one republished ten times."""

BUCKET_LIMIT = 50
"""Documents read per LSH bucket: a bucket that boilerplate fills costs no more than this, and a true copy,
which shares nearly every band, is still found through the buckets only it and its original share."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Copy:
    """A stored document that a new one copies, and how much of the shorter text they share."""

    original_id: str
    similarity: float


def shingles(text: str) -> set[str]:
    """The text's word 3-grams, case and punctuation folded (curly and straight quotes alike)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of a text, as the bytes the store keeps."""
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return bytes(np.asarray(m.hashvalues, dtype="<u8").tobytes())


@lru_cache(maxsize=1)
def _band_ranges() -> tuple[tuple[int, int], ...]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return tuple((i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b))


def bands(sig: bytes) -> list[tuple[int, int]]:
    """The (band, bucket) pairs of a signature: documents sharing any pair are candidates."""
    values = np.frombuffer(sig, dtype="<u8")
    out = []
    for band, (lo, hi) in enumerate(_band_ranges()):
        digest = hashlib.blake2b(values[lo:hi].tobytes(), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set that is in the larger one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def find_original(conn: Connection, document_id: str, text: str, sig: bytes) -> Copy | None:
    """The stored document (other than this one) that this text copies most closely, if any."""
    pairs = bands(sig)
    params: dict[str, Any] = {"me": document_id}
    for i, (band, bucket) in enumerate(pairs):
        params[f"b{i}"], params[f"k{i}"] = band, bucket
    candidates = conn.execute(_candidates_query(len(pairs)), params).scalars().all()
    if not candidates:
        return None
    mine = shingles(text)
    if len(mine) < MIN_SHINGLES:
        return None
    best: Copy | None = None
    rows = conn.execute(select(t.documents.c.id, t.documents.c.text, t.documents.c.pk)
                        .where(t.documents.c.id.in_(candidates)).order_by(t.documents.c.pk))
    for other_id, other_text, _pk in rows:
        theirs = _stored_shingles(other_text)
        if min(len(theirs), len(mine)) < MIN_SHINGLES:
            continue
        score = containment(mine, theirs)
        if score >= MIN_CONTAINMENT and (best is None or score > best.similarity):
            best = Copy(other_id, round(score, 4))
    return best


KEPT_SHINGLES = 2_000
"""Stored texts whose shingles a process keeps: the original of a wire story is a candidate for each of its copies,
and is cut into shingles once, not once per copy."""

_SHINGLES: dict[str, set[str]] = {}


def _stored_shingles(text: str) -> set[str]:
    """`shingles` of a stored text, kept for the next copy that finds it (callers only read them)."""
    found = _SHINGLES.get(text)
    if found is None:
        if len(_SHINGLES) >= KEPT_SHINGLES:
            _SHINGLES.clear()
        found = _SHINGLES[text] = shingles(text)
    return found


@lru_cache(maxsize=4)
def _candidates_query(n: int) -> TextClause:
    """The documents sharing the most of N (band, bucket) pairs, each bucket read through BUCKET_LIMIT rows."""
    postings = " UNION ALL ".join(
        f"SELECT * FROM (SELECT document_id FROM minhash_bands WHERE band = :b{i} AND bucket = :k{i} "
        f"AND document_id <> :me ORDER BY document_id LIMIT {BUCKET_LIMIT}) AS p{i}" for i in range(n))
    return text(f"SELECT document_id FROM ({postings}) AS hits GROUP BY document_id "
                f"ORDER BY count(*) DESC, document_id LIMIT {MAX_CANDIDATES}")


def save_signature(conn: Connection, document_id: str, sig: bytes) -> None:
    """Keep a stored document's signature and its LSH buckets."""
    conn.execute(t.document_signatures.insert().values(document_id=document_id, num_perm=NUM_PERM, hashvalues=sig))
    conn.execute(t.minhash_bands.insert(),
                 [{"band": b, "bucket": k, "document_id": document_id} for b, k in bands(sig)])


def link_copy(conn: Connection, document_id: str, text: str, sig: bytes) -> Copy | None:
    """Store the signature of a newly stored document and link it to the document it copies, if any."""
    found = find_original(conn, document_id, text, sig)
    save_signature(conn, document_id, sig)
    if found:
        conn.execute(t.document_copies.insert().values(document_id=document_id, original_id=found.original_id,
                                                       similarity=found.similarity))
    return found
