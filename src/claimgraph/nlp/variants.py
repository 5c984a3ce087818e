"""Name variants: fold names to one form and tell whether two names can name the same entity.

Pure functions on strings, no spaCy: the names component uses them inside one document and
`corpus.resolve` across documents. The word lists are data under `lexicon/` (`aliases`,
`demonyms`, `name_parts`, `transliteration`).

    >>> fold("Мацегора")
    'matsegora'
    >>> compare("Matsyegora", "Macegora").rule
    'transliteration variant (0.97)'
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from rapidfuzz.distance import Indel

from claimgraph.nlp import lexicon

__all__ = [
    "Canonical",
    "Match",
    "MatchKind",
    "block_keys",
    "canonical",
    "capital_of",
    "compare",
    "fold",
    "lookup",
    "match_keys",
    "match_probes",
    "phonetic",
    "strip_titles",
    "transliterate",
]

MatchKind = str
"""One of: exact, alias, acronym, variant, surname, given_initial, middle_name, designator, partial_org."""

PERSON_LIKE = {None, "PERSON"}
STOPWORDS = frozenset({"for", "the", "of", "and", "on", "in", "to", "at", "de", "des", "du", "la", "le", "&", "a",
                       "an"})
"""Words an acronym skips: "Institute for the Study of War" -> ISW."""

_APOSTROPHES = "\u2019\u02bc\u2018`\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_INNER_POSSESSIVE = re.compile(r"(?<=\w)'s\b", re.IGNORECASE)
_DOTTED = re.compile(r"(?<=\b\w)\.")  # U.S. -> US, D.P.R.K. -> DPRK
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]|[сц]ький$", re.IGNORECASE)
"""Letters only Ukrainian writes, or its adjectival surname ending (Зеленський, Сирський)."""


@dataclass(frozen=True)
class Match:
    """Why two names can name one entity, and how sure that is."""

    score: float
    """0..1: 1.0 for the same name after folding, lower for looser rules."""
    rule: str
    """A reason an analyst can read, e.g. "transliteration variant (0.89)" or "acronym"."""
    kind: MatchKind = "exact"
    """The rule's family; `surname` means one name is a bare surname: the caller checks ambiguity."""


class Canonical(NamedTuple):
    """The canonical name a lexicon gives a mention, its entity type and the rule that gave it."""

    name: str
    type: str
    rule: str


# ---- folding ---------------------------------------------------------------

@cache
def _translit_tables() -> tuple[tuple[dict[str, str], dict[str, str]], ...]:
    """(letters, word endings) for Russian, then for Ukrainian."""
    data = lexicon.load("transliteration")
    base = {**data["common"], **data["other"]}
    ends = data["endings"]
    return ({**base, **data["russian"]}, ends["russian"]), ({**base, **data["ukrainian"]}, ends["ukrainian"])


def transliterate(text: str) -> str:
    """Cyrillic letters in TEXT written in Latin letters (BGN/PCGN-like, lower case); other text kept."""
    if not _CYRILLIC.search(text):
        return text
    out = []
    for word in re.split(r"(\W+)", text):
        if not _CYRILLIC.search(word):
            out.append(word)
            continue
        table, endings = _translit_tables()[1 if _UKRAINIAN.search(word) else 0]
        low = word.lower()
        tail = ""
        for ending, latin in endings.items():
            if low.endswith(ending) and len(low) > len(ending) + 1:
                low, tail = low[: -len(ending)], latin
                break
        # BGN/PCGN: word-initial "е" is "ye" (Yevgeny, Yeltsin)
        if low.startswith("е"):
            low = "ye" + low[1:]
        out.append("".join(table.get(c, c) for c in low) + tail)
    return "".join(out)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    words = {tuple(_WORD.findall(_ascii(t).casefold())) for t in lexicon.load("name_parts")["titles"]}
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The titles by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for t in _titles():
        if t:
            out.setdefault(t[0], []).append(t)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _demonym_words() -> frozenset[str]:
    data = lexicon.load("demonyms")
    return frozenset(" ".join(_tokens(d)) for ds in data["countries"].values() for d in ds)


