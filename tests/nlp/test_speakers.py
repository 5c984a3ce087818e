"""Speaker resolution within a document (claimgraph_speakers), on texts we wrote."""

import pytest


def claim_with(analysis, needle):
    found = [c for c in analysis.claims if needle in c.content.text]
    assert found, [c.content.text for c in analysis.claims]
    return found[0]


def speaker_of(analysis, needle):
    c = claim_with(analysis, needle)
    ent = analysis.entity(c.speaker.entity) if c.speaker else None
    return ent.name if ent else (c.speaker.text if c.speaker else None)


def test_a_pronoun_is_the_person_who_spoke_last(read):
    a = read("Defence Minister Anna Kowalska said the convoy had crossed the border. "
             "She added that a second convoy would follow on Friday.")
    assert speaker_of(a, "second convoy") == "Anna Kowalska"


def test_it_is_the_organisation_not_the_person(read):
    a = read("Finance Minister Olaf Brandt met the board of Barclays on Monday. The bank said it would cut 400 jobs. "
             "It added that the branch network would shrink by a third.")
    assert speaker_of(a, "cut 400 jobs") == "Barclays"
    assert speaker_of(a, "branch network") == "Barclays"


def test_they_is_a_group_not_a_person(read):
    a = read("Mayor Lina Holt spoke after the vote. Local officials said the bridge was unsafe. "
             "They said repairs would take a year.")
    c = claim_with(a, "repairs would take a year")
    assert c.speaker.entity is None and "officials" in c.speaker.text


def test_a_role_the_text_gave_a_person_names_that_person(read):
    a = read("Mara Keel, an analyst at Morgan Stanley, said the quarter was weak. "
             "The analyst said that margins would recover next year.")
    assert speaker_of(a, "margins would recover") == "Mara Keel"


def test_the_firm_is_the_company_named_before(read):
    a = read("Carmaker Renault reported a loss on Tuesday. The firm said that demand for its vans had collapsed.")
    assert speaker_of(a, "demand for its vans") == "Renault"


def test_a_description_names_the_organisation_whose_name_holds_its_kind(read):
    a = read("The Bank of England held interest rates on Thursday. The bank said that inflation was falling.")
    assert speaker_of(a, "inflation was falling") == "Bank of England"


def test_a_court_described_after_its_name(read):
    a = read("The Supreme Court of Estonia heard the appeal in May. The court ruled that the contract was void.")
    assert speaker_of(a, "contract was void") == "Supreme Court of Estonia"


def test_a_description_of_another_state_stays_apart(read):
    a = read("Germany's foreign ministry summoned the envoy. Finland's foreign ministry said that no note had arrived.")
    c = claim_with(a, "no note had arrived")
    name = speaker_of(a, "no note had arrived")
    assert name != "Germany" and "Germany" not in (c.speaker.text or "")


def test_a_description_before_its_name_looks_forward_only_when_nothing_before_fits(read):
    a = read("Temperatures broke records in August, the UN weather agency said on Wednesday.\n\n"
             "The figures came from the United Nations' World Meteorological Organization.")
    assert speaker_of(a, "Temperatures broke records") == "World Meteorological Organization"


def test_an_unnamed_source_is_one_speaker_under_its_fullest_description(read):
    a = read("Two people familiar with the talks said the deal was close. "
             "The people said that a signing could come within days. "
             "Another said that the price was still open.")
    labels = {claim_with(a, n).speaker.text for n in ("deal was close", "signing could come", "price was still open")}
    assert labels == {"Two people familiar with the talks"}


def test_different_unnamed_groups_stay_apart(read):
    a = read("U.S. officials said the ship had turned back. Ukrainian officials said that it was still at sea.")
    assert claim_with(a, "turned back").speaker.text != claim_with(a, "still at sea").speaker.text


def test_a_document_speaks_for_whoever_issued_it(read):
    a = read("Siemens released its annual report on Monday. The report said that sales had fallen by a fifth.")
    assert speaker_of(a, "sales had fallen") == "Siemens"


def test_a_statement_noun_in_the_cue_phrase_is_never_the_speaker(read):
    a = read("The Harbour Authority issued a statement saying the pier would close in May.")
    assert speaker_of(a, "pier would close") == "Harbour Authority"


def test_a_dateline_is_never_the_speaker(read):
    a = read("OSLO — The Norwegian Refugee Council said on Friday that the camp had run out of water.")
    assert speaker_of(a, "run out of water") == "Norwegian Refugee Council"


def test_a_wire_credit_in_the_dateline_is_no_ones_antecedent(read):
    a = read("HALDEN, March 4 (Northwind News) - The union said on Tuesday that the port authority had told reporters "
             "it would reopen the terminal by Friday.\n\nMaria Okafor, a spokeswoman for the Halden Port Authority, "
             "said the deal would hold.")
    assert speaker_of(a, "reopen the terminal") != "Northwind News"


