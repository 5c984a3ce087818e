"""Names within a document: mentions found and clustered into entities.

Mentions come from spaCy's NER and, because NER misses names ("Ambassador to North Korea
Matsegora said"), from proper-noun runs that a title introduces or that match a name already seen.
Mentions are clustered with `variants.compare`: variant spellings and transliterations, surnames of
full names (only when one person in the text carries that surname), acronyms defined in the text or
known to the alias lexicon, demonyms standing for their state, and capitals standing for their
government when they act or speak.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.nlp import lexicon, name_evidence, parse_columns, text_spans, turns, variants
from claimgraph.records import Entity, Span

LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "LAW"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday"}
DESIGNATORS = {"region", "oblast", "province", "krai", "territory"}
LANGUAGE_VERBS = {"teach", "speak", "learn", "study", "translate", "write"}


@cache
def _role_words() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon.load("reporting")["role_nouns"])


@dataclass
class Mention:
    """One span that may name an entity."""

    start: int  # token index
    end: int
    text: str
    label: str
    start_char: int
    end_char: int
    canon: variants.Canonical | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Cluster:
    """Mentions of one entity."""

    mentions: list[Mention] = field(default_factory=list)
    canon: str | None = None
    type: str | None = None

    def texts(self) -> list[str]:
        """Each spelling of its mentions once, in the order they joined: a name said forty times is compared once."""
        return list(dict.fromkeys(m.text for m in self.mentions))

    def names(self) -> list[str]:
        """Its canonical name, then each spelling of its mentions once."""
        return list(dict.fromkeys(([self.canon] if self.canon else []) + self.texts()))


class NameIndex:
    """Items (clusters, mentions) by the names they hold, under `variants.match_keys`: the items a name can match
    are among `candidates(name)` (looked up by `variants.match_probes`), so each name is compared with those few,
    not with every name of the text."""

    def __init__(self) -> None:
        self._by_key: dict[str, set[int]] = {}

    def add(self, name: str, item: int) -> None:
        """Index item number ITEM under NAME."""
        by_key = self._by_key
        for key in variants.match_keys(name):
            items = by_key.get(key)
            if items is None:
                by_key[key] = {item}
            else:
                items.add(item)

    def candidates(self, name: str) -> list[int]:
        """The numbers of the items that hold a name NAME can match (and some that hold none), in order."""
        found: set[int] = set()
        for key in variants.match_probes(name):
            found |= self._by_key.get(key, set())
        return sorted(found)


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article or demonstrative, trailing possessive and punctuation from a token range."""
    cols = parse_columns.columns(doc)
    while start < end and (cols.lower[start] in {"the", "a", "an", "this", "that", "these", "those"}
                           or cols.is_punct[start]):
        known = variants.lookup(cols.span_text(start, end)) if cols.text[start] == "The" else None
        if known is not None and known.name.startswith("The "):
            break
        start += 1
    while end > start and (cols.lower[end - 1] in {"'s", "’s", "'", "’"} or cols.is_punct[end - 1]):
        end -= 1
    return start, end


def _a_title_word(t: Token) -> bool:
    """Whether one token is a title as a common noun ("chair", "Chairs") or in the plural ("Ministers"): no name.
    A singular proper noun may be a surname ("Major" of John Major)."""
    if t.tag_ in {"NN", "NNS"} and name_evidence.is_title(t.lemma_):
        return True
    return t.text.endswith("s") and name_evidence.is_title(t.text[:-1]) and variants.lookup(t.text) is None


def _modifies_a_common_noun(doc: Doc, start: int, end: int) -> bool:
    """Whether a token range modifies a common noun after it ("National Security news")."""
    root = doc[start:end].root
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.i >= end and root.head.tag_ in {"NN", "NNS"}


def _past_titles(cols: parse_columns.Columns, start: int, end: int) -> int:
    """Where a person's name starts past the titles that open its span ("General Pavel Orlov" -> "Pavel Orlov")
    and the end of a portfolio's name ("Minister for Strategy and Intelligence Cho Koo-rae" -> "Cho Koo-rae")."""
    while end - start > 1:
        if variants.strip_titles([cols.lower[start].strip("."), "x"]) == ["x"] \
                or name_evidence.never_alone(cols.text[start]):
            start += 1
        elif end - start > 2 and variants.strip_titles([cols.lower[start], cols.lower[start + 1], "x"]) == ["x"]:
            start += 2
        else:
            break
    return start


def _a_portfolio(doc: Doc, start: int, end: int) -> bool:
    """Whether a token range is a title's portfolio, not an organisation: after a title and "for" and the
    portfolio's words before it ("Secretary of State for Foreign, Commonwealth and Development Affairs"), without
    an organisation's head word, unknown to the lexicon ("Special Envoy for Ukraine" names Ukraine)."""
    cols = parse_columns.columns(doc)
    i = start - 1  # past the portfolio's words before it: "for Fisheries, Harbours and (Coastal Affairs)"
    while i > 0 and (cols.text[i][:1].isupper() or cols.lower[i] in {",", "and", "&"}):
        i -= 1
    if i < 1 or cols.lower[i] != "for" or i not in name_evidence.title_ends(doc):
        return False
    heads = name_evidence.evidence().organisation_heads
    return not any(cols.lower[i] in heads for i in range(start, end)) and variants.lookup(cols.span_text(start, end)) \
        is None


