"""What the words around a name say it names: titles that are no names, fragments of longer names, and the type of
an entity from evidence in the text and the lexicons rather than from one NER guess per mention.

`names` calls these rules twice: on each mention (`trim`: a title is no part of a name, whether NER put the whole
title in the mention, cut it in two or took a word of it; a verb or adverb opening a span is no part of it), and on
the document's clusters (`settle`): a generic word ("this Council") names the longer name of the document it ends,
a bare given name ("Matt") the one person of the document who carries it, and each remaining cluster is typed by
what its mentions are in ("in El Fasher": a place), are headed by ("Rapid Support Forces": an organisation,
"Grain Initiative": an agreement, "Security Consultative Meeting": an event, none of the kept types) or modify
("the Patriot system": a make of weapon, no entity). The word lists are `lexicon/entity_evidence.yaml`, the
titles `lexicon/name_parts.yaml`, given names `lexicon/speakers.yaml`.

What it does not handle: a name the tagger takes for a common noun, and one that the text never puts in a
context of its kind (a place only ever named as the subject of a sentence keeps NER's type).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from claimgraph.nlp import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

PROPER_TAGS = frozenset({"NNP", "NNPS"})
OPENING_NON_NAME_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "RB", "RBR", "RBS", "PRP", "PRP$", "WP",
                                   "WDT", "MD", "UH"})
"""Tags (Penn Treebank) of a word that opens no name: "Inviting North Korea" is the place it invites."""
CONNECTORS = frozenset({"of", "for", "to", "and", "the", "on", "in", "at", "&", ","})
"""Words inside a name ("Institute for the Study of War") that end none: a cut name loses them at its ends."""
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


@dataclass(frozen=True)
class Evidence:
    """The word lists of entity_evidence.yaml (folded), and the titles and given names of the other lexicons."""

    locative: frozenset[str]
    holding_nouns: frozenset[str]
    """Nouns whose "in X" names what one owns or trusts ("shares in X"), no place."""
    place_nouns: frozenset[str]
    organisation_heads: frozenset[str]
    agreement_heads: frozenset[str]
    product_heads: frozenset[str]
    event_heads: frozenset[str]
    event_first_words: frozenset[str]
    generic_heads: frozenset[str]
    never_alone: frozenset[str]
    person_contexts: frozenset[str]
    titles: tuple[tuple[str, ...], ...]
    given_names: frozenset[str]
    family_first: frozenset[str]
    designators: frozenset[str]
    place_modified: frozenset[str]
    organisation_kinds: frozenset[str]
    """Nouns after a name that say what kind of organisation it is ("the Tasnim news agency", "the Orbis group")."""
    services: tuple[tuple[str, ...], ...]
    """Armed services whose name goes before a rank ("Army Gen."), folded, longest first."""
    combining_forms: frozenset[str]
    """Forms that open one name across a hyphen ("Indo" of "Indo-Pacific")."""


def _fold(text: str) -> list[str]:
    return _WORD.findall(text.replace(".", "").casefold())


@lru_cache(maxsize=65536)
def _first_word(text: str) -> tuple[str, ...]:
    """A token's first folded word (none for a token without one), kept per spelling: a text repeats its words."""
    return tuple(_fold(text)[:1])


@cache
def evidence() -> Evidence:
    """The lexicons, folded once per process."""
    raw = lexicon.load("entity_evidence")
    parts = lexicon.load("name_parts")
    given = lexicon.load("speakers")["gender"]["given_names"]

    def words(key: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in raw[key])

    titles = {tuple(_fold(t)) for t in parts["titles"]} - {()}
    return Evidence(
        locative=words("locative_prepositions"), holding_nouns=words("holding_nouns"), place_nouns=words("place_nouns"),
        organisation_heads=words("organisation_heads"), agreement_heads=words("agreement_heads"),
        product_heads=words("product_heads"), event_heads=words("event_heads"),
        event_first_words=words("event_first_words"), generic_heads=words("generic_heads"),
        never_alone=words("never_alone"),
        person_contexts=words("person_contexts"),
        titles=tuple(sorted(titles, key=len, reverse=True)),
        given_names=frozenset(n.casefold() for names in given.values() for n in names),
        family_first=frozenset(n.casefold() for n in parts["family_name_first"]),
        designators=frozenset({"region", "oblast", "province", "krai", "territory"}),
        place_modified=words("place_modified_nouns"), organisation_kinds=words("organisation_kind_nouns"),
        services=tuple(sorted({tuple(_fold(x)) for x in parts["services"]} - {()}, key=len, reverse=True)),
        combining_forms=words("combining_forms"),
    )


