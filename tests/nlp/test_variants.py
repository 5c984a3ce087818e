"""Name variants: folding, the rules of `compare`, the lexicons, and P/R on the name-pair set.

Run as a script to print pairwise precision and recall and every miss:

    .venv/bin/python tests/nlp/test_variants.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from claimgraph.nlp.variants import canonical, capital_of, compare, fold, lookup, phonetic

PAIRS = Path(__file__).parent.parent / "data" / "name_pairs.yaml"


# ---- fold ------------------------------------------------------------------

@pytest.mark.parametrize("name, folded", [
    ("Мацегора", "matsegora"),
    ("Песков", "peskov"),
    ("Дмитрий Песков", "dmitriy peskov"),
    ("Зеленський", "zelenskyi"),
    ("Евгений", "yevgeniy"),
    ("Kim Jong-un", "kim jong un"),
    ("Kim Jong Un", "kim jong un"),
    ("Matsegora's", "matsegora"),
    ("Matsegora\u2019s", "matsegora"),
    ("U.S.", "us"),
    ("Zürich", "zurich"),
    ("The New York Times", "new york times"),
])
def test_fold_gives_one_form_for_spellings_scripts_and_possessives(name, folded):
    assert fold(name) == folded


def test_titles_are_stripped_from_person_names_only():
    assert fold("Defence Minister Andrei Belousov", "PERSON") == "andrei belousov"
    assert fold("Russian President Vladimir Putin") == "vladimir putin"
    assert fold("Lt. Gen. Kyrylo Budanov", "PERSON") == "kyrylo budanov"
    assert fold("General Staff", "ORG") == "general staff"


@pytest.mark.parametrize("description, name", [
    ("Russian Ambassador to North Korea Alexander Matsegora", "alexander matsegora"),
    ("Kremlin spokesman Dmitry Peskov", "dmitry peskov"),
    ("Ukraine's President Volodymyr Zelensky", "volodymyr zelensky"),
    ("President of Ukraine Volodymyr Zelensky", "volodymyr zelensky"),
    ("U.S. Secretary of State Antony Blinken", "antony blinken"),
    ("Ambassador to the UN Linda Thomas-Greenfield", "linda thomas greenfield"),
])
def test_a_title_with_its_post_is_stripped_from_a_name(description, name):
    assert fold(description, "PERSON") == name


def test_a_title_alone_is_not_stripped_to_nothing():
    assert fold("President", "PERSON") == "president"
    assert fold("Russian President", "PERSON") == "russian president"


def test_transliterations_of_one_surname_share_a_phonetic_key():
    assert phonetic("matsyegora") == phonetic("matsegora") == phonetic("macegora")
    assert phonetic("dmitriy") == phonetic("dmitry") == phonetic("dmitrii")
    assert phonetic("rossiiskaya") == phonetic("rossiyskaya")


# ---- compare ---------------------------------------------------------------

def test_three_spellings_are_one_person():
    for a, b in [("Matsyegora", "Matsegora"), ("Macegora", "Matsegora"), ("Matsyegora", "Macegora")]:
        m = compare(a, b, "PERSON")
        assert m is not None and m.kind == "variant" and m.score >= 0.9
        assert "transliteration variant" in m.rule


def test_a_cyrillic_name_is_its_latin_spelling():
    m = compare("Мацегора", "Matsegora", "PERSON")
    assert m is not None and m.score == 1.0 and "Cyrillic" in m.rule
    assert compare("Зеленський", "Zelensky", "PERSON") is not None
    assert compare("Зеленский", "Zelenskyy", "PERSON") is not None


def test_a_bare_surname_is_reported_as_surname_only():
    m = compare("Matsegora", "Alexander Matsegora", "PERSON")
    assert m is not None and m.kind == "surname"
    assert "Matsegora" in m.rule and "Alexander Matsegora" in m.rule


def test_a_korean_family_name_alone_is_reported_as_surname_only():
    m = compare("Kim", "Kim Jong Un", "PERSON")
    assert m is not None and m.kind == "surname"


def test_a_middle_initial_with_the_surname_names_the_full_name():
    m = compare("J. Austin", "Lloyd J. Austin", "PERSON")
    assert m is not None and m.kind == "given_initial"
    assert compare("K. Austin", "Lloyd J. Austin", "PERSON") is None


def test_a_generational_suffix_is_no_part_of_the_name():
    assert fold("Lloyd J. Austin III", "PERSON") == "lloyd j austin"
    assert compare("Martin Luther King Jr.", "Martin Luther King", "PERSON") is not None


def test_a_given_name_alone_is_no_surname():
    assert compare("Alexander", "Alexander Matsegora", "PERSON") is None


@pytest.mark.parametrize("a, b", [
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Kim Jong Un", "Kim Yong-hyun"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Dmitry Peskov", "Vasily Peskov"),
])
def test_full_names_with_different_given_names_stay_apart(a, b):
    assert compare(a, b, "PERSON") is None


def test_male_and_female_forms_of_a_surname_are_two_people():
    assert compare("Ivanov", "Ivanova", "PERSON") is None
    assert compare("Volodymyr Zelensky", "Olena Zelenska", "PERSON") is None


def test_russian_and_ukrainian_forms_of_a_given_name_match():
    m = compare("Alexander Kamyshin", "Oleksandr Kamyshin", "PERSON")
    assert m is not None and m.kind == "variant"


def test_an_acronym_matches_the_name_it_abbreviates_without_a_lexicon():
    m = compare("KSE", "Kyiv School of Economics", "ORG")
    assert m is not None and m.kind == "acronym" and m.rule.startswith("acronym")
    assert compare("MoD", "Ministry of Defence", "ORG") is not None
    assert compare("KSA", "Kyiv School of Economics", "ORG") is None


def test_an_acronym_keeps_the_capitals_of_an_abbreviated_word():
    assert compare("UNSC", "UN Security Council", "ORG") is not None


def test_known_aliases_match_and_say_so():
    m = compare("DPRK", "North Korea", "GPE")
    assert m is not None and m.kind == "alias" and m.rule == "alias lexicon: DPRK = North Korea"
    assert compare("Kiev", "Kyiv", "GPE") is not None
    assert compare("U.S.", "United States") is not None


def test_the_kremlin_is_not_russia():
    assert compare("Kremlin", "Russia") is None
    assert compare("Moscow", "Russia") is None


def test_a_country_is_not_its_neighbour_with_a_similar_name():
    for a, b in [("North Korea", "South Korea"), ("Austria", "Australia"), ("Niger", "Nigeria"),
                 ("Korea", "North Korea"), ("Pokrovsk", "Pokrovske")]:
        assert compare(a, b, "GPE") is None, (a, b)


def test_a_region_with_or_without_its_designator_is_one_place():
    assert compare("Kursk region", "Kursk Oblast", "GPE") is not None
    m = compare("Kursk", "Kursk Oblast", "GPE")
    assert m is not None and m.kind == "designator"


def test_an_organisation_named_without_its_country_is_a_partial_match():
    m = compare("Defense Intelligence", "Defense Intelligence of Ukraine", "ORG")
    assert m is not None and m.kind == "partial_org" and m.score < 0.8
    assert compare("Armed Forces of Ukraine", "Armed Forces of Russia", "ORG") is None


def test_empty_names_match_nothing():
    assert compare("", "Matsegora") is None
    assert compare("'s", "Matsegora") is None


# ---- lexicons --------------------------------------------------------------

@pytest.mark.parametrize("mention, name", [
    ("North Korean", "North Korea"),
    ("North Koreans", "North Korea"),
    ("Russians", "Russia"),
    ("American", "United States"),
    ("British", "United Kingdom"),
    ("Western", "the West"),
    ("DPRK", "North Korea"),
    ("N. Korea", "North Korea"),
    ("U.S.", "United States"),
    ("Britain", "United Kingdom"),
    ("UNSC", "UN Security Council"),
    ("Institute for the Study of War", "ISW"),
    ("Kiev", "Kyiv"),
    ("Kursk region", "Kursk Oblast"),
    ("the Kremlin", "Kremlin"),
    ("New York Times", "The New York Times"),
])
def test_canonical_names_follow_the_gold_rules(mention, name):
    found = canonical(mention)
    assert found is not None and found[0] == name


def test_a_short_acronym_needs_capitals():
    assert canonical("US") == ("United States", "alias lexicon: US = United States")
    assert canonical("us") is None
    assert canonical("un") is None


def test_a_word_in_lower_case_names_no_state():
    assert canonical("polish") is None
    assert canonical("turkey") is None
    assert canonical("Polish") == ("Poland", "demonym: Polish -> Poland")


def test_an_ambiguous_demonym_names_no_state():
    assert canonical("Korean") is None


def test_lookup_gives_the_entity_type():
    found = lookup("Kremlin")
    assert found is not None and found.type == "ORG"
    assert lookup("Western").type == "NORP"  # type: ignore[union-attr]
    assert lookup("Russian", "PERSON") is None


@pytest.mark.parametrize("name", ["aliases", "demonyms", "name_parts", "transliteration"])
def test_every_lexicon_entry_is_text(name):
    """YAML reads an unquoted No, Yes or On as a boolean: every name must stay a string."""
    from claimgraph.nlp import lexicon

    def strings(x):
        if isinstance(x, dict):
            return all(isinstance(k, str) and strings(v) for k, v in x.items())
        if isinstance(x, list):
            return all(strings(v) for v in x)
        return isinstance(x, str)

    assert strings(lexicon.load(name))


def test_a_capital_knows_its_country():
    assert capital_of("Pyongyang") == "North Korea"
    assert capital_of("Kiev") == "Ukraine"
    assert capital_of("Kazan") is None


# ---- the name-pair set -----------------------------------------------------

def load_pairs(section: str) -> list[list[str | None]]:
    return yaml.safe_load(PAIRS.read_text(encoding="utf-8"))[section]


def pair_scores(pairs: list[list[str | None]]) -> tuple[float, float, list[str]]:
    """Pairwise precision and recall of `compare` on name pairs, and the errors."""
    tp = fp = fn = 0
    errors = []
    for a, b, type, label in pairs:
        assert label in ("same", "different"), label
        m = compare(a, b, type)
        if m and label == "same":
            tp += 1
        elif m:
            fp += 1
            errors.append(f"false match: {a} / {b} ({type}): {m.rule}")
        elif label == "same":
            fn += 1
            errors.append(f"missed: {a} / {b} ({type})")
    return tp / (tp + fp), tp / (tp + fn), errors


def test_the_name_pair_set_is_large_and_balanced():
    pairs = load_pairs("pairs") + load_pairs("held_out") + load_pairs("held_out_2")
    assert len(pairs) >= 80
    assert sum(p[3] == "different" for p in pairs) >= 40
    assert sum(any("\u0400" <= c <= "\u04ff" for c in str(p[0]) + str(p[1])) for p in pairs) >= 10


def test_compare_is_precise_first_on_the_name_pairs():
    precision, recall, errors = pair_scores(load_pairs("pairs"))
    assert precision >= 0.97, errors
    assert recall >= 0.95, errors


def test_compare_holds_up_on_the_held_out_pairs():
    precision, recall, errors = pair_scores(load_pairs("held_out"))
    assert precision >= 0.95, errors
    assert recall >= 0.85, errors
    # the clean batch: measured once, P 1.000 R 0.850 (misses: Scholz / Scholtz, Araghchi / Araqchi,
    # Tikhanovskaya / Tsikhanouskaya, Lula da Silva, MFA, Belgorod / Білгород)
    precision, recall, errors = pair_scores(load_pairs("held_out_2"))
    assert precision >= 0.95, errors
    assert recall >= 0.8, errors


def test_compare_is_symmetric_on_the_name_pairs():
    for a, b, type, _ in load_pairs("pairs") + load_pairs("held_out") + load_pairs("held_out_2"):
        assert (compare(a, b, type) is None) == (compare(b, a, type) is None), (a, b)


if __name__ == "__main__":
    for section in ("pairs", "held_out", "held_out_2"):
        pairs = load_pairs(section)
        p, r, errs = pair_scores(pairs)
        print("\n".join(errs))
        print(f"{section} ({len(pairs)} pairs, {sum(x[3] == 'same' for x in pairs)} same): "
              f"precision {p:.3f} recall {r:.3f} F1 {2 * p * r / (p + r):.3f}\n")
    sys.exit(0)
