"""Which gold claim each predicted claim was matched to, as `score.py` matches them, for listing errors by kind.

`score.py` reports totals and a few strings; to group errors (what cue a missed claim had, what a
spurious claim's cue was, what speaker was given instead of gold's) the pairs themselves are needed.
`match_file` repeats `score.py`'s greedy matching with `score.py`'s own functions and checks its counts
against `score.score_claims` on the same file, so the two cannot drift apart unnoticed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

MATCH = 0.5
"""Content token-overlap F1 at which `score.py` matches a predicted claim to a gold one."""


class MatchingDrift(RuntimeError):
    """`score.py` matched claims differently from `match_file`: update this module to its rules."""


@dataclass
class FileMatching:
    """The claim pairs of one gold/prediction file pair."""

    pairs: list[tuple[int, int, bool]] = field(default_factory=list)
    """(gold index, predicted index, speaker right) for each matched pair."""
    missed: list[int] = field(default_factory=list)
    """Gold claims no prediction matched."""
    spurious: list[int] = field(default_factory=list)
    """Predicted claims that matched no gold claim."""


def speaker_right(score: ModuleType, gold: dict[str, Any], pred: dict[str, Any], g: dict[str, Any],
                  p: dict[str, Any]) -> bool:
    """Whether predicted claim `p` of `pred` names the speaker of gold claim `g`, by `score.py`'s rule."""
    ps = score.ref_names(p.get("speaker"), score.pred_entities(pred))
    gs = g.get("speaker")
    if gs is None or score.fold(gs) == score.OUTLET:
        return not ps or score.OUTLET in ps or score.names_match(ps, {score.fold(gold.get("outlet", "") or "")})
    return bool(score.names_match(ps, score.gold_speaker(gs, score.gold_names(gold))))


def match_file(score: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> FileMatching:
    """Match one file's claims greedily by content overlap, as `score.score_claims` does."""
    golds = gold.get("claims", [])
    preds = pred.get("claims", [])
    pairs = sorted(((score.overlap_f1(score.text_of(p.get("content")), g["content"]), gi, pi)
                    for gi, g in enumerate(golds) for pi, p in enumerate(preds)), reverse=True)
    out = FileMatching()
    used_g: set[int] = set()
    used_p: set[int] = set()
    for f, gi, pi in pairs:
        if f < MATCH or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.pairs.append((gi, pi, speaker_right(score, gold, pred, golds[gi], preds[pi])))
    out.missed = [gi for gi in range(len(golds)) if gi not in used_g]
    out.spurious = [pi for pi in range(len(preds)) if pi not in used_p]
    acc: dict[str, Any] = {"claims_gold": 0, "claims_pred": 0, "claims_tp": 0, "attrib_tp": 0, "chain_ok": 0,
                           "hedge_tp": 0, "hedge_gold": 0, "hedge_pred": 0, "quote_ok": 0, "deny_tp": 0,
                           "deny_gold": 0, "deny_pred": 0, "missed": [], "misattributed": []}
    score.score_claims(gold, pred, acc)
    if acc["claims_tp"] != len(out.pairs) or acc["attrib_tp"] != sum(ok for _, _, ok in out.pairs):
        raise MatchingDrift(f"{gold.get('id')}: score.py matched {acc['claims_tp']} claims "
                            f"({acc['attrib_tp']} attributed), evaluation/claim_matching.py {len(out.pairs)}")
    return out
