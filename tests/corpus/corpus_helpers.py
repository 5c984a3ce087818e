"""Helpers for corpus tests: articles we write, a dump of a store, and the routes of a local web server."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select

from claimgraph.store import Store, load_analysis
from claimgraph.store import schema as t

SPEAKERS = ["Dmitry Peskov", "Maria Zakharova", "Antony Blinken", "Lloyd Austin", "Kim Yo Jong", "Rafael Grossi"]
PLACES = ["Kursk", "Pyongyang", "Vladivostok", "Kharkiv", "Seoul", "Tokyo", "Geneva"]
CUES = ["said", "claimed", "denied", "told reporters", "warned"]


def write_article(folder: Path, name: str, outlet: str, published: str, text: str) -> Path:
    """One article we wrote as a JSON file of folder, named and titled `name`."""
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"text": text, "outlet": outlet, "published": published, "title": name,
                                "url": f"https://example.org/{name}"}), encoding="utf-8")
    return path


def article(i: int) -> str:
    """A short report we wrote, different for every i: a speaker, a claim, a denial, a hedge."""
    speaker, other = SPEAKERS[i % len(SPEAKERS)], SPEAKERS[(i * 7 + 3) % len(SPEAKERS)]
    place, origin = PLACES[i % len(PLACES)], PLACES[(i // 3 + 1) % len(PLACES)]
    cue = CUES[i % len(CUES)]
    return (f"{speaker} {cue} on Tuesday that {100 + i} soldiers had arrived in {place} from {origin}. "
            f"Officials in {origin} denied the report, calling it a provocation number {i}. "
            f"According to {other}, the convoy will likely reach the border within {i % 9 + 2} days.")


def dump(db: str | Path) -> dict[str, Any]:
    """Everything a store holds that an analyst could see, without ingest timestamps."""
    store = Store(db)
    with store.begin() as conn:
        ids = conn.execute(select(t.documents.c.id).order_by(t.documents.c.pk)).scalars().all()
        out = {
            "documents": [load_analysis(conn, i).to_json() for i in ids],
            "links": [tuple(r) for r in conn.execute(select(
                t.entities.c.document_id, t.entities.c.id, t.entities.c.canonical_id, t.entities.c.link_rule)
                .order_by(t.entities.c.document_id, t.entities.c.id))],
            "canonical": [tuple(r) for r in conn.execute(select(
                t.canonical_entities.c.id, t.canonical_entities.c.name, t.canonical_entities.c.type)
                .order_by(t.canonical_entities.c.id))],
            "copies": [tuple(r) for r in conn.execute(select(t.document_copies).order_by(
                t.document_copies.c.document_id))],
        }
    store.close()
    return out


Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class RouteHandler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        if callable(route):
            route(self)
            return
        status, headers, body = route
        self.send_response(status)
        for k, v in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up on a huge page is expected here


def slow(seconds: float) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that answers only after some seconds."""
    def answer(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            h.send_response(200)
            h.end_headers()
            h.wfile.write(b"<html><body><p>late</p></body></html>")
        except OSError:
            pass
    return answer


def huge(megabytes: int) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that streams an HTML page of this many megabytes without announcing its length."""
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        chunk = b"<p>" + b"filler words " * 5000 + b"</p>\n"
        try:
            h.wfile.write(b"<html><body>")
            for _ in range(megabytes * 1024 * 1024 // len(chunk) + 1):
                h.wfile.write(chunk)
        except OSError:
            pass
    return answer


def page(title: str, paragraphs: list[str]) -> bytes:
    """An HTML news page."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright</footer></body></html>").encode()


def rss(items: list[dict[str, str]], title: str = "Example Wire") -> bytes:
    """An RSS 2.0 feed."""
    def item(d: dict[str, str]) -> str:
        desc = d.get("description", "").replace("&", "&amp;").replace("<", "&lt;")
        return (f"<item><title>{d['title']}</title><link>{d['link']}</link>"
                f"<pubDate>{d.get('date', 'Tue, 11 Feb 2025 09:00:00 GMT')}</pubDate>"
                f"<description>{desc}</description></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org</link><description>news</description>"
            f"{''.join(item(d) for d in items)}</channel></rss>").encode()


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
