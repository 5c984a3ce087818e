"""The project's scorer, `../shared/eval/score.py`, loaded as a module so that every yardstick matches names alike."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


class MissingShared(Exception):
    """A folder of `../shared` that a yardstick reads is absent."""


def require(path: Path, what: str) -> Path:
    """`path`, or MissingShared saying what is absent and how to point at it."""
    if not path.exists():
        raise MissingShared(f"{path}: {what} is absent; nothing to score (set SHARED=path/to/shared)")
    return path


def load_scorer(shared: Path) -> ModuleType:
    """`shared/eval/score.py` as a module (`fold`, `names_match`, `score`, `score_claims`, ...)."""
    path = require(shared / "eval" / "score.py", "the project's scorer")
    spec = importlib.util.spec_from_file_location("claimgraph_shared_score", path)
    if spec is None or spec.loader is None:
        raise MissingShared(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and typing look modules up by name
    spec.loader.exec_module(module)
    return module