def _tokens(name: str) -> list[str]:
    """Lower-case words of NAME, Cyrillic transliterated, accents, dots, hyphens and possessives gone."""
    name = name.strip()
    for a in _APOSTROPHES:
        name = name.replace(a, "'")
    for d in _DASHES:
        name = name.replace(d, "-")
    name = _POSSESSIVE.sub("", name)
    name = _INNER_POSSESSIVE.sub("", name)  # "Ukraine's President", "People's Liberation Army"
    name = _DOTTED.sub("", name)
    name = transliterate(name)
    name = _ascii(name).casefold()
    name = name.replace("'", "")  # O'Brien, Sana'a, Zelens'kyi
    return _WORD.findall(name)


def _title_length(words: list[str], at: int) -> int:
    """How many words from AT form a title ("defence minister" 2), or 0."""
    for t in _titles_by_first().get(words[at], ()) if 0 <= at < len(words) else ():  # longest first
        if tuple(words[at:at + len(t)]) == t:
            return len(t)
    return 0


def _known_place(words: list[str]) -> bool:
    """WORDS (folded) are a state, place, organisation or demonym of the lexicon ("north korea", "kremlin")."""
    key = " ".join(words)
    return key in _demonym_words() or any(e[1] != "PERSON" for e in _index().get(key, ()))


_POST_PREPOSITIONS = frozenset({"to", "of", "in", "at", "for"})


def strip_titles(words: list[str]) -> list[str]:
    """WORDS without leading titles and the posts they name.

    "defence minister andrei belousov", "russian president vladimir putin", "ukraine president
    volodymyr zelensky" (a possessive already gone), "ambassador to north korea alexander matsegora"
    all leave the name; nothing is stripped where no word would remain.
    """
    words = list(words)
    changed = True
    while changed and len(words) > 1:
        changed = False
        # a state, organisation or demonym that qualifies a title: "Russian President", "Kremlin spokesman"
        for n in (4, 3, 2, 1):
            if len(words) > n + 1 and _known_place(words[:n]):
                t = _title_length(words, n)
                if t and len(words) > n + t:
                    words = words[n:]
                    changed = True
                    break
        t = _title_length(words, 0)
        if t and len(words) > t:
            rest = words[t:]
            # the post's place goes with the title: "ambassador to (the) north korea"
            if rest[0] in _POST_PREPOSITIONS:
                j = 2 if rest[1:2] == ["the"] else 1
                for n in (4, 3, 2, 1):
                    if len(rest) > j + n and _known_place(rest[j:j + n]):
                        rest = rest[j + n:]
                        break
            words = rest
            changed = True
    return words


CACHE_SIZE = 1 << 16
"""Names remembered by the pure functions below: a corpus repeats the same names many times."""


@lru_cache(maxsize=CACHE_SIZE)
def fold(name: str, type: str | None = None) -> str:
    """NAME casefolded, without accents, Cyrillic in Latin, hyphens as spaces, no possessive or title.

    Titles ("President", "Defence Minister") are stripped only when TYPE is PERSON or unknown;
    a leading "the" is dropped ("The New York Times" = "New York Times").
    """
    words = _tokens(name)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if type in PERSON_LIKE:
        words = strip_titles(words)
        while len(words) > 2 and words[-1] in _generation_suffixes():
            words = words[:-1]  # "Lloyd J. Austin III", "Martin Luther King Jr."
    return " ".join(words)


# ---- phonetic keys ---------------------------------------------------------

