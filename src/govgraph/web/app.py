"""create_app(settings) -> FastAPI. Routes stay thin: parse, call a service, format."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from govgraph import __version__
from govgraph.contributions import Contributions
from govgraph.journal import Journal
from govgraph.loader import open_store
from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.statistics import by_class
from govgraph.store.base import Store
from govgraph.store.sandbox import QueryWorkers
from govgraph.web import analysis, contributions, datasets, entities, problems, questions, sparql_endpoint, views
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
        app.state.store = store if store is not None else open_store(settings)
        journal = Journal(settings.journal_file)
        app.state.contributions = Contributions.from_settings(settings, app.state.store, journal)
        app.state.contributions.reconcile()
        app.state.contributions.on_change.append(app.state.label_index.changed)
        app.state.workers = None
        # An engine has its own limits and processes: its queries go to it directly.
        if settings.query_workers and store is None and not settings.remote:
            app.state.workers = QueryWorkers(settings.store, settings.query_workers)
            app.state.contributions.on_change.append(app.state.workers.changed)
        datasets.open_datasets(app, settings)  # app.state.releases and app.state.dumps
        try:
            yield
        finally:
            app.state.releases.close()
            if app.state.workers is not None:
                app.state.workers.close()
            journal.close()
            if opened:
                app.state.store.close()

    catalogue = Catalogue(settings.queries_dir)
    app = FastAPI(title="govgraph", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["X-Govgraph-Truncated"],
    )
    problems.install(app)
    # Compressed for classrooms on weak connections (Cytoscape.js: 435 kB, 135 kB gzipped).
    app.mount("/static", GZipMiddleware(StaticFiles(directory=STATIC), minimum_size=1000), name="static")

    @app.get("/", summary="Entry points", responses=problems.responses(ok=("application/json", "text/html")))
    def index(request: Request, format: str | None = None) -> Response:
        if wants_html(request, format):
            counts = by_class(request.app.state.store, language(request))
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
    def health(request: Request) -> dict[str, object]:
        st: Store = request.app.state.store
        return {"status": "ok", "triples": st.triple_count(), "version": __version__}

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
