"""Modality: whether each event is reported as done, ongoing, planned, threatened, hypothetical or
denied, and the speech acts that make an intention, threat, demand or refusal the event's type."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

from claimgraph import records
from claimgraph.nlp import events as events_mod
from claimgraph.nlp import modality
from claimgraph.records import Claim, Document, Span


def one(analysis, code=None):
    found = [v for v in analysis.events if code is None or v.action.code == code]
    assert len(found) == 1, [(v.action.text, v.action.code, v.modality) for v in analysis.events]
    return found[0]


def named(ref, analysis):
    entity = analysis.entity(ref.entity) if ref is not None else None
    return {ref.text, entity.name} if entity else ({ref.text} if ref else set())


@pytest.mark.parametrize("text, code, value", [
    ("Serbia withdrew its troops from the border.", "RETREAT", "done"),
    ("Nurses are striking across England.", "PROTEST", "ongoing"),
    ("Federal agents have been investigating the bank since March.", "ACCUSE", "ongoing"),
    ("The central bank will cut interest rates in June.", None, "planned"),
    ("The minister plans to visit Nairobi next week.", "CONSULT", "planned"),
    ("Kenya is expected to deploy police officers to Haiti.", "MOBILIZE", "planned"),
    ("The rebels could attack the airport at any moment.", "ASSAULT", "hypothetical"),
    ("If the army crosses the river, the truce collapses.", "MOBILIZE", "hypothetical"),
    ("The company did not lay off any workers.", None, "denied"),
    ("The RSF denied killing civilians in the village.", "ASSAULT", "denied"),
    ("Police never arrested the second suspect.", "COERCE", "denied"),
    ("Will Beijing impose tariffs on European cars?", "SANCTION", "hypothetical"),
    ("The ministry is considering sending aid to the flooded region.", "AID", "hypothetical"),
    ("The planned withdrawal of the peacekeepers worried the villagers.", "RETREAT", "planned"),
    ("A possible attack on the port alarmed shipping firms.", "ASSAULT", "hypothetical"),
    ("The court refrained from sentencing the journalist.", "COERCE", "denied"),
])
def test_each_modality_is_read_from_the_words_around_the_event(read, text, code, value):
    assert one(read(text, published="2025-02-11"), code).modality == value


def test_not_only_is_no_denial(read):
    v = one(read("Macron's visit was not only a ceremony but a pledge."), "CONSULT")
    assert v.modality == "done"


def test_will_withdraw_unless_is_a_threat_not_a_retreat_that_happened(read):
    a = read("Russia will withdraw its troops from the talks unless Ukraine stops the attacks.")
    threat = one(a, "THREATEN")
    assert threat.modality == "threatened"
    assert "Russia" in named(threat.actor, a)
    assert not [v for v in a.events if v.action.code == "RETREAT" and v.modality == "done"]


def test_the_condition_of_a_threat_is_hypothetical(read):
    a = read("The union will strike unless the company raises wages.")
    assert one(a, "THREATEN").modality == "threatened"
    (raise_,) = [v for v in a.events if v.action.code is None]
    assert raise_.modality == "hypothetical"


def test_a_conditional_promise_of_cooperation_is_planned(read):
    v = one(read("The United States will lift the sanctions if Caracas frees the prisoners."), "CONCEDE")
    assert v.modality == "planned"


def test_a_reported_would_is_a_plan_of_whoever_acts(read):
    a = read("Officials said the navy would tighten the blockade of the port.")
    v = one(a, "COERCE")
    assert v.modality == "planned" and "navy" in v.actor.text


@pytest.mark.parametrize("text, code, value", [
    ("NATO confirmed it would tighten the blockade of the port.", "THREATEN", "threatened"),
    ("Japan announced it would provide emergency aid to Haiti.", "AGREE", "planned"),
    ("The union said it would call off the strike.", "AGREE", "planned"),
])
def test_an_actor_saying_it_will_act_states_an_intention_or_a_threat(read, text, code, value):
    a = read(text)
    v = one(a, code)
    assert v.modality == value
    assert v.actor is not None and (v.actor.entity or v.actor.text not in ("it", "its"))


def test_a_reported_past_keeps_the_reporter_as_actor(read):
    a = read("The carmaker said it had recalled 40,000 vehicles over faulty brakes.")
    v = one(a)
    assert v.modality == "done" and "carmaker" in v.actor.text


@pytest.mark.parametrize("text, code, value, actor", [
    ("Belarus threatened to close the border.", "THREATEN", "threatened", "Belarus"),
    ("Hamas threatened to kill the hostages.", "THREATEN", "threatened", "Hamas"),
    ("Japan pledged to send emergency aid to the Philippines.", "AGREE", "planned", "Japan"),
    ("The militia vowed to attack any convoy on the road.", "THREATEN", "threatened", "militia"),
    ("The Kremlin agreed to hold talks with Kyiv in Istanbul.", "AGREE", "planned", "Kremlin"),
    ("The UN urged Serbia to withdraw its troops from the border.", "REQUEST", "done", "UN"),
    ("Prosecutors asked the court to jail the banker.", "REQUEST", "done", "Prosecutors"),
    ("The rebels refused to release the hostages.", "REJECT", "done", "rebels"),
    ("The regulator declined to approve the merger.", "REJECT", "done", "regulator"),
])
def test_a_speech_act_codes_the_event_it_governs_as_plover_does(read, text, code, value, actor):
    a = read(text)
    v = one(a, code)
    assert v.modality == value
    assert actor in named(v.actor, a)


def test_a_request_s_target_is_the_one_asked(read):
    a = read("Opposition leaders called on the president to resign.")
    v = one(a, "REQUEST")
    assert v.target is not None and "president" in v.target.text
    assert v.action.mode == "yield"


def test_a_threat_takes_its_mode_from_what_is_threatened(read):
    assert one(read("Beijing threatened to impose sanctions on the arms makers."), "THREATEN").action.mode == "restrict"
    assert one(read("The junta threatened to arrest the strike leaders."), "THREATEN").action.mode == "arrest"


def test_a_warning_of_someone_else_s_attack_is_no_threat_by_the_one_who_warns(read):
    a = read("Officials in Kyiv warned of a Russian attack on the capital.")
    assert not [v for v in a.events if v.action.code == "THREATEN"]
    v = one(a, "ASSAULT")
    assert v.modality == "hypothetical" and "Russia" in named(v.actor, a)


def test_not_ruling_out_an_act_leaves_it_possible(read):
    v = one(read("NATO did not rule out sending troops to Ukraine."))
    assert (v.action.code, v.modality) == ("MOBILIZE", "hypothetical")


def test_a_promise_of_a_threat_of_a_plan_keeps_the_strongest_reading(read):
    v = one(read("The army could threaten to continue its offensive."), "THREATEN")
    assert v.modality == "hypothetical"


def test_a_dated_event_after_publication_is_planned(read):
    a = read("The summit of African leaders takes place on March 12 in Addis Ababa.", published="2025-02-11")
    v = one(a, "CONSULT")
    assert (v.modality, v.date) == ("planned", "2025-03-12")


def test_a_weekday_of_a_planned_event_is_the_next_one(read):
    a = read("The police department will hold a news conference on Friday.", published="2025-02-11")
    assert one(a).date == "2025-02-14"


def test_an_event_inside_a_denied_claim_is_denied(nlp):
    text = "The Kremlin dismissed reports that its troops had crossed the border."
    own = [name for name in nlp.pipe_names if name.startswith("claimgraph_")]
    with nlp.select_pipes(disable=own):
        doc = nlp(text)
    content = "its troops had crossed the border"
    start = text.index(content)
    doc._.cg_document = Document(text=text)
    doc._.cg_claims = (Claim("c1", records.Ref(None, "The Kremlin"), (), Span("dismissed", 12, 21),
                             Span(content, start, start + len(content)), stance="disputed"),)
    (v,) = events_mod.events(doc)._.cg_events
    assert (v.action.code, v.modality, v.claim) == ("MOBILIZE", "denied", "c1")


# ---- the walk itself, on parses built by hand ------------------------------------------------------

def _doc(nlp, words, heads, deps, tags=None, lemmas=None):
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags or ["VB"] * len(words),
              lemmas=lemmas or [w.lower() for w in words])
    return doc


def _read(token):
    return modality.read(token, lambda head, below: None, lambda token, head: False, False)


def test_an_auxiliary_two_clauses_up_makes_the_event_planned(nlp):
    # "Ankara will decide to send troops": will -> decide -> send
    doc = _doc(nlp, ["Ankara", "will", "decide", "to", "send", "troops"], [2, 2, 2, 4, 2, 4],
               ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj"],
               ["NNP", "MD", "VB", "TO", "VB", "NNS"])
    assert _read(doc[4]).modality == "planned"


def test_a_clause_nested_forty_deep_is_read_in_bounded_steps(nlp):
    # "not" on the outermost verb, forty xcomp levels below it: the walk stops after MAX_CLIMB
    n = 40
    words = ["They", "did", "not"] + [f"v{i}" for i in range(n)]
    heads = [3, 3, 3] + [3] + [3 + i for i in range(n - 1)]
    deps = ["nsubj", "aux", "neg", "ROOT"] + ["xcomp"] * (n - 1)
    doc = _doc(nlp, words, heads, deps)
    assert _read(doc[3]).modality == "denied"  # the negated verb itself
    assert _read(doc[len(doc) - 1]).modality == "done"  # too deep to reach the negation: bounded, no error


def test_the_strongest_reading_wins():
    assert modality.strongest(["planned", "denied", "ongoing"]) == "denied"
    assert modality.strongest(["planned", "threatened"]) == "threatened"
    assert modality.strongest([]) == "done"


@pytest.mark.parametrize("text, code, value", [
    ("The report casts doubt on official claims that troops are being sent abroad.", "MOBILIZE", "hypothetical"),
    ("There is no evidence that more troops are entering the country.", "MOBILIZE", "hypothetical"),
    ("Analysts say Ankara may be weighing options to deploy drones along the border.", "MOBILIZE", "hypothetical"),
    ("The exhausted brigades rarely paused to regroup or retreat.", "RETREAT", "denied"),
    ("This step may enable closer military cooperation with Seoul.", "COOPERATE", "hypothetical"),
    ("Stopping the attacks on the port will be the main goal of the new air defences.", "ASSAULT", "planned"),
])
def test_the_words_that_frame_an_event_say_how_it_is_reported(read, text, code, value):
    assert one(read(text), code).modality == value


def test_a_question_asks_about_its_verb_and_takes_its_nouns_as_given(read):
    a = read("How will the sanctions over Iran's missile tests be enforced?")
    assert {v.action.code: v.modality for v in a.events if v.action.code == "MOBILIZE"} == {"MOBILIZE": "done"}
