"""The `cli` section of `benchmarks/run.py`: how long `claimgraph --help` and `claimgraph claims --help` take from a
cold start, beside a bare `python -c pass` in the same run (the machine's floor), and which heavy libraries they load.

Each command runs in a fresh interpreter (the console script's own), several times; the median is reported, and the
ratio to the bare interpreter's median, so a noisy machine moves both alike.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
HEAVY = ("spacy", "sqlalchemy", "datasketch", "fastapi")
PROBE = ("import json, sys\nfrom claimgraph import cli\ntry:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
         f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)")


def _timed(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, stdin=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def _loaded(args: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False,
                          stdin=subprocess.DEVNULL, cwd=ROOT)
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


def cli(opts: Any) -> dict[str, Any]:
    """Cold-start time of `claimgraph --help` and `claimgraph claims --help` beside `python -c pass`."""
    script = str(Path(sys.executable).with_name("claimgraph"))
    cases = {"python -c pass": [sys.executable, "-c", "pass"],
             "claimgraph --help": [script, "--help"],
             "claimgraph claims --help": [script, "claims", "--help"]}
    out: dict[str, Any] = {}
    for name, argv in cases.items():
        _timed(argv)  # the first run warms the file cache
        times = [_timed(argv) for _ in range(RUNS)]
        out[name] = {"median_s": statistics.median(times), "runs": times}
    floor = out["python -c pass"]["median_s"]
    for name, r in out.items():
        loaded = _loaded(cases[name][1:]) if name != "python -c pass" else []
        r["heavy_loaded"] = loaded
        r["ratio_to_python"] = r["median_s"] / floor
        print(f"  {name:<26} {r['median_s'] * 1000:7.0f} ms median of {RUNS} ({r['ratio_to_python']:.1f}x a bare "
              f"python); heavy libraries loaded: {', '.join(loaded) or 'none'}")
    return out


BENCHES = {"cli": cli}
"""The sections this module adds to benchmarks/run.py."""
