"""`claimgraph analyze`: read articles and print who said what, through whom, how sure."""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from operator import itemgetter
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from claimgraph.cli.output import Column, counted, print_plain
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.records import Analysis, Claim, Document

STDIN = "-"
"""The path that stands for standard input (`claimgraph.readers.STDIN`; imported there only when a command runs,
because reading loads the model's limits and spaCy with them)."""

DESCRIPTION = """\
Analyse news articles into entities, attributed claims and events.

Each PATH is a .txt or .text file (plain UTF-8 text), a .html/.htm page (its main text and
metadata are extracted), or an article .json object with the keys text, title, outlet, url,
published; - reads standard input (an HTML page if it opens with <!doctype html> or <html>, an
article JSON object if it parses as one, else plain text).

By default a table of claims is printed for each article. --json prints the
claimgraph.document/1 record of each input as one JSON object per line (JSON Lines: for one
input, that is one JSON document). --out DIR writes DIR/NAME.json for each input NAME.*.

An input that cannot be read, or whose analysis runs past the time one document may take (60 s;
$CLAIMGRAPH_DOC_SECONDS sets it), is reported on one line on stderr and skipped; the others are
still analysed, and the exit status is 2 if any input failed. NUL and lone surrogates, which no
store can hold, become U+FFFD (one for one, so offsets hold), and the record's document.repairs
says where.
"""

_CONTROL_PICTURES = {c: 0x2400 + c for c in range(32) if chr(c) not in "\n\t"} | {0x7F: 0x2421}
"""Control characters shown as their Unicode pictures (␀, ␛) so that text cannot drive the terminal."""


class _Console(Console):
    """A rich Console that ends quietly, like `print`, when the reader of a pipe stops (`| head`)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence_stdout()
        raise BrokenPipeError


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail again on a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def iso_date(value: str) -> str:
    """An argparse type: an ISO 8601 date (YYYY-MM-DD, optionally with a time)."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("analyze", help="analyse articles into entities, claims and events",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="article files (.txt, .text, .html, .htm, .json), or - for standard input")
    p.add_argument("--json", action="store_true",
                   help="print each input's claimgraph.document/1 record, one JSON object per line")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="write DIR/NAME.json for each input NAME.* (standard input: DIR/stdin.json)")
    p.add_argument("--outlet", help="the outlet that published every input, replacing what it says")
    p.add_argument("--published", type=iso_date, metavar="DATE",
                   help="the publication date (YYYY-MM-DD) of every input, replacing what it says")
    p.add_argument("--title", help="the title of every input, replacing what it says")
    p.add_argument("--url", help="the URL of every input, replacing what it says")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run)


def output_name(source: str) -> str:
    """The NAME of DIR/NAME.json for an input."""
    return "stdin" if source == STDIN else Path(source).stem


def prepare_out(out: Path | None) -> None:
    """Create the output folder, or say in one line why it cannot be."""
    if out is None:
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(f"--out {out}: exists and is not a directory") from None
    except OSError as e:
        raise InputError(f"--out {out}: cannot create the directory ({e.strerror or e})") from None


def write_json(path: Path, analysis: Analysis) -> None:
    """Write one record, replacing any earlier file only once the new one is complete."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(json.dumps(analysis.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from None


def shown(text: str) -> str:
    """Text as it may safely stand in a terminal: one line, control characters as pictures."""
    return " ".join(text.translate(_CONTROL_PICTURES).split())


def header(source: str, analysis: Analysis) -> Text:
    """One line about a document: where it came from and what was found in it."""
    d: Document = analysis.document
    parts = [shown(x) for x in (d.title, d.outlet, d.published) if x]
    counts = (f"{counted(len(analysis.entities), 'entity', 'entities')}, {counted(len(analysis.claims), 'claim')}, "
              f"{counted(len(analysis.events), 'event')}")
    line = Text()
    line.append(shown(source), style="bold")
    for part in parts:
        line.append(" · ")
        line.append(part)
    line.append(f" — {counts}", style="dim")
    return line


def hedges_and_band(claim: Claim) -> str:
    """The hedge words of a claim and its ICD 203 band, e.g. `likely · likely 55–80%`."""
    words = ", ".join(shown(h.text) for h in claim.hedges)
    band = ""
    if claim.probability:
        p = claim.probability
        band = f"{p.term} {round(p.low * 100)}–{round(p.high * 100)}%"
    return " · ".join(x for x in (words, band) if x)


def speaker_shown(claim: Claim, analysis: Analysis) -> str:
    """The speaker's words, with the entity they resolve to where the words do not name it ("she (Jane Doe)")."""
    if claim.speaker is None:
        return "—"
    words = shown(claim.speaker.text)
    entity = analysis.entity(claim.speaker.entity)
    if entity and entity.name and entity.name.casefold() not in words.casefold():
        return f"{words} ({shown(entity.name)})"
    return words


