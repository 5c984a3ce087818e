"""The CLI keeps up with the ledger: every filter, output that reads well in a pipe, a word about which store was
read when it is empty, a merge that asks first, and bad input in one line with nothing changed. Records we write."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from claimgraph import cli
from claimgraph.corpus import Corpus
from claimgraph.corpus.ingest import store_analysis
from claimgraph.records import Analysis, Claim, Document, Entity, Ref, Span
from claimgraph.store import Store
from claimgraph.store import schema as t


def _analysis(doc_id: str, outlet: str, published: str | None, speaker: str, content: str,
              hedge: str | None = None) -> Analysis:
    text = f"{speaker} said {hedge + ' ' if hedge else ''}{content}."
    start = text.index(content)
    person = Entity("e1", speaker, "PERSON", mentions=(Span(speaker, 0, len(speaker)),))
    hedges = (Span(hedge, text.index(hedge), text.index(hedge) + len(hedge)),) if hedge else ()
    claim = Claim("c1", Ref("e1", speaker), (Ref(None, outlet),), Span("said", len(speaker) + 1, len(speaker) + 5),
                  Span(content, start, start + len(content)), hedges=hedges)
    return Analysis(Document(text=text, id=doc_id, outlet=outlet, published=published), entities=(person,),
                    claims=(claim,))


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "q.db")
    with Corpus(path) as corpus:
        for a in (_analysis("d1", "Example Wire", "2025-01-10", "Ivan Petrenko", "the convoy reached the border",
                            hedge="reportedly"),
                  _analysis("d2", "Example Daily", "2025-03-02", "Olena Marchuk", "the dam at Sample River was closed"),
                  _analysis("d3", "Example Daily", None, "Olena Marchuk", "the ferry to Example Island was cancelled")):
            with corpus.store.begin(write=True) as conn:
                store_analysis(conn, a)
        corpus.stories()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _contents(out: str) -> set[str]:
    return {c["content"]["text"] for c in json.loads(out)}


@pytest.mark.parametrize(("flags", "expected"), [
    (["--hedge", "any"], {"the convoy reached the border"}),
    (["--hedge", "none"], {"the dam at Sample River was closed", "the ferry to Example Island was cancelled"}),
    (["--hedge", "reportedly"], {"the convoy reached the border"}),
    (["--outlet", "daily"], {"the dam at Sample River was closed", "the ferry to Example Island was cancelled"}),
    (["--until", "2025-01"], {"the convoy reached the border"}),
    (["--since", "2025-02", "--undated", "include"], {"the dam at Sample River was closed",
                                                       "the ferry to Example Island was cancelled"}),
    (["--undated", "exclude"], {"the convoy reached the border", "the dam at Sample River was closed"}),
    (["--undated", "only"], {"the ferry to Example Island was cancelled"}),
    (["--speaker", "Marchuk", "--sort", "date"], {"the dam at Sample River was closed",
                                                  "the ferry to Example Island was cancelled"}),
    (["--grade", "3"], set()),  # one origin from ungraded outlets: 6, cannot be judged
    (["--grade", "6"], {"the convoy reached the border", "the dam at Sample River was closed",
                        "the ferry to Example Island was cancelled"}),
])
def test_claims_takes_every_filter_of_the_ledger(db, capsys, flags, expected):
    code, out, _ = run(capsys, "claims", "--db", db, *flags, "--format", "json")
    assert code == 0 and _contents(out) == expected


def test_a_date_range_says_how_many_undated_claims_it_left_out(db, capsys):
    code, out, err = run(capsys, "claims", "--db", db, "--since", "2025-02", "--json")
    assert code == 0 and _contents(out) == {"the dam at Sample River was closed"}
    assert "1 claim in articles without a date left out" in err and "--undated include" in err


def test_corpus_claims_takes_the_same_filters(db):
    with Corpus(db) as corpus:
        assert [c["content"]["text"] for c in corpus.claims(hedge="any", until="2025-02")] == \
            ["the convoy reached the border"]
        assert len(corpus.claims(since="2025-02", undated="include")) == 2
        page = corpus.ledger(since="2025-02", limit=10)
        assert page["total"] == 1 and page["undated_left_out"] == 1


def test_tsv_is_one_line_per_claim_with_a_header(db, capsys):
    code, out, _ = run(capsys, "claims", "--db", db, "--format", "tsv")
    lines = out.splitlines()
    assert code == 0 and lines[0].split("\t")[:3] == ["speaker", "via", "stance"] and len(lines) == 4
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)


def test_a_table_off_a_terminal_is_plain_full_width_lines(db, capsys):
    code, out, _ = run(capsys, "claims", "--db", db)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4  # a header and one line per claim: nothing wrapped, no box
    assert "the ferry to Example Island was cancelled" in lines[-1] or any(
        "the ferry to Example Island was cancelled" in line for line in lines)
    assert not any(ch in out for ch in "┃│┏━")


@pytest.mark.parametrize("args", [["claims", "--grade", "7"], ["claims", "--grade", "x"], ["claims", "--story", "x"],
                                  ["claims", "--undated", "sometimes"], ["claims", "--format", "xml"]])
def test_a_filter_value_of_the_wrong_type_is_one_line_and_status_2(db, capsys, args):
    with pytest.raises(SystemExit) as exit_:
        cli.main([*args, "--db", db])
    assert exit_.value.code == 2 and capsys.readouterr().err.count("\n") == 1


def test_a_filter_of_the_wrong_type_in_python_is_an_input_error(db):
    from claimgraph.errors import InputError

    with Corpus(db) as corpus:
        for bad in ({"grade": "high"}, {"speaker": 7}, {"since": "yesterday"}, {"undated": "sometimes"}):
            with pytest.raises(InputError):
                corpus.claims(**bad)


def test_a_command_that_finds_an_empty_store_says_which_store_it_read(tmp_path, capsys):
    empty = str(tmp_path / "empty.db")
    Corpus(empty).close()
    for command in (["claims"], ["entities"], ["documents"], ["stories"], ["sources"], ["timeline"]):
        code, out, err = run(capsys, *command, "--db", empty)
        assert code == 0 and empty in out + err and "no articles yet" in out + err, command
    for command in (["show", "Petrenko"], ["story", "1"], ["sources", "show", "FCDO"],
                    ["export", "--format", "stix"], ["export", "--format", "csv", "--out", str(tmp_path / "x.csv")],
                    ["brief", "--about", "Petrenko"]):
        code, out, err = run(capsys, *command, "--db", empty)
        assert code == 2 and empty in err and "no articles yet" in err and err.count("\n") == 1, command
        assert out == "", command  # no empty bundle: an empty store is no answer to export
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("empty.db")) == []


READERS = (["claims"], ["entities"], ["documents"], ["stories"], ["sources"], ["timeline"], ["show", "Petrenko"],
           ["story", "1"], ["sources", "show", "FCDO"], ["sources", "grade", "FCDO", "B"], ["entities", "log", "1"],
           ["export", "--format", "stix"], ["brief", "--about", "Petrenko"])
"""Commands that read a store (or change what it holds): none has anything to do where there is no store."""


@pytest.mark.parametrize("command", READERS)
def test_a_command_given_a_store_that_does_not_exist_makes_none(tmp_path, capsys, command):
    missing = tmp_path / "mistyped.db"
    code, out, err = run(capsys, *command, "--db", str(missing))
    assert code == 2 and err.count("\n") == 1 and f"no store at {missing}" in err and "claimgraph ingest" in err
    assert out == "" and list(tmp_path.iterdir()) == []


def test_the_default_store_missing_is_named_as_the_default(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMGRAPH_DB", raising=False)
    code, _, err = run(capsys, "claims")
    assert code == 2 and f"no store at {tmp_path / 'claimgraph.db'} (the default" in err
    assert list(tmp_path.iterdir()) == []


HUGE = "99999999999999999999"  # past any INTEGER column: SQLite's driver overflowed on it, PostgreSQL refuses it


@pytest.mark.parametrize("args", [["show", HUGE], ["story", HUGE], ["story", "0"], ["sources", "show", HUGE],
                                  ["entities", "merge", HUGE, "1", "--yes"], ["entities", "log", HUGE],
                                  ["entities", "split", HUGE, "Petrenko"], ["entities", "split", "1", f"d1:{HUGE}"]])
def test_an_id_past_what_the_store_holds_names_nothing_in_one_line(db, capsys, args):
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2 and err.startswith("claimgraph: error:") and err.count("\n") == 1, (args, err)


@pytest.mark.parametrize("entity", ["999999", HUGE, "Nobody Atall"])
def test_claims_of_an_unknown_entity_is_an_error_naming_it_as_export_gives(db, capsys, entity):
    for command in (["claims"], ["claims", "--json"], ["export", "--format", "csv"]):
        if command[0] == "export" and not entity.isdigit():
            continue  # export --entity takes an id
        code, out, err = run(capsys, *command, "--entity", entity, "--db", db)
        assert code == 2 and out == "" and err.count("\n") == 1 and f"entity {entity}" in err.replace("'", ""), command


def test_claims_of_a_known_entity_by_id_or_name(db, capsys):
    with Corpus(db) as corpus:
        petrenko = next(e["id"] for e in corpus.entities() if e["name"] == "Ivan Petrenko")
    for entity in (str(petrenko), "Petrenko"):
        code, out, _ = run(capsys, "claims", "--entity", entity, "--db", db, "--json")
        assert code == 0 and _contents(out) == {"the convoy reached the border"}


def test_sources_grade_of_an_unknown_source_or_grade_changes_nothing(db, capsys):
    def grades() -> list[tuple[str, str | None]]:
        store = Store(db)
        with store.begin() as conn:
            found = sorted(conn.execute(select(t.sources.c.name, t.sources.c.reliability)).all())
        store.close()
        return [tuple(r) for r in found]

    before = grades()
    for args, message in ((["Nobody Press", "B"], "no source named 'Nobody Press'"),
                          (["Example Wire", "G"], "unknown grade 'G'"), (["Example Wire", "b+"], "unknown grade")):
        code, _, err = run(capsys, "sources", "grade", *args, "--db", db)
        assert code == 2 and err.count("\n") == 1 and message in err
    assert grades() == before
    code, out, _ = run(capsys, "sources", "grade", "Example Wire", "c", "--reason", "two corrections", "--db", db)
    assert code == 0 and "Example Wire: C (fairly reliable, analyst; was F)" in out and "two corrections" in out


def _entity_store(path: str) -> None:
    with Corpus(path) as corpus:
        for i, name in enumerate(("Ivan Petrenko", "Olena Marchuk")):
            text = f"{name} spoke."
            a = Analysis(Document(text=text, id=f"e{i}"), entities=(Entity("e1", name, "PERSON",
                                                                            mentions=(Span(name, 0, len(name)),)),))
            with corpus.store.begin(write=True) as conn:
                store_analysis(conn, a)


def test_entities_merge_asks_first_and_merges_nothing_without_an_answer(tmp_path):
    path = str(tmp_path / "m.db")
    _entity_store(path)
    merge = [sys.executable, "-m", "claimgraph", "entities", "merge", "Ivan Petrenko", "Olena Marchuk", "--db", path]
    refused = subprocess.run(merge, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    assert refused.returncode == 2 and "--yes" in refused.stderr and refused.stderr.count("\n") == 1
    with Corpus(path) as corpus:
        assert len(corpus.entities()) == 2
    done = subprocess.run([*merge, "--yes"], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 0 and "merged" in done.stdout
    with Corpus(path) as corpus:
        assert len(corpus.entities()) == 1


def test_entities_merge_of_an_entity_with_itself_is_refused_in_one_line(tmp_path, capsys):
    path = str(tmp_path / "self.db")
    _entity_store(path)
    code, _, err = run(capsys, "entities", "merge", "Ivan Petrenko", "Ivan Petrenko", "--yes", "--db", path)
    assert code == 2 and err.count("\n") == 1 and "cannot be merged with itself" in err


def test_entities_merge_on_a_terminal_merges_on_yes_only(tmp_path, monkeypatch, capsys):
    from claimgraph.cli import entities_admin

    path = str(tmp_path / "tty.db")
    _entity_store(path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cli.main(["entities", "merge", "Ivan Petrenko", "Olena Marchuk", "--db", path]) == 1
    assert "not merged" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert entities_admin.confirmed("Merge?") is True
    assert cli.main(["entities", "merge", "Ivan Petrenko", "Olena Marchuk", "--db", path]) == 0


def test_a_piped_table_puts_the_free_text_last_and_pads_no_line_to_the_longest(db, capsys):
    code, out, _ = run(capsys, "claims", "--db", db)
    header, *rows = out.splitlines()
    assert code == 0 and header.split()[-1] == "content" and header.split()[0] == "speaker"
    by_content = {c: line for line in rows for c in ("the convoy reached the border",
                                                     "the dam at Sample River was closed") if line.endswith(c)}
    assert len(by_content) == 2  # the claim's words end its line, after the article, whole
    assert len(by_content["the convoy reached the border"]) < len(by_content["the dam at Sample River was closed"])


def test_one_long_cell_lengthens_its_own_line_only():
    import io

    from claimgraph.cli.output import PAD_LIMIT, Column, print_plain

    columns = (Column("name", lambda r: r["name"]), Column("note", lambda r: r["note"], wide=True),
               Column("n", lambda r: r["n"], numeric=True))
    rows = [{"name": "Ada", "note": "short", "n": 1}, {"name": "B" * (PAD_LIMIT + 20), "note": "long name", "n": 22},
            {"name": "Cy", "note": "x", "n": 3}]
    out = io.StringIO()
    print_plain(rows, columns, out)
    header, ada, long_name, cy = out.getvalue().splitlines()
    assert header.split() == ["name", "n", "note"]  # the free text last
    assert ada.endswith("  1  short") and cy.endswith("  3  x") and len(ada) < PAD_LIMIT + 20
    assert ada.index("short") == cy.index("x")  # the other lines stay in their columns
    assert long_name.startswith("B" * (PAD_LIMIT + 20) + "  22  long name")  # whole, nothing cut


def test_documents_undated_only_lists_the_articles_with_no_date(db, capsys):
    code, out, _ = run(capsys, "documents", "--undated", "only", "--db", db, "--json")
    assert code == 0 and [d["id"] for d in json.loads(out)] == ["d3"]
    code, out, err = run(capsys, "documents", "--undated", "only", "--since", "2025", "--db", db)
    assert code == 2 and out == "" and err.count("\n") == 1 and "--undated only" in err


@pytest.mark.parametrize("command", [["claims"], ["documents"], ["stories"], ["timeline"], ["export", "--format", "csv"],
                                     ["brief", "--about", "Petrenko"]])
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_date_that_is_no_date_is_told_as_every_bad_option_value_is(db, capsys, command, option):
    if command[0] == "stories" and option == "--until":
        return  # stories has no --until
    with pytest.raises(SystemExit) as exit_:
        cli.main([*command, option, "yesterday", "--db", db])
    err = capsys.readouterr().err
    # the form of `--limit 0` and `--grade 7`: the command, the option, the value, where to read more
    assert exit_.value.code == 2 and err.count("\n") == 1
    assert err.startswith(f"claimgraph {command[0]}: error: argument {option}: 'yesterday' is not a date")


def test_one_of_a_thing_is_not_told_as_many(db, capsys):
    from claimgraph.cli.output import counted

    assert [counted(1, "claim"), counted(2, "claim"), counted(1, "entity", "entities"),
            counted(0, "entity", "entities"), counted(1_200, "article")] == \
        ["1 claim", "2 claims", "1 entity", "0 entities", "1,200 articles"]
    code, out, _ = run(capsys, "story", "1", "--db", db)
    assert code == 0 and "1 report, 1 claim, 1 independent origin" in out and "(s)" not in out
    code, out, _ = run(capsys, "show", "Ivan Petrenko", "--db", db)
    assert code == 0 and "1 article, 1 mention, 1 claim" in out
