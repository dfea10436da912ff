"""The typer app, the options and helpers its commands share, and the entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from govgraph.errors import GovgraphError, RdfSyntaxError
from govgraph.formats import RDF, Format, find
from govgraph.settings import Settings

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="govgraph",
    help="Who governs the Internet? Build, query, check and serve the govgraph knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

# Text, not a Path: it may be a SPARQL engine's URL, which a Path would mangle (sparql+http:/host).
StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store directory, or engine URL [env: GOVGRAPH_STORE].", show_default=False),
]
LangOption = Annotated[str, typer.Option("--lang", help="Language of messages: en or es.")]
state = {"debug": False}

SUFFIX_FORMATS = {f".{extension}": f.key for f in RDF.values() for extension in f.extensions}  # ".ttl": "turtle"


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    state["debug"] = debug


def load_settings(store: str | None = None, **overrides: Any) -> Settings:
    """The settings: GOVGRAPH_* variables, then the command's options, each checked alike."""
    return Settings.from_env(store=store, **overrides)


def format_key(value: str, offers: Sequence[Format], *others: str) -> str:
    """The key of the format a --format value names among `offers`, or one of `others` (such as "table")
    as it is; checked before any work is done, with the values it could be."""
    if value.lower() in others:
        return value.lower()
    chosen = find(offers, value)
    if chosen is None:
        choices = ", ".join(dict.fromkeys((*others, *(f.key for f in offers))))
        raise GovgraphError(f"--format {value!r} is not available.", hint=f"Use one of: {choices}.")
    return chosen.key


def main() -> None:
    """Entry point: run the app, turning expected errors into one line on stderr and an exit code."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except GovgraphError as exc:
        if state["debug"]:
            raise
        err.print(f"[red]error:[/] {exc.message}", highlight=False)
        report = exc.details.get("report")
        if report is not None:
            err.print(report.text(), highlight=False)
        if exc.hint:
            err.print(f"hint: {exc.hint}", highlight=False)
        sys.exit(exc.exit_code)
    except (RdfSyntaxError, OSError) as exc:
        if state["debug"]:
            raise
        err.print(f"[red]error:[/] {exc}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        raise
    sys.exit(code if isinstance(code, int) else 0)