def test_a_date_beside_the_speaker_is_no_part_of_it(read):
    a = read("Mayor Lina Holt on Friday denied wrongdoing.")
    c = claim_with(a, "wrongdoing")
    assert "Friday" not in c.speaker.text


def test_an_unnamed_official_of_a_named_organisation_is_the_organisation(read):
    a = read("A spokeswoman for UNICEF said that the school had been hit.")
    assert speaker_of(a, "school had been hit") == "UNICEF"


def test_a_relative_pronoun_speaker_is_its_noun(read):
    a = read("The decision was criticised by Senator Paula Vance, who said that it broke the treaty.")
    c = claim_with(a, "broke the treaty")
    assert c.speaker.text == "who" and a.entity(c.speaker.entity).name == "Paula Vance"


def test_the_speakers_first_person_inside_their_quote_is_no_second_claim(read):
    a = read("“I think the ceasefire will hold,” General Rasa Kaur said.")
    assert [c.content.text for c in a.claims] == ["I think the ceasefire will hold"]


def test_transcript_turns_are_claims_of_the_speaker_the_label_names(read):
    text = ("Briefing by Spokesperson Dana Reyes\n\n"
            "MS REYES: Good afternoon. The ministry has approved the new grain corridor for ships leaving Odesa.\n\n"
            "QUESTION: Will the navy escort them?\n\n"
            "MS REYES: The navy will not escort the ships. The insurers have agreed to cover them.")
    a = read(text)
    assert speaker_of(a, "approved the new grain corridor") == "Dana Reyes"
    assert speaker_of(a, "insurers have agreed") == "Dana Reyes"
    assert not any("escort them" in c.content.text for c in a.claims)  # a question states nothing
    assert not any(e.name in {"REYES", "QUESTION", "MS REYES"} for e in a.entities)


def test_a_turn_label_with_a_title_of_several_words_names_the_person_without_it(read):
    text = ("Joint press availability\n\n"
            "FOREIGN SECRETARY OKAFOR: Welcome, Anna. We have agreed a new fisheries treaty.\n\n"
            "SECRETARY BRENNE: Thank you. The treaty will cut the catch by a third.")
    a = read(text)
    assert speaker_of(a, "new fisheries treaty") == "Okafor"
    assert speaker_of(a, "cut the catch") == "Brenne"


def test_a_lone_upper_case_label_is_no_transcript(read):
    a = read("UPDATE: The port reopened on Monday, the harbour master said.")
    assert speaker_of(a, "port reopened") == "the harbour master"


def test_he_never_stands_for_a_woman_the_text_named(read):
    a = read("Senator Maria Lopez met the envoy. Ambassador Tomas Berg said the talks went well. "
             "Later he said that a deal was near.")
    assert speaker_of(a, "a deal was near") == "Tomas Berg"
    b = read("Ambassador Tomas Berg met the senator. Senator Maria Lopez said the talks went well. "
             "Later she said that a deal was near.")
    assert speaker_of(b, "a deal was near") == "Maria Lopez"


def test_an_interviews_answers_are_the_interviewees(read):
    text = ("Wikinews interviews glaciologist Erik Lund about the melting ice\n\n"
            "Erik Lund has studied the glaciers of Greenland for twenty years.\n\n"
            "What did you find this summer?\n\n"
            "I think the ice sheet lost more mass than in any year we have measured.\n\n"
            "Will it slow down?\n\n"
            "Not soon. The warm water under the shelves keeps eating the ice from below.")
    a = read(text)
    assert speaker_of(a, "lost more mass") == "Erik Lund"
    assert speaker_of(a, "warm water under the shelves") == "Erik Lund"
    assert not any(c.content.text.endswith("this summer?") for c in a.claims)


def test_a_framed_interview_opens_on_an_answer_and_long_answers_may_end_on_a_question(read):
    # the first answer comes before any question mark; a long answer ending on a rhetorical question stays an
    # answer; one question is enough where the headline names the one interviewed
    text = ("Interview with harbour master Ines Moreau\n\n"
            "Ines Moreau has run the port of Brest since 2015.\n\n"
            "On the new quay\n\n"
            "I believe the quay will double the traffic we handle. The dredging finished in May. The cranes "
            "arrived in June. The rail link opens next year. We hired forty dockers. The ferries moved berth. "
            "So why would anyone still doubt the plan?\n\n"
            "What worries you most?\n\n"
            "I fear the winter storms will delay the last works.")
    a = read(text)
    assert speaker_of(a, "dredging finished in May") == "Ines Moreau"
    assert speaker_of(a, "winter storms will delay") == "Ines Moreau"


def test_the_interviewers_own_lead_is_no_answer_of_the_one_interviewed(read):
    text = ("Interview: harbour engineer Ada Lind on the new sea wall\n\n"
            "We spoke with Ada Lind, who designed the sea wall at Halden, about the storms of last winter.\n\n"
            "What did the storms teach you?\n\n"
            "I think the wall held because we built it two metres higher than the old one.\n\n"
            "Will it be enough?\n\n"
            "Not forever. The sea is rising faster than we planned for.")
    a = read(text)
    assert not any("We spoke with" in c.content.text for c in a.claims)
    assert speaker_of(a, "rising faster") == "Ada Lind"


