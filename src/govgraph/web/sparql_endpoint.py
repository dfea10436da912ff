"""The SPARQL 1.1 Protocol endpoint (query side), its Service Description, and the query page."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from govgraph.errors import InvalidParameter, QueryRefused, UnsupportedMediaType
from govgraph.formats import GRAPH_RESULTS, HTML, SELECT_RESULTS, Format, keys
from govgraph.formats.writers import serialize, writable
from govgraph.namespaces import DCT, PREFIXES, SD, data_graph, sparql_prologue
from govgraph.questions import Question
from govgraph.releases import MAX_NUMBER, parse_number
from govgraph.sparql import QueryText, check_read_only
from govgraph.store.base import QueryResult, Store
from govgraph.store.sandbox import QueryWorkers
from govgraph.web import answer_cache, negotiation, problems
from govgraph.web.bodies import read_body, utf8
from govgraph.web.negotiation import format_of, format_values
from govgraph.web.pages import render
from govgraph.web.services import Services, ServicesDep

# A query's results in what the engine writes for its form, or a page for a browser; with no query, the
# Service Description (RDF) or the query page.
DESCRIPTION_OFFERS: tuple[Format, ...] = (*GRAPH_RESULTS, HTML)
EVERY_OFFER: tuple[Format, ...] = (*SELECT_RESULTS, *GRAPH_RESULTS, HTML)
SPARQL_MEDIA_TYPES = negotiation.media_types(EVERY_OFFER)
# Names and media types alike: some clients (SPARQLWrapper) send `format=text/tab-separated-values`.
SPARQL_FORMATS = format_values(EVERY_OFFER)
QUERY_DOC = "The SPARQL query."
FORMAT_DOC = (
    f"{', '.join(keys(SELECT_RESULTS))} (SELECT/ASK); {', '.join(keys(GRAPH_RESULTS))} (CONSTRUCT/DESCRIBE); html. "
    "Overrides Accept."
)
GRAPH_DOC = "IRI of a graph to use as the default graph (repeatable); the union of all graphs when absent."
NAMED_DOC = "IRI of a graph GRAPH ?g may range over (repeatable); all graphs when absent."
RELEASE_DOC = "Number of a data release (GET /releases) to query instead of the graph as it is now."
SparqlFormat = Annotated[str | None, Query(description=FORMAT_DOC), format_of(EVERY_OFFER)]
Release = Annotated[int | None, Query(ge=1, le=MAX_NUMBER, description=RELEASE_DOC, examples=[1])]


router = APIRouter(tags=["sparql"])
GraphUris = Annotated[list[str] | None, Query(alias="default-graph-uri", description=GRAPH_DOC)]
NamedGraphUris = Annotated[list[str] | None, Query(alias="named-graph-uri", description=NAMED_DOC)]


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (read-only)",
    responses=problems.responses(400, 404, 406, 422, 503, ok=SPARQL_MEDIA_TYPES),
    response_description="SPARQL results (JSON by default), RDF for CONSTRUCT/DESCRIBE, or the "
    "Service Description when there is no query",
)
async def sparql_get(
    request: Request,
    services: ServicesDep,
    query: Annotated[str | None, Query(description=QUERY_DOC, examples=["SELECT ?f WHERE { ?f a gg:Forum }"])] = None,
    format: SparqlFormat = None,
    default_graph_uri: GraphUris = None,
    named_graph_uri: NamedGraphUris = None,
    release: Release = None,
) -> Response:
    if "update" in request.query_params:
        raise update_refused()
    if query is None:
        chosen = negotiation.choose(request, DESCRIPTION_OFFERS, format)
        if chosen is HTML:
            examples = [{"id": q.id, "title": q.title, "sparql": runnable_example(q)} for q in services.catalogue]
            return render(request, "sparql.html", prologue=sparql_prologue(), examples=examples)
        return service_description(request, chosen)
    text = one_query(request.query_params.getlist("query"))
    return await respond(request, services, Asked(text, format, default_graph_uri, named_graph_uri, release))


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query by POST (form-encoded, or the query as the body)",
    responses=problems.responses(400, 404, 406, 413, 415, 422, 503, ok=SPARQL_MEDIA_TYPES),
)
async def sparql_post(
    request: Request,
    services: ServicesDep,
    format: SparqlFormat = None,
    default_graph_uri: GraphUris = None,
    named_graph_uri: NamedGraphUris = None,
    release: Release = None,
) -> Response:
    body = await read_body(request, limit=services.settings.max_query_bytes * 3)
    media_type = utf8_media_type(request.headers.get("content-type"))
    in_url = request.query_params.getlist("query")  # a query there too makes two
    if "update" in request.query_params or media_type == "application/sparql-update":
        raise update_refused()
    if media_type == "application/sparql-query":
        text = one_query([*in_url, utf8(body)])
    elif media_type == "application/x-www-form-urlencoded":
        fields = parse_qs(utf8(body), keep_blank_values=True)
        if "update" in fields:
            raise update_refused()
        text = one_query([*in_url, *fields.get("query", [""])])
        format = format or _form_format(_first(fields, "format"))
        default_graph_uri = default_graph_uri or fields.get("default-graph-uri")
        named_graph_uri = named_graph_uri or fields.get("named-graph-uri")
        release = release or parse_number(_first(fields, "release"))
    else:
        raise UnsupportedMediaType(
            f"Content-Type {media_type or '(none)'} cannot carry a SPARQL query.",
            hint="Use application/sparql-query or application/x-www-form-urlencoded.",
        )
    if not text.strip():
        raise QueryRefused("No query given.", hint="Send the SPARQL text as the body or the `query` field.")
    return await respond(request, services, Asked(text, format, default_graph_uri, named_graph_uri, release))


def _first(fields: dict[str, list[str]], name: str) -> str | None:
    """A form field's first value, None when the form does not have it."""
    values = fields.get(name)
    return values[0] if values else None


