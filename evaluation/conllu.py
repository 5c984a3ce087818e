"""Reading a GUM document: CoNLL-U words, the text they spell, and OntoGUM's coreference mentions.

The text is rebuilt from the tokens as the original article spelled it: a space after a token unless
its MISC says `SpaceAfter=No`, sentences of one paragraph joined like tokens, paragraphs (`# newpar`)
separated by a blank line. Every word keeps its character span in that text, so a span that
claimgraph predicts maps back to GUM's words. Multi-word tokens ("I've" = I + 've) give their words
sub-spans where the words spell the token, else the whole token's span. Empty nodes (`12.1`, for
ellipsis) are no words of the text and are skipped.

Coreference: `Entity=` in MISC, in the CorefUD bracket form with entity ids only (`global.Entity =
GRP`): `(7` opens a mention of entity 7 at this word, `7)` closes it, `(7)` is a one-word mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_BRACKET = re.compile(r"\(?\d+\)?")
"""One opening, closing or one-word mention in an `Entity=` value such as `(9(8)` or `3)(7)`."""


@dataclass(frozen=True)
class Word:
    """One syntactic word of the document, with its place in the rebuilt text."""

    index: int
    """Position among the document's words, from 0."""
    sentence: int
    form: str
    lemma: str
    upos: str
    feats: dict[str, str]
    head: int | None
    """Document-wide index of the syntactic head; None for a sentence's root."""
    deprel: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """One coreference mention: words first..last (inclusive) of one entity."""

    entity: str
    first: int
    last: int
    head: int
    """The word of the span whose head lies outside it (the first such, if several)."""

    def words(self) -> range:
        return range(self.first, self.last + 1)


@dataclass
class GumDocument:
    """A GUM document as words, text, coreference mentions and metadata."""

    name: str
    words: list[Word] = field(default_factory=list)
    text: str = ""
    mentions: list[Mention] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    sentence_types: list[str] = field(default_factory=list)
    """GUM's `s_type` of each sentence: decl, q (a yes/no question), wh (a wh-question), imp, frag, ..."""

    @property
    def genre(self) -> str:
        return self.meta.get("genre", "")

    def children(self, index: int) -> list[Word]:
        """The words whose syntactic head is word `index`."""
        return [w for w in self.words if w.head == index]

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.words[first].start:self.words[last].end]


@dataclass
class _RawWord:
    id: int
    form: str
    lemma: str
    upos: str
    feats: dict[str, str]
    head: int
    deprel: str
    misc: dict[str, str]


@dataclass
class _Sentence:
    new_paragraph: bool
    type: str = ""
    words: list[_RawWord] = field(default_factory=list)
    surface: list[tuple[str, list[int], bool]] = field(default_factory=list)
    """Surface tokens: (form, ids of the words it spells, a space follows)."""


def _pairs(column: str) -> dict[str, str]:
    if column == "_":
        return {}
    pairs = {}
    for item in column.split("|"):
        key, _, value = item.partition("=")
        pairs[key] = value
    return pairs


def _add_token(sentence: _Sentence, cols: list[str]) -> None:
    """One CoNLL-U token line: a word, a multi-word token's surface, or an empty node (skipped)."""
    ident = cols[0]
    if "." in ident:  # an empty node: no word of the text
        return
    space = "SpaceAfter=No" not in cols[9].split("|")
    if "-" in ident:
        first, last = (int(x) for x in ident.split("-"))
        sentence.surface.append((cols[1], list(range(first, last + 1)), space))
        return
    word_id = int(ident)
    sentence.words.append(_RawWord(word_id, cols[1], cols[2], cols[3], _pairs(cols[5]), int(cols[6]), cols[7],
                                   _pairs(cols[9])))
    if not any(word_id in ids for _, ids, _ in sentence.surface):  # a word of a multi-word token has its surface
        sentence.surface.append((cols[1], [word_id], space))


