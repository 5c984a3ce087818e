"""The workbench's downloads: links on the ledger, entity and story pages, each answering its format."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import stix2
from fastapi.testclient import TestClient

from claimgraph.store import Store
from claimgraph.web import create_app


@pytest.fixture(scope="module")
def client(export_db: Path) -> Iterator[TestClient]:
    store = Store(export_db)
    with TestClient(create_app(store=store)) as c:
        yield c
    store.close()


def links(html: str, prefix: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(' + re.escape(prefix) + r'[^"]*)"', html)]


def test_ledger_links_download_the_filtered_claims(client: TestClient) -> None:
    page = client.get("/claims?speaker=Matsegora").text
    found = links(page, "/export.")
    assert {u.split("?")[0] for u in found} == {"/export.stix", "/export.ftm", "/export.graphml", "/export.csv",
                                                "/export.jsonl"}
    for url in found:
        r = client.get(url)
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    jsonl = next(u for u in found if u.startswith("/export.jsonl"))
    rows = [json.loads(x) for x in client.get(jsonl).text.splitlines()]
    assert rows and all(r["speaker_name"] == "Alexander Matsegora" for r in rows)


def test_story_and_entity_pages_link_their_brief_and_exports(client: TestClient) -> None:
    story = client.get("/api/stories?order=newest&limit=1").json()[0]["id"]
    entity = client.get("/api/entities?name=Matsegora").json()[0]["id"]
    for page, brief in ((f"/stories/{story}", f"/brief/stories/{story}.html"),
                        (f"/entities/{entity}", f"/brief/entities/{entity}.html")):
        html = client.get(page).text
        assert brief in links(html, "/brief/")
        r = client.get(brief)
        assert r.status_code == 200 and "script-src 'none'" in r.headers["content-security-policy"]
        assert "<style>" in r.text and "Sources" in r.text
        assert client.get(brief.replace(".html", ".pdf")).content.startswith(b"%PDF")
        stix_url = next(u for u in links(html, "/export.stix"))
        assert stix2.parse(client.get(stix_url).text, allow_custom=True).objects


@pytest.mark.parametrize(("url", "status"), [("/export.xml", 400), ("/export.csv?grade=9", 400),
                                             ("/export.csv?colour=red", 400), ("/brief/stories/999999.md", 404),
                                             ("/brief/entities/abc.html", 404), ("/brief/stories/1.docx", 400)])
def test_bad_downloads_answer_an_error_page(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status and "Traceback" not in r.text
