"""Attribution on texts we wrote: each kind of cue, speaker resolution and `via` chains."""
import pytest


def only(claims, needle):
    found = [c for c in claims if needle in c.content.text]
    assert len(found) == 1, [c.content.text for c in claims]
    return found[0]


def speaker_name(analysis, claim):
    ent = analysis.entity(claim.speaker.entity) if claim.speaker else None
    return ent.name if ent else (claim.speaker.text if claim.speaker else None)


def test_a_that_clause_is_the_content_of_a_reporting_verb(read):
    a = read("Defence Minister Anna Kowalska said that the convoy had crossed the border at night.")
    c = only(a.claims, "convoy")
    assert c.content.text == "the convoy had crossed the border at night"
    assert c.cue.text == "said"
    assert speaker_name(a, c) == "Anna Kowalska"
    assert c.stance == "asserted" and not c.quote


def test_said_that_a_and_that_b_is_two_claims(read):
    a = read("Foreign Minister Lena Varga said that the talks had failed and that the embassy would close next week.")
    assert {c.content.text for c in a.claims} == {"the talks had failed", "the embassy would close next week"}
    assert all(speaker_name(a, c) == "Lena Varga" for c in a.claims)


def test_a_direct_quote_before_its_reporting_clause(read):
    a = read("“We will not withdraw a single battalion from the river,” General Pavel Orlov told reporters on Monday.")
    c = only(a.claims, "battalion")
    assert c.quote is True
    assert c.content.text == "We will not withdraw a single battalion from the river"
    assert c.cue.text == "told"
    assert speaker_name(a, c) == "Pavel Orlov"


def test_a_quote_after_a_colon(read):
    a = read('Prime Minister Jonas Berg stated: "The agreement gives our fishermen nothing at all."')
    c = only(a.claims, "fishermen")
    assert c.quote is True and c.cue.text == "stated"
    assert speaker_name(a, c) == "Jonas Berg"


def test_according_to_names_the_speaker(read):
    a = read("According to the Finnish Border Guard, the tanker dragged its anchor across two undersea cables.")
    c = only(a.claims, "tanker")
    assert c.cue.text == "According to"
    assert "Finnish Border Guard" in speaker_name(a, c)
    assert c.content.text == "the tanker dragged its anchor across two undersea cables"


def test_a_statement_noun_with_a_that_clause(read):
    a = read("Kowalska's statement that the convoy carried only food was met with silence in Minsk.")
    c = only(a.claims, "convoy")
    assert c.cue.text == "statement"
    assert c.content.text == "the convoy carried only food"
    assert c.speaker.text == "Kowalska"


def test_reportedly_without_a_named_source_is_the_outlets_claim(read):
    a = read("The tanker reportedly dragged its anchor for ninety kilometres before it was stopped.", outlet="Baltic Wire")
    c = only(a.claims, "anchor")
    assert c.speaker is None and c.via == ()
    assert c.cue.text == "reportedly"
    assert [h.text for h in c.hedges] == ["reportedly"]


def test_a_passive_frame_gives_the_previous_sentence_to_its_agent(read):
    text = ("The tanker dragged its anchor across two cables in the Gulf of Finland.\n\n"
            "This is stated in a report by the Finnish Border Guard, Baltic Wire reports.")
    a = read(text, outlet="Baltic Wire")
    c = only(a.claims, "tanker")
    assert c.content.text == "The tanker dragged its anchor across two cables in the Gulf of Finland"
    assert "Finnish Border Guard" in speaker_name(a, c)
    assert not any("Baltic Wire" in (x.speaker.text if x.speaker else "") for x in a.claims)


def test_a_pronoun_speaker_is_the_person_named_before(read):
    text = ("Energy Minister Tomas Lind visited the plant on Tuesday. Lind said that the reactor was safe. "
            "He also said that inspectors would return in May.")
    a = read(text)
    c = only(a.claims, "inspectors")
    assert c.speaker.text == "He"
    assert speaker_name(a, c) == "Tomas Lind"


def test_a_role_description_is_the_named_official(read):
    text = ("Ambassador to Chile Marta Nowak said that the visa rules would change. "
            "The ambassador added that students would be exempt.")
    a = read(text)
    c = only(a.claims, "students")
    assert speaker_name(a, c) == "Marta Nowak"


def test_a_denial_is_disputed(read):
    a = read("The Kremlin denied that its troops had entered the village of Sudzha.")
    c = only(a.claims, "troops")
    assert c.stance == "disputed" and c.cue.text == "denied"


def test_dismissing_assertions_disputes_their_content_and_keeps_the_assertion(read):
    a = read("The ministry on Friday dismissed Lithuanian assertions that its drones had crossed the border.")
    claims = [c for c in a.claims if "drones had crossed" in c.content.text]
    stances = sorted(c.stance for c in claims)
    assert stances == ["claimed", "disputed"]


def test_coordinated_speakers_each_make_the_claim(read):
    a = read("Western diplomats and Ukrainian officials said that the dam had been mined weeks earlier.")
    speakers = sorted(c.speaker.text for c in a.claims if "dam" in c.content.text)
    assert speakers == ["Ukrainian officials", "Western diplomats"]


def test_a_negated_cue_is_no_claim(read):
    a = read("The ministry did not confirm that the convoy had been stopped.")
    assert a.claims == ()


def test_a_question_is_no_claim(read):
    a = read("Reporters asked whether the convoy had been stopped at the border.")
    assert a.claims == ()


def test_a_headline_relay_puts_the_report_in_via(read):
    text = ("Baltic Institute analysts said in the report that the ferry route would close in winter.\n\n"
            "Harbour master Ole Sand said that the ice came early this year.")
    a = read(text, outlet="Nordic Daily", title="Baltic Institute: ferry route to close")
    c = only(a.claims, "ice came early")
    assert [v.text for v in c.via] == ["Nordic Daily", "Baltic Institute"]
    own = only(a.claims, "ferry route")
    assert [v.text for v in own.via] == ["Nordic Daily"]


def test_a_statement_inside_a_statement_carries_its_speaker_in_via(read):
    a = read('Minister Jan Holm told parliament that news reports of soldiers being captured near the river were false.')
    inner = next(c for c in a.claims if c.cue.text == "news reports")  # the guide's cue noun (rule 4)
    assert inner.content.text.startswith("soldiers being captured")
    assert inner.speaker.text == "news reports"
    outer = [c for c in a.claims if c is not inner and "news reports" in c.content.text]
    assert outer and outer[0].speaker.text.endswith("Jan Holm")
    assert [v.text for v in inner.via][-1].endswith("Jan Holm")


