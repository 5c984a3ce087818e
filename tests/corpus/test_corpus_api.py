"""The Python API mirrors the CLI: timeline, and an analyst's merge, split and history of entities."""
import json

from claimgraph import Corpus


def write(folder, name, text, outlet="Courier", published="2025-03-04"):
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"text": text, "outlet": outlet, "published": published, "title": name}),
                    encoding="utf-8")
    return path


def test_timeline_merge_split_and_history_from_python(tmp_path):
    with Corpus(str(tmp_path / "api.db")) as corpus:
        corpus.ingest([write(tmp_path, "a", "Russia deployed troops to the border on Monday. "
                                            "Governor Olena Marchuk said that the roads were closed."),
                       write(tmp_path, "b", "Olena Marchuk visited the hospital in Sumy on Tuesday. "
                                            "Marchuk said that the shelter was full.")], workers=1)
        events = corpus.timeline()
        assert any(e for e in events)
        people = [e for e in corpus.entities() if e["type"] == "PERSON"]
        assert [p["name"] for p in people].count("Olena Marchuk") == 1
        russia = next(e for e in corpus.entities() if e["name"] == "Russia")
        marchuk = next(p for p in people if p["name"] == "Olena Marchuk")
        kept = corpus.merge_entities(marchuk["id"], russia["id"])
        assert kept == marchuk["id"]
        assert not any(e["name"] == "Russia" for e in corpus.entities())
        new = corpus.split_entity(marchuk["id"], "Russia")
        assert new != marchuk["id"]
        assert any(e["name"] == "Russia" for e in corpus.entities())
        rules = [h.get("rule") for h in corpus.entity_history(marchuk["id"])]
        assert any("merged" in (r or "") for r in rules) and any("split" in (r or "") for r in rules)
