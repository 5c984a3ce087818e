"""Scoring GUM's speaker cases: which claim is at a case, when it is right, and the arithmetic of the rates."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from claimgraph.records import Analysis, Claim, Document, Entity, Ref, Span
from evaluation import gum
from evaluation.analyse_each import pipeline_analyser
from evaluation.conllu import read_conllu
from evaluation.rst import read_attributions
from evaluation.speaker_cases import SpeakerCase, document_cases

DATA = Path(__file__).with_name("data")


def fold(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.casefold()))


def exact(xs: set[str], ys: set[str]) -> bool:
    """A stand-in for score.py's names_match: some folded name is the same on both sides."""
    return bool(xs & ys)


SCORE = SimpleNamespace(fold=fold, names_match=exact)


def toolmaker() -> tuple[str, list[SpeakerCase]]:
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    cases = document_cases(doc, read_attributions(DATA / "GUM_news_toolmaker.rs4", len(doc.words)), Counter())
    return doc.text, cases


def claim_at(case: SpeakerCase, speaker: Ref | None, n: int = 1) -> Claim:
    text_after = Span("content", case.verb.end + 1, case.verb.end + 8)
    return Claim(f"c{case.verb.index}-{n}", speaker, (), Span(case.verb.form, case.verb.start, case.verb.end),
                 text_after)


ACME = Entity("e1", "Acme Corp", "ORG", ("Acme",), (Span("Acme Corp", 0, 9),))
OTHER = Entity("e9", "Analysts", "NORP")


def analysis(text: str, *claims: Claim) -> Analysis:
    return Analysis(Document(text=text), entities=(ACME, OTHER), claims=claims)


def test_a_claim_resolved_to_the_entity_is_right_and_one_left_as_written_is_wrong() -> None:
    text, (company, she) = toolmaker()
    a = analysis(text, claim_at(company, Ref("e1", "The company")), claim_at(she, Ref(None, "she")))
    outcomes = [gum.judge(c, a, fold, exact) for c in (company, she)]
    assert [(o.correct, o.error) for o in outcomes] == [(True, ""), (False, "speaker left unresolved")]
    assert gum.rate(outcomes) == {"cases": 2, "correct": 1, "accuracy": 0.5, "found": 2, "accuracy_found": 0.5}


def test_a_case_without_a_claim_at_its_verb_counts_wrong_but_not_among_those_found() -> None:
    text, (company, she) = toolmaker()
    a = analysis(text, claim_at(company, Ref("e1", "The company")))
    outcomes = [gum.judge(c, a, fold, exact) for c in (company, she)]
    assert outcomes[1].error == "no claim at the verb" and outcomes[1].claims == 0
    assert gum.rate(outcomes) == {"cases": 2, "correct": 1, "accuracy": 0.5, "found": 1, "accuracy_found": 1.0}


def test_the_kinds_of_wrong_speaker_are_told_apart() -> None:
    text, (company, she) = toolmaker()
    assert gum.judge(she, analysis(text, claim_at(she, Ref("e9", "she"))), fold, exact).error == \
        "resolved to another entity"
    assert gum.judge(company, analysis(text, claim_at(company, Ref(None, "profits"))), fold, exact).error == \
        "another phrase taken as the speaker"
    assert gum.judge(she, analysis(text, claim_at(she, None)), fold, exact).error == "claim without a speaker"
    assert gum.judge(she, None, fold, exact).error == "document analysis crashed"


def test_any_claim_at_the_verb_that_names_the_entity_makes_the_case_right() -> None:
    text, (company, _) = toolmaker()
    a = analysis(text, claim_at(company, Ref(None, "The company")), claim_at(company, Ref("e1", "The company"), 2))
    outcome = gum.judge(company, a, fold, exact)
    assert outcome.correct and outcome.claims == 2


