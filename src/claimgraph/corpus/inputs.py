"""What `ingest` reads: files, folders, JSON Lines, feeds and URLs, each turned into articles or failures.

One bad input never stops the others: everything that cannot be read becomes an `Item` with the
reason, and the ingest summary lists it.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from claimgraph import readers
from claimgraph.corpus import feeds
from claimgraph.corpus.fetch import FetchOptions, fetch, is_http_url
from claimgraph.errors import InputError
from claimgraph.records import Document

JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = readers.SUFFIXES + JSONL_SUFFIXES + feeds.FEED_SUFFIXES
"""Extensions ingested from a folder (and accepted for files given by name)."""

MIN_ENTRY_WORDS = 80
"""A feed entry with fewer words is a teaser: the article is fetched from its link instead."""


@dataclass(frozen=True)
class Item:
    """One article read from an input (`document`), or the reason it could not be read (`error`)."""

    name: str
    document: Document | None = None
    error: str | None = None


def _failure(name: str, e: InputError) -> Item:
    message = str(e)
    # readers' messages start with the input's name; the summary shows the name in its own column
    for prefix in (f"{name}: ", f"{name}:"):
        if message.startswith(prefix):
            message = message[len(prefix):]
            break
    return Item(name, error=message)


def expand(inputs: Iterable[str | os.PathLike[str]], options: FetchOptions = FetchOptions()) -> Iterator[Item]:
    """Every article (or failure) in the given files, folders and URLs, in order."""
    for raw in inputs:
        value = os.fspath(raw)
        if is_http_url(value):
            yield from _url_items(value, options)
        elif "://" in value:
            yield Item(value, error="only http:// and https:// URLs (or file paths) can be ingested")
        else:
            yield from _path_items(Path(value), options)


def _path_items(path: Path, options: FetchOptions) -> Iterator[Item]:
    name = str(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if not any(part.startswith(".") for part in p.relative_to(path).parts)
                       and (p.is_file() or p.is_symlink()))
        if not files:
            yield Item(name, error="the folder holds no files")
        for f in files:
            yield from _file_items(f, options)
    elif path.exists() or path.is_symlink():
        yield from _file_items(path, options)
    else:
        yield Item(name, error="no such file or folder")


def _file_items(path: Path, options: FetchOptions) -> Iterator[Item]:
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_items(path)
        elif suffix in feeds.FEED_SUFFIXES:
            yield from _feed_items(_read(path), name, options)
        elif suffix in readers.JSON_SUFFIXES:
            yield from _json_items(path)
        else:
            yield Item(name, readers.read_path(path))
    except InputError as e:
        yield _failure(name, e)


def _read(path: Path) -> bytes:
    name = str(path)
    try:
        if path.stat().st_size > readers.MAX_FILE_BYTES:
            raise InputError(f"{name}: file is larger than {readers.MAX_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file (a broken link?)") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
    if not raw.strip():
        raise InputError(f"{name}: empty file")
    return raw


def _json_items(path: Path) -> Iterator[Item]:
    """An article object, or a list of them."""
    name = str(path)
    data = readers.parse_json(readers.decode(_read(path), name).lstrip("\ufeff"), name)
    if isinstance(data, list):
        for i, article in enumerate(data, 1):
            try:
                yield Item(f"{name}[{i}]", readers.document_from_json(article, f"{name}[{i}]"))
            except InputError as e:
                yield _failure(f"{name}[{i}]", e)
    else:
        yield Item(name, readers.document_from_json(data, name))


def _jsonl_items(path: Path) -> Iterator[Item]:
    """One article object per line, read as a stream (a file of any size); a bad line fails alone."""
    name = str(path)
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file (a broken link?)") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
    articles = 0
    with stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            articles += 1
            where = f"{name}:{number}"
            try:
                if len(raw) > readers.MAX_FILE_BYTES:
                    raise InputError(f"{where}: the line is longer than {readers.MAX_FILE_BYTES:,} bytes")
                line = readers.decode(raw, where).lstrip("\ufeff")
                yield Item(where, readers.document_from_json(readers.parse_json(line, where), where))
            except InputError as e:
                yield _failure(where, e)
    if not articles:
        raise InputError(f"{name}: empty file")


def _url_items(url: str, options: FetchOptions) -> Iterator[Item]:
    try:
        page = fetch(url, options)
        if feeds.looks_like_feed(page.body, page.content_type):
            yield from _feed_items(page.body, url, options)
        else:
            document = readers.document_from_html(page.body, url)
            yield Item(url, replace(document, url=document.url or page.url))
    except InputError as e:
        yield _failure(url, e)


def _feed_items(body: bytes, name: str, options: FetchOptions) -> Iterator[Item]:
    for i, entry in enumerate(feeds.parse(body, name), 1):
        where = f"{name}#{i}"
        try:
            yield Item(where, _entry_document(entry, where, options))
        except InputError as e:
            yield _failure(where, e)


def _entry_document(entry: feeds.Entry, name: str, options: FetchOptions) -> Document:
    """The article of a feed entry: its own text when it is whole, else the page its link names."""
    meta = {"title": entry.title, "url": entry.link, "published": entry.published, "outlet": entry.outlet}
    if len(entry.text.split()) < MIN_ENTRY_WORDS and entry.link and is_http_url(entry.link):
        page = fetch(entry.link, options)
        document = readers.document_from_html(page.body, entry.link)
        given = {k: v for k, v in meta.items() if v and not getattr(document, k)}
        return replace(document, **given)
    readers.check_text(entry.text, name)
    return Document(text=entry.text, **{k: v for k, v in meta.items() if v})
