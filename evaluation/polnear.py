"""Score claimgraph's attribution on PolNeAR's train split (`../shared/polnear-train`), and count impossible speakers.

    python -m evaluation.polnear                      # all 837 articles (about 3.5 minutes of one core)
    python -m evaluation.polnear --sample 200         # 200 articles evenly spaced in name order
    python -m evaluation.polnear --errors --json

Only `detect`, `attrib` and the quote flag mean something here (`polnear-train/README.md`): PolNeAR
annotates no relay chains, hedges, entity clusters or events. The scores are `../shared/eval/score.py`'s,
on the same files; an article whose analysis crashes counts as an empty prediction and is listed.
Over the predicted claims it also counts speakers that are a cue noun of their own clause or a dateline
(`speaker_checks.py`), and groups the errors by kind: missed claims by gold cue, spurious claims by
predicted cue, wrong speakers by what went wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from spacy.tokens import Doc

from claimgraph.records import Analysis
from evaluation.analyse_each import Analyser, Run, analyse_each, article_paths, pipeline_analyser, report
from evaluation.claim_matching import MATCH, match_file
from evaluation.shared_scorer import MissingShared, load_scorer, require
from evaluation.speaker_checks import KINDS, Flag, Lexicon, check_document, lexicon

TOP_CUES = 12
"""How many of the most frequent cues the by-cue tables show."""

NEAR_MISS = 0.2
"""Content overlap F1 from which an unmatched claim and one at the same cue on the other side count as one
attribution whose content boundaries differ."""


@dataclass
class ErrorKinds:
    """PolNeAR's errors grouped by kind, with examples."""

    gold_by_cue: Counter[str] = field(default_factory=Counter)
    found_by_cue: Counter[str] = field(default_factory=Counter)
    spurious_by_cue: Counter[str] = field(default_factory=Counter)
    missed_near: Counter[str] = field(default_factory=Counter)
    spurious_near: Counter[str] = field(default_factory=Counter)
    misattributed: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def example(self, kind: str, text: str, keep: int) -> None:
        shown = self.examples.setdefault(kind, [])
        if len(shown) < keep:
            shown.append(text)


def sample(paths: list[Path], size: int | None) -> list[Path]:
    """`size` paths evenly spaced in name order (all of them without a size): a fixed, named sample."""
    if not size or size >= len(paths):
        return paths
    step = len(paths) / size
    return [paths[int(i * step)] for i in range(size)]


def short(text: str, words: int = 6) -> str:
    """The first few words of a text, for an example that quotes no whole sentence."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def speaker_form(score: ModuleType, lex: Lexicon, speaker: str | None) -> str:
    """What kind of phrase a gold speaker is: none (the outlet), a pronoun, a description or a name."""
    if speaker is None or score.fold(speaker) == score.OUTLET:
        return "none"
    if score.fold(speaker) in lex.pronouns:
        return "a pronoun"
    return "a description" if speaker == speaker.casefold() else "a name"


def predicted_form(score: ModuleType, lex: Lexicon, speaker: dict[str, Any] | None, flag: str | None) -> str:
    """What kind of phrase a predicted speaker is: a flagged one, none, one resolved to an entity, a pronoun or
    another description."""
    text = (speaker or {}).get("text") or ""
    if not text.strip():
        return "none"
    if flag is not None:
        return {"cue noun": "a cue noun", "dateline": "a dateline", "document as speaker": "a document"}[flag]
    if (speaker or {}).get("entity"):
        return "an entity"
    return "a pronoun" if score.fold(text) in lex.pronouns else "a description"


def misattribution_kind(gold_form: str, pred_form: str) -> str:
    """A wrong speaker's kind: what gold has against what was predicted."""
    kind = f"gold {gold_form}, predicted {pred_form}"
    if gold_form == "a pronoun" and pred_form == "an entity":
        kind += " (PolNeAR keeps pronouns as written: a resolved name cannot match)"
    return kind


def cue_word(score: ModuleType, cue: str | None) -> str:
    """A cue's first word, folded: "said in a statement" and "said" are the same cue, "According to" and "according
    to" too."""
    words = score.fold(cue or "").split()
    return words[0] if words else ""


def near_kind(best: float, taken: bool) -> str:
    """Why a claim went unmatched, from the claims on the other side with the same cue word: one of them matched
    another claim (this one is a duplicate), one overlaps it a little (their contents' boundaries differ), or none
    overlaps it (the other side has no such claim)."""
    if taken:
        return "a claim at the same cue matched another (a duplicate)"
    if best >= NEAR_MISS:
        return f"a claim at the same cue overlaps {NEAR_MISS}-{MATCH} (content boundaries differ)"
    return f"no claim at the same cue overlaps {NEAR_MISS} or more (not found)"