# --- titles around a mention ---------------------------------------------------------------------------


@cache
def _titles_by_first_word(titles: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The titles that start with each word, longest first (as `titles` is ordered)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for t in titles:
        out.setdefault(t[0], []).append(t)
    return {w: tuple(ts) for w, ts in out.items()}


def title_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the titles a text writes ("Secretary of State", "Deputy Pentagon Press Secretary" holds
    "Press Secretary"), longest first at each word; punctuation inside ("Brig. Gen.") is skipped. Kept on the Doc."""
    found: list[tuple[int, int]] | None = doc.user_data.get("cg_title_spans")
    if found is not None:
        return found
    from claimgraph.nlp import parse_columns

    ev = evidence()
    cols = parse_columns.columns(doc)
    at: list[int] = []  # the token of each word
    ws: list[str] = []  # the words, folded
    punct, space = cols.is_punct, cols.is_space
    for i, text in enumerate(cols.text):
        if not (punct[i] or space[i]):
            for w in _first_word(text):
                at.append(i)
                ws.append(w)
    out: list[tuple[int, int]] = []
    by_first = _titles_by_first_word(ev.titles)
    after = 0  # the first word past the last title found
    for k in [k for k, w in enumerate(ws) if w in by_first]:  # most words start no title
        if k < after:
            continue
        seq = tuple(ws[k:k + 6])
        hit = next((t for t in by_first[ws[k]] if seq[:len(t)] == t), None)
        if hit is None:
            continue
        first = k
        for service in ev.services:  # "Army Gen. Mark Milley", "Air Force Brig. Gen.": the rank's service
            if first >= len(service) and tuple(ws[first - len(service):first]) == service \
                    and not (out and out[-1][1] > at[first - len(service)]):
                first -= len(service)
                break
        out.append((at[first], at[k + len(hit) - 1] + 1))
        after = k + len(hit)
    doc.user_data["cg_title_spans"] = out
    return out


def title_ends(doc: Doc) -> frozenset[int]:
    """The token index right after each title of the text (where a titled name starts). Kept on the Doc."""
    found: frozenset[int] | None = doc.user_data.get("cg_title_ends")
    if found is None:
        found = doc.user_data["cg_title_ends"] = frozenset(te for _, te in title_spans(doc))
    return found


def _strip_connectors(doc: Doc, start: int, end: int) -> tuple[int, int]:
    from claimgraph.nlp import parse_columns

    cols = parse_columns.columns(doc)
    while start < end and (cols.lower[start] in CONNECTORS or cols.is_punct[start]):
        start += 1
    while end > start and (cols.lower[end - 1] in CONNECTORS or cols.is_punct[end - 1]):
        end -= 1
    return start, end


def trim(doc: Doc, start: int, end: int, known: Callable[[str], bool] = lambda _: False,
         person: bool = False) -> tuple[int, int] | None:
    """A mention's token range without the titles that cross it or hold it, and without an opening verb or
    adverb; None where nothing of a name remains ("State" of "Secretary of State", "National Security Advisor").
    A name the lexicon knows (`known`) stays whole: "Kremlin" of "Kremlin spokesman" is the Kremlin. In a
    `person`'s name, a title word after the given name that titles no one after it is the surname ("John Major",
    "Amartya Sen", "Julie Bishop"). A span that opens with a plural head and "of" names what follows it
    ("Governments of Australia": Australia), and one cut after a connector ends before it ("United States of")."""
    from claimgraph.nlp import parse_columns

    cols = parse_columns.columns(doc)
    if known(cols.span_text(start, end)):
        return start, end
    before = None
    while before != (start, end):  # a cut may bring another title to the mention's edge
        before = start, end
        cut = _cut_titles(doc, start, end, person)
        if cut is None:
            return None
        start, end = cut
    while end - start > 1 and cols.tag[start] in OPENING_NON_NAME_TAGS:
        start += 1
    past = _past_plural_head(doc, start, end)
    if past is None:
        return None
    # a name that NER cut after a connector ("the United States of" of "the United States of America"): the words
    # before it
    return _strip_connectors(doc, past, end)


def _past_plural_head(doc: Doc, start: int, end: int) -> int | None:
    """Where the name starts in a span that opens with the plural of a title or of an organisation's head and "of":
    "the Governments of Australia, Canada and ...", "the Ministers of Foreign Affairs of Albania, ..." name several
    governments or ministers, and the name is the place after the last "of" ("Australia", "Albania"); None where only
    a portfolio's words follow ("Ministers of Foreign Affairs from the Sudan Core Group"). A plural that is itself a
    head ("Forces of Freedom and Change", "Services") stays."""
    from claimgraph.nlp import parse_columns

    cols = parse_columns.columns(doc)
    if end - start < 3 or cols.lower[start + 1] != "of" or not _plural_of_a_head(cols.lower[start]):
        return start
    i = start + 2
    while True:  # past the portfolio's words and the "of" after them: "Foreign Affairs of"
        j = i
        while j < end and (never_alone(cols.text[j]) or cols.lower[j] in ("the", "and", "&")):
            j += 1
        if j < end and cols.lower[j] == "of" and j > i:
            i = j + 1
        else:
            break
    i, end = _strip_connectors(doc, i, end)
    if end <= i or all(never_alone(cols.text[k]) for k in range(i, end) if not cols.is_punct[k]):
        return None
    return i


def _plural_of_a_head(word: str) -> bool:
    """Whether a folded word is the plural of a title or an organisation's head, and no head itself ("governments",
    "ministers"; not "forces", "services")."""
    ev = evidence()
    if not word.endswith("s") or word in ev.organisation_heads or (word,) in ev.titles:
        return False
    singulars = [word[:-1]] + ([word[:-3] + "y"] if word.endswith("ies") else [])
    return any(w in ev.organisation_heads or (w,) in ev.titles for w in singulars)


def _a_surname(doc: Doc, start: int, end: int) -> bool:
    """Whether the title word that ends a two-word person's name is its surname: both capitalised words the parser
    reads as one name, the first no title or place, and no name after it for the title to introduce."""
    first, last = doc[start], doc[end - 1]
    after = doc[end] if end < len(doc) else None
    return (first.is_title and last.is_title and first.tag_ == "NNP" and last.tag_ == "NNP"
            and not is_title(first.lower_) and first.ent_type_ not in {"GPE", "NORP", "LOC"}
            and (after is None or after.tag_ not in {"NNP", "NNPS"}))


def _cut_titles(doc: Doc, start: int, end: int, person: bool = False) -> tuple[int, int] | None:
    spans = title_spans(doc)
    # the titles stand in order, apart: skip those that end before the mention, stop at the first after it
    for ts, te in spans[bisect.bisect_right(spans, start, key=lambda s: s[1]):]:
        if ts >= end:
            break
        if te <= start:
            continue
        if ts <= start and end <= te:
            return None  # the mention is (part of) a title
        if person and ts == start + 1 and te == end == ts + 1 and _a_surname(doc, start, end):
            continue  # "John Major said": a title after a given name, before no name, is the surname
        if start <= ts and te < end and _a_portfolio_after(doc, start, ts, te, end):
            if ts == start:
                return None  # "Coordinator for Strategic Communications": a title and its portfolio
            end = ts  # "NSC Coordinator for Strategic Communications": the organisation the title is of
        if start < ts and te > end - 1 and ts < end:
            end = ts  # a title starts inside and runs on: "Pentagon Press" of "Pentagon Press Secretary"
        elif ts <= start < te < end and ts < start:
            start = te  # a title ends inside: "DEFENSE LLOYD AUSTIN" of "SECRETARY OF DEFENSE LLOYD AUSTIN"
        start, end = _strip_connectors(doc, start, end)
        if end <= start:
            return None
    return start, end


def _a_portfolio_after(doc: Doc, start: int, ts: int, te: int, end: int) -> bool:
    """Whether a mention's words from a title inside it (tokens ts..te) to its end are the title and its portfolio:
    "for" and capitalised words with no organisation's head among them ("Coordinator for Strategic
    Communications"), after words with no connector ("NSC"; in "Office of the Coordinator for Counterterrorism" the
    title is part of the office's name)."""
    from claimgraph.nlp import parse_columns

    cols = parse_columns.columns(doc)
    if cols.lower[te] != "for" or te + 1 >= end or any(cols.lower[i] in CONNECTORS for i in range(start, ts)):
        return False
    heads = evidence().organisation_heads
    return all((cols.text[i][:1].isupper() and cols.lower[i] not in heads) or cols.lower[i] in CONNECTORS
               or cols.is_punct[i] for i in range(te + 1, end))


