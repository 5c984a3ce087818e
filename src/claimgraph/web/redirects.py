"""Redirects that stay on this host: `//evil.example/x` and `/\\evil.example` are paths here, never addresses
of another host. A module of its own, so that the token gate and the security wrapper import it, not each other."""
from __future__ import annotations

import re
from urllib.parse import quote

_LEADING_SLASHES = re.compile(r"^[/\\]+")
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
"""Characters a path keeps as they are; anything else (a backslash, a tab, a space) is percent-encoded."""


def same_host_path(path: str, query: str = "") -> str:
    """A redirect target that stays on this host: the path with one leading slash, unsafe characters encoded."""
    # the slashes go first, then everything a browser might drop or read as one (a tab, a backslash) is encoded
    return "/" + quote(_LEADING_SLASHES.sub("", path), safe=_PATH_SAFE) + (f"?{query}" if query else "")
