"""The provenance view: a document's text as HTML with its claims, speakers, cues, hedges and entities marked.

Article text is untrusted. The HTML is built from character offsets only: the text is cut at every
span boundary and each piece is escaped with markupsafe before it is wrapped in tags we write
ourselves, so no byte of the article ever reaches the page as markup.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from claimgraph.records import Analysis

LAYERS = ("claim", "speaker", "cue", "hedge", "entity")
"""Kinds of span, outermost first; a piece of text covered by several is wrapped in this order."""

SPEAKER_WINDOW = 400
"""How far from its cue (in characters) a claim's speaker words are looked for."""


@dataclass(frozen=True)
class Mark:
    """One span to highlight: its kind, offsets, and what it belongs to (claim id or entity id)."""

    kind: str
    start: int
    end: int
    ref: str
    label: str = ""


def _speaker_span(text: str, words: str, cue_start: int | None) -> tuple[int, int] | None:
    """The occurrence of the speaker's words nearest the cue (the analysis keeps no offsets for them)."""
    if not words or cue_start is None:
        return None
    lo = max(0, cue_start - SPEAKER_WINDOW)
    hi = min(len(text), cue_start + SPEAKER_WINDOW)
    best: tuple[int, int] | None = None
    i = text.find(words, lo, hi)
    while i != -1:
        if best is None or abs(i - cue_start) < abs(best[0] - cue_start):
            best = (i, i + len(words))
        i = text.find(words, i + 1, hi)
    return best


def marks(analysis: Analysis) -> list[Mark]:
    """Every span of a document's analysis worth highlighting, with offsets checked against the text."""
    text = analysis.document.text
    out: list[Mark] = []
    names = {e.id: e.name for e in analysis.entities}
    for e in analysis.entities:
        for m in e.mentions:
            out.append(Mark("entity", m.start, m.end, e.id, f"{e.name} ({e.type})"))
    for c in analysis.claims:
        out.append(Mark("claim", c.content.start, c.content.end, c.id, f"claim {c.id}: {c.stance}"))
        if c.cue is not None:
            out.append(Mark("cue", c.cue.start, c.cue.end, c.id, f"cue of claim {c.id}"))
        for h in c.hedges:
            out.append(Mark("hedge", h.start, h.end, c.id, f"hedge of claim {c.id}"))
        if c.speaker is not None:
            found = _speaker_span(text, c.speaker.text, c.cue.start if c.cue else None)
            if found:
                who = names.get(c.speaker.entity or "", c.speaker.text)
                out.append(Mark("speaker", found[0], found[1], c.id, f"speaker of claim {c.id}: {who}"))
    return [m for m in out if 0 <= m.start < m.end <= len(text)]


def render(text: str, spans: Iterable[Mark], focus: str | None = None) -> Markup:
    """The text as HTML, every piece escaped, each span kind a `<span class="hl-KIND">` (`focus`: a claim to mark)."""
    spans = list(spans)
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    starts: dict[int, list[Mark]] = {}
    for m in spans:
        starts.setdefault(m.start, []).append(m)
    parts: list[str] = []
    active: list[Mark] = []
    for a, b in pairwise(cuts):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        piece = str(escape(text[a:b]))
        for m in sorted(active, key=_nesting, reverse=True):
            piece = _wrap(m, piece, focus, first=(m.kind == "claim" and m.start == a))
        parts.append(piece)
    return Markup("".join(parts))


def _nesting(m: Mark) -> tuple[int, int]:
    # Outer layers wrap last: a piece of a claim's content that names an entity reads claim > entity.
    return LAYERS.index(m.kind), -(m.end - m.start)


def _wrap(m: Mark, inner: str, focus: str | None, first: bool) -> str:
    classes = [f"hl-{m.kind}"]
    attrs = [f'data-{"claim" if m.kind != "entity" else "entity"}="{escape(m.ref)}"', f'title="{escape(m.label)}"']
    if m.kind == "claim" and focus is not None and m.ref == focus:
        classes.append("focus")
    if first:
        attrs.append(f'id="claim-{escape(m.ref)}"')
    return f'<span class="{" ".join(classes)}" {" ".join(attrs)}>{inner}</span>'


def legend() -> Sequence[tuple[str, str]]:
    """The kinds of highlight with the words the page shows for them."""
    return (("claim", "claim content"), ("speaker", "speaker"), ("cue", "reporting cue"),
            ("hedge", "hedge"), ("entity", "entity mention"))