def _unlabelled_interview(lead: str) -> str:
    # questions and answers with no headline naming the one interviewed: the answers are the subject's
    # whom the lead names, never a person first named in the questions and answers
    return ("Bread before dawn\n\n" + lead + "When do you start?\n\n"
            "I think most people would be surprised: at two in the morning, every night.\n\n"
            "Do your customers know Maya Stone, who ran the shop before you?\n\n"
            "Some do. Maya Stone taught me the sourdough.\n\n"
            "Would you ever sell the shop?\n\n"
            "I believe the shop will stay in the family.\n\n"
            "What would Maya Stone say about that?\n\n"
            "I suspect she would laugh.")


def test_an_interview_without_a_framing_lead_is_of_the_person_its_lead_names(read):
    a = read(_unlabelled_interview("Baker Tom Hughes opened the shop in 1998. Hughes still bakes every loaf.\n\n"))
    assert "Tom Hughes" in speaker_of(a, "stay in the family")
    b = read(_unlabelled_interview(""))
    c = claim_with(b, "stay in the family")
    assert c.speaker is None or c.speaker.entity is None or b.entity(c.speaker.entity).name != "Maya Stone"


def test_i_outside_any_quotation_turn_or_interview_is_no_one(read):
    a = read("Trade talks resumed in Geneva on Monday. I think the tariffs will fall by spring.")
    c = claim_with(a, "tariffs will fall")
    assert c.speaker.entity is None and c.speaker.text == "I"


def test_events_take_their_actors_from_the_same_resolution(read):
    a = read("Hezbollah fired rockets at the border town. The militia attacked an army post on Sunday.")
    attack = next(v for v in a.events if v.action.text == "attacked")
    assert a.entity(attack.actor.entity).name == "Hezbollah"
    b = read("Senator Maria Lopez landed in Kyiv on Monday. She met President Volodymyr Zelensky.")
    met = next(v for v in b.events if v.action.text == "met")
    assert b.entity(met.actor.entity).name == "Maria Lopez"


def test_datelines_and_wire_credits_of_every_form_are_no_speakers(read):
    for text in ("WASHINGTON (AP) — The senator said the bill would pass.",
                 "LONDON (Reuters) - Britain said on Monday that it would cut rates.",
                 "Washington (AFP) – Senator Ruth Adler said on Sunday that the plan was reckless.",
                 "BERLIN, Aug. 24 (UPI) -- Half of the guests gave money, a report said."):
        a = read(text)
        c = a.claims[0]
        assert "(" not in c.speaker.text and not c.speaker.text.isupper(), (text, c.speaker)
        assert not c.content.text.startswith(text.split()[0]), c.content.text


def test_a_person_described_by_age_is_the_person_just_named_however_the_parser_read_it(read):
    a = read("Senator Ruth Adler spoke on Monday. The 83-year-old said the vote would be won in the spring.")
    assert speaker_of(a, "vote would be won") == "Ruth Adler"
    b = read('Senator Ruth Adler spoke on Monday. "We will win the vote in the spring. There is no question of a '
             'delay," the 83-year-old said.')
    assert speaker_of(b, "no question of a delay") == "Ruth Adler"


def test_a_pronoun_speaker_is_no_person_its_own_words_name(read):
    a = read("Kevin Marsh teaches English at the college. For Marsh, the painter was also a legend. "
             "Paul Verne had shown his canvases in the hall for a decade. "
             'He said, "Paul Verne was the centre of the art world for a generation."')
    assert speaker_of(a, "centre of the art world") == "Kevin Marsh"


def test_a_description_never_stands_for_someone_the_text_gave_another_role(read):
    # "the mayor" is no civil-defence director named before; with no mayor named, it stays unresolved
    a = read("Civil Defence director Omar Haddad said ten people died. The mayor said the city would help.")
    assert claim_with(a, "city would help").speaker.entity is None


def test_people_of_unrelated_walks_of_life_are_matched_by_the_same_word_only(read):
    a = read("The student Tomas Berg built a clock at home. A teacher thought it looked like a bomb.")
    assert claim_with(a, "looked like a bomb").speaker.entity is None


def test_the_official_may_be_the_envoy_named_just_before(read):
    a = read("Foreign Minister Ivan Sorokin said the talks failed. Ambassador Pavel Lind said the wounded were "
             "treated. The official said the care was free.")
    assert speaker_of(a, "care was free") == "Pavel Lind"


def test_a_description_with_a_name_of_its_own_is_no_other_entity(read):
    # "The Deseret News" is a newspaper NER missed, not the newspaper named before
    a = read("The Straits Times noted that the movement had grown. The Deseret News observed that the hashtag "
             "had spread.")
    assert claim_with(a, "hashtag had spread").speaker.entity is None
    assert speaker_of(a, "movement had grown") == "Straits Times"


