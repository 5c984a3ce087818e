"""claimgraph's yardsticks: the dev set per beat, PolNeAR's attributions, GUM's speaker resolution (README.md)."""
