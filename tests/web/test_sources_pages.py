"""The sources page and its grade form: organisations with their grades, reasons, channels and records; grading one
from the workbench grades the stories resting on it; a bad grade changes nothing. On a copy of the test store."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimgraph.store import Store
from claimgraph.web import create_app

FCDO = "Foreign, Commonwealth & Development Office"


@pytest.fixture(scope="module")
def scratch(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    copy = tmp_path_factory.mktemp("sources") / "scratch.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture
def client(scratch: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=scratch), follow_redirects=False) as c:
        yield c


def _token(client: TestClient, url: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(url).text)
    assert found, url
    return found.group(1)


def test_the_sources_page_lists_organisations_with_grade_reason_channels_and_record(client):
    rows = client.get("/api/sources").json()
    by_name = {r["source"]: r for r in rows}
    dod = by_name["U.S. Department of Defense"]
    assert dod["reliability"] == "B" and dod["grade_kind"] == "default" and dod["reason"]
    assert {"stories", "corroborated", "disputed", "alone"} <= set(dod["record"])
    assert any(c["name"] for r in rows for c in r["channels"])
    page = unescape(client.get("/sources").text)
    assert "U.S. Department of Defense" in page and "default" in page and "Track record" in page


def test_grading_a_source_from_its_page_regrades_its_stories(client):
    sid = next(r["id"] for r in client.get("/api/sources").json() if r["source"] == "U.S. Department of Defense")
    resting = client.get(f"/api/sources/{sid}").json()["stories"]
    assert resting and all("best source" in s["grade"]["reason"] or "denials" in s["grade"]["reason"]
                           for s in resting)
    r = client.post(f"/sources/{sid}/grade", data={"csrf": _token(client, f"/sources/{sid}"), "grade": "E",
                                                     "reason": "a test of the form"})
    assert r.status_code == 303 and r.headers["location"] == f"/sources/{sid}?graded=1"
    after = client.get(f"/api/sources/{sid}").json()
    assert after["reliability"] == "E" and after["grade_kind"] == "analyst" and after["reason"] == "a test of the form"
    assert [h["graded_by"] for h in after["history"]][-1] == "analyst"
    graded = [s for s in after["stories"] if s["best_source_name"] == "U.S. Department of Defense"]
    assert graded and all("an analyst's grade" in s["grade"]["reason"] for s in graded)
    back = client.post(f"/sources/{sid}/grade", data={"csrf": _token(client, f"/sources/{sid}"), "reset": "1"})
    assert back.status_code == 303
    assert client.get(f"/api/sources/{sid}").json()["grade_kind"] == "default"


@pytest.mark.parametrize("grade", ["G", "", "AB"])
def test_a_grade_outside_a_to_f_is_refused_and_changes_nothing(client, grade):
    sid = next(r["id"] for r in client.get("/api/sources").json() if r["source"] == "Voice of America")
    before = client.get(f"/api/sources/{sid}").json()
    r = client.post(f"/sources/{sid}/grade", data={"csrf": _token(client, f"/sources/{sid}"), "grade": grade,
                                                     "reason": "x"})
    assert r.status_code == 400
    after = client.get(f"/api/sources/{sid}").json()
    assert (after["reliability"], after["history"]) == (before["reliability"], before["history"])


def test_an_unknown_source_is_a_404_and_a_grade_without_the_form_token_is_refused(client):
    assert client.get("/sources/999999").status_code == 404
    assert client.get("/api/sources/²").status_code == 404  # a digit to str.isdigit, no id
    sid = client.get("/api/sources").json()[0]["id"]
    token = _token(client, f"/sources/{sid}")
    assert client.post("/sources/999999/grade", data={"csrf": token, "grade": "B"}).status_code == 404
    assert client.post(f"/sources/{sid}/grade", data={"grade": "B", "reason": "x"}).status_code == 403
