"""`claimgraph analyze` as a user runs it: output modes, metadata overrides, bad inputs among good ones."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from claimgraph import cli
from claimgraph.cli.analyze import claims_table, header, speaker_shown
from claimgraph.nlp import pipeline
from claimgraph.records import Analysis, Claim, Document, Entity, Probability, Ref, Span

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles"

CONTROL_TEXT = ("Officials in <b>Kyiv</b> said on Monday that the talks had failed.\r\n"
                "The ministry denied it\x00, calling the report \x1b[31mfalse\x1b[0m.\r\n"
                "Analysts said it was likely that the talks would resume, according to the agency.\r\n")

PAGE = """<html><head><title>Ministry denies report</title>
<meta property="og:site_name" content="The Example Courier">
<meta property="article:published_time" content="2025-02-11">
</head><body><article><h1>Ministry denies report</h1>
<p>The foreign ministry on Tuesday denied a report that troops had crossed the border, calling it
a fabrication. A spokesperson said the allegation was meant to distract from losses.</p>
<p>Western officials said they believed that several hundred soldiers had been sent, according to
people familiar with the matter.</p></article></body></html>"""


@pytest.fixture(scope="module", autouse=True)
def model():
    """Load the pipeline once for every test here, as the CLI loads it once for all inputs."""
    return pipeline.get()


def run(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def spans_in(value: Any) -> list[dict[str, Any]]:
    """Every object with text, start and end anywhere in a record: the spans that offsets must keep."""
    found = []
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int) and "text" in value:
            found.append(value)
        for v in value.values():
            found.extend(spans_in(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(spans_in(v))
    return found


def assert_offsets_index_the_stored_text(record: dict[str, Any]) -> int:
    text = record["document"]["text"]
    spans = spans_in({k: v for k, v in record.items() if k != "document"})
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"]:span["end"]] == span["text"], span
    return len(spans)


def test_every_span_of_every_output_indexes_the_stored_text(tmp_path, capsys, monkeypatch):
    control = tmp_path / "control.txt"
    control.write_bytes(CONTROL_TEXT.encode("utf-8"))
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    demo = sorted(DEMO.glob("*.json"))[:4]
    code, out, err = run(capsys, str(control), str(page), *map(str, demo), "-", "--json",
                         stdin=CONTROL_TEXT.encode("utf-8"), monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3 + len(demo)
    # the stored text is the file's text with LF line endings; tags and control characters stay, but for
    # NUL, which no store can hold: it becomes U+FFFD, and the record says so
    expected = CONTROL_TEXT.replace("\r\n", "\n").replace("\x00", "\ufffd")
    assert records[0]["document"]["text"] == expected
    assert records[-1]["document"]["text"] == expected
    assert records[0]["document"]["repairs"] == [{"field": "text", "kind": "NUL", "count": 1,
                                                  "first": CONTROL_TEXT.replace("\r\n", "\n").index("\x00")}]
    checked = 0
    for record in records:
        assert record["schema"] == "claimgraph.document/1"
        checked += assert_offsets_index_the_stored_text(record)
    assert checked > 10 * len(records)  # mentions, cues, contents, hedges, sentences: the check saw them


def test_one_input_with_json_prints_one_json_document(tmp_path, capsys):
    path = DEMO / "005.json"
    code, out, _ = run(capsys, str(path), "--json")
    record = json.loads(out)  # the whole output parses as one JSON value
    assert code == 0
    assert record["document"]["outlet"] == json.loads(path.read_text(encoding="utf-8"))["outlet"]


def test_a_table_off_a_terminal_is_plain_full_width_lines(capsys):
    code, out, _ = run(capsys, str(DEMO / "005.json"))
    header, columns, *rows = out.splitlines()
    assert code == 0 and not any(ch in out for ch in "┃│┏━")  # no box
    assert header.startswith(f"{DEMO / '005.json'} · ") and header.endswith(" events")  # whole, not wrapped
    assert columns.split() == ["speaker", "via", "stance", "hedges", "/", "band", "content"]
    claims = json.loads(run(capsys, str(DEMO / "005.json"), "--json")[1])["claims"]
    assert len([r for r in rows if r]) == len(claims) > 1  # one line per claim
    assert all(any(line.endswith(c["content"]["text"] + ("”" if c.get("quote") else "")) for line in rows)
               for c in claims)


def test_metadata_options_replace_what_the_input_says(capsys):
    code, out, _ = run(capsys, str(DEMO / "005.json"), str(DEMO / "006.json"), "--json", "--outlet", "Wire",
                       "--published", "2025-03-01", "--title", "Same title", "--url", "https://example.org/a")
    docs = [json.loads(line)["document"] for line in out.splitlines()]
    assert code == 0 and len(docs) == 2
    for d in docs:
        assert (d["outlet"], d["published"], d["title"], d["url"]) == (
            "Wire", "2025-03-01", "Same title", "https://example.org/a")


def test_a_published_date_that_is_not_iso_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["analyze", str(DEMO / "005.json"), "--published", "11/02/2025"])
    assert info.value.code == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_the_default_output_is_a_header_per_document(capsys):
    code, out, err = run(capsys, str(DEMO / "005.json"), str(DEMO / "039.json"))
    assert (code, err) == (0, "")
    for name in ("005.json", "039.json"):
        assert name in out
    assert "North Korean Troops Enter Kursk" in out
    assert "claims" in out and "entities" in out


def test_out_writes_one_record_per_input_named_after_it(tmp_path, capsys, monkeypatch):
    out_dir = tmp_path / "out" / "nested"
    txt = tmp_path / "note.txt"
    txt.write_text("The envoy said the visit would go ahead.", encoding="utf-8")
    code, out, err = run(capsys, str(DEMO / "005.json"), str(txt), "-", "--out", str(out_dir),
                         stdin=b'{"text": "Kyiv denied it.", "outlet": "Wire"}', monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out_dir.iterdir()) == ["005.json", "note.json", "stdin.json"]
    record = Analysis.from_json(json.loads((out_dir / "stdin.json").read_text(encoding="utf-8")))
    assert (record.document.text, record.document.outlet) == ("Kyiv denied it.", "Wire")
    assert "note.json" in out  # one line per file written


def test_quiet_prints_nothing_but_errors(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, str(DEMO / "005.json"), str(missing), "--quiet", "--out", str(tmp_path / "o"))
    assert code == 2 and out == ""
    assert err == f"claimgraph: error: {missing}: no such file\n"
    assert (tmp_path / "o" / "005.json").exists()


def test_two_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("The envoy said so.", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.json").write_text('{"text": "Kyiv denied it."}', encoding="utf-8")
    code, _, err = run(capsys, str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.json"),
                       "--out", str(tmp_path / "o"), "--quiet")
    assert code == 2
    assert err.count("\n") == 1 and f"{tmp_path / 'b' / 'x.json'}: would overwrite" in err
    written = json.loads((tmp_path / "o" / "x.json").read_text(encoding="utf-8"))
    assert written["document"]["text"] == "The envoy said so."


def test_an_out_path_that_is_a_file_is_one_clear_error(tmp_path, capsys):
    (tmp_path / "o").write_text("", encoding="utf-8")
    code, out, err = run(capsys, str(DEMO / "005.json"), "--out", str(tmp_path / "o"))
    assert code == 2 and out == ""
    assert err == f"claimgraph: error: --out {tmp_path / 'o'}: exists and is not a directory\n"


def test_bad_inputs_fail_alone_and_the_good_ones_are_still_written(tmp_path, capsys):
    bad = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4,
        "latin1.txt": "Caf\u00e9 owners said so.".encode("latin-1"),
        "broken.json": b'{"text": "He said so.",}',
        "slides.pptx": b"PK\x03\x04",
        "huge.txt": ("Officials said the talks had failed. " * 140_000).encode("utf-8"),  # about 5 MB
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder").mkdir()
    good = tmp_path / "good.txt"
    good.write_text("The ministry said the report was false.", encoding="utf-8")
    inputs = [str(tmp_path / n) for n in bad] + [str(tmp_path / "folder"), str(tmp_path / "nothere.json"),
                                                  str(good), str(DEMO / "039.json")]
    code, out, err = run(capsys, *inputs, "--out", str(tmp_path / "o"), "--quiet")
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == len(bad) + 2  # one line per bad input, nothing else
    for line, name in zip(lines, [*bad, "folder", "nothere.json"], strict=True):
        assert line.startswith(f"claimgraph: error: {tmp_path / name}: ")
    assert "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["039.json", "good.json"]


def test_standard_input_is_read_only_once(capsys, monkeypatch):
    code, out, err = run(capsys, "-", "-", "--json", stdin=b"The envoy said so.", monkeypatch=monkeypatch)
    assert code == 2 and len(out.splitlines()) == 1
    assert err == "claimgraph: error: -: standard input can be read only once\n"


def test_when_no_input_can_be_read_the_exit_status_is_2(tmp_path, capsys):
    code, out, err = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 2


def claim(content: str, **kw: Any) -> Claim:
    return Claim(id="c1", speaker=kw.get("speaker"), via=kw.get("via", ()), cue=None,
                 content=Span(content, 0, len(content)), quote=kw.get("quote", False),
                 hedges=kw.get("hedges", ()), probability=kw.get("probability"),
                 stance=kw.get("stance", "asserted"))


def rendered(renderable: Any) -> str:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_the_table_shows_speaker_via_chain_stance_hedges_band_and_content():
    c = claim("hundreds of soldiers are treated there", speaker=Ref("e1", "the ambassador"),
              via=(Ref("e2", "UNN"), Ref("e3", "ISW")), stance="claimed",
              hedges=(Span("likely", 0, 6),), probability=Probability("likely", 0.55, 0.8))
    text = rendered(claims_table(Analysis(document=Document(text="x"), claims=(c,))))
    for expected in ("the ambassador", "UNN → ISW", "claimed", "likely · likely 55–80%",
                     "hundreds of soldiers are treated there"):
        assert expected in text


def test_a_speaker_named_by_a_pronoun_is_shown_with_the_entity_it_resolves_to():
    person = Entity(id="e1", name="Sabrina Singh", type="PERSON")
    a = Analysis(document=Document(text="x"), entities=(person,),
                 claims=(claim("x", speaker=Ref("e1", "she")), claim("y", speaker=Ref("e1", "Deputy Sabrina Singh"))))
    assert [speaker_shown(c, a) for c in a.claims] == ["she (Sabrina Singh)", "Deputy Sabrina Singh"]


def test_the_table_shows_text_literally_and_control_characters_as_pictures():
    c = claim("[bold]not markup[/bold] and \x1b[31mred\x00", quote=True)
    text = rendered(claims_table(Analysis(document=Document(text="x"), claims=(c,))))
    assert "[bold]not markup[/bold]" in text
    assert "\x1b" not in text and "\x00" not in text and "␛[31mred␀" in text
    assert "“[bold]" in text  # a quoted content is shown in quotation marks


def test_the_header_names_the_input_title_outlet_date_and_counts():
    a = Analysis(document=Document(text="x", title="Talks fail", outlet="Wire", published="2025-02-11"),
                 claims=(claim("x"),))
    line = rendered(header("in/a.json", a))
    assert "in/a.json · Talks fail · Wire · 2025-02-11" in line
    assert "0 entities, 1 claim, 0 events" in line  # one claim is no "1 claims"


@pytest.mark.parametrize("mode", [[], ["--json"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(mode):
    """`claimgraph analyze ... | head -1` is no error: exit 0 and nothing on stderr."""
    inputs = [str(p) for p in sorted(DEMO.glob("*.json"))[:12]]
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "analyze", *inputs, *mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert (proc.wait(timeout=120), err) == (0, "")
