"""What `ingest` reads: files, folders, JSON Lines, feeds and URLs, each turned into articles or failures.

One bad input never stops the others: everything that cannot be read becomes an `Item` with the
reason, and the ingest summary lists it.
"""
from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from claimgraph import readers
from claimgraph.corpus import feeds
from claimgraph.corpus.fetch import DEFAULT_OPTIONS, FetchOptions, Page, fetch, is_http_url
from claimgraph.errors import InputError
from claimgraph.records import Document
from claimgraph.storable import storable_document

JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = readers.SUFFIXES + JSONL_SUFFIXES + feeds.FEED_SUFFIXES
"""Extensions ingested from a folder (and accepted for files given by name)."""

MIN_ENTRY_WORDS = 80
"""A feed entry with fewer words is a teaser: the article is fetched from its link instead."""

FEED_FETCHES = 4
"""Pages of one feed's teasers fetched at once: a feed of slow pages costs a quarter of their timeouts."""


@dataclass(frozen=True)
class Item:
    """One article read from an input (`document`), or the reason it could not be read (`error`)."""

    name: str
    document: Document | None = None
    error: str | None = None


def _failure(name: str, e: InputError, read_as: str | None = None) -> Item:
    """A failure of the input `name` (read as the file `read_as`, where a link led there)."""
    message = str(e)
    # readers' messages start with the input's name; the summary shows the name in its own column
    for prefix in (f"{name}: ", f"{read_as}: " if read_as else None):
        if prefix and message.startswith(prefix):
            message = message[len(prefix):]
            break
    return Item(name, error=message)


