"""The lexicons are data that YAML must read as words: 'No' or 'on' unquoted would become booleans."""
from importlib import resources

import pytest
import yaml

FILES = sorted(p.name for p in resources.files("claimgraph.nlp.lexicon").iterdir() if p.name.endswith(".yaml"))


def _list_items(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _list_items(v, path + (str(k),))
    elif isinstance(node, list):
        for v in node:
            if isinstance(v, (list, dict)):
                yield from _list_items(v, path)
            else:
                yield path, v


@pytest.mark.parametrize("name", FILES)
def test_every_word_in_a_lexicon_list_is_a_string(name):
    data = yaml.safe_load(resources.files("claimgraph.nlp.lexicon").joinpath(name).read_text(encoding="utf-8"))
    bad = [(path, v) for path, v in _list_items(data) if not isinstance(v, (str, int, float)) or isinstance(v, bool)]
    assert not bad, f"{name}: YAML read these list items as non-words (quote them): {bad}"


@pytest.mark.parametrize("name", FILES)
def test_the_loader_the_pipeline_uses_reads_each_lexicon_as_pyyamls_own_does(name):
    """libyaml (lexicon.LOADER, for speed) and PyYAML's Python reader must agree on every value and its type."""
    from claimgraph.nlp import lexicon

    text = resources.files("claimgraph.nlp.lexicon").joinpath(name).read_text(encoding="utf-8")
    assert repr(yaml.load(text, Loader=lexicon.LOADER)) == repr(yaml.safe_load(text))
