"""Commands that read the graph: query, questions, ask, stats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govgraph.cli.app import LangOption, StoreOption, app, err, format_key, load_settings, out
from govgraph.errors import GovgraphError
from govgraph.formats import GRAPH_RESULTS, SELECT_RESULTS, keys
from govgraph.rdf import Term
from govgraph.store.base import QueryResult

PANEL = "Reading"  # where `govgraph --help` lists these commands
RESULTS_HELP = ", ".join(keys(SELECT_RESULTS))
GRAPHS_HELP = ", ".join(keys(GRAPH_RESULTS))


@app.command(rich_help_panel=PANEL)
def query(
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query text.", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help=f"table, {RESULTS_HELP} (SELECT/ASK); {GRAPHS_HELP} (CONSTRUCT)."),
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Run a read-only SPARQL query against the store (the default graph is the union of all graphs)."""
    from govgraph.formats.writers import serialize
    from govgraph.loader import open_store
    from govgraph.sparql import check_read_only

    if (sparql is None) == (file is None):
        raise GovgraphError("Give the query either as an argument or with --file, not both.", hint="See --help.")
    fmt = format_key(fmt, (*SELECT_RESULTS, *GRAPH_RESULTS), "table")
    text = file.read_text(encoding="utf-8") if file else sparql or ""
    settings = load_settings(store)
    check_read_only(text, settings.max_query_bytes)
    st = open_store(settings, read_only=True)
    result = st.query(text, timeout=settings.query_timeout, max_rows=settings.max_rows)
    if fmt == "table":
        _print_table(result)
    else:
        if fmt == "turtle" and result.kind != "graph":
            fmt = "json"
        body, _ = serialize(result, fmt)
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    if result.truncated:
        err.print(f"[yellow]Truncated at {settings.max_rows:,} rows (GOVGRAPH_MAX_ROWS).[/]")


def _print_table(result: QueryResult) -> None:
    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        from govgraph.rdf import statement

        for triple in result.triples:
            out.print(statement(triple), highlight=False)
        return
    table = Table(*result.variables)
    for row in result.rows:
        table.add_row(*("" if t is None else cell_text(t) for t in row))
    out.print(table)
    out.print(f"{len(result.rows)} row(s) in {result.elapsed * 1000:.1f} ms")


def cell_text(term: Term) -> str:
    from govgraph.namespaces import PREFIXES

    if term.kind == "uri":
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return term.value
    return f"{term.value}@{term.lang}" if term.lang else term.value


@app.command(rich_help_panel=PANEL)
def questions(lang: LangOption = "en") -> None:
    """List the named questions (queries/*.rq) and their parameters."""
    from govgraph.questions import Catalogue

    settings = load_settings()
    table = Table("id", "question", "parameters")
    for q in Catalogue(settings.queries_dir):
        params = " ".join(f"--{p.name} {p.example}" for p in q.params) + (" [--as-of DATE]" if q.as_of else "")
        table.add_row(q.id, q.text(q.title, lang), params)
    out.print(table)


@app.command(rich_help_panel=PANEL, context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question's id; `govgraph questions` lists them.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Answer as of this date (YYYY-MM-DD).")] = None,
    sources: Annotated[bool, typer.Option("--sources", help="Add the public source of every row.")] = False,
    fmt: Annotated[str, typer.Option("--format", help=f"table, {RESULTS_HELP}.")] = "table",
    store: StoreOption = None,
) -> None:
    """Answer a named question: `govgraph ask who-hosted-igf --year 2015`."""
    from govgraph.formats.writers import serialize
    from govgraph.loader import open_store
    from govgraph.questions import Catalogue

    fmt = format_key(fmt, SELECT_RESULTS, "table")
    settings = load_settings(store)
    params = _extra_options(ctx.args)
    catalogue = Catalogue(settings.queries_dir)
    result = catalogue.ask(
        open_store(settings, read_only=True),
        question,
        params,
        as_of=as_of,
        sources=sources,
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
    )
    if fmt == "table":
        _print_table(result)
    else:
        sys.stdout.buffer.write(serialize(result, fmt)[0])
        sys.stdout.flush()


def _extra_options(args: list[str]) -> dict[str, str]:
    """`--year 2015 --lang=es` after the question id, as {"year": "2015", "lang": "es"}."""
    params: dict[str, str] = {}
    pending: str | None = None
    for arg in args:
        if arg.startswith("--"):
            name, _, value = arg[2:].partition("=")
            if not name:
                raise GovgraphError(f"Unexpected argument {arg!r}.", hint="Write parameters as --name value.")
            if value:
                params[name.replace("-", "_")] = value
            else:
                pending = name.replace("-", "_")
        elif pending is not None:
            params[pending] = arg
            pending = None
        else:
            raise GovgraphError(f"Unexpected argument {arg!r}.", hint="Write parameters as --name value.")
    if pending is not None:
        raise GovgraphError(f"--{pending} needs a value.", hint=f"For example: --{pending} VALUE")
    return params


@app.command(rich_help_panel=PANEL)
def stats(store: StoreOption = None, lang: LangOption = "en") -> None:
    """Count what the graph holds: entities by class, stakeholders by stakeholder group."""
    from govgraph.loader import open_store
    from govgraph.statistics import by_class, by_stakeholder_group

    st = open_store(load_settings(store), read_only=True)
    for title, counts in (("class", by_class(st, lang)), ("stakeholder group", by_stakeholder_group(st, lang))):
        table = Table(title, "entities")
        for count in counts:
            table.add_row(count.label, f"{count.count:,}")
        out.print(table)
