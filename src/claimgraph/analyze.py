"""Text + metadata -> the records of one document (`claimgraph.document/1`), within one budget per document.

A document may hold at most `Budget.chars` characters, and its analysis may run at most
`Budget.seconds` (`CLAIMGRAPH_DOC_SECONDS`, default 60); past either, that document fails with one
line and the others go on. Text enters here as well as through the readers, so it is made storable
here too (`claimgraph.storable`: NUL and lone surrogates become U+FFFD, recorded).
"""
from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimgraph.errors import InputError
from claimgraph.records import Analysis, Document
from claimgraph.storable import storable_document
from claimgraph.timelimit import OverTime, run_within

if TYPE_CHECKING:  # spaCy loads with the pipeline, when a text is first analysed: not for `import claimgraph`
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_CHARS = 500_000
"""Longest text read as one document (about 80,000 words; a news article is a few thousand characters).
spaCy's model needs about 3 GB for a million characters, so longer inputs are refused with a message."""

ENV_SECONDS = "CLAIMGRAPH_DOC_SECONDS"
DEFAULT_SECONDS = 60.0
"""Seconds one document's analysis may take: a clean text of MAX_CHARS takes about 25 s on one core."""


@dataclass(frozen=True)
class Budget:
    """What the analysis of one document may cost."""

    chars: int = MAX_CHARS
    """Longest text analysed."""
    seconds: float = DEFAULT_SECONDS
    """Longest time one document's analysis may run."""


def default_budget() -> Budget:
    """The budget of `$CLAIMGRAPH_DOC_SECONDS` seconds (else 60) and MAX_CHARS characters."""
    raw = os.environ.get(ENV_SECONDS, "")
    try:
        seconds = float(raw) if raw.strip() else DEFAULT_SECONDS
    except ValueError:
        raise InputError(f"${ENV_SECONDS}={raw!r}: give the seconds one document may take, e.g. 60") from None
    if not seconds > 0:
        raise InputError(f"${ENV_SECONDS}={raw!r}: give a number of seconds above 0")
    return Budget(seconds=seconds)


Failure = Callable[[Document, InputError], None]
"""Told of each document `analyze_many` skips, and why."""


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc that carries the document's metadata to our components."""
    doc = nlp.make_doc(document.text)
    doc._.cg_document = document
    doc.user_data["cg_text"] = document.text  # what text_spans.text_of would otherwise join again
    return doc


def to_analysis(doc: Doc) -> Analysis:
    """The records our components left on a processed Doc."""
    document: Document = doc._.cg_document or Document(text=doc.text)
    return Analysis(
        document=document,
        entities=tuple(doc._.cg_entities or ()),
        claims=tuple(doc._.cg_claims or ()),
        events=tuple(doc._.cg_events or ()),
    )


def _label(document: Document) -> str:
    return f"document {' '.join((document.title or document.id[:12]).split())[:80]!r}"


def _check_length(document: Document, budget: Budget) -> None:
    if len(document.text) > budget.chars:
        raise InputError(f"{_label(document)}: text has {len(document.text):,} characters, more than the "
                         f"{budget.chars:,} claimgraph reads as one article")


def _over_time(document: Document, budget: Budget) -> InputError:
    return InputError(f"{_label(document)}: the analysis ran past {budget.seconds:g} s, the time one document may "
                      f"take (${ENV_SECONDS} sets it); split the text into articles")


def _broken(document: Document, e: Exception) -> InputError:
    detail = " ".join(str(e).split())[:200]
    return InputError(f"{_label(document)}: the analysis failed ({type(e).__name__}: {detail})")


def analyze_document(document: Document, nlp: Language | None = None, budget: Budget | None = None) -> Analysis:
    """Analyse one Document within its budget (an InputError past it)."""
    budget = budget or default_budget()
    document = storable_document(document)
    _check_length(document, budget)
    from claimgraph.nlp import pipeline

    language = nlp or pipeline.get()
    try:
        return run_within(budget.seconds, lambda: to_analysis(language(make_doc(language, document))))
    except OverTime:
        raise _over_time(document, budget) from None