def expand(inputs: Iterable[str | os.PathLike[str]], options: FetchOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
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
        yield from _folder_items(path, options)
    elif path.exists() or path.is_symlink():
        yield from _file_items(path, options)
    else:
        yield Item(name, error="no such file or folder")


def _folder_items(folder: Path, options: FetchOptions) -> Iterator[Item]:
    """The articles of the regular files under a folder, in name order; links that lead out of it, pipes and
    devices are failures, never read (a link to /dev/zero or /etc/passwd is no article of the folder)."""
    root = Path(os.path.realpath(folder))
    found: list[tuple[Path, Path | None, str | None]] = []  # (path, what to read, why not)

    def unreadable(e: OSError) -> None:
        found.append((Path(e.filename or folder), None, f"cannot read ({e.strerror or e})"))

    for here, dirs, names in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for d in dirs:
            if os.path.islink(os.path.join(here, d)):
                leads_to = Path(os.path.realpath(os.path.join(here, d)))
                if not leads_to.is_relative_to(root):  # a link inside the folder is walked where it points
                    found.append((Path(here, d), None, f"a link to {leads_to}, outside the folder; not followed"))
        found.extend(_folder_file(Path(here, n), root) for n in names if not n.startswith("."))
    if not found:
        yield Item(str(folder), error="the folder holds no files")
    for path, target, why in sorted(found, key=lambda f: f[0]):
        if target is not None:
            yield from _file_items(path, options, target)
        elif why is not None:
            yield Item(str(path), error=why)


def _folder_file(path: Path, root: Path) -> tuple[Path, Path | None, str | None]:
    """(path, the file to read, None), or (path, None, why it is not read)."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target != path and not target.is_relative_to(root):
        return path, None, f"a link to {target}, outside the folder; not followed"
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return path, None, f"no such file (a broken link to {target})"
    except OSError as e:
        return path, None, f"cannot read ({e.strerror or e})"
    if stat.S_ISDIR(mode):
        return path, None, None  # became a folder since the walk saw it: the walk reads what is in it
    if not stat.S_ISREG(mode):
        return path, None, "not a regular file (a pipe, socket or device); not read"
    return path, target, None


def _file_items(path: Path, options: FetchOptions, target: Path | None = None) -> Iterator[Item]:
    """The articles of one file; `target` is the checked file a folder walk found at `path` (its links resolved)."""
    name = str(path)
    suffix = path.suffix.lower()
    source = target or path
    follow = target is None  # a file named by the caller may be a link; a walked one was checked
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_items(source, name, follow)
        elif suffix in feeds.FEED_SUFFIXES:
            yield from _feed_items(_read(source, name, follow), name, options)
        elif suffix in readers.JSON_SUFFIXES:
            yield from _json_items(source, name, follow)
        else:
            yield Item(name, readers.read_path(source, follow=follow))
    except InputError as e:
        yield _failure(name, e, str(source))


def _read(path: Path, name: str, follow: bool = True) -> bytes:
    raw = readers.read_file(path, follow=follow)
    if not raw.strip():
        raise InputError(f"{name}: empty file")
    return raw


def _json_items(path: Path, name: str, follow: bool = True) -> Iterator[Item]:
    """An article object, or a list of them."""
    data = readers.parse_json(readers.decode(_read(path, name, follow), name).lstrip("\ufeff"), name)
    if isinstance(data, list):
        for i, article in enumerate(data, 1):
            try:
                yield Item(f"{name}[{i}]", readers.document_from_json(article, f"{name}[{i}]"))
            except InputError as e:
                yield _failure(f"{name}[{i}]", e)
    else:
        yield Item(name, readers.document_from_json(data, name))


def _jsonl_items(path: Path, name: str, follow: bool = True) -> Iterator[Item]:
    """One article object per line, read as a stream (a file of any size); a bad line fails alone."""
    articles = 0
    with readers.open_file(path, follow=follow) as stream:
        for number, raw in enumerate(_lines(stream, readers.MAX_FILE_BYTES), 1):
            if raw is not None and not raw.strip():
                continue
            articles += 1
            where = f"{name}:{number}"
            try:
                if raw is None:
                    raise InputError(f"{where}: the line is longer than {readers.MAX_FILE_BYTES:,} bytes")
                line = readers.decode(raw, where).lstrip("\ufeff")
                yield Item(where, readers.document_from_json(readers.parse_json(line, where), where))
            except InputError as e:
                yield _failure(where, e)
    if not articles:
        raise InputError(f"{name}: empty file")


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a stream, each None that is longer than `limit` bytes (read past, never held whole)."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def _url_items(url: str, options: FetchOptions) -> Iterator[Item]:
    try:
        page = fetch(url, options)
        if feeds.looks_like_feed(page.body, page.content_type):
            yield from _feed_items(page.body, url, options)
        else:
            document = readers.document_from_html(page.body, url)
            yield Item(url, storable_document(replace(document, url=document.url or page.url)))
    except InputError as e:
        yield _failure(url, e)


def _feed_items(body: bytes, name: str, options: FetchOptions) -> Iterator[Item]:
    """The articles of a feed's entries, in order; the pages of teasers are fetched a few at a time."""
    entries = feeds.parse(body, name)
    with ThreadPoolExecutor(FEED_FETCHES, thread_name_prefix="claimgraph-fetch") as pool:
        pages: deque[Future[Page] | None] = deque()
        ahead = iter(entries)

        def ask() -> None:
            entry = next(ahead, None)
            if entry is not None:
                pages.append(pool.submit(fetch, entry.link, options) if _teaser(entry) and entry.link else None)

        for _ in range(2 * FEED_FETCHES):
            ask()
        for i, entry in enumerate(entries, 1):
            where = f"{name}#{i}"
            pending = pages.popleft()
            ask()
            try:
                yield Item(where, _entry_document(entry, where, pending.result() if pending else None))
            except InputError as e:
                yield _failure(where, e)


def _teaser(entry: feeds.Entry) -> bool:
    """Whether an entry only leads to its article: too short to be it, with a link to follow."""
    return len(entry.text.split()) < MIN_ENTRY_WORDS and bool(entry.link) and is_http_url(entry.link or "")


def _entry_document(entry: feeds.Entry, name: str, page: Page | None) -> Document:
    """The article of a feed entry: its own text when it is whole, else the page its link names."""
    meta: dict[str, Any] = {"title": entry.title, "url": entry.link, "published": entry.published,
                            "outlet": entry.outlet}
    if page is not None and entry.link:
        document = readers.document_from_html(page.body, entry.link)
        given = {k: v for k, v in meta.items() if v and not getattr(document, k)}
        return storable_document(replace(document, **given))  # the feed's title may hold what the page did not
    readers.check_text(entry.text, name)
    return storable_document(Document(text=entry.text, **{k: v for k, v in meta.items() if v}))
