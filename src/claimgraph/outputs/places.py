"""Where a named place is: its country code, from FollowTheMoney's country type (rigour's territory names).

FollowTheMoney cleans a country name, an ISO code or a capital to a lower-case territory code
("North Korea", "DPRK", "Pyongyang" -> "kp"; "Crimea" -> "ua-cri"); a place it does not know
("Kursk", "Donbas", "Europe") has no code, and the exports say so rather than guess.
"""
from __future__ import annotations

from functools import lru_cache

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
"""spaCy entity labels that name places (countries, cities and states; other locations; facilities)."""


@lru_cache(maxsize=4096)
def territory_code(name: str) -> str | None:
    """FollowTheMoney's territory code of a place name ('ru', 'ua-cri'), or None where it knows none."""
    from followthemoney.types import registry

    code = registry.country.clean(name)
    return str(code) if code else None


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code (upper case) of the country a place name lies in, or None."""
    code = territory_code(name)
    return code.split("-")[0].upper() if code and len(code.split("-")[0]) == 2 else None