def test_a_bare_description_coordinated_with_a_name_is_the_same_person(read):
    # "American academic and professor X": one person described twice, not two speakers
    a = read("British historian and broadcaster Dana Whitfield commented that the ruling was troubling.")
    assert len(a.claims) == 1 and speaker_of(a, "troubling") == "Dana Whitfield"
    two = read("The teacher and the principal said the boy was welcome.")
    assert len(two.claims) == 2


def test_a_document_is_issued_by_its_owner_not_by_what_it_is_about(read):
    a = read("Vladimir Putin met Kim Jong Un. A report on the Kremlin's plans said the ship sank. "
             "The Kremlin's statement said the talks were over.")
    assert claim_with(a, "ship sank").speaker.entity is None
    assert speaker_of(a, "talks were over") == "Kremlin"


def test_a_pronoun_prefers_the_person_named_in_its_own_sentence_to_the_last_speaker(read):
    # a paragraph after the prosecutor's quotation, "he" in "X's sister pleaded with him, but he replied" is X
    a = read('Prosecutor Mark Tedder told the jury the girl had suffered for years. "Her parents knew this," '
             'Tedder said.\n\nThe family had moved to the city in 2004 and the girl was treated at home for most of '
             'her life. Her skin condition worsened over the following winter, and neighbours noticed that she no '
             'longer went to school or played outside with the other children of the street.\n\nThomas Sam\'s sister pleaded with him to take the girl to a doctor, but he replied '
             '"I am not able to do that".')
    assert speaker_of(a, "not able to do that") == "Thomas Sam"


def test_the_sides_of_a_courtroom_are_never_each_other(read):
    a = read("U.S. District Judge Maria Ortega blocked the law on Monday. Lawyers for the plaintiffs argued that "
             "the law was passed in haste. Prosecutors have denied that the law targets any group. The defendant, "
             "34-year-old Mark Ellis, pleaded not guilty. His lawyer said Ellis had been at home that night.")
    assert claim_with(a, "passed in haste").speaker.entity is None  # many lawyers are no one judge
    assert claim_with(a, "targets any group").speaker.entity is None
    lawyer = claim_with(a, "at home that night").speaker
    assert lawyer.entity is None and lawyer.text == "His lawyer"  # not Ellis, nor the plaintiffs' lawyers


def test_a_reason_cited_is_no_source(read):
    a = read("Volta Motors also said it expects margins to recover next year, citing new models.")
    assert speaker_of(a, "margins to recover") == "Volta Motors"
    assert not claim_with(a, "margins to recover").via


def test_a_document_owned_by_a_description_or_a_pronoun_speaks_for_what_they_stand_for(read):
    a = read("Shares in carmaker Volta Motors fell. The company's earnings report showed operating profit "
             "dropped. Its annual report said sales would rise.")
    assert speaker_of(a, "operating profit dropped") == "Volta Motors"
    assert speaker_of(a, "sales would rise") == "Volta Motors"


def test_a_firm_is_the_company_named_in_its_sentence_not_an_association_that_spoke_before(read):
    # "the industry association" is a body of members, no firm; "AG" ends a company's name
    a = read("The industry association Autoverband said in its monthly report that electric cars made up 15% of "
             "sales. Shares of rival Bergmann AG rose 2% after the firm said demand for trucks was strong. "
             "The association said registrations would fall in December.")
    assert speaker_of(a, "demand for trucks was strong") == "Bergmann AG"
    assert speaker_of(a, "registrations would fall") == "Autoverband"


def test_a_description_by_the_head_of_a_name_is_that_organisation(read):
    a = read("A spokeswoman for the British Antarctic Survey said a team would fly out in March. The survey has "
             "argued that more cores are needed. The Institute for the Study of War said Russia lost 900 men. "
             "Analysts said the figures were rough. The study found that the losses were higher in the south.")
    assert speaker_of(a, "more cores are needed") == "British Antarctic Survey"
    # "the study" is no institute whose name holds the word further in
    assert claim_with(a, "losses were higher").speaker.entity is None


def test_a_document_is_owned_by_what_stands_at_its_preposition_not_by_what_hangs_below_it(read):
    a = read("A new analysis of ice cores from Antarctica suggests that the ice sheet retreated quickly. "
             "A poll by Gallup showed that support for the plan fell. A statement from the Ministry of Health "
             "said that cases rose in May.")
    assert claim_with(a, "ice sheet retreated quickly").speaker.entity is None
    assert speaker_of(a, "support for the plan fell") == "Gallup"
    assert speaker_of(a, "cases rose in May") == "Ministry of Health"


def test_a_spokesman_is_no_minister_named_before_nor_a_spokesman_named_after(read):
    a = read("Prime Minister Elena Varga said she would stay. A government spokesman denied reports that Varga "
             "had offered the independents posts. Pentagon spokesman John Kirby said the talks went well. The "
             "spokesman added that more talks were planned.")
    assert claim_with(a, "offered the independents").speaker.entity is None
    assert speaker_of(a, "more talks were planned") == "John Kirby"


