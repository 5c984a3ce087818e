"""The PolNeAR yardstick: its fixed sample, the kinds its errors are grouped in, and its agreement with score.py."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from evaluation import polnear
from evaluation.analyse_each import pipeline_analyser
from evaluation.claim_matching import match_file
from evaluation.shared_scorer import load_scorer
from evaluation.speaker_checks import lexicon

SHARED = Path(__file__).resolve().parents[3] / "shared"
needs_scorer = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(),
                                  reason="needs the project's scorer, ../shared/eval/score.py")


def fold(s: str) -> str:
    return " ".join(re.findall(r"\w+", (s or "").casefold()))


FOLD = SimpleNamespace(fold=fold, OUTLET="the outlet")


def test_the_sample_is_evenly_spaced_fixed_and_all_without_a_size() -> None:
    paths = [Path(f"{i:03}.json") for i in range(10)]
    assert polnear.sample(paths, 4) == [paths[0], paths[2], paths[5], paths[7]]
    assert polnear.sample(paths, 4) == polnear.sample(list(paths), 4)
    assert polnear.sample(paths, None) == paths and polnear.sample(paths, 50) == paths


@pytest.mark.parametrize("speaker, form", [
    (None, "none"), ("the outlet", "none"), ("He", "a pronoun"), ("who", "a pronoun"),
    ("a senior aide", "a description"), ("Jane Roe", "a name"),
])
def test_gold_speakers_are_told_apart_by_form(speaker: str | None, form: str) -> None:
    assert polnear.speaker_form(FOLD, lexicon(), speaker) == form  # type: ignore[arg-type]


@pytest.mark.parametrize("speaker, flag, form", [
    (None, None, "none"), ({"entity": None, "text": " "}, None, "none"),
    ({"entity": "e1", "text": "she"}, None, "an entity"), ({"entity": None, "text": "she"}, None, "a pronoun"),
    ({"entity": None, "text": "aides"}, None, "a description"),
    ({"entity": None, "text": "a statement"}, "cue noun", "a cue noun"),
    ({"entity": None, "text": "WASHINGTON (AP)"}, "dateline", "a dateline"),
])
def test_predicted_speakers_are_told_apart_by_form(speaker: dict[str, str] | None, flag: str | None,
                                                    form: str) -> None:
    assert polnear.predicted_form(FOLD, lexicon(), speaker, flag) == form  # type: ignore[arg-type]


def test_a_pronoun_resolved_to_a_name_is_marked_as_polnears_limit() -> None:
    assert "cannot match" in polnear.misattribution_kind("a pronoun", "an entity")
    assert polnear.misattribution_kind("a name", "none") == "gold a name, predicted none"


def test_unmatched_claims_are_told_apart_by_what_lies_near_them() -> None:
    assert polnear.near_kind(0.4, taken=False).endswith("(content boundaries differ)")
    assert polnear.near_kind(0.1, taken=False).endswith("(not found)")
    assert polnear.near_kind(0.9, taken=True).endswith("(a duplicate)")


GOLD = {"id": "g1", "outlet": "The Gazette", "entities": [], "claims": [
    {"speaker": "Jane Roe", "cue": "said", "content": "the plant will close next year", "quote": False},
    {"speaker": "the union", "cue": "said", "content": "workers were never told about the plan", "quote": False},
    {"speaker": "he", "cue": "believes", "content": "prices will keep rising all winter", "quote": False},
]}
PRED = {"entities": [{"id": "e1", "name": "Jane Roe", "mentions": [{"text": "Jane Roe"}]}], "claims": [
    {"id": "c1", "speaker": {"entity": "e1", "text": "Jane Roe"}, "cue": {"text": "said"},
     "content": {"text": "the plant will close next year"}, "quote": False},
    {"id": "c2", "speaker": {"entity": None, "text": "a statement"}, "cue": {"text": "saying"},
     "content": {"text": "workers were never told about the plan"}, "quote": False},
    {"id": "c3", "speaker": {"entity": None, "text": "the mayor"}, "cue": {"text": "said"},
     "content": {"text": "the bridge opens in May"}, "quote": False},
]}


@needs_scorer
def test_matching_agrees_with_score_py() -> None:
    m = match_file(load_scorer(SHARED), GOLD, PRED)
    assert sorted(m.pairs) == [(0, 0, True), (1, 1, False)]
    assert m.missed == [2] and m.spurious == [2]


@needs_scorer
def test_errors_are_grouped_by_gold_cue_predicted_cue_and_speaker_kind(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold" / "g1.json").write_text(json.dumps(GOLD))
    (tmp_path / "pred" / "g1.json").write_text(json.dumps(PRED))
    kinds = polnear.group_errors(load_scorer(SHARED), lexicon(), tmp_path / "gold", tmp_path / "pred", ["g1"],
                                 {("g1", "c2"): "cue noun"}, keep=3)
    assert kinds.gold_by_cue == {"said": 2, "believes": 1} and kinds.found_by_cue == {"said": 2}
    assert kinds.spurious_by_cue == {"said": 1}
    assert kinds.misattributed == {"gold a description, predicted a cue noun": 1}
    assert kinds.examples["gold a description, predicted a cue noun"] == ["the union -> a statement (g1)"]
    # "he believes ..." has no predicted claim at "believes"; "the bridge opens in May" no gold claim at "said"
    assert kinds.missed_near == {"no claim at the same cue overlaps 0.2 or more (not found)": 1}
    assert kinds.spurious_near == {"no claim at the same cue overlaps 0.2 or more (not found)": 1}


@needs_scorer
def test_measure_scores_claimgraphs_analysis_with_score_py(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "eval").mkdir(parents=True)
    shutil.copy(SHARED / "eval" / "score.py", shared / "eval")
    for sub in ("articles", "gold"):
        (shared / "polnear-train" / sub).mkdir(parents=True)
    text = "The mayor said the bridge opens in May. WASHINGTON (AP) — Jane Roe said the plant will close next year."
    (shared / "polnear-train" / "articles" / "g1.json").write_text(json.dumps({"text": text, "outlet": "AP"}))
    (shared / "polnear-train" / "gold" / "g1.json").write_text(json.dumps(GOLD))
    m = polnear.measure(shared, tmp_path / "out", None, pipeline_analyser(), quiet=True)
    assert m.articles == ["g1"] and m.run.analysed == ["g1"] and not m.run.crashes
    detect = m.result["claims"]["detect"]
    predicted = json.loads((tmp_path / "out" / "g1.json").read_text())["claims"]
    assert detect["gold"] == 3 and detect["pred"] == len(predicted)
    assert sum(m.kinds.found_by_cue.values()) == detect["tp"]
    assert polnear.summary(m, 3)[0] == f"PolNeAR train: 1 articles, 3 gold claims, {detect['pred']} predicted"
