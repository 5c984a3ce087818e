"""The workbench in a real browser: Debian's Chromium, headless, driven by Playwright.

Each page is opened and saved as a screenshot (into a temporary folder, or into the folder that
CLAIMGRAPH_SCREENSHOTS names: `docs/screenshots` refreshes the README's pictures).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from claimgraph.corpus import corroborate
from claimgraph.store import Store
from claimgraph.store import schema as t

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]



@pytest.fixture(scope="module", autouse=True)
def chromium_present() -> None:
    """Skip where Debian's Chromium is missing, except in CI (CLAIMGRAPH_REQUIRE_BROWSER=1), where that fails."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CLAIMGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CLAIMGRAPH_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
    pytest.skip(f"needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")


@pytest.fixture(scope="module")
def browser(chromium_present: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("CLAIMGRAPH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def targets(web_store: Store) -> dict[str, Any]:
    """The entity (the person with most claims), story, hostile document and busiest document the browser opens."""
    with web_store.begin() as conn:
        sc = corroborate.story_claims
        story = conn.execute(select(sc.c.story_id).group_by(sc.c.story_id)
                             .order_by(func.count().desc(), sc.c.story_id)).scalars().first()
        said = t.claims.join(t.entities, (t.entities.c.document_id == t.claims.c.document_id)
                             & (t.entities.c.id == t.claims.c.speaker_entity))
        entity = conn.execute(select(t.entities.c.canonical_id).select_from(said).where(t.entities.c.type == "PERSON")
                              .group_by(t.entities.c.canonical_id).order_by(func.count().desc())).scalars().first()
        hostile = conn.execute(select(t.documents.c.id).where(t.documents.c.title.like("Ministry statement%"))
                               ).scalar_one()
        busy = conn.execute(select(t.claims.c.document_id).group_by(t.claims.c.document_id)
                            .order_by(func.count().desc())).scalars().first()
    return {"story": story, "entity": entity, "hostile": hostile, "document": busy}


@pytest.mark.parametrize("name, url, heading", [
    ("home", "/", "The corpus at a glance"),
    ("ledger", "/claims", "Claim ledger"),
    ("entities", "/entities", "Entities"),
    ("entity", "/entities/{entity}", None),
    ("document", "/documents/{document}", None),
    ("story", "/stories/{story}", None),
    ("timeline", "/timeline", "Timeline of events"),
    ("graph", "/graph", "Entities linked by claims and events"),
    ("documents", "/documents", "Documents"),
    ("search", "/search?q=Russia", "Search"),
    ("stories", "/stories", "Stories"),
    ("claim", "/claims/{document}/c1", None),
    ("tags", "/tags", "Tags"),
    ("notes", "/notes", "Notes"),
    ("searches", "/searches", "Saved searches"),
    ("sources", "/sources", "Sources"),
    ("graph-around-a-name", "/graph?entity=Russia", "Entities linked by claims and events"),
])
def test_each_page_opens_in_the_browser(page: Any, base_url: str, shots: Path, targets: dict[str, Any],
                                        name: str, url: str, heading: str | None) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(base_url + url.format(**targets))
    assert response is not None and response.status == 200
    h1 = page.locator("h1").first
    assert h1.is_visible()
    if heading:
        assert h1.inner_text().strip() == heading
    else:
        assert h1.inner_text().strip()
    # the stylesheet is served by the package itself, not a CDN
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    page.screenshot(path=str(shots / f"{name}.png"))
    assert (shots / f"{name}.png").stat().st_size > 5_000
    assert errors == []


def test_filtering_the_ledger_in_the_browser(page: Any, base_url: str) -> None:
    page.goto(base_url + "/claims")
    everything = int(page.locator("#total").inner_text().replace(",", ""))
    page.select_option("select[name=stance]", "asserted")
    page.fill("input[name=hedge]", "none")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"stance=asserted"))
    kept = int(page.locator("#total").inner_text().replace(",", ""))
    assert 0 < kept < everything
    stances = page.locator("tr.claim-row .stance").all_inner_texts()
    assert stances and set(stances) == {"asserted"}
    assert page.locator("tr.claim-row .hedge").count() == 0
    assert "stance=asserted" in (page.locator("#csv").get_attribute("href") or "")


