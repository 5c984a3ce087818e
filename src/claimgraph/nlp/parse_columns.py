"""The parse of a Doc as plain lists, one per token attribute, each read once per document.

spaCy builds a new `Token` object at each `doc[i]` and looks its strings up again at each `.tag_`: a loop that
reads three attributes of every token costs more than the rule it serves. `columns(doc)` reads an attribute of
every token at once with `Doc.to_array`, as `tree_match` reads the parse for the attribution frames, so a rule
scans the lists and makes Token objects only for the few tokens it keeps.
"""
from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc

from claimgraph.nlp import text_spans

_STRINGS: dict[int, str] = {0: ""}
"""Hash -> string of the vocabulary's strings met so far: a hash names the same string in every vocabulary."""


class Columns:
    """Each token's attributes, by token index; each list is read from the Doc when first asked for."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self.size = len(doc)

    def _ints(self, attr: str) -> list[int]:
        if not self.size:
            return []
        values: list[int] = self._doc.to_array(attr).tolist()
        return values

    def _strings(self, attr: str) -> list[str]:
        keys = self._ints(attr)
        known = _STRINGS
        for k in set(keys).difference(known):
            known[k] = self._doc.vocab.strings[k]
        return [known[k] for k in keys]

    @cached_property
    def idx(self) -> list[int]:
        """Each token's first character."""
        return self._ints("IDX")

    @cached_property
    def text(self) -> list[str]:
        text = text_spans.text_of(self._doc)
        return [text[i:i + n] for i, n in zip(self.idx, self._ints("LENGTH"), strict=True)]

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens start..end, as `doc[start:end].text` gives it."""
        if end <= start:
            return ""
        return text_spans.text_of(self._doc)[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]

    @cached_property
    def lower(self) -> list[str]:
        return self._strings("LOWER")

    @cached_property
    def tag(self) -> list[str]:
        return self._strings("TAG")

    @cached_property
    def pos(self) -> list[int]:
        """spaCy's part-of-speech symbols (`spacy.symbols.VERB`)."""
        return self._ints("POS")

    @cached_property
    def lemma(self) -> list[str]:
        return self._strings("LEMMA")

    @cached_property
    def ent_type(self) -> list[str]:
        return self._strings("ENT_TYPE")

    @cached_property
    def is_punct(self) -> list[bool]:
        return [bool(x) for x in self._ints("IS_PUNCT")]

    @cached_property
    def is_space(self) -> list[bool]:
        return [bool(x) for x in self._ints("IS_SPACE")]


def columns(doc: Doc) -> Columns:
    """The token attributes of a parsed Doc (kept on it: the components that follow read the same lists)."""
    cached = doc.user_data.get("cg_columns")
    if isinstance(cached, Columns) and cached.size == len(doc):
        return cached
    found = doc.user_data["cg_columns"] = Columns(doc)
    return found
