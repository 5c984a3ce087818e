"""Speaker resolution on GUM: is a reporting clause's pronoun or description resolved to the entity GUM links it to?

    python -m evaluation.gum                 # accuracy over the cases, by genre and kind
    python -m evaluation.gum --errors        # and every case claimgraph got wrong

The cases come from GUM's own annotation (`speaker_cases.py`; the definition is in README.md). Each news
and interview document's text is rebuilt from its tokens and analysed as `claimgraph.analyze` does; the claim
at a case is the predicted claim whose cue overlaps the case's reporting verb -- or, for a first-person
speaker ("I think", "we believe") with no claim of its own, the claim whose content holds the verb: the
speaker's own words, in which claimgraph's rules read "I think" as a hedge (dev rule 8), not a second
statement -- and it is right when its speaker's entity (name, aliases, mentions) matches one of the
chain's names by `score.py`'s `names_match`. A case with no such claim counts as wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from claimgraph.records import Analysis, Claim, Document
from evaluation.analyse_each import Analyser, Crash, describe, pipeline_analyser, write_record
from evaluation.conllu import GumDocument, Word, read_conllu
from evaluation.rst import Attribution, read_attributions
from evaluation.shared_scorer import MissingShared, load_scorer, require
from evaluation.speaker_cases import SpeakerCase, document_cases

GENRES = ("news", "interview")
OUTLET = "Wikinews"
"""Every GUM news and interview text is from English Wikinews."""

Fold = Callable[[str], str]
NamesMatch = Callable[[set[str], set[str]], bool]


@dataclass(frozen=True)
class Outcome:
    """How claimgraph did on one case."""

    case: SpeakerCase
    claims: int
    """Predicted claims whose cue overlaps the case's verb."""
    correct: bool
    error: str
    """The kind of error ("" when correct)."""
    predicted: str
    """The speaker of the first claim at the verb, as "words (entity name)"; "" without one."""


def read_documents(gum: Path, genres: tuple[str, ...] = GENRES) -> list[tuple[GumDocument, list[Attribution]]]:
    """GUM's documents of these genres, each with its attribution relations."""
    conllu = require(gum / "coref" / "ontogum" / "conllu", "GUM's OntoGUM CoNLL-U files")
    rst = require(gum / "rst" / "rstweb", "GUM's RST files")
    out = []
    for path in sorted(conllu.glob("GUM_*.conllu")):
        doc = read_conllu(path)
        if doc.genre in genres:
            out.append((doc, read_attributions(rst / f"{path.stem}.rs4", len(doc.words))))
    return out


def as_document(doc: GumDocument) -> Document:
    """The rebuilt text with its Wikinews metadata, as claimgraph reads an article."""
    return Document(text=doc.text, id=doc.name, outlet=OUTLET, title=doc.meta.get("title") or None,
                    published=doc.meta.get("dateCreated") or None)


FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def claims_at(analysis: Analysis, verb: Word, subject: str = "") -> list[Claim]:
    """The predicted claims whose cue overlaps the verb's characters; for a first-person subject without
    one, the claims whose content holds the verb (the speaker's own words)."""
    found = [c for c in analysis.claims if c.cue is not None and c.cue.start < verb.end and verb.start < c.cue.end]
    if found or subject.lower() not in FIRST_PERSON:
        return found
    return [c for c in analysis.claims if c.content.start <= verb.start and verb.end <= c.content.end]


def entity_names(analysis: Analysis, claim: Claim, fold: Fold) -> set[str]:
    """Folded names of the entity a claim's speaker resolves to: its name, aliases and mentions."""
    entity = analysis.entity(claim.speaker.entity) if claim.speaker else None
    if entity is None:
        return set()
    return {fold(n) for n in (entity.name, *entity.aliases, *(m.text for m in entity.mentions))} - {""}


def shown_speaker(analysis: Analysis, claim: Claim) -> str:
    if claim.speaker is None:
        return ""
    entity = analysis.entity(claim.speaker.entity)
    return f"{claim.speaker.text} ({entity.name})" if entity else f"{claim.speaker.text} (no entity)"


def error_kind(case: SpeakerCase, analysis: Analysis, claim: Claim, fold: Fold) -> str:
    """Why the first claim at a case's verb is wrong."""
    if claim.speaker is None or not claim.speaker.text.strip():
        return "claim without a speaker"
    if not set(fold(claim.speaker.text).split()) & set(fold(case.subject_text).split()):
        return "another phrase taken as the speaker"
    if analysis.entity(claim.speaker.entity) is None:
        return "speaker left unresolved"
    return "resolved to another entity"


def judge(case: SpeakerCase, analysis: Analysis | None, fold: Fold, names_match: NamesMatch) -> Outcome:
    """Score one case against the analysis of its document (None: the analysis crashed)."""
    if analysis is None:
        return Outcome(case, 0, False, "document analysis crashed", "")
    found = claims_at(analysis, case.verb, case.subject_text)
    if not found:
        return Outcome(case, 0, False, "no claim at the verb", "")
    gold = {fold(n) for n in case.names} - {""}
    for claim in found:
        if names_match(entity_names(analysis, claim, fold), gold):
            return Outcome(case, len(found), True, "", shown_speaker(analysis, claim))
    first = found[0]
    return Outcome(case, len(found), False, error_kind(case, analysis, first, fold), shown_speaker(analysis, first))


