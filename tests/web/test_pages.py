"""The workbench over TestClient: every page and API route, its filters, and every kind of bad input."""
from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_helpers import HOSTILE_TEXT

from claimgraph.corpus import corroborate
from claimgraph.records import SCHEMA, STANCES
from claimgraph.store import Store, load_analysis
from claimgraph.store import schema as t
from claimgraph.store.timeline import date_range
from claimgraph.web import claims as ledger
from claimgraph.web import create_app
from claimgraph.web.rendering import speaker_name

TAG = re.compile(r"<[^>]+>")


def visible(html: str) -> str:
    """The text a reader sees in a piece of HTML."""
    return unescape(TAG.sub("", html))


@pytest.fixture(scope="module")
def ids(web_store: Store) -> dict[str, Any]:
    """Ids of things in the store that the tests open."""
    with web_store.begin() as conn:
        c, d, sc = t.claims, t.documents, corroborate.story_claims
        hostile = conn.execute(select(d.c.id).where(d.c.title.like("Ministry statement%"))).scalar_one()
        claim = conn.execute(select(c.c.document_id, c.c.id, c.c.content_text, sc.c.story_id)
                             .join(sc, sc.c.claim_pk == c.c.pk).where(c.c.document_id != hostile)
                             .order_by(c.c.pk)).first()
        story_sizes = conn.execute(select(sc.c.story_id, func.count()).group_by(sc.c.story_id)
                                   .order_by(func.count().desc(), sc.c.story_id)).first()
        entity = conn.execute(select(t.entities.c.canonical_id, func.count(func.distinct(t.entities.c.document_id)))
                              .where(t.entities.c.type == "PERSON").group_by(t.entities.c.canonical_id)
                              .order_by(func.count(func.distinct(t.entities.c.document_id)).desc())).first()
        speaker = conn.execute(select(t.canonical_entities.c.name, func.count()).select_from(
            c.join(t.entities, (t.entities.c.document_id == c.c.document_id) & (t.entities.c.id == c.c.speaker_entity))
            .join(t.canonical_entities, t.canonical_entities.c.id == t.entities.c.canonical_id))
            .group_by(t.canonical_entities.c.name).order_by(func.count().desc())).first()
        totals = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                  for name, table in (("claims", c), ("documents", d))}
    return {"hostile": hostile, "document": claim.document_id, "claim": claim.id, "content": claim.content_text,
            "story": claim.story_id, "big_story": story_sizes[0], "person": entity[0], "speaker": speaker[0], "speaker_claims": speaker[1], **totals}


def test_home_shows_counts_stories_and_newest_documents(client: TestClient, ids: dict[str, Any]) -> None:
    r = client.get("/")
    assert r.status_code == 200
    text = visible(r.text)
    assert f"{ids['documents']} documents" in " ".join(text.split())
    assert "Newest stories" in text and "Most disputed" in text and "Single-source claims" in text
    assert 'href="/stories/' in r.text and 'href="/documents/' in r.text


