"""The command line: one typer app (cli/app.py); each module here adds the commands of one area."""

from importlib import import_module

from govgraph.cli.app import app, main

# Imported in this order, the areas appear in this order in `govgraph --help`.
AREAS = ("store", "query", "quality", "contribute", "analysis")
for _area in AREAS:
    import_module(f"govgraph.cli.{_area}")

__all__ = ["AREAS", "app", "main"]
