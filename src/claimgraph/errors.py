"""The one exception tree of claimgraph.

    ClaimgraphError
     ├── InputError        a file, text or URL the user gave cannot be read as an article
     ├── StoreError        the database cannot be reached or used
     └── LexiconError      a data file under lexicon/ (or a user's grades file) is malformed

Each message is one line that names the input and the problem; the CLI prints it and exits 2.
"""
from __future__ import annotations


class ClaimgraphError(Exception):
    """Base of every error a user can cause."""


class InputError(ClaimgraphError):
    """An input cannot be read as an article."""


class StoreError(ClaimgraphError):
    """The store cannot be reached or used."""


class LexiconError(ClaimgraphError):
    """A data file is malformed."""
