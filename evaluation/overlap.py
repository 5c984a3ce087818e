"""Passages of the project's own files whose wording is shared with a dev or PolNeAR article.

    python -m evaluation.overlap                        # the tracked text files of tests/, src/, docs/, ...
    python -m evaluation.overlap --n 8 tests/nlp        # longer runs of words, one folder
    python -m evaluation.overlap --json

The dev and PolNeAR texts are copyrighted and for measuring only: no passage of them may be copied into the
repository. This lists, for each line of our files, the runs of `--n` words (lower-cased `[a-z0-9']+` tokens)
that also occur in a dev or PolNeAR article, naming the article. A run that also occurs in an openly licensed
text (the seed article, `../shared/corpus/`, our `demo/articles/`) is left out. Each file is read as one run
of words, so a passage wrapped over two lines is found; a run is counted on the line where it starts.

It is a review aid, not a gate: stock phrases ("did not respond to a request for comment") and long proper
names match too, and a person decides. It exits 0 whatever it finds.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from evaluation.shared_scorer import MissingShared, require

ROOT = Path(__file__).resolve().parents[1]
N = 6
"""Words per run: five-word runs are mostly stock phrases; six already catch a copied clause."""
FOLDERS = ("tests", "src", "docs", "benchmarks", "demo")
SKIPPED = ("demo/articles/", "docs/exports/")
"""Tracked folders that are licensed text (the demo corpus) or outputs over it."""
SUFFIXES = (".py", ".yaml", ".md", ".txt")
TOKEN = re.compile(r"[a-z0-9']+")

Gram = tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """The runs of words one line shares with one protected article."""

    path: str
    line: int
    article: str
    """The article as "dev:011" or "polnear:NAME"."""
    grams: tuple[str, ...]
    """The shared runs, in the order they start on the line."""


def words(text: str) -> list[str]:
    """The lower-cased word tokens of a text."""
    return TOKEN.findall(text.lower())


def grams(tokens: list[str], n: int = N) -> Iterator[Gram]:
    """Every run of n neighbouring tokens."""
    for i in range(len(tokens) - n + 1):
        yield tuple(tokens[i:i + n])


def gram_index(texts: Mapping[str, str], n: int = N) -> dict[Gram, list[str]]:
    """Each run of n words of the texts, with the names of the texts it occurs in (in the order given)."""
    index: dict[Gram, list[str]] = defaultdict(list)
    for name, text in texts.items():
        for g in set(grams(words(text), n)):
            index[g].append(name)
    return dict(index)


def line_grams(text: str, n: int = N) -> Iterator[tuple[int, Gram]]:
    """The runs of n words of a file read as one run of words, each with the line (from 1) where it starts."""
    tokens: list[str] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        for t in words(line):
            tokens.append(t)
            lines.append(number)
    for i, g in enumerate(grams(tokens, n)):
        yield lines[i], g


def find_overlaps(files: Mapping[str, str], protected: Mapping[str, str], licensed: Iterable[str] = (),
                  n: int = N) -> list[Hit]:
    """The lines of `files` (path -> text) that share runs of n words with a `protected` text (name -> text),
    leaving out runs that also occur in a `licensed` text; one Hit per line and article."""
    index = gram_index(protected, n)
    free = {g for text in licensed for g in grams(words(text), n)}
    hits: list[Hit] = []
    for path, text in files.items():
        shared: dict[tuple[int, str], list[str]] = defaultdict(list)
        for number, g in line_grams(text, n):
            if g in free:
                continue
            phrase = " ".join(g)
            for article in index.get(g, ()):
                if phrase not in shared[number, article]:
                    shared[number, article].append(phrase)
        hits.extend(Hit(path, number, article, tuple(gs)) for (number, article), gs in shared.items())
    return sorted(hits, key=lambda h: (h.path, h.line, -len(h.grams), h.article))


def article_texts(folder: Path, tag: str) -> dict[str, str]:
    """The "text" of each article JSON in a folder, by "tag:NAME"."""
    return {f"{tag}:{p.stem}": str(json.loads(p.read_text(encoding="utf-8"))["text"])
            for p in sorted(folder.glob("*.json"))}


def tracked_files(root: Path = ROOT) -> list[str]:
    """The project's tracked text files that could hold copied wording, relative to the root."""
    out = subprocess.run(["git", "ls-files", "--", *FOLDERS], cwd=root, capture_output=True, text=True,
                         check=True).stdout
    return [p for p in out.splitlines() if p.endswith(SUFFIXES) and not p.startswith(SKIPPED)]


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders as the text files under them."""
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix in SUFFIXES) if p.is_dir() else [p])
    return out


def read_files(paths: Iterable[Path | str], root: Path = ROOT) -> dict[str, str]:
    """Each file's text by the path as it is printed."""
    return {str(p): (root / p).read_text(encoding="utf-8", errors="replace") for p in paths}


def hit_lines(hits: list[Hit]) -> list[str]:
    """One printed line per line of a file: the article it shares most with, how many runs, the first."""
    by_line: dict[tuple[str, int], list[Hit]] = defaultdict(list)
    for h in hits:
        by_line[h.path, h.line].append(h)
    out = []
    for (path, line), hs in by_line.items():
        top = hs[0]
        also = f" (also {', '.join(h.article for h in hs[1:4])}{' ...' if len(hs) > 4 else ''})" if hs[1:] else ""
        out.append(f"{path}:{line}: [{top.article}] {len(top.grams)} grams: {top.grams[0]}{also}")
    return out


def summary_lines(hits: list[Hit], files: int, n: int) -> list[str]:
    """How many lines, files and articles the hits touch, and the articles most often named."""
    lines = {(h.path, h.line) for h in hits}
    articles = Counter(h.article for h in hits)
    out = [f"{len(lines)} lines in {len({h.path for h in hits})} of {files} files share runs of {n} words "
           f"with {len(articles)} articles ({len({g for h in hits for g in h.grams})} distinct runs)"]
    out += [f"  {a}: {c} lines" for a, c in articles.most_common(10)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.overlap", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path,
                    help="files or folders to check (default: the tracked *.py *.yaml *.md *.txt of "
                         "tests/ src/ docs/ benchmarks/ demo/, less demo/articles/ and docs/exports/)")
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (default ../shared)")
    ap.add_argument("--n", type=int, default=N, help=f"words per run (default {N})")
    ap.add_argument("--json", action="store_true", help="print every hit with all its runs as JSON")
    a = ap.parse_args(argv)
    try:
        protected = {**article_texts(require(a.shared / "dev" / "articles", "the dev articles"), "dev"),
                     **article_texts(require(a.shared / "polnear-train" / "articles", "PolNeAR's articles"),
                                     "polnear")}
        seed = require(a.shared / "seed" / "article.txt", "the seed article").read_text(encoding="utf-8")
        corpus = article_texts(require(a.shared / "corpus" / "articles", "the open corpus"), "corpus")
    except MissingShared as e:
        print(f"overlap: {e}", file=sys.stderr)
        return 2
    licensed = [seed, *corpus.values(), *article_texts(ROOT / "demo" / "articles", "demo").values()]
    files = read_files(expand(a.paths), Path.cwd()) if a.paths else read_files(tracked_files())
    hits = find_overlaps(files, protected, licensed, a.n)
    if a.json:
        print(json.dumps([{"path": h.path, "line": h.line, "article": h.article, "grams": list(h.grams)}
                          for h in hits], indent=1))
        return 0
    print("\n".join(hit_lines(hits) + summary_lines(hits, len(files), a.n)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
