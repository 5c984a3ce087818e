"""`--help` starts at once: no command's help loads spaCy, SQLAlchemy, datasketch or FastAPI (imports happen where
they are used, when a command runs)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claimgraph import cli

HEAVY = ("spacy", "sqlalchemy", "datasketch", "fastapi")

PROBE = """
import json, sys
from claimgraph import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("command", ["", "claims", "sources", "sources grade", "entities merge", "ingest", "analyze",
                                     "stories", "export", "brief", "serve", "timeline"])
def test_help_of_a_command_loads_none_of_the_heavy_libraries(command):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *command.split(), "--help"],
                          capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    assert "usage: claimgraph" in done.stdout
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == [], f"claimgraph {command} --help imported {loaded}"


def test_building_the_whole_parser_imports_none_of_them():
    done = subprocess.run([sys.executable, "-c", "import sys, json\nfrom claimgraph import cli\ncli.parser()\n"
                           f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"],
                          capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL)
    assert json.loads(done.stdout) == []


def test_a_usage_error_is_one_line_naming_the_command_and_the_problem(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["claims", "--grade", "seven"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "claimgraph claims" in err and "--grade" in err and "1-6" in err
