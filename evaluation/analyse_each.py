"""Analyse article files one at a time into `OUT/NAME.json`, so that a crash costs one article, not the run.

    python -m evaluation.analyse_each ../shared/dev/articles --out eval-out/dev

Each file is read as `claimgraph analyze` reads it (`claimgraph.readers.read_path`) and analysed by the
same pipeline; the record written is the `claimgraph.document/1` JSON that `claimgraph analyze --out`
writes. An article whose analysis raises is counted and listed with the exception and the innermost
claimgraph frame it came from; a file that cannot be read is listed too. Neither stops the others.
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.analyze import make_doc, to_analysis
from claimgraph.errors import InputError
from claimgraph.records import Analysis, Document

Analyser = Callable[[Document], tuple[Doc, Analysis]]
"""Reads one Document: the processed spaCy Doc and the records taken from it."""

Inspector = Callable[[str, Doc, Analysis], None]
"""Called with each article's name, Doc and analysis, while the Doc is still at hand."""


@dataclass(frozen=True)
class Crash:
    """An article whose analysis raised."""

    name: str
    error: str
    """`Type: message` of the innermost exception (spaCy wraps a component's KeyError in a ValueError)."""
    where: str
    """`path/to/module.py:LINE in function` of the innermost claimgraph frame (or the innermost frame)."""


@dataclass
class Run:
    """What one run analysed, could not read, and crashed on."""

    analysed: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)


def pipeline_analyser(nlp: Language | None = None) -> Analyser:
    """The claimgraph pipeline as an Analyser (loaded at its first document, once)."""
    loaded: list[Language] = [nlp] if nlp is not None else []

    def analyse(document: Document) -> tuple[Doc, Analysis]:
        if not loaded:
            from claimgraph.nlp import pipeline

            loaded.append(pipeline.get())
        language = loaded[0]
        doc = language(make_doc(language, document))
        return doc, to_analysis(doc)

    return analyse


def describe(error: BaseException) -> Crash:
    """The innermost cause of an exception and where in claimgraph it was raised."""
    inner = error
    seen = {id(inner)}
    while inner.__cause__ is not None and id(inner.__cause__) not in seen:  # `raise ... from e`: follow e
        inner = inner.__cause__
        seen.add(id(inner))
    frames = traceback.extract_tb(inner.__traceback__)
    ours = [f for f in frames if "/claimgraph/" in f.filename.replace("\\", "/")]
    where = ""
    if ours or frames:
        frame = (ours or frames)[-1]
        path = frame.filename.replace("\\", "/")
        path = path.split("/claimgraph/", 1)[1] if "/claimgraph/" in path else path
        where = f"{path}:{frame.lineno} in {frame.name}"
    return Crash("", f"{type(inner).__name__}: {inner}", where)


def write_record(path: Path, analysis: Analysis) -> None:
    """The record as `claimgraph analyze --out` writes it."""
    path.write_text(json.dumps(analysis.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def article_paths(inputs: Iterable[Path]) -> list[Path]:
    """The `.json` articles of each folder given, and each file given, in name order."""
    paths: list[Path] = []
    for p in inputs:
        paths.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    return paths


def analyse_each(paths: list[Path], out: Path, analyse: Analyser, *, inspect: Inspector | None = None,
                 quiet: bool = False) -> Run:
    """Analyse each article file into `out/NAME.json`; a crash or an unreadable file is recorded, not raised."""
    from claimgraph.readers import read_path

    out.mkdir(parents=True, exist_ok=True)
    run = Run()
    console = Console(file=sys.stderr)
    progress = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=console, transient=True, disable=quiet or not console.is_terminal)
    with progress:
        task = progress.add_task("analyse", total=len(paths))
        for path in paths:
            progress.advance(task)
            try:
                document = read_path(path)
            except InputError as e:
                run.unreadable.append((path.stem, str(e)))
                continue
            try:
                doc, analysis = analyse(document)
            except Exception as e:  # noqa: BLE001 - measuring: one article's crash is counted, the rest go on
                crash = describe(e)
                run.crashes.append(Crash(path.stem, crash.error, crash.where))
                continue
            write_record(out / f"{path.stem}.json", analysis)
            run.analysed.append(path.stem)
            if inspect is not None:
                inspect(path.stem, doc, analysis)
    return run


def report(run: Run, total: int) -> list[str]:
    """Lines that say how many articles were analysed, and which crashed or could not be read."""
    lines = [f"analysed {len(run.analysed)} of {total} articles; crashed: {len(run.crashes)}; "
             f"unreadable: {len(run.unreadable)}"]
    lines += [f"  crashed: {c.name}: {c.error} ({c.where})" for c in run.crashes]
    lines += [f"  unreadable: {error}" for _, error in run.unreadable]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.analyse_each", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", type=Path, metavar="ARTICLES", help="article .json files or folders of them")
    ap.add_argument("--out", type=Path, required=True, metavar="DIR", help="write DIR/NAME.json for each article")
    ap.add_argument("--quiet", action="store_true", help="print nothing but crashes and unreadable files")
    a = ap.parse_args(argv)
    missing = [str(p) for p in a.inputs if not p.exists()]
    if missing:
        print(f"analyse_each: error: {', '.join(missing)}: no such file or folder", file=sys.stderr)
        return 2
    paths = article_paths(a.inputs)
    run = analyse_each(paths, a.out, pipeline_analyser(), quiet=a.quiet)
    lines = report(run, len(paths))
    if not a.quiet or run.crashes or run.unreadable:
        print("\n".join(lines), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
