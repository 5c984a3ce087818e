"""`via` chains on texts we wrote (dev/README.md, Claims rule 3): who carried each statement to us."""


def only(claims, needle):
    found = [c for c in claims if needle in c.content.text]
    assert len(found) == 1, [c.content.text for c in claims]
    return found[0]


def test_telling_a_broadcasters_programme_puts_the_broadcaster_in_via(read):
    a = read("Defence Secretary Ola Berg on Monday denied the allegations, telling BBC Radio 4’s Today program "
             "that repeating the claim was “deeply unfair.”", outlet="Courier")
    c = only(a.claims, "deeply unfair")
    assert [v.text for v in c.via] == ["Courier", "BBC Radio 4"]
