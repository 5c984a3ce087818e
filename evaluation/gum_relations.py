"""Attribution in a third scheme: GUM's RST attribution relations, and how many of them claimgraph finds.

    python -m evaluation.gum_relations            # news and interviews of ../shared/gum, by genre
    python -m evaluation.gum_relations --misses   # and every relation not found, every claim outside them

GUM's discourse trees (`rst.py`) link each reporting clause ("a spokesman said", "According to the agency,") to
what it reports. A relation is found when a predicted claim has its cue inside the reporting clause and a content
that shares at least MATCH of its characters (Jaccard) with what is reported; a predicted claim whose cue stands in
no relation's clause is outside them. GUM's relations are not claimgraph's rules (`../shared/dev/README.md`): they
count image credits ("Image: NASA."), first-person cognition ("I think", a hedge to the dev rules) and questions,
and not the outlet's hedged statements. So neither number is a precision or a recall by those rules; they show on
varied Wikinews text, which the rules were not written on, how much of what another scheme calls attribution is
read, and how much is read where it sees none. Texts: Wikinews (CC BY 2.5); annotations: GUM (CC BY 4.0).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.records import Claim
from evaluation.analyse_each import Analyser, pipeline_analyser
from evaluation.conllu import GumDocument
from evaluation.gum import GENRES, as_document, read_documents
from evaluation.rst import Attribution
from evaluation.shared_scorer import MissingShared, require

MATCH = 0.3
"""The least character overlap (Jaccard) of a claim's content with what a relation reports."""


@dataclass
class Counts:
    """One genre's (or one document's) relations and claims."""

    relations: int = 0
    at_cue: int = 0
    """Relations with some predicted claim whose cue lies in the reporting clause."""
    found: int = 0
    claims: int = 0
    """Predicted claims with a cue."""
    outside: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.relations += other.relations
        self.at_cue += other.at_cue
        self.found += other.found
        self.claims += other.claims
        self.outside += other.outside
        self.misses += other.misses
        self.extras += other.extras


def _chars(doc: GumDocument, words: frozenset[int]) -> set[int]:
    return {c for i in words for c in range(doc.words[i].start, doc.words[i].end)}


def judge(doc: GumDocument, relations: Sequence[Attribution], claims: Sequence[Claim]) -> Counts:
    """Which relations of one document its predicted claims find, and which claims stand outside every relation."""
    out = Counts()
    clauses = []
    for r in relations:
        clause, reported = _chars(doc, r.clause), _chars(doc, r.content)
        clauses.append(clause)
        at = [c for c in claims if c.cue is not None and any(x in clause for x in range(c.cue.start, c.cue.end))]
        hit = any(reported and len((got := set(range(c.content.start, c.content.end))) & reported)
                  / len(got | reported) >= MATCH for c in at)
        out.relations += 1
        out.at_cue += bool(at)
        out.found += hit
        if not hit:
            said = " ".join(doc.words[i].form for i in sorted(r.clause))
            what = " ".join(doc.words[i].form for i in sorted(r.content))
            out.misses.append(f"{doc.name}: {said} || {what[:140]}")
    for c in claims:
        if c.cue is None:
            continue
        out.claims += 1
        if not any(any(x in clause for x in range(c.cue.start, c.cue.end)) for clause in clauses):
            out.outside += 1
            out.extras.append(f"{doc.name}: ({c.cue.text}) {c.speaker.text if c.speaker else '-'} :: "
                              f"{c.content.text[:120]}")
    return out


def measure(gum: Path, analyse: Analyser) -> dict[str, Counts]:
    """Each genre's counts over its documents."""
    by_genre = {g: Counts() for g in GENRES}
    for doc, relations in read_documents(gum):
        _, analysis = analyse(as_document(doc))
        by_genre[doc.genre].add(judge(doc, relations, analysis.claims))
    return by_genre


def lines(by_genre: dict[str, Counts], misses: bool = False) -> list[str]:
    out = [f"GUM attribution relations found (a claim's cue in the reporting clause, its content sharing "
           f">= {MATCH:.0%} of what is reported):"]
    for genre, n in by_genre.items():
        share = n.found / n.relations if n.relations else 0.0
        outside = n.outside / n.claims if n.claims else 0.0
        out.append(f"  {genre:<10} {n.found} of {n.relations} relations ({share:.3f}; a claim at the cue for "
                   f"{n.at_cue}); {n.outside} of {n.claims} claims with a cue outside every relation ({outside:.3f})")
        if misses:
            out += [f"    missed: {m}" for m in n.misses] + [f"    outside: {x}" for x in n.extras]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.gum_relations", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (default ../shared)")
    ap.add_argument("--misses", action="store_true", help="also list every relation missed and claim outside")
    a = ap.parse_args(argv)
    try:
        by_genre = measure(require(a.shared / "gum", "GUM"), pipeline_analyser())
    except MissingShared as e:
        print(f"gum_relations: {e}", file=sys.stderr)
        return 2
    print("\n".join(lines(by_genre, a.misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