CLAIM_COLUMNS = (Column("speaker", itemgetter("speaker")), Column("via", itemgetter("via")),
                 Column("stance", itemgetter("stance")), Column("hedges / band", itemgetter("hedges")),
                 Column("content", itemgetter("content"), wide=True))
"""The columns of a claim: who, through whom, how framed, how sure, what."""


def claim_cells(analysis: Analysis) -> list[dict[str, str]]:
    """Each claim of a document as the cells of its row."""
    rows = []
    for c in analysis.claims:
        content = shown(c.content.text)
        rows.append({"speaker": speaker_shown(c, analysis), "via": " → ".join(shown(v.text) for v in c.via),
                     "stance": c.stance, "hedges": hedges_and_band(c),
                     "content": f"“{content}”" if c.quote else content})
    return rows


def claims_table(analysis: Analysis) -> Table:
    """The claims of one document as a table a person reads."""
    table = Table(expand=True, show_lines=True)
    table.add_column("speaker", ratio=2)
    table.add_column("via", ratio=2)
    table.add_column("stance", no_wrap=True)
    table.add_column("hedges / band", ratio=2)
    table.add_column("content", ratio=6)
    for row in claim_cells(analysis):
        table.add_row(*(Text(row[k]) for k in ("speaker", "via", "stance", "hedges", "content")))
    return table


def print_table(console: Console, source: str, analysis: Analysis) -> None:
    """A document's header line and its claims: a table drawn for a terminal, plain full-width lines elsewhere."""
    terminal = console.is_terminal
    console.print(header(source, analysis), soft_wrap=not terminal)
    if not analysis.claims:
        console.print(Text("  no claims found", style="dim"))
    elif terminal:
        console.print(claims_table(analysis))
    else:
        print_plain(claim_cells(analysis), CLAIM_COLUMNS, console.file)
    console.print()


class Session:
    """One `claimgraph analyze` command: its inputs read in order, failures counted, outputs shown or written."""

    def __init__(self, args: argparse.Namespace) -> None:
        from claimgraph.readers import Overrides

        self.args = args
        self.overrides = Overrides(outlet=args.outlet, published=args.published, title=args.title, url=args.url)
        self.stdout = _Console(file=sys.stdout, highlight=False, soft_wrap=False)
        show_progress = not args.quiet and len(args.paths) > 1 and sys.stderr.isatty()
        self.progress = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(file=sys.stderr), transient=True, disable=not show_progress)
        self.task = self.progress.add_task("analyse", total=len(args.paths))
        self.failures = 0
        self.sources: deque[str] = deque()
        """Inputs read and not yet shown, in order: analyze_many yields in the order it is given."""
        self.written: dict[str, str] = {}
        """Output NAME -> the input it is written for, so that no input overwrites another's."""

    def fail(self, error: ClaimgraphError) -> None:
        self.failures += 1
        print(f"claimgraph: error: {error}", file=sys.stderr, flush=True)
        self.progress.advance(self.task)

    def skip(self, document: Document, error: InputError) -> None:
        """One input read but not analysed (too long, past its time): reported, and the rest go on."""
        self.fail(InputError(f"{self.sources.popleft()}: {error}"))

    def documents(self) -> Iterator[Document]:
        """The readable inputs as Documents; each unreadable one is reported and skipped."""
        from claimgraph.readers import read

        seen_stdin = False
        for source in self.args.paths:
            try:
                if source == STDIN:
                    if seen_stdin:
                        raise InputError("-: standard input can be read only once")
                    seen_stdin = True
                name = output_name(source)
                if self.args.out and name in self.written:
                    raise InputError(f"{source}: would overwrite {self.args.out / (name + '.json')}, "
                                     f"written for {self.written[name]}; rename one of them")
                document = read(source, self.overrides)
            except InputError as e:
                self.fail(e)
                continue
            self.written[name] = source
            self.sources.append(source)
            yield document

    def emit(self, source: str, analysis: Analysis) -> None:
        """Write and show one analysis as the options ask."""
        args = self.args
        if args.out:
            write_json(args.out / f"{output_name(source)}.json", analysis)
        if args.quiet:
            return
        if args.json:
            print(json.dumps(analysis.to_json(), ensure_ascii=False), flush=True)
        elif args.out:
            print(f"{shown(source)} → {args.out / (output_name(source) + '.json')}: "
                  f"{counted(len(analysis.claims), 'claim')}", flush=True)
        else:
            print_table(self.stdout, source, analysis)

    def run(self) -> int:
        from claimgraph.analyze import analyze_many
        from claimgraph.nlp import pipeline

        with self.progress:
            stream = self.documents()
            first = next(stream, None)
            if first is not None:  # with nothing readable, the model need not load
                for analysis in analyze_many(itertools.chain([first], stream), pipeline.get(), on_error=self.skip):
                    self.emit(self.sources.popleft(), analysis)
                    self.progress.advance(self.task)
        sys.stdout.flush()
        return 2 if self.failures else 0


def run(args: argparse.Namespace) -> int:
    prepare_out(args.out)
    try:
        return Session(args).run()
    except BrokenPipeError:
        silence_stdout()
        raise
