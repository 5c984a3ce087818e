"""Writing an output file whole or not at all: into a temporary file beside it, renamed over it at the end."""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from claimgraph.errors import InputError


@contextmanager
def output(out: str | os.PathLike[str] | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream to write to: standard output where `out` is None or '-', else a temporary file in the target's
    folder that replaces `out` only when the block ends without an error (and is removed when it does not)."""
    if out is None or str(out) == "-":
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    path = Path(out).expanduser()
    if path.is_dir():
        raise InputError(f"--out {out}: is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--out {out}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise InputError(f"--out {out}: cannot write in {folder} ({e.strerror or e})") from None
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as f:
            yield f
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the output is an ordinary file
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"--out {out}: cannot write it ({e.strerror or e})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
