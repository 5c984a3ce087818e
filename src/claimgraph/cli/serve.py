"""`claimgraph serve`: the workbench (web UI and JSON API) over a store."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from claimgraph.cli.output import counted
from claimgraph.store.location import DEFAULT_DB, ENV_DB

DESCRIPTION = """\
Serve the workbench over a store: the claim ledger (filters, search, CSV export), entity pages,
the provenance view of each article with its claims, speakers, cues, hedges and entities marked
at their exact spans, stories with support and dispute, the timeline of events and the entity
graph; and the same records as JSON under /api/ (described at /openapi.json, browsable at
/api/). Every asset ships with the package: it works offline.

On 127.0.0.1 (the default) only this machine can reach it. Any other --host needs a token
(--token or $CLAIMGRAPH_TOKEN, 8 characters or more), which every request must show: open
http://HOST:PORT/?token=TOKEN once in a browser (a cookie keeps it), or send the header
'Authorization: Bearer TOKEN'. Stop the server with Ctrl-C.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="serve the workbench: web UI and JSON API over a store",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", metavar="PATH|URL",
                   help=f"the store: a SQLite file path or a postgresql:// URL (default: ${ENV_DB}, "
                        f"else ./{DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--token", metavar="TOKEN",
                   help="access token every request must show (default: $CLAIMGRAPH_TOKEN); required off loopback")
    p.add_argument("--no-answer-cache", dest="keep_answers", action="store_false", default=None,
                   help="work every page out again on each request (by default a page is kept until the store or "
                        "the notebook changes; $CLAIMGRAPH_KEEP_ANSWERS=0 does the same)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=run_serve)


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return int(value)


def url_of(host: str, port: int) -> str:
    """The address a person types to reach the server."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def run_serve(args: Any) -> int:
    import uvicorn

    from claimgraph.web import create_app
    from claimgraph.web.auth import required_token

    token = required_token(args.host, args.token)
    check_can_listen(args.host, args.port)
    from claimgraph.cli.query import require_store
    from claimgraph.store import Store

    require_store(args.db)
    store = Store(args.db)
    place_pending_claims(store, quiet=args.quiet)
    app = create_app(store=store, token=token, warm=True, keep_answers=args.keep_answers)
    if not args.quiet:
        shown = store.shown
        where = url_of(args.host, args.port)
        print(f"claimgraph workbench for {shown} at {where}" + ("  (open it with ?token=TOKEN)" if token else ""),
              file=sys.stderr)
        print("Press Ctrl-C to stop.", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if not args.quiet else "error",
                access_log=False)
    return 0


def place_pending_claims(store: Any, quiet: bool = False) -> None:
    """Put the claims of documents stored before stories existed into stories, so every page can show them."""
    from claimgraph.corpus import corroborate

    with store.begin() as conn:
        pending = corroborate.pending_documents(conn)
    if pending:
        if not quiet:
            print(f"placing the claims of {counted(len(pending), 'document')} in stories first…", file=sys.stderr)
        with store.begin(write=True) as conn:
            corroborate.catch_up(conn)


def check_can_listen(host: str, port: int) -> None:
    """An InputError where the port is taken or the address is not this machine's (uvicorn would only log it)."""
    import socket

    from claimgraph.errors import InputError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise InputError(f"--host {host}: {e.strerror or e}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as e:
            raise InputError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