# --- what a cluster's mentions say ---------------------------------------------------------------------


def _head_word(words: Sequence[str]) -> str:
    """The head of a name: the word before its first 'of' or 'for' ("Panel of Experts"), else its last word."""
    for i, w in enumerate(words):
        if w in ("of", "for", "on") and i > 0:
            return words[i - 1]
    return words[-1] if words else ""


def _before(doc: Doc, start: int, skip_determiner: bool = True) -> Any:
    i = start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if skip_determiner and i >= 0 and doc[i].lower_ in ("the", "a", "an"):
        i -= 1
    return doc[i] if i >= 0 else None


@dataclass
class Signs:
    """What one cluster's mentions say about its type."""

    place: bool = False
    person: bool = False
    organisation: bool = False
    acts: bool = False
    """A mention is the subject, agent or possessor of something: it speaks or acts, as people and bodies do."""
    acronym: bool = False
    given_name: bool = False
    agreement: bool = False
    event: bool = False
    product: bool = False


@cache
def _naming() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    raw = lexicon.load("speakers")
    return (frozenset(raw["self_naming_verbs"]), frozenset(w.split()[-1] for w in raw["naming_nouns"]),
            frozenset(raw["naming_prepositions"]))


def given_as_a_name(doc: Doc, start: int) -> bool:
    """Whether the name at token `start` is one a source gives itself in a relative clause ("a man who goes by the
    name Bako", "a guard who gave his name only as Ahmad", "identified only by her first name, Leila"): a person."""
    verbs, nouns, preps = _naming()
    i = start - 1
    while i >= 0 and (doc[i].text == "," or doc[i].lower_ in {"only", "simply", "just"}):
        i -= 1
    if i < 0:
        return False
    t = doc[i]
    rel = next((a for a in t.ancestors if a.dep_ == "relcl"), None)
    ev = evidence()
    if rel is None or rel.head.lower_ in ev.organisation_heads | ev.organisation_kinds and not _personal(rel):
        return False  # "the firm, which is known by the name Orbis": an organisation's name; "a guard, who gave
        # his name": a person, though "guard" heads the name of the National Guard
    if t.lower_ in nouns and t.tag_ in {"NN", "NNS"}:
        return True
    return t.lower_ in preps and t.head.pos_ == "VERB" and t.head.lemma_.lower() in verbs


