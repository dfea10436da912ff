"""The govgraph command line: a thin layer over the same services the web API uses.

Exit codes: 0 ok, 1 checked and found problems, 2 could not run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import rdflib
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govgraph.errors import DataNotValid, GovgraphError, RdfSyntaxError
from govgraph.settings import Settings

if TYPE_CHECKING:
    from govgraph.loader import BuildReport

app = typer.Typer(
    name="govgraph",
    help="Who governs the Internet? Build, query, check and serve the govgraph knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    Path | None, typer.Option("--store", help="Store directory [env: GOVGRAPH_STORE].", show_default=False)
]
LangOption = Annotated[str, typer.Option("--lang", help="Language of messages: en or es.")]
_state = {"debug": False}

SUFFIX_FORMATS = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    _state["debug"] = debug


def _settings(store: Path | None = None, **overrides: object) -> Settings:
    return Settings.from_env(store=store, **overrides)


@app.command()
def build(store: StoreOption = None, lang: LangOption = "en") -> None:
    """Load ontology/ and data/ into the store: validate against the shapes, then load and infer."""

    settings = _settings(store)
    try:
        report = _build_with_progress(settings)
    except DataNotValid as exc:
        err.print(f"[red]error:[/] {exc.message}", highlight=False)
        out.print(exc.details["report"].text(lang), highlight=False)
        raise typer.Exit(1) from None
    from govgraph.contributions import republish

    republished = republish(settings)
    table = Table("graph", "triples", title=f"Store built at {report.store}")
    for graph, count in report.graphs.items():
        table.add_row(graph, f"{count:,}")
    table.add_row("asserted", f"{report.asserted:,}", style="bold")
    if report.inference:
        table.add_row("inferred", f"{report.inference.triples:,}", style="bold")
    out.print(table)
    out.print(f"Valid against the shapes; built in {report.seconds:.2f} s.")
    if republished:
        out.print(f"Republished {republished} accepted contribution(s) from {settings.journal_file}.")


def _build_with_progress(settings: Settings) -> BuildReport:
    from govgraph.loader import build as build_store

    columns = (TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("Building", total=None)

        def show(message: str, done: int, total: int) -> None:
            bar.update(task, description=message, completed=done, total=total)

        return build_store(settings, progress=show)


@app.command("load")
def load_file(
    file: Annotated[Path, typer.Argument(help="An N-Triples (.nt) or Turtle (.ttl) file, optionally .gz.")],
    graph: Annotated[
        str | None, typer.Option("--graph", help="The named graph to add to (default: …/graph/load/{file}).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Bulk-load a big dump into a named graph, streamed, with a progress bar (embedded store or engine)."""
    from rich.progress import DownloadColumn, TimeRemainingColumn, TransferSpeedColumn

    from govgraph.bulk import load
    from govgraph.loader import open_store

    st = open_store(_settings(store))
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    try:
        with Progress(*columns, TimeRemainingColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task(f"Loading {file.name}", total=file.stat().st_size if file.is_file() else None)

            def show(done: int, triples: int | None) -> None:
                label = f"Loading {file.name}" + (f" ({triples:,} triples)" if triples is not None else "")
                bar.update(task, completed=done, description=label)

            report = load(st, file, graph, progress=show)
    finally:
        st.close()
    out.print(
        f"Loaded {report.triples:,} triples into {report.graph} in {report.seconds:.1f} s "
        f"({report.rate:,.0f} triples/s)",
        highlight=False,
    )


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on [env: GOVGRAPH_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on [env: GOVGRAPH_PORT].")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Web worker processes [env: GOVGRAPH_WORKERS]; see docs/deploy.md.")
    ] = None,
) -> None:
    """Run the web app and API; builds the store first if there is none yet."""
    import uvicorn

    from govgraph.loader import is_current, store_built
    from govgraph.web.app import create_app

    settings = _settings(store, host=host, port=port, workers=workers)
    if not store_built(settings):
        err.print(f"No store at {settings.store}: building it from {settings.data_dir} first.")
        _build_with_progress(settings)
    elif not is_current(settings):
        err.print("ontology/ or data/ changed since the last build: rebuilding.")
        try:
            _build_with_progress(settings)
        except DataNotValid as exc:
            err.print(exc.details["report"].text(), highlight=False)
            err.print("[yellow]The new data does not conform; serving the previous build.[/]")
    err.print(f"govgraph on http://{settings.host}:{settings.port}/  (API docs at /docs; Ctrl+C stops)")
    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
        return
    # Each worker process makes its own app from the environment: the options go there first.
    os.environ.update(GOVGRAPH_STORE=str(settings.store), GOVGRAPH_WORKERS=str(settings.workers))
    uvicorn.run(
        "govgraph.web.app:from_environment",
        factory=True,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        log_level="warning",
    )


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query text.", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="table, json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT)."
        ),
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Run a read-only SPARQL query against the store (the default graph is the union of all graphs)."""
    from govgraph.formats import serialize
    from govgraph.loader import open_store
    from govgraph.sparql import check_read_only

    if (sparql is None) == (file is None):
        raise GovgraphError("Give the query either as an argument or with --file, not both.", hint="See --help.")
    text = file.read_text(encoding="utf-8") if file else sparql or ""
    settings = _settings(store)
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


def _print_table(result) -> None:  # type: ignore[no-untyped-def]
    if result.kind == "ask":
        out.print("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        for s, p, o in result.triples:
            out.print(f"{s.n3()} {p.n3()} {o.n3()} .", highlight=False)
        return
    table = Table(*result.variables)
    for row in result.rows:
        table.add_row(*("" if t is None else _cell(t) for t in row))
    out.print(table)
    out.print(f"{len(result.rows)} row(s) in {result.elapsed * 1000:.1f} ms")


def _cell(term) -> str:  # type: ignore[no-untyped-def]
    from govgraph.namespaces import PREFIXES

    if term.kind == "uri":
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return term.value
    return f"{term.value}@{term.lang}" if term.lang else term.value


@app.command()
def questions(lang: LangOption = "en") -> None:
    """List the named questions (queries/*.rq) and their parameters."""
    from govgraph.questions import Catalogue

    settings = _settings()
    table = Table("id", "question", "parameters")
    for q in Catalogue(settings.queries_dir):
        params = " ".join(f"--{p.name} {p.example}" for p in q.params) + (" [--as-of DATE]" if q.as_of else "")
        table.add_row(q.id, q.text(q.title, lang), params)
    out.print(table)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question's id; `govgraph questions` lists them.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Answer as of this date (YYYY-MM-DD).")] = None,
    sources: Annotated[bool, typer.Option("--sources", help="Add the public source of every row.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, json, xml, csv or tsv.")] = "table",
    store: StoreOption = None,
) -> None:
    """Answer a named question: `govgraph ask who-hosted-igf --year 2015`."""
    from govgraph.formats import serialize
    from govgraph.loader import open_store
    from govgraph.questions import Catalogue

    settings = _settings(store)
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


@app.command()
def stats(store: StoreOption = None, lang: LangOption = "en") -> None:
    """Count what the graph holds: entities by class, stakeholders by stakeholder group."""
    from govgraph.loader import open_store
    from govgraph.statistics import by_class, by_stakeholder_group

    st = open_store(_settings(store), read_only=True)
    for title, counts in (("class", by_class(st, lang)), ("stakeholder group", by_stakeholder_group(st, lang))):
        table = Table(title, "entities")
        for count in counts:
            table.add_row(count.label, f"{count.count:,}")
        out.print(table)


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="An RDF file (.ttl, .nt, .trig, .jsonld, .rdf).")],
    lang: LangOption = "en",
    store: StoreOption = None,
) -> None:
    """Check an RDF file against the shapes, in the context of the published graph. Exit 1 if it does not conform."""
    from govgraph.context import describe, describe_from_graph, mentioned_iris
    from govgraph.loader import is_built, open_store, parse_sources, source_files
    from govgraph.store.embedded import parse_rdf
    from govgraph.validation import cached_graph, validate_in_context

    settings = _settings(store)
    if not file.is_file():
        raise GovgraphError(f"No such file: {file}", hint="Check the path.")
    fmt = SUFFIX_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise GovgraphError(
            f"Cannot tell the RDF syntax of {file.name} from its extension.",
            hint=f"Use one of: {', '.join(SUFFIX_FORMATS)}.",
        )
    triples = parse_rdf(file.read_bytes(), fmt, source=str(file), base_iri=file.resolve().as_uri())
    new = rdflib.Graph().parse(data="".join(f"{t} .\n" for t in triples), format="nt")
    iris = mentioned_iris(new)
    if is_built(settings.store):
        context = describe(open_store(settings, read_only=True), iris)
    else:
        context = describe_from_graph(parse_sources(source_files(settings)), iris)
    report = validate_in_context(
        new,
        context,
        shapes=cached_graph(settings.shapes_file),
        ontology=cached_graph(settings.ontology_file),
        engine=settings.validator,
    )
    out.print(report.text(lang), highlight=False)
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def check(
    store: StoreOption = None,
    lang: LangOption = "en",
    reasoner: Annotated[bool, typer.Option(help="Run the HermiT consistency check (needs Java).")] = True,
) -> None:
    """Run every check on the built store: the SHACL shapes, queries/qc/*-violation.rq, and OWL consistency."""
    from govgraph.consistency import check_consistency
    from govgraph.loader import open_store, source_files, validate_sources
    from govgraph.quality import asserted_ntriples, run_quality_checks

    settings = _settings(store)
    problems = 0
    shapes = validate_sources(settings, source_files(settings))
    out.print(f"shapes: {shapes.text(lang)}", highlight=False)
    problems += len(shapes.results)
    st = open_store(settings, read_only=True)
    for outcome in run_quality_checks(st, settings.queries_dir):
        status = "ok" if outcome.passed else f"{len(outcome.result.rows)} violation(s)"
        out.print(f"qc {outcome.check.name}: {status}", highlight=False)
        for record in outcome.result.records()[:20]:
            out.print("    " + ", ".join(f"{k}={_cell(v)}" for k, v in record.items()), highlight=False)
        problems += len(outcome.result.rows)
    if reasoner:
        consistency = check_consistency(asserted_ntriples(st))
        out.print(f"owl: {consistency.message} ({consistency.seconds:.1f} s)", highlight=False)
        problems += 0 if consistency.consistent else 1
    raise typer.Exit(1 if problems else 0)


token_app = typer.Typer(
    help="Create, list and revoke the tokens of contributors and maintainers.", no_args_is_help=True
)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="contributor or maintainer.")] = "contributor",
    name: Annotated[str, typer.Option(help="Who holds it, as shown in provenance.")] = "anonymous",
    store: StoreOption = None,
) -> None:
    """Create a token; it is printed once, on the last line, and only its hash is kept."""
    from govgraph import tokens
    from govgraph.journal import Journal

    journal = Journal(_settings(store).journal_file)
    token = tokens.create(journal, role=role, name=name)
    err.print(f"Created a {role} token for {name}. Keep it: it cannot be shown again.")
    print(token)


@token_app.command("list")
def token_list(store: StoreOption = None) -> None:
    """List tokens (ids, names, roles; never the secrets)."""
    from govgraph import tokens
    from govgraph.journal import Journal

    table = Table("id", "name", "role", "created", "revoked")
    for row in tokens.listing(Journal(_settings(store).journal_file)):
        table.add_row(*(str(row[k] or "") for k in ("id", "name", "role", "created", "revoked")))
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (`govgraph token list`).")], store: StoreOption = None
) -> None:
    """Revoke a token: it stops working at once."""
    from govgraph import tokens
    from govgraph.journal import Journal

    tokens.revoke(Journal(_settings(store).journal_file), token_id.removeprefix("ggt_").split("_")[0])
    out.print(f"Revoked {token_id}.")


@app.command()
def contribute(
    file: Annotated[Path, typer.Argument(help="An RDF file (.ttl, .nt, .trig, .jsonld, .rdf).")],
    message: Annotated[str, typer.Option(help="What it adds, and why.")] = "",
    server: Annotated[
        str, typer.Option(help="The govgraph server [env: GOVGRAPH_SERVER].", envvar="GOVGRAPH_SERVER")
    ] = "http://127.0.0.1:8000",
    token: Annotated[
        str | None, typer.Option(help="Your token [env: GOVGRAPH_TOKEN].", envvar="GOVGRAPH_TOKEN")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Submit a file to a running server. Exit 0 when accepted for review, 1 when it does not conform."""
    import httpx

    media = {
        "turtle": "text/turtle",
        "ntriples": "application/n-triples",
        "trig": "application/trig",
        "jsonld": "application/ld+json",
        "rdfxml": "application/rdf+xml",
    }
    fmt = SUFFIX_FORMATS.get(file.suffix.lower())
    if fmt not in media or not file.is_file():
        raise GovgraphError(f"Cannot send {file}: not a readable RDF file.", hint=f"Use one of: {', '.join(media)}.")
    if not token:
        raise GovgraphError("A token is needed.", hint="Pass --token or set GOVGRAPH_TOKEN.")
    try:
        response = httpx.post(
            f"{server.rstrip('/')}/contributions",
            content=file.read_bytes(),
            params={"message": message, "lang": lang},
            timeout=60,
            headers={"Content-Type": media[fmt], "Authorization": f"Bearer {token}"},
        )
    except httpx.HTTPError as exc:
        raise GovgraphError(f"Cannot reach {server}: {exc}", hint="Is `govgraph serve` running there?") from None
    body = response.json()
    if response.status_code == 202:
        out.print(f"Received, pending review: {server.rstrip('/')}{body['url']}")
        raise typer.Exit(0)
    if response.status_code == 422 and "text" in body:
        out.print(body["text"], highlight=False)
        raise typer.Exit(1)
    raise GovgraphError(body.get("detail", response.text), hint=body.get("hint"))


# -- releases ------------------------------------------------------------------------------------


@app.command()
def release(
    note: Annotated[str | None, typer.Option(help="What the release is for, e.g. a course or a paper.")] = None,
    store: StoreOption = None,
    releases_dir: Annotated[
        Path | None, typer.Option(help="Where releases go [env: GOVGRAPH_RELEASES_DIR].", show_default=False)
    ] = None,
) -> None:
    """Make the next numbered release: a read-only copy of the store and its dump files, never changed after."""
    from govgraph.errors import StoreUnavailable
    from govgraph.loader import open_store
    from govgraph.releases import Releases

    settings = _settings(store, releases_dir=releases_dir)
    try:
        live = open_store(settings)  # opened for writing: fails while a server holds the store
    except StoreUnavailable as exc:
        raise StoreUnavailable(
            f"The store at {settings.store} is in use (is `govgraph serve` running?).",
            hint="Ask the running server instead: POST /releases with a maintainer token.",
        ) from exc
    try:
        made = Releases(settings).create(live, note)
    finally:
        live.close()
    out.print(f"Release {made.number}: {made.triples:,} triples in {len(made.graphs)} graphs, at {made.path}")
    for f in made.files:
        out.print(f"  {f.name:<12} {f.size:>12,} bytes  sha256:{f.sha256}")


@app.command()
def releases(
    store: StoreOption = None,
    releases_dir: Annotated[
        Path | None, typer.Option(help="Where releases are [env: GOVGRAPH_RELEASES_DIR].", show_default=False)
    ] = None,
) -> None:
    """List the releases: number, when, triples, note."""
    from govgraph.releases import Releases

    table = Table("release", "made", "triples", "note")
    for made in Releases(_settings(store, releases_dir=releases_dir)).list():
        table.add_row(str(made.number), made.created, f"{made.triples:,}", made.note or "")
    out.print(table)


# -- network analysis ----------------------------------------------------------------------------

MeasureOption = Annotated[
    list[str] | None,
    typer.Option("--measure", help="degree, betweenness, eigenvector or community; repeatable (all when absent)."),
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="The network as of this date (YYYY-MM-DD).")]
_NODE_COLUMNS = ("label", "class", "degree", "betweenness", "eigenvector", "community")


@app.command()
def analyze(
    projection: Annotated[str, typer.Argument(help="participation, co-participation, lineage or stewardship.")],
    measure: MeasureOption = None,
    as_of: AsOfOption = None,
    groups: Annotated[bool, typer.Option("--groups", help="Aggregate the measures per stakeholder group.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="With --to: the shortest connection from here.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="With --from: where the connection ends.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    top: Annotated[int | None, typer.Option("--top", help="Only the first N rows.", min=1)] = None,
    lang: LangOption = "en",
    store: StoreOption = None,
) -> None:
    """Measure a network: `govgraph analyze participation --as-of 2019-06-01`, `--groups`, `--from A --to B`."""
    import json

    from govgraph import analysis
    from govgraph.loader import open_store

    if fmt not in {"table", "json", "csv"}:
        raise GovgraphError(f"--format {fmt!r} is not available.", hint="Use table, json or csv.")
    if (start is None) != (end is None):
        raise GovgraphError("--from and --to go together.", hint="For example: --from vint-cerf --to government-br")
    settings = _settings(store)
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


@app.command("export")
def export_network(
    projection: Annotated[str, typer.Option("--projection", help="participation, co-participation, lineage, …")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf or json (node-link).")] = "graphml",
    measure: MeasureOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = "en",
    store: StoreOption = None,
) -> None:
    """Write a network with its measures for Gephi or a notebook: `govgraph export --projection lineage -o l.gexf`."""
    from govgraph import analysis
    from govgraph.loader import open_store

    chosen = analysis.export_format(fmt)
    settings = _settings(store)
    st = open_store(settings, read_only=True)
    result = analysis.analyze(st, projection, as_of=as_of, lang=lang, measures=measure, timeout=settings.query_timeout)
    output.write_bytes(analysis.export(result.with_measures(), chosen.name))
    summary = result.summary()
    out.print(
        f"Wrote {output} ({chosen.name}): {summary['nodes']} nodes, {summary['edges']} edges, as of {summary['as_of']}"
    )


def main() -> None:
    """Entry point: run the app, turning expected errors into one line on stderr and an exit code."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except GovgraphError as exc:
        if _state["debug"]:
            raise
        err.print(f"[red]error:[/] {exc.message}", highlight=False)
        report = exc.details.get("report")
        if report is not None:
            err.print(report.text(), highlight=False)
        if exc.hint:
            err.print(f"hint: {exc.hint}", highlight=False)
        sys.exit(exc.exit_code)
    except (RdfSyntaxError, OSError) as exc:
        if _state["debug"]:
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


if __name__ == "__main__":
    main()