def test_reported_citing_makes_the_cited_the_speaker_and_the_reporter_a_relay(read):
    a = read("Troops were pulled back from the river after heavy losses, the Daily Courier reported on Friday, "
             "citing two senior officials.", outlet="Evening Post")
    c = only(a.claims, "pulled back")
    assert c.speaker.text == "two senior officials"
    assert [v.text for v in c.via][-1] == "the Daily Courier"


@pytest.mark.parametrize("text", [
    "<b>Minister</b> Lena Varga said that the talks had failed.\x00",
    "Minister Lena Varga said that the talks\r\nhad failed.\x1b[0m And “quotes” remain.",
])
def test_every_span_points_at_its_text(read, text):
    a = read(text)
    spans = [m for e in a.entities for m in e.mentions]
    for c in a.claims:
        spans += [c.content, *c.hedges] + ([c.cue] if c.cue else [])
    assert spans
    for s in spans:
        assert a.document.text[s.start:s.end] == s.text


def test_short_quotes_in_a_row_are_each_a_direct_quotation(read):
    a = read("Colonel Ida Moen spoke at the base. “We are ready,” she said. “Nobody will stop us,” she added.")
    quotes = sorted((c.content.text, c.cue.text) for c in a.claims if c.quote)
    assert quotes == [("Nobody will stop us", "added"), ("We are ready", "said")]
    assert all(speaker_name(a, c) == "Ida Moen" for c in a.claims)


def test_told_a_news_agency_puts_it_in_via(read):
    a = read("Deputy Minister Ivan Petrov told Reuters that the pipeline was damaged.", outlet="Courier")
    c = only(a.claims, "pipeline")
    assert [v.text for v in c.via] == ["Courier", "Reuters"]


def test_a_partial_quote_inside_a_paraphrase_is_not_a_direct_quotation(read):
    a = read("Russia expects more troops “within the next two months,” the Daily Courier reported, "
             "quoting a senior defence official.", outlet="Evening Post")
    c = only(a.claims, "more troops")
    assert c.quote is False
    assert c.speaker.text == "a senior defence official"


def test_an_impersonal_frame_belongs_to_the_report_the_article_relays(read):
    text = ("The Baltic Institute reported on Monday that the ferry route would close.\n\n"
            "It is noted that the ice came a month early this year.")
    a = read(text, outlet="Nordic Daily")
    c = only(a.claims, "ice came")
    assert c.cue.text == "noted"
    assert "Baltic Institute" in speaker_name(a, c)


def test_an_indefinite_description_is_the_official_named_next(read):
    text = ("A Finnish official says that the border will stay closed. Finnish Interior Minister Mari Rantanen "
            "said that the closure would last until spring.")
    a = read(text)
    c = only(a.claims, "border will stay closed")
    assert c.speaker.text == "A Finnish official"
    assert speaker_name(a, c) == "Mari Rantanen"


def test_a_quotation_of_several_sentences_is_one_claim(read):
    a = read("“The vote will be delayed. We need more time to count,” Speaker Marta Nowak said on Tuesday.")
    assert len(a.claims) == 1
    c = a.claims[0]
    assert c.quote and c.content.text == "The vote will be delayed. We need more time to count"


def test_a_question_with_a_reporting_verb_states_nothing(read):
    a = read("Do you believe that a direct attack on the island is imminent?")
    assert a.claims == ()


def test_a_lead_that_cites_an_official_body_once_is_not_a_relayed_report(read):
    text = ("The president will arrive in Hanoi on Tuesday, according to the Kremlin.\n\n"
            "Analyst Le Minh said that the visit would be short.")
    a = read(text, outlet="Courier")
    c = only(a.claims, "visit would be short")
    assert [v.text for v in c.via] == ["Courier"]


def test_a_sentence_that_ends_in_a_name_or_a_verb_phrase_is_no_reporting_clause(read):
    a = read("I would like to thank our partners, especially Japan and the United States. "
             "We have time for a few remarks, and then we will take some questions.")
    assert a.claims == ()


def test_a_source_label_makes_the_block_under_it_the_sources_content(read):
    text = ("Japan plans to send an envoy to Kyiv next week.\n\nSource: NHK\n\n"
            "Details: The envoy will meet Ukrainian ministers to discuss reconstruction.\n\n"
            "Background: Japan has provided aid to Ukraine since 2022.")
    a = read(text, outlet="Ukrainska Pravda")
    c = only(a.claims, "envoy will meet")
    assert c.content.text == "The envoy will meet Ukrainian ministers to discuss reconstruction"
    assert c.speaker.text == "NHK" and c.cue is None
    assert not any("provided aid" in x.content.text for x in a.claims)


def test_a_quotation_that_follows_on_is_the_same_speakers(read):
    text = ("“We will hold the bridge,” Colonel Ida Moen said on Monday. “The river is too high for them.”\n\n"
            "The colonel spoke in Lviv. Reporters waited outside. “Nobody will cross.”")
    a = read(text)
    follow = only(a.claims, "river is too high")
    assert follow.quote and follow.cue.text == "said" and speaker_name(a, follow) == "Ida Moen"
    assert not any("Nobody will cross" in c.content.text for c in a.claims)


def test_a_description_of_an_organisation_is_the_one_named_before(read):
    text = ("South Korea's National Intelligence Service (NIS) briefed lawmakers on Friday. The country's "
            "intelligence agency said that 1,500 troops had been sent. An official from the spy agency added that "
            "more would follow. Ukrainian officials said that they had seen the troops.")
    a = read(text)
    assert speaker_name(a, only(a.claims, "1,500 troops")) == "NIS"
    assert speaker_name(a, only(a.claims, "more would follow")) == "NIS"
    assert speaker_name(a, only(a.claims, "seen the troops")) == "Ukrainian officials"


def test_as_previously_stated_by_x_is_xs_earlier_claim_not_relayed(read):
    text = ("Troops were pulled back from the river, the Daily Courier reports.\n\n"
            "As previously stated by Army Commander Petro Lysenko, the brigade lost half of its tanks in May.")
    a = read(text, outlet="Evening Post")
    c = only(a.claims, "lost half of its tanks")
    assert c.cue.text == "stated" and speaker_name(a, c) == "Petro Lysenko"
    assert [v.text for v in c.via] == ["Evening Post"]


def test_remarks_by_a_person_who_stated_are_one_claim_of_that_person(read):
    a = read("The institute highlighted remarks by the mayor of Kherson, Roman Mrochko, who stated that the ferry "
             "had been shelled twice.")
    assert [c.content.text for c in a.claims] == ["the ferry had been shelled twice"]
    assert speaker_name(a, a.claims[0]) == "Roman Mrochko"


