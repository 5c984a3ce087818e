import pytest

from claimgraph.nlp import pipeline


@pytest.fixture(scope="session")
def nlp():
    return pipeline.get()


@pytest.fixture(scope="session")
def read(nlp):
    """Analyse a text we wrote, with optional metadata."""
    from claimgraph import analyze

    def _read(text, **meta):
        return analyze(text, nlp=nlp, **meta)

    return _read