def self_given_name(doc: Doc, start: int) -> bool:
    """Whether the name at token `start` is one a source gives itself, after a title or not ("who gave his name
    only as Mr French", "who identified himself as Dr English"): a person's, read before any lexicon takes the
    word for a nationality or a place ("French officials" stay France's)."""
    if given_as_a_name(doc, start):
        return True
    return any(te == start and given_as_a_name(doc, ts) for ts, te in title_spans(doc))


def _personal(rel: Any) -> bool:
    """Whether a relative clause speaks of a person: its pronoun is "who" or it gives a person's own name ("his
    name", "identified herself as")."""
    return any(t.lower_ in PERSONAL_WORDS and (t.tag_ in {"WP", "PRP$", "PRP"}) for t in rel.subtree)


PERSONAL_WORDS = frozenset({"who", "whom", "his", "her", "himself", "herself"})
"""The words of a relative clause that only a person's takes."""


def _mention_signs(doc: Doc, start: int, end: int, signs: Signs) -> bool:
    """Add what the words around one mention say; True where the mention modifies a thing made ("Patriot system")."""
    ev = evidence()
    root = doc[start:end].root
    possessive = end < len(doc) and doc[end].lower_ in ("'s", "’s", "'", "’")
    if root.dep_ in ("nsubj", "nsubjpass", "agent", "poss") or possessive:
        signs.acts = True
    prev = _before(doc, start)
    if prev is not None and prev.lower_ in ev.locative and not possessive \
            and not (prev.head.i < prev.i and prev.head.lower_ in ev.holding_nouns):
        signs.place = True
    if prev is not None and prev.lower_ == "of":
        noun = _before(doc, prev.i)
        if noun is not None and noun.lower_ in ev.place_nouns:
            signs.place = True
    if end < len(doc) and doc[end].lower_ in ev.designators:
        signs.place = True
    bare_prev = _before(doc, start, skip_determiner=False)
    folded = _fold(bare_prev.text) if bare_prev is not None else []
    if folded and folded[0] in ev.person_contexts:
        signs.person = True
    ends = title_ends(doc)
    if given_as_a_name(doc, start):
        signs.person = True
    if start in ends or (start - 1 in ends and doc[start - 1].text == ","):
        signs.person = True  # a title right before the name, or before it and a comma: "Advisor, Jake Sullivan"
    if root.dep_ in ("compound", "amod", "nmod") and root.head.i >= end and root.head.lower_ in ev.place_modified:
        signs.place = True  # "the Adre border crossing"
    if root.dep_ in ("compound", "nmod") and root.head.i >= end and root.head.lower_ in ev.organisation_kinds:
        signs.organisation = True  # "Iran's Tasnim news agency": what kind of organisation the name is
    return root.dep_ in ("compound", "amod", "nmod") and root.head.lower_ in ev.product_heads and root.head.i >= end


