"""Routes of the network analysis: projections, measures per node and per stakeholder group, paths, exports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from govgraph import analysis
from govgraph.formats import CSV, JSON, Format
from govgraph.web import answer_cache, negotiation, problems
from govgraph.web.negotiation import PageFormat, format_of
from govgraph.web.pages import language, page_json, render, wants_html
from govgraph.web.services import Services, ServicesDep

TABLES: tuple[Format, ...] = (JSON, CSV)  # nodes or groups: JSON (with a summary) unless CSV is preferred
EXPORTS: tuple[Format, ...] = tuple(analysis.FORMATS.values())  # GraphML unless another is asked for
_PROJECTIONS = ", ".join(analysis.PROJECTIONS)
_MEASURES = ", ".join(analysis.MEASURES)

AsOf = Annotated[
    str | None, Query(description="Network as of this date (YYYY-MM-DD); today when absent. / A esta fecha.")
]
Lang = Annotated[str | None, Query(description="Language of labels: en or es. / Idioma de las etiquetas.")]
Measures = Annotated[
    list[str] | None, Query(description=f"Measures to compute, repeatable ({_MEASURES}); all when absent.")
]
TableFormat = Annotated[str | None, Query(description="json (default) or csv; overrides Accept."), format_of(TABLES)]
ExportFormat = Annotated[
    str | None, Query(description="graphml (default), gexf or json (node-link); overrides Accept."), format_of(EXPORTS)
]
ProjectionName = Annotated[str, Path(description=f"One of: {_PROJECTIONS}.")]


# Each answer costs seconds on a big store: kept until the data changes, one computation however many ask.
router = APIRouter(tags=["analysis"])


@router.get(
    "/analysis",
    summary="The network projections and measures",
    responses=problems.responses(422, ok=negotiation.PAGE_TYPES),
)
def catalogue(request: Request, format: PageFormat = None) -> Response:
    lang = language(request)
    if wants_html(request, format):
        return render(request, "analysis.html", projections=_projections(lang), measures=_measures(lang))
    return page_json({"projections": _projections(lang), "measures": _measures(lang)})


@router.get(
    "/analysis/path",
    summary="The shortest connection between two actors",
    description="Nodes from one to the other, with the relation on each step. 404 when either is not a node "
    "of the projection on that date, or when no chain links them.",
    responses=problems.responses(404, 422, 503),
)
async def path(
    request: Request,
    services: ServicesDep,
    start: Annotated[str, Query(alias="from", description="Slug (vint-cerf) or IRI.", examples=["vint-cerf"])],
    end: Annotated[str, Query(alias="to", description="Slug (government-br) or IRI.", examples=["government-br"])],
    projection: Annotated[str, Query(description=f"One of: {_PROJECTIONS}.")] = "participation",
    as_of: AsOf = None,
    lang: Lang = None,
) -> Response:
    def compute() -> Response:
        timeout = services.settings.query_timeout
        graph = analysis.build(services.store, projection, as_of=as_of, lang=language(request), timeout=timeout)
        found = analysis.connection(graph, start, end)
        return JSONResponse({"projection": projection, "as_of": graph.graph["as_of"], **found.to_dict()})

    return await answer_cache.serve(request, services.answers, compute)


def table(
    request: Request,
    services: Services,
    projection: str,
    measure: list[str] | None,
    as_of: str | None,
    fmt: str | None,
    part: str,
) -> Response:
    """The nodes or the groups of a projection with their measures, as JSON (with a summary) or CSV."""
    chosen = negotiation.choose(request, TABLES, fmt)
    result = _analyze(request, services, projection, as_of, measure)
    rows = result.nodes() if part == "nodes" else result.groups()
    if chosen is CSV:
        return _csv(rows, f"{projection}-{result.graph.graph['as_of']}-{part}")
    return JSONResponse({"summary": result.summary(), part: rows}, headers={"Vary": "Accept"})


@router.get(
    "/analysis/{projection}",
    summary="Every node of a projection with its measures",
    description=f"Projections: {_PROJECTIONS}. JSON (a summary and the nodes) or CSV (one row per node).",
    responses=problems.responses(404, 406, 422, 503, ok=negotiation.media_types(TABLES)),
)
async def nodes(
    request: Request,
    services: ServicesDep,
    projection: ProjectionName,
    measure: Measures = None,
    as_of: AsOf = None,
    lang: Lang = None,
    format: TableFormat = None,
) -> Response:
    def compute() -> Response:
        return table(request, services, projection, measure, as_of, format, "nodes")

    return await answer_cache.serve(request, services.answers, compute)


@router.get(
    "/analysis/{projection}/groups",
    summary="Measures aggregated per stakeholder group",
    description="Per stakeholder group: nodes, mean and max of each measure, communities it spans.",
    responses=problems.responses(404, 406, 422, 503, ok=negotiation.media_types(TABLES)),
)
async def groups(
    request: Request,
    services: ServicesDep,
    projection: ProjectionName,
    measure: Measures = None,
    as_of: AsOf = None,
    lang: Lang = None,
    format: TableFormat = None,
) -> Response:
    def compute() -> Response:
        return table(request, services, projection, measure, as_of, format, "groups")

    return await answer_cache.serve(request, services.answers, compute)


@router.get(
    "/analysis/{projection}/export",
    summary="Download a projection for Gephi, Cytoscape or a notebook",
    description="GraphML, GEXF or node-link JSON (networkx's `node_link_data`, edges under `edges`), with "
    "every node's attributes and measures.",
    responses=problems.responses(404, 406, 422, 503, ok=negotiation.media_types(EXPORTS)),
)
async def export(
    request: Request,
    services: ServicesDep,
    projection: ProjectionName,
    format: ExportFormat = None,
    measure: Measures = None,
    as_of: AsOf = None,
    lang: Lang = None,
) -> Response:
    chosen = negotiation.choose(request, EXPORTS, format)

    def compute() -> Response:
        result = _analyze(request, services, projection, as_of, measure)
        name = f"govgraph-{projection}-{result.graph.graph['as_of']}.{chosen.extension}"
        return Response(
            analysis.export(result.with_measures(), chosen.key),
            media_type=chosen.content_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept"},
        )

    return await answer_cache.serve(request, services.answers, compute)


def _analyze(
    request: Request, services: Services, projection: str, as_of: str | None, measure: list[str] | None
) -> analysis.Analysis:
    return analysis.analyze(
        services.store,
        projection,
        as_of=as_of,
        lang=language(request),
        measures=measure,
        timeout=services.settings.query_timeout,
    )


def _csv(rows: Iterable[dict[str, Any]], name: str) -> Response:
    return Response(
        analysis.table_csv(rows),
        media_type=CSV.content_type,
        headers={"Content-Disposition": f'inline; filename="govgraph-{name}.csv"', "Vary": "Accept"},
    )


def _projections(lang: str) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "title": p.title.get(lang) or p.title["en"],
            "description": p.description.get(lang) or p.description["en"],
            "directed": p.directed,
            "url": f"/analysis/{p.name}",
            "groups": f"/analysis/{p.name}/groups",
            "exports": {f: f"/analysis/{p.name}/export?format={f}" for f in analysis.FORMATS},
        }
        for p in analysis.PROJECTIONS.values()
    ]


def _measures(lang: str) -> list[dict[str, str]]:
    return [{"name": name, "description": text.get(lang) or text["en"]} for name, text in analysis.MEASURES.items()]
