"""The same article gives the same analysis in every process, whatever Python's hash seed."""
import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


def test_two_processes_with_different_hash_seeds_agree():
    paths = [str(DEMO / n) for n in ("005.json", "018.json", "036.json")]
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "claimgraph", "analyze", *paths, "--json"],
                             capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
