"""`python -m govgraph.cli`: the same as the `govgraph` command."""

from govgraph.cli import main

main()