def update_refused() -> QueryRefused:
    """The answer to a SPARQL update, however it comes (form field, body, URL parameter, GET)."""
    return QueryRefused(
        "SPARQL updates are not accepted; this endpoint is read-only.",
        hint="Send changes as a contribution (POST /contributions) instead.",
    )


def one_query(given: list[str]) -> str:
    """The one query of a request; a request with `query` more than once is refused (the protocol's rule:
    which of them to run would be a guess)."""
    if len(given) > 1:
        raise QueryRefused(
            f"The request carries {len(given)} queries; it may carry one.",
            hint="Send `query` once (in the URL for GET, in the body for POST).",
        )
    return given[0] if given else ""


def utf8_media_type(content_type: str | None) -> str:
    """The media type of a request body, which must be in UTF-8, the one encoding the protocol allows."""
    media_type, _, options = (content_type or "").partition(";")
    for option in options.split(";"):
        name, _, value = option.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(
                f"The body is declared as charset={charset[:40]}; SPARQL queries are read in UTF-8 only.",
                hint="Send the query encoded in UTF-8 (charset=utf-8, or no charset at all).",
            )
    return media_type.strip().lower()


def _form_format(value: str | None) -> str | None:
    """A form's `format` field, held to the values the `format` query parameter takes."""
    if value and value.lower() not in SPARQL_FORMATS:
        raise InvalidParameter(
            f"format={value[:40]!r} is not a format of this endpoint.",
            hint=f"Use one of: {', '.join(dict.fromkeys(SPARQL_FORMATS))}.",
            details={"parameter": "format"},
        )
    return value.lower() if value else None


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def graph_iris(values: list[str] | None, parameter: str) -> list[str] | None:
    """The graph IRIs of a dataset parameter; empty values are ignored, malformed ones refused."""
    iris = [v.strip() for v in values or [] if v.strip()]
    for iri in iris:
        if not _ABSOLUTE_IRI.match(iri):
            raise InvalidParameter(
                f"{parameter} {iri[:100]!r} is not an absolute IRI.",
                hint=f"Give the graph's full IRI, such as {data_graph('igf')}.",
                details={"parameter": parameter},
            )
    return iris or None


@dataclass(frozen=True)
class Asked:
    """A query as the protocol brings it: the text, a format, the dataset, and a release to ask instead."""

    text: str
    fmt: str | None
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    release: int | None = None


def offers(query: QueryText) -> tuple[Format, ...]:
    """What the answer to `query` can be sent as, by its form (CSV needs rows, RDF needs triples)."""
    return (*writable(query.kind), HTML)


