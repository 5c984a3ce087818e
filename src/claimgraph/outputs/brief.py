"""Briefs: a story, an entity or a topic written up for a reader, every statement footnoted to its exact words.

    brief(store, story=12)                      the proposition, who claims it and through whom, what disputes it
    brief(store, entity="Matsegora")            what an entity said, what was said about it, its stories, its events
    brief(store, about="Kursk", since=..., until=...)   the claims about a topic, story by story, and its events

A brief is built once as plain data (`build`) and rendered from Jinja2 templates (templates/brief.md.j2,
templates/brief.html.j2 with brief.css inlined, so the HTML loads nothing); a PDF is the HTML rendered by
WeasyPrint with the system's DejaVu fonts. Each footnote gives the outlet, the date, the URL and the exact
span quoted from the stored text, with its character offsets. Nothing in a brief depends on the clock unless
`stamp` is given, so the same store gives the same brief, byte for byte, in every format.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy import Connection

from claimgraph.corpus import corroborate, grades
from claimgraph.corpus.resolve import entity_id as resolve_entity
from claimgraph.errors import InputError
from claimgraph.outputs.atomic import output
from claimgraph.outputs.formats import BRIEF_FORMATS
from claimgraph.outputs.selection import Reader, Selection, events_involving
from claimgraph.store import Store
from claimgraph.store.queries import canonical_ids_named
from claimgraph.store.timeline import check_bound, date_range

MAX_STATEMENTS = 60
"""Statements listed per section (the newest); the brief says how many more there are."""
MAX_EVENTS = 60


@dataclass
class Footnotes:
    """The sources of a brief, numbered in the order they are first cited; one number per span."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    index: dict[tuple[str, int, int], int] = field(default_factory=dict)

    def cite(self, doc: dict[str, Any], quote: str, start: int, end: int, what: str) -> int:
        key = (doc["id"], start, end)
        if key not in self.index:
            self.notes.append({"n": len(self.notes) + 1, "outlet": doc.get("outlet") or "unknown outlet",
                               "published": doc.get("published") or "undated", "url": doc.get("url"),
                               "title": doc.get("title"), "document_id": doc["id"], "start": start, "end": end,
                               "quote": quote, "what": what})
            self.index[key] = len(self.notes)
        return self.index[key]


def _band(p: dict[str, Any] | None) -> str | None:
    if not p:
        return None
    return f"ICD 203 “{p['term']}”, {p['low']:.0%}–{p['high']:.0%}"


def _who(claim: dict[str, Any]) -> str:
    sp = claim["speaker"] or {}
    canonical = sp.get("canonical") or {}
    text = sp.get("text") or ""
    name = canonical.get("name")
    if name and text and name.casefold() not in text.casefold():
        return f"{text} ({name})"
    return name or text or f"{claim['document']['outlet'] or 'the article'} (no named speaker)"


