"""Admiralty grades: a reliability grade A–F for each source, a credibility grade 1–6 for each story."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, func, select, update

from claimgraph.errors import InputError
from claimgraph.nlp import lexicon
from claimgraph.store import schema as t

UNGRADED = "F"
"""The reliability of a source that no analyst has graded: "cannot be judged"."""


def reliability_scale() -> dict[str, str]:
    """A–F and their labels, from admiralty.yaml."""
    return {k: v["label"] for k, v in lexicon.load("admiralty")["reliability"].items()}


def credibility_scale() -> dict[int, str]:
    """1–6 and their labels, from admiralty.yaml."""
    return {int(k): v["label"] for k, v in lexicon.load("admiralty")["credibility"].items()}


def check_grade(value: object, where: str) -> str:
    """A reliability grade A–F (any case), or an InputError that says where the bad one is."""
    grade = str(value).strip().upper() if value is not None else ""
    if grade not in reliability_scale():
        raise InputError(f"{where}: unknown grade '{value}': use one of A–F "
                         f"(A completely reliable … E unreliable, F cannot be judged)")
    return grade


def _source_row(conn: Connection, outlet: str) -> Any:
    name = outlet.strip()
    return conn.execute(select(t.sources.c.id, t.sources.c.name)
                        .where(func.lower(t.sources.c.name) == name.casefold())).first()


def grade_source(conn: Connection, outlet: str, grade: str, where: str | None = None) -> dict[str, Any]:
    """Set an outlet's reliability grade (A–F); the outlet must be a source in the store."""
    where = where or f"source '{outlet}'"
    grade = check_grade(grade, where)
    row = _source_row(conn, outlet)
    if row is None:
        known = conn.execute(select(t.sources.c.name).order_by(t.sources.c.name).limit(8)).scalars().all()
        hint = f" (stored sources include: {', '.join(known)})" if known else " (the store has no sources yet)"
        raise InputError(f"{where}: no source named '{outlet}' in the store{hint}")
    conn.execute(update(t.sources).where(t.sources.c.id == row.id).values(reliability=grade))
    return {"source": row.name, "reliability": grade, "label": reliability_scale()[grade]}


@dataclass(frozen=True)
class GradeLine:
    """One outlet's grade as a grades file gives it."""

    outlet: str
    grade: str
    line: int


def read_grades_file(path: str | os.PathLike[str]) -> list[GradeLine]:
    """The grades of a YAML file of `outlet: grade` lines, each checked; errors name the line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"grades file {p}: cannot read it ({e.strerror or e})") from None
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"grades file {p}{at}: not valid YAML ({getattr(e, 'problem', e)})") from None
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"grades file {p} line {node.start_mark.line + 1}: write one 'outlet: grade' per line "
                         "(for example 'UNN: B')")
    out = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode) or not key.value.strip():
            raise InputError(f"grades file {p} line {line}: write one 'outlet: grade' per line (for example 'UNN: B')")
        out.append(GradeLine(key.value.strip(), check_grade(value.value, f"grades file {p} line {line}"), line))
    return out


def apply_grades_file(conn: Connection, path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Grade every outlet a grades file names, all or none (an unknown outlet stops it, naming its line)."""
    return [grade_source(conn, g.outlet, g.grade, where=f"grades file {path} line {g.line}")
            for g in read_grades_file(path)]


def sources(conn: Connection) -> list[dict[str, Any]]:
    """Every source with its grade (F where ungraded) and how many stored documents it has."""
    s, d = t.sources, t.documents
    q = select(s.c.name, s.c.reliability, func.count(d.c.pk).label("documents")) \
        .outerjoin(d, d.c.source_id == s.c.id).group_by(s.c.id, s.c.name, s.c.reliability).order_by(s.c.name)
    scale = reliability_scale()
    return [{"source": r.name, "reliability": r.reliability or UNGRADED, "graded": r.reliability is not None,
             "label": scale[r.reliability or UNGRADED], "documents": r.documents} for r in conn.execute(q)]


def credibility(support: int, dispute: int, best: str | None) -> dict[str, Any]:
    """A story's credibility 1–6 from its independent supporting and disputing origins and its best source.

    1 confirmed: three or more independent origins, no dispute, a completely reliable (A) source among them.
    2 probably true: no dispute and three origins with a fairly reliable (C) or better source, or two with B or better.
    3 possibly true: no dispute and two or more origins whatever their grades, or one origin from an A or B
      source; or disputed by fewer origins than support it.
    4 doubtful: as many disputing origins as supporting ones, or one origin from a source graded C, D or E.
    5 improbable: more independent origins dispute it than support it.
    6 cannot be judged: one origin from an ungraded source and no dispute, or only denials of it.
    """
    best = best or UNGRADED
    rank = "ABCDEF".index(best)
    scale = credibility_scale()
    origins = f"{support} independent origin{'s' if support != 1 else ''}"
    disputes = "no dispute" if not dispute else f"disputed by {dispute} independent origin{'s' if dispute != 1 else ''}"
    src = f"best source {best}" + (" (ungraded)" if best == UNGRADED else "")
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
