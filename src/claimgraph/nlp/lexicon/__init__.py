"""Word lists and rules as data: each YAML file says where its terms come from."""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from claimgraph.errors import LexiconError

LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (about ten times faster: the lexicons take 0.15 s instead of
1.4 s at start), else PyYAML's own; tests/nlp/test_lexicon.py checks both read every lexicon alike."""


@cache
def load(name: str) -> Any:
    """The parsed content of lexicon/NAME.yaml, loaded once per process."""
    try:
        text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        return yaml.load(text, Loader=LOADER)
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"lexicon {name}.yaml: {e}") from e
