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
    page.wait_for_url(re.compile(r"/claims\?q="))
    assert page.locator("h1").inner_text() == "Claim ledger"
    assert int(page.locator("#total").inner_text().replace(",", "")) > 0
    assert all("kursk" in t.lower() for t in page.locator("tr.claim-row td.content").all_inner_texts())


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
