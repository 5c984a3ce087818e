"""Reading an article from a file or stream: plain text, HTML (via trafilatura) or article JSON.

Every reader returns a `Document` whose `text` is exactly what the analysis offsets index.
Plain text and HTML are normalised at read time (a leading byte-order mark is dropped, CRLF and
lone CR become LF) so that the stored text is what a reader sees; the text of article JSON is kept
exactly as given, because offsets that others made (gold annotations, earlier runs) index it.
Control characters, HTML tags inside a .txt and the like are kept: they are text like any other,
except the two no store can hold (NUL, lone surrogates), which become U+FFFD, one for one, each
replacement recorded on the document (`claimgraph.storable`).

A file is read through `read_file`: at most MAX_FILE_BYTES + 1 bytes whatever its size claims
(`/dev/zero` claims none), and never a device or socket; opening it never waits for a writer.
"""
from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from claimgraph.analyze import MAX_CHARS
from claimgraph.errors import InputError
from claimgraph.records import Document
from claimgraph.storable import storable_document

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES
"""The extensions `read_path` knows, lower case."""

MAX_FILE_BYTES = 16 * MAX_CHARS
"""Largest file read at all (16 MB): room for a heavy HTML page, while a text above MAX_CHARS is refused anyway."""

METADATA = ("url", "outlet", "title", "published", "language")
"""Article keys that become Document metadata; `id` is not one of them, the text's hash is the id."""

STDIN = "-"

_BINARY_SHARE = 0.05
"""Share of control characters (other than tab, newline, CR, form feed) above which bytes are taken for binary."""

_ALLOWED_CONTROLS = frozenset("\t\n\r\f")

_JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", dict: "an object", list: "an array"}
"""How a message names a JSON value's type (bool before int: True is an int in Python)."""

_FILE_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISFIFO, "a named pipe"))


