"""The overlap finder on texts of our own: which lines share runs of words with a protected text."""
from __future__ import annotations

from evaluation.overlap import find_overlaps, grams, line_grams, words

PROTECTED = {"dev:x1": "The harbour master said the ferry to Tolvik would sail twice a week from March.",
             "dev:x2": "A spokeswoman said the timetable would be printed in the spring."}
LICENSED = ["The council said the timetable would be printed in the spring, not in May."]


def test_words_are_lower_case_runs_of_letters_digits_and_apostrophes() -> None:
    assert words("The ferry's 2nd run -- at 9:30!") == ["the", "ferry's", "2nd", "run", "at", "9", "30"]


def test_grams_are_every_run_of_n_neighbouring_words() -> None:
    assert list(grams(["a", "b", "c", "d"], 3)) == [("a", "b", "c"), ("b", "c", "d")]
    assert list(grams(["a", "b"], 3)) == []


def test_a_run_wrapped_over_two_lines_counts_on_the_line_where_it_starts() -> None:
    assert list(line_grams("# one two\n# three four", 3)) == [(1, ("one", "two", "three")),
                                                             (1, ("two", "three", "four"))]


def test_a_copied_clause_is_found_on_its_line_and_named_by_its_article() -> None:
    files = {"tests/a.py": 'x = 1\ns = "the ferry to Tolvik would sail twice a week"\n'}
    hits = find_overlaps(files, PROTECTED, LICENSED, n=6)
    assert [(h.path, h.line, h.article) for h in hits] == [("tests/a.py", 2, "dev:x1")]
    assert hits[0].grams[0] == "the ferry to tolvik would sail"
    assert len(hits[0].grams) == 4


def test_a_run_that_a_licensed_text_also_has_is_left_out() -> None:
    files = {"docs/b.md": "The mayor said the timetable would be printed in the spring.\n"}
    assert find_overlaps(files, PROTECTED, LICENSED, n=6) == []
    assert [h.article for h in find_overlaps(files, PROTECTED, [], n=6)] == ["dev:x2"]


def test_our_own_wording_shares_nothing() -> None:
    files = {"src/c.yaml": "# The lighthouse keeper said the lamp would be relit on Sunday.\n"}
    assert find_overlaps(files, PROTECTED, LICENSED, n=6) == []
