"""Commands for network analysis: analyze, export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govgraph.cli.app import LangOption, StoreOption, app, format_key, load_settings, out
from govgraph.errors import GovgraphError
from govgraph.formats import CSV, JSON, NETWORK, keys

MeasureOption = Annotated[
    list[str] | None,
    typer.Option("--measure", help="degree, betweenness, eigenvector or community; repeatable (all when absent)."),
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="The network as of this date (YYYY-MM-DD).")]
_NODE_COLUMNS = ("label", "class", "degree", "betweenness", "eigenvector", "community")


PANEL = "Network analysis"  # where `govgraph --help` lists these commands


@app.command(rich_help_panel=PANEL)
def analyze(
    projection: Annotated[str, typer.Argument(help="participation, co-participation, lineage or stewardship.")],
    measure: MeasureOption = None,
    as_of: AsOfOption = None,
    groups: Annotated[bool, typer.Option("--groups", help="Aggregate the measures per stakeholder group.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="With --to: the shortest connection from here.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="With --from: where the connection ends.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=f"table, {', '.join(keys((JSON, CSV)))}.")] = "table",
    top: Annotated[int | None, typer.Option("--top", help="Only the first N rows.", min=1)] = None,
    lang: LangOption = "en",
    store: StoreOption = None,
) -> None:
    """Measure a network: `govgraph analyze participation --as-of 2019-06-01`, `--groups`, `--from A --to B`."""
    import json

    from govgraph import analysis
    from govgraph.loader import open_store

    fmt = format_key(fmt, (JSON, CSV), "table")
    if (start is None) != (end is None):
        raise GovgraphError("--from and --to go together.", hint="For example: --from vint-cerf --to government-br")
    settings = load_settings(store)
    st = open_store(settings, read_only=True)
    if start is not None and end is not None:
        graph = analysis.build(st, projection, as_of=as_of, lang=lang, timeout=settings.query_timeout)
        found = analysis.connection(graph, start, end).to_dict()
        if fmt == "json":
            out.print_json(json.dumps(found, ensure_ascii=False))
        elif fmt == "csv":
            sys.stdout.buffer.write(analysis.table_csv(found["steps"]))
        else:
            names = {node["iri"]: node["label"] for node in found["nodes"]}
            for step in found["steps"]:
                out.print(
                    f"{names[step['subject']]} —{step['relation_label']}→ {names[step['object']]}", highlight=False
                )
            out.print(f"{found['hops']} step(s) in the {projection} network as of {graph.graph['as_of']}")
        return
    result = analysis.analyze(st, projection, as_of=as_of, lang=lang, measures=measure, timeout=settings.query_timeout)
    summary = result.summary()
    rows = (result.groups() if groups else result.nodes())[:top]
    if fmt == "json":
        out.print_json(json.dumps({"summary": summary, "groups" if groups else "nodes": rows}, ensure_ascii=False))
    elif fmt == "csv":
        sys.stdout.buffer.write(analysis.table_csv(rows))
    else:
        columns = [c for c in (rows[0] if rows else {}) if (c != "group" if groups else c in _NODE_COLUMNS)]
        table = Table(*columns, title=f"{summary['title']} ({summary['as_of']})")
        for row in rows:
            table.add_row(*(f"{row[c]:.4f}" if isinstance(row[c], float) else str(row[c]) for c in columns))
        out.print(table)
        out.print(f"{summary['nodes']} nodes, {summary['edges']} edges, {summary['components']} component(s)")


@app.command("export", rich_help_panel=PANEL)
def export_network(
    projection: Annotated[str, typer.Option("--projection", help="participation, co-participation, lineage, …")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help=f"{', '.join(NETWORK)} (node-link).")] = "graphml",
    measure: MeasureOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = "en",
    store: StoreOption = None,
) -> None:
    """Write a network with its measures for Gephi or a notebook: `govgraph export --projection lineage -o l.gexf`."""
    from govgraph import analysis
    from govgraph.loader import open_store

    chosen = analysis.export_format(fmt)
    settings = load_settings(store)
    st = open_store(settings, read_only=True)
    result = analysis.analyze(st, projection, as_of=as_of, lang=lang, measures=measure, timeout=settings.query_timeout)
    output.write_bytes(analysis.export(result.with_measures(), chosen.key))
    summary = result.summary()
    out.print(
        f"Wrote {output} ({chosen.key}): {summary['nodes']} nodes, {summary['edges']} edges, as of {summary['as_of']}"
    )
