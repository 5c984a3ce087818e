"""The speakers of transcript turns as entities of their document, linked across the store like other speakers.

Every text here is one we wrote for these tests.
"""
from __future__ import annotations

from corpus_helpers import write_article as write

from claimgraph.analyze import analyze
from claimgraph.corpus import Corpus
from claimgraph.corpus.turn_speakers import name_turn_speakers
from claimgraph.records import Analysis, Claim, Document, Entity, Ref, Span

BRIEFING = ("DEPUTY PRESS SECRETARY MARTA KOWALSKA: Good afternoon, everyone. The ministry has sent two hundred "
            "engineers to the port of Zatoka this week.\n\n"
            "The engineers will repair the northern pier before the winter storms arrive.\n\n"
            "QUESTION: Can you say when the pier will reopen?\n\n"
            "MS. KOWALSKA: The pier will reopen in March, and the ferries will return to their old timetable.\n\n"
            "QUESTION: Thank you.")

REPORT = ("Deputy Press Secretary Marta Kowalska said on Tuesday that the ministry had sent two hundred engineers to "
          "the port of Zatoka. Kowalska said the repairs would cost four million euros.")


def test_a_speaker_named_by_labels_alone_becomes_an_entity_of_the_transcript():
    before = analyze(BRIEFING, outlet="Ministry of Ports (transcript)")
    assert {c.speaker.text for c in before.claims if c.speaker} == {"Marta Kowalska", "Kowalska"}
    assert all(c.speaker and c.speaker.entity is None for c in before.claims)  # labels name no entity
    after = name_turn_speakers(before)
    [person] = [e for e in after.entities if e.type == "PERSON"]
    assert person.name == "Marta Kowalska" and person.aliases == ("Kowalska",)
    # the labels' words that name her: "MS. KOWALSKA" is the same person as the full name of the first label
    assert [(m.text, BRIEFING[m.start:m.end]) for m in person.mentions] == [("MARTA KOWALSKA",) * 2,
                                                                          ("KOWALSKA",) * 2]
    assert [c.speaker for c in after.claims] == [Ref(person.id, c.speaker.text) for c in before.claims if c.speaker]
    assert [c.content for c in after.claims] == [c.content for c in before.claims]
    assert after.entities[:len(before.entities)] == before.entities  # the document's own entities as they were


def label_claim(text: str, label: str, speaker: str, said: str) -> Claim:
    """A claim of a turn as the analysis gives it: the label its cue, the speaker its name without an entity."""
    at, content = text.index(label), text.index(said)
    return Claim("c1", Ref(None, speaker), (), Span(label.rstrip(":"), at, at + len(label) - 1),
                 Span(said, content, content + len(said)))


def test_a_turn_speaker_the_document_names_is_that_entity_and_a_shared_surname_none():
    text = "Harbour master Daniel Hale opened the briefing.\n\nMR. HALE: The pier is closed.\n\nMR. HALE: Thank you."
    hale = Entity("e1", "Daniel Hale", "PERSON", (), (Span("Daniel Hale", 15, 26),))
    claim = label_claim(text, "MR. HALE:", "Hale", "The pier is closed.")
    one = name_turn_speakers(Analysis(Document(text, id="d1"), (hale,), (claim,)))
    assert one.entities == (hale,) and one.claims[0].speaker == Ref("e1", "Hale")
    # two people of the document bear the surname: the label names neither of them, and a bare surname names no
    # person of its own (every "Hale" of the store would be one)
    ruth = Entity("e2", "Ruth Hale", "PERSON", (), ())
    two = name_turn_speakers(Analysis(Document(text, id="d2"), (hale, ruth), (claim,)))
    assert [e.name for e in two.entities] == ["Daniel Hale", "Ruth Hale"]
    assert two.claims[0].speaker == Ref(None, "Hale")
    alone = name_turn_speakers(Analysis(Document(text, id="d3"), (), (claim,)))
    assert alone.entities == () and alone.claims[0].speaker == Ref(None, "Hale")


def test_a_text_without_turns_and_a_role_label_are_left_as_they_are():
    prose = analyze(REPORT, outlet="Coast Watch")
    assert name_turn_speakers(prose) is prose
    questions = analyze("QUESTION: Will the pier reopen in March?\n\nQUESTION: When will the ferries return?\n\n"
                        "MODERATOR: The ferries will return to their old timetable in April.",
                        outlet="Ministry of Ports (transcript)")
    assert name_turn_speakers(questions) is questions


def test_a_transcripts_turns_count_among_the_claims_of_the_person_the_store_knows(tmp_path):
    with Corpus(str(tmp_path / "c.db")) as corpus:
        corpus.ingest(write(tmp_path, "report", "Coast Watch", "2025-05-01", REPORT), workers=1)
        corpus.ingest(write(tmp_path, "briefing", "Ministry of Ports (transcript)", "2025-05-02", BRIEFING),
                      workers=1)
        [person] = corpus.entities(name="Kowalska")
        shown = corpus.show(str(person["id"]))
        said = corpus.claims(speaker="Kowalska")
    assert person["name"] == "Marta Kowalska" and person["documents"] == 2
    assert person["claims"] == len(said) == 5  # two of the report, three turns of the briefing
    assert len(shown["claims"]) == 5