_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r) for p, r in (
        # word endings first: Dmitriy / Dmitrii / Dmitry, Zelenskyy / Zelenskyi / Zelensky
        (r"(?:iy|yi|ii|ij|yy|iey)$", "i"),
        (r"y$", "i"),
        (r"shch", "sch"),
        (r"tch", "ch"),
        (r"(?:tz|ts|cz)", "c"),       # Matsegora / Macegora
        (r"kh", "h"),                 # Kharkiv / Harkiv
        (r"ph", "f"),
        (r"x", "ks"),                 # Olexander / Oleksandr
        (r"w", "v"),                  # Wladimir / Vladimir
        (r"^ye", "e"),                # Yevgeny / Evgeny
        (r"(?<=[bcdfghjklmnprstvz])ye", "e"),  # Matsyegora / Matsegora
        (r"(?<=[bcdfghjklmnprstvz])ie", "e"),
        (r"oo|ou", "u"),              # Yoon / Yun
        (r"eo", "o"),                 # Seok / Sok
        (r"y", "i"),                  # Rossiyskaya / Rossiiskaya, Andriy / Andrii
        (r"(.)\1+", r"\1"),           # Rossiiskaya / Rosiskaya, Kovalenko / Kovallenko
    )
)


@lru_cache(maxsize=CACHE_SIZE)
def phonetic(word: str) -> str:
    """A key under which transliterations of one word meet (Matsyegora, Matsegora, Macegora -> macegora)."""
    key = word
    for pattern, repl in _PHONETIC_RULES:
        key = pattern.sub(repl, key)
    return key


DESIGNATOR_WORDS = frozenset({"oblast", "region", "province", "krai", "kray", "raion", "district"})
"""Words that designate a place's kind ("Kharkiv Oblast"): no block key of their own."""


@lru_cache(maxsize=CACHE_SIZE)
def block_keys(name: str, type: str) -> frozenset[str]:
    """Keys under which two names that `compare` could match meet: the folded name, phonetic word prefixes, initials.

    Computed once per name and type; the store keeps them for every canonical entity's names
    (`canonical_blocks`), so candidates are found by an indexed lookup, never by a scan.

        >>> sorted(block_keys("Alexander Matsegora", "PERSON"))
        ['=alexander matsegora', 'mace', 'ma~ora']
    """
    words = [w for w in fold(name, type).split() if w not in STOPWORDS]
    if not words:
        return frozenset()
    keys = {"=" + " ".join(words)}
    if type == "PERSON":
        picked = [words[-1]]  # the surname; given names only add noise
    else:
        picked = [w for w in words if w not in DESIGNATOR_WORDS] or words
        if len(words) >= 2:
            keys.add("^" + "".join(w[0] for w in words))  # Kyiv School of Economics ~ KSE
        else:
            keys.add("^" + words[0])
    for w in picked:
        key = phonetic(w)
        keys.add(key[:4])
        # a variant in the middle of the word (Vovchansk / Volchansk) still meets at both ends
        keys.add(key[:2] + "~" + key[-3:])
    return frozenset(keys)


