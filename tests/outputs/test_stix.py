"""The STIX 2.1 export: a bundle stix2 reads, every reference inside it, the same ids from the same store."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import stix2

from claimgraph.outputs import export
from claimgraph.outputs.stix import credibility_confidence, estimative_confidence
from claimgraph.store import Store, load_document

REF_KEYS = ("_ref", "_refs")


def bundle(store: Store, **filters: Any) -> str:
    out = io.StringIO()
    export(store, "stix", out, **filters)
    return out.getvalue()


def refs(value: Any, key: str = "") -> list[str]:
    """Every id an object points to: *_ref and *_refs properties, custom ones included, at any depth."""
    if isinstance(value, dict):
        return [r for k, v in value.items() for r in refs(v, k)]
    if isinstance(value, list):
        return [r for v in value for r in refs(v, key)]
    return [value] if key.endswith(REF_KEYS) and isinstance(value, str) else []


def test_bundle_parses_with_stix2_and_every_reference_resolves(export_store: Store) -> None:
    text = bundle(export_store)
    parsed = stix2.parse(text, allow_custom=True)
    objects = json.loads(text)["objects"]
    assert len(parsed.objects) == len(objects)
    ids = {o["id"] for o in objects}
    assert len(ids) == len(objects), "an id is used twice"
    dangling = [(o["id"], r) for o in objects for r in refs(o) if r not in ids]
    assert not dangling
    kinds = {o["type"] for o in objects}
    assert {"report", "identity", "location", "note", "relationship"} <= kinds


def test_the_same_store_gives_the_same_bundle(export_store: Store) -> None:
    assert bundle(export_store) == bundle(export_store)
    assert bundle(export_store, speaker="Matsegora") == bundle(export_store, speaker="Matsegora")


def test_a_report_per_article_with_its_url_and_date(export_store: Store) -> None:
    objects = json.loads(bundle(export_store, outlet="Example Wire"))["objects"]
    (report,) = [o for o in objects if o["type"] == "report"]
    assert report["published"].startswith("2025-02-11T00:00:00")
    assert {"source_name": "Example Wire", "url": "https://example.org/wire/wounded"} in report["external_references"]
    outlet = next(o for o in objects if o["id"] == report["created_by_ref"])
    assert outlet["name"] == "Example Wire" and outlet["x_claimgraph_admiralty_reliability"] == "B"


def test_a_claim_note_keeps_speaker_chain_cue_exact_words_hedges_and_band(export_store: Store) -> None:
    objects = json.loads(bundle(export_store, speaker="Matsegora"))["objects"]
    notes = [o for o in objects if o["type"] == "note"]
    assert notes
    by_id = {o["id"]: o for o in objects}
    with export_store.begin() as conn:
        for note in notes:
            text = load_document(conn, note["x_claimgraph_document_id"]).text  # type: ignore[union-attr]
            assert text[note["x_claimgraph_content_start"]:note["x_claimgraph_content_end"]] == note["content"]
            assert by_id[note["x_claimgraph_speaker_ref"]]["name"] == "Alexander Matsegora"
            assert note["x_claimgraph_stance"] in ("asserted", "claimed", "disputed", "assessed")
    hedged = [n for n in notes if n.get("x_claimgraph_icd203")]
    assert hedged and hedged[0]["x_claimgraph_icd203"]["term"] == "likely"
    assert hedged[0]["x_claimgraph_estimative_confidence"] == 70
    assert any(n.get("x_claimgraph_via") for n in notes)


def test_confidence_is_the_admiralty_credibility_scale_of_the_story_grade(export_store: Store) -> None:
    objects = json.loads(bundle(export_store))["objects"]
    # a claim with no predicate of its own is in no story, and has no credibility to give
    notes = [o for o in objects if o["type"] == "note" and o.get("x_claimgraph_story") is not None]
    assert {n["x_claimgraph_admiralty_credibility"] for n in notes} - {6}, "no graded story to check"
    for n in notes:
        grade = n["x_claimgraph_admiralty_credibility"]
        assert n.get("confidence") == {1: 90, 2: 70, 3: 50, 4: 30, 5: 10, 6: None}[grade]


@pytest.mark.parametrize(("grade", "value"), [(1, 90), (2, 70), (3, 50), (4, 30), (5, 10), (6, None), (None, None)])
def test_credibility_grades_map_to_stix_confidence(grade: int | None, value: int | None) -> None:
    assert credibility_confidence(grade) == value


@pytest.mark.parametrize(("band", "value"), [((0.01, 0.05), 5), ((0.20, 0.45), 30), ((0.45, 0.55), 50),
                                             ((0.55, 0.80), 70), ((0.80, 0.95), 85), ((0.95, 0.99), 95)])
def test_icd203_bands_map_to_the_dni_scale(band: tuple[float, float], value: int) -> None:
    assert estimative_confidence(*band) == value


def test_places_are_locations_with_their_country(export_store: Store) -> None:
    objects = json.loads(bundle(export_store))["objects"]
    countries = {o["name"]: o["country"] for o in objects if o["type"] == "location"}
    assert countries.get("North Korea") == "KP"
    assert countries.get("Russia") == "RU"


def test_a_filter_matching_nothing_gives_a_valid_bundle(export_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.json"
    result = export(export_store, "stix", out, speaker="Nobody Of That Name")
    parsed = stix2.parse(out.read_text(encoding="utf-8"), allow_custom=True)
    assert [o.type for o in parsed.objects] == ["identity"]  # claimgraph itself, the producer
    assert result["objects"] == 1
