"""Events: actor – action – target with PLOVER codes, dates and places, on sentences we wrote."""
import pytest

from claimgraph import records
from claimgraph.nlp import events as events_mod
from claimgraph.nlp import lexicon
from claimgraph.records import Claim, Document, Span

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def only(analysis, code=None):
    found = [v for v in analysis.events if code is None or v.action.code == code]
    assert len(found) == 1, [(v.action.text, v.action.code) for v in analysis.events]
    return found[0]


def names(ref, analysis):
    """The words and the entity name a reference stands for."""
    if ref is None:
        return set()
    entity = analysis.entity(ref.entity)
    return {ref.text} | ({entity.name} if entity else set())


def test_the_lexicon_has_the_sixteen_plover_types():
    assert tuple(lexicon.load("plover")["types"]) == PLOVER_TYPES


@pytest.mark.parametrize("code, text, action, actor", [
    ("AGREE", "Armenia and Georgia agreed on a new border in Tbilisi on Monday.", "agreed", "Armenia and Georgia"),
    ("CONSULT", "The Finnish president visited Oslo in May 2023.", "visited", "Finnish president"),
    ("SUPPORT", "Chile praised Peru for its handling of the floods.", "praised", "Chile"),
    ("SUPPORT", "Armenia and Georgia signed a border treaty in Tbilisi on Monday.", "signed", "Armenia and Georgia"),
    ("CONCEDE", "The junta eased restrictions on opposition parties.", "eased", "junta"),
    ("COOPERATE", "Norway shared intelligence with Sweden.", "shared", "Norway"),
    ("AID", "Canada supplied Latvia with artillery shells.", "supplied", "Canada"),
    ("RETREAT", "Serbia withdrew its troops from the border.", "withdrew", "Serbia"),
    ("REQUEST", "Moldova requested assistance from Romania.", "requested assistance", "Moldova"),
    ("ACCUSE", "Bolivia accused Paraguay of espionage.", "accused", "Bolivia"),
    ("REJECT", "Hungary vetoed the proposal.", "vetoed", "Hungary"),
    ("THREATEN", "Belarus threatened Lithuania with retaliation.", "threatened", "Belarus"),
    ("PROTEST", "Thousands of farmers protested against the tariffs.", "protested", "farmers"),
    ("SANCTION", "Australia imposed sanctions on Iran.", "imposed", "Australia"),
    ("MOBILIZE", "Azerbaijan deployed troops to the border.", "deployed", "Azerbaijan"),
    ("COERCE", "Police arrested three journalists in Ankara.", "arrested", "Police"),
    ("ASSAULT", "Sudanese forces attacked a camp near Khartoum.", "attacked", "Sudanese forces"),
])
def test_each_plover_type_is_coded_from_its_verb(read, code, text, action, actor):
    a = read(text)
    v = only(a, code)
    assert v.action.text == action
    assert actor in names(v.actor, a)


def test_the_mode_comes_with_the_type_where_the_lexicon_knows_it(read):
    v = only(read("Azerbaijan deployed troops to the border."), "MOBILIZE")
    assert v.action.mode == "troops"


def test_the_target_is_the_object_or_the_destination(read):
    a = read("Canada supplied Latvia with artillery shells. Azerbaijan deployed troops to Georgia.")
    aid, mobilize = only(a, "AID"), only(a, "MOBILIZE")
    assert "Latvia" in names(aid.target, a)
    assert "Georgia" in names(mobilize.target, a)


def test_troops_that_arrive_or_leave_are_a_mobilisation_or_a_retreat(read):
    a = read("Belarusian troops arrived in Syria. Belarusian soldiers left the border region in March.",
             published="2025-02-11")
    arrive, leave = only(a, "MOBILIZE"), only(a, "RETREAT")
    assert "Belarus" in names(arrive.actor, a) and arrive.place.text == "Syria"
    assert leave.date == "2024-03"


def test_who_arrives_or_leaves_decides_whether_it_is_an_event(read):
    assert read("The officials left the room and arrived at the hotel.").events == ()


def test_a_second_passive_verb_shares_the_subject_of_the_first(read):
    a = read("The Belarusian units suffered heavy losses and were withdrawn to the rear.")
    assert "Belarus" in names(only(a, "RETREAT").actor, a)


def test_who_receives_arms_is_the_target_and_the_giver_the_actor(read):
    a = read("Minsk has been receiving artillery shells from Tehran since last year.", published="2025-02-11")
    v = only(a, "AID")
    assert "Tehran" in names(v.actor, a) and "Minsk" in names(v.target, a)
    assert v.date == "2024"