def test_reportedly_beside_according_to_is_one_claim(read):
    a = read("The convoy was reportedly stopped at the border, according to the Finnish Border Guard.")
    assert len(a.claims) == 1 and a.claims[0].cue.text == "according to"
    assert [h.text for h in a.claims[0].hedges] == ["reportedly"]


def test_a_clause_under_a_reporting_verb_is_not_itself_a_reporting_clause(read):
    a = read("Analysts at the institute noted that the regiment has previously been accused of looting grain "
             "stores in the south.")
    assert [c.cue.text for c in a.claims] == ["noted"]


def test_a_sentence_that_casts_doubt_on_someones_claims_continues_the_relayed_report(read):
    text = ("Analysts at the Baltic Institute noted that the convoy turned back twice. This casts doubt on "
            "Minsk's official claims that the convoy carried only food.")
    a = read(text, outlet="Courier", title="Convoy turned back, Baltic Institute reports")
    whole = only(a.claims, "This casts doubt")
    assert "Baltic Institute" in speaker_name(a, whole) and whole.cue is None
    inner = next(c for c in a.claims if c.content.text == "the convoy carried only food")
    assert inner.cue.text == "claims"


def test_according_to_an_agency_citing_a_source_makes_the_source_speak(read):
    a = read("According to Yonhap, citing a government source, the missiles were shipped in August.",
             outlet="News.Az")
    c = only(a.claims, "missiles")
    assert c.content.text == "the missiles were shipped in August"
    assert c.speaker.text == "a government source"
    assert [v.text for v in c.via] == ["News.Az", "Yonhap"]


def test_a_quotation_running_on_into_the_next_paragraph_is_its_speakers(read):
    a = read("“The harbour will stay closed all winter. We have no choice.\n\n"
             "“The ice is too thick for the ferries,” the harbour master said.")
    first = only(a.claims, "stay closed all winter")
    assert first.quote and first.content.text == "The harbour will stay closed all winter. We have no choice"
    assert first.speaker.text == "the harbour master"


@pytest.mark.parametrize(("opens", "closes"), [("“", "”"), ('"', '"')])
def test_a_quotation_run_on_without_its_mark_again_is_still_the_speakers(read, opens, closes):
    # a copy that lost the opening mark of the quotation's second paragraph: the first "I think" is the
    # speaker's hedge inside the quotation, not a statement of an unnamed "I"
    a = read(f"After the vote, the harbour master, Ada Byrne, said, {opens}I think the harbour will stay closed.\n\n"
             f"The ice is too thick for the ferries. We have no choice.{closes}")
    first = only(a.claims, "stay closed")
    assert first.quote and first.speaker.text.startswith("the harbour master") and not first.via
    second = only(a.claims, "ice is too thick")
    assert second.quote and second.speaker.text.startswith("the harbour master")


def test_a_paragraph_of_quotations_of_its_own_is_not_read_as_a_run_on(read):
    a = read('The mayor said "the bridge is safe.\n\n'
             'Residents called it "a disgrace" and "a danger".')
    assert not any("disgrace" in c.content.text and c.quote for c in a.claims if c.speaker
                   and c.speaker.text == "The mayor")


def test_typewriter_quotation_marks_are_quotations(read):
    a = read("''The tide turned early this year,'' said the harbour master.")
    c = only(a.claims, "tide turned")
    assert c.quote and c.content.text == "The tide turned early this year"


def test_a_quotation_whose_words_hold_a_subject_keeps_the_speaker_after_it(read):
    a = read("''Our votes are strong enough to win anywhere: Ohio, Iowa, Maine,'' Senator Ruth Adler said.")
    c = only(a.claims, "votes are strong")
    assert speaker_name(a, c) == "Ruth Adler"


def test_a_question_in_a_quotation_is_no_claim_but_the_clause_before_it_is(read):
    a = read("Mayor Lina Holt said the bridge was safe and asked, “Who will pay for the repairs?”")
    assert [c.content.text for c in a.claims] == ["the bridge was safe"]


def test_an_inverted_reporting_clause_after_a_quote_names_its_speaker(read):
    a = read("“The vote is lost,” added another senior aide.")
    c = only(a.claims, "vote is lost")
    assert c.speaker.text == "another senior aide"


def test_a_speaker_reached_through_a_preposition_or_a_purpose_of_speaking(read):
    a = read("The senator began by saying that the bill was dead. "
             "Mayor Ada Kerr took to the radio to say that the bridge would reopen.")
    assert speaker_name(a, only(a.claims, "bill was dead")) == "The senator"
    assert speaker_name(a, only(a.claims, "bridge would reopen")) == "Ada Kerr"


@pytest.mark.parametrize(("text", "speaker"), [
    # the parser hangs the name on the fronted phrase ("his daughter, former governor Tom Reyes" as an apposition)
    ("On Friday in Exampleton, while touring the flooded farms with his daughter, former governor Tom Reyes said "
     "the bridge would reopen in May.", "Tom Reyes"),
    ("Alarmed by the protests in Ohio, Senator Mark Hale, the majority whip, said that he spoke with the governor "
     "on Tuesday.", "Mark Hale"),
])
def test_a_reporting_verb_the_parser_left_without_a_subject_takes_the_phrase_right_before_it(read, text, speaker):
    c = read(text).claims[0]
    assert c.speaker is not None and speaker in c.speaker.text, c


def test_a_statement_nested_in_a_speakers_statement_gives_the_outer_claim_and_the_nested(read):
    # dev rule 1: the outer claim holds the nested statement; the nested one has the outer speaker in its via
    a = read("Minister Ola Berg said that the army had confirmed that two soldiers were wounded.")
    outer = only(a.claims, "the army had confirmed")
    nested = next(c for c in a.claims if c.content.text == "two soldiers were wounded")
    assert outer is not nested and speaker_name(a, outer) == "Ola Berg" and not outer.via
    assert nested.speaker.text == "the army" and [v.text for v in nested.via] == ["Minister Ola Berg"]


@pytest.mark.parametrize(("text", "outer_text", "nested_text", "source"), [
    ("The ferry, which the coastguard called unseaworthy, sank near the harbour, according to port officials.",
     "The ferry, which the coastguard called unseaworthy, sank near the harbour",
     "which the coastguard called unseaworthy", "port officials"),
    ("The blight, which growers call black rot, has spread to four valleys, according to a report by the farm "
     "ministry.",
     "The blight, which growers call black rot, has spread to four valleys", "which growers call black rot",
     "farm ministry"),
])
def test_an_according_to_holds_a_relative_clause_with_a_reporting_verb_of_its_own(read, text, outer_text, nested_text,
                                                                                  source):
    # dev rule 1: the according-to is the outer statement; the relative clause's claim is nested in it (rule 3)
    a = read(text)
    outer = next(c for c in a.claims if c.content.text == outer_text)
    nested = next(c for c in a.claims if c.content.text == nested_text)
    assert source in outer.speaker.text and outer.cue.text == "according to"
    assert source in nested.via[-1].text