def statement(claim: dict[str, Any], notes: Footnotes, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """One claim as a brief states it, with its footnote number."""
    doc = claim["document"]
    n = notes.cite(doc, claim["content"]["text"], claim["content"]["start"], claim["content"]["end"], "statement")
    story = claim["story"] or {}
    return {"who": _who(claim), "via": [v["text"] for v in claim["via"]], "cue": (claim["cue"] or {}).get("text"),
            "content": claim["content"]["text"], "quote": claim["quote"],
            "hedges": [h["text"] for h in claim["hedges"]], "band": _band(claim["probability"]),
            "stance": claim["stance"], "date_said": claim["date_said"], "outlet": doc["outlet"],
            "published": doc["published"], "story": story.get("id"), "grade": story.get("grade"),
            "grade_label": story.get("label"), "fn": n, "relation": None, "why": None, "origin": None,
            "source_grade": None, **(extra or {})}


def _event_line(v: dict[str, Any], notes: Footnotes) -> dict[str, Any]:
    doc = v["document"]
    s = v["sentence"]
    n = notes.cite(doc, s["text"], s["start"], s["end"], "event")

    def name(role: str) -> str | None:
        ref = v[role] or {}
        found = (ref.get("canonical") or {}).get("name") or ref.get("text")
        return str(found) if found else None

    # an event the text gives no date is shown by the day it was reported, said as such
    when = v["date"] or (f"reported {doc['published']}" if doc.get("published") else "undated")
    return {"date": when, "code": v["action"]["code"], "mode": v["action"]["mode"],
            "actor": name("actor"), "action": v["action"]["text"], "target": name("target"),
            "place": name("place"), "outlet": doc["outlet"], "fn": n}


def _story_line(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s["id"], "proposition": s["proposition"], "grade": s["grade"], "label": s["label"],
            "reason": s["reason"], "reports": s["reports"], "origins": s["origins"],
            "disputing_origins": s["disputing_origins"], "best_source": s["best_source"],
            "best_source_label": grades.reliability_scale().get(s["best_source"], "")}


def _newest(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    ordered = sorted(items, key=lambda c: (c["document"]["published"] or "", c["document"]["id"], c["id"]),
                     reverse=True)
    return ordered[:MAX_STATEMENTS], max(0, len(ordered) - MAX_STATEMENTS)


def _claims_of(reader: Reader) -> list[dict[str, Any]]:
    return [c for doc in reader.documents() for c in doc["claims"]]


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    span = date_range(date)
    if span is None:
        return False
    lo, hi = span
    if since is not None and hi < date_range(since)[0]:  # type: ignore[index]
        return False
    return not (until is not None and lo > date_range(until)[1])  # type: ignore[index]


def _timeline(events: Iterable[dict[str, Any]], notes: Footnotes, since: str | None = None,
              until: str | None = None) -> list[dict[str, Any]]:
    kept = [v for v in events if _in_range(v["date"], since, until)]
    kept.sort(key=lambda v: (v["date"] is None, v["date"] or "", v["document"]["published"] or "", v["id"]))
    return [_event_line(v, notes) for v in kept[:MAX_EVENTS]]


def build_story(conn: Connection, story_id: int | str) -> dict[str, Any]:
    """A story's brief: the proposition and grade, supporting and disputing statements, origins, events."""
    s = corroborate.story(conn, story_id)
    how = {(i["document"]["id"], i["claim"]): i for i in s["items"]}
    reader = Reader(conn, Selection.of(story=s["id"]))
    claims = _claims_of(reader)
    notes = Footnotes()
    support: list[dict[str, Any]] = []
    dispute: list[dict[str, Any]] = []
    for c in sorted(claims, key=lambda c: (c["document"]["published"] or "9999", c["document"]["id"], c["id"])):
        item = how.get((c["document"]["id"], c["id"]), {})
        line = statement(c, notes, {"relation": item.get("relation"), "why": item.get("why"),
                                    "origin": item.get("origin"), "source_grade": item.get("source_grade")})
        (dispute if item.get("relation") == "disputes" else support).append(line)
    focus = {((c["speaker"] or {}).get("canonical") or {}).get("id") for c in claims} \
        | {n["id"] for c in claims for n in c["named"]}
    docs = sorted({c["document"]["id"] for c in claims})
    events = _timeline(events_involving(conn, sorted(i for i in focus if i), docs), notes)
    g = s["grade"]
    return {"kind": "story", "title": s["proposition"], "subtitle": f"Story {s['id']}",
            "grade": {"code": g["code"], "label": g["label"], "reason": g["reason"].split(": ", 1)[-1]},
            "facts": [("Reports", f"{s['reports']} article{'s' if s['reports'] != 1 else ''}, "
                                  f"{s['claims']} claim{'s' if s['claims'] != 1 else ''}"),
                      ("Independent origins", f"{s['independent_origins']}"
                       + (f": {'; '.join(s['origins'])}" if s["origins"] else "")),
                      ("Disputed by", f"{len(s['disputing_origins'])} independent origin"
                       f"{'s' if len(s['disputing_origins']) != 1 else ''}"
                       + (f": {'; '.join(s['disputing_origins'])}" if s["disputing_origins"] else "")),
                      ("Best source", f"{s['best_source']} ({grades.reliability_scale()[s['best_source']]})"),
                      ("First and last reported", f"{s['first_published'] or 'undated'} – "
                                                  f"{s['last_published'] or 'undated'}")]
            + ([("Hedged by", "; ".join(s["hedged_by"]))] if s["hedged_by"] else [])
            + ([("Stated flat by", ", ".join(s["stated_flat_by"]))] if s["stated_flat_by"] else []),
            "sections": [{"title": "What is claimed, by whom and through whom", "statements": support, "more": 0,
                          "empty": "No report supports it."},
                         {"title": "What disputes it", "statements": dispute, "more": 0,
                          "empty": "No report disputes it."}],
            "stories": [], "events": events, "footnotes": notes.notes}


def build_entity(conn: Connection, ref: str) -> dict[str, Any]:
    """An entity's brief: what it said, relayed and was said about it, the stories those belong to, its events."""
    cid = resolve_entity(conn, str(ref))
    reader = Reader(conn, Selection.of(entity=cid))
    claims = _claims_of(reader)
    entity = next(iter(_entity_summary(reader, cid)), None) or {"id": cid, "name": str(ref), "type": "",
                                                                  "spellings": [], "documents": 0, "claims": 0}
    said = [c for c in claims if ((c["speaker"] or {}).get("canonical") or {}).get("id") == cid]
    relayed = [c for c in claims if c not in said and any((v["canonical"] or {}).get("id") == cid for v in c["via"])]
    about = [c for c in claims if c not in said and c not in relayed]
    notes = Footnotes()
    sections = []
    for title, items, empty in (("What it said", said, "No claims made by it."),
                                ("What it relayed", relayed, "It relays no one's claims."),
                                ("What was said about it", about, "No claims about it.")):
        shown, more = _newest(items)
        sections.append({"title": title, "statements": [statement(c, notes) for c in shown], "more": more,
                         "empty": empty})
    stories = sorted(reader.stories_met(), key=lambda s: (s["grade"], -s["reports"], s["id"]))
    events = _timeline(events_involving(conn, [cid]), notes)
    facts = [("Type", entity["type"] or "-"), ("Articles", str(entity["documents"])),
             ("Claims made", str(entity["claims"]))]
    if entity["spellings"]:
        facts.append(("Also written", ", ".join(entity["spellings"])))
    return {"kind": "entity", "title": entity["name"], "subtitle": f"Entity {cid}", "grade": None, "facts": facts,
            "sections": sections, "stories": [_story_line(s) for s in stories][:MAX_STATEMENTS],
            "events": events, "footnotes": notes.notes}


def _entity_summary(reader: Reader, cid: int) -> list[dict[str, Any]]:
    return [e for e in reader.entities() if e["id"] == cid]


def build_about(conn: Connection, name: str, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """A topic's brief: the claims about it (in a date range), story by story with their grades, and its events."""
    if not name or not name.strip():
        raise InputError("brief --about: give a name or words")
    since = check_bound(since, "--since") if since else None
    until = check_bound(until, "--until") if until else None
    reader = Reader(conn, Selection.of(about=name, since=since, until=until))
    claims = _claims_of(reader)
    notes = Footnotes()
    shown, more = _newest(claims)
    statements = [statement(c, notes) for c in shown]  # numbered before the events, in the order they are read
    stories = sorted(reader.stories_met(), key=lambda s: (s["grade"], -s["reports"], s["id"]))
    ids = canonical_ids_named(conn, name)
    events = _timeline(events_involving(conn, ids), notes, since, until) if ids else []
    span = f"{since or 'the first report'} to {until or 'the last'}" if since or until else "all dates"
    return {"kind": "about", "title": f"About {name.strip()}", "subtitle": f"Claims and events, {span}",
            "grade": None, "facts": [("Claims", str(len(claims))), ("Stories", str(len(stories))),
                                     ("Articles", str(len({c['document']['id'] for c in claims})))],
            "sections": [{"title": "What is claimed about it", "statements": statements,
                          "more": more, "empty": "No claims about it."}],
            "stories": [_story_line(s) for s in stories][:MAX_STATEMENTS], "events": events,
            "footnotes": notes.notes}


def _md(value: Any) -> str:
    """Text made literal in Markdown (article text may hold * _ [ ] < > # | and backticks)."""
    s = "" if value is None else str(value)
    for ch in "\\`*_[]<>#|":
        s = s.replace(ch, "\\" + ch)
    return " ".join(s.split())


@cache
def _environment(markdown: bool) -> Environment:
    env = Environment(loader=PackageLoader("claimgraph.outputs", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = _md
    return env


def stylesheet() -> str:
    """The brief's stylesheet (inlined into the HTML)."""
    return resources.files("claimgraph.outputs").joinpath("templates/brief.css").read_text("utf-8")


def render(data: dict[str, Any], fmt: str, stamp: str | None = None) -> str | bytes:
    """A built brief as Markdown or HTML text, or PDF bytes."""
    if fmt == "md":
        return str(_environment(True).get_template("brief.md.j2").render(b=data, stamp=stamp))
    html = str(_environment(False).get_template("brief.html.j2").render(b=data, stamp=stamp, css=stylesheet()))
    if fmt == "html":
        return html
    return pdf(html, data["title"], stamp)


def pdf(html: str, title: str, stamp: str | None) -> bytes:
    """The HTML rendered by WeasyPrint; with no stamp, the PDF carries no creation date and a fixed identifier."""
    import hashlib

    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    document.metadata.title = title
    document.metadata.generator = "claimgraph"
    if stamp:
        document.metadata.created = document.metadata.modified = stamp
    else:
        document.metadata.created = document.metadata.modified = None
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    data: bytes = document.write_pdf(identifier=identifier)
    return data


def check_format(fmt: str) -> str:
    f = (fmt or "").strip().lower()
    if f not in BRIEF_FORMATS:
        raise InputError(f"unknown brief format '{fmt}'; use one of {', '.join(BRIEF_FORMATS)}")
    return f


def build(conn: Connection, *, story: int | str | None = None, entity: str | None = None,
          about: str | None = None, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The data of a brief of exactly one of: a story, an entity, or a topic (with optional dates)."""
    chosen = [x for x in (story, entity, about) if x not in (None, "")]
    if len(chosen) != 1:
        raise InputError("brief: give one of: story ID, entity NAME, or --about NAME")
    if (since or until) and about in (None, ""):
        raise InputError("brief: --since and --until go with --about")
    if story not in (None, ""):
        return build_story(conn, story)
    if entity not in (None, ""):
        return build_entity(conn, str(entity))
    return build_about(conn, str(about), since, until)


def brief(store: Store, *, story: int | str | None = None, entity: str | None = None, about: str | None = None,
          since: str | None = None, until: str | None = None, fmt: str = "md",
          out: str | os.PathLike[str] | None = None, stamp: bool | str = False) -> str | bytes:
    """Build and render a brief; with `out` it is written to that file (whole or not at all) as well.
    `stamp=True` (or an ISO time) adds when it was made, which is otherwise left out."""
    f = check_format(fmt)
    when = (datetime.now().astimezone().isoformat(timespec="seconds") if stamp is True else stamp) or None
    with store.begin() as conn:
        data = build(conn, story=story, entity=entity, about=about, since=since, until=until)
    rendered = render(data, f, when)
    if out is not None:
        with output(out, binary=isinstance(rendered, bytes)) as stream:
            stream.write(rendered)
    return rendered
