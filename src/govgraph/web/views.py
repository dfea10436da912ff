"""Embeddable graph views: /embed/entity|forum|lineage/{slug} and /embed/stewardship, as HTML, SVG or JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from govgraph.errors import NotFound
from govgraph.formats import HTML, JSON, SVG, Format
from govgraph.releases import MAX_NUMBER
from govgraph.store.base import Store
from govgraph.views import View
from govgraph.views.entity import MAX_DEPTH
from govgraph.views.model import LegendEntry
from govgraph.web import answer_cache, negotiation, problems
from govgraph.web.graphics import shape
from govgraph.web.negotiation import format_of
from govgraph.web.pages import language, render, template
from govgraph.web.services import Services, ServicesDep

FORMATS: tuple[Format, ...] = (HTML, SVG, JSON)  # a view is made to be framed: a page unless asked otherwise
LangQuery = Query(None, description="Language of labels and text: en or es (default: the browser's, then en).")
AsOfQuery = Query(None, description="Show the graph as of this date (YYYY-MM-DD); default today.")
ReleaseQuery = Query(None, ge=1, le=MAX_NUMBER, description="Serve the view from this data release (see /releases).")
ViewFormat = Annotated[
    str | None, Query(description="html (default for browsers), svg or json; overrides Accept."), format_of(FORMATS)
]


def store_for(services: Services, release: int | None) -> Store:
    """The live store, or the read-only store of a numbered release."""
    return services.store if release is None else services.releases.store(release)


def view_data(view: View) -> dict[str, Any]:
    """The view as JSON: what the interactive page draws and what notebooks can reuse."""

    def entry(e: LegendEntry) -> dict[str, str]:
        return {"key": e.key, "label": e.label.get(view.lang, e.label["en"]), "colour": e.colour, "shape": e.shape}

    return {
        "kind": view.kind,
        "title": view.title,
        "description": view.description,
        "lang": view.lang,
        "as_of": view.as_of,
        "release": view.release,
        "centre": view.centre,
        "truncated": view.truncated,
        "ticks": view.ticks,
        "width": view.width,
        "height": view.height,
        "legend": [entry(e) for e in view.legend()],
        "nodes": [{**asdict(n), "slug": n.slug} for n in view.nodes.values()],
        "edges": [{**asdict(e), "dates": e.dates} for e in view.edges],
    }


def respond(request: Request, services: Services, view: View, fmt: str, params: dict[str, Any]) -> Response:
    headers = {"Vary": "Accept, Accept-Language"}  # security.py lets any page frame a view
    if view.release is not None:
        headers["Cache-Control"] = "public, max-age=86400"
    if fmt == "json":
        return JSONResponse(view_data(view), headers=headers)
    svg = template("view.svg").render(view=view, legend={e.key: e for e in view.legend()}, shape=shape)
    if fmt == "svg":
        name = f"govgraph-{view.kind}-{(view.centre or 'all').rsplit('/', 1)[-1]}.svg"
        headers["Content-Disposition"] = f'inline; filename="{name}"'
        return Response(svg, media_type=SVG.content_type, headers=headers)
    here = str(request.url.remove_query_params(["format", "lang"]).replace(query=""))
    pinned = {k: v for k, v in {**params, "lang": view.lang}.items() if v is not None}
    latest = services.latest_release()
    if view.release is None and latest is not None:
        pinned["release"] = latest
    page = render(
        request,
        "embed.html",
        view=view,
        data=view_data(view),
        svg=svg,
        shape=shape,
        depth=params.get("depth"),
        max_depth=MAX_DEPTH,
        embed_url=f"{here}?{urlencode(pinned)}",
        export_query=urlencode({k: v for k, v in {**params, "lang": view.lang}.items() if v is not None}),
    )
    page.headers.update(headers)
    return page


async def kept(request: Request, services: Services, compute: Callable[[], Response]) -> Response:
    """A view through the answer cache. Its page names this server (the embed code) and pins the newest
    release, made perhaps by `govgraph release` in another process: both are part of the key."""
    request_key = answer_cache.request_key(request.scope)[0]
    key = ("view", request.headers.get("host"), request_key, services.latest_release())
    return await answer_cache.serve(request, services.answers, compute, key=key)


router = APIRouter(tags=["views"])
OK = negotiation.media_types(FORMATS)


@router.get(
    "/embed/stewardship",
    summary="Who stewards which Internet resource (embeddable view)",
    responses=problems.responses(404, 406, 422, ok=OK),
)
async def embed_stewardship(
    request: Request,
    services: ServicesDep,
    lang: str | None = LangQuery,
    as_of: str | None = AsOfQuery,
    release: int | None = ReleaseQuery,
    format: ViewFormat = None,
) -> Response:
    def compute() -> Response:
        fmt = negotiation.choose(request, FORMATS, format).key
        store = store_for(services, release)
        view = services.views.build(store, "stewardship", lang=language(request), as_of=as_of, release=release)
        return respond(request, services, view, fmt, {"as_of": as_of, "release": release})

    return await kept(request, services, compute)


@router.get(
    "/embed/{kind}/{slug}",
    summary="An embeddable graph view: entity neighbourhood, forum ecosystem or process lineage",
    description=(
        "kind is `entity` (the neighbourhood of any entity, with `depth`), `forum` (who takes part in a forum "
        "or process, by stakeholder group) or `lineage` (the mandate and review lineage of a process, as a "
        "timeline). Made to live in an `<iframe>`."
    ),
    responses=problems.responses(404, 406, 422, ok=OK),
)
async def embed(
    request: Request,
    services: ServicesDep,
    kind: str,
    slug: str,
    lang: str | None = LangQuery,
    as_of: str | None = AsOfQuery,
    release: int | None = ReleaseQuery,
    depth: int = Query(1, ge=1, le=MAX_DEPTH, description="For entity views: how many steps out (1-3)."),
    format: ViewFormat = None,
) -> Response:
    if kind == "stewardship" or kind not in ("entity", "forum", "lineage"):
        raise NotFound(
            f"Unknown view {kind[:40]!r}.",
            hint="The views are /embed/entity/{slug}, /embed/forum/{slug}, /embed/lineage/{slug} and "
            "/embed/stewardship.",
        )

    def compute() -> Response:
        fmt = negotiation.choose(request, FORMATS, format).key
        store = store_for(services, release)
        view = services.views.build(
            store, kind, slug, lang=language(request), as_of=as_of, depth=depth, release=release
        )
        params = {"as_of": as_of, "release": release, "depth": depth if kind == "entity" else None}
        return respond(request, services, view, fmt, params)

    return await kept(request, services, compute)