def group_errors(score: ModuleType, lex: Lexicon, gold_dir: Path, pred_dir: Path, names: Iterable[str],
                 flags: dict[tuple[str, str], str], keep: int) -> ErrorKinds:
    """Missed, spurious and misattributed claims of each file, by kind."""
    kinds = ErrorKinds()
    for name in names:
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        ppath = pred_dir / f"{name}.json"
        pred = json.loads(ppath.read_text(encoding="utf-8")) if ppath.exists() else {}
        m = match_file(score, gold, pred)
        golds, preds = gold.get("claims", []), pred.get("claims", [])
        gold_texts = [g["content"] for g in golds]
        pred_texts = [score.text_of(p.get("content")) for p in preds]
        for g in golds:
            kinds.gold_by_cue[score.fold(g.get("cue") or "") or "(no cue)"] += 1
        for gi, pi, ok in m.pairs:
            g, p = golds[gi], preds[pi]
            kinds.found_by_cue[score.fold(g.get("cue") or "") or "(no cue)"] += 1
            if ok:
                continue
            form = predicted_form(score, lex, p.get("speaker"), flags.get((name, p.get("id"))))
            kind = misattribution_kind(speaker_form(score, lex, g.get("speaker")), form)
            kinds.misattributed[kind] += 1
            said = (p.get("speaker") or {}).get("text") or "-"
            kinds.example(kind, f"{short(g.get('speaker') or '(none)')} -> {short(said)} ({name})", keep)
        matched_g = {gi for gi, _, _ in m.pairs}
        matched_p = {pi for _, pi, _ in m.pairs}
        gold_cues = [cue_word(score, g.get("cue")) for g in golds]
        pred_cues = [cue_word(score, score.text_of(p.get("cue"))) for p in preds]
        for gi in m.missed:
            same = [(score.overlap_f1(pred_texts[pi], gold_texts[gi]), pi) for pi in range(len(preds))
                    if pred_cues[pi] == gold_cues[gi]]
            taken = any(f >= MATCH and pi in matched_p for f, pi in same)
            kinds.missed_near[near_kind(max((f for f, _ in same), default=0.0), taken)] += 1
        for pi in m.spurious:
            kinds.spurious_by_cue[score.fold(score.text_of(preds[pi].get("cue"))) or "(no cue)"] += 1
            same = [(score.overlap_f1(pred_texts[pi], gold_texts[gi]), gi) for gi in range(len(golds))
                    if gold_cues[gi] == pred_cues[pi]]
            taken = any(f >= MATCH and gi in matched_g for f, gi in same)
            kinds.spurious_near[near_kind(max((f for f, _ in same), default=0.0), taken)] += 1
    return kinds


@dataclass
class Measurement:
    """One run over PolNeAR: what was analysed, the scores, the flagged speakers and the error kinds."""

    articles: list[str]
    run: Run
    result: dict[str, Any]
    speakers: int
    flags: list[Flag]
    kinds: ErrorKinds


def measure(shared: Path, out: Path, size: int | None, analyse: Analyser, keep: int = 5,
            quiet: bool = False) -> Measurement:
    """Analyse the (sampled) articles into `out`, score them, check their speakers, group the errors."""
    root = require(shared / "polnear-train", "PolNeAR's train split")
    gold_dir = require(root / "gold", "PolNeAR's gold")
    score = load_scorer(shared)
    lex = lexicon()
    paths = sample(article_paths([require(root / "articles", "PolNeAR's articles")]), size)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):  # a prediction left from an earlier run must not stand in for a crash
        stale.unlink()
    flags: list[Flag] = []
    speakers = 0

    def inspect(name: str, doc: Doc, analysis: Analysis) -> None:
        nonlocal speakers
        speakers += sum(1 for c in analysis.claims if c.speaker is not None and c.speaker.text.strip())
        flags.extend(check_document(name, doc, analysis, lex))

    run = analyse_each(paths, out, analyse, inspect=inspect, quiet=quiet)
    names = [p.stem for p in paths]
    result = score.score(gold_dir, out, set(names))
    by_claim = {(f.document, f.claim): f.kind for f in flags}
    kinds = group_errors(score, lex, gold_dir, out, names, by_claim, keep)
    return Measurement(names, run, result, speakers, flags, kinds)