@pytest.mark.parametrize(("text", "needle", "name"), [
    ("A former nurse accused of poisoning three patients told the court on Tuesday that she had only ever tried "
     "to help them.\n\nProsecutors say Maria Lund, 41, added insulin to the drips of the patients at a clinic in "
     "Tartu.\n\nLund denies the charges.", "only ever tried", "Maria Lund"),
    ("A retired firefighter charged with setting a warehouse blaze told a jury on Wednesday that he had never lit "
     "a match that night.\n\nProsecutors allege Tomas Reyes, 58, poured petrol through a loading door of the "
     "building in Dunmore in March.\n\nReyes denies arson.", "never lit a match", "Tomas Reyes"),
])
def test_a_ledes_description_is_the_person_named_after_it(read, text, needle, name):
    # "former", "retired": when, not which; the lede names no one, and no one else is named after it
    assert speaker_of(read(text), needle) == name


@pytest.mark.parametrize(("text", "needle"), [
    ("A government spokesman said the talks had stalled.\n\nPentagon spokesman John Kirby said the talks went "
     "well.", "had stalled"),
    ("A former minister said the reform would fail.\n\nPrime Minister Elena Varga said on Monday that it would "
     "pass.", "would fail"),
    ("A neighbour said the fire had started shortly after midnight.\n\nFire chief Tom Berg said the cause was "
     "not yet known.", "shortly after midnight"),
])
def test_a_ledes_description_is_no_one_named_after_it_in_another_role(read, text, needle):
    assert claim_with(read(text), needle).speaker.entity is None


def test_a_description_with_a_name_in_apposition_is_that_name(read):
    a = read("A teachers' union in the north, the Lowland Teachers Alliance, said that 30 schools were closed when "
             "the storm hit the valley. It said it was still counting the damage.")
    assert speaker_of(a, "30 schools were closed") == "Lowland Teachers Alliance"
    assert speaker_of(a, "counting the damage") == "Lowland Teachers Alliance"


def test_a_nationality_describes_a_company_but_tells_whose_a_ministry_is(read):
    a = read("Shares of Halvorsen Energy slumped 12% on Thursday after the Norwegian oil services group said it "
             "would cut 800 jobs. Ukraine's foreign ministry said the talks failed. The Russian foreign ministry "
             "said the talks went well.")
    assert speaker_of(a, "cut 800 jobs") == "Halvorsen Energy"
    assert claim_with(a, "talks went well").speaker.entity is None


def test_an_indefinite_description_with_words_of_its_own_is_a_new_person(read):
    a = read("Her lawyer, James Pike, said she would plead not guilty. A lawyer for the bank called the allegations "
             "baseless. Russian Ambassador Alexander Matsegora said the troops were treated. A Russian official said "
             "they were well fed.")
    assert claim_with(a, "baseless").speaker.entity is None
    assert speaker_of(a, "well fed") == "Alexander Matsegora"  # the words it has are his


def test_police_ranks_are_titles_not_names(read):
    a = read("Detective Inspector Sarah Cole told the court that officers had found vials at the house.")
    assert speaker_of(a, "found vials") == "Sarah Cole"


def test_a_possessive_pronoun_owning_a_statement_stands_for_its_person(read):
    a = read("Mayor Bill Dunne spoke on Monday. He repeated his claim that profit was the motive. Senator Ann Hill "
             "met voters. Her comments that the plan would fail angered the party.")
    assert speaker_of(a, "profit was the motive") == "Bill Dunne"
    assert speaker_of(a, "the plan would fail") == "Ann Hill"


def test_an_aside_after_the_speaker_is_no_part_of_it_and_a_video_speaks_for_who_released_it(read):
    a = read("Senator Ann Hill, speaking at a rally in Ohio, said the polls were wrong. Hill released a video "
             "criticizing the deal and arguing that it would hurt workers.")
    assert speaker_of(a, "polls were wrong") == "Ann Hill"
    assert speaker_of(a, "hurt workers") == "Ann Hill"


def test_a_city_is_the_municipality_named_before_not_any_place(read):
    a = read("The claim was brought by the Municipality of Varenna in 2019. The city argued that the schools ran a "
             "business. Officials in Italy said the ruling was fair.")
    assert speaker_of(a, "ran a business") == "Municipality of Varenna"
    assert claim_with(a, "ruling was fair").speaker.entity is None or speaker_of(a, "ruling was fair") != \
        "Municipality of Varenna"


def test_a_description_is_none_of_the_actors_its_own_report_names(read):
    # "the army accused the RSF": the army is not the RSF, however well the kinds agree
    a = read("The Rapid Support Forces shelled the camp overnight. The army accused the Rapid Support Forces of "
             "using the camp as cover.")
    c = claim_with(a, "using the camp as cover")
    assert c.speaker.entity is None and c.speaker.text == "The army"
    # an owner may be the speaker: "the company said Tesla's deliveries fell" is Tesla speaking of itself
    b = read("The carmaker Tesla reported its results on Tuesday. The company said Tesla's deliveries fell by a tenth.")
    assert speaker_of(b, "deliveries fell") == "Tesla"


