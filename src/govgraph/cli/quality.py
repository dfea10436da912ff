"""Commands that check data: validate, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.app import SUFFIX_FORMATS, LangOption, StoreOption, app, load_settings, out
from govgraph.cli.query import cell_text
from govgraph.errors import GovgraphError

PANEL = "Checking"  # where `govgraph --help` lists these commands


@app.command(rich_help_panel=PANEL)
def validate(
    file: Annotated[Path, typer.Argument(help="An RDF file (.ttl, .nt, .trig, .jsonld, .rdf).")],
    lang: LangOption = "en",
    store: StoreOption = None,
) -> None:
    """Check an RDF file as POST /validate does: the shapes, in the context of the published graph, and
    govgraph's own rules. Exit 1 if it does not conform."""
    from govgraph.contributions.checker import Checker, in_sources, in_store
    from govgraph.loader import open_store, store_built

    settings = load_settings(store)
    if not file.is_file():
        raise GovgraphError(f"No such file: {file}", hint="Check the path.")
    fmt = SUFFIX_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise GovgraphError(
            f"Cannot tell the RDF syntax of {file.name} from its extension.",
            hint=f"Use one of: {', '.join(SUFFIX_FORMATS)}.",
        )
    published = open_store(settings, read_only=True) if store_built(settings) else None
    try:
        context = in_store(published) if published is not None else in_sources(settings)
        report = (
            Checker.from_settings(settings, context).check(file.read_bytes(), fmt, lang=lang, source=str(file)).report
        )
    finally:
        if published is not None:
            published.close()
    out.print(report.text(lang), highlight=False)
    raise typer.Exit(0 if report.conforms else 1)


@app.command(rich_help_panel=PANEL)
def check(
    store: StoreOption = None,
    lang: LangOption = "en",
    reasoner: Annotated[bool, typer.Option(help="Run the HermiT consistency check (needs Java).")] = True,
) -> None:
    """Run every check on the built store: the SHACL shapes, queries/qc/*-violation.rq, and OWL consistency."""
    from govgraph.consistency import check_consistency
    from govgraph.loader import open_store, source_files, validate_sources
    from govgraph.quality import asserted_ntriples, run_quality_checks

    settings = load_settings(store)
    problems = 0
    shapes = validate_sources(settings, source_files(settings))
    out.print(f"shapes: {shapes.text(lang)}", highlight=False)
    problems += len(shapes.results)
    st = open_store(settings, read_only=True)
    for outcome in run_quality_checks(st, settings.queries_dir):
        status = "ok" if outcome.passed else f"{len(outcome.result.rows)} violation(s)"
        out.print(f"qc {outcome.check.name}: {status}", highlight=False)
        for record in outcome.result.records()[:20]:
            out.print("    " + ", ".join(f"{k}={cell_text(v)}" for k, v in record.items()), highlight=False)
        problems += len(outcome.result.rows)
    if reasoner:
        consistency = check_consistency(asserted_ntriples(st))
        out.print(f"owl: {consistency.message} ({consistency.seconds:.1f} s)", highlight=False)
        problems += 0 if consistency.consistent else 1
    raise typer.Exit(1 if problems else 0)
