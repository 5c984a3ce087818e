"""Date expressions normalised against a document's published date, with their precision kept."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from claimgraph.nlp import lexicon

PRECISIONS = ("day", "month", "year")
"""How much of a date the text says: `YYYY-MM-DD` (or `--MM-DD`), `YYYY-MM`, `YYYY`."""

_WORD = re.compile(r"[a-z]+|\d+")
_YEAR = re.compile(r"^(1[89]\d\d|2[01]\d\d)$")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
# ordinals as dateparser does not need them: "9th" -> "9"
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b")


@dataclass(frozen=True)
class DateValue:
    """A normalised date: the ISO-style value and how precise the text was."""

    value: str
    precision: str


def _rules() -> dict[str, Any]:
    return lexicon.load("dates")  # type: ignore[no-any-return]


def parse_published(published: str | None) -> dt.date | None:
    """The published date of a document as a date, or None where it is absent or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def normalise(expression: str, published: str | dt.date | None = None, *, future: bool = False) -> DateValue | None:
    """The date an expression names, resolved against the published date; None where it names none.

    A bare weekday, month or season is the latest one on or before publication, or, for an event
    reported as still to come (`future`), the first one on or after it ("will meet on Friday").
    Never raises on odd text: "the 35th of Smarch" is simply None.
    """
    base = published if isinstance(published, dt.date) else parse_published(published)
    try:
        return _normalise(expression, base, future)
    except (ValueError, OverflowError, TypeError):
        return None


def _normalise(expression: str, base: dt.date | None, future: bool = False) -> DateValue | None:
    rules = _rules()
    text = _ORDINAL.sub(r"\1", expression.casefold().replace("-", " "))
    words = _WORD.findall(text)
    if not words or any(w in rules["vague"] for w in words):
        return None
    edge = next((rules["year_edges"][w] for w in words if w in rules["year_edges"]), None)
    words = [w for w in words if w not in rules["position"]]
    if not words:
        return None
    if edge is not None and len(words) == 1 and _YEAR.match(words[0]):
        return DateValue(f"{words[0]}-{edge:02d}", "month")
    relative = rules["relative"]
    shift = next((relative[w] for w in words if w in relative), None)
    words = [w for w in words if w not in relative]
    years = [int(w) for w in words if _YEAR.match(w)]
    year = years[0] if years else None

    season = next((w for w in words if w in rules["seasons"]), None)
    if season:
        return _season(rules["seasons"][season], year, -1 if future and shift is None else shift, base)
    if words == ["year"]:
        return DateValue(f"{base.year - (shift or 0):04d}", "year") if base and shift is not None else None
    if words == ["month"]:
        if not base or shift is None:
            return None
        y, m = divmod(base.year * 12 + base.month - 1 - shift, 12)
        return DateValue(f"{y:04d}-{m + 1:02d}", "month")
    if len(words) == 1 and words[0] in _WEEKDAYS:
        if future and shift is None:
            return _next_weekday(_WEEKDAYS[words[0]], base)
        return _weekday(_WEEKDAYS[words[0]], base, strictly_before=bool(shift))
    if words in (["today"], ["yesterday"], ["tomorrow"]):
        if not base:
            return None
        day = base + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[words[0]])
        return DateValue(day.isoformat(), "day")
    return _calendar(words, year, base, future)


def _season(months: list[int], year: int | None, shift: int | None, base: dt.date | None) -> DateValue | None:
    """The year of a season: named, or the last one (that had ended / had begun) before publication."""
    if year is not None:
        return DateValue(f"{year:04d}", "year")
    if base is None:
        return None
    start, end = months
    if shift == 0:
        return DateValue(f"{base.year:04d}", "year")
    y = base.year
    # a season "of year y" runs from its start month; winter ends in the next year
    def ends(y: int) -> dt.date:
        ey = y + 1 if end < start else y
        return dt.date(ey, end, calendar.monthrange(ey, end)[1])

    if shift and shift > 0:  # last summer: the latest one that had ended
        while ends(y) >= base:
            y -= 1
        y -= shift - 1
    elif shift and shift < 0:  # next summer: the first one that starts after publication
        while dt.date(y, start, 1) <= base:
            y += 1
    else:  # in the fall: the latest one that had begun
        while dt.date(y, start, 1) > base:
            y -= 1
    return DateValue(f"{y:04d}", "year")


def _weekday(weekday: int, base: dt.date | None, strictly_before: bool) -> DateValue | None:
    """The latest such weekday on (or, for "last Monday", before) the published day."""
    if base is None:
        return None
    back = (base.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return DateValue((base - dt.timedelta(days=back)).isoformat(), "day")


def _next_weekday(weekday: int, base: dt.date | None) -> DateValue | None:
    """The first such weekday on or after the published day ("will hold a news conference Friday")."""
    if base is None:
        return None
    return DateValue((base + dt.timedelta(days=(weekday - base.weekday()) % 7)).isoformat(), "day")


def _calendar(words: list[str], year: int | None, base: dt.date | None, future: bool = False) -> DateValue | None:
    """Month names, day numbers and years, read by dateparser against the published day."""
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    days = [int(w) for w in words if w.isdigit() and not _YEAR.match(w)]
    known = [w for w in words if w in _MONTHS or w.isdigit()]
    if len(known) != len(words) or (month is None and year is None):
        return None  # a word we do not read, or no anchor in the calendar: leave it to no one
    if month is None:
        return DateValue(f"{year:04d}", "year") if not days else None
    day = days[0] if days else None
    if day is not None and not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return None
    if year is None and base is None:
        return DateValue(f"--{month:02d}-{day:02d}", "day") if day is not None else None
    found = _dateparser(" ".join(words), base, "future" if future and year is None else "past")
    if found is None:
        return None
    date, period = found
    if period == "day" and day is not None:
        return DateValue(date.isoformat(), "day")
    if period in ("day", "month") and day is None:
        return DateValue(f"{date.year:04d}-{date.month:02d}", "month")
    return None


@cache
def _parser(base: dt.date | None, prefer: str = "past") -> Any:
    from dateparser.date import DateDataParser  # slow to import: only when a date needs it

    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": []}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def prepare() -> None:
    """Import dateparser and build what its first reading builds (0.4 s), so that the pipeline's load pays
    for it rather than the first document with a date in it."""
    _dateparser("january 1", dt.date(2000, 1, 1))


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: dt.date | None, prefer: str = "past") -> tuple[dt.date, str] | None:
    """The date and period dateparser reads in TEXT against BASE (1-10 ms a reading: the same day's articles repeat
    their dates, so each reading is kept). Without a base the text holds a year, and only its year, month and
    given day are used, which no other day changes."""
    data = _parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"