def test_an_army_is_no_group_the_text_called_a_group(read):
    a = read("Civic Watch, a group that tracks abuses, said the camp was shelled for hours. "
             "The army said its units had not fired on the camp.")
    c = claim_with(a, "had not fired")
    assert c.speaker.entity is None and c.speaker.text == "The army"
    b = read("The Israel Defense Forces said two soldiers were wounded. The military said the raid had ended.")
    assert speaker_of(b, "raid had ended") == "Israel Defense Forces"


def test_words_before_a_preposition_do_not_describe_the_name_after_it(read):
    # "a project scientist at NASA's laboratory" describes the scientist, not NASA: "the agency" may still be NASA
    a = read("Rita Vance, a project scientist at NASA's Jet Propulsion Laboratory, said the rocks were old. "
             "The rover will return to the crater next year, the agency announced.")
    assert speaker_of(a, "return to the crater") == "NASA"


def test_a_description_by_one_office_is_no_one_the_text_gave_another(read):
    a = read('"We will rebuild," President Ada Kerr wrote on Sunday. Workers were still clearing the rubble in the '
             "old town, the city's mayor said.")
    c = claim_with(a, "clearing the rubble")
    assert c.speaker.entity is None and c.speaker.text == "the city's mayor"
    b = read("In the north, Gov. Ivan Petrov said a bridge had collapsed. Power was back in the port, the mayor said.")
    assert claim_with(b, "Power was back").speaker.entity is None
    # the same office is the same person
    c2 = read("President Ada Kerr visited the port. Later the president said the port would reopen.")
    assert speaker_of(c2, "port would reopen") == "Ada Kerr"


def test_a_person_of_an_organisation_speaks_for_it_only_in_a_speaking_role(read):
    a = read("Officials in the Kharkiv region counted the damage. Trains were running again, the city's mayor said.")
    assert claim_with(a, "Trains were running").speaker.entity is None
    b = read("The Interior Ministry said on Monday that the border was calm. Patrols had doubled, an official from "
             "the ministry said.")
    assert speaker_of(b, "Patrols had doubled") == "Interior Ministry"


def test_a_report_in_a_news_medium_is_the_mediums(read):
    a = read("According to a report in the Financial Times, the two companies have agreed on a price.")
    assert speaker_of(a, "agreed on a price") == "Financial Times"
    b = read("According to a statement in parliament, the two companies have agreed on a price.")
    assert claim_with(b, "agreed on a price").speaker.entity is None


def test_a_person_who_owns_the_description_is_someone_else(read):
    a = read("Marco Silva said the team was tired. Silva's predecessor, who was sacked in March, told a podcast "
             "that the squad was weak.")
    c = claim_with(a, "squad was weak")
    assert c.speaker.entity is None and c.speaker.text == "Silva's predecessor"
    b = read("Marco Silva said the team was tired. A lawyer for Silva said the contract was void.")
    assert claim_with(b, "contract was void").speaker.entity is None
    m = read("Russian Ambassador to North Korea Alexander Matsegora said the troops were resting.")
    assert speaker_of(m, "troops were resting") == "Alexander Matsegora"


def test_an_apposition_names_the_speaker_by_its_short_form(read):
    a = read("Rahman's party, Bangladesh Jatiya Front (BJF), said in a statement it had filed an appeal.")
    assert speaker_of(a, "filed an appeal") == "BJF"


def test_a_subject_pronoun_continues_the_main_subject_of_the_sentence_before(read):
    a = read('"We will appeal," said his lawyer, Omar Baig, on Saturday. Police said Rahman was moved to a jail '
             "near the capital.\n\nRahman, 64, is a retired judge who led the bar council until 2019. He has "
             "rejected every charge.")
    assert speaker_of(a, "every charge") == "Rahman"


def test_a_phrase_that_refers_back_to_unnamed_sources_never_labels_them(read):
    a = read("Two delegates, who asked not to be named because the talks are private, said the cartel had resisted a "
             "larger cut. One of them said the oil ministry wanted an exemption. The other said no decision would be "
             "taken before Sunday.")
    assert {speaker_of(a, n) for n in ("larger cut", "exemption", "before Sunday")} == {"Two delegates"}


def test_a_possessor_describes_its_own_party_not_the_name_it_modifies(read):
    a = read("Carmaker Volkswagen cut its forecast on Monday. The carmaker's rival BMW said that sales in China "
             "had held up. The company denied that it would close a plant in Saxony.")
    assert speaker_of(a, "sales in China") == "BMW"
    assert speaker_of(a, "close a plant") == "Volkswagen"


