"""Transcripts read as speaker turns, and articles that only report an interview read as articles, on texts we
wrote."""
from claimgraph.nlp import turns


def speaker_of(a, words):
    c = next(c for c in a.claims if words in c.content.text)
    return c.speaker.text if c.speaker else None


def test_one_titled_label_opening_an_excerpt_makes_a_transcript(read):
    text = ("MR HALVORSEN: Good afternoon, everyone. The ministry has approved the new grain corridor for ships "
            "leaving Odesa.\n\n"
            "The insurers have agreed to cover the ships, and the navy will watch the route.")
    a = read(text)
    assert speaker_of(a, "approved the new grain corridor") == "Halvorsen"
    assert speaker_of(a, "insurers have agreed") == "Halvorsen"
    assert not any("HALVORSEN" in m.text for e in a.entities for m in e.mentions)


def test_a_lone_label_without_a_title_is_still_no_transcript():
    assert turns.find_turns("UPDATE: The port reopened on Monday, the harbour master said.") == []
    assert turns.find_turns("OSLO: The port reopened on Monday.\n\nShips left at dawn.") == []


def test_a_label_of_a_long_title_and_a_name_is_one_label():
    text = ("HARBOUR AUTHORITY PRESS SECRETARY REAR ADMIRAL INGA VOSS: Good morning.\n\n"
            "QUESTION: Will the port close?\n\n"
            "HARBOUR AUTHORITY PRESS SECRETARY REAR ADMIRAL INGA VOSS: It will not.")
    found = turns.find_turns(text)
    assert [t.name for t in found] == ["INGA VOSS", "QUESTION", "INGA VOSS"]
    assert found[1].generic == "a reporter"


def test_a_titled_label_after_a_sentence_end_inside_a_paragraph_opens_a_turn(read):
    text = ("MS OKAFOR: Welcome. I will call on journalists after the minister. Over to you, sir. "
            "MINISTER BRENNE: Thank you. The treaty will cut the catch by a third.\n\n"
            "We expect the fleet to shrink over the next five years.")
    found = turns.find_turns(text)
    assert [t.name for t in found] == ["OKAFOR", "BRENNE"]
    a = read(text)
    assert speaker_of(a, "cut the catch") == "Brenne"
    assert speaker_of(a, "fleet to shrink") == "Brenne"
    assert not any(m.text.isupper() and len(m.text) > 3 for e in a.entities for m in e.mentions)


def test_a_capitalised_word_and_a_colon_inside_a_paragraph_of_an_article_opens_no_turn():
    text = "The mayor spoke at noon. NOTE: the figures are provisional.\n\nShips left at dawn."
    assert turns.find_turns(text) == []


def test_a_question_quoted_inside_narration_is_no_interviewer_s_question():
    text = 'But the host wanted to know, "Will the ferries run on Sunday?"'
    assert turns.reported_question(text, 0, len(text))
    assert not turns.reported_question("Will the ferries run on Sunday?", 0, 31)


def test_an_article_that_reports_an_interview_gives_the_hosts_none_of_the_guest_s_words(read):
    text = ("Mayor Lena Okafor says the ferry cuts were a mistake.\n\n"
            "In an interview with radio hosts Tom Vale and Ann Rook, the mayor said that the cuts "
            "\"were never costed.\"\n\n"
            "Vale asked about the budget. \"We found the money,\" Okafor said.\n\n"
            "But Rook wanted to know, \"Will the ferries run on Sunday?\"\n\n"
            "\"I think the Sunday boats will be back by June,\" Okafor said. \"The council has agreed to pay.\"")
    a = read(text)
    assert speaker_of(a, "Sunday boats will be back") == "Okafor"
    assert speaker_of(a, "council has agreed to pay") == "Okafor"
    assert not any(c.speaker and c.speaker.text in {"Tom Vale", "Ann Rook", "Vale", "Rook"} for c in a.claims)
