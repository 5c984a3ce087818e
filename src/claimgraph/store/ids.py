"""The integer ids a user types: read once, bounded by what the store's INTEGER columns hold.

A store's ids are INTEGER columns, 32 bits on PostgreSQL (which refuses a larger value even to compare
with one) and 64 on SQLite (whose driver overflows past 2**63 - 1). A number past MAX_ID names nothing
in either, so it is read as no id at all, and the caller says "no such record" instead of crashing.

>>> record_id("42"), record_id("99999999999999999999"), record_id("٣"), record_id("0")
(42, None, None, None)
"""
from __future__ import annotations

MAX_ID = 2**31 - 1
"""The largest id a store holds."""


def record_id(raw: str | None) -> int | None:
    """The integer id a path, query parameter or command-line argument gives (ASCII digits, 1 to MAX_ID),
    or None where it gives none."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_ID)):
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None