def test_a_place_in_a_hyphened_modifier_is_no_antecedent(read):
    a = read("Profits at Mill Corp fell sharply in the first quarter. The Hamburg-based company expects sales to "
             "fall again this year, it said on Tuesday. The Kremlin-backed group said that the report was false. "
             "It added that it would sue.")
    assert speaker_of(a, "sales to fall again") == "Mill Corp"
    c = claim_with(a, "it would sue")
    assert c.speaker.entity is None and c.speaker.text == "The Kremlin-backed group"


def test_a_possessive_pronoun_of_a_description_is_never_its_referent(read):
    a = read("The plaintiffs' lead counsel, Omar Haddad, said the decision was a lifeline. Prosecutors told the "
             "court that the defendant had shredded records. His attorney denied the allegation, telling reporters "
             "that his client had nothing to hide.")
    for needle in ("the allegation", "nothing to hide"):
        assert speaker_of(a, needle) != "Omar Haddad"


def test_its_spokesman_speaks_for_the_organisation_it_stands_for(read):
    a = read("Carmaker Renault reported a loss on Tuesday. Its spokesman said that demand had collapsed.")
    assert speaker_of(a, "demand had collapsed") == "Renault"


def test_a_federal_judge_in_the_lead_is_the_district_judge_named_after(read):
    a = read("A federal judge in Boston on Friday blocked the cuts, ruling that the move was likely unlawful.\n\n"
             "U.S. District Judge Carla Mendes wrote in her opinion that the government had failed to explain it.")
    assert speaker_of(a, "likely unlawful") == "Carla Mendes"


def test_one_senior_official_is_no_person_named_before_and_another_is_no_document(read):
    a = read("Party leader Ane Vik said her party was ready to govern, according to preliminary figures from the "
             "election authority. Critics were less forgiving. One senior official said the leadership had lost "
             "touch. Another said a change of leader could not be ruled out.")
    assert speaker_of(a, "lost touch") != "Ane Vik"
    assert "figures" not in claim_with(a, "change of leader").speaker.text


def test_a_states_government_speaks_for_the_state(read):
    a = read("Sudan's army-backed government said on Monday that the talks had failed.")
    assert speaker_of(a, "talks had failed") == "Sudan"


def test_groups_in_a_conflict_report_keep_apart(read):
    a = read("Fighters shelled a camp on Saturday, killing 40 people, a local rights group said.\n\n"
             "The Emergency Lawyers group blamed the Rapid Support Forces for the attack, saying the fighters had "
             "fired artillery for three hours. The RSF did not respond, but the group has previously denied "
             "targeting civilians.\n\n"
             "The army accused the RSF of genocide, a charge the paramilitary rejects.")
    assert speaker_of(a, "killing 40 people") != "RSF"
    assert speaker_of(a, "fired artillery") == "Emergency Lawyers"
    assert speaker_of(a, "targeting civilians") == "RSF"
    rejects = [c for c in a.claims if c.cue.text == "rejects"]
    assert rejects and a.entity(rejects[0].speaker.entity).name == "RSF"


def test_a_source_who_names_itself_in_a_relative_clause_is_that_person(read):
    a = read("Nearly 90 injured had been taken to clinics, according to a district health official "
             "who identified himself as Dr Karim. He said the wards had run out of beds. A farmer who "
             "gave his name as Ahmed Noor said his house was gone.")
    assert speaker_of(a, "taken to clinics") == "Karim"
    assert speaker_of(a, "run out of beds") == "Karim"
    assert speaker_of(a, "house was gone") == "Ahmed Noor"


def test_a_report_after_an_organisation_spoke_is_its_report_and_it_is_not_what_it_reports_on(read):
    a = read("Measles cases in Europe rose to their highest level in 25 years, the World Health Organization said on "
             "Thursday. The report, released jointly with UNICEF, found that more than 120,000 cases were recorded. "
             "Romania and Kazakhstan accounted for over half of them, it said.")
    assert speaker_of(a, "120,000 cases") == "WHO"
    assert speaker_of(a, "over half of them") == "WHO"


def test_an_organisation_named_inside_a_speaker_phrase_keeps_its_own_kind(read):
    # "analysts at Rabobank" are analysts: their words give the bank no kind of its own, so "the bank" is Rabobank
    a = read("Analysts at Rabobank expect gas prices to rise in the winter. "
             "The bank said in a note that a cold January could change that.")
    assert speaker_of(a, "cold January") == "Rabobank"


def test_a_kind_noun_and_the_name_the_parser_made_two_subjects_are_one_speaker(read):
    a = read("The charity Dementia UK said the study offered hope to families.")
    assert speaker_of(a, "offered hope") == "Dementia UK"


def test_a_name_in_apposition_after_a_participle_clause_is_the_speaker(read):
    a = read("The union representing ground staff, Verdi, said the strike would continue.")
    assert speaker_of(a, "strike would continue") == "Verdi"