def test_a_report_that_closes_the_sentence_carries_the_statement_it_closes(read):
    a = read("U.S. officials believe the missiles came from the north, The New York Times reported.")
    assert len(a.claims) == 1
    c = a.claims[0]
    assert c.speaker.text == "U.S. officials" and c.content.text == "the missiles came from the north"
    assert [v.text for v in c.via] == ["The New York Times"]


def test_reports_that_indicate_something_are_its_speaker_not_whoever_saw_them(read):
    a = read("Officials spoke on Monday. We have seen reports indicating that the convoy crossed the river.")
    c = only(a.claims, "convoy crossed the river")
    assert c.speaker.text == "reports"
    # the parser may hang the verb on a preposition of the noun ("reports from over the weekend indicating")
    d = read("Officials spoke on Monday. We have seen reports from over the weekend indicating that the convoy "
             "crossed the river.")
    assert only(d.claims, "convoy crossed the river").speaker.text.startswith("reports")
    b = read("The company issued statements saying that profits would fall.")
    assert only(b.claims, "profits would fall").speaker.text == "The company"  # a statement is its issuer's


@pytest.mark.parametrize("text", [
    "Asked by reporters if he believed the bridge was safe, the engineer shrugged.",
    "If the ministry said the dam was safe, nobody in the valley heard it.",
    "Each month the paper asks ten economists what they think the bank will do next.",
    "Voters were asked who they believe is the strongest candidate in the race.",
])
def test_a_reporting_verb_inside_an_embedded_question_or_a_condition_states_nothing(read, text):
    # dev rule 12: questions state nothing, also where they are embedded ('asked if he believed P')
    assert read(text).claims == ()


def test_a_statement_quoted_whole_is_the_quoted_speakers_not_a_parenthesis_of_it(read):
    # '"The board agreed to P," Ames said': 'agreed' hangs from 'said' but interrupts nothing
    a = read("“The board agreed to close the western depot before the winter,” Vera Ames said.")
    c = only(a.claims, "western depot")
    assert speaker_name(a, c) == "Vera Ames" and c.quote and c.cue.text == "said"
    assert c.content.text == "The board agreed to close the western depot before the winter"
    assert len(a.claims) == 1


def test_a_pronoun_speaker_is_never_whom_its_own_clause_names(read):
    # "she told Ortiz": she is not Ortiz, however recently Ortiz was named (a co-argument is another person)
    a = read("Governor Maria Ortiz visited the harbour on Monday with Mayor Anna Kowalska. "
             "The harbour will reopen in May, she told Ortiz.")
    c = only(a.claims, "harbour will reopen")
    assert speaker_name(a, c) == "Anna Kowalska"


def test_a_description_speaker_is_never_whom_its_own_clause_names(read):
    a = read("Anna Kowalska spoke in Lodz on Monday. In an interview with Maria Ortiz, "
             "the candidate said the vote would be close.")
    c = only(a.claims, "vote would be close")
    assert speaker_name(a, c) == "Anna Kowalska"


def test_a_person_told_is_no_relay(read):
    # 'told Reuters' names who carried the statement; 'told Ortiz' only whom it was said to
    a = read("Governor Maria Ortiz visited the harbour on Monday. Mayor Anna Kowalska told Ortiz that the pier was safe.")
    c = only(a.claims, "pier was safe")
    assert speaker_name(a, c) == "Anna Kowalska" and [v.text for v in c.via] == []


def test_a_second_reporting_verb_the_parser_hung_inside_the_first_report_is_the_first_speakers(read):
    # "He said P and said Q": Q is his too, and no part of P, also where the parser hangs 'said' on P's verb
    a = read("Colonel Ivan Petrov said the unit immediately went into a defensive posture and said the evacuation "
             "was always the priority.")
    p = only(a.claims, "defensive posture")
    q = only(a.claims, "evacuation")
    assert p.content.text == "the unit immediately went into a defensive posture"
    assert speaker_name(a, q) == "Ivan Petrov" and q.via == p.via


def test_a_statement_of_its_own_after_a_report_and_a_conjunction_is_no_part_of_it(read):
    a = read("Most residents said the mayor is careful with money, and a third said the same of her deputy.")
    c = only(a.claims, "careful")
    assert c.content.text == "the mayor is careful with money"
    assert not any("a third" in x.content.text for x in a.claims)


@pytest.mark.parametrize("text, speaker, content", [
    ('But Senator Mark Hale, noting the size of the crowd, said, "We will hold the line on the budget."',
     "Mark Hale", "We will hold the line on the budget"),
    ("Mayor Anna Kowalska, meanwhile, who chairs the harbour board, said the pier would reopen in May.",
     "Anna Kowalska", "the pier would reopen in May"),
    ('"The shop will close at noon," said the cashier, who like others on the street declined to give her name.',
     "the cashier", "The shop will close at noon"),
])
def test_a_speaker_behind_an_aside_the_parser_misread(read, text, speaker, content):
    # asides between a speaker and the verb (a participle, a relative clause) or after an inverted verb
    a = read(text)
    c = only(a.claims, content)
    assert c.content.text == content and speaker_name(a, c) == speaker
    assert not any("who" in x.content.text.split()[:3] for x in a.claims)


def test_a_nested_statement_before_an_inverted_reporting_clause_is_its_own_subjects(read):
    a = read('"One customer came in and said we should close the shop," said the cashier.')
    inner = next(c for c in a.claims if c.content.text == "we should close the shop")
    assert inner.speaker.text == "One customer"


def test_a_second_verb_hung_inside_a_reports_relative_clause_ends_that_report(read):
    # "reported figures that fell short and cautioned of P": the company cautioned; the figures' clause ends
    a = read("The brewer reported profits that fell short of forecasts and cautioned of weak demand over the "
             "rest of the year.")
    c = only(a.claims, "weak demand")
    assert c.content.text == "weak demand over the rest of the year" and c.speaker.text == "The brewer"
    assert not any("cautioned" in x.content.text for x in a.claims)


def test_a_warning_keeps_the_phrase_after_its_object_but_not_when_or_where_it_was_said(read):
    a = read("The bank warned of a sharp slowdown in the coming months in a note to its clients.")
    c = only(a.claims, "slowdown")
    assert c.content.text == "a sharp slowdown in the coming months"


