"""The `budget` section of `benchmarks/run.py`: where a long text without punctuation spends its time, and the
time budget that bounds it.

The text is capitalised nonsense words without punctuation (issue 14's probe was 450,000 such
characters): each is a name candidate, so thousands of distinct names reach the within-document name
clustering (`claimgraph_names`). Each step of the pipeline is timed at three lengths (its growth
exponent says whether doubling the text doubles its time), then the 450,000-character text is
analysed under the default budget, where it fails in one line instead of running for many minutes.
"""
from __future__ import annotations

import math
import random
import string
import time
from typing import Any

SIZES = (2000, 4000, 8000)
"""Words of the texts whose steps are timed."""
PROBE_CHARS = 450_000


def costly_text(words: int, seed: int = 1) -> str:
    """Capitalised nonsense words without punctuation (the same generator as tests/test_hostile_text.py)."""
    rng = random.Random(seed)
    return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))).title()
                    for _ in range(words))


def budget(opts: Any) -> dict[str, Any]:
    """Time of each step on texts of capitalised nonsense words, and the 450,000-character one under the budget."""
    from claimgraph.analyze import analyze_document, default_budget, make_doc
    from claimgraph.errors import InputError
    from claimgraph.nlp import pipeline
    from claimgraph.records import Document

    nlp = pipeline.get()
    rows: list[dict[str, Any]] = []
    for words in SIZES:
        doc = make_doc(nlp, Document(text=costly_text(words)))
        steps: dict[str, float] = {}
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            steps[name] = time.perf_counter() - t0
        rows.append({"words": words, "chars": len(doc.text), "entities": len(doc.ents), "steps": steps})
    first, last = rows[0], rows[-1]
    for name in nlp.pipe_names:
        growth = math.log(max(last["steps"][name], 1e-6) / max(first["steps"][name], 1e-6)) / math.log(
            last["words"] / first["words"])
        times = ", ".join(f"{r['steps'][name]:6.2f} s" for r in rows)
        sizes = ", ".join(str(r["words"]) for r in rows)
        print(f"  {name:<24} {times}  (at {sizes} words: grows as length^{growth:.1f})")
    text = costly_text(PROBE_CHARS // 7)[:PROBE_CHARS]
    limit = default_budget()
    t0 = time.perf_counter()
    try:
        analyze_document(Document(text=text), nlp)
        outcome = "analysed"
    except InputError as e:
        outcome = str(e)
    took = time.perf_counter() - t0
    print(f"  {len(text):,} characters under the {limit.seconds:g} s budget: {took:.1f} s, {outcome}")
    return {"rows": rows, "probe": {"chars": len(text), "seconds": took, "outcome": outcome,
                                    "budget_s": limit.seconds}}


BENCHES = {"budget": budget}
