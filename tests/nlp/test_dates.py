"""Date expressions normalised against the published date, on expressions we wrote."""
import pytest

from claimgraph.nlp.dates import DateValue, normalise


def test_a_day_and_month_take_the_year_of_the_published_date():
    assert normalise("February 9", "2025-02-11") == DateValue("2025-02-09", "day")


def test_a_day_and_month_with_no_year_anywhere_keep_only_month_and_day():
    assert normalise("February 9", None) == DateValue("--02-09", "day")


def test_the_day_may_come_before_the_month():
    assert normalise("9 February", "2025-02-11") == DateValue("2025-02-09", "day")


def test_a_day_after_the_published_date_is_read_as_last_year():
    assert normalise("March 5", "2025-02-11") == DateValue("2024-03-05", "day")


def test_a_weekday_is_the_latest_such_day_up_to_publication():
    # 2025-02-11 is a Tuesday
    assert normalise("on Wednesday", "2025-02-11") == DateValue("2025-02-05", "day")
    assert normalise("Tuesday", "2025-02-11") == DateValue("2025-02-11", "day")
    assert normalise("last Tuesday", "2025-02-11") == DateValue("2025-02-04", "day")


@pytest.mark.parametrize("vague", ["last week", "this week", "earlier", "recently", "two days ago", "at that time"])
def test_vague_expressions_are_no_date(vague):
    assert normalise(vague, "2025-02-11") is None


def test_a_month_with_its_year_keeps_month_precision():
    assert normalise("in March 2024", None) == DateValue("2024-03", "month")


def test_a_month_alone_is_the_latest_such_month_up_to_publication():
    assert normalise("in August", "2025-01-31") == DateValue("2024-08", "month")
    assert normalise("in January", "2025-01-31") == DateValue("2025-01", "month")


def test_early_mid_and_late_keep_the_month():
    assert normalise("early August 2024", None) == DateValue("2024-08", "month")
    assert normalise("mid-January 2025", None) == DateValue("2025-01", "month")


def test_last_summer_in_a_winter_story_is_the_year_before():
    assert normalise("last summer", "2025-02-11") == DateValue("2024", "year")


def test_last_summer_in_an_autumn_story_is_the_same_year():
    assert normalise("last summer", "2025-10-20") == DateValue("2025", "year")


def test_in_the_fall_is_the_latest_fall_that_had_begun():
    assert normalise("in the fall", "2025-01-31") == DateValue("2024", "year")
    assert normalise("in the fall", "2025-10-01") == DateValue("2025", "year")


def test_late_last_year_is_the_year_before_publication():
    assert normalise("late last year", "2025-02-11") == DateValue("2024", "year")


def test_last_month_keeps_month_precision_across_the_new_year():
    assert normalise("last month", "2025-01-15") == DateValue("2024-12", "month")


def test_a_bare_year_and_late_in_a_year_are_years():
    assert normalise("2024", None) == DateValue("2024", "year")
    assert normalise("late 2024", None) == DateValue("2024", "year")


def test_the_end_and_the_beginning_of_a_year_are_its_last_and_first_months():
    assert normalise("the end of 2024", None) == DateValue("2024-12", "month")
    assert normalise("the beginning of 2025", None) == DateValue("2025-01", "month")


@pytest.mark.parametrize("relative", ["last summer", "on Wednesday", "last year", "yesterday", "in August"])
def test_relative_expressions_need_a_published_date(relative):
    assert normalise(relative, None) is None


@pytest.mark.parametrize("nonsense", ["the 35th of Smarch", "February 30", "Smarch", "", "sometime"])
def test_what_does_not_parse_is_no_date(nonsense):
    assert normalise(nonsense, "2025-02-11") is None


def test_an_unreadable_published_date_is_treated_as_absent():
    assert normalise("February 9", "not a date") == DateValue("--02-09", "day")


def test_an_event_still_to_come_takes_the_next_such_weekday():
    # 2025-02-11 is a Tuesday: "will meet on Friday" is the 14th, "on Tuesday" the day itself
    assert normalise("on Friday", "2025-02-11", future=True) == DateValue("2025-02-14", "day")
    assert normalise("Tuesday", "2025-02-11", future=True) == DateValue("2025-02-11", "day")
    assert normalise("last Friday", "2025-02-11", future=True) == DateValue("2025-02-07", "day")


def test_an_event_still_to_come_takes_the_next_such_month_and_season():
    assert normalise("in August", "2025-01-31", future=True) == DateValue("2025-08", "month")
    assert normalise("March 5", "2025-02-11", future=True) == DateValue("2025-03-05", "day")
    assert normalise("in the spring", "2025-02-11", future=True) == DateValue("2025", "year")
    assert normalise("in the spring", "2025-06-11", future=True) == DateValue("2026", "year")


def test_tomorrow_is_the_day_after_publication():
    assert normalise("tomorrow", "2025-02-11") == DateValue("2025-02-12", "day")