@pytest.mark.parametrize("text", [
    "At a rally, Senator Maria Ortiz spoke about the plan. “It is sheer paranoia,”Ortiz said.",
    "At a rally, Senator Maria Ortiz spoke about the plan. Ortiz added:“It is sheer paranoia.”",
])
def test_a_quotation_mark_glued_to_the_next_word_still_opens_or_closes_the_quotation(read, text):
    a = read(text)
    c = only(a.claims, "paranoia")
    assert c.content.text == "It is sheer paranoia" and speaker_name(a, c) == "Maria Ortiz" and c.quote
    assert {e.name for e in a.entities} == {"Maria Ortiz"}


@pytest.mark.parametrize("text", [
    "Thank you, Minister Anna Kowalska, for your briefing.",
    "Mr. Petrov, thank you so much for your remarks today.",
    "The mayor thanked the volunteers for their work.",
])
def test_thanks_for_a_thing_is_no_claim(read, text):
    # dev rule 1: an evaluation is a claim only where its reason states something ("for cutting bus routes")
    assert read(text).claims == ()


def test_a_quotation_right_after_its_verb_is_one_quoted_claim_over_all_its_sentences(read):
    # dev rule 1: a multi-sentence direct quotation is one claim; no comma or colon stands before it here
    a = read('The harbour master said "The quay is closed until Friday. Nobody may moor there."')
    c = only(a.claims, "quay")
    assert c.content.text == "The quay is closed until Friday. Nobody may moor there" and c.quote
    assert len(a.claims) == 1


def test_a_partial_quotation_opening_the_content_keeps_its_opening_mark(read):
    # dev rule 7: the inner marks of a partial quotation are kept, balanced
    for text, want in [('The coach said "the plan" was dead.', '"the plan" was dead'),
                       ("The coach said “the plan” was dead.", "“the plan” was dead")]:
        c = only(read(text).claims, "plan")
        assert c.content.text == want and not c.quote


def test_a_content_wrapped_in_quotation_marks_is_a_quotation_whatever_frame_found_it(read):
    # dev rule 9: quote is true iff the content itself is wrapped in quotation marks
    c = only(read('The strikers said "We will not go back to work," and marched on.').claims, "work")
    assert c.content.text == "We will not go back to work" and c.quote


@pytest.mark.parametrize("text", [
    "The students were denied visas.",
    "The consulate denied them entry at the border.",
])
def test_a_thing_withheld_is_no_denial(read, text):
    # "denied them entry", "were denied visas": a refusal, not a statement disputed
    assert read(text).claims == ()


def test_an_evaluation_keeps_its_reason_when_the_reason_withholds_something(read):
    a = read("Critics blame the embassy for denying them entry.")
    c = only(a.claims, "embassy")
    assert c.content.text == "the embassy for denying them entry" and c.speaker.text == "Critics"
    assert len(a.claims) == 1


@pytest.mark.parametrize("text", [
    "The students want to show that girls can build robots.",
    "The coach hopes to prove that the team is ready.",
    "It was a chance to argue that the law was unfair.",
    # a saying that failed or could not be made is none either
    "The state failed to show that the rule would protect anyone.",
    "The company was unable to prove that the loans were repaid.",
])
def test_a_statement_wanted_planned_or_for_a_purpose_is_not_yet_made(read, text):
    assert read(text).claims == ()


@pytest.mark.parametrize(("text", "content"), [
    ("The minister went on to say that the budget was balanced.", "the budget was balanced"),
    ("She proceeded to argue that taxes were too high.", "taxes were too high"),
    # in the first person the wish to say is the saying
    ("At the top, I would like to note that the launch failed.", "the launch failed"),
])
def test_an_infinitive_that_goes_on_saying_is_a_statement(read, text, content):
    assert [c.content.text for c in read(text).claims] == [content]


def test_a_verb_inside_a_quotation_never_cuts_the_quotation(read):
    # '"A," X told the press, "to show that P. Q."': the second part is quoted whole
    a = read('"We are very proud," team member Lina Haddad told the press, "to show that girls can build '
             'robots too. We came here against the odds."')
    quoted = [c.content.text for c in a.claims if c.quote]
    assert quoted == ["We are very proud", "to show that girls can build robots too. We came here against the odds"]


def test_a_quotation_closed_before_its_full_stop_still_ends_the_sentence(read):
    # '... said, "Q". Next sentence': the mark closes the quotation, the full stop the sentence
    a = read('Ana Ruiz, the agency spokesperson, said, "We urge both sides to return to the table". Ruiz left '
             'soon after.')
    c = only(a.claims, "urge")
    assert c.content.text == "We urge both sides to return to the table" and c.quote
    assert len(a.claims) == 1


def test_whom_a_quotation_was_said_to_is_no_part_of_the_speaker(read):
    a = read("NASA chief Karl Bolden spoke at the museum. “We thank every city that applied,” said Bolden to the "
             "gathered crowd.")
    c = only(a.claims, "thank every city")
    assert c.speaker.text == "Bolden"


def test_a_passive_verb_no_one_acts_in_introduces_no_quotation(read):
    # 'must be well thought out: "Q"': "thought" is no one's reporting verb; Q is the chief's, through the clause
    a = read('The charity chief told Sky News any process "must be well thought out": "Moves to cut the backlog '
             'are welcome but more forms are not the answer."')
    assert all(c.cue.text == "told" for c in a.claims)


@pytest.mark.parametrize("text", [
    "Pop art was about what American culture really thought was important.",
    "The dispute was over what the regulator said had happened.",
])
def test_a_reporting_verb_in_a_free_relative_states_nothing(read, text):
    # "what the public thought was important" names what was thought; it says nothing
    assert read(text).claims == ()


def test_a_role_and_a_name_split_by_the_parser_are_one_speaker(read):
    # "according to curator Elaine Gustafon": the parser hangs two objects on "to"
    a = read("The museum saw 11,000 visitors in 2010, according to curator Elaine Gustafon.")
    assert len(a.claims) == 1 and speaker_name(a, a.claims[0]) == "Elaine Gustafon"


def test_an_attributing_phrase_closing_a_reported_clause_is_no_part_of_it(read):
    a = read("Researchers have found that a common diabetes drug may slow the progression of the disease, "
             "according to a study published on Wednesday in the journal Neurology.")
    c = only(a.claims, "diabetes drug")
    assert c.content.text == "a common diabetes drug may slow the progression of the disease"


@pytest.mark.parametrize("text", [
    "If you see that name on a show, you know what you are getting.",
    "By now the voters know who is paying for the campaign.",
])
def test_an_embedded_question_after_the_verb_states_nothing(read, text):
    assert read(text).claims == ()


def test_that_opens_the_content_even_where_the_parser_took_it_for_an_object(read):
    # "that" tagged as the object of the clause's verb, once a phrase stands between the cue and it
    a = read("Lind told reporters in the capital that the Greens would vote against the budget.")
    c = only(a.claims, "Greens")
    assert c.content.text == "the Greens would vote against the budget"
    assert speaker_name(a, c) == "Lind"