def test_summoning_an_ambassador_is_an_official_complaint(read):
    a = read("Latvia summoned the Belarusian ambassador on Tuesday.", published="2025-02-13")
    v = only(a, "ACCUSE")
    assert (v.action.mode, v.date) == ("disapprove", "2025-02-11")


def test_a_reported_pronoun_subject_stands_for_the_named_reporter(read):
    a = read("Canada said it had supplied artillery shells to Latvia.")
    v = only(a, "AID")
    assert a.entity(v.actor.entity).name == "Canada"
    promised = only(read("Canada said it would supply artillery shells to Latvia."), "AGREE")  # PLOVER: an intent
    assert (promised.action.text, promised.modality) == ("said it would supply", "planned")


def test_what_is_shot_down_is_the_target(read):
    v = only(read("Latvian air defences shot down twenty drones overnight."), "ASSAULT")
    assert v.action.text == "shot down" and v.target.text == "twenty drones"


def test_what_is_fired_at_is_the_target(read):
    a = read("Belarus fired rockets at Vilnius.")
    assert "Vilnius" in names(only(a, "ASSAULT").target, a)


def test_an_irregular_past_the_model_does_not_lemmatise_still_counts(read):
    v = only(read("Polish forces retook the village of Dubno."), "COERCE")
    assert (v.action.text, v.target.text) == ("retook", "village of Dubno")


def test_soldiers_killed_are_targets_though_soldiers_sent_are_not(read):
    a = read("Belarusian rockets struck a depot in Grodno, killing ten soldiers.")
    killing = next(v for v in a.events if v.action.text == "killing")
    assert killing.target.text == "ten soldiers"
    assert "Belarusian rockets" in names(killing.actor, a)


def test_an_attack_launched_on_a_city_targets_the_city(read):
    a = read("Belarus launched an attack on Vilnius.")
    assert "Vilnius" in names(only(a, "ASSAULT").target, a)


def test_a_threat_needs_an_act_or_a_party_threatened(read):
    assert read("Continued arms transfers threaten stability in Asia.").events == ()
    assert only(read("Belarus threatened to close the border."), "THREATEN").action.text == "threatened to close"


def test_a_means_clause_takes_the_subject_of_the_main_clause(read):
    a = read("Moscow tries to hide its role by vetoing the panel.")
    assert "Moscow" in names(only(a, "REJECT").actor, a)


def test_one_verb_can_mean_two_types_by_what_it_acts_on(read):
    a = read("Minsk sent soldiers to Syria. Minsk sent missiles to Syria.")
    assert [v.action.code for v in a.events] == ["MOBILIZE", "AID"]


def test_an_action_outside_every_type_keeps_its_words_and_no_code(read):
    v = only(read("Iran produced hundreds of drones last year.", published="2025-02-11"))
    assert (v.action.text, v.action.code, v.date) == ("produced", None, "2024")


def test_reporting_verbs_are_no_events(read):
    assert read("The minister said that the weather was fine and claimed that the talks were useful.").events == ()


def test_thanks_and_support_for_an_activity_are_no_events(read):
    a = read("Thank you, Madam Chair. The aircraft will support combat operations.")
    assert a.events == ()


def test_support_for_a_named_party_is_support(read):
    assert only(read("Chile supported Peru at the summit."), "SUPPORT").action.text == "supported"


def test_a_negated_action_is_kept_as_denied(read):
    v = only(read("Serbia did not withdraw its troops."), "RETREAT")
    assert v.modality == "denied"


def test_declining_to_comment_is_no_rejection(read):
    assert read("The ministry declined to comment on the report.").events == ()


def test_a_veto_with_its_month_keeps_actor_type_and_month(read):
    v = only(read("Moscow vetoed in April 2023 a draft resolution on the Security Council."))
    assert (v.actor.text, v.action.code, v.date, v.date_precision) == ("Moscow", "REJECT", "2023-04", "month")


def test_a_passive_takes_its_actor_from_the_by_phrase(read):
    a = read("Troops were deployed by Armenia to the northern border.")
    v = only(a, "MOBILIZE")
    assert "Armenia" in names(v.actor, a)


def test_a_passive_without_agent_has_no_actor(read):
    v = only(read("The agreement was concluded in Minsk."), "SUPPORT")
    assert v.actor is None
    assert v.place is not None and v.place.text == "Minsk"


