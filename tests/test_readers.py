"""Reading articles from files and streams: formats, normalisation and one-line errors for bad input."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimgraph import readers
from claimgraph.analyze import MAX_CHARS
from claimgraph.errors import InputError
from claimgraph.readers import Overrides, read_path, read_stream

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles"

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Envoy claims soldiers are treated abroad</title>
<meta property="og:title" content="Envoy claims soldiers are treated abroad">
<meta property="og:site_name" content="The Example Courier">
<meta property="article:published_time" content="2025-02-11T09:30:00+00:00">
<link rel="canonical" href="https://news.example.org/2025/02/11/envoy-claims">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Envoy claims soldiers are treated abroad</h1>
<p>The ambassador told a state broadcaster on Monday that hundreds of wounded soldiers had been
treated in hospitals abroad, a claim that could not be independently verified.</p>
<p>Officials in the capital denied the report, calling it a fabrication meant to distract from
losses at the front, according to a statement published by the foreign ministry.</p>
<p>Analysts at a research institute said it was likely that the cooperation would deepen in the
coming months, pointing to new flights between the two countries.</p>
</article>
<footer>Subscribe to our newsletter. All rights reserved.</footer>
</body></html>
"""


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_path(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_text_file_keeps_tags_and_control_characters_but_unifies_line_endings(tmp_path):
    raw = "The minister said <b>talks</b> failed.\r\nKyiv\x01 denied it.\x1b[0m\rEnd.\r\n"
    doc = read_path(write(tmp_path / "a.txt", raw))
    assert doc.text == "The minister said <b>talks</b> failed.\nKyiv\x01 denied it.\x1b[0m\nEnd.\n"
    assert doc.repairs == ()


def test_a_nul_no_store_can_hold_becomes_a_replacement_character_and_is_recorded(tmp_path):
    said = " The ministry said on Monday that the talks had failed and would not resume this year."
    doc = read_path(write(tmp_path / "a.txt", "Kyiv\x00 denied it.\x00" + said))
    assert doc.text == "Kyiv\ufffd denied it.\ufffd" + said  # one for one: offsets stay where they were
    assert [r.to_json() for r in doc.repairs] == [{"field": "text", "kind": "NUL", "count": 2, "first": 4}]


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    doc = read_path(write(tmp_path / "bom.txt", b"\xef\xbb\xbfOfficials said so."))
    assert doc.text == "Officials said so."


def test_a_text_saved_as_utf16_with_a_byte_order_mark_is_read(tmp_path):
    doc = read_path(write(tmp_path / "win.txt", "Kyiv denied it.\r\nThe envoy said so.".encode("utf-16")))
    assert doc.text == "Kyiv denied it.\nThe envoy said so."


def test_an_article_json_gives_text_and_metadata_exactly(tmp_path):
    article = {"id": "007", "text": "Peskov said it was fake.\r\n", "title": "Denial", "outlet": "Example",
               "url": "https://example.org/x", "published": "2025-02-11", "extra": [1, 2]}
    doc = read_path(write(tmp_path / "x.json", json.dumps(article)))
    assert doc.text == article["text"]  # offsets made by others index this exact text
    assert (doc.title, doc.outlet, doc.url, doc.published) == ("Denial", "Example", "https://example.org/x",
                                                               "2025-02-11")
    assert doc.id != "007"  # the id is the hash of the text, so the same text is one document anywhere


def test_every_demo_article_reads_with_its_metadata():
    paths = sorted(DEMO.glob("*.json"))
    assert len(paths) >= 40
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        doc = read_path(path)
        assert doc.text == data["text"]
        assert doc.outlet == data["outlet"] and doc.title == data["title"]


def test_an_html_page_gives_its_main_text_and_metadata(tmp_path):
    doc = read_path(write(tmp_path / "page.html", PAGE))
    assert doc.title == "Envoy claims soldiers are treated abroad"
    assert doc.outlet == "The Example Courier"
    assert doc.published == "2025-02-11"
    assert doc.url == "https://news.example.org/2025/02/11/envoy-claims"
    assert doc.text.startswith("The ambassador told")  # the headline is metadata, not body text
    assert "Officials in the capital denied" in doc.text
    assert "Subscribe" not in doc.text and "Sport" not in doc.text


def test_an_html_page_in_another_declared_encoding_is_read(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("ambassador", "ambassadör")
    doc = read_path(write(tmp_path / "page.htm", page.encode("cp1252")))
    assert "ambassadör told" in doc.text


def test_an_html_page_without_text_is_refused(tmp_path):
    message = error_of(write(tmp_path / "nav.html",
                                   "<html><head><title>Live</title></head><body><script>load()</script></body></html>"))
    assert "nav.html" in message and "no article text" in message


def test_overrides_replace_only_what_is_given(tmp_path):
    doc = read_path(write(tmp_path / "page.html", PAGE))
    doc2 = Overrides(outlet="Wire", published="2025-03-01").apply(doc)
    assert (doc2.outlet, doc2.published, doc2.title) == ("Wire", "2025-03-01", doc.title)


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\r\n\t ", "empty"),
    ("blank.json", b"\n", "empty"),
    ("latin1.txt", "Caf\u00e9 owners said so.".encode("latin-1"), "not UTF-8"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8, "binary"),
    ("zeros.txt", b"\x00" * 2000, "binary"),
    ("broken.json", b'{"text": "Peskov said it was fake.",\n "title": }', "malformed JSON at line 2"),
    ("list.json", b'[{"text": "a"}]', "must be an object"),
    ("deep.json", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    ("notext.json", b'{"title": "no body"}', "no string 'text'"),
    ("nulltext.json", b'{"text": null}', "no string 'text'"),
    ("emptytext.json", b'{"text": "   "}', "empty"),
    ("nested.json", b'{"text": "He said so.", "outlet": {"name": "X"}}', "'outlet' must be a string"),
    ("report.pdf", b"%PDF-1.7", "unknown extension '.pdf'"),
    ("README", b"Officials said so.", "no extension"),
])
def test_bad_input_is_one_line_naming_the_file_and_the_problem(tmp_path, name, data, problem):
    message = error_of(write(tmp_path / name, data))
    assert message.startswith(str(tmp_path / name) + ": ")
    assert problem in message


def test_a_missing_file_is_named(tmp_path):
    assert error_of(tmp_path / "gone.txt") == f"{tmp_path / 'gone.txt'}: no such file"


def test_a_directory_is_not_an_article(tmp_path):
    assert "is a directory" in error_of(tmp_path)


def test_an_article_of_five_megabytes_is_refused_with_its_size(tmp_path):
    body = "Officials said the talks had failed. " * (5_000_000 // 37 + 1)
    message = error_of(write(tmp_path / "huge.txt", body))
    assert f"{len(body):,} characters" in message and f"{MAX_CHARS:,}" in message
    message = error_of(write(tmp_path / "huge.json", json.dumps({"text": body})))
    assert "huge.json" in message and "split it into articles" in message


def test_a_text_of_exactly_the_limit_is_read(tmp_path):
    body = ("x" * 99 + "\n") * (MAX_CHARS // 100)
    assert len(read_path(write(tmp_path / "limit.txt", body)).text) == MAX_CHARS


def test_a_file_too_large_to_read_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    assert "more than the 1,000 read" in error_of(write(tmp_path / "big.html", "<p>" + "a" * 2000 + "</p>"))


def test_a_stream_that_parses_as_an_article_object_is_an_article():
    doc = read_stream(io.BytesIO(b' {"text": "Kyiv denied it.", "outlet": "Wire"}\n'))
    assert (doc.text, doc.outlet) == ("Kyiv denied it.", "Wire")


def test_a_stream_that_opens_as_an_html_page_is_read_as_html():
    doc = read_stream(io.BytesIO(PAGE.encode("utf-8")))
    assert doc.title == "Envoy claims soldiers are treated abroad"
    assert doc.text.startswith("The ambassador told") and "<p>" not in doc.text


def test_a_stream_of_text_with_a_few_tags_stays_text():
    assert read_stream(io.BytesIO(b"<b>Kyiv</b> denied it.")).text == "<b>Kyiv</b> denied it."


def test_a_stream_that_is_not_json_is_plain_text():
    assert read_stream(io.BytesIO(b"{Braces} open this text.\r\n")).text == "{Braces} open this text.\n"
    assert read_stream(io.BytesIO(b"[1, 2] said nobody")).text == "[1, 2] said nobody"


def test_a_stream_with_a_json_object_that_is_no_article_is_refused():
    with pytest.raises(InputError, match=r"^-: article JSON has no string 'text' key$"):
        read_stream(io.BytesIO(b'{"title": "only a title"}'))


def test_an_empty_stream_is_refused():
    with pytest.raises(InputError, match="^-: empty input$"):
        read_stream(io.BytesIO(b""))
