"""What an analyst asks the store for: the claim filter, sort orders, paging, and the checks of dates and stances.

`ClaimFilter` holds every question the ledger can ask; `ClaimFilter.from_params` reads it from
query parameters (the web) or any mapping of strings, and raises an InputError naming the first
parameter it cannot read. The CLI builds the same object from its flags, one line per flag.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal
from urllib.parse import urlencode

from sqlalchemy import Connection

from claimgraph.errors import InputError
from claimgraph.records import STANCES

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INT = re.compile(r"^\d{1,9}$")

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000
HEDGE_CHOICES = ("any", "none")
"""Besides a hedge word: `any` (the claim is hedged) and `none` (it is stated flat)."""
UNDATED = ("include", "exclude", "only")
"""What becomes of articles with no date: kept beside a date range, left out always, or kept alone."""
SORTS = ("date", "-date", "speaker", "-speaker", "outlet", "-outlet", "stance", "-stance")
"""Orders of the ledger: a column name, '-' first for descending; `-date` (newest first) is the default."""
DEFAULT_SORT = "-date"

Grader = Callable[[Connection, int], Collection[int]]
"""Ids of the stories whose credibility grade is the given 1–6 (corroboration computes grades, the store
does not): `claimgraph.corpus.corroborate.stories_with_grade` is one."""
Namer = Callable[[Connection, str], list[int]]
"""Ids of the canonical entities a name stands for: `store.matching.canonical_ids_named`, or a cache of it."""


@dataclass(frozen=True)
class Lookups:
    """What answering a claim filter asks of others: story grades (corroboration's) and names to entities
    (the store's own by default; the workbench hands a cached one)."""

    grader: Grader | None = None
    namer: Namer | None = None


def check_bound(value: str, option: str = "since") -> str:
    """A date bound (YYYY, YYYY-MM or YYYY-MM-DD), or an InputError naming the option."""
    v = value.strip()
    m = _DATE.match(v)
    bad_month = m is not None and m.group(2) is not None and not 1 <= int(m.group(2)) <= 12
    bad_day = m is not None and m.group(3) is not None and not 1 <= int(m.group(3)) <= 31
    if not m or bad_month or bad_day:
        raise InputError(f"{option} '{value}': give a date as YYYY-MM-DD (or YYYY-MM, YYYY)")
    return v


def check_date(value: str) -> str:
    """An ISO date for --since (YYYY, YYYY-MM or YYYY-MM-DD), or an InputError."""
    return check_bound(value, "--since")


def check_stance(stance: str) -> str:
    """The stance, lower case, or an InputError naming the ones there are."""
    s = stance.strip().lower()
    if s not in STANCES:
        raise InputError(f"unknown stance '{stance}'; use one of {', '.join(STANCES)}")
    return s


def date_range(date: str | None) -> tuple[str, str] | None:
    """The first and last day a date of any precision may stand for; None for no year."""
    m = _DATE.match(date or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return f"{year:04d}-{month}-{day}", f"{year:04d}-{month}-{day}"
    if month:
        last = calendar.monthrange(year, int(month))[1]
        return f"{year:04d}-{month}-01", f"{year:04d}-{month}-{last:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def first_day(bound: str) -> str:
    """The first day a checked date bound stands for."""
    span = date_range(bound)
    if span is None:
        raise InputError(f"'{bound}' is not a date")
    return span[0]


def last_day(bound: str) -> str:
    """The last day a checked date bound stands for."""
    span = date_range(bound)
    if span is None:
        raise InputError(f"'{bound}' is not a date")
    return span[1]


def whole_number(raw: str, name: str, low: int, high: int) -> int:
    """A whole number from low to high read from a parameter, or an InputError naming it."""
    s = raw.strip()
    if not _INT.match(s) or not low <= int(s) <= high:
        raise InputError(f"{name} '{raw}' must be a whole number from {low} to {high:,}")
    return int(s)


@dataclass(frozen=True)
class Paging:
    """Which page of a list, and how long a page is."""

    page: int = 1
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def pages(self, total: int) -> int:
        """How many pages `total` rows fill (at least one)."""
        return max(1, -(-total // self.per_page))

    @classmethod
    def from_params(cls, params: Mapping[str, str], per_page: int = PER_PAGE) -> Paging:
        """Paging from `page` and `per_page` parameters; an InputError names a bad one."""
        page = params.get("page") or ""
        size = params.get("per_page") or ""
        return cls(whole_number(page, "page", 1, MAX_PAGE) if page.strip() else 1,
                   whole_number(size, "per_page", 1, MAX_PER_PAGE) if size.strip() else per_page)


_WHOLE_NUMBERS = ("grade", "story", "speaker_id")
"""The filters that are whole numbers (a digit string is read as one); the others are text."""


def _whole(value: object, name: str) -> int:
    """A whole-number filter from an int or its digits, or an InputError naming the filter."""
    if isinstance(value, bool) or not isinstance(value, (int, str)) or (isinstance(value, str)
                                                                         and not _INT.match(value.strip())):
        raise InputError(f"{name} {value!r}: give a whole number")
    return int(value)


@dataclass(frozen=True)
class ClaimFilter:
    """Every question the claim ledger can ask; each field is optional, and the set ones must all hold."""

    search: str | None = None
    """Words the claim's content holds (full-text search); `q` in a query string."""
    speaker: str | None = None
    """The speaker, by any spelling of its name (claims with no resolved speaker match on their words)."""
    speaker_id: int | None = None
    """The speaker's canonical entity id."""
    about: str | None = None
    """An entity (any spelling) the claim's content names, or words it holds."""
    entity: str | None = None
    """An entity (canonical id or name) that speaks, relays or is named in the content."""
    stance: str | None = None
    """One of `claimgraph.records.STANCES`."""
    hedge: str | None = None
    """`any`, `none`, or a hedge word / ICD 203 term ('likely')."""
    grade: int | None = None
    """The credibility grade (1–6) of the claim's story."""
    outlet: str | None = None
    """Words of the outlet's name."""
    since: str | None = None
    """Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    until: str | None = None
    """Published on or before this date (the whole month or year of a shorter date)."""
    undated: Literal["include", "exclude", "only"] | None = None
    """Whether articles without a date stay in when `since` or `until` is set (default: left out, and
    counted apart so the ledger can say so); `exclude` also leaves them out of an undated question; `only`
    keeps them alone (beside a date range, which holds none of them, nothing)."""
    story: int | None = None
    """Only the claims of this story."""
    document: str | None = None
    """Only the claims of this document."""
    tag: str | None = None
    """Only claims an analyst tagged so."""
    sort: str = DEFAULT_SORT
    """One of SORTS."""

    PARAMS = {"q": "search"}
    """Query-string names that differ from the field names."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or f.name == "PARAMS":
                continue
            if f.name in _WHOLE_NUMBERS:
                object.__setattr__(self, f.name, _whole(value, f.name))
            elif f.name == "entity" and isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, f.name, str(value))  # an entity by its id
            elif not isinstance(value, str):
                raise InputError(f"{f.name} {value!r}: give text, not {type(value).__name__}")
        if self.stance is not None and self.stance not in STANCES:
            raise InputError(f"stance '{self.stance}' is not one of {', '.join(STANCES)}")
        if self.grade is not None and not 1 <= self.grade <= 6:
            raise InputError(f"grade '{self.grade}' is not a credibility grade 1–6")
        if self.undated is not None and self.undated not in UNDATED:
            raise InputError(f"undated '{self.undated}' is not one of {', '.join(UNDATED)}")
        if self.sort not in SORTS:
            raise InputError(f"sort '{self.sort}' is not one of {', '.join(SORTS)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                check_bound(value, name)

    @classmethod
    def names(cls) -> list[str]:
        """The query-string names of the fields."""
        back = {v: k for k, v in cls.PARAMS.items()}
        return sorted(back.get(f.name, f.name) for f in fields(cls))

    @classmethod
    def from_params(cls, params: Mapping[str, str], ignore: Collection[str] = (),
                    listed: Collection[str] = ()) -> ClaimFilter:
        """A filter from query parameters; unknown names (not in `ignore`) and bad values are InputErrors.

        Args:
            listed: names of `ignore` that the caller reads itself (`page`, `per_page`), which the message about an
                unknown name lists beside the filters.
        """
        known = set(cls.names())
        unknown = sorted(set(params) - known - set(ignore))
        if unknown:
            raise InputError(f"unknown filter '{unknown[0]}'; use {', '.join(sorted(known | set(listed)))}")
        v: dict[str, Any] = {}
        for name in known:
            raw = (params.get(name) or "").strip()
            if raw:
                v[cls.PARAMS.get(name, name)] = raw
        for name in ("stance", "hedge", "undated", "sort"):
            if name in v:
                v[name] = v[name].lower()
        for name, top in (("grade", 6), ("story", 2**31 - 1), ("speaker_id", 2**31 - 1)):
            if name in v:
                v[name] = whole_number(v[name], name, 1, top)
        return cls(**v)

    def active(self) -> dict[str, Any]:
        """The filters that are set (the sort left out where it is the default)."""
        return {k: v for k, v in asdict(self).items() if v is not None and not (k == "sort" and v == DEFAULT_SORT)}

    def params(self, **changes: Any) -> dict[str, Any]:
        """The filter as query parameters (defaults left out), with some fields changed."""
        back = {v: k for k, v in self.PARAMS.items()}
        d = {**asdict(replace(self, **{k: v for k, v in changes.items() if k in self.__dataclass_fields__})),
             **{k: v for k, v in changes.items() if k not in self.__dataclass_fields__}}
        return {back.get(k, k): v for k, v in d.items()
                if v is not None and not (k == "sort" and v == DEFAULT_SORT)}

    def query_string(self, **changes: Any) -> str:
        """The filter as a URL query string (defaults left out), with some fields changed."""
        return urlencode(self.params(**changes))

    def dated(self) -> bool:
        """Whether a date bound is set."""
        return self.since is not None or self.until is not None
