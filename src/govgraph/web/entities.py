"""Linked Data: /id/{slug} for every entity (HTML for people, RDF by Accept), and /search over names."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from govgraph.entities import description, entity
from govgraph.errors import NotFound
from govgraph.formats import GRAPH_RESULTS, HTML, Format
from govgraph.formats.writers import rdf_bytes
from govgraph.search import Hit, LabelIndex
from govgraph.store.base import Store
from govgraph.views.service import entity_iri
from govgraph.web import negotiation, problems
from govgraph.web.negotiation import PageFormat, format_of
from govgraph.web.pages import language, page_json, render, wants_html
from govgraph.web.services import ServicesDep

FORMATS: tuple[Format, ...] = (HTML, *GRAPH_RESULTS)  # a page for people unless an RDF syntax is preferred
EntityFormat = Annotated[
    str | None, Query(description="html, ttl, nt, jsonld or rdf; overrides Accept."), format_of(FORMATS)
]


# A browser asking for an unknown entity gets a page with a search box instead of a problem document.
PAGE_RESPONSES = problems.responses(404, 406, 422, ok=negotiation.media_types(FORMATS))
PAGE_RESPONSES[404]["content"][HTML.media_type] = {}


def suggestions(index: LabelIndex, store: Store, slug: str, lang: str) -> list[Hit]:
    """Entities named like any word of an unknown slug, longest words first: "icann-org" suggests ICANN."""
    found: dict[str, Hit] = {}
    for word in sorted({w for w in slug.split("-") if len(w) >= 3}, key=len, reverse=True)[:4]:
        for hit in index.search(store, word, lang, limit=5):
            found.setdefault(hit.iri, hit)
    return list(found.values())[:8]


router = APIRouter(tags=["linked data"])


@router.get(
    "/id/{slug}",
    summary="An entity: an HTML page, or its description in RDF by Accept (Turtle, JSON-LD, N-Triples, RDF/XML)",
    responses=PAGE_RESPONSES,
)
def entity_page(request: Request, services: ServicesDep, slug: str, format: EntityFormat = None) -> Response:
    store = services.store
    lang = language(request)
    chosen = negotiation.choose(request, FORMATS, format)
    page = chosen is HTML
    try:
        iri = entity_iri(store, slug)
    except NotFound:
        if not page:
            raise
        hits = suggestions(services.label_index, store, slug, lang)
        return render(request, "not_found.html", status_code=404, slug=slug, hits=hits)
    links = ", ".join(
        f'</id/{slug}?format={f.extension}>; rel="alternate"; type="{f.media_type}"' for f in GRAPH_RESULTS
    )
    headers = {"Vary": "Accept, Accept-Language", "Link": links}
    if page:
        found = entity(store, services.catalogue, iri, lang)
        response = render(request, "entity.html", entity=found, slug=slug, base=str(request.base_url).rstrip("/"))
        response.headers.update(headers)
        return response
    body = rdf_bytes(description(store, iri), chosen.key)
    return Response(body, media_type=chosen.content_type, headers=headers)


@router.get(
    "/search",
    summary="Entities whose names contain the text, in English or Spanish, ignoring case and accents",
    responses=problems.responses(422, ok=negotiation.PAGE_TYPES),
)
def search(
    request: Request,
    services: ServicesDep,
    q: str = Query("", max_length=200, description="Text to look for in the names of entities."),
    limit: int = Query(20, ge=1, le=100),
    format: PageFormat = None,
) -> Response:
    lang = language(request)
    hits = services.label_index.search(services.store, q, lang, limit=limit)
    if wants_html(request, format):
        return render(request, "search.html", q=q, hits=hits)
    return page_json(
        {"q": q, "results": [{"iri": h.iri, "slug": h.slug, "label": h.label, "matched": h.matched} for h in hits]}
    )
