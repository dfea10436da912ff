"""Pick a result format from a `format` parameter or the Accept header (quality values honoured), and the
types of the `format` parameters, so the OpenAPI document lists the values each route accepts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BeforeValidator

from govgraph.errors import NotAcceptable

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}
FORMAT_ALIASES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
}


def parse_accept(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


def choose(kind: str, accept: str | None, fmt: str | None) -> str:
    """The format key for a result of `kind` ("select", "ask" or "graph")."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    default = "turtle" if kind == "graph" else "json"
    if fmt:
        # A media type is accepted too: some clients (SPARQLWrapper) send both `format=tsv` and
        # `format=text/tab-separated-values`.
        key = FORMAT_ALIASES.get(fmt.lower()) or table.get(fmt.lower().split(";")[0].strip())
        if key is None or key not in table.values():
            raise NotAcceptable(
                f"format={fmt!r} is not available for this query.",
                hint=f"Use one of: {', '.join(sorted(set(table.values())))}.",
            )
        return key
    if not accept:
        return default
    for media, q in parse_accept(accept):
        if q <= 0:
            continue
        if media in table:
            return table[media]
        if media in {"*/*", "application/*", "text/*"}:
            return default
    raise NotAcceptable(
        f"None of the requested types ({accept}) can carry this result.",
        hint=f"Accept one of: {', '.join(sorted(table))}.",
    )


def _lowered(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def format_query(values: Iterable[str], description: str) -> Any:
    """The type of an optional `format` query parameter: one of `values` (an enum in the OpenAPI document,
    a 422 problem naming `format` otherwise), in any case, as it was read before it was typed."""
    choices = tuple(dict.fromkeys(values))
    return Annotated[Literal[choices] | None, BeforeValidator(_lowered), Query(description=description)]  # type: ignore[valid-type]


PAGE_FORMATS = ("html", "json")
GRAPH_FORMATS = (*(name for name, key in FORMAT_ALIASES.items() if key in GRAPH_TYPES.values()), *GRAPH_TYPES)
# Names and media types alike: some clients (SPARQLWrapper) send `format=text/tab-separated-values`.
SPARQL_FORMATS = (*FORMAT_ALIASES, "html", *RESULT_TYPES, *GRAPH_TYPES)
PageFormat = format_query(PAGE_FORMATS, "html (a page, the default for browsers) or json; overrides Accept.")