def test_troops_withdrawn_without_agent_are_the_side_that_retreats(read):
    a = read("Belarusian troops were withdrawn from the front after heavy losses.")
    v = only(a, "RETREAT")
    assert v.actor is not None and v.actor.text == "Belarusian troops"
    assert "Belarus" in names(v.actor, a)


def test_a_nominalisation_is_an_event_with_the_moved_side_as_actor(read):
    a = read("The treaty followed the sending of Belarusian soldiers to Syria.")
    v = only(a, "MOBILIZE")
    assert v.action.text == "sending"
    assert "Belarusian soldiers" in names(v.actor, a)
    assert "Syria" in names(v.target, a)


def test_a_possessive_names_the_actor_of_a_nominalisation(read):
    a = read("Poland's deployment of tanks to the border angered Minsk.")
    v = only(a, "MOBILIZE")
    assert "Poland" in names(v.actor, a)


def test_the_of_complement_of_a_visit_is_the_visitor(read):
    a = read("The visit of the Latvian minister to Oslo was brief.")
    v = only(a, "CONSULT")
    assert v.actor is not None and "Latvian minister" in v.actor.text


def test_a_date_in_the_possessive_is_no_actor(read):
    a = read("The council will meet again despite today's veto by Russia.")
    assert names(only(a, "REJECT").actor, a) >= {"Russia"}
    assert "today" not in names(only(a, "REJECT").actor, a)


def test_a_demonym_adjective_names_the_actor_of_a_strike(read):
    a = read("Two officers died in a Polish strike on a depot.")
    v = only(a, "ASSAULT")
    assert "Poland" in names(v.actor, a) or "Polish" in names(v.actor, a)


def test_a_demonym_head_resolves_to_the_country(read):
    a = read("North Korea has been accused of many things. North Korean troops attacked Ukrainian positions.")
    v = only(a, "ASSAULT")
    assert a.entity(v.actor.entity).name == "North Korea"
    assert a.entity(v.target.entity).name == "Ukraine"


def test_an_event_with_no_actor_is_kept(read):
    v = only(read("Two villages were shelled overnight."), "ASSAULT")
    assert v.actor is None


def test_the_place_is_where_the_clause_says_it_happened(read):
    v = only(read("Sudanese forces attacked a camp near Khartoum."), "ASSAULT")
    assert v.place is not None and v.place.text == "Khartoum"


def test_the_date_of_an_event_is_resolved_against_publication(read):
    a = read("Serbia withdrew its troops from the border on Wednesday.", published="2025-02-11")
    assert (only(a).date, only(a).date_precision) == ("2025-02-05", "day")


def test_a_date_that_does_not_parse_leaves_the_event_undated(read):
    v = only(read("Serbia withdrew its troops on the 35th of Smarch."), "RETREAT")
    assert v.date is None and v.date_precision is None


def test_the_sentence_of_the_event_is_kept(read):
    text = "It rained. Serbia withdrew its troops from the border."
    v = only(read(text))
    assert v.sentence.text == "Serbia withdrew its troops from the border."
    assert text[v.sentence.start:v.sentence.end] == v.sentence.text


# ---- the component alone, with claims we give it ------------------------------------------------

def run_alone(nlp, text, claims=(), published=None):
    """Parse with the model only, set our own claims, then run the events component."""
    own = [name for name in nlp.pipe_names if name.startswith("claimgraph_")]
    with nlp.select_pipes(disable=own):
        doc = nlp(text)
    doc._.cg_document = Document(text=text, published=published)
    doc._.cg_claims = tuple(claims)
    return events_mod.events(doc)


def claim(text, cue, content, cid="c1"):
    cs, ct = text.index(cue), text.index(content)
    return Claim(cid, records.Ref(None, "Officials"), (), Span(cue, cs, cs + len(cue)),
                 Span(content, ct, ct + len(content)))


def test_an_event_inside_a_claim_names_that_claim(nlp):
    text = "Officials said that Serbia withdrew its troops from Kosovo. Croatia deployed troops to the coast."
    doc = run_alone(nlp, text, [claim(text, "said", "Serbia withdrew its troops from Kosovo")])
    by_code = {v.action.code: v for v in doc._.cg_events}
    assert by_code["RETREAT"].claim == "c1"
    assert by_code["MOBILIZE"].claim is None


def test_a_date_on_the_reporting_verb_dates_the_claim_not_the_event(nlp):
    text = "Officials said Wednesday that Serbia withdrew its troops."
    doc = run_alone(nlp, text, [claim(text, "said", "Serbia withdrew its troops")], published="2025-03-05")
    assert doc._.cg_claims[0].date_said == "2025-03-05"
    assert [v.date for v in doc._.cg_events] == [None]