def _read_sentences(lines: list[str]) -> tuple[list[_Sentence], dict[str, str]]:
    meta: dict[str, str] = {}
    sentences: list[_Sentence] = []
    current: _Sentence | None = None
    pending_par = False
    pending_type = ""
    for line in lines:
        if not line.strip():
            current = None
        elif line.startswith("#"):
            key, _, value = line[1:].strip().partition(" = ")
            if key.startswith("meta::"):
                meta[key[len("meta::"):]] = value
            elif key == "newpar" or key.startswith("newpar "):
                pending_par = True
            elif key == "s_type":
                pending_type = value
        else:
            if current is None:
                current = _Sentence(new_paragraph=pending_par or not sentences, type=pending_type)
                sentences.append(current)
                pending_par, pending_type = False, ""
            _add_token(current, line.split("\t"))
    return sentences, meta


def _word_spans(form: str, parts: list[str], start: int) -> list[tuple[int, int]]:
    """Character spans of the words of one surface token."""
    if "".join(parts) == form:
        spans, at = [], start
        for part in parts:
            spans.append((at, at + len(part)))
            at += len(part)
        return spans
    return [(start, start + len(form))] * len(parts)


def _spell(sentences: list[_Sentence]) -> tuple[str, list[dict[int, tuple[int, int]]]]:
    """The document's text, and for each sentence its word ids' character spans."""
    out: list[str] = []
    length = 0
    spans: list[dict[int, tuple[int, int]]] = []
    space_pending = False
    for s in sentences:
        if s.new_paragraph and out:
            out.append("\n\n")
            length += 2
        elif space_pending:
            out.append(" ")
            length += 1
        forms = {w.id: w.form for w in s.words}
        mine: dict[int, tuple[int, int]] = {}
        for i, (form, ids, space) in enumerate(s.surface):
            for wid, span in zip(ids, _word_spans(form, [forms[x] for x in ids], length), strict=True):
                mine[wid] = span
            out.append(form)
            length += len(form)
            last = i == len(s.surface) - 1
            if space and not last:
                out.append(" ")
                length += 1
            space_pending = space and last
        spans.append(mine)
    return "".join(out), spans


def _mentions(words: list[Word], raw: list[_RawWord]) -> list[Mention]:
    """OntoGUM's mentions, from the `Entity=` brackets of each word's MISC."""
    open_at: dict[str, list[int]] = {}
    spans: list[tuple[str, int, int]] = []
    for w, r in zip(words, raw, strict=True):
        for item in _BRACKET.findall(r.misc.get("Entity", "")):
            entity = item.strip("()")
            if item.startswith("("):
                open_at.setdefault(entity, []).append(w.index)
            if item.endswith(")"):
                stack = open_at.get(entity)
                if stack:
                    spans.append((entity, stack.pop(), w.index))
    mentions = []
    for entity, first, last in sorted(spans, key=lambda s: (s[1], -s[2])):
        inside = range(first, last + 1)
        heads = [i for i in inside if words[i].head is None or words[i].head not in inside]
        mentions.append(Mention(entity, first, last, heads[0] if heads else first))
    return mentions


def read_conllu(path: Path) -> GumDocument:
    """One GUM document from its OntoGUM CoNLL-U file."""
    sentences, meta = _read_sentences(path.read_text(encoding="utf-8").splitlines())
    text, spans = _spell(sentences)
    words: list[Word] = []
    raw: list[_RawWord] = []
    for n, s in enumerate(sentences):
        base = len(words)
        position = {w.id: base + i for i, w in enumerate(s.words)}
        for w in s.words:
            start, end = spans[n][w.id]
            words.append(Word(len(words), n, w.form, w.lemma, w.upos, w.feats,
                              position.get(w.head) if w.head else None, w.deprel, start, end))
            raw.append(w)
    doc = GumDocument(name=path.stem, words=words, text=text, meta=meta, sentence_types=[s.type for s in sentences])
    doc.mentions = _mentions(words, raw)
    return doc
