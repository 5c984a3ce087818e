"""Reading an article from a file or stream: plain text, HTML (via trafilatura) or article JSON."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError
from claimgraph.records import Document

METADATA = ("id", "url", "outlet", "title", "published", "language")


def document_from_json(data: Any, name: str) -> Document:
    """An article JSON object (keys `text`, `title`, `outlet`, `url`, `published`) as a Document."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InputError(f"{name}: article JSON needs an object with a string 'text'")
    meta = {k: (str(data[k]) if data.get(k) is not None else None) for k in METADATA if k in data}
    meta.pop("id", None)
    return Document(text=data["text"], **{k: v for k, v in meta.items() if v is not None})


def read_path(path: Path) -> Document:
    """Read one article file by its extension."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    if path.suffix.lower() == ".json":
        return document_from_json(json.loads(text), str(path))
    return Document(text=text)