def signs_of(doc: Doc, spans: Sequence[tuple[int, int]], name: str) -> Signs:
    """The evidence a cluster's mentions (token ranges) and its name give of what it names."""
    ev = evidence()
    signs = Signs()
    words = _fold(name)
    head = _head_word(words)
    signs.organisation = any(w in ev.organisation_heads for w in words)
    signs.acronym = is_acronym(name)
    signs.agreement = head in ev.agreement_heads
    signs.event = head in ev.event_heads or (len(words) > 1 and words[0] in ev.event_first_words)
    signs.place = head in ev.designators
    signs.given_name = len(words) > 1 and words[0] in ev.given_names
    signs.person = signs.given_name
    modifiers = [_mention_signs(doc, start, end, signs) for start, end in spans]
    signs.product = any(modifiers) or head in ev.product_heads
    return signs


def never_alone(word: str) -> bool:
    """Whether a word is one that is never a name alone ("State", "Security", "Intelligence")."""
    return word.casefold() in evidence().never_alone


def is_title(text: str) -> bool:
    """Whether a text is a title of name_parts.yaml as a whole ("chair", "Press Secretary")."""
    return tuple(_fold(text)) in evidence().titles


def names_agreement(name: str) -> bool:
    """Whether a name's head is that of an agreement, a law or a programme ("Grain Initiative")."""
    words = _fold(name)
    return len(words) > 1 and _head_word(words) in evidence().agreement_heads


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym ("NIS", "U.N.", "VWP")."""
    return name.isupper() and 2 <= len(name.replace(".", "")) <= 6 and " " not in name


def settled_type(label: str, signs: Signs, name: str) -> str | None:
    """The type a cluster's evidence gives it (None: it names no entity of the kept types)."""
    if signs.event or (signs.product and not signs.person):
        return None
    if signs.agreement:
        return "LAW"
    if label == "PERSON":
        if signs.organisation and not signs.given_name:
            return "ORG"  # "Air Force" of "Air Force Brig. Gen. Pat Ryder", "Foreign Press Center"
        if signs.person:
            return "PERSON"
        if signs.place and not signs.acts:
            return "GPE"
        if is_acronym(name) or (name.isupper() and " " not in name):
            return None  # a person is never written as an acronym: "ATACMS", a label "MILLER" read alone
        return "PERSON"
    if label == "ORG" and not signs.organisation and not signs.acronym:
        if signs.person:
            return "PERSON"
        if signs.place and not signs.acts:
            return "GPE"  # "in El Fasher", "into the Indo-Pacific": where things happen, never who does them
    return label