def _female_form(a: str, b: str) -> bool:
    """A and B are the male and female forms of one Slavic surname (Ivanov / Ivanova, Zelensky / Zelenska)."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) > 3 or a[:3] != b[:3]:
        return False
    if long_ == short + "a":
        return True
    pairs = (("ski", "ska"), ("skyi", "ska"), ("sky", "ska"), ("skiy", "skaya"), ("sky", "skaya"),
             ("ski", "skaya"), ("ii", "aya"), ("y", "aya"), ("iy", "aya"))
    for m, f in pairs:
        for x, y in ((a, b), (b, a)):
            if x.endswith(m) and y.endswith(f) and x[: -len(m)] == y[: -len(f)]:
                return True
    return False


@cache
def _given_names() -> dict[str, int]:
    """folded given name or Korean family name -> the number of its equivalence group (Alexander = Oleksandr)."""
    parts = lexicon.load("name_parts")
    groups = parts["given_name_equivalents"] + parts["family_name_equivalents"]
    return {fold(n, "X"): i for i, names in enumerate(groups) for n in names}


@lru_cache(maxsize=CACHE_SIZE)
def _word_similarity(a: str, b: str) -> float:
    """0..1: how likely words A and B (folded) are spellings of one name word."""
    if a == b:
        return 1.0
    if _female_form(a, b):
        return 0.0
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb:
        return 0.97
    given = _given_names()
    if a in given and b in given:
        return 0.95 if given[a] == given[b] else 0.0  # Oleksandr = Alexander, but Alexander is not Alexei
    if min(len(pa), len(pb)) < 5:
        return 0.0  # short words (Jong / Yong, Un / Il) must meet exactly
    if pa[0] != pb[0]:
        return 0.0
    short, long_ = sorted((pa, pb), key=len)
    if len(long_) == len(short) + 1 and long_.startswith(short):
        return 0.0  # one more letter at the end makes another name: Hamdan / Hamdani, Pokrovsk / Pokrovske
    similarity = Indel.normalized_similarity(pa, pb)
    if similarity >= 0.7 and _skeleton(pa) == _skeleton(pb):
        # only the vowels differ, as romanisations of Arabic and Slavic names do:
        # Ahmed / Ahmad, Hezbollah / Hizbullah, Solovyov / Soloviev (but Hassan / Hussein is 0.55)
        return max(similarity, 0.9)
    return similarity


def _skeleton(key: str) -> str:
    """The first letter and the consonants of a phonetic key."""
    return key[0] + re.sub(r"[aeiou]", "", key[1:])


VARIANT_THRESHOLD = 0.84
"""Least similarity of two name words that are spellings of one word (Olexander / Oleksandr 0.95)."""


# ---- lexicons --------------------------------------------------------------

def _acronym_case(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


@cache
def _index() -> dict[str, list[tuple[str, str, str, bool]]]:
    """folded alias -> [(canonical name, type, rule, needs capitals)]."""
    idx: dict[str, list[tuple[str, str, str, bool]]] = {}

    def add(alias: str, name: str, type: str, rule: str) -> None:
        key = fold(alias, "X")
        if not key:
            return
        entries = idx.setdefault(key, [])
        entry = (name, type, rule, _acronym_case(alias))
        if all(e[0] != name or e[3] != entry[3] for e in entries):
            entries.append(entry)

    _add_aliases(add, lexicon.load("aliases"))
    _add_demonyms(add, lexicon.load("demonyms"))
    for d in lexicon.load("demonyms").get("ambiguous", ()):
        idx.pop(fold(d, "X"), None)
    return idx


def _add_aliases(add: Callable[[str, str, str, str], None], data: dict[str, Any]) -> None:
    """Known names, their aliases, capitals and regions of lexicon/aliases.yaml."""
    for section, type in (("countries", "GPE"), ("cities", "GPE"), ("places", "LOC"),
                          ("organisations", "ORG"), ("persons", "PERSON")):
        for name, aliases in data[section].items():
            add(name, name, type, "known name")
            for a in aliases or ():
                add(a, name, type, f"alias lexicon: {a} = {name}")
    for city in data["capitals"].values():
        add(city, city, "GPE", "known capital")
    regions = data["regions"]
    for base, others in regions["names"].items():
        name = f"{base} Oblast"
        for b in [base, *(others or ())]:
            for suffix in regions["suffixes"]:
                add(f"{b} {suffix}", name, "GPE", f"region: {b} {suffix} = {name}")


def _add_demonyms(add: Callable[[str, str, str, str], None], dem: dict[str, Any]) -> None:
    """Countries and groups of lexicon/demonyms.yaml, and their demonyms."""
    for country in dem["countries"]:
        add(country, country, "GPE", "known country")
    for country, demonyms in dem["countries"].items():
        for d in demonyms:
            add(d, country, "GPE", f"demonym: {d} -> {country}")
    for group, demonyms in dem["groups"].items():
        add(group, group, "NORP", "known group")
        for d in demonyms:
            add(d, group, "NORP", f"demonym: {d} -> {group}")


@lru_cache(maxsize=CACHE_SIZE)
def lookup(name: str, type: str | None = None) -> Canonical | None:
    """The lexicon entry that NAME (a mention as written) stands for, or None if unknown or ambiguous."""
    if not any(c.isupper() for c in name):
        return None  # names are capitalised: "polish", "turkey", "china" and "us" are words
    key = fold(name, "X")
    entries = _index().get(key)
    if not entries:
        return None
    written_caps = _acronym_case(name) or not any(c.islower() for c in name)
    found = [e for e in entries if not e[3] or written_caps]
    if type:
        places = ("GPE", "NORP", "LOC")
        typed = [e for e in found if e[1] == type or (type in places and e[1] in places)]
        found = typed or ([] if type == "PERSON" else found)
    names = {e[0] for e in found}
    if len(names) != 1:
        return None
    canon, etype, rule, _ = found[0]
    return Canonical(canon, etype, rule)


def canonical(name: str, type: str | None = None) -> tuple[str, str] | None:
    """(canonical name, rule) for a mention that the alias or demonym lexicon knows, else None."""
    found = lookup(name, type)
    return (found.name, found.rule) if found else None


@cache
def _capitals() -> dict[str, str]:
    data = lexicon.load("aliases")
    out = {fold(city, "X"): country for country, city in data["capitals"].items()}
    for city, aliases in data["cities"].items():
        if fold(city, "X") in out:
            for a in aliases or ():
                out.setdefault(fold(a, "X"), out[fold(city, "X")])
    return out


def capital_of(name: str) -> str | None:
    """The country whose capital NAME is ("Kiev" -> Ukraine), for the caller to judge metonymy."""
    return _capitals().get(fold(name, "X"))


@cache
def _family_first() -> frozenset[str]:
    return frozenset(fold(n, "X") for n in lexicon.load("name_parts")["family_name_first"])


# ---- comparing -------------------------------------------------------------

_DESIGNATORS = frozenset({"oblast", "region", "province", "krai", "kray", "raion", "district", "governorate",
                          "prefecture"})


def _initials(words: list[str], keep_stopwords: bool) -> str:
    return "".join(w[0] for w in words if keep_stopwords or w not in STOPWORDS)


@lru_cache(maxsize=CACHE_SIZE)
def _acronym_forms(short: str) -> tuple[str, ...]:
    """What SHORT, as written, spells if it is an acronym (its letters, its capitals; casefolded), or ()."""
    raw = short.strip()
    if " " in raw or len(raw) > 14:
        return ()
    letters = "".join(c for c in raw if c.isalnum())
    if not 2 <= len(letters) <= 10:
        return ()
    capitals = "".join(c for c in letters if c.isupper() or c.isdigit())
    if len(capitals) < 2:
        return ()
    return letters.casefold(), capitals.casefold()


@lru_cache(maxsize=CACHE_SIZE)
def _acronym_targets(long_: str) -> frozenset[str]:
    """The acronyms LONG can be written as (its initials with and without stopwords; a word in capitals gives all
    its letters: UN Security Council -> unsc), or none for a name of fewer than two words."""
    words = [w for w in re.split(r"[\s\-]+", _POSSESSIVE.sub("", long_.strip())) if w]
    if len(words) < 2:
        return frozenset()
    parts_all, parts_content = [], []
    for w in words:
        wl = _ascii(w).casefold().strip(".,")
        if not wl:
            continue
        piece = re.sub(r"[^a-z0-9]", "", wl) if (w.isupper() and len(w) > 1) else wl[0]
        parts_all.append(piece)
        if wl not in STOPWORDS:
            parts_content.append(piece)
    return frozenset({"".join(parts_all), "".join(parts_content)})


def _acronym_of(short: str, long_: str) -> bool:
    """SHORT, as written, is an acronym of LONG ("ISW" / "Institute for the Study of War", "UNSC" / "UN Security
    Council")."""
    forms = _acronym_forms(short)
    return bool(forms) and any(f in _acronym_targets(long_) for f in forms)


def _align(short: list[str], long_: list[str]) -> list[float] | None:
    """Similarities of SHORT's words matched in order to words of LONG (a subsequence), or None."""
    sims, j = [], 0
    for w in short:
        while j < len(long_):
            s = _word_similarity(w, long_[j])
            j += 1
            if s >= VARIANT_THRESHOLD:
                sims.append(s)
                break
        else:
            return None
    return sims


def _variant_rule(score: float, cross_script: bool) -> str:
    what = "Cyrillic transliteration" if cross_script else "transliteration variant"
    return f"{what} ({score:.2f})"


@lru_cache(maxsize=CACHE_SIZE)
def compare(a: str, b: str, type: str | None = None) -> Match | None:
    """Whether names A and B can name one entity of TYPE, with the rule and score; None if not.

    A `surname`-kind match ("Matsegora" / "Alexander Matsegora", "Kim" / "Kim Jong Un") only says
    that one name is part of the other: the caller links it when nothing else in its scope
    carries that surname.
    """
    fa, fb = fold(a, type), fold(b, type)
    if not fa or not fb:
        return None
    cross = bool(_CYRILLIC.search(a)) != bool(_CYRILLIC.search(b))
    if fa == fb:
        return Match(1.0, "Cyrillic transliteration" if cross else "same name after folding", "exact")

    la, lb = lookup(a, type), lookup(b, type)
    if la and lb:
        if la.name == lb.name:
            rule = next((r.rule for r in (la, lb) if r.rule.startswith(("alias", "demonym", "region"))), la.rule)
            return Match(0.98, rule, "alias")
        return None  # two different known entities (Kremlin / Russia)
    known_match = _known_or_acronym(a, b, la, lb, type)
    if known_match is not None:
        return known_match

    wa, wb = fa.split(), fb.split()
    if "".join(wa) == "".join(wb):
        return Match(0.97, "spacing or hyphenation variant", "variant")

    if type not in PERSON_LIKE:
        return _compare_places_and_orgs(wa, wb, type)
    if type is None and len(wa) != len(wb):
        place = _without_designator(wa, wb)
        if place:
            return place

    if type is None and (la or lb) and (la or lb).type != "PERSON":  # type: ignore[union-attr]
        return None  # "Korea" is no surname of "North Korea"
    return _compare_persons(wa, wb, cross, (a.strip(), b.strip()))


def _known_or_acronym(a: str, b: str, la: Canonical | None, lb: Canonical | None, type: str | None) -> Match | None:
    """One name is the other's lexicon entry, or its acronym (in the text or the lexicon)."""
    for known, other in ((la, b), (lb, a)):
        if known and fold(known.name, type) == fold(other, type):
            return Match(0.98, known.rule, "alias")
    for short, long_ in ((a, b), (b, a)):
        if _acronym_of(short, long_):
            return Match(0.9, f"acronym: {short.strip()} = {long_.strip()}", "acronym")
    for known, other in ((la, b), (lb, a)):
        if known and _acronym_of(other, known.name):
            return Match(0.88, f"acronym: {other.strip()} = {known.name} ({known.rule})", "acronym")
    return None


def _without_designator(wa: list[str], wb: list[str]) -> Match | None:
    """"Kursk" / "Kursk Oblast": one place with or without "region", "oblast", "province"."""
    if not (_DESIGNATORS & {*wa, *wb}):
        return None
    ca = [w for w in wa if w not in _DESIGNATORS]
    cb = [w for w in wb if w not in _DESIGNATORS]
    if ca and ca == cb:
        return Match(0.85, "same place with or without a region designator", "designator")
    return None


def _compare_places_and_orgs(wa: list[str], wb: list[str], type: str | None) -> Match | None:
    if len(wa) == len(wb):
        sims = [_word_similarity(x, y) for x, y in zip(wa, wb, strict=False)]
        # one-word places and organisations must keep their length: Pokrovsk is not Pokrovske
        one_word = len(wa) == 1 and sims[0] >= 0.88 and (
            sims[0] >= 0.97 or len(phonetic(wa[0])) == len(phonetic(wb[0])))
        if one_word or len(wa) > 1 and all(s >= VARIANT_THRESHOLD for s in sims) and any(
                x == y for x, y in zip(wa, wb, strict=False)):
            score = sum(sims) / len(sims)
            return Match(round(score, 2), _variant_rule(score, False), "variant")
    if type in ("GPE", "LOC"):
        return _without_designator(wa, wb)
    if type == "ORG":
        short, long_ = sorted((wa, wb), key=len)
        # "Defense Intelligence" / "Defense Intelligence of Ukraine": the organisation without its country
        if len(long_) >= len(short) + 2 and long_[: len(short)] == short and long_[len(short)] == "of" \
                and _known_place(long_[len(short) + 1:]) and len(short) >= 2:
            return Match(0.75, "organisation named without its country", "partial_org")
    return None


@cache
def _generation_suffixes() -> frozenset[str]:
    return frozenset(lexicon.load("name_parts")["generation_suffixes"])


@cache
def particles() -> frozenset[str]:
    """Name particles that may be dropped or written in lower case ("bin", "van", "do" of "Rio Grande do Sul")."""
    return frozenset(lexicon.load("name_parts")["particles"])


def _compare_persons(wa: list[str], wb: list[str], cross: bool, names: tuple[str, str]) -> Match | None:
    # "al-Sisi" / "el-Sisi" / "Sisi", "bin Salman": particles are written, dropped and romanised freely
    pa, pb = [w for w in wa if w not in particles()], [w for w in wb if w not in particles()]
    if pa and pb and (pa, pb) != (wa, wb):
        if pa == pb:
            return Match(0.95, "same name but for a particle (al, el, bin, van ...)", "variant")
        wa, wb = pa, pb
    short, long_ = sorted((wa, wb), key=len)
    short_name, long_name = sorted(names, key=lambda n: len(fold(n, "PERSON").split()))
    if len(short) == len(long_):
        sims = [_word_similarity(x, y) for x, y in zip(short, long_, strict=False)]
        if all(s >= VARIANT_THRESHOLD for s in sims):
            score = sum(sims) / len(sims)
            return Match(round(score, 2), _variant_rule(score, cross), "variant")
        # "A. Matsegora" / "Alexander Matsegora": an initial for the given name
        if len(short) >= 2 and all(s >= VARIANT_THRESHOLD for s in sims[1:]):
            x, y = short[0], long_[0]
            if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
                return Match(0.8, "initial of the given name", "given_initial")
        return None
    if len(short) == 1:
        w = short[0]
        last = _word_similarity(w, long_[-1])
        if last >= VARIANT_THRESHOLD:
            return Match(round(0.8 * last, 2), f"surname of full name: {short_name} / {long_name}", "surname")
        first = _word_similarity(w, long_[0])
        if first >= VARIANT_THRESHOLD and long_[0] in _family_first():
            return Match(round(0.75 * first, 2), f"surname only (family name first): {short_name} / {long_name}",
                         "surname")
        return None
    # "J. Austin" / "Lloyd J. Austin": the initial of a middle name with the surname
    if len(short) == 2 and len(short[0]) == 1 and _word_similarity(short[1], long_[-1]) >= VARIANT_THRESHOLD \
            and any(w.startswith(short[0]) for w in long_[1:-1]):
        return Match(0.8, "initial of a middle name with the surname", "given_initial")
    # different lengths, both with a given name: same first and last word, extra middle names
    if _word_similarity(short[0], long_[0]) >= VARIANT_THRESHOLD and \
            _word_similarity(short[-1], long_[-1]) >= VARIANT_THRESHOLD:
        aligned = _align(short, long_)
        if aligned is not None and long_[0] not in _family_first():
            score = 0.85 * sum(aligned) / len(aligned)
            return Match(round(score, 2), "same name with a middle name or patronymic", "middle_name")
    return None


# ---- meeting keys ----------------------------------------------------------

def match_keys(name: str) -> frozenset[str]:
    """Keys under which to index a name so that `match_probes` of every name `compare` can match it, of any type,
    finds it: `compare(a, b, t)` is None unless `match_probes(a) & match_keys(b)`.

    Unlike `block_keys` (a few keys that the store can hold), these miss no match, so a document that indexes
    its names by them compares each name with the few that share a key, never with all. Each key stands for one
    way `compare` matches: the folded name, its lexicon entries, its words joined, without a designator, before
    an "of", and the spellings of its last word (and of a family name written first), which every looser rule
    needs to be alike (`_word_keys`); an acronym is indexed as what it spells, a longer name as the acronyms it
    can be written as, and each probes for the other.
    """
    return _keys_and_probes(name)[0]


def match_probes(name: str) -> frozenset[str]:
    """The keys to look a name up by among names indexed by `match_keys`."""
    return _keys_and_probes(name)[1]


@lru_cache(maxsize=CACHE_SIZE)
def _keys_and_probes(name: str) -> tuple[frozenset[str], frozenset[str]]:
    keys: set[str] = set()
    for folded in {fold(name, None), fold(name, "ORG")}:  # compare folds titles away for persons only
        _name_keys(folded.split(), keys)
    spelt = set(_acronym_forms(name))  # what it spells, written as an acronym
    spellings = set(_acronym_targets(name))  # the acronyms it can be written as
    for canon in {e[0] for e in _index().get(fold(name, "X"), ())}:
        keys.add("L" + canon)
        keys.update("=" + f for f in (fold(canon, None), fold(canon, "ORG")) if f)
        spellings |= _acronym_targets(canon)
    index = {"S" + a for a in spelt} | {"T" + a for a in spellings}
    probes = {"T" + a for a in spelt} | {"S" + a for a in spellings}
    return frozenset(keys | index), frozenset(keys | probes)


def _name_keys(words: list[str], keys: set[str]) -> None:
    """The keys of a folded name's words (see `match_keys`)."""
    if not words:
        return
    keys.add("=" + " ".join(words))
    keys.add("J" + "".join(words))
    core = [w for w in words if w not in _DESIGNATORS]
    if core:
        keys.add("D" + " ".join(core))
    if len(words) > 1:
        keys.add("P" + " ".join(words))  # "Defense Intelligence" of "Defense Intelligence of Ukraine"
        keys.update("P" + " ".join(words[:k]) for k in range(2, len(words)) if words[k] == "of")
    bare = [w for w in words if w not in particles()]
    for ws in (words, bare) if bare else (words,):
        _word_keys(ws[-1], keys)
        if ws[0] in _family_first():
            _word_keys(ws[0], keys)


def _word_keys(word: str, keys: set[str]) -> None:
    """Keys that two folded name words share wherever `_word_similarity` gives them at least VARIANT_THRESHOLD:
    the phonetic key, the group of an equivalent given name and, for keys of five letters or more (shorter ones
    must meet exactly), the skeleton and each two of its letter pairs (with the first letter, which must be equal).
    Two keys of lengths l1 <= l2 that similar differ by d <= 0.16 (l1 + l2) insertions and deletions, at most d / 2
    of them deletions from the shorter; a deletion breaks two of its l1 - 1 letter pairs, an insertion one, which
    leaves two pairs whole for every l1 >= 5 (`tests/nlp/test_name_index.py` checks the sums): those two meet."""
    key = phonetic(word)
    keys.add("p" + key)
    group = _given_names().get(word)
    if group is not None:
        keys.add(f"g{group}")
    if len(key) >= 5:
        keys.add("s" + _skeleton(key))
        keys.update(f"b{key[0]}{x}.{y}" for x, y in itertools.combinations(_letter_pairs(key), 2))


def _letter_pairs(key: str) -> list[str]:
    """Each pair of adjacent letters of KEY with the number of its occurrence so far ("ab1", "ab2"), sorted: two
    keys that keep a pair twice share both numbered pairs."""
    seen: dict[str, int] = {}
    out = []
    for i in range(len(key) - 1):
        pair = key[i:i + 2]
        seen[pair] = seen.get(pair, 0) + 1
        out.append(f"{pair}{seen[pair]}")
    return sorted(out)
