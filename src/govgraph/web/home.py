"""Routes of the entry points: the home page (or its links as JSON), /health and the favicon."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from govgraph import __version__
from govgraph.statistics import by_class
from govgraph.web import problems
from govgraph.web.negotiation import PAGE_TYPES, PageFormat
from govgraph.web.pages import language, page_json, render, wants_html
from govgraph.web.services import ServicesDep

router = APIRouter()

LINKS = {
    "health": "/health",
    "sparql": "/sparql",
    "questions": "/questions",
    "contributions": "/contributions",
    "dump": "/dump",
    "releases": "/releases",
    "void": "/void",
    "docs": "/docs",
}


@router.get("/", summary="Entry points", responses=problems.responses(422, ok=PAGE_TYPES))
def index(request: Request, services: ServicesDep, format: PageFormat = None) -> Response:
    if wants_html(request, format):
        lang, cached = language(request), services.class_counts
        if lang not in cached:
            cached[lang] = by_class(services.store, lang)
        return render(request, "home.html", questions=list(services.catalogue), counts=cached[lang])
    return page_json({"name": "govgraph", "version": __version__, "links": LINKS})


@router.get(
    "/health",
    summary="Readiness and size of the store, and whether the query workers can answer",
    responses={503: {"description": "No query worker can answer: each failed to open the store."}},
)
async def health(services: ServicesDep) -> JSONResponse:
    # On the event loop, so that it answers however busy the threads are; counting, or asking an
    # engine, goes to a thread.
    triples = services.store.known_triple_count()
    if triples is None:
        triples = await run_in_threadpool(services.store.triple_count)
    body: dict[str, object] = {"status": "ok", "triples": triples, "version": __version__}
    if services.follower is not None:
        body["worker"] = "reader"
    status_code = 200
    if services.workers is not None:
        workers = services.workers.status()
        query_workers: dict[str, object] = {
            "count": workers.count,
            "serving": workers.serving,
            "opening": workers.opening,
            "failing": workers.failing,
        }
        if workers.failing:
            body["status"] = "degraded"
            query_workers["last_error"] = workers.last_error
        body["query_workers"] = query_workers
        if not workers.can_serve:
            status_code = 503
    return JSONResponse(body, status_code=status_code)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)