def test_a_date_before_the_reporting_verb_dates_the_claim(nlp):
    text = "The ministry on Thursday dismissed reports that Serbia had withdrawn its troops."
    c = claim(text, "dismissed", "Serbia had withdrawn its troops")
    doc = run_alone(nlp, text, [c], published="2025-03-08")
    assert doc._.cg_claims[0].date_said == "2025-03-06"


def test_last_week_leaves_the_claim_undated(nlp):
    text = "Officials said last week that Serbia withdrew its troops."
    doc = run_alone(nlp, text, [claim(text, "said", "Serbia withdrew its troops")], published="2025-03-05")
    assert doc._.cg_claims[0].date_said is None


def test_without_names_the_component_reads_spacy_entities(nlp):
    doc = run_alone(nlp, "Azerbaijan deployed troops to Georgia.")
    (v,) = doc._.cg_events
    assert (v.actor.text, v.target.text, v.actor.entity) == ("Azerbaijan", "Georgia", None)


def test_an_as_of_date_on_the_reporting_clause_dates_the_state_it_reports(nlp):
    text = "As of January 2025, officials said that Belarusian troops had withdrawn from the border."
    doc = run_alone(nlp, text, [claim(text, "said", "Belarusian troops had withdrawn from the border")])
    assert doc._.cg_claims[0].date_said is None
    assert [(v.action.code, v.date) for v in doc._.cg_events] == [("RETREAT", "2025-01")]


def test_a_reporting_verb_that_is_itself_an_event_keeps_its_date(nlp):
    text = "Lithuania on Monday accused Poland of spying on its ministries."
    doc = run_alone(nlp, text, [claim(text, "accused", "Poland of spying on its ministries")],
                    published="2025-03-05")
    assert doc._.cg_claims[0].date_said == "2025-03-03"
    accuse = next(v for v in doc._.cg_events if v.action.code == "ACCUSE")
    assert accuse.date == "2025-03-03"


def test_a_name_that_backs_a_group_is_not_the_group(read):
    a = read("The Iran-backed movement said it fired rockets at an army base.")
    v = only(a, "ASSAULT")
    assert v.actor is not None and (v.actor.entity is None or a.entity(v.actor.entity).name != "Iran")


def test_a_dateline_before_a_dash_is_no_part_of_the_actor(read):
    a = read("NAIROBI, Kenya – Police arrested three protest leaders on Sunday.")
    v = only(a, "COERCE")
    assert v.actor.text == "Police" and v.actor.entity is None


def test_the_noun_of_a_relative_clause_is_what_the_clause_acts_on(read):
    a = read("Few details emerged about the deal that Moscow struck with Pyongyang.")
    v = only(a, "AGREE")
    assert "Moscow" in names(v.actor, a) and "Pyongyang" in names(v.target, a)


def test_an_event_named_as_a_target_stands_for_the_party_behind_it(read):
    a = read("The European Union condemned Russia's strikes on the port.")
    v = only(a, "ACCUSE")
    assert "Russia" in names(v.target, a)


def test_a_passive_participle_with_an_agent_takes_the_agent_as_actor(read):
    a = read("The escalation breaches the truce agreed by both armies in June.")
    v = only(a, "AGREE")
    assert "armies" in v.actor.text


@pytest.mark.parametrize("text, code, mode", [
    ("The jailed activist began a hunger strike on Monday.", "PROTEST", "strike-hun"),
    ("Workers at the steel plant went on strike over pay.", "PROTEST", "strike-lim"),
    ("The unions called a general strike against the reform.", "PROTEST", "strike-gen"),
    ("The missile strike on the port drew condemnation.", "ASSAULT", "heavy-weapons"),
    ("Prosecutors charged the suspect with fraud.", "COERCE", "arrest"),
    ("The army fired missiles at the border town.", "ASSAULT", "heavy-weapons"),
    ("The company fired 300 staff in January.", None, None),
    ("The two parties struck a deal on the budget.", "AGREE", None),
    ("A powerful earthquake struck the coast on Sunday.", None, None),
])
def test_the_lexicon_decides_the_word_sense(read, text, code, mode):
    v = only(read(text, published="2025-02-11"), code) if code else only(read(text, published="2025-02-11"))
    assert (v.action.code, v.action.mode) == (code, mode)


def test_charging_a_battery_is_no_event(read):
    assert read("She charged her phone and the car battery overnight.").events == ()