def test_ledger_lists_every_claim_with_its_columns(client: TestClient, ids: dict[str, Any]) -> None:
    r = client.get("/claims", params={"per_page": 500})
    assert r.status_code == 200
    assert r.text.count('class="claim-row"') == ids["claims"]
    headers = [visible(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", r.text)]
    for column in ("Speaker", "Via", "Stance", "Hedge / band", "Grade", "Date", "Outlet"):
        assert column in headers


@pytest.mark.parametrize("stance", STANCES)
def test_ledger_filters_by_stance(client: TestClient, stance: str) -> None:
    body = client.get("/api/claims", params={"stance": stance, "per_page": 500}).json()
    assert all(c["stance"] == stance for c in body["claims"])
    assert body["total"] == len(body["claims"])


def test_ledger_stance_filters_add_up_to_the_whole_ledger(client: TestClient, ids: dict[str, Any]) -> None:
    totals = [client.get("/api/claims", params={"stance": s}).json()["total"] for s in STANCES]
    assert sum(totals) == ids["claims"]


def test_ledger_finds_a_speaker_by_surname(client: TestClient, ids: dict[str, Any]) -> None:
    surname = ids["speaker"].split()[-1]
    body = client.get("/api/claims", params={"speaker": surname, "per_page": 500}).json()
    assert body["total"] >= ids["speaker_claims"]
    assert all(surname in speaker_name(c) or surname in c["speaker"]["text"] for c in body["claims"])


def test_ledger_filters_by_outlet_date_range_and_hedge(client: TestClient) -> None:
    body = client.get("/api/claims", params={"outlet": "defense", "per_page": 500}).json()
    assert body["total"] > 0 and all("defense" in c["document"]["outlet"].lower() for c in body["claims"])
    body = client.get("/api/claims", params={"since": "2024-10", "until": "2024-10-31", "per_page": 500}).json()
    assert body["total"] > 0 and all("2024-10-01" <= c["document"]["published"] <= "2024-10-31~"
                                     for c in body["claims"])
    hedged = client.get("/api/claims", params={"hedge": "any", "per_page": 500}).json()
    flat = client.get("/api/claims", params={"hedge": "none", "per_page": 500}).json()
    assert all(c["hedges"] or c["probability"] for c in hedged["claims"])
    assert not any(c["hedges"] or c["probability"] for c in flat["claims"])
    assert hedged["total"] + flat["total"] == client.get("/api/claims").json()["total"]


def test_ledger_filters_by_entity_and_story_grade(client: TestClient, ids: dict[str, Any]) -> None:
    body = client.get("/api/claims", params={"entity": ids["person"], "per_page": 500}).json()
    assert body["total"] > 0
    grade = client.get(f"/api/stories/{ids['story']}").json()["grade"]
    graded = client.get("/api/claims", params={"grade": grade, "per_page": 500}).json()
    assert graded["total"] > 0 and all(c["story"]["grade"] == grade for c in graded["claims"])


def test_ledger_pages_do_not_overlap(client: TestClient, ids: dict[str, Any]) -> None:
    first = client.get("/api/claims", params={"per_page": 5}).json()
    second = client.get("/api/claims", params={"per_page": 5, "page": 2}).json()
    assert first["pages"] == -(-ids["claims"] // 5)
    keys = {(c["document"]["id"], c["id"]) for c in first["claims"]}
    assert len(keys) == 5 and not keys & {(c["document"]["id"], c["id"]) for c in second["claims"]}
    page = client.get("/claims", params={"per_page": 5, "page": 2})
    assert 'rel="prev"' in page.text and 'rel="next"' in page.text


def test_csv_export_holds_the_filtered_rows(client: TestClient) -> None:
    api = client.get("/api/claims", params={"stance": "asserted", "per_page": 500}).json()
    r = client.get("/claims.csv", params={"stance": "asserted"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == api["total"]
    assert {row["stance"] for row in rows} == {"asserted"}
    assert [row["claim_id"] for row in rows] == [c["id"] for c in api["claims"]]


def test_a_csv_cell_that_looks_like_a_formula_stays_text() -> None:
    assert ledger.cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert ledger.cell("-5 soldiers") == "'-5 soldiers"
    assert ledger.cell("500 soldiers") == "500 soldiers"


@pytest.mark.parametrize("words", ["Kursk' OR '1'='1", "Kursk\"; DROP TABLE claims; --", "%", "_", "' OR 1=1 --",
                                   "Kursk NEAR/2 OR", "claims_fts MATCH *", "\\"])
def test_search_with_sql_metacharacters_returns_results_not_errors(client: TestClient, words: str,
                                                                  ids: dict[str, Any]) -> None:
    r = client.get("/api/claims", params={"q": words})
    assert r.status_code == 200
    page = client.get("/claims", params={"q": words})
    assert page.status_code == 200
    assert client.get("/api/claims").json()["total"] == ids["claims"]  # nothing was dropped


def test_search_with_a_quote_still_finds_the_words(client: TestClient) -> None:
    plain = client.get("/api/claims", params={"q": "Kursk"}).json()["total"]
    assert plain > 0
    assert client.get("/api/claims", params={"q": "Kursk'"}).json()["total"] == plain


@pytest.mark.parametrize("query, reason", [
    ({"stance": "bogus"}, "stance 'bogus'"),
    ({"since": "2024-13"}, "since '2024-13'"),
    ({"until": "yesterday"}, "until 'yesterday'"),
    ({"grade": "9"}, "grade '9'"),
    ({"page": "abc"}, "page 'abc'"),
    ({"per_page": "0"}, "per_page '0'"),
    ({"colour": "red"}, "unknown filter 'colour'"),
])
def test_bad_filter_values_are_400_with_the_reason(client: TestClient, query: dict[str, str], reason: str) -> None:
    page = client.get("/claims", params=query)
    assert page.status_code == 400
    assert reason in unescape(page.text)
    api = client.get("/api/claims", params=query)
    assert api.status_code == 400 and reason in api.json()["error"]
    assert client.get("/claims.csv", params=query).status_code == 400


@pytest.mark.parametrize("route", ["/api/claims", "/api/documents"])
def test_an_unknown_filter_names_every_parameter_the_route_takes_paging_too(client: TestClient, route: str) -> None:
    r = client.get(route, params={"colour": "red"})
    allowed = r.json()["error"].split("; use ", 1)[1].split(", ")
    assert r.status_code == 400 and "page" in allowed and "per_page" in allowed and "since" in allowed
    for name in allowed:  # each one it lists is taken
        assert client.get(route, params={name: "1" if name in ("page", "per_page", "story", "grade") else ""}
                          ).status_code == 200, name


@pytest.mark.parametrize("url", ["/timeline?since=2024-02-30x", "/timeline?page=0", "/graph?kind=everything",
                                 "/graph?limit=1", "/api/stories?order=random", "/api/entities?limit=0"])
def test_other_bad_parameters_are_400(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400
    assert "Traceback" not in r.text


@pytest.mark.parametrize("url", ["/entities/999999", "/entities/abc", "/documents/no-such-document",
                                 "/stories/999999", "/stories/abc", "/graph?entity=999999", "/no/such/page",
                                 "/api/entities/999999", "/api/documents/no-such-document", "/api/stories/999999",
                                 "/api/claims/no-such-document/c1"])
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    if url.startswith("/api/"):
        assert "error" in r.json()
    else:
        assert "<h1>Not found</h1>" in r.text


def test_a_server_error_shows_no_traceback(web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.web import home

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(home, "counts", broken)
    with TestClient(create_app(store=web_store), raise_server_exceptions=False) as c:
        for url in ("/", "/api/stats"):
            r = c.get(url)
            assert r.status_code == 500
            assert "secret internal detail" not in r.text and "Traceback" not in r.text


def test_entity_page_shows_spellings_with_reasons_claims_and_events(client: TestClient, ids: dict[str, Any]) -> None:
    r = client.get(f"/entities/{ids['person']}")
    assert r.status_code == 200
    for heading in ("Names and spellings", "What it said", "What was said about it", "Its events"):
        assert heading in r.text
    api = client.get(f"/api/entities/{ids['person']}").json()
    assert api["entity"]["id"] == ids["person"]
    assert all(s["rules"] for s in api["spellings"])
    for s in api["spellings"]:
        assert s["name"] in visible(r.text)


def test_entities_list_links_to_entity_pages(client: TestClient, ids: dict[str, Any]) -> None:
    r = client.get("/entities")
    assert f'href="/entities/{ids["person"]}"' in r.text
    assert client.get("/entities", params={"type": "PERSON"}).status_code == 200


def test_document_page_marks_the_claim_at_its_exact_span(client: TestClient, ids: dict[str, Any],
                                                         web_store: Store) -> None:
    r = client.get(f"/documents/{ids['document']}", params={"claim": ids["claim"]})
    assert r.status_code == 200
    with web_store.begin() as conn:
        analysis = load_analysis(conn, ids["document"])
    assert analysis is not None
    claim = next(c for c in analysis.claims if c.id == ids["claim"])
    # the text between the claim's first and last highlighted piece is exactly its content span
    pieces = re.findall(r'<span class="hl-claim[^"]*"[^>]*data-claim="' + re.escape(claim.id) + r'"[^>]*>(.*?)</span>'
                        r'(?=<span class="hl-claim|[^<]|$|<)', r.text, flags=re.DOTALL)
    assert pieces
    assert 'class="hl-claim focus"' in r.text and f'id="claim-{claim.id}"' in r.text
    body = r.text.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert visible(body) == analysis.document.text
    assert "story" in r.text and f'href="/stories/{ids["story"]}"' in r.text


def test_api_document_is_the_stored_analysis(client: TestClient, ids: dict[str, Any], web_store: Store) -> None:
    body = client.get(f"/api/documents/{ids['document']}").json()
    with web_store.begin() as conn:
        analysis = load_analysis(conn, ids["document"])
    assert analysis is not None
    assert body["schema"] == SCHEMA
    assert body["claims"] == [c.to_json() for c in analysis.claims]
    assert body["document"]["text"] == analysis.document.text
    assert set(body["stories"]) == {c.id for c in analysis.claims}


def test_story_page_sets_support_beside_dispute_with_the_grade_and_why(client: TestClient,
                                                                       ids: dict[str, Any]) -> None:
    api = client.get(f"/api/stories/{ids['big_story']}").json()
    r = client.get(f"/stories/{ids['big_story']}")
    assert r.status_code == 200
    assert api["reason"].startswith(f"{api['grade']} — ") and api["reason"] in visible(r.text)
    assert "Supporting (" in r.text and "Disputing (" in r.text and "Reports by independent origin" in r.text
    shown = len(api["support"]) + len(api["dispute"])
    assert shown == api["claims"]
    assert len(api["by_origin"]) >= 1


def test_disputed_stories_list_only_disputed_ones(client: TestClient) -> None:
    for s in client.get("/api/stories", params={"order": "disputed"}).json():
        assert s["disputed"]
    for s in client.get("/api/stories", params={"order": "single"}).json():
        assert s["independent_origins"] == 1 and not s["disputed"]


def test_timeline_lists_events_in_date_order_and_filters(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    assert body["total"] > 0
    dated = [e["date"] for e in body["events"] if e["date"] and e["date"][:1].isdigit()]
    assert dated == sorted(dated)
    some = client.get("/api/timeline", params={"since": "2024-10", "until": "2024-11"}).json()
    assert some["total"] < body["total"]
    for e in some["events"]:  # a date of any precision that may fall in the range (2024 may be October)
        first, last = date_range(e["date"]) or ("", "")
        assert first <= "2024-11-30" and last >= "2024-10-01"
    assert client.get("/timeline", params={"about": "Russia"}).status_code == 200


def test_the_timeline_says_how_each_event_is_reported(client: TestClient) -> None:
    from claimgraph.records import MODALITIES

    body = client.get("/api/timeline").json()
    assert {e["modality"] for e in body["events"]} <= set(MODALITIES)
    not_done = [e for e in body["events"] if e["modality"] != "done"]
    assert not_done, "the demo corpus reports planned and denied events too"
    assert f'class="modality modality-{not_done[0]["modality"]}"' in client.get("/timeline").text


@pytest.mark.parametrize("filters", [{}, {"about": "Kursk"}, {"about": "Russia", "since": "2024"},
                                     {"since": "2024-10", "until": "2024-11"}, {"until": "2023"}])
def test_timeline_pages_hold_the_lines_of_the_whole_timeline(web_store: Store, filters: dict[str, str]) -> None:
    from claimgraph.store import timeline as store_timeline
    from claimgraph.store.timeline import TimelineFilter, timeline

    def line(g: dict[str, Any]) -> tuple[Any, ...]:
        reports = sorted((r["document"]["id"], r["event"]) for r in g["reports"])
        return g["date"], g["action"]["code"] or g["action"]["text"], g["documents"], g["sources"], tuple(reports)

    with web_store.begin() as conn:
        cli = timeline(conn, **filters)  # type: ignore[arg-type]
        f = TimelineFilter(**filters)
        pages = [store_timeline.page(conn, f, page=1, per_page=7)]
        while pages[-1]["page"] < pages[-1]["pages"]:
            pages.append(store_timeline.page(conn, f, page=pages[-1]["page"] + 1, per_page=7))
    web = [g for p in pages for g in p["events"]]
    assert pages[0]["total"] == len(cli) == len(web)
    assert sorted(map(line, web), key=str) == sorted(map(line, cli), key=str)
    assert [_order(g["date"]) for g in web] == sorted(_order(g["date"]) for g in web)


def _order(date: str | None) -> tuple[int, str]:
    return (0, date) if date and date[:1].isdigit() else ((1, date) if date else (2, ""))


def test_graph_is_svg_with_links_to_entity_pages(client: TestClient, ids: dict[str, Any]) -> None:
    r = client.get("/graph")
    assert r.status_code == 200 and "<svg" in r.text and 'href="/entities/' in r.text
    data = client.get("/api/graph").json()
    assert data["nodes"] and data["edges"]
    names = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in names and e["target"] in names for e in data["edges"])
    around = client.get("/api/graph", params={"entity": ids["person"]}).json()
    assert around["center"] == ids["person"] and ids["person"] in {n["id"] for n in around["nodes"]}
    assert client.get("/api/graph", params={"kind": "events"}).json()["edges"] is not None


def test_hostile_article_text_is_escaped_on_every_page(client: TestClient, ids: dict[str, Any]) -> None:
    urls = [f"/documents/{ids['hostile']}", "/claims?q=leaked", "/claims?outlet=example", "/",
            "/entities?name=Petrenko", "/timeline", "/graph", "/claims?q=%3Cscript%3Ewindow.__xss"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>window.__xss" not in r.text, url
        assert "<img src=x" not in r.text, url
        assert 'href="javascript:' not in r.text, url
    page = client.get(f"/documents/{ids['hostile']}").text
    assert "&lt;script&gt;window.__xss" in page
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert visible(body) == HOSTILE_TEXT
    api = client.get(f"/api/documents/{ids['hostile']}")  # JSON keeps the text as it is: data, not markup
    assert api.headers["content-type"] == "application/json" and api.json()["document"]["text"] == HOSTILE_TEXT


def test_pages_forbid_scripts_by_policy(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'none'" in csp
    assert client.get("/claims").headers["x-content-type-options"] == "nosniff"


def test_openapi_documents_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/claims", "/api/claims/{document_id}/{claim_id}", "/api/entities", "/api/entities/{entity_id}",
                 "/api/documents/{document_id}", "/api/stories", "/api/stories/{story_id}", "/api/timeline",
                 "/api/graph", "/api/stats"):
        assert path in paths, path
    params = {p["name"]: p for p in paths["/api/claims"]["get"]["parameters"]}
    assert {"q", "speaker", "entity", "stance", "hedge", "grade", "outlet", "since", "until", "page"} <= set(params)
    assert all(p.get("description") for p in params.values())
    assert not any(p.startswith("/claims") or p == "/" for p in paths)


def test_api_claim_and_stats(client: TestClient, ids: dict[str, Any]) -> None:
    c = client.get(f"/api/claims/{ids['document']}/{ids['claim']}").json()
    assert c["content"]["text"] == ids["content"] and c["story"]["id"] == ids["story"]
    stats = client.get("/api/stats").json()
    assert stats["documents"] == ids["documents"] and stats["claims"] == ids["claims"] and stats["stories"]


def test_an_empty_store_still_serves_every_page(tmp_path: Any) -> None:
    store = Store(tmp_path / "empty.db")
    try:
        with TestClient(create_app(store=store)) as c:
            for url in ("/", "/claims", "/entities", "/timeline", "/graph", "/claims.csv", "/api/stories"):
                assert c.get(url).status_code == 200, url
            assert "The store is empty" in c.get("/").text
    finally:
        store.close()


def test_warming_up_keeps_the_corpus_wide_answers(web_store: Store, client: TestClient) -> None:
    from claimgraph.web import cache
    from claimgraph.web.app import warm_up

    cache.clear()
    warm_up(web_store)
    with web_store.begin() as conn:
        current = cache.version(conn)
    assert cache.peek("all-stories", current)
    assert cache.peek("grades", current) is not None
    assert cache.peek(("graph", (), "all", 30, None, None), current) is not None
    assert cache.peek(("timeline", None, None, None, None, 1), current) is not None
    assert client.get("/").status_code == 200 and client.get("/claims", params={"grade": 6}).status_code == 200


def test_a_change_to_the_store_is_seen_at_once(tmp_path: Any) -> None:
    from web_helpers import DEMO

    from claimgraph.corpus import Corpus

    db = tmp_path / "growing.db"
    with Corpus(db) as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        with TestClient(create_app(store=corpus.store)) as c:
            before = c.get("/api/stats").json()
            entities_before = len(c.get("/api/entities").json())
            corpus.ingest([DEMO / "016.json"], workers=1)
            after = c.get("/api/stats").json()
            assert after["documents"] == before["documents"] + 1 and after["claims"] > before["claims"]
            assert len(c.get("/api/entities").json()) > entities_before


def test_the_api_page_lists_every_api_route(client: TestClient) -> None:
    r = client.get("/api/")
    assert r.status_code == 200
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in r.text
    assert client.get("/api/docs").status_code == 404  # Swagger UI would load from a CDN


def test_pages_load_nothing_from_elsewhere_and_run_no_script(client: TestClient, ids: dict[str, Any]) -> None:
    for url in ("/", "/claims", "/entities", f"/entities/{ids['person']}", f"/documents/{ids['document']}",
                f"/stories/{ids['story']}", "/timeline", "/graph", "/api/"):
        html = client.get(url).text
        assert "<script" not in html.lower(), url
        for tag in re.findall(r"<(?:link|img|iframe|object|embed|source)\b[^>]*>", html, flags=re.IGNORECASE):
            assert not re.search(r"(?:href|src)=\"(?:https?:)?//", tag), (url, tag)
    assert client.get("/static/style.css").status_code == 200


@pytest.mark.parametrize("order", ["newest", "disputed", "single"])
def test_home_lists_from_candidates_match_the_lists_from_every_story(web_store: Store, order: str) -> None:
    from claimgraph.web import cache, stories

    with web_store.begin() as conn:
        cache.clear()
        quick = stories.listing(conn, order=order, limit=8)  # before every story is summarised
        stories.all_stories(conn)
        full = stories.listing(conn, order=order, limit=8)
    assert [s["id"] for s in quick] == [s["id"] for s in full]
    if order == "disputed":
        assert all(s["disputed"] for s in full)


def test_a_warm_workbench_works_out_the_new_answers_after_a_change(tmp_path: Any) -> None:
    import threading
    import time

    from web_helpers import DEMO

    from claimgraph.corpus import Corpus
    from claimgraph.web import cache
    from claimgraph.web.app import keep_warm

    with Corpus(tmp_path / "watched.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        stop = threading.Event()
        watcher = threading.Thread(target=keep_warm, args=(corpus.store, 0.05, stop), daemon=True)
        watcher.start()
        try:
            corpus.ingest([DEMO / "016.json"], workers=1)
            with corpus.store.begin() as conn:
                current = cache.version(conn)
            deadline = time.monotonic() + 60  # a bound on the wait, not a timing: the warm-up must happen
            while cache.peek("grades", current) is None and time.monotonic() < deadline:  # among the last warmed
                time.sleep(0.05)
            assert cache.peek("counts", current)["documents"] == 2
            assert cache.peek(("graph", (), "all", 30, None, None), current) is not None
        finally:
            stop.set()
            watcher.join(10)


def test_statistics_are_gathered_once_for_a_store(tmp_path: Any) -> None:
    from sqlalchemy import event

    store = Store(tmp_path / "measured.db")
    said: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda conn, cursor, sql, *rest: said.append(sql))
    try:
        create_app(store=store)
        create_app(store=store)  # a second start (a restart of `serve`) finds the statistics there
    finally:
        store.close()
    assert [s for s in said if s.strip().upper() == "ANALYZE"] == ["ANALYZE"]
