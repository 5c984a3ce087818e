"""Admiralty grades: a reliability grade A–F for each source, with its reason; a credibility grade 1–6 for each story.

A source (an organisation: `store.sources`) has the default grade of the lexicon of known sources
(`lexicon/sources.yaml`) until an analyst grades it; an analyst's grade carries a reason, replaces the
default, and can be taken back (`reset_source`). Grading an organisation grades every channel its words
reach the store through. A source's track record, worked out from the stories (how often what it says is
borne out by an independent origin, how often disputed), is shown beside its grade for the analyst to weigh.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, func, select

from claimgraph.errors import InputError
from claimgraph.nlp import lexicon
from claimgraph.store import schema as t
from claimgraph.store import sources as store_sources
from claimgraph.store.engine import shown_url
from claimgraph.store.matching import escape_like

UNGRADED = "F"
"""The reliability of a source that nobody has graded: "cannot be judged"."""

MAX_REASON = 2000
"""The longest reason kept with a grade."""


def reliability_scale() -> dict[str, str]:
    """A–F and their labels, from admiralty.yaml."""
    return {k: v["label"] for k, v in lexicon.load("admiralty")["reliability"].items()}


def credibility_scale() -> dict[int, str]:
    """1–6 and their labels, from admiralty.yaml."""
    return {int(k): v["label"] for k, v in lexicon.load("admiralty")["credibility"].items()}


def check_grade(value: object, where: str) -> str:
    """A reliability grade A–F (any case), or an InputError that says where the bad one is."""
    grade = str(value).strip().upper() if isinstance(value, str) else ""
    if grade not in reliability_scale():
        raise InputError(f"{where}: unknown grade '{value}': use one of A–F "
                         f"(A completely reliable … E unreliable, F cannot be judged)")
    return grade


def _reason(reason: object, where: str) -> str | None:
    if reason is None:
        return None
    if not isinstance(reason, str):
        raise InputError(f"{where}: the reason must be text, not {type(reason).__name__}")
    text = " ".join(reason.split())
    if len(text) > MAX_REASON:
        raise InputError(f"{where}: the reason is {len(text):,} characters long; keep it under {MAX_REASON:,}")
    return text or None


def find_source(conn: Connection, name: object, where: str | None = None) -> dict[str, Any]:
    """The stored source a name (or id, alias, outlet line) names, or an InputError saying what there is."""
    if not isinstance(name, (str, int)) or isinstance(name, bool) or not str(name).strip():
        raise InputError(f"{where or 'source'}: give the name of a source (`claimgraph sources` lists them)")
    ref = str(name).strip()
    where = where or f"source '{ref}'"
    found = store_sources.find(conn, ref)
    if found is not None:
        return found
    carried = store_sources.channel_sources(conn, ref)
    if carried:
        raise InputError(f"{where}: '{ref}' is a channel that carries {', '.join(carried)}, not a source; grade "
                         f"the source it carries (grading it covers every channel)")
    n = conn.execute(select(func.count()).select_from(t.sources)).scalar_one()
    store = shown_url(conn.engine.url.render_as_string(hide_password=True))
    if not n:
        raise InputError(f"{where}: the store {store} has no sources yet (ingest articles first, or pass --db)")
    near = conn.execute(select(t.sources.c.name).where(t.sources.c.name.ilike(f"%{escape_like(ref[:40])}%",
                                                                              escape="\\"))
                        .order_by(t.sources.c.name).limit(5)).scalars().all()
    hint = f"; did you mean {', '.join(near)}?" if near else " (`claimgraph sources` lists them)"
    raise InputError(f"{where}: no source named '{ref}' in the store {store}{hint}")


def _graded(conn: Connection, source: dict[str, Any], before: tuple[str | None, str | None]) -> dict[str, Any]:
    row = store_sources.find(conn, str(source["id"])) or source
    channels = conn.execute(select(func.count()).select_from(t.source_channels)
                            .where(t.source_channels.c.source_id == source["id"])).scalar_one()
    grade = row["reliability"] or UNGRADED
    return {"source": row["name"], "id": row["id"], "reliability": grade, "label": reliability_scale()[grade],
            "reason": row["reason"], "graded_by": row["graded_by"], "channels": int(channels),
            "before": {"reliability": before[0] or UNGRADED, "graded_by": before[1]}}


def grade_source(conn: Connection, name: object, grade: object, reason: object = None,
                 where: str | None = None) -> dict[str, Any]:
    """Give a source an analyst's reliability grade (A–F) and the reason for it; the source must be stored."""
    where = where or f"source '{name}'"
    checked = check_grade(grade, where)
    why = _reason(reason, where) or "graded by an analyst (no reason given)"
    source = find_source(conn, name, where)
    before = (source["reliability"], source["graded_by"])
    store_sources.set_grade(conn, source["id"], checked, why, "analyst")
    return _graded(conn, source, before)


