"""`via` chains on texts we wrote (dev/README.md, Claims rule 3): who carried each statement to us."""


def only(claims, needle):
    found = [c for c in claims if needle in c.content.text]
    assert len(found) == 1, [c.content.text for c in claims]
    return found[0]


def test_telling_a_broadcasters_programme_puts_the_broadcaster_in_via(read):
    a = read("Defence Secretary Ola Berg on Monday rejected the reports, telling BBC Radio 4’s World at One programme "
             "that the claim was “plainly false.”", outlet="Courier")
    c = only(a.claims, "plainly false")
    assert [v.text for v in c.via] == ["Courier", "BBC Radio 4"]


def test_a_response_told_to_a_broadcaster_does_not_go_through_the_relayed_report(read):
    text = ("The Morning Ledger reported on Tuesday that the Treasury plans to cut the housing budget by a fifth, "
            "citing two senior officials.\n\n"
            "The officials said the cuts would be announced in March.\n\n"
            "Housing minister Clare Boyd told BBC Radio 4 that the plans were \u201cwholly untrue\u201d.")
    a = read(text, outlet="Courier")
    assert [v.text for v in only(a.claims, "announced in March").via] == ["Courier", "The Morning Ledger"]
    assert [v.text for v in only(a.claims, "wholly untrue").via] == ["Courier", "BBC Radio 4"]


def test_a_statement_from_another_occasion_does_not_go_through_the_relayed_report(read):
    text = ("The Financial Times reported on Tuesday that the Treasury plans to cut the housing budget by a fifth.\n\n"
            "The report appeared a week after opposition officials estimated that rents had risen by a tenth.\n\n"
            "Last year, the Treasury said it would protect housing spending until 2026.\n\n"
            "Treasury officials said the cuts would be announced in March.")
    a = read(text, outlet="Courier")
    assert [v.text for v in only(a.claims, "announced in March").via] == ["Courier", "Financial Times"]
    assert [v.text for v in only(a.claims, "rents had risen").via] == ["Courier"]
    assert [v.text for v in only(a.claims, "protect housing").via] == ["Courier"]
