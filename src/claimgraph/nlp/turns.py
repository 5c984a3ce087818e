"""Speaker turns of briefing and interview transcripts: "QUESTION: ...", "MR. MILLER: ...".

A transcript gives each paragraph to the speaker its label names, until the next label; a turn's
statements are claims of that speaker, and the labels themselves name no entity. A text is read as
a transcript only where at least two paragraphs open with such a label, so a lone "UPDATE:" or a
dateline never makes one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimgraph.nlp import lexicon, text_spans, variants


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: the label's span, the name it gives, and the span of what the speaker says."""

    label_start: int
    label_end: int
    name: str
    """The label without honorifics, as written ("MILLER"), or the generic role for QUESTION-like labels."""
    generic: str | None
    """For a role label ("QUESTION", "MODERATOR"): the unnamed speaker it stands for ("a reporter")."""
    start: int
    end: int


@cache
def _lex() -> dict[str, object]:
    raw = lexicon.load("speakers")["turns"]
    return {"label": re.compile(raw["label"]), "honorifics": frozenset(raw["honorifics"]),
            "generic": {k.lower(): v for k, v in raw["generic"].items()}, "minimum": int(raw["minimum"])}


def find_turns(text: str) -> list[Turn]:
    """The speaker turns of a transcript, or nothing when the text is not one."""
    lex = _lex()
    label: re.Pattern[str] = lex["label"]  # type: ignore[assignment]
    honorifics: frozenset[str] = lex["honorifics"]  # type: ignore[assignment]
    generic: dict[str, str] = lex["generic"]  # type: ignore[assignment]
    opened: list[tuple[int, int, str, str | None]] = []
    paragraphs = text_spans.paragraphs(text)
    for ps, pe in paragraphs:
        m = label.match(text, ps, pe)
        if m is None:
            continue
        words = m.group("label").replace(".", " ").split()
        role = generic.get(" ".join(words).lower())
        # "FOREIGN SECRETARY LAMMY": the title's words go with it
        untitled = words[len(words) - len(variants.strip_titles([w.lower() for w in words])):] if words else []
        named = [w for w in untitled if w.lower() not in honorifics]
        if not named and role is None:
            continue
        opened.append((m.start("label"), m.end(), " ".join(named) or m.group("label"), role))
    if len(opened) < lex["minimum"]:  # type: ignore[operator]
        return []
    turns = []
    for i, (ls, le, name, role) in enumerate(opened):
        end = opened[i + 1][0] if i + 1 < len(opened) else len(text)
        turns.append(Turn(ls, le, name, role, le, end))
    return turns


def labels(text: str) -> list[tuple[int, int]]:
    """(start, end) of every upper-case label that opens a paragraph, a transcript's or a lone one."""
    label: re.Pattern[str] = _lex()["label"]  # type: ignore[assignment]
    out = []
    for ps, pe in text_spans.paragraphs(text):
        m = label.match(text, ps, pe)
        if m is not None and m.end() < pe:
            out.append((m.start("label"), m.end()))
    return out


def turn_at(turns: list[Turn], offset: int) -> Turn | None:
    """The turn that holds a character offset."""
    return next((t for t in turns if t.start <= offset < t.end), None)
