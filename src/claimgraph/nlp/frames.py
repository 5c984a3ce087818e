"""The table of attribution frames (lexicon/attribution.yaml), checked and compiled into spaCy matchers."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from claimgraph.errors import LexiconError
from claimgraph.nlp import drafts, lexicon
from claimgraph.nlp.tree_match import TreeMatcher

KINDS = frozenset({"verb", "quote", "according", "nominal", "evidential", "impersonal", "anaphoric", "tail",
                   "parenthesis", "relay"})
SPEAKERS = frozenset({"subject", "node", "owner", "agent", "colon", "none"})
CONTENTS = frozenset({"clause", "object", "predicative", "sentence", "main_clause", "clause_before",
                      "previous_sentence", "quote", "clause_around", "whole_sentence"})
STANCES = frozenset({"asserted", "claimed", "disputed", "assessed", "cue", "adverb"})
CONDITIONS = frozenset({"negated", "question", "conditional", "agent", "no_agent", "no_agent_impersonal",
                        "content_is_statement", "not_complement", "not_after_comma", "not_root", "before_cue",
                        "cue_before_head", "clause_beside", "concern_noun", "not_propositional",
                        "not_before_comma", "head_before_cue", "object_is_agent", "participle_modifier",
                        "infinitive", "impersonal", "summary_appositive", "after_semicolon", "future",
                        "not_interrupting",
                        "reason_not_propositional", "withheld", "to_come",
                        "passive_no_agent", "inside_report", "content_is_tail", "predicate_has_subject",
                        "predicate_after_comma", "reflexive_subject", "detached_from_that",
                        "speaker_not_closing", "marked_complement"})
RELAY_ROLES = frozenset({"citing", "quoting", "medium"})


@dataclass(frozen=True)
class Frame:
    """One way of attributing a statement: its pattern, how its roles become spans, and its stance."""

    name: str
    kind: str
    speaker: str
    content: str
    stance: str
    rank: int
    unless: frozenset[str]
    examples: tuple[dict[str, Any], ...]
    position: str | None = None
    """For quotations: whether the reporting clause comes after or before the quotation."""
    role: str | None = None
    """For relays: what the match names (citing: the real speaker; medium: a relay)."""
    top_level: bool = False
    """A statement only where no other statement's content holds it."""


@dataclass(frozen=True)
class Table:
    """The frames and the matchers that find them."""

    frames: dict[str, Frame]
    nodes: dict[str, tuple[str, ...]]
    """Each dependency frame's node names, in the order the matcher returns their tokens."""
    dependency: TreeMatcher
    tokens: Matcher
    source_label: re.Pattern[str]
    block_label: re.Pattern[str]
    credit_line: re.Pattern[str]
    """A pull quote's credit line, the paragraph after one that is only a quotation."""


def classes() -> dict[str, list[str]]:
    """Every word class a pattern may name: attribution.yaml's own and those derived from reporting.yaml."""
    w = drafts.words()
    raw = lexicon.load("attribution")
    out: dict[str, list[str]] = {k: sorted(v) for k, v in (raw.get("classes") or {}).items()}
    out["verbs"] = sorted(w["verb_stance"])
    for stance in ("asserted", "claimed", "disputed", "assessed"):
        out[f"verbs_{stance}"] = sorted(k for k, v in w["verb_stance"].items() if v == stance)
    out["nouns"] = sorted(w["noun_stance"])
    out["quote_verbs"] = sorted(set(w["verb_stance"]) | set(w["quote_only"]))
    out["evidential_adverbs"] = sorted(w["evidential_adverbs"])
    out["verb_forms"] = sorted(verb_forms())
    for key in ("object_content", "predicative", "noun_content_preps", "passive_evidential", "document_nouns"):
        out[key] = sorted(w[key])
    return out