def generic(doc: Doc, word: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a one-word name is a generic word that stands for a longer name: one that is never a name alone
    ("State", "Defense"), or a head noun after a determiner ("this Council", "the Initiative"); "Congress" alone
    is a name."""
    ev = evidence()
    w = word.casefold()
    if w in ev.never_alone:
        return True
    return w in ev.generic_heads and any(
        (prev := _before(doc, start, skip_determiner=False)) is not None
        and prev.lower_ in ("the", "this", "that", "these", "those") for start, _ in spans)


def longer_name_for(word: str, names: Sequence[str]) -> int | None:
    """Which of a document's names a generic word stands for: the one it ends or heads (None where none or
    several do)."""
    w = word.casefold()
    hits = [i for i, n in enumerate(names) if len(_fold(n)) > 1 and w in (_fold(n)[-1], _head_word(_fold(n)))]
    return hits[0] if len(hits) == 1 else None


def bare_given_name(word: str) -> bool:
    """Whether a one-word name is only a given name ("Matt", "Tony"), which names no one outside its document; a
    family name that comes first ("Kim") is not one."""
    ev = evidence()
    w = word.casefold()
    return w in ev.given_names and w not in ev.family_first


@cache
def _genders() -> tuple[dict[str, str], dict[str, str]]:
    """Gendered words (titles, nouns) and given names -> male or female (speakers.yaml, `gender`)."""
    raw = lexicon.load("speakers")["gender"]
    words = {w.casefold(): g for g, ws in raw["words"].items() for w in ws}
    names = {n.casefold(): g for g, ns in raw["given_names"].items() for n in ns}
    return words, names


def gender_of(doc: Doc, start: int, name: str) -> str | None:
    """The gender a mention (from token START, reading NAME) is marked with: a gendered title right before it
    ("Mr. Obama", "Mrs Okafor"), else a given name it opens with ("Michelle Obama"); None where nothing marks it."""
    words, names = _genders()
    prev = _before(doc, start, skip_determiner=False)
    if prev is not None and prev.text == "." and prev.i > 0:
        prev = doc[prev.i - 1]  # "Mr ." where the title's dot is a token of its own
    folded = _fold(prev.text) if prev is not None else []
    if folded and folded[0] in words:
        return words[folded[0]]
    parts = _fold(name)
    return names.get(parts[0]) if len(parts) > 1 else None


def carrier_of(word: str, names: Sequence[str]) -> int | None:
    """Which of a document's person names a bare given name is the given name of (None where none or several)."""
    w = word.casefold()
    hits = [i for i, n in enumerate(names) if len(_fold(n)) > 1 and _fold(n)[0] == w]
    return hits[0] if len(hits) == 1 else None