def _uncapitalised(text: str) -> bool:
    """Whether a text written in a script with capitals has none ("health ministry"; "eBay", "al-Qaeda" and names
    in scripts without case are names)."""
    if text.isascii():  # the same test, where every letter is cased
        return text.islower()
    cased = [c for c in text if c.lower() != c.upper()]
    return bool(cased) and not any(c.isupper() for c in cased)


def _make(doc: Doc, start: int, end: int, label: str) -> Mention | None:
    start, end = _clean(doc, start, end)
    cols = parse_columns.columns(doc)
    if end <= start or _uncapitalised(cols.span_text(start, end)):
        return None  # "the country's health ministry": a description in lower case is no name
    trimmed = name_evidence.trim(doc, start, end, _known, person=label == "PERSON")
    # a title is no name, nor a part of one
    if trimmed is None:
        return None
    start, end = trimmed
    if label != "PERSON" and _a_portfolio(doc, start, end):
        return None
    # NER runs across datelines and separators ("Kyiv • UNN"): keep the part before them
    for i in range(start, end):
        if cols.text[i] in {"•", "·", "|", "—", "–"}:
            end = i
            break
    while end > start and (cols.is_punct[end - 1] or cols.is_space[end - 1]):
        end -= 1
    if all(name_evidence.never_alone(cols.text[i]) for i in range(start, end) if not cols.is_punct[i]) \
            and _modifies_a_common_noun(doc, start, end):
        return None  # words of longer names that describe a thing: "National Security news" ("Ukraine's Defense
        # Intelligence" names an agency)
    if label == "PERSON":
        start = _past_titles(cols, start, end)
    if end <= start:
        return None
    if end - start == 1 and _a_title_word(doc[start]):
        return None  # a title said to people, however capitalised: "Thank you, Chairs", "Chairs, ..."
    text = cols.span_text(start, end)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if not any(c.isalpha() for c in text) or text.lower() in CALENDAR:
        return None
    start_char = cols.idx[start]
    return Mention(start, end, text, label, start_char, start_char + len(text))


def _known(text: str) -> bool:
    """Whether the lexicon knows a name as written."""
    return variants.lookup(text) is not None


@cache
def _kinds() -> tuple[dict[str, str], frozenset[str]]:
    raw = lexicon.load("speakers")
    kind_type = {w: spec["types"][0] for spec in raw["kinds"].values() for w in spec["words"]}
    return kind_type, frozenset(raw["organisation_contexts"])


def _described_kind(doc: Doc, m: Mention) -> tuple[str, int, int, str] | None:
    """(label, start, start_char, text) of a proper-noun run NER missed that the text names by its kind:
    a kind word before it ("carmaker Renault", the run may hold it when it opens a sentence), after it
    as an apposition ("Renault, the carmaker"), or a noun it belongs to ("the board of Barclays")."""
    kind_type, contexts = _kinds()
    first = doc[m.start]
    if first.lower_ in kind_type and m.end - m.start > 1:
        rest = doc[m.start + 1:m.end]
        return kind_type[first.lower_], m.start + 1, rest.start_char, rest.text
    prev = doc[m.start - 1] if m.start > 0 else None
    if prev is not None and prev.lower_ in kind_type and prev.pos_ == "NOUN":
        return kind_type[prev.lower_], m.start, m.start_char, m.text
    after = doc[m.end] if m.end < len(doc) else None
    if after is not None and after.is_lower and after.pos_ == "NOUN" \
            and after.lower_ in name_evidence.evidence().organisation_kinds:
        return "ORG", m.start, m.start_char, m.text  # "the Emergency Lawyers group", "the Halvorsen company"
    head = doc[m.end - 1]
    if head.dep_ == "appos" or any(c.dep_ == "appos" and c.lemma_.lower() in kind_type for c in head.children):
        ap = next((c for c in head.children if c.dep_ == "appos" and c.lemma_.lower() in kind_type), None)
        if ap is not None:
            return kind_type[ap.lemma_.lower()], m.start, m.start_char, m.text
    if prev is not None and prev.lower_ in {"of", "at", "from", "for"} and prev.head.lemma_.lower() in contexts:
        return "ORG", m.start, m.start_char, m.text
    return None


def _is_language_use(t: Token) -> bool:
    return t.dep_ in {"dobj", "pobj"} and t.head.lemma_.lower() in LANGUAGE_VERBS - {"in"}


ORG_HEADS = {"ministry", "service", "agency", "council", "army", "forces", "party", "government", "command",
             "university", "institute", "office", "department", "committee", "bank", "company", "group", "times",
             "news", "post", "press", "guard", "navy", "police", "court", "parliament", "assembly"}