def test_search_with_sql_metacharacters_in_the_browser(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("header .search input", "Kursk' OR '1'='1 --")
    page.press("header .search input", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("h1").inner_text() == "Search"
    claims = page.locator("#hit-claims tr.claim-row td.content").all_inner_texts()
    assert claims and all("kursk" in t.lower() for t in claims)
    page.locator("#hit-claims a", has_text="in the ledger").click()
    page.wait_for_url(re.compile(r"/claims\?q="))
    assert int(page.locator("#total").inner_text().replace(",", "")) >= len(claims)


def test_following_a_claim_to_its_highlighted_span_and_its_story(page: Any, base_url: str, shots: Path) -> None:
    page.goto(base_url + "/claims")
    first = page.locator("tr.claim-row a.claim-link").first
    claim_text = first.inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r"/documents/.+claim="))
    focus = page.locator(".hl-claim.focus")
    assert focus.count() >= 1 and focus.first.is_visible()
    highlighted = "".join(focus.all_inner_texts())
    assert " ".join(highlighted.split()) == " ".join(claim_text.split())
    assert page.evaluate("getComputedStyle(document.querySelector('.hl-claim.focus')).backgroundColor") \
        not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=str(shots / "provenance.png"))
    page.locator("aside li.focus a.story-link").click()
    page.wait_for_url(re.compile(r"/stories/\d+"))
    assert page.locator("h1.proposition").is_visible()
    assert page.locator(".sides .support").is_visible() and page.locator(".sides .dispute").is_visible()
    reports = page.locator("td.content a.claim-link").all_inner_texts()
    assert any(" ".join(r.split()) == " ".join(claim_text.split()) for r in reports)


