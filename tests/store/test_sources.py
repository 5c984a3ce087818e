"""Sources are organisations: an outlet line names one and the channel that carried it; the organisations claims
name are sources too; each has a default grade with its reason, or none; grades keep their history."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from claimgraph.nlp import lexicon
from claimgraph.records import Analysis, Claim, Document, Entity, Ref, Span
from claimgraph.store import Store, save_analysis
from claimgraph.store import schema as t
from claimgraph.store import sources
from claimgraph.store.outlets import known_source, parse_outlet, source_key

GRAMMAR = [(rule["pattern"], example) for rule in lexicon.load("sources")["grammar"] for example in rule["examples"]]


@pytest.mark.parametrize(("pattern", "example"), GRAMMAR, ids=[e for _, e in GRAMMAR])
def test_each_example_of_the_outlet_grammar_names_an_organisation(pattern, example):
    found = parse_outlet(example)
    assert found.organisation and found.organisation != example
    assert found.organisation.casefold() not in (found.channel or "").casefold()


@pytest.mark.parametrize(("line", "organisation", "channel"), [
    ("Foreign, Commonwealth & Development Office (via Wired-Gov)", "Foreign, Commonwealth & Development Office",
     "Wired-Gov"),
    ("GOV.UK (Foreign, Commonwealth & Development Office / UK Mission to the UN)",
     "Foreign, Commonwealth & Development Office", "GOV.UK"),
    ("Eurasia Review (republishing DOD News)", "U.S. Department of Defense", "Eurasia Review"),
    ("Example Daily (Opinion)", "Example Daily", None),
    ("Reuters via Yahoo News", "Reuters", "Yahoo News"),
    ("Example Wire", "Example Wire", None),
])
def test_an_outlet_line_names_its_organisation_and_its_channel(line, organisation, channel):
    found = parse_outlet(line)
    assert (found.organisation, found.channel) == (organisation, channel)


def test_a_known_source_is_found_by_any_of_its_names_and_says_why_it_has_its_grade():
    for name in ("FCDO", "Foreign, Commonwealth and Development Office", "foreign office"):
        known = known_source(name)
        assert known is not None and known.name == "Foreign, Commonwealth & Development Office"
    assert known.grade == "B" and known.reason
    assert known_source("Example Wire") is None
    assert source_key("The White House") == source_key("white house")


def test_every_default_grade_of_the_lexicon_is_a_grade_with_a_reason():
    for entry in lexicon.load("sources")["sources"]:
        assert entry["grade"] in "ABCDEF" and len(entry["grade"]) == 1, entry["name"]
        assert entry.get("reason"), f"{entry['name']}: a default grade needs its reason"
        assert entry["grade"] != "A", "A is an analyst's judgement, never a default"


def _doc(text: str, outlet: str, claims: tuple[Claim, ...] = (), entities: tuple[Entity, ...] = ()) -> Analysis:
    return Analysis(Document(text=text, outlet=outlet), entities=entities, claims=claims)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.db")
    yield s
    s.close()


def test_two_outlet_lines_of_one_organisation_are_one_source_with_two_channels(store):
    with store.begin(write=True) as conn:
        save_analysis(conn, _doc("First statement.", "Foreign, Commonwealth & Development Office (via Wired-Gov)"))
        save_analysis(conn, _doc("Second statement.", "GOV.UK (Foreign, Commonwealth & Development Office)"))
        save_analysis(conn, _doc("Third statement.", "Example Wire"))
        listed = {s["source"]: s for s in sources.listing(conn)}
    fcdo = listed["Foreign, Commonwealth & Development Office"]
    assert fcdo["documents"] == 2 and {c["name"] for c in fcdo["channels"]} == {"Wired-Gov", "GOV.UK"}
    assert fcdo["reliability"] == "B" and fcdo["graded_by"] == "default" and fcdo["reason"]
    wire = listed["Example Wire"]
    assert wire["reliability"] == "F" and not wire["graded"] and wire["documents"] == 1
    assert "Wired-Gov" not in listed and "GOV.UK" not in listed  # channels are no sources


def test_the_organisations_a_claim_names_as_speaker_or_relay_are_sources_from_the_moment_it_is_stored(store):
    text = "The Kremlin said the talks went well. Example Ministry of Ports said the port was open."
    kremlin = Entity("e1", "Kremlin", "ORG", mentions=(Span("Kremlin", 4, 11),))
    ports = Entity("e2", "Example Ministry of Ports", "ORG", mentions=(Span("Example Ministry of Ports", 38, 63),))
    claims = (Claim("c1", Ref("e1", "The Kremlin"), (), Span("said", 12, 16), Span("the talks went well", 17, 36)),
              Claim("c2", Ref("e2", "Example Ministry of Ports"), (), Span("said", 64, 68),
                    Span("the port was open", 69, 86)))
    with store.begin(write=True) as conn:
        save_analysis(conn, _doc(text, "Example Wire", claims, (kremlin, ports)))
        listed = {s["source"]: s for s in sources.listing(conn)}
    assert listed["Kremlin"]["reliability"] == "D" and listed["Kremlin"]["documents"] == 0
    assert listed["Example Ministry of Ports"]["reliability"] == "F"


def test_a_grade_given_and_taken_back_stays_in_the_history(store):
    with store.begin(write=True) as conn:
        save_analysis(conn, _doc("A statement.", "Voice of America (Editorials)"))
        voa = sources.find(conn, "VOA")
        assert voa is not None and voa["name"] == "Voice of America"
        before = sources.grade_version(conn)
        sources.set_grade(conn, voa["id"], "C", "two corrections this month", "analyst")
        assert sources.grade_version(conn) != before  # what story grades depend on moved
        sources.set_grade(conn, voa["id"], *sources.default_of("Voice of America"), "reset")
        history = sources.history(conn, voa["id"])
        row = conn.execute(select(t.sources).where(t.sources.c.id == voa["id"])).mappings().one()
    assert [(h["grade"], h["graded_by"]) for h in history] == [("B", "default"), ("C", "analyst"), ("B", "reset")]
    assert history[1]["reason"] == "two corrections this month"
    assert (row["reliability"], row["graded_by"]) == ("B", "default")


def test_a_store_of_outlet_lines_is_adopted_as_organisations_keeping_an_analysts_grade(store):
    with store.begin(write=True) as conn:
        # a source row as stores before 0011 wrote them: the outlet line itself, graded by an analyst
        conn.execute(t.sources.insert().values(id=90, name="Example Ministry (via Example Relay)", reliability="C"))
        conn.execute(t.documents.insert().values(id="d-old", content_hash="h", source_id=90, outlet="Example Ministry "
                                                 "(via Example Relay)", text="Old text.", ingested_at="2024-01-01"))
        sources.adopt_stored(conn)
        listed = {s["source"]: s for s in sources.listing(conn)}
        doc_source = conn.execute(select(t.documents.c.source_id).where(t.documents.c.id == "d-old")).scalar()
    ministry = listed["Example Ministry"]
    assert "Example Ministry (via Example Relay)" not in listed
    assert doc_source == ministry["id"] and ministry["channels"][0]["name"] == "Example Relay"
    assert ministry["reliability"] == "C" and ministry["graded_by"] == "analyst" and "before" in ministry["reason"]