def analyze(text: str, *, id: str = "", url: str | None = None, outlet: str | None = None,
            title: str | None = None, published: str | None = None, language: str = "en",
            nlp: Language | None = None, budget: Budget | None = None) -> Analysis:
    """Analyse one article's text: its entities, attributed claims and events."""
    document = Document(text=text, id=id, url=url, outlet=outlet, title=title, published=published,
                        language=language)
    return analyze_document(document, nlp, budget)


def analyze_many(documents: Iterable[Document], nlp: Language | None = None, batch_size: int = 16,
                 budget: Budget | None = None, on_error: Failure | None = None) -> Iterator[Analysis]:
    """Analyse documents in order through one Language, the model's steps in batches.

    A document that cannot be analysed (too long, past its time, or one the pipeline fails on) is
    given to `on_error` and skipped, in its place in the order; without `on_error`, its InputError
    is raised.
    """
    budget = budget or default_budget()
    from claimgraph.nlp import pipeline

    nlp = nlp or pipeline.get()
    model, own = _stages(nlp)
    stream = iter(documents)
    while batch := list(itertools.islice(stream, max(1, batch_size))):
        ready: list[Document] = []
        for d in batch:
            d = storable_document(d)
            try:
                _check_length(d, budget)
            except InputError as e:
                _skip(d, e, on_error)
                continue
            ready.append(d)
        started = time.monotonic()
        docs = _model_stage(nlp, model, ready, batch_size, budget)
        # each document of the batch is charged the batch's time in the model, so its budget is the whole analysis
        left = Budget(budget.chars, budget.seconds - (time.monotonic() - started))
        for i, d in enumerate(ready):
            try:
                if docs is None or left.seconds <= 0:  # the batch failed or ran long: each alone, its own budget
                    yield analyze_document(d, nlp, budget)
                else:
                    yield _own_stage(own, docs[i], left, budget)
            except InputError as e:
                _skip(d, e, on_error)
            except Exception as e:  # noqa: BLE001 - one document that breaks the pipeline must not stop the others
                if on_error is None:
                    raise
                on_error(d, _broken(d, e))


Step = tuple[str, Callable[["Doc"], "Doc"]]


def _stages(nlp: Language) -> tuple[list[Step], list[Step]]:
    """The pipeline cut after its last batched (model) component: the model's steps and claimgraph's own."""
    steps: list[Step] = list(nlp.pipeline)
    cut = max((i + 1 for i, (_, proc) in enumerate(steps) if hasattr(proc, "pipe")), default=0)
    return steps[:cut], steps[cut:]


def _model_stage(nlp: Language, model: list[Step], documents: list[Document], batch_size: int,
                 budget: Budget) -> list[Doc] | None:
    """The documents through the model's steps in one batch, or None where that fails or runs past one budget."""
    if not documents:
        return []

    def run() -> list[Doc]:
        docs: Iterable[Doc] = (make_doc(nlp, d) for d in documents)
        for _, proc in model:
            pipe = getattr(proc, "pipe", None)
            docs = pipe(docs, batch_size=batch_size) if pipe else map(proc, docs)
        return list(docs)

    try:
        return run_within(budget.seconds, run)
    except (OverTime, Exception):  # noqa: BLE001 - the documents are then analysed one by one, failing alone
        return None


def _own_stage(own: list[Step], doc: Doc, left: Budget, budget: Budget) -> Analysis:
    """claimgraph's own steps on one Doc that the model has read, within what is `left` of the document's budget."""
    def run() -> Analysis:
        done = doc
        for _, proc in own:
            done = proc(done)
        return to_analysis(done)

    try:
        return run_within(left.seconds, run)
    except OverTime:
        raise _over_time(doc._.cg_document, budget) from None


def _skip(document: Document, error: InputError, on_error: Failure | None) -> None:
    if on_error is None:
        raise error
    on_error(document, error)
