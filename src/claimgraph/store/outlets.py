"""Who stands behind an outlet line: the organisation that published an article, and the channel that carried it.

An article's `outlet` says more than a name: "Foreign, Commonwealth & Development Office (via Wired-Gov)" is
the FCDO's statement carried by an aggregator, "Eurasia Review (republishing DOD News)" the Pentagon's article
on another site, "GOV.UK (UK Mission to the UN)" the mission's words on the government's platform. The
grammar of `lexicon/sources.yaml` splits such a line into organisation, channel and qualifier; the same
lexicon's known sources give each organisation its canonical name, kind and default grade. Pure functions
on strings: `store.sources` writes what they find.

    >>> parse_outlet("Foreign, Commonwealth & Development Office (via Wired-Gov)").organisation
    'Foreign, Commonwealth & Development Office'
    >>> parse_outlet("Eurasia Review (republishing DOD News)").channel
    'Eurasia Review'

What it does not handle: an outlet line in another grammar ("FCDO — as carried by Turan") is one
organisation, named as written, until the grammar learns it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from claimgraph.nlp import lexicon
from claimgraph.nlp.variants import fold

NAME_LENGTH = 300
"""The longest name a channel keeps (the column's width); a source's name and an outlet line are kept whole."""

CHANNEL_KINDS = frozenset({"relay", "platform", "archive"})
"""Kinds of known source that carry others' words: where an outlet line names one of them with an organisation,
the organisation is the source and the relay its channel."""


@dataclass(frozen=True)
class KnownSource:
    """A source the lexicon knows: its canonical name, kind, default grade and why, and the body it is part of."""

    name: str
    kind: str | None
    grade: str | None
    reason: str | None
    part_of: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outlet:
    """What an outlet line names: the organisation (canonical where known), the channel and a qualifier."""

    organisation: str
    channel: str | None = None
    qualifier: str | None = None
    known: KnownSource | None = None
    channel_known: KnownSource | None = None


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    channel_kinds: frozenset[str]


KEY_LENGTH = 200
"""A folded name longer than this is keyed by its start and a hash of the whole: an index entry stays small (an
outlet line may be of any length), and two long names that differ late are still two keys."""


def source_key(name: str) -> str:
    """The form names are matched in: folded (case, accents, dots, a leading 'the'), '&' and 'and' alike."""
    key = " ".join(w for w in fold(name, "ORG").split() if w != "and")
    if len(key) <= KEY_LENGTH:
        return key
    return f"{key[:KEY_LENGTH - 65]}#{hashlib.sha256(key.encode()).hexdigest()}"


@cache
def _lexicon() -> tuple[dict[str, KnownSource], tuple[_Rule, ...]]:
    data = lexicon.load("sources")
    known: dict[str, KnownSource] = {}
    for entry in data["sources"]:
        aliases = tuple(str(a) for a in entry.get("aliases") or ())
        src = KnownSource(str(entry["name"]), entry.get("kind"), entry.get("grade"), entry.get("reason"),
                          entry.get("part_of"), aliases)
        for n in (src.name, *aliases):
            known.setdefault(source_key(n), src)
    rules = tuple(_Rule(re.compile(r["pattern"]), frozenset(r.get("channel_kinds") or ())) for r in data["grammar"])
    return known, rules


def known_source(name: str | None) -> KnownSource | None:
    """The lexicon's source that this name (or alias, acronym, domain) names, or None."""
    if not name or not name.strip():
        return None
    return _lexicon()[0].get(source_key(name))


def known_sources() -> list[KnownSource]:
    """Every source of the lexicon, once each, in its order."""
    return list(dict.fromkeys(_lexicon()[0].values()))


def _clean(part: str | None) -> str | None:
    if part is None:
        return None
    text = " ".join(part.split()).strip(" ,;:-–—")
    return text or None


def parse_outlet(outlet: str) -> Outlet:
    """The organisation, channel and qualifier an outlet line names (the whole line is the organisation where
    no pattern of the grammar matches)."""
    line = " ".join(outlet.split())
    _, rules = _lexicon()
    for rule in rules:
        m = rule.pattern.match(line)
        if m is None:
            continue
        groups = m.groupdict()
        organisation, channel = _clean(groups.get("organisation")), _clean(groups.get("channel"))
        if not organisation:
            continue
        channel_known = known_source(channel)
        if rule.channel_kinds and (channel_known is None or channel_known.kind not in rule.channel_kinds):
            continue
        known = known_source(organisation)
        channel = channel_known.name if channel_known and channel else channel
        return Outlet(known.name if known else organisation, channel, _clean(groups.get("qualifier")), known,
                      channel_known)
    known = known_source(line)
    return Outlet(known.name if known else line, None, None, known)
