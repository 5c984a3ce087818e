"""The FollowTheMoney export: every entity valid against the model, its links inside the export."""
from __future__ import annotations

import io
import json
from typing import Any

from followthemoney import model

from claimgraph.outputs import export
from claimgraph.outputs.ftm import schema_of
from claimgraph.store import Store


def entities(store: Store, **filters: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    export(store, "ftm", out, **filters)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_entity_is_valid_against_the_model_and_every_link_resolves(export_store: Store) -> None:
    found = entities(export_store)
    ids = {e["id"] for e in found}
    assert len(ids) == len(found)
    for e in found:
        schema = model.get(e["schema"])
        assert schema is not None and not schema.abstract
        schema.validate(e)  # raises on a missing required property
        proxy = model.get_proxy(e)
        assert proxy.to_dict()["properties"] == e["properties"], "a value the model would clean differently"
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, f"{e['schema']}.{prop.name} points outside the export"


def test_schemata_come_from_the_model(export_store: Store) -> None:
    by_name = {}
    for e in entities(export_store):
        for name in e["properties"].get("name", []):
            by_name.setdefault(name, e["schema"])
    assert by_name["Alexander Matsegora"] == "Person"
    assert by_name["North Korea"] == "Territory"
    assert {"Article", "Mention", "Documentation", "Event"} <= {e["schema"] for e in entities(export_store)}


def test_a_ministry_is_a_public_body_and_a_think_tank_an_organization() -> None:
    assert schema_of("ORG", "Ministry of Foreign Affairs") == "PublicBody"
    assert schema_of("ORG", "Institute for the Study of War") == "Organization"
    assert schema_of("PERSON", "Kim Yo Jong") == "Person"
    assert schema_of("LAW", "the Geneva Convention") is None


def test_a_mention_resolves_to_its_entity_in_its_article(export_store: Store) -> None:
    found = entities(export_store, speaker="Matsegora")
    by_id = {e["id"]: e for e in found}
    mentions = [e for e in found if e["schema"] == "Mention"]
    assert mentions
    for m in mentions:
        assert by_id[m["properties"]["document"][0]]["schema"] == "Article"
        assert by_id[m["properties"]["resolved"][0]]["schema"] in ("Person", "Organization", "PublicBody",
                                                                   "LegalEntity")
    said = [e for e in found if e["schema"] == "Documentation" and e["properties"].get("role") != ["mentioned"]]
    assert any("hundreds of wounded Russian soldiers" in s["properties"]["summary"][0] for s in said)