def rate(outcomes: list[Outcome]) -> dict[str, Any]:
    """Accuracy over all cases and over the cases where a claim was found."""
    found = [o for o in outcomes if o.claims]
    right = sum(o.correct for o in outcomes)
    return {"cases": len(outcomes), "correct": right, "accuracy": round(right / len(outcomes), 4) if outcomes else 0.0,
            "found": len(found), "accuracy_found": round(right / len(found), 4) if found else 0.0}


def summarise(outcomes: list[Outcome], funnel: Counter[str], crashes: list[Crash]) -> dict[str, Any]:
    """Every number the scorer prints: overall, by genre and by kind of speaker, and the error kinds."""
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(f"{o.case.genre} {o.case.kind}", []).append(o)
        groups.setdefault(f"{o.case.genre}", []).append(o)
        groups.setdefault(f"all {o.case.kind}s", []).append(o)
        groups.setdefault("named before the clause" if o.case.named_before else "named only after it", []).append(o)
    return {"overall": rate(outcomes), "groups": {k: rate(v) for k, v in sorted(groups.items())},
            "errors": dict(Counter(o.error for o in outcomes if not o.correct).most_common()),
            "funnel": dict(funnel), "crashed": [vars(c) for c in crashes]}


def measure(gum: Path, score: ModuleType, analyse: Analyser, out: Path | None = None
            ) -> tuple[list[Outcome], Counter[str], list[Crash]]:
    """Build the cases, analyse each document, judge each case."""
    funnel: Counter[str] = Counter()
    outcomes: list[Outcome] = []
    crashes: list[Crash] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for doc, relations in read_documents(gum):
        cases = document_cases(doc, relations, funnel)
        analysis: Analysis | None
        try:
            _, analysis = analyse(as_document(doc))
        except Exception as e:  # noqa: BLE001 - measuring: one document's crash costs its cases, not the run
            crash = describe(e)
            crashes.append(Crash(doc.name, crash.error, crash.where))
            analysis = None
        if analysis is not None and out is not None:
            write_record(out / f"{doc.name}.json", analysis)
        outcomes += [judge(c, analysis, score.fold, score.names_match) for c in cases]
    return outcomes, funnel, crashes


def summary_lines(s: dict[str, Any]) -> list[str]:
    """The lines `make eval-gum` prints."""
    o = s["overall"]
    lines = [f"GUM speaker resolution: accuracy {o['accuracy']:.3f} over {o['cases']} cases "
             f"({o['correct']} right); a claim at the verb for {o['found']}, accuracy there {o['accuracy_found']:.3f}"]
    lines += [f"  crashed: {c['name']}: {c['error']} ({c['where']})" for c in s["crashed"]]
    for name, r in s["groups"].items():
        lines.append(f"  {name:<26} {r['accuracy']:.3f} of {r['cases']:>3}   claim found {r['found']:>3}, "
                     f"accuracy there {r['accuracy_found']:.3f}")
    lines.append("errors by kind:")
    lines += [f"  {n:>4}  {kind}" for kind, n in s["errors"].items()]
    lines.append("cases from GUM's attribution relations:")
    lines += [f"  {n:>4}  {step}" for step, n in sorted(s["funnel"].items(), key=lambda kv: -kv[1])]
    return lines


def error_lines(outcomes: list[Outcome]) -> list[str]:
    """One line per wrong case: where, the clause's speaker and verb, the entity, what claimgraph said."""
    lines = []
    for o in outcomes:
        if o.correct:
            continue
        c = o.case
        lines.append(f"  {c.document} [{o.error}] {c.subject_text!r} {c.verb.form} -> gold {' / '.join(c.names)}; "
                     f"predicted {o.predicted or '-'}\n      {c.sentence}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.gum", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (default ../shared)")
    ap.add_argument("--out", type=Path, default=Path("eval-out/gum"),
                    help="where each document's analysis is written (default eval-out/gum)")
    ap.add_argument("--errors", action="store_true", help="also list every case claimgraph got wrong")
    ap.add_argument("--json", action="store_true", help="print the numbers (and with --errors the cases) as JSON")
    a = ap.parse_args(argv)
    try:
        score = load_scorer(a.shared)
        outcomes, funnel, crashes = measure(require(a.shared / "gum", "GUM"), score, pipeline_analyser(), a.out)
    except MissingShared as e:
        print(f"gum: {e}", file=sys.stderr)
        return 2
    s = summarise(outcomes, funnel, crashes)
    if a.json:
        if a.errors:
            s["wrong"] = [{"document": o.case.document, "error": o.error, "subject": o.case.subject_text,
                           "verb": o.case.verb.form, "gold": list(o.case.names), "predicted": o.predicted,
                           "sentence": o.case.sentence} for o in outcomes if not o.correct]
        print(json.dumps(s, indent=1, ensure_ascii=False))
        return 0
    print("\n".join(summary_lines(s)))
    if a.errors:
        print(f"\nwrong ({sum(not o.correct for o in outcomes)}):")
        print("\n".join(error_lines(outcomes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
