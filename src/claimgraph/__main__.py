"""`python -m claimgraph` runs the CLI."""
import sys

from claimgraph.cli import main

sys.exit(main())
