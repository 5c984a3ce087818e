"""Speaker turns of briefing and interview transcripts: "QUESTION: ...", "MR. MILLER: ...".

A transcript gives each paragraph to the speaker its label names, until the next label; a turn's
statements are claims of that speaker, and the labels themselves name no entity. A text is read as
a transcript only where at least two paragraphs open with such a label, or one opens with a label that
holds a title ("MR MILLER:"), so a lone "UPDATE:" or a dateline never makes one. In a transcript, a
titled label right after a sentence's end opens a turn inside a paragraph too (a transcript whose line
breaks were lost).
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


@dataclass(frozen=True)
class _Label:
    """One upper-case label and what it says: the name (or the label), the role, whether it holds a title."""

    start: int
    end: int
    name: str
    role: str | None
    titled: bool


@cache
def _lex() -> dict[str, object]:
    raw = lexicon.load("speakers")["turns"]
    return {"label": re.compile(raw["label"]), "honorifics": frozenset(raw["honorifics"]),
            "generic": {k.lower(): v for k, v in raw["generic"].items()}, "minimum": int(raw["minimum"]),
            "minimum_titled": int(raw["minimum_titled"]), "sentence_end": re.compile(raw["sentence_end"])}


def _read_label(text: str, at: int, end: int) -> _Label | None:
    """The label that starts at offset AT (before END), where one does and names a speaker or a role."""
    lex = _lex()
    label: re.Pattern[str] = lex["label"]  # type: ignore[assignment]
    honorifics: frozenset[str] = lex["honorifics"]  # type: ignore[assignment]
    generic: dict[str, str] = lex["generic"]  # type: ignore[assignment]
    m = label.match(text, at, end)
    if m is None:
        return None
    words = m.group("label").replace(".", " ").split()
    role = generic.get(" ".join(words).lower())
    # "FOREIGN SECRETARY LAMMY": the title's words go with it, and so does what stands before its last word
    # ("HARBOUR AUTHORITY PRESS SECRETARY REAR ADMIRAL INGA VOSS": the name is "INGA VOSS")
    untitled = words[len(words) - len(variants.strip_titles([w.lower() for w in words])):] if words else []
    last = max((i for i, w in enumerate(untitled) if w.lower() in honorifics), default=-1)
    named = untitled[last + 1:] or [w for w in untitled if w.lower() not in honorifics]
    if not named and role is None:
        return None
    titled = len(named) < len(words) and bool(named)
    return _Label(m.start("label"), m.end(), " ".join(named) or m.group("label"), role, titled)


def _labels_of(text: str) -> list[_Label]:
    """The labels of a transcript in order, or nothing when the text is not one: labels that open paragraphs,
    and, in a transcript, titled labels right after a sentence's end inside one."""
    lex = _lex()
    sentence_end: re.Pattern[str] = lex["sentence_end"]  # type: ignore[assignment]
    paragraphs = text_spans.paragraphs(text)
    opening = [x for ps, pe in paragraphs if (x := _read_label(text, ps, pe)) is not None]
    if len(opening) < lex["minimum"] and sum(x.titled for x in opening) < lex["minimum_titled"]:  # type: ignore[operator]
        return []
    inside = [x for ps, pe in paragraphs for m in sentence_end.finditer(text, ps, pe)
              if (x := _read_label(text, m.end(), pe)) is not None and x.titled]
    return sorted(opening + inside, key=lambda x: x.start)


def find_turns(text: str) -> list[Turn]:
    """The speaker turns of a transcript, or nothing when the text is not one."""
    opened = _labels_of(text)
    turns = []
    for i, x in enumerate(opened):
        end = opened[i + 1].start if i + 1 < len(opened) else len(text)
        turns.append(Turn(x.start, x.end, x.name, x.role, x.end, end))
    return turns


def labels(text: str) -> list[tuple[int, int]]:
    """(start, end) of every upper-case label that opens a paragraph, a transcript's or a lone one, and of a
    transcript's labels inside paragraphs."""
    label: re.Pattern[str] = _lex()["label"]  # type: ignore[assignment]
    out = {(x.start, x.end) for x in _labels_of(text)}
    for ps, pe in text_spans.paragraphs(text):
        m = label.match(text, ps, pe)
        if m is not None and m.end() < pe:
            out.add((m.start("label"), m.end()))
    return sorted(out)


def reported_question(text: str, start: int, end: int) -> bool:
    """Whether the paragraph between two offsets ends on a question it quotes inside narration ('But she
    pressed him, "Why did you wait so long?"'): an article that reports an interview, not the interviewer's own
    question of a question-and-answer text."""
    body = text[start:end].strip()
    return any(s > 0 and e == len(body) and "?" in body[s:e] for s, e in text_spans.quote_regions(body))


def turn_at(turns: list[Turn], offset: int) -> Turn | None:
    """The turn that holds a character offset."""
    return next((t for t in turns if t.start <= offset < t.end), None)
