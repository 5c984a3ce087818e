"""The workbench: a web UI and JSON API over a claimgraph store (`claimgraph serve`)."""
from __future__ import annotations

from claimgraph.web.app import create_app

__all__ = ["create_app"]