def test_a_quotation_that_follows_a_reporting_clause_with_abbreviations_is_the_same_speakers(read):
    a = read('"Mr. Mendoza sold his office to the highest bidder," U.S. Attorney Rachel Dunn said in a statement. '
             '"Today a jury held him to account."')
    c = only(a.claims, "held him to account")
    assert c.quote and speaker_name(a, c) == "Rachel Dunn"  # "Attorney" is her title, no part of her name


def test_a_request_denied_is_refused_not_disputed(read):
    a = read("The judge denied a request by the defence to delay the sentencing. The board rejected the offer. "
             "The senator denied several allegations over her use of funds.")
    assert [c.content.text for c in a.claims] == ["several allegations over her use of funds"]
    assert a.claims[0].stance == "disputed"


def test_a_participle_hung_inside_what_was_ruled_is_the_rulers(read):
    a = read("The Florida Supreme Court ruled on Friday that the state's new voting map was lawful, rejecting "
             "claims by civil rights groups that it diluted the votes of Black residents.")
    rejected = [c for c in a.claims if c.cue.text == "rejecting"]
    assert len(rejected) == 1 and speaker_name(a, rejected[0]) == "Florida Supreme Court"
    assert rejected[0].stance == "disputed"
    assert only(a.claims, "lawful").content.text == "the state's new voting map was lawful"


def test_a_that_read_as_a_determiner_still_marks_the_clause(read):
    a = read("United Nations officials have warned that famine is spreading in the region. She said aid convoys "
             "had been blocked for weeks and that fuel was running low.")
    contents = [c.content.text for c in a.claims]
    assert "famine is spreading in the region" in contents
    assert "fuel was running low" in contents


def test_a_content_of_pronouns_only_is_no_claim(read):
    a = read('The network blamed the militia for the attack, which it called "a massacre of civilians."')
    assert all(any(t.isalpha() and t.lower() not in {"which", "it", "that"} for t in c.content.text.split())
               for c in a.claims)
    assert any(c.content.text == "a massacre of civilians" for c in a.claims)


def test_a_programme_in_quotation_marks_is_carried_by_its_possessor(read):
    # the parser reads 'told CNBC’s "Street Signs Europe"' as two objects; the broadcaster carries it
    a = read('Economist Jo Hill told Nordvision’s "Morning Markets" that growth was rising.')
    c = only(a.claims, "growth was rising")
    assert [v.text for v in c.via] == ["Nordvision"]


def test_few_if_any_is_no_condition(read):
    a = read("She did not say whether the plant would close. He asked if the plant would close. The report states "
             "that few if any food makers use iodised salt.")
    assert [c.content.text for c in a.claims] == ["few if any food makers use iodised salt"]


def test_a_rejected_scheme_is_refused_and_a_relative_object_is_no_part_of_the_reason(read):
    a = read("A fast-track scheme for refugees was rejected by the prime minister. The team was stopped at the "
             "border by a policy that critics blame for denying them entry.")
    assert [c.content.text for c in a.claims] == ["denying them entry"]


def test_a_citing_phrase_between_the_speaker_and_its_verb_names_the_source(read):
    a = read("The National News Agency, citing a security source, reported that a strike hit a residential "
             "building. The minister, citing new data, said that prices rose.")
    c = only(a.claims, "residential building")
    assert c.speaker.text == "a security source" and [v.text for v in c.via] == ["The National News Agency"]
    assert speaker_name(a, only(a.claims, "prices rose")) == "The minister"


@pytest.mark.parametrize(("text", "content"), [
    # an act of speaking the reported clause's subject could not do is the speaker's
    ('The director said vaccine supplies were "extremely limited" and urged donors to act.',
     'vaccine supplies were "extremely limited"'),
    ("A spokesperson said the target remained achievable and pointed to reforms of the planning system.",
     "the target remained achievable"),
    # a conjunct that agrees with the speaker, not with the reported clause's subject
    ("The researchers say a randomized trial is needed and are seeking funding for one.",
     "a randomized trial is needed"),
    # also where the parser hung it on a clause the reported clause reports in turn
    ('The president said the result showed that voters wanted parties "to find common ground" and called for calm.',
     'the result showed that voters wanted parties "to find common ground"'),
    # one the reported clause's subject did stays in it
    ("She said the plan would cut costs and raise wages.", "the plan would cut costs and raise wages"),
    ("Officials said the storm had weakened and was moving north.", "the storm had weakened and was moving north"),
])
def test_what_the_speaker_did_beside_saying_is_no_part_of_what_was_said(read, text, content):
    assert read(text).claims[0].content.text == content


def test_a_reporting_verb_that_opens_a_quotation_is_no_tail_of_the_clause_before(read):
    # 'said: "Ministers promised P"': the quotation's first clause, not 'X said: "', is what "promised" hangs from
    a = read('The spokesman said: "Ministers promised a building boom and delivered a slump."')
    assert [c.content.text for c in a.claims] == ["Ministers promised a building boom and delivered a slump"]


def test_a_participle_that_modifies_a_noun_reports_no_quotation(read):
    # "the ruling" read as a participle before 'called the ruling "Q"' is no reporting verb of the quotation
    a = read('The governor, who signed the bill in April, called the ruling "judicial activism." He said the '
             'people of the state had spoken.')
    assert [c.cue.text for c in a.claims] == ["called", "said"]
    assert only(a.claims, "activism").content.text == 'the ruling "judicial activism."'
    assert speaker_name(a, only(a.claims, "had spoken")) == "The governor"


def test_a_statement_scheduled_for_a_time_to_come_is_no_claim(read):
    a = read("Nordfracht, which reports results next week, is expected to trim its outlook, according to two "
             "people familiar with the matter. The agency publishes its annual figures tomorrow.")
    contents = [c.content.text for c in a.claims]
    assert not any(t in {"results", "its annual figures"} for t in contents), contents
    outlook = [c for c in a.claims if "trim its outlook" in c.content.text]
    assert outlook and outlook[0].speaker.text == "two people familiar with the matter"


def test_a_relative_clause_with_its_own_reporting_verb_is_its_speakers_claim_alone(read):
    a = read("The central bank has signalled it could cut rates again in April, which traders said would ease "
             "financing costs for the sector.")
    bank = [c for c in a.claims if c.speaker.text == "The central bank"]
    traders = [c for c in a.claims if c.speaker.text == "traders"]
    assert bank and bank[0].content.text == "it could cut rates again in April"
    assert traders and traders[0].content.text == "would ease financing costs for the sector"
    assert not traders[0].via