def test_a_mayor_is_no_councilman_named_before(read):
    a = read("A former city councilman, Marcus Webb, admitted taking bribes. "
             "The city's mayor said she was shocked by the case.")
    c = claim_with(a, "shocked")
    assert c.speaker.entity is None or a.entity(c.speaker.entity).name != "Marcus Webb"


def test_a_person_of_an_organisation_gives_it_no_kind_of_its_own(read):
    # "a Norvia spokesperson" is a person of Norvia, not a kind of it: "the carmaker" may still be Norvia
    a = read("Norvia shares jumped 8 percent after the carmaker reported strong deliveries. "
             "A Norvia spokesperson did not respond to a request for comment.")
    assert speaker_of(a, "strong deliveries") == "Norvia"


def test_an_organisations_name_before_a_noun_of_its_own_kind_is_the_organisation(read):
    a = read("Khan's Tehreek party said it would challenge the verdict. The UN weather agency said storms would rise.")
    assert speaker_of(a, "challenge the verdict") == "Tehreek"
    c = claim_with(a, "storms would rise")
    assert c.speaker.entity is None or a.entity(c.speaker.entity).name not in {"UN", "United Nations"}


def test_a_name_in_apposition_to_the_subject_is_who_he_continues(read):
    a = read("Senator Ted Brannock of Iowa won the state easily. His rival's adviser, Paul Ostrow, spoke to reporters "
             "on Sunday. \"He is ahead; he sees no reason to rewrite the timetable,\" he said.")
    assert speaker_of(a, "rewrite the timetable") == "Paul Ostrow"


def test_a_name_hung_on_a_named_subject_did_not_speak(read):
    # the parser takes "Marsh" for an apposition of "Ferrell"
    a = read("Rep. Tomas R. Ferrell (Ohio), a superdelegate supporting Marsh, said he had met many fellow delegates. "
             "\"The truth is that most of them want her,\" he said.")
    assert speaker_of(a, "most of them want her") == "Tomas R. Ferrell"


def test_the_army_is_not_the_paramilitary_force_named_before(read):
    a = read("Sudan's paramilitary Rapid Support Forces attacked a village in the east, a local committee said. "
             "The army said in a statement that its forces had repelled an advance on the city.")
    [c] = [c for c in a.claims if c.cue.text == "said" and c.speaker.text == "The army"]
    assert c.speaker.entity is None


def test_a_bare_plural_description_is_a_new_group_not_an_organisation_named_before(read):
    a = read("Sudan's paramilitary Rapid Support Forces, which have fought the army since April, denied targeting "
             "civilians. Aid groups have warned that parts of the country could slide into famine.")
    [c] = [c for c in a.claims if c.cue.text == "warned"]
    assert c.speaker.text == "Aid groups" and c.speaker.entity is None


def test_the_charity_is_the_trust_or_foundation_named_before(read):
    a = read("The Northern Kidney Trust welcomed the findings. The charity estimates that kidney disease kills "
             "about 4,000 people a year.")
    [c] = [c for c in a.claims if c.cue.text == "estimates"]
    assert a.entity(c.speaker.entity).name == "Northern Kidney Trust"


def test_they_continues_the_group_the_sentence_before_was_about_not_a_place_named_in_it(read):
    a = read("Researchers at the universities of Leeds and Glasgow followed 9,000 patients for a decade. They found "
             "that regular walkers were less likely to develop heart disease.")
    [c] = [c for c in a.claims if c.cue.text == "found"]
    assert c.speaker.entity is None and c.speaker.text.startswith("Researchers at the universities")


def test_a_pronoun_inside_a_reported_clause_does_not_continue_the_sentence_before(read):
    a = read("Both parties held rallies on Sunday. In a new poll, most voters in the county said they expect "
             "turnout to fall.")
    assert [c.speaker.text for c in a.claims if c.cue.text == "expect"] != ["Both parties"]


def test_a_spokesperson_of_no_one_speaks_for_the_organisation_just_before(read):
    a = read("The Halden Port Authority, which had sued to stop the tariff, welcomed the ruling. A spokesperson said "
             "the authority would keep the terminal open. Tollan Freight posted a loss on Monday. The company "
             "declined to comment on the audit, but a spokesman said the figures were wrong. The audit was welcomed "
             "by Greenpeace. A spokeswoman told reporters that it was overdue.")
    assert speaker_of(a, "keep the terminal open") == "Halden Port Authority"
    assert speaker_of(a, "figures were wrong") == "Tollan Freight"
    assert speaker_of(a, "it was overdue") == "Greenpeace"


def test_a_spokesperson_speaks_for_no_person_and_keeps_an_owner_of_its_own(read):
    a = read("Interior Minister Ola Berg visited the Halden Port Authority on Monday. A spokesman said the site was "
             "safe. The Halden Port Authority reopened the terminal. A spokeswoman for the mayor said the road "
             "would stay shut.")
    assert claim_with(a, "the site was safe").speaker.entity is None
    assert speaker_of(a, "road would stay shut") != "Halden Port Authority"