async def respond(request: Request, services: Services, asked: Asked) -> Response:
    """The answer, from the answer cache when it is there; the HTML page is always made afresh."""
    query = check_read_only(asked.text, services.settings.max_query_bytes)  # analysed here, once for the request
    chosen = negotiation.choose(request, offers(query), asked.fmt)  # a 406 before anything runs
    base_iri = endpoint_iri(request)

    def compute() -> Response:
        return answer(request, services, asked, query, chosen, base_iri)

    if chosen is HTML:
        return await run_in_threadpool(compute)
    # Relative IRIs resolve against the endpoint's IRI, which differs by host name: such a query is kept
    # per base IRI (a GET then under a key of its own, not as the request it is).
    base = base_iri if query.relative_iris else None
    key: Hashable | None = None
    if request.method == "POST":
        graphs = (tuple(asked.default_graphs or ()), tuple(asked.named_graphs or ()))
        key = ("POST /sparql", asked.release, asked.text, asked.fmt, request.headers.get("accept"), graphs, base)
    elif base is not None:
        key = ("GET /sparql", base, answer_cache.request_key(request.scope)[0])
    immutable = asked.release is not None
    return await answer_cache.serve(
        request, services.answers, compute, key=key, immutable=immutable, keep=not query.volatile
    )


def endpoint_iri(request: Request) -> str | None:
    """This endpoint's own IRI, as the request reached it (http://host/sparql): the base IRI of its queries.
    None when the Host header makes it no IRI at all."""
    iri = str(request.url_for("sparql_get"))
    try:
        return ox.NamedNode(iri).value if _ABSOLUTE_IRI.match(iri) else None
    except ValueError:
        return None


def answer(
    request: Request, services: Services, asked: Asked, query: QueryText, chosen: Format, base_iri: str | None
) -> Response:
    text, number = query.text, asked.release
    default_graphs = graph_iris(asked.default_graphs, "default-graph-uri")
    named_graphs = graph_iris(asked.named_graphs, "named-graph-uri")
    settings = services.settings
    options: dict[str, Any] = {
        "timeout": settings.query_timeout,
        "max_rows": settings.max_rows,
        "default_graphs": default_graphs,
        "named_graphs": named_graphs,
        "base_iri": base_iri,
    }
    # The public's queries go to worker processes that can be stopped at the limit, when there are any.
    target: Store | QueryWorkers = services.workers or services.store
    if number is not None and services.workers is not None:
        options["store"] = services.releases.get(number).store_path
    elif number is not None:
        target = services.releases.store(number)
    if chosen is HTML:
        return results_page(request, text, target.query(text, **options))
    # The answer written by the engine itself where it can (rows never become Python objects).
    served = target.query_bytes(text, chosen.key, **options)
    if served is None:
        result = target.query(text, **options)
        body, truncated = serialize(result, chosen.key)[0], result.truncated
    else:
        body, truncated = served.body, served.truncated
    headers = {"Vary": "Accept"}
    if truncated:
        headers["X-Govgraph-Truncated"] = "true"
    return Response(body, media_type=chosen.content_type, headers=headers)


def runnable_example(question: Question) -> str:
    """The question's query with its example parameters bound and its prefixes declared, ready to copy."""
    bound = question.bind({p.name: p.example for p in question.params})[0]
    body = "\n".join(line for line in bound.splitlines() if not line.startswith("#+"))
    return f"# {question.title['en']}\n# {question.title['es']}\n{sparql_prologue()}{body.lstrip()}"


def results_page(request: Request, text: str, result: QueryResult) -> Response:
    """Results as a table (SELECT), a yes/no (ASK) or Turtle text (CONSTRUCT), for a browser with no script."""
    turtle = serialize(result, "turtle")[0].decode() if result.kind == "graph" else None
    return render(
        request, "sparql.html", prologue=sparql_prologue(), examples=[], query=text, result=result, turtle=turtle
    )


def service_description(request: Request, chosen: Format) -> Response:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle (or another RDF syntax by Accept)."""
    endpoint = str(request.url_for("sparql_get"))
    formats = "".join(f"    sd:resultFormat <{f.w3c}> ;\n" for f in (*SELECT_RESULTS, *GRAPH_RESULTS))
    turtle = f"""@prefix sd: <{SD}> .
@prefix dct: <{DCT}> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{formats}    sd:feature sd:UnionDefaultGraph ;
    dct:title "govgraph SPARQL endpoint (read-only)"@en , "Punto de acceso SPARQL de govgraph (solo lectura)"@es ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
    headers = {"Vary": "Accept"}
    if chosen.key == "turtle":
        return Response(turtle, media_type=chosen.content_type, headers=headers)
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    body = ox.serialize([q.triple for q in triples], format=chosen.rdf_format, prefixes={"sd": SD, **PREFIXES})
    return Response(body, media_type=chosen.content_type, headers=headers)