def _refine(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """Fix NER spans that swallow a title or a place before a person's name.

    "General Pavel Orlov" (tagged ORG) is a person; "Finland Zhuravlev" in "Ambassador to Finland
    Zhuravlev" is a country and a person, and so is a PERSON span that opens with a place; an ORG span
    that does ("Norway Air") is an organisation named after its place.
    """
    if end - start < 2 or label not in {"ORG", "GPE", "PERSON", "NORP", "FAC", "LOC"}:
        return [(start, end, label)]
    cols = parse_columns.columns(doc)
    named = _after_portfolio(doc, start, end)
    if named is not None:
        return [(named, end, "PERSON")]
    if _opens_with_its_kind(doc, start, end):
        return [(start + 1, end, label)]
    propn = all(tag in {"NNP", "NNPS"} for tag in cols.tag[start + 1:end])
    if propn and cols.lower[end - 1] not in ORG_HEADS:
        titled = variants.strip_titles([cols.lower[start].strip("."), "x"]) == ["x"]
        if titled and variants.lookup(cols.span_text(start, end)) is None:
            return [(start + 1, end, "PERSON")]
        # a title of two words: "(The) Rt Hon Yvette Cooper"
        first = start + 1 if cols.lower[start] == "the" else start
        style = [cols.lower[i].strip(".") for i in range(first, min(first + 2, end))]
        if end - first > 3 and variants.strip_titles([*style, "x"]) == ["x"] \
                and variants.lookup(cols.span_text(first, end)) is None:
            return [(first + 2, end, "PERSON")]
        for k in range(end - 1, start, -1):
            known = variants.lookup(cols.span_text(start, k))
            # NER's person holds a place before the name; an organisation named after its place stays whole
            # ("sanctions on Norway Air")
            if known is not None and known.type in {"GPE", "LOC"} \
                    and variants.lookup(cols.span_text(k, end)) is None and label == "PERSON":
                return [(start, k, known.type), (k, end, "PERSON")]
            if known is not None and known.type in {"GPE", "LOC"} and start > 1 \
                    and cols.lower[start - 1] in {"to", "of"} \
                    and cols.lower[start - 2] in _role_words():
                return [(start, k, known.type), (k, end, "PERSON")]
    return [(start, end, label)]


def _opens_with_its_kind(doc: Doc, start: int, end: int) -> bool:
    """Whether an NER span opens with a word that says what kind of organisation the rest names ("Carmaker
    Volkswagen", "broadcaster NHK"): a kind word the speakers lexicon knows, lower case or opening its sentence,
    that heads no organisation's name, before proper nouns that end in no organisation's head word and are no
    name the lexicon knows whole ("Club Med" mid-sentence, "Daily Mail" and "Bank of England" stay)."""
    cols = parse_columns.columns(doc)
    heads = name_evidence.evidence().organisation_heads
    first = cols.lower[start]
    if first not in _kinds()[0] or first in heads or not (cols.text[start].islower() or doc[start].is_sent_start):
        return False
    return all(cols.tag[i] in {"NNP", "NNPS"} for i in range(start + 1, end)) and cols.lower[end - 1] not in heads \
        and variants.lookup(cols.span_text(start, end)) is None and variants.lookup(cols.text[start]) is None


def _after_portfolio(doc: Doc, start: int, end: int) -> int | None:
    """Where a person's name starts in a span that opens with the end of a title's portfolio ("Minister for
    Fisheries and Intelligence Halla Brekke", "Assistant Minister for Asian and Oceanian Affairs Namazu
    Hiroyuki"): after the span's last word that is never a name alone, where a title and "for" or "of" stand
    shortly before the span and two proper nouns or more, no organisation's, follow it; else None."""
    cols = parse_columns.columns(doc)
    last = max((i for i in range(start, end) if name_evidence.never_alone(cols.text[i])), default=None)
    if last is None or end - last - 1 < 2:
        return None
    rest = range(last + 1, end)
    ev = name_evidence.evidence()
    if not all(cols.tag[i] == "NNP" for i in rest) or any(cols.lower[i] in ev.organisation_heads for i in rest) \
            or variants.lookup(cols.span_text(last + 1, end)) is not None:
        return None
    portfolio = any(start - 8 <= te < start and cols.lower[te] in {"for", "of"}
                    for _, te in name_evidence.title_spans(doc))
    return last + 1 if portfolio else None


NOT_NAMES = frozenset({"ORDINAL", "CARDINAL", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"})
"""NER's labels of words that are numbers and dates, however capitalised ("Third, ..."): no name's parts."""


PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _loose_name_part(doc: Doc, i: int) -> bool:
    """Whether token i is a capitalised proper noun in no entity, no known name, no title and no date: a part of a
    name that NER left out."""
    if not 0 <= i < len(doc):
        return False
    t = doc[i]
    return (t.tag_ == "NNP" and t.text[:1].isupper() and not t.ent_type_ and t.lower_ not in CALENDAR
            and variants.lookup(t.text) is None and t.lower_.strip(".") not in _role_words()
            and variants.strip_titles([t.lower_.strip("."), "x"]) != ["x"])


def _whole_person(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """A person's name that NER cut one proper noun short at either end ("President Yoon Suk" of "Yoon Suk Yeol",
    "Antony" left out of "Antony J. Blinken"): the loose proper noun beside it is part of it. A one-word name
    takes only a given name before it ("Anders" of "Mira Lindqvist and Anders Berg")."""
    if label != "PERSON":
        return start, end
    if end - start < 2:
        given = start > 0 and _loose_name_part(doc, start - 1) and name_evidence.bare_given_name(doc[start - 1].text)
        return (start - 1 if given and not doc[start].is_sent_start else start), end
    if _loose_name_part(doc, end) and not doc[end].is_sent_start:
        end += 1
    if _loose_name_part(doc, start - 1) and not doc[start].is_sent_start:
        start -= 1
    return start, end


def _coordinated_start(doc: Doc, start: int, end: int, label: str) -> int:
    """Where an organisation's name starts that NER cut after the coordinated words that open it: "Foreign,
    Commonwealth and Development Office" of NER's "Development Office". The capitalised words before an "and"
    (with the commas between them) belong to the name; a determiner or a lower-case word ends them."""
    cols = parse_columns.columns(doc)
    words = [cols.lower[i] for i in range(start, end)]
    if label != "ORG" or start < 2 or cols.lower[start - 1] not in {"and", "&"} \
            or not any(w in name_evidence.evidence().organisation_heads for w in words):
        return start
    i = start - 1
    first = start
    while i > 0 and (cols.lower[i - 1] == "," or cols.text[i - 1][:1].isupper()) and not cols.ent_type[i - 1] \
            and cols.lower[i - 1] not in {"the", "a", "an", "this", "that"}:
        i -= 1
        if cols.text[i][:1].isupper():
            first = i
    # a sentence's first word is capitalised whatever it is: it opens the name only as a proper noun
    opens = first < start - 1 and (not doc[first].is_sent_start or cols.tag[first] == "NNP")
    return first if opens else start


def _ner_mention(doc: Doc, start: int, end: int, label: str) -> Mention | None:
    """The mention an NER span gives, with the lexicon's name where it knows one (or None: a language, an
    ambiguous adjective, a title)."""
    start, end = _whole_person(doc, start, end, label)
    start = _coordinated_start(doc, start, end, label)
    if end < len(doc) and doc[end].lower_ in DESIGNATORS and all(t.tag_ in {"NNP", "NNPS"} for t in doc[start:end]):
        end += 1  # "Kursk region": the designator belongs to the name, and makes it a place
        label = "GPE"
    m = _make(doc, start, end, label)
    if m is None:
        return None
    if m.label == "NORP" and len(doc[m.start:m.end]) == 1 and _is_language_use(doc[m.start]):
        return None
    if m.label in {"NORP", "GPE", "LOC"} and name_evidence.self_given_name(doc, m.start):
        m.label = "PERSON"  # "who gave his name only as Mr French": no demonym, however the lexicon knows it
        return m
    known = variants.lookup(m.text, m.label)
    if known is None and m.label in ("NORP", "PERSON", "ORG"):
        # the lexicon's type beats NER's guess: "Kharkiv" is a city wherever NER took it for a person
        other = variants.lookup(m.text)
        if other is not None and (m.label == "NORP" or other.type in ("GPE", "LOC")):
            known = other
            m.label = other.type if m.label != "NORP" else m.label
    if m.label == "NORP" and known is None:
        return None  # "Korean": a language or an ambiguous adjective, not a state
    m.canon = known
    return m


def _run_mention(doc: Doc, i: int, j: int, persons: list[Mention], by_name: NameIndex,
                 title_ends: frozenset[int]) -> tuple[Mention | None, bool]:
    """The mention a proper-noun run NER missed gives (tokens i..j), and whether the text supports it as a name
    (a designator, a known name, a title before it, a person's name it resembles); unsupported ones wait."""
    region = j < len(doc) and doc[j].lower_ in DESIGNATORS
    m = _make(doc, i, j + 1 if region else j, "GPE" if region else "PERSON")
    if m is not None and region:
        m.canon = variants.lookup(m.text)  # "Kursk region" that NER missed or called a product: a place
        return m, True
    if m is None or m.text.lower() in _role_words() or m.text.lower().split()[0] in _role_words():
        return None, False
    known = None if name_evidence.self_given_name(doc, m.start) else variants.lookup(m.text)
    if known is not None:
        m.label, m.canon = known.type, known
        return m, True
    prev = doc[m.start - 1] if m.start > 0 else None
    titled = prev is not None and (prev.lower_ in _role_words() or prev.ent_type_ in {"GPE", "NORP"}
                                   and m.start >= 2 and doc[m.start - 2].lower_ in {"to", "of"}) \
        or m.start in title_ends or name_evidence.given_as_a_name(doc, m.start)  # "Minister of Defense Kim Yong Hyun"
    similar = any((x := variants.compare(m.text, persons[k].text, "PERSON")) is not None and x.score >= 0.8
                  for k in by_name.candidates(m.text))
    return m, titled or similar


def _runs(doc: Doc, taken: list[bool], out: list[Mention]) -> list[Mention]:
    """Add the proper-noun runs NER missed that the text supports to `out`; return those still waiting."""
    persons = [m for m in out if m.label == "PERSON"]
    by_name = NameIndex()
    for k, p in enumerate(persons):
        by_name.add(p.text, k)
    title_ends = name_evidence.title_ends(doc)
    pending: list[Mention] = []
    cols = parse_columns.columns(doc)
    n = len(doc)
    # the tokens that can be part of a proper-noun run that NER missed: capitalised proper nouns, no number or date
    word = [not tk and tag in PROPER_TAGS and text[:1].isupper() and ent not in NOT_NAMES
            for tk, tag, text, ent in zip(taken, cols.tag, cols.text, cols.ent_type, strict=True)]
    i = 0
    while i < n:
        if not word[i]:
            i += 1
            continue
        j = i
        while j < n and (word[j] or _joins_a_name(doc, word, j)):
            j += 1
        m, supported = _run_mention(doc, i, j, persons, by_name, title_ends)
        i = j + 1 if j < len(doc) and cols.lower[j] in DESIGNATORS else j
        if m is not None:
            (out if supported else pending).append(m)
    return pending


def _joins_a_name(doc: Doc, word: list[bool], j: int) -> bool:
    """Whether token j is a hyphen written with no space between two words of one proper noun that NER missed:
    after a combining form ("Indo-Pacific" of "the Indo-Pacific region" is one name, not "Indo" and "Pacific
    region"), or where the lexicon knows the words joined; two names a hyphen joins stay two ("the Tyre-Naqura
    road"); `word` tells which tokens can be words of such a name."""
    if not (doc[j].text == "-" and 0 < j < len(doc) - 1 and not doc[j - 1].whitespace_ and not doc[j].whitespace_
            and word[j + 1]):
        return False
    return doc[j - 1].lower_ in name_evidence.evidence().combining_forms \
        or variants.lookup(doc[j - 1:j + 2].text) is not None


def _placed_by_kind(doc: Doc, pending: list[Mention], out: list[Mention]) -> None:
    """Add the waiting runs that the text describes by their kind ("carmaker Renault", "the board of Barclays"),
    that are the bare name of a place named more fully ("Kursk" beside "Kursk region"), or an organisation's name
    as NER found it elsewhere in the text."""
    waiting = []
    for m in pending:
        described = _described_kind(doc, m)
        if described is not None:
            m.label, m.start, m.start_char, m.text = described
            out.append(m)
        else:
            waiting.append(m)
    if not waiting:
        return
    places = [m for m in out if m.label in {"GPE", "LOC", "FAC", "ORG"}]
    by_name = NameIndex()
    for k, p in enumerate(places):
        by_name.add(p.text, k)
    for m in waiting:
        for k in by_name.candidates(m.text):
            p = places[k]
            x = variants.compare(m.text, p.text)
            # an organisation's name only as it is written elsewhere in the text ("The Indian Express quoted")
            kinds = {"exact"} if p.label == "ORG" else {"designator", "exact", "alias"}
            if x is not None and x.kind in kinds and x.score >= 0.85:
                m.label = p.label
                out.append(m)
                break


def _demonyms(doc: Doc, taken: list[bool], out: list[Mention]) -> None:
    """Add the demonyms NER missed ("Western leaders"), never a language ("teach Korean")."""
    covered = {i for m in out for i in range(m.start, m.end)}
    cols = parse_columns.columns(doc)
    for i in range(len(doc)):
        if taken[i] or not cols.text[i][:1].isupper() or cols.tag[i] not in {"JJ", "NNP", "NNPS", "NNS"}:
            continue
        t = doc[i]
        if t.i in covered or _is_language_use(t) or name_evidence.self_given_name(doc, t.i):
            continue
        known = variants.lookup(t.text)
        if known is not None and known.type in {"GPE", "NORP"} and "demonym" in known.rule:
            m = _make(doc, t.i, t.i + 1, "NORP")
            if m is not None:
                m.canon = known
                out.append(m)


def _ner_names(doc: Doc) -> list[tuple[int, int, str]]:
    """NER's names, where it cut one name in two joined again: two proper-noun entities with nothing between
    them, the first one the lexicon does not know ("Valeska" + "Paris" of "Valeska Paris, an Australian
    woman"), are one name, of the kind an apposition gives it or else of the first one's label ("Russian" +
    "Foreign Ministry" stay two: the lexicon knows "Russian")."""
    kind_type, _ = _kinds()
    out: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        if out and out[-1][1] == ent.start and _split_name(doc, out[-1][0], ent.start, ent.end):
            start, _, label = out.pop()
            head = doc[ent.end - 1]
            ap = next((c for c in head.children if c.dep_ == "appos" and c.lemma_.lower() in kind_type), None)
            out.append((start, ent.end, kind_type[ap.lemma_.lower()] if ap is not None else label))
            continue
        out.append((ent.start, ent.end, ent.label_))
    return out


def _split_name(doc: Doc, start: int, middle: int, end: int) -> bool:
    """Whether two adjacent entities are one name NER cut: proper nouns only, joined by a space, the first
    unknown to the lexicon and no title ("Harbour Master" + "Ilse Marquardt" are a title and a name), the second
    no name that opens with a given name (a full name of its own)."""
    return (all(t.tag_ in {"NNP", "NNPS"} for t in doc[start:end]) and bool(doc[middle - 1].whitespace_)
            and variants.lookup(doc[start:middle].text) is None
            and not any(ts < middle <= te for ts, te in name_evidence.title_spans(doc))
            and not (end - middle > 1 and name_evidence.bare_given_name(doc[middle].text)))


def find_mentions(doc: Doc) -> list[Mention]:
    """Candidate name mentions: NER entities, plus proper-noun runs that a title or a known name supports."""
    out: list[Mention] = []
    taken = [False] * len(doc)
    pieces = [p for start, end, label in _ner_names(doc) for p in _refine(doc, start, end, label)]
    for start, end, label in pieces:
        m = _ner_mention(doc, start, end, label)
        if m is None:
            continue
        out.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    pending = _runs(doc, taken, out)
    _placed_by_kind(doc, pending, out)
    _demonyms(doc, taken, out)
    out = _join_agreements(doc, out)
    labels = [(t.label_start, t.label_end) for t in turns.find_turns(text_spans.text_of(doc))]
    out = [m for m in out if not any(s <= m.start_char < e for s, e in labels)]  # "MR. MILLER:" names no one
    out.sort(key=lambda m: m.start)
    return out


def _join_agreements(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A name right before an agreement's or programme's name is part of it: NER splits "Black Sea Grain
    Initiative" into a sea and an initiative."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    for m in ordered:
        prev = out[-1] if out else None
        if prev is not None and prev.end == m.start and name_evidence.names_agreement(m.text) \
                and not name_evidence.names_agreement(prev.text):
            joined = _make(doc, prev.start, m.end, "LAW")
            if joined is not None:
                out[-1] = joined
                continue
        out.append(m)
    return out


MOTION = {"travel", "go", "come", "fly", "move", "transport", "send", "return", "arrive", "visit", "bring",
          "deliver", "take", "trip", "journey", "flight", "relocate", "evacuate", "head", "drive", "march"}


def _metonymic(doc: Doc, m: Mention) -> bool:
    """A capital that acts or speaks for its state ('Moscow had sent', 'Moscow's claims', 'ties between
    Moscow and Pyongyang', 'ambassador to Pyongyang'), not a place one travels to or stands in."""
    root = doc[m.start:m.end].root
    while root.dep_ in {"conj", "appos"} and root.head is not root:
        root = root.head
    if root.dep_ in {"nsubj", "nsubjpass", "poss", "agent"}:
        return True
    if root.dep_ == "pobj":
        prep = root.head.lower_
        governor = root.head.head.lemma_.lower()
        if prep in {"between", "with", "against", "by", "from"} and governor not in MOTION:
            return prep != "from" or governor not in {"return", "arrive", "come", "fly", "travel"}
        if prep == "to":
            return governor not in MOTION
    return False


def _a_persons_full_name(c: Cluster, name: str) -> bool:
    """Whether a cluster is a person's, named in full by a longer name than NAME: "Marisol Lisbon", whom a bare
    "Lisbon" joined, is no part of the city when the city is named."""
    return bool(c.mentions) and c.mentions[0].label == "PERSON" and any(
        x.words > 1 and variants.fold(x.text) != variants.fold(name) for x in c.mentions)


class _Clusters:
    """A document's clusters as they grow, in the order they were made, indexed by the names they hold."""

    def __init__(self) -> None:
        self.all: list[Cluster] = []
        self.by_canon: dict[str, Cluster] = {}
        self._index = NameIndex()
        self._number: dict[int, int] = {}

    def new(self, c: Cluster) -> Cluster:
        """Add a cluster after the others."""
        self._number[id(c)] = len(self.all)
        self.all.append(c)
        if c.canon:
            self._index.add(c.canon, self._number[id(c)])
        for m in c.mentions:
            self._index.add(m.text, self._number[id(c)])
        return c

    def join(self, c: Cluster, mentions: list[Mention]) -> None:
        """Add mentions to a cluster."""
        c.mentions.extend(mentions)
        for m in mentions:
            self._index.add(m.text, self._number[id(c)])

    def candidates(self, name: str) -> list[Cluster]:
        """The clusters, in order, that hold a name NAME can match (and some that hold none)."""
        return [self.all[k] for k in self._index.candidates(name)]


def _join_canonical(m: Mention, clusters: _Clusters) -> None:
    """Put a mention the lexicon knows into the cluster of its canonical name (made on first sight, taking an earlier
    cluster that wrote the canonical name out)."""
    assert m.canon is not None
    c = clusters.by_canon.get(m.canon.name)
    if c is None:
        c = clusters.new(Cluster(canon=m.canon.name, type=m.canon.type))
        clusters.by_canon[m.canon.name] = c
        for other in clusters.all:
            if other is not c and other.canon is None and any(
                    variants.fold(x.text) == variants.fold(m.canon.name) for x in other.mentions) \
                    and not _a_persons_full_name(other, m.canon.name):
                clusters.join(c, other.mentions)
                other.mentions = []
    clusters.join(c, [m])


def _surname_of_a_person(doc: Doc, m: Mention, c: Cluster, ctype: str) -> bool:
    """A one-word "place" or "organisation" the lexicon does not know, without an organisation's head, that is the
    surname of a person of the text ("Singh said" beside "Sabrina Singh"): that person's; the mention becomes one."""
    if not (m.label in ("GPE", "ORG") and m.canon is None and ctype == "PERSON" and m.words == 1
            and not name_evidence.signs_of(doc, [], m.text).organisation):
        return False
    if any(x is not None and x.kind == "surname" for x in (variants.compare(m.text, n, None) for n in c.texts())):
        m.label = "PERSON"
    return True


def _matches(doc: Doc, m: Mention, clusters: list[Cluster]) -> tuple[tuple[float, Cluster] | None, list[Cluster]]:
    """The best-matching cluster of a mention (score, cluster), and the persons whose surname it is, among CLUSTERS
    (in the order they were made: the first of equal scores wins)."""
    best: tuple[float, Cluster] | None = None
    surname_hits: list[Cluster] = []
    gender = name_evidence.gender_of(doc, m.start, m.text) if m.label == "PERSON" else None
    for c in clusters:
        if not c.mentions:
            continue
        if gender is not None and _other_gender(doc, c, gender):
            continue  # "Mr. Obama" is not "Michelle Obama"
        ctype = c.type or c.mentions[0].label
        clash = {ctype, m.label} in ({"PERSON", "GPE"}, {"PERSON", "NORP"})
        unknown_place = _surname_of_a_person(doc, m, c, ctype)
        typ = m.label if m.label == ctype else None
        for name in c.names():
            match = variants.compare(m.text, name, typ)
            if match is None:
                continue
            same_full_name = match.kind == "exact" and m.words > 1
            if clash and match.kind != "designator" and not (unknown_place and match.kind == "surname") \
                    and not same_full_name:
                continue  # a person and a place share no name, unless NER took "Sumy" for a person
            if match.kind == "surname":
                surname_hits.append(c)
                break
            if best is None or match.score > best[0]:
                best = (match.score, c)
    return best, surname_hits


def _other_gender(doc: Doc, c: Cluster, gender: str) -> bool:
    """Whether a cluster's mentions mark the gender other than GENDER (a title before one, a given name)."""
    return any((g := name_evidence.gender_of(doc, x.start, x.text)) is not None and g != gender
               for x in c.mentions if x.label == "PERSON")


def _surname_bearer(doc: Doc, m: Mention, bearers: dict[str, list[Cluster]]) -> Cluster | None:
    """The one person of the text whose surname a bare place name is, where it is not a preposition's place:
    "Paris claims" after "Valeska Paris" is she, not France; "born in Paris" stays the city."""
    if m.words != 1 or m.label not in ("GPE", "LOC") or doc[m.end - 1].dep_ == "pobj":
        return None
    people = bearers.get(variants.fold(m.text), [])
    return people[0] if len(people) == 1 else None


def _surnames(clusters: list[Cluster]) -> dict[str, list[Cluster]]:
    """Each surname of the persons named in full -> the clusters of the persons who carry it."""
    out: dict[str, list[Cluster]] = {}
    for c in clusters:
        if not c.mentions or c.mentions[0].label != "PERSON":
            continue
        for word in {variants.fold(x).split()[-1] for x in c.texts() if len(x.split()) > 1 and variants.fold(x)}:
            out.setdefault(word, []).append(c)
    return out


def cluster(doc: Doc, mentions: list[Mention]) -> list[Cluster]:
    """Group mentions that name one entity."""
    clusters = _Clusters()
    # longer names first, so surnames and acronyms find their full names
    bearers: dict[str, list[Cluster]] | None = None
    for m in sorted(mentions, key=lambda m: (-m.words, m.start)):
        if m.words == 1 and bearers is None:
            bearers = _surnames(clusters.all)  # every full name is placed before the first one-word name
        bearer = _surname_bearer(doc, m, bearers) if bearers is not None else None
        if bearer is not None:
            m.label, m.canon = "PERSON", None
            clusters.join(bearer, [m])
            continue
        country = variants.capital_of(m.text)
        if country:
            if _metonymic(doc, m):
                m.canon = variants.Canonical(country, "GPE", f"capital for its government: {m.text} -> {country}")
            elif m.canon is None or m.canon.type != "GPE":
                m.label = "GPE"  # a capital named literally is a city, whatever NER thought
        if m.canon is not None:
            _join_canonical(m, clusters)
            continue
        best, surname_hits = _matches(doc, m, clusters.candidates(m.text))
        if best is not None:
            clusters.join(best[1], [m])
        elif len({id(c) for c in surname_hits}) == 1:
            clusters.join(surname_hits[0], [m])  # a surname joins the only person who carries it
        else:
            clusters.new(Cluster(mentions=[m], type=None))
    return [c for c in clusters.all if c.mentions]


def _most_common(values: list[str]) -> str:
    """The most frequent value; ties go to the one seen first, so every process agrees."""
    return max(dict.fromkeys(values), key=values.count)


def _name_and_type(c: Cluster) -> tuple[str, str]:
    labels = [m.label for m in c.mentions]
    typ = c.type or _most_common(labels)
    if c.canon:
        return c.canon, typ
    texts = [m.text for m in c.mentions]
    if typ == "ORG":
        acronyms = [t for t in texts if t.isupper() and 2 <= len(t) <= 6]
        if acronyms:
            return _most_common(acronyms), typ
    return max(texts, key=lambda t: (len(t.split()), len(t))), typ


def to_entities(clusters: list[Cluster]) -> tuple[list[Entity], list[tuple[int, int, str]]]:
    """Entity records (ids e1, e2, ... in order of first mention) and the (start, end, id) mention index."""
    clusters = sorted(clusters, key=lambda c: min(m.start for m in c.mentions))
    entities: list[Entity] = []
    index: list[tuple[int, int, str]] = []
    for i, c in enumerate(clusters, 1):
        eid = f"e{i}"
        name, typ = _name_and_type(c)
        mentions = sorted(c.mentions, key=lambda m: m.start_char)
        aliases = tuple(dict.fromkeys(m.text for m in mentions if m.text != name))
        entities.append(Entity(eid, name, typ, aliases,
                               tuple(Span(m.text, m.start_char, m.end_char) for m in mentions)))
        index.extend((m.start_char, m.end_char, eid) for m in mentions)
    index.sort()
    return entities, index


def _stands_for(doc: Doc, c: Cluster, clusters: list[Cluster]) -> Cluster | None:
    """The cluster a one-word cluster stands for: a generic word the longer name it ends ("this Council" the UN
    Security Council), a bare given name the one person who carries it ("Pat" Pat Ryder); itself where it is
    neither, None where it stands for nothing in the document."""
    if c.canon is None and len({m.text.casefold() for m in c.mentions}) == 1 and c.mentions[0].words > 1:
        return _shortened(c, clusters)
    if c.canon is not None or any(m.words != 1 for m in c.mentions) \
            or len({m.text.casefold() for m in c.mentions}) != 1:
        return c
    word = c.mentions[0].text

    def others() -> list[Cluster]:  # only for the few words that may stand for another: most stand for themselves
        return [o for o in clusters if o is not c and o.mentions]

    if name_evidence.generic(doc, word, [(m.start, m.end) for m in c.mentions]):
        candidates = others()
        k = name_evidence.longer_name_for(word, [_name_and_type(o)[0] for o in candidates])
        return candidates[k] if k is not None else None
    label = c.type or _most_common([m.label for m in c.mentions])
    if label == "PERSON" and name_evidence.bare_given_name(word):
        signs = name_evidence.signs_of(doc, [(m.start, m.end) for m in c.mentions], word)
        if signs.person:
            return c  # "Mr Pat": a title makes it a surname
        people = [o for o in others() if (o.type or _most_common([m.label for m in o.mentions])) == "PERSON"]
        k = name_evidence.carrier_of(word, [_name_and_type(o)[0] for o in people])
        return people[k] if k is not None else None
    return c


SHORTENED_TYPES = frozenset({"ORG", "FAC", "LAW"})
"""Types of names that a text shortens to their last words ("the Contact Group" of "Ukraine Defense Contact
Group"); a person's or a place's last words are names of their own ("Korea", "Jong Un")."""


def _shortened(c: Cluster, clusters: list[Cluster]) -> Cluster:
    """The one longer name of the document of a name's type that a name of several words ends ("Contact Group" of
    "Ukraine Defense Contact Group"); the cluster itself where none or several do."""
    label = c.type or _most_common([m.label for m in c.mentions])
    words = variants.fold(c.mentions[0].text).split()
    if label not in SHORTENED_TYPES:
        return c
    hits = []
    for o in clusters:
        if o is c or not o.mentions:
            continue
        name, typ = _name_and_type(o)
        longer = variants.fold(name).split()
        if typ == label and len(longer) > len(words) and longer[-len(words):] == words:
            hits.append(o)
    return hits[0] if len(hits) == 1 else c


def settle(doc: Doc, clusters: list[Cluster]) -> list[Cluster]:
    """Clusters as entities: generic words and bare given names joined to the longer names they stand for (or
    gone), and each cluster the lexicon does not know typed by the evidence of its mentions (or gone, where it
    names an event or a thing made)."""
    for c in list(clusters):
        target = _stands_for(doc, c, clusters)
        if target is not c:
            if target is not None:
                target.mentions.extend(c.mentions)
            c.mentions = []
    out: list[Cluster] = []
    by_name: dict[tuple[str | None, str], list[int]] = {}
    """(type, folded name) of each cluster of `out` the lexicon does not know -> their places in `out`"""
    for c in clusters:
        if not c.mentions:
            continue
        if c.canon is None:
            name, label = _name_and_type(c)
            longest = max((m.text for m in c.mentions), key=lambda t: (len(t.split()), len(t)))
            signs = name_evidence.signs_of(doc, [(m.start, m.end) for m in c.mentions], longest)
            signs.acronym = signs.acronym or any(name_evidence.is_acronym(m.text) for m in c.mentions)
            settled = name_evidence.settled_type(label, signs, longest)
            if settled is None:
                continue
            c.type = settled
        key = _settled_key(c)
        same = by_name[key][0] if key is not None and by_name.get(key) else None
        if key is not None and same is not None:
            # NER called one name a person here and a place there: now both are the place
            out[same].mentions.extend(c.mentions)
            renamed = _settled_key(out[same])
            if renamed is not None and renamed != key:  # its longest name now comes from the other's mentions
                by_name[key].remove(same)
                bisect.insort(by_name.setdefault(renamed, []), same)
            continue
        if key is not None:
            by_name.setdefault(key, []).append(len(out))
        out.append(c)
    return out


def _settled_key(c: Cluster) -> tuple[str | None, str] | None:
    """What two settled clusters that the lexicon does not know share where they name one entity: type and name."""
    return (c.type, variants.fold(_name_and_type(c)[0])) if c.canon is None else None


@Language.component("claimgraph_names", requires=["doc.ents", "token.dep"],
                    assigns=["doc._.cg_entities", "doc._.cg_mentions"])
def names(doc: Doc) -> Doc:
    """Find the entities of a document and every span that names them."""
    mentions = find_mentions(doc)
    entities, index = to_entities(settle(doc, cluster(doc, mentions)))
    doc._.cg_entities = tuple(entities)
    doc._.cg_mentions = index
    return doc


def entity_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    """The entity a character span names (a mention inside it), or None."""
    for s, e, eid in doc._.cg_mentions or ():
        if s >= start_char and e <= end_char:
            return str(eid)
    return None