def test_a_hostile_article_runs_nothing_and_reads_as_text(page: Any, base_url: str, targets: dict[str, Any],
                                                          shots: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in (f"/documents/{targets['hostile']}", "/claims?q=leaked", "/claims?outlet=Example", "/",
                "/entities?name=Petrenko"):
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.evaluate("document.querySelectorAll('main script, main [onerror], main iframe').length") == 0
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
    page.goto(base_url + f"/documents/{targets['hostile']}")
    text = page.locator("#article .body").inner_text()
    assert "<script>window.__xss = 'script'; alert('xss')</script>" in text
    assert "<img src=x onerror=\"window.__xss='img'\">" in text
    assert "<a href=\"javascript:window.__xss='link'\">open the files</a>" in text
    assert "Ministry statement <img src=x" in page.locator("h1").inner_text()
    page.locator("#article .body").click(position={"x": 5, "y": 5})
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.screenshot(path=str(shots / "hostile.png"))
    assert dialogs == []


# --- what analysts do all day: each on a copy of the store, since these pages write to it ----------------


@pytest.fixture(scope="module")
def scratch(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    """A live workbench over a copy of the test store, for the tests that write notes, tags, searches, merges."""
    import sqlite3

    from web_helpers import live_server

    from claimgraph.web import create_app

    copy = tmp_path_factory.mktemp("scratch") / "scratch.db"
    with sqlite3.connect(web_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    store = Store(copy)
    with live_server(create_app(store=store)) as url:
        yield url, store
    store.close()


@pytest.fixture
def no_script_page(browser: Any) -> Iterator[Any]:
    """A page with JavaScript turned off: every form must work without it."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, java_script_enabled=False)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def _number(page: Any, selector: str) -> int:
    return int(page.locator(selector).inner_text().replace(",", ""))


def test_the_documents_page_filters_searches_and_marks_copies(page: Any, base_url: str, shots: Path) -> None:
    page.goto(base_url + "/documents")
    everything = _number(page, "#total")
    assert page.locator("tr.document-row").count() == everything
    assert page.locator("tr.document-row .copy-mark").count() >= 1  # the store holds one copy of a wire story
    page.select_option("select[name=copies]", "exclude")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"copies=exclude"))
    assert page.locator(".copy-mark").count() == 0 and _number(page, "#total") < everything
    page.goto(base_url + "/documents")
    page.fill("form.filters input[name=q]", "Kursk")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=Kursk"))
    assert 0 < _number(page, "#total") < everything
    page.screenshot(path=str(shots / "documents.png"))
    page.locator("a.document-link").first.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+"))
    assert "kursk" in page.locator("#article .body").inner_text().lower()


def test_the_header_search_finds_entities_documents_and_claims(page: Any, base_url: str, shots: Path) -> None:
    page.goto(base_url + "/claims")
    page.fill("header .search input", "Russia")
    page.press("header .search input", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Russia"))
    assert page.locator("#hit-entities li a").count() >= 1
    assert page.locator("#hit-documents li a").count() >= 1
    assert page.locator("#hit-claims tr.claim-row").count() >= 1
    page.screenshot(path=str(shots / "search.png"))
    page.locator("#hit-entities li a", has_text="Russia").first.click()
    page.wait_for_url(re.compile(r"/entities/\d+"))
    assert "Russia" in page.locator("h1").inner_text()


def test_ledger_facets_count_and_narrow_and_columns_sort(page: Any, base_url: str, shots: Path) -> None:
    page.goto(base_url + "/claims")
    for facet in ("outlet", "speaker", "stance", "band", "grade"):
        assert page.locator(f".facet[data-facet={facet}] li").count() >= 1, facet
    stance = page.locator(".facet[data-facet=stance] li").first
    value = stance.locator("a.facet-value").inner_text()
    counted = int(stance.locator(".count").inner_text().replace(",", ""))
    page.screenshot(path=str(shots / "ledger.png"))
    stance.locator("a.facet-value").click()
    page.wait_for_url(re.compile(rf"stance={value}"))
    assert _number(page, "#total") == counted
    assert set(page.locator("tr.claim-row .stance").all_inner_texts()) == {value}
    page.goto(base_url + "/claims?per_page=500")
    page.locator("th a.sort", has_text="Outlet").click()
    page.wait_for_url(re.compile(r"sort=outlet"))
    outlets = [t.strip() for t in page.locator("tr.claim-row td:last-child").all_inner_texts()]
    assert outlets == sorted(outlets, key=lambda o: (o == "", o))
    page.locator("th a.sort", has_text="Outlet").click()
    page.wait_for_url(re.compile(r"sort=-outlet"))
    backwards = [t.strip() for t in page.locator("tr.claim-row td:last-child").all_inner_texts()]
    assert sorted(backwards) == sorted(outlets)  # every claim is on the one page of 500
    assert [o for o in backwards if o] == sorted((o for o in outlets if o), reverse=True)


def test_the_timeline_is_drawn_on_a_time_axis_and_filters(page: Any, base_url: str, shots: Path) -> None:
    page.goto(base_url + "/timeline")
    axis = page.locator("svg.timeline-axis")
    assert axis.is_visible()
    assert page.locator("svg.timeline-axis text.month").count() >= 1
    assert page.locator("svg.timeline-axis text.band").count() >= 1
    circles = page.locator("svg.timeline-axis a.cell")
    assert circles.count() >= 1
    page.screenshot(path=str(shots / "timeline.png"))
    href = circles.first.get_attribute("href") or ""
    month = re.search(r"since=(\d{4}-\d{2})", href).group(1)  # type: ignore[union-attr]
    code = re.search(r"code=([A-Z_]+)", href).group(1)  # type: ignore[union-attr]
    page.goto(base_url + href)
    assert page.locator("li.event").count() >= 1
    assert set(page.locator("li.event .code").all_inner_texts()) == {code}
    assert all(d.startswith(month[:4]) for d in page.locator("li.event .date").all_inner_texts())
    page.goto(base_url + "/timeline")
    page.fill("form.filters input[name=about]", "Russia")
    page.fill("form.filters input[name=since]", "2024")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"about=Russia"))
    kept = _number(page, "#total")
    assert 0 < kept and all(d.startswith("2024") or d.startswith("2025")
                            for d in page.locator("li.event .date").all_inner_texts())


def test_the_graph_centres_on_a_name_expands_a_step_and_filters_by_date(page: Any, base_url: str,
                                                                         shots: Path) -> None:
    page.goto(base_url + "/graph")
    page.fill("form.filters input[name=entity]", "Russia")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"entity=Russia"))
    assert page.locator("svg.graph a.node.center").count() == 1
    before = page.locator("table.graph-nodes tbody tr").count()
    assert before >= 2
    page.screenshot(path=str(shots / "graph.png"))
    page.locator("a.expand-link").first.click()
    page.wait_for_url(re.compile(r"expand=\d+"))
    assert page.locator("table.graph-nodes tbody tr").count() >= before
    page.goto(base_url + "/graph?entity=Russia")
    page.fill("form.filters input[name=until]", "1990")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"until=1990"))
    assert "from the 0 newest articles" in page.locator("p.meta").last.inner_text()


def _note_and_tag(page: Any, url: str, note: str, tag: str) -> None:
    page.goto(url)
    page.fill("form.note-form textarea[name=text]", note)
    page.click("form.note-form button[type=submit]")
    page.wait_for_load_state("load")
    assert note in page.locator("ol.notes").inner_text()
    page.fill("form.tag-form input[name=tag]", tag)
    page.click("form.tag-form button[type=submit]")
    page.wait_for_load_state("load")
    assert tag.casefold() in page.locator("section.annotations div.tags").inner_text()


def test_notes_and_tags_on_claims_entities_and_stories_without_script(no_script_page: Any, targets: dict[str, Any],
                                                                      scratch: tuple[str, Store],
                                                                      shots: Path) -> None:
    import httpx

    url, _ = scratch
    page = no_script_page
    claim = f"/claims/{targets['document']}/c1"
    _note_and_tag(page, url + claim, "Check this figure against the ministry's own release.", "to check")
    _note_and_tag(page, url + f"/entities/{targets['entity']}", "Spokesman since 2023 <b>per the wire</b>.", "Official")
    _note_and_tag(page, url + f"/stories/{targets['story']}", "Two outlets, one origin: treat as single source.",
                  "single origin")
    page.goto(url + f"/entities/{targets['entity']}#notes")  # a note is text: its markup is shown, never run
    assert "<b>per the wire</b>" in page.locator("ol.notes").inner_text()
    assert page.locator("ol.notes b").count() == 0
    page.screenshot(path=str(shots / "notes.png"))
    page.goto(url + "/tags")
    assert {"to check", "official", "single origin"} <= set(page.locator("table.tags-list a.user-tag").all_inner_texts())
    page.goto(url + "/claims?tag=to+check")
    assert _number(page, "#total") == 1
    api = httpx.get(url + f"/api/entities/{targets['entity']}").json()
    assert api["tags"] == ["official"] and api["notes"][0]["text"].startswith("Spokesman since 2023")
    story = httpx.get(url + f"/api/stories/{targets['story']}").json()
    assert story["tags"] == ["single origin"]
    claim_json = httpx.get(url + "/api" + claim).json()
    assert claim_json["tags"] == ["to check"] and len(claim_json["notes"]) == 1
    notes = httpx.get(url + "/api/notes").json()
    assert {n["kind"] for n in notes} == {"claim", "entity", "story"}
    page.goto(url + claim)
    page.click("ol.notes form button[type=submit]")  # delete the note
    page.wait_for_load_state("load")
    assert "No notes." in page.locator("ol.notes").inner_text()
    page.click("section.annotations div.tags form button.untag")
    page.wait_for_load_state("load")
    assert "No tags." in page.locator("section.annotations div.tags").inner_text()


def test_a_saved_search_is_listed_and_opens_the_same_ledger(no_script_page: Any, scratch: tuple[str, Store],
                                                           shots: Path) -> None:
    url, _ = scratch
    page = no_script_page
    page.goto(url + "/claims?stance=disputed&q=Kursk")
    total = _number(page, "#total")
    page.fill("form.save-search input[name=name]", "Kursk, disputed")
    page.click("form.save-search button[type=submit]")
    page.wait_for_url(re.compile(r"/searches$"))
    page.screenshot(path=str(shots / "searches.png"))
    page.locator("a.saved-search", has_text="Kursk, disputed").click()
    page.wait_for_url(re.compile(r"/claims\?"))
    assert _number(page, "#total") == total
    assert page.locator("select[name=stance]").input_value() == "disputed"
    assert "Kursk, disputed" in page.locator("section.saved").inner_text()
    page.goto(url + "/searches")
    page.click("tr.saved-row form button[type=submit]")
    page.wait_for_url(re.compile(r"/searches$"))
    assert page.locator("tr.saved-row").count() == 0


def test_entities_merge_and_split_after_a_confirmation_page(no_script_page: Any, scratch: tuple[str, Store],
                                                            shots: Path) -> None:
    url, store = scratch
    page = no_script_page
    with store.begin() as conn:
        ce = t.canonical_entities
        russia = conn.execute(select(ce.c.id).where(ce.c.name == "Russia")).scalar_one()
        western = conn.execute(select(ce.c.id).where(ce.c.name == "Western Russia")).scalar_one()
    page.goto(url + f"/entities/{russia}")
    page.fill("form.merge-form input[name=other]", "Western Russia")
    page.click("form.merge-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/entities/{russia}/merge\?other="))
    assert "Merge Western Russia into Russia?" in page.locator("h1").inner_text()
    page.screenshot(path=str(shots / "merge.png"))
    with store.begin() as conn:  # nothing changes before the analyst confirms
        assert conn.execute(select(ce.c.id).where(ce.c.id == western)).scalar() == western
    page.click("form.confirm button[type=submit]")
    page.wait_for_url(re.compile(rf"/entities/{russia}\?merged=1"))
    assert "Western Russia" in page.locator("table.spellings").inner_text()
    with store.begin() as conn:
        assert conn.execute(select(ce.c.id).where(ce.c.id == western)).scalar() is None
    page.locator("table.spellings tr", has_text="Western Russia").locator("a.split-link").click()
    page.wait_for_url(re.compile(rf"/entities/{russia}/split\?member="))
    assert page.locator("table.members tbody tr").count() >= 1
    page.screenshot(path=str(shots / "split.png"))
    page.click("form.confirm button[type=submit]")
    page.wait_for_url(re.compile(r"/entities/\d+\?split=1"))
    assert page.locator("h1").inner_text().startswith("Western Russia")
    page.goto(url + f"/entities/{russia}")
    assert "Western Russia" not in page.locator("table.spellings").inner_text()
    assert "merge" in page.locator("section").first.inner_text().lower()  # the log lists the merge and the split
