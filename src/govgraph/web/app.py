"""create_app(settings) -> FastAPI. Routes stay thin: parse, call a service, format."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from govgraph import __version__, scaleout
from govgraph.contributions.workflow import Contributions
from govgraph.errors import StoreUnavailable
from govgraph.journal import Journal
from govgraph.loader import open_store
from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.statistics import by_class
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.sandbox import QueryWorkers
from govgraph.store.snapshots import Snapshots, newest_snapshot, open_newest, snapshots_directory
from govgraph.web import analysis, contributions, datasets, docs, entities, problems, questions, sparql_endpoint, views
from govgraph.web.answer_cache import AnswerCache, ServeKept
from govgraph.web.bodies import CloseUnreadBodies
from govgraph.web.bounded_work import BoundedWork
from govgraph.web.negotiation import PAGE_TYPES, PageFormat
from govgraph.web.pages import STATIC, language, page_json, render, wants_html
from govgraph.web.security import SecurityHeaders

DESCRIPTION = """Who governs the Internet? A knowledge graph of Internet-governance processes: stakeholders,
forums, meetings, mandates, outcome documents and the Internet resources they steward.

¿Quién gobierna Internet? Un grafo de conocimiento de los procesos de gobernanza de Internet."""


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web app over `store`, or over the store at settings.store, opened for the app's lifetime.

    The app is the store's one writer (published contributions); on start it brings the store in line
    with the contribution journal, which matters after a crash or a `govgraph build`.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        # Several workers over one embedded store: the first to open it writes, the others read.
        shared = opened and settings.workers > 1 and not settings.remote
        app.state.store, reading = (store, False) if store is not None else _open(settings, shared)
        journal = Journal(settings.journal_file)
        app.state.contributions = Contributions.from_settings(settings, app.state.store, journal)
        app.state.follower = None
        if reading:
            app.state.contributions.writes_refused = lambda: scaleout.read_only_error(settings.store_path)
        else:
            app.state.contributions.reconcile()
        app.state.contributions.on_change.append(app.state.label_index.changed)
        app.state.class_counts = {}  # by language; counting every entity takes seconds on a big store
        app.state.contributions.on_change.append(app.state.class_counts.clear)
        # Validations are bounded and on threads of their own: a flood of them cannot starve other routes.
        app.state.validations = BoundedWork(settings.validations, settings.validation_queue, doing="validating")
        # They are CPU work under the GIL: the event loop gets it back after 1 ms of theirs, not 5 (under a
        # flood, /health's worst case 0.55-0.78 s -> 0.35-0.38 s, the median 22 -> 12 ms, same throughput).
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.001)
        app.state.answers = None
        if settings.answer_cache_mb and not settings.remote:
            app.state.answers = AnswerCache(settings.answer_cache_mb * 2**20)
            app.state.contributions.on_change.append(app.state.answers.clear)
        app.state.workers = None
        # Other processes read snapshots of the embedded store, published after every change.
        use_workers = bool(settings.query_workers) and store is None and not settings.remote
        snapshot = None
        if reading:
            snapshot = newest_snapshot(snapshots_directory(settings.store_path))
        elif use_workers or shared:
            publish = _snapshot_publisher(app, settings, shared)
            snapshot = publish()
            app.state.contributions.on_change.insert(0, publish)  # before any cache is cleared
        if use_workers and snapshot is not None:
            app.state.workers = QueryWorkers(snapshot, settings.query_workers, in_memory=settings.reads == "memory")
            await run_in_threadpool(app.state.workers.wait_ready)
        datasets.open_datasets(app, settings)  # app.state.releases and app.state.dumps
        if reading:
            app.state.follower = scaleout.Follower(settings.store_path, lambda: _follow(app, settings))
        try:
            yield
        finally:
            sys.setswitchinterval(switch_interval)
            app.state.validations.close()
            app.state.releases.close()
            if settings.workers > 1:
                shutil.rmtree(app.state.dumps.directory, ignore_errors=True)
            if app.state.workers is not None:
                app.state.workers.close()
            journal.close()
            if opened:
                app.state.store.close()

    catalogue = Catalogue(settings.queries_dir)
    # /docs is govgraph's own page (docs.py): FastAPI's loads Swagger UI from a CDN. No /redoc.
    app = FastAPI(
        title="govgraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings

    # Outermost last: security headers, unread bodies, CORS, then a reader catching up with the writer, then
    # kept answers, then the routes.
    app.add_middleware(ServeKept)
    app.add_middleware(FollowTheWriter)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type", "Cache-Control", "If-None-Match"],
        expose_headers=["X-Govgraph-Truncated", "X-Govgraph-Cache", "ETag"],
    )
    app.add_middleware(CloseUnreadBodies)
    app.add_middleware(SecurityHeaders)
    problems.install(app)
    # Compressed for classrooms on weak connections (Cytoscape.js: 435 kB, 135 kB gzipped).
    app.mount("/static", GZipMiddleware(StaticFiles(directory=STATIC), minimum_size=1000), name="static")

    @app.get("/", summary="Entry points", responses=problems.responses(422, ok=PAGE_TYPES))
    def index(request: Request, format: PageFormat = None) -> Response:
        if wants_html(request, format):
            lang, cached = language(request), request.app.state.class_counts
            if lang not in cached:
                cached[lang] = by_class(request.app.state.store, lang)
            counts = cached[lang]
            return render(request, "home.html", questions=list(catalogue), counts=counts)
        links = {
            "health": "/health",
            "sparql": "/sparql",
            "questions": "/questions",
            "contributions": "/contributions",
            "dump": "/dump",
            "releases": "/releases",
            "void": "/void",
            "docs": "/docs",
        }
        return page_json({"name": "govgraph", "version": __version__, "links": links})

    @app.get(
        "/health",
        summary="Readiness and size of the store, and whether the query workers can answer",
        responses={503: {"description": "No query worker can answer: each failed to open the store."}},
    )
    async def health(request: Request) -> JSONResponse:
        # On the event loop, so that it answers however busy the threads are; counting, or asking an
        # engine, goes to a thread.
        state = request.app.state
        triples = state.store.known_triple_count()
        if triples is None:
            triples = await run_in_threadpool(state.store.triple_count)
        body: dict[str, object] = {"status": "ok", "triples": triples, "version": __version__}
        if state.follower is not None:
            body["worker"] = "reader"
        status_code = 200
        if state.workers is not None:
            workers = state.workers.status()
            body["query_workers"] = {
                "count": workers.count,
                "serving": workers.serving,
                "opening": workers.opening,
                "failing": workers.failing,
            }
            if workers.failing:
                body["status"] = "degraded"
                body["query_workers"]["last_error"] = workers.last_error  # type: ignore[index]
            if not workers.can_serve:
                status_code = 503
        return JSONResponse(body, status_code=status_code)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    docs.install(app)
    sparql_endpoint.install(app, settings, catalogue)
    questions.install(app, settings, catalogue)
    contributions.install(app, settings)
    entities.install(app, settings, catalogue)
    views.install(app, settings, catalogue)
    datasets.install(app, settings)
    analysis.install(app, settings)
    return app


class FollowTheWriter:
    """Before each request, a reading worker catches up with the writer's changes (plain ASGI: this runs
    on every request, and Starlette's request/response middleware costs a task and a stream each time)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            follower = getattr(scope["app"].state, "follower", None)
            if follower is not None:
                follower.check()
        await self.app(scope, receive, send)


