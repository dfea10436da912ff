"""create_app(settings) -> FastAPI: the app assembled, its services opened for its lifetime (web/services.py)
and a router per area. Routes stay thin: parse, call a service, format."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from govgraph import __version__
from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.web import (
    analysis,
    contributions,
    datasets,
    docs,
    entities,
    home,
    problems,
    questions,
    services,
    sparql_endpoint,
    views,
)
from govgraph.web.answer_cache import ServeKept
from govgraph.web.bodies import CloseUnreadBodies
from govgraph.web.pages import STATIC
from govgraph.web.security import SecurityHeaders

DESCRIPTION = """Who governs the Internet? A knowledge graph of Internet-governance processes: stakeholders,
forums, meetings, mandates, outcome documents and the Internet resources they steward.

¿Quién gobierna Internet? Un grafo de conocimiento de los procesos de gobernanza de Internet."""


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web app over `store`, or over the store at settings.store, opened for the app's lifetime."""
    catalogue = Catalogue(settings.queries_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with services.open_services(settings, catalogue, store) as opened:
            services.attach(app, opened)
            yield

    # /docs is govgraph's own page (docs.py): FastAPI's loads Swagger UI from a CDN. No /redoc.
    app = FastAPI(
        title="govgraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    # Outermost last: security headers, unread bodies, CORS, then a reader catching up with the writer, then
    # kept answers, then the routes.
    app.add_middleware(ServeKept, cache_of=services.answer_cache_of)
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

    app.include_router(home.router)
    app.include_router(docs.router)
    app.include_router(sparql_endpoint.router)
    app.include_router(questions.router)
    app.include_router(questions.routes(catalogue))  # one per question: the OpenAPI document lists each
    app.include_router(contributions.router)
    app.include_router(entities.router)
    app.include_router(views.router)
    app.include_router(datasets.router)
    app.include_router(analysis.router)
    return app


class FollowTheWriter:
    """Before each request, a reading worker catches up with the writer's changes (plain ASGI: this runs
    on every request, and Starlette's request/response middleware costs a task and a stream each time)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            opened = services.of_scope(scope)
            if opened is not None and opened.follower is not None:
                opened.follower.check()
        await self.app(scope, receive, send)


def from_environment() -> FastAPI:
    """The app from GOVGRAPH_* variables: what each of `govgraph serve --workers N`'s processes runs."""
    return create_app(Settings.from_env())
