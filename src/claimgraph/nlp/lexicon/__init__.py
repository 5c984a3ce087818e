"""Word lists and rules as data: each YAML file says where its terms come from."""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from claimgraph.errors import LexiconError


@cache
def load(name: str) -> Any:
    """The parsed content of lexicon/NAME.yaml, loaded once per process."""
    try:
        text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"lexicon {name}.yaml: {e}") from e