@cache
def verb_forms() -> dict[str, str]:
    """Inflected forms of reporting verbs -> lemma, for clauses the tagger misreads ("ISW reports" as a noun)."""
    w = drafts.words()
    out: dict[str, str] = dict(w["irregular_forms"])
    for lemma in w["verb_stance"]:
        if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
            out.setdefault(lemma[:-1] + "ies", lemma)  # "denies", "testifies"
            out.setdefault(lemma[:-1] + "ied", lemma)
            continue
        out.setdefault(lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s"), lemma)  # "stresses"
        out.setdefault(lemma + ("d" if lemma.endswith("e") else "ed"), lemma)
    return out


def _expand(value: Any, named: dict[str, list[str]], where: str) -> Any:
    """A pattern with each "$class" replaced by its word list."""
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in named:
            raise LexiconError(f"lexicon attribution.yaml: {where}: unknown word class {value!r}")
        return named[value[1:]]
    if isinstance(value, dict):
        return {k: _expand(v, named, where) for k, v in value.items()}
    if isinstance(value, list):  # "[$a, $b]": the words of both classes
        out: list[Any] = []
        for v in value:
            (out.extend if isinstance(v, str) and v.startswith("$") else out.append)(_expand(v, named, where))
        return out
    return value


def _frame(entry: dict[str, Any]) -> Frame:
    name = entry.get("name")
    where = f"frame {name!r}"
    if not isinstance(name, str):
        raise LexiconError(f"lexicon attribution.yaml: a frame without a name: {entry!r}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise LexiconError(f"lexicon attribution.yaml: {where}: unknown kind {kind!r}")
    examples = tuple(entry.get("examples") or ())
    if len(examples) < 2:
        raise LexiconError(f"lexicon attribution.yaml: {where}: needs at least two examples")
    if kind == "relay":
        if entry.get("role") not in RELAY_ROLES:
            raise LexiconError(f"lexicon attribution.yaml: {where}: a relay needs a role in {sorted(RELAY_ROLES)}")
        return Frame(name, kind, "none", "sentence", "asserted", 1, frozenset(), examples, role=entry["role"])
    speaker, content, stance = entry.get("speaker"), entry.get("content"), entry.get("stance")
    unless = frozenset(entry.get("unless") or ())
    for value, allowed, key in ((speaker, SPEAKERS, "speaker"), (content, CONTENTS, "content"),
                                (stance, STANCES, "stance")):
        if value not in allowed:
            raise LexiconError(f"lexicon attribution.yaml: {where}: unknown {key} {value!r}")
    if unless - CONDITIONS:
        raise LexiconError(f"lexicon attribution.yaml: {where}: unknown conditions {sorted(unless - CONDITIONS)}")
    position = entry.get("position")
    if kind == "quote" and position not in {"after", "before", "colon"}:
        raise LexiconError(f"lexicon attribution.yaml: {where}: a quote frame needs position after, before or colon")
    if kind == "parenthesis" and position not in {"inverted", "plain"}:
        raise LexiconError(f"lexicon attribution.yaml: {where}: a parenthesis frame needs position inverted or plain")
    return Frame(name, kind, str(speaker), str(content), str(stance), int(entry.get("rank", 1)), unless, examples,
                 position=position, top_level=bool(entry.get("top_level", False)))


@cache
def table(vocab: Vocab) -> Table:
    """The frames of lexicon/attribution.yaml, compiled for one vocabulary."""
    raw = lexicon.load("attribution")
    named = classes()
    dependency = TreeMatcher(vocab)
    tokens = Matcher(vocab)
    frames: dict[str, Frame] = {}
    nodes: dict[str, tuple[str, ...]] = {}
    for entry in raw["frames"]:
        frame = _frame(entry)
        if frame.name in frames:
            raise LexiconError(f"lexicon attribution.yaml: frame {frame.name!r} is listed twice")
        frames[frame.name] = frame
        where = f"frame {frame.name!r}"
        try:
            if "pattern" in entry or "patterns" in entry:
                patterns = [entry["pattern"]] if "pattern" in entry else entry["patterns"]
                compiled = [_expand(copy.deepcopy(p), named, where) for p in patterns]
                order = {tuple(node["RIGHT_ID"] for node in p) for p in compiled}
                if len(order) != 1:
                    raise LexiconError(f"lexicon attribution.yaml: {where}: patterns must bind the same nodes in order")
                if "cue" not in next(iter(order)):
                    raise LexiconError(f"lexicon attribution.yaml: {where}: the pattern binds no `cue` node")
                dependency.add(frame.name, compiled)
                nodes[frame.name] = next(iter(order))
            elif "tokens" in entry:
                tokens.add(frame.name, [_expand(copy.deepcopy(entry["tokens"]), named, where)])
            else:
                raise LexiconError(f"lexicon attribution.yaml: {where}: needs a pattern or tokens")
        except (ValueError, KeyError) as e:
            raise LexiconError(f"lexicon attribution.yaml: {where}: {e}") from e
    labels = raw["labels"]
    return Table(frames, nodes, dependency, tokens, re.compile(labels["source"], re.M), re.compile(labels["block"]),
                 re.compile(labels["credit"], re.M))
