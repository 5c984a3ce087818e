"""Hedges, ICD 203 bands and stances on texts we wrote."""


def claim(a, needle):
    return next(c for c in a.claims if needle in c.content.text)


def test_likely_maps_to_the_icd_203_band(read):
    c = claim(read("Analysts said that the bridge will likely reopen by spring."), "bridge")
    assert [h.text for h in c.hedges] == ["likely"]
    assert (c.probability.term, c.probability.low, c.probability.high) == ("likely", 0.55, 0.80)


def test_highly_likely_is_one_hedge_with_its_own_band(read):
    c = claim(read("The ministry said it was highly likely that the missiles came from abroad."), "missiles")
    assert [h.text for h in c.hedges] == ["highly likely"]
    assert (c.probability.low, c.probability.high) == (0.80, 0.95)


def test_modals_are_hedges_without_a_band(read):
    c = claim(read("Officials said that the strike may have hit a fuel depot and could delay supplies."), "strike")
    assert [h.text for h in c.hedges] == ["may", "could"]
    assert c.probability is None


def test_approximators_and_the_month_may_are_not_hedges(read):
    c = claim(read("The governor said that about 300 people were evacuated in May."), "evacuated")
    assert c.hedges == ()


def test_a_hedge_cue_is_also_a_hedge(read):
    c = claim(read("U.S. officials believe the shipment left the port last week."), "shipment")
    assert c.cue.text == "believe"
    assert "believe" in [h.text for h in c.hedges]
    assert c.stance == "assessed"


def test_claims_is_claimed_and_assessed_is_assessed(read):
    a = read("The rebels claim that they control the airport. The institute assessed that the airport remains contested.")
    assert claim(a, "control the airport").stance == "claimed"
    assert claim(a, "remains contested").stance == "assessed"


def test_hedged_narration_is_a_claim_without_a_speaker(read):
    a = read("The ceasefire is likely to collapse before the elections.", outlet="Courier")
    c = claim(a, "ceasefire")
    assert c.speaker is None and c.cue is None
    assert c.probability.term == "likely"


def test_plain_narration_is_not_a_claim(read):
    a = read("The ferry left the harbour at noon and reached the island two hours later.")
    assert a.claims == ()


def test_it_is_possible_that_is_the_outlets_hedged_claim(read):
    a = read("It is possible that the soldiers have already returned home.", outlet="Courier")
    c = claim(a, "soldiers")
    assert c.speaker is None and [h.text for h in c.hedges] == ["possible"]


def test_a_hedge_of_the_reporting_clause_governs_the_quotation(read):
    a = read("According to the Daily Courier, the mayor allegedly told colleagues: “The bridge will never be rebuilt.”")
    c = next(c for c in a.claims if c.quote)
    assert [h.text for h in c.hedges] == ["allegedly"]


def test_an_evidential_verb_in_the_past_makes_narration_the_outlets_claim(read):
    # "appeared to", "seemed" judge what the outlet reports as much as "appears" does; "appeared in court" is an act
    a = read("The senator appeared to be losing support among young voters. The crowd seemed smaller than last year. "
             "The mayor appeared in court on Monday.")
    assert [c.content.text for c in a.claims if c.speaker is None] == [
        "The senator appeared to be losing support among young voters", "The crowd seemed smaller than last year"]
