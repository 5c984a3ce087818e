"""The corpus timeline: events in date order, with how many articles and independent sources report them."""
from __future__ import annotations

import json

import pytest

from claimgraph import cli
from claimgraph.corpus import Corpus
from claimgraph.corpus.ingest import store_analysis
from claimgraph.errors import InputError
from claimgraph.records import Action, Analysis, Claim, Document, Entity, Event, Ref, Span
from claimgraph.store.timeline import date_range, timeline

WIRE = ("SEOUL - North Korea deployed troops to Russia in October, South Korean officials said on Friday. "
        "The officials said the soldiers were trained in the Far East before they moved west. "
        "Ukrainian forces attacked a command post near the border in August, the officials added. "
        "Analysts said the deployment marks a new stage in the war and could last for many months.")


def span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(part, start, start + len(part))


def wire(outlet: str, text: str = WIRE, published: str = "2024-11-01") -> Analysis:
    """A hand-made analysis of a wire story we wrote: a claim holding a deployment, and a strike."""
    doc = Document(text=text, outlet=outlet, published=published, url=f"https://example.org/{outlet.lower()}")
    first = text[:text.index("Friday.") + 7]
    strike = text[text.index("Ukrainian forces"):text.index("added.") + 6]
    entities = (
        Entity("e1", "North Korea", "GPE", mentions=(span(text, "North Korea"),)),
        Entity("e2", "Russia", "GPE", mentions=(span(text, "Russia"),)),
        Entity("e3", "Ukraine", "GPE", mentions=(span(text, "Ukrainian"),)),
    )
    claim = Claim("c1", Ref(None, "South Korean officials"), (), span(text, "said"),
                  span(text, "North Korea deployed troops to Russia in October"))
    events = (
        Event("v1", Ref("e1", "North Korea"), Action("deployed", "MOBILIZE", "troops"), Ref("e2", "Russia"),
              "2024-10", Ref("e2", "Russia"), span(text, first), claim="c1", date_precision="month"),
        Event("v2", Ref("e3", "Ukrainian forces"), Action("attacked", "ASSAULT"), Ref(None, "a command post"),
              "2024-08", None, span(text, strike), date_precision="month"),
        Event("v3", None, Action("trained", None), None, None, None,
              span(text, "The officials said the soldiers were trained in the Far East before they moved west.")),
    )
    return Analysis(document=doc, entities=entities, claims=(claim,), events=events)


@pytest.fixture
def corpus(db):
    """A store holding the wire story, a copy of it on another site, and an independent report."""
    other = ("KYIV - Pyongyang deployed troops to Russia in October 2024, according to Ukrainian intelligence, "
             "which said it had tracked the trains for weeks before the first units reached the front line.")
    independent = Analysis(
        document=Document(text=other, outlet="Kyiv Independent", published="2024-11-03"),
        entities=(Entity("e1", "North Korea", "GPE", mentions=(span(other, "Pyongyang"),)),
                  Entity("e2", "Russia", "GPE", mentions=(span(other, "Russia"),))),
        events=(Event("v1", Ref("e1", "Pyongyang"), Action("deployed", "MOBILIZE", "troops"), Ref("e2", "Russia"),
                      "2024-10", None, span(other, other[:other.index("line.") + 5]), date_precision="month"),),
    )
    c = Corpus(db)
    for a in (wire("Yonhap"), wire("News.Az", WIRE + " News.Az reports, citing Yonhap."), independent):
        with c.store.begin(write=True) as conn:
            store_analysis(conn, a)
    yield c
    c.close()


def lines(corpus, **kw):
    with corpus.store.begin() as conn:
        return timeline(conn, **kw)


def test_events_come_in_date_order_and_undated_ones_last(corpus):
    found = lines(corpus)
    assert [v["date"] for v in found] == ["2024-08", "2024-10", None, None]


def test_one_event_counts_its_articles_and_folds_copies_into_one_source(corpus):
    deployment = next(v for v in lines(corpus) if v["action"]["code"] == "MOBILIZE")
    assert (deployment["documents"], deployment["sources"]) == (3, 2)
    assert {r["document"]["outlet"] for r in deployment["reports"]} == {"Yonhap", "News.Az", "Kyiv Independent"}
    said = [r["claim"]["speaker"]["text"] for r in deployment["reports"] if r["claim"]]
    assert said == ["South Korean officials", "South Korean officials"]


def test_events_with_nobody_named_stay_apart(corpus):
    trained = [v for v in lines(corpus) if v["action"]["text"] == "trained"]
    assert [v["documents"] for v in trained] == [1, 1]


def test_about_finds_the_events_of_an_entity_by_any_spelling(corpus):
    for name in ("North Korea", "Pyongyang"):
        assert {v["action"]["code"] for v in lines(corpus, about=name)} == {"MOBILIZE"}, name
    assert lines(corpus, about="Narnia") == []


def test_since_and_until_keep_the_events_that_may_fall_in_the_range(corpus):
    assert [v["date"] for v in lines(corpus, since="2024-09")] == ["2024-10"]
    assert [v["date"] for v in lines(corpus, until="2024-08-31")] == ["2024-08"]
    assert [v["date"] for v in lines(corpus, since="2024", until="2024")] == ["2024-08", "2024-10"]


def test_a_bad_date_bound_is_one_clear_error(corpus):
    with pytest.raises(InputError, match="--since 'last week'"):
        lines(corpus, since="last week")


def test_a_year_stands_for_all_its_days():
    assert date_range("2024") == ("2024-01-01", "2024-12-31")
    assert date_range("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_range("--02-09") is None


def test_the_command_prints_the_timeline_as_json_and_as_a_table(corpus, db, capsys):
    assert cli.main(["timeline", "--db", db, "--json", "--about", "Russia"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(v["action"]["code"], v["sources"]) for v in found] == [("MOBILIZE", 2)]
    assert cli.main(["timeline", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "MOBILIZE" in table and "Yonhap" in table and "Independent" in table


def test_the_command_refuses_a_bad_date_in_one_line(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["timeline", "--db", db, "--until", "soon"])
    assert exit_.value.code == 2
    assert "argument --until: 'soon' is not a date" in capsys.readouterr().err


def test_a_planned_event_and_one_done_are_two_lines_and_the_table_says_which(db, capsys):
    text = "Serbia will withdraw its troops from the border. Serbia withdrew its troops from the border."
    planned, done = text[:text.index(". ") + 1], text[text.index(". ") + 2:]
    serbia = Entity("e1", "Serbia", "GPE", mentions=(span(text, "Serbia"),))
    events = (Event("v1", Ref("e1", "Serbia"), Action("withdraw", "RETREAT", "withdraw"), None, None, None,
                    span(text, planned), modality="planned"),
              Event("v2", Ref("e1", "Serbia"), Action("withdrew", "RETREAT", "withdraw"), None, None, None,
                    span(text, done), modality="done"))
    c = Corpus(db)
    with c.store.begin(write=True) as conn:
        store_analysis(conn, Analysis(Document(text=text, outlet="Wire", published="2024-11-01"), (serbia,),
                                      events=events))
    c.close()
    assert cli.main(["timeline", "--db", db, "--json"]) == 0
    assert sorted(v["modality"] for v in json.loads(capsys.readouterr().out)) == ["done", "planned"]
    assert cli.main(["timeline", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "planned" in table and "done" in table
