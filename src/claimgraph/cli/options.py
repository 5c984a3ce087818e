"""Options that many commands share, declared once: the store (`--db`), the output format, the ledger's filters.

Everything here is light (argparse and the names of choices), so that `claimgraph COMMAND --help` loads
neither spaCy nor SQLAlchemy; the commands import what they need when they run.
"""
from __future__ import annotations

import argparse
from typing import Any

from claimgraph.records import STANCES
from claimgraph.store.location import DEFAULT_DB, ENV_DB

DB_HELP = (f"the store: a SQLite file path or a postgresql://USER@HOST:PORT/DB URL "
           f"(default: ${ENV_DB}, else ./{DEFAULT_DB})")

OUTPUT_FORMATS = ("table", "tsv", "json")
"""table: a table a person reads (plain full-width lines when standard output is not a terminal); tsv: one
row per line, tab-separated, with a header; json: the records as a JSON list, every field kept."""

HEDGE_CHOICES = ("any", "none")
GRADES = range(1, 7)
UNDATED = ("include", "exclude", "only")
"""What becomes of articles with no date (`store.filters.UNDATED`)."""
SORTS = ("date", "-date", "speaker", "-speaker", "outlet", "-outlet", "stance", "-stance")
"""The ledger's sort orders (`store.filters.SORTS`; a test keeps the two the same)."""


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 ("--limit 0" is an error, not "no limit")."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be at least 1")
    return n


def credibility_grade(value: str) -> int:
    """An argparse type: a story's credibility grade, a whole number 1–6."""
    v = value.strip()
    if not v.isdigit() or int(v) not in GRADES:
        raise argparse.ArgumentTypeError(f"{value!r} is not a credibility grade: give a whole number 1-6 "
                                         "(1 confirmed ... 6 cannot be judged)")
    return int(v)


def date_bound(value: str) -> str:
    """An argparse type: a date bound (YYYY, YYYY-MM or YYYY-MM-DD), so that a wrong one is a usage error naming its
    option, as every other option value is."""
    v = value.strip()
    parts = v.split("-")
    ok = (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4
          and all(len(p) == 2 for p in parts[1:]) and (len(parts) < 2 or 1 <= int(parts[1]) <= 12)
          and (len(parts) < 3 or 1 <= int(parts[2]) <= 31))
    if not ok:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date: give YYYY-MM-DD (or YYYY-MM, YYYY)")
    return v


def store_option(p: argparse.ArgumentParser, **kwargs: Any) -> None:
    """`--db PATH|URL`."""
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP, **kwargs)


def output_options(p: argparse.ArgumentParser, what: str) -> None:
    """`--format table|tsv|json` and `--json` (the same as `--format json`)."""
    p.add_argument("--format", choices=OUTPUT_FORMATS, default=None, dest="output_format",
                   help=f"how to print the {what}: table (default; plain full-width lines when standard output "
                        f"is not a terminal), tsv (tab-separated, a header first) or json (a JSON list)")
    p.add_argument("--json", action="store_true", help=f"print the {what} as a JSON list (--format json)")


def output_format(args: argparse.Namespace) -> str:
    """The format the options ask for."""
    if getattr(args, "json", False):
        return "json"
    return str(getattr(args, "output_format", None) or "table")


def claim_filters(p: argparse.ArgumentParser) -> None:
    """Every filter of the claim ledger (`store.filters.ClaimFilter`), one option each."""
    p.add_argument("--speaker", metavar="NAME", help="claims made by this entity (any of its spellings)")
    p.add_argument("--about", metavar="NAME", help="claims whose content names this entity or holds these words")
    p.add_argument("--entity", metavar="ID|NAME", help="claims this entity makes, relays or is named in")
    p.add_argument("--stance", choices=STANCES, help="claims framed this way")
    p.add_argument("--hedge", metavar="WORD", help=f"{' or '.join(HEDGE_CHOICES)} (hedged or stated flat), or a hedge "
                                                   "word or ICD 203 term ('likely', 'reportedly')")
    p.add_argument("--grade", type=credibility_grade, metavar="1-6",
                   help="claims whose story has this credibility grade (1 confirmed ... 6 cannot be judged)")
    p.add_argument("--outlet", metavar="NAME", help="articles from an outlet whose name holds these words")
    p.add_argument("--since", metavar="DATE", type=date_bound,
                   help="articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--until", metavar="DATE", type=date_bound,
                   help="articles published on or before DATE (the whole month or year of a shorter date)")
    p.add_argument("--undated", choices=UNDATED,
                   help="articles with no date: include keeps them beside a date range (which leaves them out by "
                        "default), exclude leaves them out always, only keeps them alone")
    p.add_argument("--search", metavar="TEXT", help="claims whose content holds these words (full-text search)")
    p.add_argument("--story", type=positive_int, metavar="ID", help="the claims of this story")
    p.add_argument("--document", metavar="ID", help="the claims of this article (its id)")
    p.add_argument("--tag", metavar="TAG", help="claims an analyst tagged so")


CLAIM_FILTERS = ("speaker", "about", "entity", "stance", "hedge", "grade", "outlet", "since", "until", "undated",
                 "search", "story", "document", "tag")
"""The options `claim_filters` adds, by their `ClaimFilter` field names."""


def filter_values(args: argparse.Namespace) -> dict[str, Any]:
    """The ledger filters the options set, as `ClaimFilter` keywords."""
    out = {k: getattr(args, k, None) for k in CLAIM_FILTERS}
    if out.get("hedge"):
        out["hedge"] = str(out["hedge"]).strip().lower()
    return {k: v for k, v in out.items() if v is not None and v != ""}