def test_an_accusation_in_apposition_answered_by_its_own_speaker_closes_the_clause(read):
    a = read("The minister said the army had bombed the market, an accusation the army denies.")
    said = [c for c in a.claims if c.cue.text == "said"]
    denied = [c for c in a.claims if c.cue.text == "denies"]
    assert said and said[0].content.text == "the army had bombed the market"
    assert denied and denied[0].content.text == "the army had bombed the market"
    assert denied[0].speaker.text == "the army" and denied[0].stance == "disputed" and not denied[0].via


def test_an_inverted_reporting_clause_whose_title_the_tagger_misread_keeps_its_speaker(read):
    a = read('"What we see is the tip of the iceberg," said epidemiologist Maria Stan of the University of '
             'Bucharest.')
    c = [c for c in a.claims if "tip of the iceberg" in c.content.text]
    assert c and c[0].speaker is not None and a.entity(c[0].speaker.entity).name == "Maria Stan"


def test_a_second_that_clause_the_parser_hung_on_a_noun_is_a_claim_of_its_own(read):
    # "and that the findings needed ...": the parser made "findings" the conjunct; the "that" makes it a clause
    a = read("She cautioned that the trial was small and that the findings needed to be confirmed.")
    assert sorted(c.content.text for c in a.claims) == ["the findings needed to be confirmed", "the trial was small"]


def test_a_dateline_the_parser_made_a_second_subject_gives_no_second_claim(read):
    a = read("NAIROBI, Kenya (AP) — Kenya's opposition leader on Monday rejected the results of the election, "
             "saying the vote had been rigged.")
    assert sorted((c.cue.text, c.content.text) for c in a.claims) == [
        ("rejected", "the results of the election"), ("saying", "the vote had been rigged")]


def test_a_second_that_clause_with_a_reporting_verb_is_still_what_was_said(read):
    a = read("Raj Patel wrote in a note that the warning was the second in three months and that investors would "
             "question the airline's guidance.")
    assert sorted(c.content.text for c in a.claims) == [
        "investors would question the airline's guidance", "the warning was the second in three months"]


def test_a_concessive_clause_is_a_statement_apart(read):
    a = read("The minister said the plan would work, although it was expensive. Observers said the election had been "
             "largely peaceful, though they noted delays in the count.")
    assert sorted(c.content.text for c in a.claims) == [
        "it was expensive", "the election had been largely peaceful", "the plan would work"]


def test_the_clause_before_a_summing_up_apposition_is_no_statement_of_its_relative_clause(read):
    a = read("The bank raised rates by half a point, a move analysts said could hurt growth. "
             "The council approved the new tower, a decision residents called reckless.")
    assert [(c.speaker.text, c.content.text) for c in a.claims] == [("analysts", "could hurt growth")]


def test_a_tail_clause_may_end_with_its_own_phrases_and_an_apposition_before_the_name(read):
    a = read("In the port city of Varna, a strike set fire to a warehouse and injured four people, "
             "the regional governor, Ivo Petrov, wrote on Telegram.")
    [c] = a.claims
    assert c.content.text == "In the port city of Varna, a strike set fire to a warehouse and injured four people"
    assert c.speaker.text == "the regional governor, Ivo Petrov"


def test_a_word_of_a_name_read_as_a_verb_opens_no_clause(read):
    a = read('The governor of Rio Grande do Sul, Eduardo Leite, said the state was facing "its worst disaster."')
    assert [c.content.text for c in a.claims] == ['the state was facing "its worst disaster."']


def test_but_that_opens_a_second_claim_whatever_the_parser_hangs_that_on(read):
    a = read("Speaking at a news conference, he said rescue teams had reached most towns but that some communities "
             "remained cut off.")
    assert sorted(c.content.text for c in a.claims) == ["rescue teams had reached most towns",
                                                        "some communities remained cut off"]


def test_a_declaration_of_what_something_is_keeps_its_object_and_predicate(read):
    a = read("The health agency on Friday declared the outbreak in the north a national emergency.")
    assert [(c.cue.text, c.content.text) for c in a.claims] == [
        ("declared", "the outbreak in the north a national emergency")]


def test_a_reporting_clause_the_parser_hung_on_what_it_reports_is_no_content_of_it(read):
    a = read("Some members of the board had argued for an immediate cut, she said, but a majority preferred to wait.")
    assert [(c.cue.text, c.content.text) for c in a.claims] == [
        ("said", "Some members of the board had argued for an immediate cut")]


def test_a_reporting_clause_inside_a_quotation_reports_only_words_of_that_quotation(read):
    a = read('The harbour master shrugged off the complaints at the quay on Monday, telling the crew, '
             '"Half the town claimed the ferry would never sail."')
    assert sorted((c.cue.text, c.content.text) for c in a.claims) == [
        ("claimed", "the ferry would never sail"),
        ("telling", "Half the town claimed the ferry would never sail")]


def test_a_quoted_cue_without_its_subject_still_reports_the_clause_after_the_quotation(read):
    a = read('Thirty percent of the tenants "strongly agree" that the new rules will lower their rents.')
    assert [(c.cue.text, c.content.text) for c in a.claims] == [
        ("agree", "the new rules will lower their rents")]


def test_a_quoted_reporting_clause_reports_no_words_after_the_quotation(read):
    a = read('"I feel that the plan will work," says Dana Ruiz, 31, a nurse. "But I think the city has changed,"  '
             'because of the shifts in rents.')
    assert ("think", "the city has changed") in [(c.cue.text, c.content.text) for c in a.claims]


def test_the_that_of_an_outer_verb_opens_no_clause_of_the_verb_it_reports(read):
    a = read("Speaking in the couple's defense, Tom Hale, SC, said that, as the parents came from Peru, where herbalism is "
             "in common use, they should be declared not guilty.")
    assert [(c.cue.text, c.content.text) for c in a.claims] == [
        ("said", "as the parents came from Peru, where herbalism is in common use, they should be declared not guilty")]


def test_a_root_noun_read_for_a_verb_takes_the_subject_read_as_its_modifier(read):
    # GUM corpus (Zeldes 2017), Wikinews texts CC BY 2.5 (GUM_news_warming): in this paragraph the tagger reads
    # "notes" as a root noun and "Department" as its nmod
    a = read("Depending on region and crops, the yields may be primarily sensitive to ozone - in the case of wheat - "
             "or heat - in the case of maize - alone, providing a local estimation of relative benefits of climate "
             "change adaptation versus ozone regulation.\n\nThe U.S. Department of Agriculture notes, \"Ground-level "
             "ozone causes more damage to plants than all other air pollutants combined\", highlighting the "
             "importance of air quality for agriculture.")
    [c] = a.claims
    assert c.content.text == "Ground-level ozone causes more damage to plants than all other air pollutants combined"
    assert c.speaker.text == "The U.S. Department of Agriculture"