def reset_source(conn: Connection, name: object) -> dict[str, Any]:
    """Take an analyst's grade back: the source has the lexicon's default again (or no grade where it has none)."""
    source = find_source(conn, name)
    before = (source["reliability"], source["graded_by"])
    grade, reason = store_sources.default_of(source["name"])
    store_sources.set_grade(conn, source["id"], grade, reason, "reset")
    return _graded(conn, source, before)


@dataclass(frozen=True)
class GradeLine:
    """One source's grade as a grades file gives it."""

    outlet: str
    grade: str
    line: int
    reason: str | None = None


def _file_value(p: Path, line: int, value: Any) -> tuple[str, str | None]:
    """(grade, reason) of one entry: `NAME: B`, or `NAME: {grade: B, reason: ...}`."""
    where = f"grades file {p} line {line}"
    if isinstance(value, yaml.ScalarNode):
        return check_grade(value.value, where), None
    if isinstance(value, yaml.MappingNode):
        fields = {k.value: v.value for k, v in value.value if isinstance(k, yaml.ScalarNode)
                  and isinstance(v, yaml.ScalarNode)}
        unknown = sorted(set(fields) - {"grade", "reason"})
        if unknown or "grade" not in fields:
            raise InputError(f"{where}: write 'NAME: B' or 'NAME: {{grade: B, reason: why}}'")
        return check_grade(fields["grade"], where), _reason(fields.get("reason"), where)
    raise InputError(f"{where}: write 'NAME: B' or 'NAME: {{grade: B, reason: why}}'")


def read_grades_file(path: str | os.PathLike[str]) -> list[GradeLine]:
    """The grades of a YAML file of `name: grade` (or `name: {grade: B, reason: ...}`) lines; errors name the line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"grades file {p}: cannot read it ({getattr(e, 'strerror', None) or e})") from None
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"grades file {p}{at}: not valid YAML ({getattr(e, 'problem', e)})") from None
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"grades file {p} line {node.start_mark.line + 1}: write one 'source: grade' per line "
                         "(for example 'UNN: B')")
    out = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or not key.value.strip():
            raise InputError(f"grades file {p} line {line}: write one 'source: grade' per line (for example 'UNN: B')")
        grade, reason = _file_value(p, line, value)
        out.append(GradeLine(key.value.strip(), grade, line, reason))
    return out


def apply_grades_file(conn: Connection, path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Grade every source a grades file names, all or none (an unknown source stops it, naming its line)."""
    return [grade_source(conn, g.outlet, g.grade, g.reason or f"from the grades file {Path(path).name}",
                         where=f"grades file {path} line {g.line}") for g in read_grades_file(path)]


def credibility(support: int, dispute: int, best: str | None, *, source: str | None = None,
                graded_by: str | None = None) -> dict[str, Any]:
    """A story's credibility 1–6 from its independent supporting and disputing origins and its best source.

    1 confirmed: three or more independent origins, no dispute, a completely reliable (A) source among them.
    2 probably true: no dispute and three origins with a fairly reliable (C) or better source, or two with B or better.
    3 possibly true: no dispute and two or more origins whatever their grades, or one origin from an A or B
      source; or disputed by fewer origins than support it.
    4 doubtful: as many disputing origins as supporting ones, or one origin from a source graded C, D or E.
    5 improbable: more independent origins dispute it than support it.
    6 cannot be judged: one origin from an ungraded source and no dispute, or only denials of it.

    `source` and `graded_by` name the best source and whose grade it is, for the reason.
    """
    best = best or UNGRADED
    rank = "ABCDEF".index(best)
    scale = credibility_scale()
    origins = f"{support} independent origin{'s' if support != 1 else ''}"
    disputes = "no dispute" if not dispute else f"disputed by {dispute} independent origin{'s' if dispute != 1 else ''}"
    if best == UNGRADED:
        src = "no source whose reliability can be judged (F)"
    else:
        whose = {"analyst": "an analyst's grade", "default": "default grade"}.get(graded_by or "", "graded")
        src = f"best source {best}" + (f" ({source}, {whose})" if source else "")
    if support == 0:
        code, why = 6, f"no report supports it, only denials ({disputes.replace('disputed by ', '')})"
    elif dispute > support:
        code, why = 5, f"{origins}, {disputes}"
    elif dispute and dispute == support:
        code, why = 4, f"{origins}, {disputes}, {src}"
    elif dispute:
        code, why = 3, f"{origins}, {disputes}, {src}"
    elif support >= 3 and rank == 0:
        code, why = 1, f"{origins}, {disputes}, {src}"
    elif (support >= 3 and rank <= 2) or (support >= 2 and rank <= 1):
        code, why = 2, f"{origins}, {disputes}, {src}"
    elif support >= 2 or rank <= 1:
        code, why = 3, f"{origins}, {disputes}, {src}"
    elif rank <= 4:
        code, why = 4, f"{origins}, {disputes}, {src}"
    else:
        code, why = 6, f"{origins}, {disputes}, {src}"
    return {"code": code, "label": scale[code], "reason": f"{code} — {scale[code]}: {why}"}
