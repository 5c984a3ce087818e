"""`make demo` without serving: the shipped corpus is ingested and summarised, and a second run adds nothing."""
from claimgraph import demo


def test_the_demo_ingests_the_shipped_reports_and_prints_stories_and_claims(tmp_path, capsys):
    db = str(tmp_path / "demo.db")
    assert demo.main([db, "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "ingest: new 4" in out  # 43 reports, one of them a copy of another
    assert "Top stories" in out and "Most reported entities" in out and "claimgraph serve --db" in out
    # the next commands name the demo store: it is not the default ./claimgraph.db
    assert f"pass --db {db}" in out and f"claimgraph stories --db {db}" in out
    # a pipe (as here) reads whole lines: no box, no line broken at 80 columns
    assert not any(ch in out for ch in "┃│┏━") and f"from {demo.DEMO} into {db}\n" in out
    stories = out.split("Top stories (most reported first)\n")[1].split("\n\n")[0].splitlines()
    assert stories[0].split()[0] == "story" and stories[0].split()[-1] == "proposition" and len(stories) == 9
    assert demo.main([db, "--no-serve"]) == 0
    again = capsys.readouterr().out
    assert "new" not in again.split("ingest:")[1].splitlines()[0]


def test_the_demos_next_steps_filter_by_a_speaker_the_store_holds_hedged_claims_of():
    from claimgraph.demo import next_steps

    assert "--speaker 'Ada Lind' --hedge any" in next_steps("demo.db", "Ada Lind")
    assert "--speaker" not in next_steps("demo.db") and "--hedge any" in next_steps("demo.db")