def from_environment() -> FastAPI:
    """The app from GOVGRAPH_* variables: what each of `govgraph serve --workers N`'s processes runs."""
    return create_app(Settings.from_env())


def _open(settings: Settings, shared: bool) -> tuple[Store, bool]:
    """The store for writing; when another worker holds it and workers share it, its newest snapshot."""
    try:
        return open_store(settings, serving=True), False
    except StoreUnavailable:
        if not shared:
            raise
        return _newest_snapshot(settings), True


def _newest_snapshot(settings: Settings) -> Store:
    """What a reading web worker queries: the writer's newest snapshot (waiting for the first one)."""
    return open_newest(settings.store_path, in_memory=settings.reads == "memory").store


def _snapshot_publisher(app: FastAPI, settings: Settings, shared: bool) -> Callable[[], Path]:
    """What the writer does after each change (and once on start): publish a snapshot, have the query
    workers open it, and tell reading web workers."""
    snapshots = Snapshots(settings.store_path)

    def publish() -> Path:
        written = app.state.store
        assert isinstance(written, EmbeddedStore)  # snapshots are of the embedded store only
        snapshot = snapshots.take(written)
        if app.state.workers is not None:
            app.state.workers.changed(snapshot)
        if shared:
            scaleout.bump(settings.store_path)
        return snapshot

    if shared:
        scaleout.claim(settings.store_path)
    return publish


def _follow(app: FastAPI, settings: Settings) -> None:
    """A reader's view of the store after the writer changed it: the newest snapshot opened, caches told.
    The old view is left to the requests still reading it (and then to the garbage collector)."""
    fresh = _newest_snapshot(settings)
    newest = newest_snapshot(snapshots_directory(settings.store_path))
    if app.state.workers is not None and newest is not None:
        app.state.workers.changed(newest)
    app.state.store = fresh
    app.state.contributions.store = fresh
    app.state.dumps.store = fresh
    for listener in app.state.contributions.on_change:
        listener()