def summary(m: Measurement, keep: int) -> list[str]:
    """The lines `make eval-polnear` prints."""
    c = m.result["claims"]
    lines = [f"PolNeAR train: {len(m.articles)} articles, {c['detect']['gold']} gold claims, "
             f"{c['detect']['pred']} predicted"]
    lines += report(m.run, len(m.articles))
    for key in ("detect", "attrib"):
        s = c[key]
        lines.append(f"claims {key:<8} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f}")
    lines.append(f"quote flag      {c['quote']:.3f}   (chain, hedges, entities, events: not annotated in PolNeAR)")
    counts = Counter(f.kind for f in m.flags)
    lines.append(f"predicted speakers: {m.speakers}")
    for kind in KINDS:
        examples = [f"{f.speaker!r} ({f.cue}, {f.document})" for f in m.flags if f.kind == kind][:keep]
        label = {"cue noun": "cue noun of its own clause", "dateline": "dateline or wire credit",
                 "document as speaker": "a document as the cue's speaker (counted apart)"}[kind]
        lines.append(f"  {label:<48} {counts[kind]:>4}" + (f"   e.g. {'; '.join(examples)}" if examples else ""))
    k = m.kinds
    lines.append(f"detection recall by gold cue (the {TOP_CUES} most frequent):")
    for cue, n in k.gold_by_cue.most_common(TOP_CUES):
        lines.append(f"  {cue:<20} {k.found_by_cue[cue] / n:.3f} of {n}")
    lines.append(f"missed gold claims ({sum(k.missed_near.values())}), by the predicted claims with the same cue:")
    lines += [f"  {n:>5}  {kind}" for kind, n in k.missed_near.most_common()]
    lines.append(f"spurious predictions ({sum(k.spurious_by_cue.values())}), by the gold claims with the same cue:")
    lines += [f"  {n:>5}  {kind}" for kind, n in k.spurious_near.most_common()]
    lines.append(f"  by cue (the {TOP_CUES} most frequent): "
                 + ", ".join(f"{cue} {n}" for cue, n in k.spurious_by_cue.most_common(TOP_CUES)))
    lines.append(f"wrong speakers of matched claims, by kind (of {sum(k.misattributed.values())}):")
    for kind, n in k.misattributed.most_common():
        lines.append(f"  {n:>5}  {kind}")
        lines += [f"           {e}" for e in k.examples.get(kind, [])]
    return lines


def as_json(m: Measurement) -> dict[str, Any]:
    """The whole measurement, machine-readable."""
    k = m.kinds
    return {
        "articles": m.articles, "analysed": len(m.run.analysed),
        "crashed": [vars(c) for c in m.run.crashes], "unreadable": m.run.unreadable,
        "scores": {key: m.result["claims"][key] for key in ("detect", "attrib", "quote")},
        "predicted_speakers": m.speakers,
        "flagged_speakers": {kind: [vars(f) for f in m.flags if f.kind == kind] for kind in KINDS},
        "recall_by_gold_cue": {cue: {"gold": n, "found": k.found_by_cue[cue]} for cue, n in k.gold_by_cue.items()},
        "spurious_by_cue": dict(k.spurious_by_cue), "missed_near": dict(k.missed_near),
        "spurious_near": dict(k.spurious_near), "misattributed": dict(k.misattributed),
        "misattributed_examples": k.examples, "errors": m.result["errors"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.polnear", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (default ../shared)")
    ap.add_argument("--out", type=Path, default=Path("eval-out/polnear"),
                    help="where predictions are written (default eval-out/polnear)")
    ap.add_argument("--sample", type=int, metavar="N", help="N articles evenly spaced in name order (default: all)")
    ap.add_argument("--examples", type=int, default=5, metavar="N", help="examples shown per kind (default 5)")
    ap.add_argument("--errors", action="store_true", help="also list every flagged speaker, missed and "
                                                          "misattributed claim")
    ap.add_argument("--json", action="store_true", help="print the whole measurement as JSON")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    a = ap.parse_args(argv)
    if a.sample is not None and a.sample < 1:
        print("polnear: error: --sample must be a positive number of articles", file=sys.stderr)
        return 2
    try:
        m = measure(a.shared, a.out, a.sample, pipeline_analyser(), a.examples, a.quiet)
    except MissingShared as e:
        print(f"polnear: {e}", file=sys.stderr)
        return 2
    if a.json:
        print(json.dumps(as_json(m), indent=1, ensure_ascii=False))
        return 0
    print("\n".join(summary(m, a.examples)))
    if a.errors:
        print(f"\nflagged speakers ({len(m.flags)}):")
        print("\n".join(f"  {f.kind}: {f.speaker!r} ({f.cue}) in {f.document} {f.claim}" for f in m.flags))
        for key, values in m.result["errors"].items():
            print(f"\n{key} ({len(values)}):")
            print("\n".join(f"   {v}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
