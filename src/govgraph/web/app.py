"""create_app(settings) -> FastAPI. Routes stay thin: parse, call a service, format."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from govgraph import __version__, scaleout
from govgraph.contributions import Contributions
from govgraph.errors import StoreUnavailable
from govgraph.journal import Journal
from govgraph.loader import open_store
from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.statistics import by_class
from govgraph.store.base import Store
from govgraph.store.sandbox import QueryWorkers
from govgraph.web import analysis, contributions, datasets, entities, problems, questions, sparql_endpoint, views
from govgraph.web.answer_cache import AnswerCache, ServeKept
from govgraph.web.bodies import CloseUnreadBodies
from govgraph.web.bounded_work import BoundedWork
from govgraph.web.pages import STATIC, language, render, wants_html

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
        # An engine has its own limits and processes: its queries go to it directly.
        if settings.query_workers and store is None and not settings.remote:
            app.state.workers = QueryWorkers(
                settings.store, settings.query_workers, in_memory=settings.reads == "memory"
            )
            app.state.contributions.on_change.append(app.state.workers.changed)
            await run_in_threadpool(app.state.workers.wait_ready)
        datasets.open_datasets(app, settings)  # app.state.releases and app.state.dumps
        if shared and not reading:
            scaleout.claim(settings.store_path)
            app.state.contributions.on_change.append(lambda: scaleout.bump(settings.store_path))
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
    app = FastAPI(title="govgraph", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings

    # Outermost last: unread bodies, CORS, then a reader catching up with the writer, then kept answers, then
    # the routes.
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
    problems.install(app)
    # Compressed for classrooms on weak connections (Cytoscape.js: 435 kB, 135 kB gzipped).
    app.mount("/static", GZipMiddleware(StaticFiles(directory=STATIC), minimum_size=1000), name="static")

    @app.get("/", summary="Entry points", responses=problems.responses(ok=("application/json", "text/html")))
    def index(request: Request, format: str | None = None) -> Response:
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
        return JSONResponse({"name": "govgraph", "version": __version__, "links": links})

    @app.get("/health", summary="Readiness and size of the store")
    async def health(request: Request) -> dict[str, object]:
        # On the event loop, so that it answers however busy the threads are; counting, or asking an
        # engine, goes to a thread.
        st: Store = request.app.state.store
        triples = st.known_triple_count()
        if triples is None:
            triples = await run_in_threadpool(st.triple_count)
        health: dict[str, object] = {"status": "ok", "triples": triples, "version": __version__}
        if getattr(request.app.state, "follower", None) is not None:
            health["worker"] = "reader"
        return health

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

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
    """The store for writing; when another worker holds it and workers share it, read-only instead."""
    try:
        return open_store(settings, serving=True), False
    except StoreUnavailable:
        if not shared:
            raise
        return open_store(settings, read_only=True, serving=True), True


def _follow(app: FastAPI, settings: Settings) -> None:
    """A reader's view of the store after the writer changed it: the store opened again, caches told.
    The old view is left to the requests still reading it (and then to the garbage collector)."""
    fresh = open_store(settings, read_only=True, serving=True)
    app.state.store = fresh
    app.state.contributions.store = fresh
    app.state.dumps.store = fresh
    for listener in app.state.contributions.on_change:
        listener()