def test_the_entity_is_matched_by_its_name_aliases_and_mentions_not_by_the_speakers_words() -> None:
    text, (company, _) = toolmaker()
    bare = Entity("e1", "ACME Corporation", "ORG", (), (Span("Acme Corp", 0, 9),))
    a = Analysis(Document(text=text), entities=(bare,), claims=(claim_at(company, Ref("e1", "Acme Corp")),))
    assert gum.judge(company, a, fold, exact).correct  # through the mention "Acme Corp"
    words_only = analysis(text, claim_at(company, Ref(None, "Acme Corp")))
    assert not gum.judge(company, words_only, fold, exact).correct


def test_summary_groups_by_genre_and_kind_and_counts_errors() -> None:
    text, (company, she) = toolmaker()
    a = analysis(text, claim_at(company, Ref("e1", "The company")))
    s = gum.summarise([gum.judge(c, a, fold, exact) for c in (company, she)], Counter(cases=2), [])
    assert s["groups"]["news description"]["accuracy"] == 1.0
    assert s["groups"]["news pronoun"] == {"cases": 1, "correct": 0, "accuracy": 0.0, "found": 0,
                                           "accuracy_found": 0.0}
    assert s["errors"] == {"no claim at the verb": 1}


def only_the_company_resolved(document: Document) -> tuple[None, Analysis]:
    """An analyser that finds one claim, at "added", resolved to Acme Corp."""
    _, (company, _) = toolmaker()
    return None, Analysis(document, entities=(ACME,), claims=(claim_at(company, Ref("e1", "The company")),))


def test_measure_reads_the_folder_analyses_each_document_and_writes_its_record(gum_root: Path,
                                                                               tmp_path: Path) -> None:
    outcomes, funnel, crashes = gum.measure(gum_root, SCORE, only_the_company_resolved,  # type: ignore[arg-type]
                                            tmp_path / "out")
    assert [o.correct for o in outcomes] == [True, False] and funnel["cases"] == 2 and not crashes
    record = json.loads((tmp_path / "out" / "GUM_news_toolmaker.json").read_text())
    assert record["document"]["outlet"] == "Wikinews" and record["document"]["text"].startswith("Acme Corp said")


def test_a_crashing_document_costs_its_cases_and_is_listed(gum_root: Path) -> None:
    def crash(document: Document) -> Any:
        raise KeyError("find")

    outcomes, _, crashes = gum.measure(gum_root, SCORE, crash)  # type: ignore[arg-type]
    assert [o.error for o in outcomes] == ["document analysis crashed"] * 2
    assert [(c.name, c.error) for c in crashes] == [("GUM_news_toolmaker", "KeyError: 'find'")]


STAND_IN_SCORER = '''
import re
def fold(s):
    return " ".join(re.findall(r"\\\\w+", s.casefold()))
def names_match(xs, ys):
    return bool(xs & ys)
'''


def test_the_command_scores_claimgraphs_own_analysis(gum_root: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (gum_root.parent / "eval").mkdir()
    (gum_root.parent / "eval" / "score.py").write_text(STAND_IN_SCORER)
    assert gum.main(["--shared", str(gum_root.parent), "--out", str(tmp_path / "out"), "--errors"]) == 0
    out = capsys.readouterr().out
    assert re.match(r"GUM speaker resolution: accuracy \d\.\d{3} over 2 cases", out)
    record = json.loads((tmp_path / "out" / "GUM_news_toolmaker.json").read_text())
    assert record["document"]["text"] == read_conllu(DATA / "GUM_news_toolmaker.conllu").text


def test_the_command_says_in_one_line_what_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gum.main(["--shared", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nowhere/eval/score.py" in err and "SHARED=" in err


def test_the_pipeline_analyser_reads_the_rebuilt_text(gum_root: Path) -> None:
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    _, a = pipeline_analyser()(gum.as_document(doc))
    assert a.document.text == doc.text and a.document.published == "2020-03-02"
    assert all(a.document.text[c.cue.start:c.cue.end] == c.cue.text for c in a.claims if c.cue)
