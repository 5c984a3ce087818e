"""Stories across articles: merge and no-merge, support and dispute, independent origins, grades.

Every article here is text we wrote for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from corpus_helpers import write_article as write

from claimgraph import cli
from claimgraph.corpus import Corpus
from claimgraph.corpus.grades import credibility, read_grades_file
from claimgraph.corpus.propositions import SAME_PROPOSITION, Weights, proposition, relation, similarity
from claimgraph.errors import InputError

PAIRS = Path(__file__).resolve().parent.parent / "data" / "claim_pairs.yaml"

SHELLING = {
    "wire": ("Wire One", "2025-03-01",
             "Defence Minister Ivan Petrenko said on Monday that 300 soldiers were killed in the shelling of "
             "Dovzhenko. Petrenko said that the bridge at Dovzhenko would be rebuilt by the summer."),
    "courier": ("Daily Courier", "2025-03-02",
                "The shelling of Dovzhenko killed 300 soldiers, Defence Minister Ivan Petrenko told reporters. "
                "The weather in the region was cold, the paper's correspondent wrote."),
    "post": ("Evening Post", "2025-03-02",
             "Governor Olena Marchuk said that 300 soldiers were killed when Dovzhenko was shelled. She added that "
             "schools in the region will stay closed this week."),
    "herald": ("State Herald", "2025-03-03",
               "The army command denied that soldiers were killed in the shelling of Dovzhenko. A spokesman said "
               "the reports were fake news."),
    "star": ("Morning Star", "2025-03-03",
             "According to the mayor of Dovzhenko, Pavlo Hrytsenko, 100 soldiers were killed in the shelling of "
             "Dovzhenko."),
}

FLOOD = ("Hundreds of residents were reportedly evacuated from the village of Lisove on Tuesday after the dam on "
         "the Sula river burst. Rescue teams worked through the night to reach the farms cut off by the water, and "
         "the regional council opened two shelters in the school and the library. Roads to the east of the village "
         "remain closed, and the water is expected to fall slowly over the coming week as the river returns to its "
         "bed.")


@pytest.fixture(scope="module")
def shelling_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("shelling")
    db = str(folder / "c.db")
    with Corpus(db) as corpus:
        for name, (outlet, date, text) in SHELLING.items():
            corpus.ingest(write(folder, name, outlet, date, text), workers=1)
    return db


def the_story(corpus: Corpus, words: str) -> dict:
    [found] = [s for s in corpus.stories() if words in s["proposition"]]
    return corpus.story(found["id"])


# --- pairs we wrote: the measure that chose the method and the threshold ---------------------------

def load_pairs() -> list[dict]:
    return yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]


def test_the_claim_pairs_cover_every_kind_of_near_miss():
    pairs = load_pairs()
    kinds = {p["kind"] for p in pairs}
    assert len(pairs) >= 100
    assert {"negation", "numbers", "denial cue", "same actors other act", "swapped actors"} <= kinds


def test_claim_pairs_are_grouped_with_high_precision_and_recall():
    pairs = load_pairs()
    weights = Weights()
    props = [(proposition(p["a"]), proposition(p["b"])) for p in pairs]
    for a, b in props:
        weights.add(a.terms)
        weights.add(b.terms)
    tp = fp = fn = 0
    for p, (a, b) in zip(pairs, props):
        same, merged = p["label"] != "different", similarity(a, b, weights) >= SAME_PROPOSITION
        tp, fp, fn = tp + (same and merged), fp + (merged and not same), fn + (same and not merged)
    assert tp / (tp + fp) >= 0.8  # measured 0.845
    assert tp / (tp + fn) >= 0.95  # measured 0.968


def test_every_pair_of_one_proposition_is_told_support_from_dispute():
    for p in load_pairs():
        if p["label"] == "different":
            continue
        got = relation(proposition(p["a"]), p.get("stance_a"), proposition(p["b"]), p.get("stance_b"))
        assert got == ("disputes" if p["label"] == "dispute" else "supports"), p


# --- near propositions ----------------------------------------------------------------------------

def test_same_actors_with_contradictory_numbers_dispute():
    a, b = proposition("100 people were killed in the shelling"), proposition("300 people were killed in the shelling")
    assert relation(a, "asserted", b, "asserted") == "disputes"


def test_hundreds_does_not_contradict_three_hundred():
    a = proposition("hundreds of wounded soldiers were treated in the capital")
    b = proposition("300 wounded soldiers were treated in the capital")
    assert relation(a, "asserted", b, "asserted") == "supports"


def test_same_words_negated_dispute():
    a, b = proposition("The minister resigned on Friday"), proposition("The minister did not resign on Friday")
    assert relation(a, "asserted", b, "asserted") == "disputes"


def test_a_denial_of_a_negation_supports():
    a = proposition("No ships were lost in the storm")
    assert relation(proposition("Ships were lost in the storm"), "asserted", a, "disputed") == "supports"


def test_the_same_parties_the_other_way_round_are_another_proposition():
    w = Weights()
    a = proposition("Russia is sending experienced soldiers to North Korea")
    b = proposition("North Korea is sending experienced soldiers to Russia")
    assert similarity(a, b, w) < SAME_PROPOSITION
    assert similarity(a, proposition("Moscow sends experienced troops to the DPRK"), w) >= SAME_PROPOSITION


# --- stories in a store ---------------------------------------------------------------------------

def test_one_speaker_relayed_by_two_outlets_is_one_origin_and_another_speaker_a_second(shelling_db):
    with Corpus(shelling_db) as corpus:
        s = the_story(corpus, "300 soldiers")
    supporting = {(r["document"]["outlet"], r["relation"]) for r in s["items"] if r["relation"] != "disputes"}
    assert supporting == {("Wire One", "supports"), ("Daily Courier", "repeats"), ("Evening Post", "supports")}
    assert s["independent_origins"] == 2
    assert set(s["origins"]) == {"Ivan Petrenko (Wire One)", "Olena Marchuk (Evening Post)"}  # speaker and outlet


def test_a_denial_and_a_smaller_number_dispute_the_story(shelling_db):
    with Corpus(shelling_db) as corpus:
        s = the_story(corpus, "300 soldiers")
    disputes = {r["document"]["outlet"]: r["why"] for r in s["items"] if r["relation"] == "disputes"}
    assert set(disputes) == {"State Herald", "Morning Star"}
    assert "100" in disputes["Morning Star"] and "300" in disputes["Morning Star"]
    assert s["disputed"] and s["grade"]["code"] == 4


def test_fake_news_said_of_the_reports_disputes_the_story_it_follows(shelling_db):
    with Corpus(shelling_db) as corpus:
        s = the_story(corpus, "300 soldiers")
    fake = [r for r in s["items"] if "fake news" in r["content"]]
    assert fake and fake[0]["relation"] == "disputes"


def test_other_propositions_of_the_same_speaker_are_other_stories(shelling_db):
    with Corpus(shelling_db) as corpus:
        bridge = the_story(corpus, "bridge at Dovzhenko")
        shelling = the_story(corpus, "300 soldiers")
    assert bridge["id"] != shelling["id"] and bridge["claims"] == 1


def test_stories_filter_by_entity_dispute_and_date(shelling_db):
    with Corpus(shelling_db) as corpus:
        about = corpus.stories(about="Marchuk")
        disputed = corpus.stories(disputed=True)
        later = corpus.stories(since="2025-03-03")
        none = corpus.stories(since="2026")
    assert any("300 soldiers" in s["proposition"] for s in about)
    assert all("bridge" not in s["proposition"] for s in about)
    assert [s["disputed"] for s in disputed] == [True] * len(disputed) and disputed
    assert any("300 soldiers" in s["proposition"] for s in later) and none == []


def test_a_new_article_joins_its_story_without_renumbering_the_others(tmp_path, shelling_db):
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(shelling_db, db)
    with Corpus(db) as corpus:
        before = {s["id"]: s["claims"] for s in corpus.stories()}
        shelling = the_story(corpus, "300 soldiers")["id"]
        corpus.ingest(write(tmp_path, "later", "Night Desk", "2025-03-05",
                            "Defence Minister Ivan Petrenko said again on Wednesday that 300 soldiers were killed in "
                            "the shelling of Dovzhenko."), workers=1)
        after = {s["id"]: s["claims"] for s in corpus.stories()}
    assert after[shelling] == before[shelling] + 1
    assert {k: v for k, v in after.items() if k != shelling} == {k: v for k, v in before.items() if k != shelling}


def test_a_copy_of_an_article_is_no_second_origin_for_its_unattributed_claims(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest(write(tmp_path, "flood", "River News", "2025-03-04", FLOOD), workers=1)
        report = corpus.ingest(write(tmp_path, "flood-copy", "Aggregator Daily", "2025-03-05",
                                     FLOOD + " Photographs from the scene show flooded fields."), workers=1)
        assert report.outcomes[0].status == "copy"
        s = the_story(corpus, "evacuated")
    assert s["reports"] == 2 and s["independent_origins"] == 1
    assert all(r["speaker"] is None for r in s["items"])  # "reportedly": narration with no speaker


def test_a_corpus_of_one_article_yields_its_stories(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest(write(tmp_path, "flood", "River News", "2025-03-04", FLOOD), workers=1)
        found = corpus.stories()
    assert found and found[0]["reports"] == 1 and found[0]["grade"]["code"] == 6


def test_an_empty_corpus_has_no_stories_and_an_unknown_story_is_a_clear_error(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.stories() == []
        with pytest.raises(InputError, match="no such story"):
            corpus.story(7)
        with pytest.raises(InputError, match="give the number"):
            corpus.story("seven")


def test_hedged_and_flat_reports_are_shown_side_by_side(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest(write(tmp_path, "one", "First Desk", "2025-04-01",
                            "General Taras Bondar said that the enemy will likely attack the port of Zatoka."),
                      workers=1)
        corpus.ingest(write(tmp_path, "two", "Second Desk", "2025-04-02",
                            "General Taras Bondar said that the enemy will attack the port of Zatoka."), workers=1)
        s = the_story(corpus, "attack the port")
    assert s["hedged_by"] == ["First Desk: likely"] and s["stated_flat_by"] == ["Second Desk"]


# --- grades ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("support", "dispute", "best", "code"), [
    (3, 0, "A", 1), (3, 0, "B", 2), (2, 0, "B", 2), (2, 0, "F", 3), (1, 0, "A", 3), (3, 1, "B", 3),
    (1, 0, "D", 4), (1, 1, "A", 4), (1, 2, "A", 5), (1, 0, "F", 6), (0, 1, None, 6),
])
def test_each_credibility_grade(support, dispute, best, code):
    assert credibility(support, dispute, best)["code"] == code


def test_the_grade_says_why():
    assert credibility(3, 0, "B")["reason"] == "2 — probably true: 3 independent origins, no dispute, best source B"


def test_grading_sources_raises_the_story_grade(tmp_path, shelling_db, capsys):
    import shutil

    db = str(tmp_path / "g.db")
    shutil.copy(shelling_db, db)
    assert cli.main(["sources", "grade", "Wire One", "a", "--db", db]) == 0
    assert "Wire One: A (completely reliable, analyst; was F)" in capsys.readouterr().out
    assert cli.main(["sources", "--json", "--db", db]) == 0
    graded = {s["source"]: s["reliability"] for s in json.loads(capsys.readouterr().out)}
    assert graded["Wire One"] == "A" and graded["Evening Post"] == "F"
    assert cli.main(["stories", "--json", "--db", db]) == 0
    [story] = [s for s in json.loads(capsys.readouterr().out) if "300 soldiers" in s["proposition"]]
    assert story["best_source"] == "A"


def test_a_grades_file_with_an_unknown_grade_names_the_line(tmp_path):
    path = tmp_path / "grades.yaml"
    path.write_text("# our grades\nWire One: B\nEvening Post: G\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: unknown grade 'G'"):
        read_grades_file(path)


def test_a_grades_file_with_an_unknown_outlet_names_the_line_and_changes_nothing(tmp_path, shelling_db, capsys):
    import shutil

    db = str(tmp_path / "g.db")
    shutil.copy(shelling_db, db)
    path = tmp_path / "grades.yaml"
    path.write_text("Wire One: B\nNo Such Paper: C\n", encoding="utf-8")
    assert cli.main(["sources", "grade", "--file", str(path), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "No Such Paper" in err and len(err.strip().splitlines()) == 1
    with Corpus(db) as corpus:
        assert {s["source"]: s["reliability"] for s in corpus.sources()}["Wire One"] == "F"


def test_a_grades_file_that_is_not_a_mapping_is_a_clear_error(tmp_path):
    path = tmp_path / "grades.yaml"
    path.write_text("- Wire One\n- B\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: write one 'source: grade' per line"):
        read_grades_file(path)


# --- the command line -----------------------------------------------------------------------------

def test_story_command_shows_each_report_with_chain_stance_grade_and_why(shelling_db, capsys):
    with Corpus(shelling_db) as corpus:
        sid = the_story(corpus, "300 soldiers")["id"]
    assert cli.main(["story", str(sid), "--db", shelling_db]) == 0
    out = capsys.readouterr().out
    for words in ("Wire One", "Ivan Petrenko", "disputed", "repeats", "credibility 4 — doubtful"):
        assert words in out
    assert cli.main(["story", str(sid), "--json", "--db", shelling_db]) == 0
    s = json.loads(capsys.readouterr().out)
    assert {"document", "chain", "hedges", "stance", "source_grade", "relation", "why"} <= set(s["items"][0])


def test_stories_command_lists_and_filters(shelling_db, capsys):
    assert cli.main(["stories", "--disputed", "--db", shelling_db]) == 0
    out = capsys.readouterr().out
    assert "300 soldiers" in out and "bridge" not in out
    with pytest.raises(SystemExit) as exit_:  # a usage error, as argparse ends one
        cli.main(["stories", "--since", "March", "--db", shelling_db])
    assert exit_.value.code == 2 and "--since" in capsys.readouterr().err



def test_a_story_told_only_in_the_negative_is_supported_not_disputed(tmp_path):
    text = ("Officials in Kyiv said that enemy troops have not been seen near the river for two weeks. "
            "The weather in the region stayed cold.")
    with Corpus(str(tmp_path / "n.db")) as corpus:
        corpus.ingest(write(tmp_path, "neg", "Courier", "2025-03-01", text), workers=1)
        story = the_story(corpus, "not been seen near the river")
    assert not story["disputed"] and story["independent_origins"] == 1
    assert [i["relation"] for i in story["items"]] == ["supports"]


# --- one article, one origin unless it names its speakers -------------------------------------------

TRACKING = ("Good morning, and thank you for being here. At the top, I would like to note that we are tracking "
            "reports that forty ships have left the port of Zatoka this morning. And as we investigate further, we "
            "call on the navy to refrain from provocative behaviour.")


def test_an_article_in_the_first_person_relaying_unnamed_reports_is_one_origin(tmp_path):
    # "I" (no entity) says "we are tracking reports that P", and P is the unnamed reports' claim inside it: one
    # article's word, not two independent origins (it was 'I (Harbour Office)' and 'Harbour Office, 2025-05-01')
    with Corpus(str(tmp_path / "c.db")) as corpus:
        corpus.ingest(write(tmp_path, "tracking", "Harbour Office", "2025-05-01", TRACKING), workers=1)
        s = the_story(corpus, "forty ships")
    assert len(s["items"]) == 2 and s["reports"] == 1
    assert s["independent_origins"] == 1 and s["origins"] == ["Harbour Office, 2025-05-01"]
    assert [i["relation"] for i in s["items"]] == ["supports", "repeats"]
    assert s["grade"]["code"] == 6  # one origin of an ungraded source: cannot be judged (it was 3 with two)


def test_an_article_and_the_unnamed_officials_it_quotes_are_one_origin(tmp_path):
    text = "Port officials said they were tracking reports that forty ships have left the port of Zatoka this morning."
    with Corpus(str(tmp_path / "c.db")) as corpus:
        corpus.ingest(write(tmp_path, "officials", "Harbour Office", "2025-05-01", text), workers=1)
        s = the_story(corpus, "forty ships")
    assert [i["chain"][1:] for i in s["items"]] == [["Port officials"], ["Port officials", "reports"]]
    assert s["independent_origins"] == 1 and [i["relation"] for i in s["items"]] == ["supports", "repeats"]


def test_two_articles_in_the_first_person_are_two_origins_and_named_speakers_of_one_article_two(tmp_path):
    named = ("Navy spokesman Oleh Dantsiv said that forty ships have left the port of Zatoka this morning. "
             "Harbour master Iryna Kovalenko said that forty ships have left the port of Zatoka this morning.")
    with Corpus(str(tmp_path / "c.db")) as corpus:
        corpus.ingest(write(tmp_path, "named", "Coast Watch", "2025-05-01", named), workers=1)
        alone = the_story(corpus, "forty ships")
        corpus.ingest(write(tmp_path, "one", "Harbour Office", "2025-05-02", TRACKING), workers=1)
        corpus.ingest(write(tmp_path, "two", "Port Authority", "2025-05-03",
                            "Thank you, chair. Let me first say that we are tracking reports that forty ships have "
                            "left the port of Zatoka this morning. The authority has closed the northern channel to "
                            "fishing boats until further notice."), workers=1)
        s = the_story(corpus, "forty ships")
    assert alone["independent_origins"] == 2  # two people named in one article stay two origins
    assert set(alone["origins"]) == {"Oleh Dantsiv (Coast Watch)", "Iryna Kovalenko (Coast Watch)"}
    # each article's "I" is its own: no one origin "I" across them, and each article one origin (it was six)
    assert s["reports"] == 3 and s["independent_origins"] == 4
    assert set(s["origins"]) == {"Oleh Dantsiv (Coast Watch)", "Iryna Kovalenko (Coast Watch)",
                                 "Harbour Office, 2025-05-02", "Port Authority, 2025-05-03"}
