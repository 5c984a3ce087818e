"""What the README shows runs as it stands from a fresh clone's root."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_snippet() -> str:
    """The README's Python example: the indented block that begins `from claimgraph import Corpus`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^    from claimgraph import Corpus\n(?:^    .*\n|^\n)*", text, re.MULTILINE)
    assert block, "the README's Python example is gone"
    return "\n".join(line[4:] for line in block.group(0).splitlines())


def test_the_readme_python_example_ingests_the_demo_and_finds_its_claims(tmp_path: Path) -> None:
    clone = tmp_path / "clone"  # the clone's root as a new user has it: demo/ there, no store yet
    clone.mkdir()
    (clone / "demo").symlink_to(ROOT / "demo")
    snippet = python_snippet() + "\nassert not report.failures and report.counts()['new'] > 0, report.counts()" \
                                 "\nassert claims and found['claims'], (len(claims), found)\n"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", snippet], cwd=clone, capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'new': 42" in done.stdout and (clone / "news.db").exists()
