"""What analysts write through the workbench (notes, tags, saved searches, merges), the new JSON routes, and the
forms' protection against cross-site posts, over TestClient on a copy of the test store."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from claimgraph.store import Store
from claimgraph.store import schema as t
from claimgraph.web import create_app


@pytest.fixture(scope="module")
def scratch(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    copy = tmp_path_factory.mktemp("notebook") / "scratch.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture
def client(scratch: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=scratch), follow_redirects=False) as c:
        yield c


def token_of(client: TestClient, url: str) -> str:
    """The form token a page hands this browser (and the cookie it goes with)."""
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found, url
    return found.group(1)


def russia(store: Store) -> int:
    with store.begin() as conn:
        return int(conn.execute(select(t.canonical_entities.c.id).where(t.canonical_entities.c.name == "Russia"))
                   .scalar_one())


def test_a_note_posted_from_the_page_is_stored_and_listed(client: TestClient, scratch: Store) -> None:
    rid = russia(scratch)
    csrf = token_of(client, f"/entities/{rid}")
    r = client.post("/notes", data={"csrf": csrf, "kind": "entity", "target": str(rid), "text": "Watch the wording.",
                                    "next": f"/entities/{rid}"})
    assert r.status_code == 303 and r.headers["location"] == f"/entities/{rid}"
    assert [n["text"] for n in client.get(f"/api/entities/{rid}").json()["notes"]] == ["Watch the wording."]
    assert any(n["text"] == "Watch the wording." for n in client.get("/api/notes").json())
    assert "Watch the wording." in client.get(f"/entities/{rid}").text


@pytest.mark.parametrize("how", ["no token", "another browser's token", "cross-site", "foreign origin"])
def test_a_form_not_sent_from_a_workbench_page_is_refused(client: TestClient, scratch: Store, how: str) -> None:
    rid = russia(scratch)
    csrf = token_of(client, f"/entities/{rid}")
    data = {"csrf": csrf, "kind": "entity", "target": str(rid), "tag": f"forged {how}"}
    headers: dict[str, str] = {}
    if how == "no token":
        data.pop("csrf")
    elif how == "another browser's token":
        with TestClient(create_app(store=scratch)) as other:
            data["csrf"] = token_of(other, f"/entities/{rid}")
    elif how == "cross-site":
        headers["sec-fetch-site"] = "cross-site"
    else:
        headers["origin"] = "https://evil.example"
    r = client.post("/tags", data=data, headers=headers)
    assert r.status_code == 403 and "not sent from a page of this workbench" in r.text
    assert all(not x["tag"].startswith("forged") for x in client.get("/api/tags").json()["tags"])


def test_a_form_goes_back_only_to_a_page_of_this_workbench(client: TestClient, scratch: Store) -> None:
    rid = russia(scratch)
    csrf = token_of(client, f"/entities/{rid}")
    r = client.post("/tags", data={"csrf": csrf, "kind": "entity", "target": str(rid), "tag": "state actor",
                                   "next": "//evil.example/phish"})
    assert r.status_code == 303 and r.headers["location"] == f"/entities/{rid}"
    assert "state actor" in client.get(f"/api/entities/{rid}").json()["tags"]
    tags = client.get("/api/tags", params={"tag": "State Actor"}).json()
    assert tags["tag"] == "state actor" and tags["tagged"][0]["href"] == f"/entities/{rid}"


def test_a_bad_note_is_a_400_naming_what_is_wrong(client: TestClient, scratch: Store) -> None:
    rid = russia(scratch)
    csrf = token_of(client, f"/entities/{rid}")
    for data, reason in (({"kind": "entity", "target": "999999", "text": "x"}, "no entity '999999'"),
                         ({"kind": "document", "target": "1", "text": "x"}, "kind 'document'"),
                         ({"kind": "entity", "target": str(rid), "text": "   "}, "write something")):
        r = client.post("/notes", data={"csrf": csrf, **data})
        assert r.status_code == 400 and reason in unescape(r.text), data


def test_the_token_rules_hold_for_forms(scratch: Store) -> None:
    secret = "long-enough-secret"
    with TestClient(create_app(store=scratch, token=secret), follow_redirects=False) as c:
        assert c.post("/searches", data={"name": "x", "query": ""}).status_code == 401
        c.cookies.set("claimgraph_token", secret)
        csrf = token_of(c, "/claims")
        r = c.post("/searches", data={"csrf": csrf, "name": "All of it", "resource": "claims", "query": ""})
        assert r.status_code == 303
        assert [s["name"] for s in c.get("/api/searches").json()] == ["All of it"]


def test_a_saved_search_keeps_the_ledger_it_was_saved_from(client: TestClient) -> None:
    csrf = token_of(client, "/claims?stance=claimed")
    query = "stance=claimed&hedge=any"
    assert client.post("/searches", data={"csrf": csrf, "name": "Hedged claims", "resource": "claims",
                                          "query": query}).status_code == 303
    saved = next(s for s in client.get("/api/searches").json() if s["name"] == "Hedged claims")
    assert saved["url"] == f"/claims?{query}"
    assert client.get(saved["url"]).status_code == 200
    assert "Hedged claims" in client.get("/claims").text  # listed on the ledger
    assert client.post(f"/searches/{saved['id']}/delete", data={"csrf": csrf}).status_code == 303
    assert all(s["name"] != "Hedged claims" for s in client.get("/api/searches").json())


def test_a_merge_needs_its_confirmation_and_is_undone_by_a_split(client: TestClient, scratch: Store) -> None:
    rid = russia(scratch)
    with scratch.begin() as conn:
        other = conn.execute(select(t.canonical_entities.c.id)
                             .where(t.canonical_entities.c.name == "Western Russia")).scalar_one()
    confirm = client.get(f"/entities/{rid}/merge", params={"other": "Western Russia"})
    assert confirm.status_code == 200 and "Merge them" in confirm.text
    assert client.get(f"/api/entities/{other}").status_code == 200  # the confirmation page changed nothing
    assert client.get(f"/entities/{rid}/merge", params={"other": str(rid)}).status_code == 400
    csrf = token_of(client, f"/entities/{rid}")
    r = client.post(f"/entities/{rid}/merge", data={"csrf": csrf, "other": str(other)})
    assert r.status_code == 303 and r.headers["location"].startswith(f"/entities/{rid}")
    assert client.get(f"/api/entities/{other}").status_code == 404
    merged = client.get(f"/api/entities/{rid}").json()
    assert "Western Russia" in {s["name"] for s in merged["spellings"]}
    preview = client.get(f"/entities/{rid}/split", params={"member": "Western Russia"})
    assert preview.status_code == 200 and "Split them off" in preview.text
    r = client.post(f"/entities/{rid}/split", data={"csrf": csrf, "member": "Western Russia"})
    assert r.status_code == 303
    new = int(r.headers["location"].split("/")[2].split("?")[0])
    assert client.get(f"/api/entities/{new}").json()["entity"]["name"] == "Western Russia"
    assert "Western Russia" not in {s["name"] for s in client.get(f"/api/entities/{rid}").json()["spellings"]}


def test_the_new_json_routes(client: TestClient) -> None:
    ledger = client.get("/api/claims", params={"sort": "-outlet", "since": "2024"}).json()
    assert set(ledger["facets"]) == {"outlet", "speaker", "stance", "band", "grade"}
    assert ledger["sort"] == "-outlet" and "undated_left_out" in ledger
    docs = client.get("/api/documents", params={"copies": "only"}).json()
    assert docs["total"] == len(docs["documents"]) >= 1 and all(d["copy_of"] for d in docs["documents"])
    found = client.get("/api/search", params={"q": "Russia"}).json()
    assert found["entities"] and found["documents"] and found["claims"]
    line = client.get("/api/timeline").json()
    assert line["months"] and {"month", "code", "events", "documents"} == set(line["months"][0])
    graph = client.get("/api/graph", params={"entity": "Russia"}).json()
    assert graph["center"] == next(n["id"] for n in graph["nodes"] if n["name"] == "Russia")
    neighbour = next(n["id"] for n in graph["nodes"] if n["id"] != graph["center"])
    wider = client.get("/api/graph", params=[("entity", "Russia"), ("expand", str(neighbour))]).json()
    assert wider["expanded"] == [neighbour] and len(wider["nodes"]) >= len(graph["nodes"])
    assert client.get("/api/graph", params={"entity": "Narnia"}).status_code == 404
    assert client.get("/api/graph", params={"entity": "Russia", "until": "1990"}).json()["documents"] == 0
    assert client.get("/api/sources").json()
    assert client.get("/api/stories", params={"order": "disputed"}).status_code == 200


@pytest.mark.parametrize("url", ["/documents?copies=some", "/documents?colour=red", "/claims?sort=colour",
                                 "/claims?undated=maybe", "/graph?expand=abc", "/timeline?until=soon",
                                 "/notes?kind=document"])
def test_bad_parameters_of_the_new_pages_are_400(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 400


def _ids(page: Any) -> list[str]:
    return re.findall(r'data-claim="([^"]+)"', page.text)


def test_the_ledger_sorts_and_pages_keep_the_order(client: TestClient) -> None:
    every = _ids(client.get("/claims", params={"sort": "speaker", "per_page": 500}))
    pages = _ids(client.get("/claims", params={"sort": "speaker", "per_page": 10})) + \
        _ids(client.get("/claims", params={"sort": "speaker", "per_page": 10, "page": 2}))
    assert pages == every[:20]