def test_straight_marks_paired_across_two_quotations_hold_no_reporting_clause(read):
    # a quotation runs on into the next paragraph without opening it again: that paragraph's two straight marks
    # pair across the end of one quotation and the start of the next
    a = read('The striker said, "In the first half it felt good out there.\n\nWe could have scored three goals." '
             'After the match, the visiting coach Ana Silva said, "We were playing a strong side.\n\nA draw would '
             'have been a fine result for us."')
    assert "We were playing a strong side" in [c.content.text for c in a.claims if c.cue.text == "said"]


def test_an_answering_apposition_whose_verb_the_tagger_read_as_a_noun_closes_the_clause(read):
    a = read("Lawyers for the tenants argued the new law would lead to mass evictions, a charge the city rejects.")
    assert sorted((c.cue.text, c.content.text, [v.text for v in c.via]) for c in a.claims) == [
        ("argued", "the new law would lead to mass evictions", []),
        ("rejects", "the new law would lead to mass evictions", [])]


def test_a_that_clause_after_an_aside_is_no_reporting_clause_closing_the_words_before_it(read):
    a = read("He cautioned, however, that the survey showed only a trend and could not prove a cause.")
    contents = [c.content.text for c in a.claims]
    assert "the survey showed only a trend and could not prove a cause" in contents
    assert not [t for t in contents if t.startswith("He cautioned")]


def test_a_that_the_parser_read_as_an_adverb_still_opens_the_content(read):
    a = read("The doctor told the court last week that Hart had been standing by the cot.")
    assert [c.content.text for c in a.claims] == ["Hart had been standing by the cot"]


def test_a_pull_quote_with_a_credit_line_is_its_speakers_claim(read):
    a = read("Flood damage in the valley\n\nThe county said on Tuesday that repairs to the bridge would take months."
             "\n\n"
             "“We have never seen the river this high in forty years of farming here.”\n\n- Tom Ashby\n\n"
             "Residents were told to boil water.\n\n“The bridge is the only road out, and people are scared.”\n\n"
             "— Jane Roe, County Emergency Manager\n")
    farmer = only(a.claims, "river this high")
    assert speaker_name(a, farmer) == "Tom Ashby" and farmer.quote
    manager = only(a.claims, "only road out")
    assert speaker_name(a, manager) == "Jane Roe"


def test_a_credit_without_a_dash_names_a_person_and_a_role(read):
    a = read("Rates on hold\n\n“Nobody expected the ruling to come this quickly.”\n\nJane Roe, chief economist at "
             "Halden Bank\n")
    assert speaker_name(a, only(a.claims, "ruling")) == "Jane Roe"


@pytest.mark.parametrize("credit", ["Image: Tom Ashby", "By Mark Hill", "Markets Rally, Oil Slips",
                                    "Tom Ashby said the levee held."])
def test_no_pull_quote_claim_from_a_photo_credit_byline_or_headline(read, credit):
    a = read(f"River news\n\n“It was a good day for the river towns.”\n\n{credit}\n")
    assert not any("good day" in c.content.text for c in a.claims), [c.content.text for c in a.claims]


@pytest.mark.parametrize(("text", "content"), [
    ("The harbour master said the ferries should run again by Friday, though she declined to give a time.",
     "the ferries should run again by Friday"),
    ("The coach said the team was ready, but he refused to name the starting line-up.", "the team was ready"),
])
def test_what_the_speaker_did_beside_speaking_is_no_part_of_the_content(read, text, content):
    assert [c.content.text for c in read(text).claims] == [content]


@pytest.mark.parametrize("tail", ["a claim that could not be independently verified", "a claim the navy denied"])
def test_a_reporters_apposition_on_the_statement_ends_the_content(read, tail):
    a = read(f"The rebels said they had sunk two patrol boats, {tail}.")
    said = next(c for c in a.claims if c.cue.text == "said")
    assert said.content.text == "they had sunk two patrol boats"


def test_adding_after_a_reported_clause_is_no_part_of_it(read):
    # the parser hangs "adding" on "appeal", inside what was said
    a = read("A spokeswoman for the governor said the state would appeal, adding that the delay could cost farmers "
             "about $3 million.")
    assert only(a.claims, "appeal").content.text == "the state would appeal"


def test_adding_that_opens_a_sentence_goes_on_with_the_speaker_before(read):
    a = read('Harbour master Olga Brek said the quay would stay shut until Friday. Adding, "Nobody may moor there '
             'before the divers have finished."\n\nThe ferry was cancelled. Adding, "We expect more delays."')
    added = only(a.claims, "Nobody may moor")
    assert added.cue.text == "Adding" and speaker_name(a, added) == "Olga Brek"
    # after a sentence that reports nothing there is no one to go on with
    assert only(a.claims, "more delays").speaker is None


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The health agency recommends that every school should test its drinking water twice a year.", "recommends",
     "every school should test its drinking water twice a year"),
    ("The committee proposed that the toll be cut by half.", "proposed", "the toll be cut by half"),
])
def test_a_recommendation_or_proposal_with_a_that_clause_is_a_statement(read, text, cue, content):
    c = only(read(text).claims, content)
    assert c.cue.text == cue and c.content.text == content


@pytest.mark.parametrize("text", ["The panel urged the ministry to ban the pesticide.",
                                  "The union called on the government to raise wages.",
                                  "The committee proposed a new toll on Monday."])
def test_a_directive_or_a_proposed_thing_states_nothing(read, text):
    assert not read(text).claims


@pytest.mark.parametrize(("text", "source", "content"), [
    ("According to one ferry captain, who asked not to be named, at least nine boats have left the harbour without "
     "cargo.", "one ferry captain", "at least nine boats have left the harbour without cargo"),
    ("According to one diplomat, who spoke on condition of anonymity, the talks have collapsed.", "one diplomat",
     "the talks have collapsed"),
])
def test_an_according_to_source_with_a_relative_clause_of_its_own_attributes_the_sentence(read, text, source,
                                                                                           content):
    # the parser may hang the sentence's clause inside the source's relative clause ("who asked ...")
    c = only(read(text).claims, content)
    assert c.content.text == content and c.speaker.text == source and c.cue.text == "According to"


def test_an_according_to_hung_on_a_later_speakers_verb_attributes_the_main_clause(read):
    # the parser hangs "according to" on "say", which it makes a conjunct of "rose"
    a = read("Unemployment in the province rose to 9 percent in March, according to data published by the labour "
             "office, well above the 5 percent economists say is healthy.")
    c = next(c for c in a.claims if c.cue.text == "according to")
    assert c.content.text == "Unemployment in the province rose to 9 percent in March"
