"""Every frame of lexicon/attribution.yaml gives the claims its examples say, through the whole pipeline."""
import pytest

from claimgraph.nlp import lexicon
from claimgraph.nlp.variants import fold

FRAMES = lexicon.load("attribution")["frames"]
EXAMPLES = [(f["name"], i, ex) for f in FRAMES for i, ex in enumerate(f["examples"])]


def _names(analysis, ref):
    if ref is None:
        return set()
    names = {fold(ref.text)}
    ent = analysis.entity(ref.entity)
    if ent is not None:
        names |= {fold(ent.name)} | {fold(a) for a in ent.aliases} | {fold(m.text) for m in ent.mentions}
    return names - {""}


def _speaks(analysis, claim, expected):
    if expected is None:
        return claim.speaker is None
    want = fold(expected)
    return any(want == n or want in n for n in _names(analysis, claim.speaker))


def test_every_frame_has_two_examples_of_its_own():
    for frame in FRAMES:
        texts = {ex["text"] for ex in frame["examples"]}
        assert len(texts) >= 2, frame["name"]


@pytest.mark.parametrize(("frame", "i", "example"), EXAMPLES, ids=[f"{n}-{i}" for n, i, _ in EXAMPLES])
def test_a_frame_example_gives_its_claims(read, frame, i, example):
    a = read(example["text"], outlet=example.get("outlet"))
    if not example["claims"]:  # a sentence of the frame's shape that states nothing
        assert not a.claims, [(c.content.text, c.cue.text if c.cue else None) for c in a.claims]
    for want in example["claims"]:
        found = [c for c in a.claims if c.content.text == want["content"]]
        assert found, (f"no claim with content {want['content']!r}; got "
                       f"{[(c.content.text, c.cue.text if c.cue else None) for c in a.claims]}")
        c = next((c for c in found if c.cue is not None and c.cue.text == want["cue"]), found[0])
        assert c.cue is not None and c.cue.text == want["cue"], (c.cue, want["cue"])
        assert _speaks(a, c, want["speaker"]), (c.speaker, want["speaker"])
        if "via" in want:
            got = [v.text for v in c.via]
            assert all(any(fold(w) in fold(g) for g in got) for w in want["via"]), (got, want["via"])
