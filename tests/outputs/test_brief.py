"""Briefs: every footnote quotes its document exactly, the same store gives the same bytes, the PDF holds the text."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from pypdf import PdfReader

from claimgraph.errors import InputError
from claimgraph.outputs import brief as briefs
from claimgraph.store import Store, load_document


def biggest_story(store: Store) -> int:
    from claimgraph.corpus import corroborate

    with store.begin() as conn:
        return int(corroborate.stories(conn)[0]["id"])


def built(store: Store, **what: Any) -> dict[str, Any]:
    with store.begin() as conn:
        return briefs.build(conn, **what)


@pytest.mark.parametrize("what", [{"story": None}, {"entity": "Matsegora"}, {"entity": "North Korea"},
                                  {"about": "North Korea", "since": "2024-01", "until": "2025-12"}],
                         ids=["story", "person", "country", "about"])
def test_every_footnote_quotes_the_document_at_its_span(export_store: Store, what: dict[str, Any]) -> None:
    if "story" in what:
        what = {"story": biggest_story(export_store)}
    data = built(export_store, **what)
    assert data["footnotes"]
    cited = {s["fn"] for sec in data["sections"] for s in sec["statements"]} | {v["fn"] for v in data["events"]}
    assert cited == {f["n"] for f in data["footnotes"]}, "a footnote no statement cites, or a citation with none"
    with export_store.begin() as conn:
        for f in data["footnotes"]:
            text = load_document(conn, f["document_id"]).text  # type: ignore[union-attr]
            assert text[f["start"]:f["end"]] == f["quote"]
            assert f["outlet"] and f["published"]


class Quotes(HTMLParser):
    """The footnotes of a rendered HTML brief: (document, start, end, quoted text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[Any]] = []
        self.open: list[Any] | None = None
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "q" and a.get("data-document"):
            self.open = [a["data-document"], int(a["data-start"] or 0), int(a["data-end"] or 0), ""]
        if tag in ("script", "link", "img", "iframe", "object") or (tag != "a" and ("src" in a or "href" in a)):
            self.loaded.append(tag)

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open[3] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "q" and self.open is not None:
            self.found.append(self.open)
            self.open = None


def test_the_html_quotes_the_exact_words_and_loads_nothing(export_store: Store) -> None:
    html = briefs.brief(export_store, entity="Matsegora", fmt="html")
    assert isinstance(html, str)
    parser = Quotes()
    parser.feed(html)
    assert parser.found and not parser.loaded
    assert "@import" not in html and "url(" not in html
    with export_store.begin() as conn:
        for doc, start, end, quoted in parser.found:
            assert load_document(conn, doc).text[start:end] == quoted  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", briefs.BRIEF_FORMATS)
def test_the_same_store_gives_the_same_brief_byte_for_byte(export_store: Store, fmt: str) -> None:
    story = biggest_story(export_store)
    first = briefs.brief(export_store, story=story, fmt=fmt)
    assert first == briefs.brief(export_store, story=story, fmt=fmt)
    if fmt == "pdf":
        assert b"/CreationDate" not in first  # type: ignore[operator]


def test_a_stamp_is_only_there_when_asked(export_store: Store) -> None:
    story = biggest_story(export_store)
    plain = briefs.brief(export_store, story=story, fmt="md")
    stamped = briefs.brief(export_store, story=story, fmt="md", stamp="2025-03-01T10:00:00+00:00")
    assert "prepared" not in plain and "prepared 2025-03-01T10:00:00+00:00" in stamped  # type: ignore[operator]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def test_the_pdf_holds_the_claims_and_footnotes(export_store: Store) -> None:
    data = built(export_store, entity="Matsegora")
    pdf = briefs.brief(export_store, entity="Matsegora", fmt="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    text = _words(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    squeezed = text.replace(" ", "")
    assert data["title"] in text
    for sec in data["sections"]:
        for s in sec["statements"]:
            assert _words(s["content"]).replace(" ", "") in squeezed
    for f in data["footnotes"]:
        assert _words(f["quote"]).replace(" ", "") in squeezed
        assert f["outlet"].replace(" ", "") in squeezed


def test_a_story_brief_says_what_supports_and_what_disputes_it(export_store: Store) -> None:
    data = built(export_store, story=biggest_story(export_store))
    titles = [s["title"] for s in data["sections"]]
    assert titles == ["What is claimed, by whom and through whom", "What disputes it"]
    assert data["grade"]["code"] in range(1, 7) and data["grade"]["reason"]
    assert any(k == "Independent origins" for k, _ in data["facts"])
    md = briefs.render(data, "md")
    assert isinstance(md, str) and "[^1]:" in md and "## Sources" in md


def test_markdown_keeps_article_text_literal() -> None:
    assert briefs._md("*bold* [link](x) <b>") == "\\*bold\\* \\[link\\](x) \\<b\\>"


@pytest.mark.parametrize(("what", "message"), [({"story": 999999}, "no such story"),
                                               ({"entity": "Nobody Of That Name"}, "no entity"),
                                               ({}, "give one of"), ({"story": 1, "entity": "x"}, "give one of"),
                                               ({"entity": "Matsegora", "since": "2025"}, "go with --about"),
                                               ({"about": "Kursk", "since": "last week"}, "--since")])
def test_a_brief_of_nothing_is_one_clear_error(export_store: Store, what: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        built(export_store, **what)


@pytest.mark.parametrize(("date", "published", "shown"), [(None, "2024-10-23", "reported 2024-10-23"),
                                                          (None, None, "undated"), ("2024-06", "2024-10-23", "2024-06")])
def test_an_event_without_a_date_of_its_own_is_shown_by_the_day_it_was_reported(date, published, shown) -> None:
    text = "Troops crossed the river."
    event = {"date": date, "action": {"code": "MOBILIZE", "mode": None, "text": "crossed"},
             "actor": {"text": "Troops"}, "target": None, "place": None,
             "sentence": {"text": text, "start": 0, "end": len(text)},
             "document": {"id": "d1", "outlet": "Example Wire", "published": published, "url": None, "title": None}}
    assert briefs._event_line(event, briefs.Footnotes())["date"] == shown
