"""Analysing article files one at a time: a crash costs one article, and is told with where it happened."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.records import Analysis, Document
from evaluation.analyse_each import analyse_each, article_paths, describe, main, report


def articles(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.json").write_text(json.dumps({"text": text, "outlet": "The Gazette"}))
    return article_paths([folder])


def crashes_on_the_word_boom(document: Document) -> tuple[None, Analysis]:
    if "boom" in document.text:
        try:
            {}["find"]
        except KeyError as e:  # as spaCy does: a component's KeyError becomes its E109 ValueError
            raise ValueError("[E109] Component 'claimgraph_attribution' could not be run.") from e
    return None, Analysis(document)


def test_one_crash_costs_one_article_and_says_what_and_where(tmp_path: Path) -> None:
    paths = articles(tmp_path / "in", {"a": "Calm text.", "b": "A boom here.", "c": "More calm text."})
    run = analyse_each(paths, tmp_path / "out", crashes_on_the_word_boom, quiet=True)  # type: ignore[arg-type]
    assert run.analysed == ["a", "c"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "c.json"]
    (crash,) = run.crashes
    assert (crash.name, crash.error) == ("b", "KeyError: 'find'")
    assert crash.where.endswith("in crashes_on_the_word_boom")
    assert report(run, 3)[0] == "analysed 2 of 3 articles; crashed: 1; unreadable: 0"


def test_a_record_is_the_document_json_claimgraph_analyze_writes(tmp_path: Path) -> None:
    paths = articles(tmp_path / "in", {"a": "Calm text."})
    analyse_each(paths, tmp_path / "out", crashes_on_the_word_boom, quiet=True)  # type: ignore[arg-type]
    record = json.loads((tmp_path / "out" / "a.json").read_text())
    assert record["schema"] == "claimgraph.document/1"
    assert record["document"]["text"] == "Calm text." and record["document"]["outlet"] == "The Gazette"


def test_an_unreadable_file_is_listed_and_the_rest_go_on(tmp_path: Path) -> None:
    paths = articles(tmp_path / "in", {"a": "Calm text."})
    broken = tmp_path / "in" / "broken.json"
    broken.write_text("{not json")
    run = analyse_each([broken, *paths], tmp_path / "out", crashes_on_the_word_boom, quiet=True)  # type: ignore
    assert run.analysed == ["a"]
    assert [name for name, _ in run.unreadable] == ["broken"] and "malformed JSON" in run.unreadable[0][1]


def test_the_innermost_cause_is_described() -> None:
    try:
        crashes_on_the_word_boom(Document(text="boom"))
    except ValueError as e:
        crash = describe(e)
    assert crash.error == "KeyError: 'find'"


def test_the_command_refuses_a_missing_folder_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().endswith("nowhere: no such file or folder")
