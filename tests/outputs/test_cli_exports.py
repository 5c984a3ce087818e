"""`claimgraph export` and `claimgraph brief` as a user runs them: files whole or absent, errors on one line."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import stix2

from claimgraph import cli
from claimgraph.outputs import exports, stix


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimgraph", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def test_export_every_format_to_a_file(export_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in exports.FORMATS:
        out = tmp_path / f"all.{fmt}"
        assert cli.main(["export", "--db", str(export_db), "--format", fmt, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert stix2.parse((tmp_path / "all.stix").read_text(encoding="utf-8"), allow_custom=True).objects
    assert "stix -> " in capsys.readouterr().err
    assert list(tmp_path.glob(".*.part")) == []


def test_export_to_standard_output(export_db: Path) -> None:
    done = run("export", "--db", str(export_db), "--format", "jsonl", "--speaker", "Matsegora", "--table", "claims")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(r["speaker_name"] == "Alexander Matsegora" for r in rows)


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--format", "xml"], "unknown export format 'xml'"),
    (["export", "--format", "stix", "--story", "99999"], "story 99999: no such story"),
    (["export", "--format", "stix", "--entity", "99999"], "entity 99999: no such entity"),
    (["export", "--format", "stix", "--table", "claims"], "--table is for csv and jsonl"),
    (["export", "--format", "csv", "--table", "people"], "unknown table 'people'"),
    (["export", "--format", "csv", "--since", "yesterday"], "argument --since: 'yesterday'"),
    (["export", "--format", "csv", "--hedge", "any", "--out", "/nonexistent/folder/x.csv"], "does not exist"),
    (["brief", "story", "99999"], "no such story"),
    (["brief", "entity", "Nobody Of That Name"], "no entity is named"),
    (["brief", "person", "Matsegora"], "give 'story ID', 'entity NAME' or --about NAME"),
    (["brief", "--about", "Kursk", "--format", "docx"], "unknown brief format 'docx'"),
])
def test_bad_input_is_one_line_and_exit_2(export_db: Path, args: list[str], message: str) -> None:
    done = run(*args, "--db", str(export_db))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_an_unwritable_out_leaves_nothing(export_db: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if (locked / "probe").exists() or _writable(locked):
            pytest.skip("running as a user who can write anywhere (root)")
        done = run("export", "--db", str(export_db), "--format", "stix", "--out", str(locked / "x.json"))
        assert done.returncode == 2 and "cannot write" in done.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def _writable(folder: Path) -> bool:
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


def test_an_export_that_fails_midway_leaves_no_half_written_file(export_db: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "bundle.json"
    out.write_text("the previous export\n", encoding="utf-8")
    calls = {"n": 0}
    real = stix.Writer.add

    def failing(self: stix.Writer, obj: object) -> str:
        calls["n"] += 1
        if calls["n"] > 20:
            raise RuntimeError("the disk went away")
        return real(self, obj)

    monkeypatch.setattr(stix.Writer, "add", failing)
    with pytest.raises(RuntimeError):
        cli.main(["export", "--db", str(export_db), "--format", "stix", "--out", str(out)])
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.json"]


def test_brief_writes_a_pdf_and_markdown(export_db: Path, tmp_path: Path) -> None:
    pdf, md = tmp_path / "b.pdf", tmp_path / "b.md"
    assert cli.main(["brief", "entity", "Matsegora", "--db", str(export_db), "--format", "pdf", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert cli.main(["brief", "--about", "North Korea", "--since", "2024", "--db", str(export_db),
                     "--out", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# About North Korea")
