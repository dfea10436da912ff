"""Commands that make, fill, serve and snapshot the store: build, load, serve, release, releases."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govgraph.cli.app import LangOption, StoreOption, app, err, load_settings, out
from govgraph.errors import DataNotValid, SettingsError
from govgraph.settings import Settings

if TYPE_CHECKING:
    from govgraph.loader import BuildReport


PANEL = "The store"  # where `govgraph --help` lists these commands


@app.command(rich_help_panel=PANEL)
def build(store: StoreOption = None, lang: LangOption = "en") -> None:
    """Load ontology/ and data/ into the store: validate against the shapes, then load and infer."""

    settings = load_settings(store)
    try:
        report = _build_with_progress(settings)
    except DataNotValid as exc:
        err.print(f"[red]error:[/] {exc.message}", highlight=False)
        out.print(exc.details["report"].text(lang), highlight=False)
        raise typer.Exit(1) from None
    from govgraph.contributions.workflow import republish

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


@app.command("load", rich_help_panel=PANEL)
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

    st = open_store(load_settings(store))
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


@app.command(rich_help_panel=PANEL)
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

    settings = load_settings(store, host=host, port=port, workers=workers)
    check_can_listen(settings.host, settings.port)  # in one line now, not as uvicorn's error after the banner
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
    listening = {"host": settings.host, "port": settings.port, "log_level": "warning", **forwarded(settings)}
    if settings.workers == 1:
        uvicorn.run(create_app(settings), **listening)
        return
    # Each worker process makes its own app from the environment: the options go there first.
    os.environ.update(GOVGRAPH_STORE=str(settings.store), GOVGRAPH_WORKERS=str(settings.workers))
    uvicorn.run("govgraph.web.app:from_environment", factory=True, workers=settings.workers, **listening)


def check_can_listen(host: str, port: int) -> None:
    """Bind the address `serve` will listen on and let it go again; SettingsError saying why it cannot."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise SettingsError(
            f"Cannot listen on {host!r} ({exc.strerror}): set --host or GOVGRAPH_HOST to an address of this machine."
        ) from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: a closed port is free
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                said = f"Port {port} on {host} is already in use; choose another with --port or GOVGRAPH_PORT."
            elif exc.errno == errno.EACCES:
                said = f"Port {port} on {host} needs privileges; choose one above 1023 with --port or GOVGRAPH_PORT."
            else:
                said = f"Cannot listen on {host}:{port} ({exc.strerror}); check --host, --port (GOVGRAPH_HOST, _PORT)."
            raise SettingsError(said) from None


def forwarded(settings: Settings) -> dict[str, Any]:
    """uvicorn's handling of X-Forwarded-* headers: off unless proxies are named. Its default believes them
    from 127.0.0.1, so a client behind any local proxy, or one that sends the header itself through it,
    chooses the address that per-address limits count."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(settings.trusted_proxies)}


@app.command(rich_help_panel=PANEL)
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

    settings = load_settings(store, releases_dir=releases_dir)
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


@app.command(rich_help_panel=PANEL)
def releases(
    store: StoreOption = None,
    releases_dir: Annotated[
        Path | None, typer.Option(help="Where releases are [env: GOVGRAPH_RELEASES_DIR].", show_default=False)
    ] = None,
) -> None:
    """List the releases: number, when, triples, note."""
    from govgraph.releases import Releases

    table = Table("release", "made", "triples", "note")
    for made in Releases(load_settings(store, releases_dir=releases_dir)).list():
        table.add_row(str(made.number), made.created, f"{made.triples:,}", made.note or "")
    out.print(table)


# -- network analysis ----------------------------------------------------------------------------
