"""schemathesis over `/openapi.json`: every API route, with values the schema allows and values it forbids,
answers without a 500 and within its schema (status codes, content types, bodies, headers).

The run is `schemathesis run` as a user would run it, every check on, against the workbench served
over HTTP; ids from the store are offered beside generated ones, so that cases reach past the 404.
CI runs a fixed set of cases (deterministic generation); `CLAIMGRAPH_FUZZ=N` runs N random ones per route.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from web_helpers import DEMO, REPORTS, live_server, write_hostile

from claimgraph.corpus import Corpus, corroborate
from claimgraph.store import Store
from claimgraph.store import schema as t
from claimgraph.web import create_app

FUZZ = int(os.environ.get("CLAIMGRAPH_FUZZ", "0") or 0)
CASES_PER_ROUTE = 40


def store_ids(store: Store) -> dict[str, list[str]]:
    """Ids that name something in the store, by path parameter."""
    with store.begin() as conn:
        claims = conn.execute(select(t.claims.c.document_id, t.claims.c.id).order_by(t.claims.c.pk).limit(5)).all()
        entities = conn.execute(select(t.canonical_entities.c.id).order_by(t.canonical_entities.c.id).limit(5))
        stories = conn.execute(select(corroborate.stories_table.c.id).order_by(corroborate.stories_table.c.id)
                               .limit(5))
        return {"document_id": [d for d, _ in claims], "claim_id": [c for _, c in claims],
                "entity_id": [str(i) for i in entities.scalars()], "story_id": [str(i) for i in stories.scalars()]}


def config(ids: dict[str, list[str]]) -> str:
    """A schemathesis.toml offering the store's ids for half the cases of each path parameter."""
    lines = []
    for name, values in ids.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}' for name in ids]
    return "\n".join(lines) + "\n"


def run_schemathesis(store: Store, tmp_path: Path) -> None:
    """`schemathesis run` with every check against the workbench over `store`; fails with its summary."""
    settings = tmp_path / "schemathesis.toml"
    settings.write_text(config(store_ids(store)), encoding="utf-8")
    cases = ["--max-examples", str(FUZZ)] if FUZZ else ["--max-examples", str(CASES_PER_ROUTE),
                                                         "--generation-deterministic"]
    with live_server(create_app(store=store)) as base:
        run = subprocess.run([sys.executable, "-m", "schemathesis.cli", "--config-file", str(settings), "run",
                              f"{base}/openapi.json", "--checks", "all", *cases, "--workers", "2", "--no-color",
                              "--suppress-health-check", "all", "--report-dir", str(tmp_path / "report")],
                             capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=tmp_path, timeout=900,
                             check=False)
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary + run.stderr[-2000:]
    routes = sum(len(ops) for ops in create_app(store=store).openapi()["paths"].values())
    assert f"Tested: {routes}" in summary and " passed" in summary, summary  # every route, none skipped


def test_every_api_route_answers_within_its_schema(web_store: Store, tmp_path: Path) -> None:
    run_schemathesis(web_store, tmp_path)


def test_every_api_route_answers_within_its_schema_on_postgresql(pg_database: Any, tmp_path: Path) -> None:
    """PostgreSQL refuses what SQLite takes (a NUL in a parameter, an id past 32 bits): the same run on it."""
    with pg_database("cg_schema") as url, Corpus(url) as corpus:
        corpus.ingest([DEMO / f"{n}.json" for n in REPORTS[:5]] + [write_hostile(tmp_path / "hostile")], workers=1)
        run_schemathesis(corpus.store, tmp_path)


def test_the_schema_says_how_each_route_fails(web_store: Store) -> None:
    described = create_app(store=web_store, token="correct-horse-battery").openapi()
    for path, operations in described["paths"].items():
        for operation in operations.values():
            answers = operation["responses"]
            assert "422" not in answers, path  # a bad parameter is a 400, naming it
            assert {"200", "401", "503"} <= set(answers), path
            if operation.get("parameters"):
                assert "400" in answers, path
    assert "404" in described["paths"]["/api/entities/{entity_id}"]["get"]["responses"]
    stance = next(p for p in described["paths"]["/api/claims"]["get"]["parameters"] if p["name"] == "stance")
    assert stance["schema"]["anyOf"][0]["enum"] == ["asserted", "claimed", "disputed", "assessed"]


@pytest.mark.parametrize("url", ["/api/claims?stance=maybe", "/api/claims?page=0", "/api/timeline?since=2025-13",
                                 "/api/graph?limit=81", "/api/entities?limit=0"])
def test_a_value_the_schema_forbids_is_a_400_naming_it(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(url)
    assert r.status_code == 400 and r.json()["error"]