@dataclass(frozen=True)
class Overrides:
    """Metadata that the caller gives for every input, replacing what the input itself says."""

    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None

    def apply(self, document: Document) -> Document:
        """The document with every given field replaced."""
        given = {k: v for k, v in vars(self).items() if v is not None}
        return replace(document, **given) if given else document


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR as LF, and no leading byte-order mark."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 bytes (or UTF-16 with a byte-order mark) as text; an InputError for binary data or another encoding."""
    try:
        # Windows editors save UTF-16 with a byte-order mark; that mark says the encoding for certain
        text = raw.decode("utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if b"\x00" in raw[:4096]:
            raise InputError(f"{name}: looks like a binary file, not text") from None
        raise InputError(f"{name}: not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); "
                         "save it as UTF-8") from None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if sample and controls / len(sample) > _BINARY_SHARE:
        raise InputError(f"{name}: looks like a binary file, not text ({controls} control characters "
                         f"in the first {len(sample)})")
    return text


def check_text(text: str, name: str) -> None:
    """Refuse an empty text or one longer than one document may be."""
    if not text.strip():
        raise InputError(f"{name}: no text to analyse (empty)")
    if len(text) > MAX_CHARS:
        raise InputError(f"{name}: text has {len(text):,} characters, more than the {MAX_CHARS:,} "
                         "one document may hold; split it into articles")


def document_from_text(text: str, name: str) -> Document:
    """Plain text as a Document, newlines normalised."""
    text = normalise_newlines(text)
    check_text(text, name)
    return storable_document(Document(text=text))


def json_type(value: Any) -> str:
    """A JSON value's type as a message names it ('a number', 'an array')."""
    return next((shown for kind, shown in _JSON_TYPES.items() if isinstance(value, kind)), type(value).__name__)


def _metadata_value(data: dict[str, Any], key: str, name: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):  # a title of 2025 or true is a mistake in the file, not a title
        raise InputError(f"{name}: article key '{key}' must be a string, not {json_type(value)} "
                         f"({json.dumps(value)[:40]})")
    return value


def document_from_json(data: Any, name: str) -> Document:
    """An article JSON object (keys `text`, `title`, `outlet`, `url`, `published`) as a Document."""
    if not isinstance(data, dict):
        raise InputError(f"{name}: article JSON must be an object with a 'text' key, not a "
                         f"{type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(f"{name}: article JSON has no string 'text' key")
    check_text(text, name)
    meta: dict[str, Any] = {k: v for k in METADATA if (v := _metadata_value(data, k, name)) is not None}
    return storable_document(Document(text=text, **meta))


def parse_json(text: str, name: str) -> Any:
    """Parsed JSON, or an InputError that says where it breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{name}: malformed JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply to be an article") from None


def document_from_html(raw: bytes, name: str) -> Document:
    """The main text and metadata (title, url, date, site name as outlet) of an HTML page."""
    import trafilatura  # slow to import; only HTML needs it

    if b"\x00" in raw[:4096]:
        raise InputError(f"{name}: looks like a binary file, not HTML")
    try:
        result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    except Exception as e:  # noqa: BLE001 - trafilatura raises many kinds on broken markup
        raise InputError(f"{name}: cannot read the HTML ({type(e).__name__}: {e})") from None
    text = normalise_newlines(getattr(result, "text", None) or "")
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    title = getattr(result, "title", None) or None
    if title:
        first, _, rest = text.partition("\n")
        # trafilatura keeps the headline as the first line; it is metadata here, not body text
        if first.strip() == title.strip() and rest.strip():
            text = rest.lstrip("\n")
    check_text(text, name)
    return storable_document(Document(text=text, title=title, url=getattr(result, "url", None) or None,
                                      published=getattr(result, "date", None) or None,
                                      outlet=getattr(result, "sitename", None) or None))


def open_file(path: Path, *, follow: bool = True) -> BinaryIO:
    """A file opened for reading, or an InputError: a directory, a device or a socket is no article file.

    A named pipe is read only where a caller names it (`<(curl ...)`); opening never waits for its writer.
    With `follow` False a symbolic link is refused (a folder walk has checked where its links lead).
    """
    name = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory; give the article files in it (e.g. {name}/*.json)") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{name}: is a directory; give the article files in it (e.g. {name}/*.json)")
        kind = next((shown for test, shown in _FILE_KINDS if test(mode)), None)
        if kind is not None and not (stat.S_ISFIFO(mode) and follow):
            raise InputError(f"{name}: is {kind}, not a file; give an article file")
        os.set_blocking(fd, True)  # from here a pipe's reader waits for its data, as any reader would
        return cast(BinaryIO, os.fdopen(fd, "rb"))
    except BaseException:
        os.close(fd)
        raise


def read_file(path: Path, *, follow: bool = True) -> bytes:
    """The bytes of one file (see `open_file`), refused above MAX_FILE_BYTES whatever its size claims."""
    name = str(path)
    with open_file(path, follow=follow) as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name}: file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} read as one "
                             "article; split it into articles")
        try:
            raw = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"{name}: more than the {MAX_FILE_BYTES:,} bytes read as one article; "
                         "split it into articles")
    return raw


def read_path(path: Path | str, *, follow: bool = True) -> Document:
    """Read one article file by its extension: .txt/.text, .html/.htm, or article .json."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES and not path.is_dir() and path.exists():
        known = ", ".join(SUFFIXES)
        what = f"unknown extension '{path.suffix}'" if path.suffix else "no extension"
        raise InputError(f"{name}: {what}; give a {known} file, or - to read standard input")
    raw = read_file(path, follow=follow)
    if not raw.strip():
        raise InputError(f"{name}: empty file")
    if suffix in HTML_SUFFIXES:
        return document_from_html(raw, name)
    text = decode(raw, name)
    if suffix in JSON_SUFFIXES:
        return document_from_json(parse_json(text.lstrip("\ufeff"), name), name)
    return document_from_text(text, name)


def looks_like_html_page(raw: bytes) -> bool:
    """True for bytes that open as a whole HTML page (a doctype or an <html> tag), not text with a few tags."""
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_stream(stream: BinaryIO, name: str = STDIN) -> Document:
    """An article from a byte stream: an HTML page, article JSON if it parses as a JSON object, else plain text."""
    raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"{name}: more than {MAX_FILE_BYTES:,} bytes, more than is read as one article; "
                         "split it into articles")
    if not raw.strip():
        raise InputError(f"{name}: empty input")
    if looks_like_html_page(raw):
        return document_from_html(raw, name)
    text = decode(raw, name)
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            data = None  # text that happens to start with a brace
        if isinstance(data, dict):
            return document_from_json(data, name)
    return document_from_text(text, name)


def read(source: str, overrides: Overrides | None = None) -> Document:
    """Read a path, or standard input for `-`, and apply the caller's metadata."""
    if source == STDIN and sys.stdin is None:
        raise InputError("-: there is no standard input to read")
    document = read_stream(sys.stdin.buffer) if source == STDIN else read_path(Path(source))
    # an argument can carry a lone surrogate too: bytes of the command line that are not UTF-8
    return storable_document(overrides.apply(document)) if overrides else document
