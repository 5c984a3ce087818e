"""What the export tests ingest: openly licensed demo reports and two short reports we wrote."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "articles"
REPORTS = ("005", "009", "010", "015", "016", "017", "018")
"""Openly licensed reports from demo/articles (see demo/ATTRIBUTION.md) that share stories, entities and events."""

OWN = [
    {"title": "Ambassador on wounded soldiers", "outlet": "Example Wire", "published": "2025-02-11",
     "url": "https://example.org/wire/wounded",
     "text": "Russian Ambassador Alexander Matsegora said on Monday that hundreds of wounded Russian soldiers are "
             "treated in North Korea. Matsegora said the hospitals in Pyongyang were likely full. "
             "The Kremlin denied that wounded Russian soldiers are treated in North Korea."},
    {"title": "Soldiers treated in North Korea, envoy says", "outlet": "Example Daily", "published": "2025-02-12",
     "url": "https://example.org/daily/envoy",
     "text": "According to the Institute for the Study of War, Ambassador Matsegora claimed that hundreds of wounded "
             "Russian soldiers are treated in North Korea. Russian troops attacked Ukrainian positions near Kursk "
             "on February 9, the Ukrainian army said."},
]
"""Two short reports we wrote (a claim, a hedge with an ICD 203 band, a denial, an event)."""
