"""Every format govgraph reads or writes, described once: its key, media types, file extensions, engine format
and kind. Routes offer a tuple of these, the CLI takes their keys, the dumps take their extensions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from govgraph.namespaces import W3C_FORMATS as W3C

# results: SPARQL SELECT/ASK results; rdf: an RDF syntax; page: text for people; data: the JSON of a page, a
# view, an answer or an error; image: a picture of a view; table: CSV for spreadsheets; network: a file for Gephi.
Kind = Literal["results", "rdf", "page", "data", "image", "table", "network"]


@dataclass(frozen=True)
class Format:
    key: str  # the value of ?format= and --format; unique within its kind (several kinds have a "json")
    kind: Kind
    title: str  # a name people know it by, the same in every language
    media_types: tuple[str, ...]  # the one sent in Content-Type first; then other names of the same syntax
    extensions: tuple[str, ...] = ()  # without the dot; the first is the one written, the others are read
    names: tuple[str, ...] = ()  # other values ?format= and --format take for it ("ttl")
    # Broader media types this format answers when a client names one exactly (application/json for JSON-LD);
    # never read as this syntax, never matched by a wildcard.
    broader: tuple[str, ...] = ()
    engine: ox.RdfFormat | ox.QueryResultsFormat | None = None  # pyoxigraph's reader and writer
    rdflib: str = ""  # rdflib's name for it, where rdflib reads or writes it
    w3c: str = ""  # its IRI among the W3C format IRIs (Service Description, VoID), where it has one
    prefixes: bool = False  # written with @prefix / xmlns declarations

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """The Content-Type header: text is always UTF-8, and says so."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """pyoxigraph's reader and writer of this RDF syntax."""
        if not isinstance(self.engine, ox.RdfFormat):
            raise TypeError(f"{self.title} is not an RDF syntax")
        return self.engine

    @property
    def results_format(self) -> ox.QueryResultsFormat:
        """pyoxigraph's reader and writer of these SPARQL results."""
        if not isinstance(self.engine, ox.QueryResultsFormat):
            raise TypeError(f"{self.title} is not a SPARQL results format")
        return self.engine

    @property
    def values(self) -> tuple[str, ...]:
        """What names it in a `format` parameter or a --format option: its key, other names, media types."""
        return (self.key, *self.names, *self.media_types, *self.broader)

    def called(self, value: str) -> bool:
        """Whether `value` (one of `values`, in any case, with parameters or not) names this format."""
        return value.split(";")[0].strip().lower() in self.values


FORMATS: tuple[Format, ...] = (
    Format(
        "json", "results", "SPARQL JSON", ("application/sparql-results+json",), ("srj",),
        broader=("application/json",), engine=ox.QueryResultsFormat.JSON, w3c=W3C + "SPARQL_Results_JSON",
    ),
    Format(
        "xml", "results", "SPARQL XML", ("application/sparql-results+xml",), ("srx",),
        broader=("application/xml", "text/xml"), engine=ox.QueryResultsFormat.XML, w3c=W3C + "SPARQL_Results_XML",
    ),
    Format(
        "csv", "results", "SPARQL CSV", ("text/csv",), ("csv",),
        engine=ox.QueryResultsFormat.CSV, w3c=W3C + "SPARQL_Results_CSV",
    ),
    Format(
        "tsv", "results", "SPARQL TSV", ("text/tab-separated-values",), ("tsv",),
        engine=ox.QueryResultsFormat.TSV, w3c=W3C + "SPARQL_Results_TSV",
    ),
    Format(
        "turtle", "rdf", "Turtle", ("text/turtle", "application/x-turtle"), ("ttl",), names=("ttl",),
        engine=ox.RdfFormat.TURTLE, rdflib="turtle", w3c=W3C + "Turtle", prefixes=True,
    ),
    Format(
        "ntriples", "rdf", "N-Triples", ("application/n-triples",), ("nt",), names=("nt",), broader=("text/plain",),
        engine=ox.RdfFormat.N_TRIPLES, rdflib="nt", w3c=W3C + "N-Triples",
    ),
    Format(
        "nquads", "rdf", "N-Quads", ("application/n-quads",), ("nq",), names=("nq",),
        engine=ox.RdfFormat.N_QUADS, rdflib="nquads", w3c=W3C + "N-Quads",
    ),
    Format(
        "trig", "rdf", "TriG", ("application/trig", "application/x-trig"), ("trig",),
        engine=ox.RdfFormat.TRIG, rdflib="trig", w3c=W3C + "TriG", prefixes=True,
    ),
    Format(
        "jsonld", "rdf", "JSON-LD", ("application/ld+json",), ("jsonld", "json"), names=("json-ld",),
        broader=("application/json",), engine=ox.RdfFormat.JSON_LD, rdflib="json-ld", w3c=W3C + "JSON-LD",
    ),
    Format(
        "rdfxml", "rdf", "RDF/XML", ("application/rdf+xml",), ("rdf", "owl", "xml"), names=("rdf",),
        broader=("application/xml",), engine=ox.RdfFormat.RDF_XML, rdflib="xml", w3c=W3C + "RDF_XML", prefixes=True,
    ),
    Format("html", "page", "HTML", ("text/html",), ("html",)),
    Format("text", "page", "plain text", ("text/plain",), ("txt",)),
    Format("json", "data", "JSON", ("application/json",), ("json",)),
    Format("problem", "data", "problem details", ("application/problem+json",), ("json",)),
    Format("svg", "image", "SVG", ("image/svg+xml",), ("svg",)),
    Format("csv", "table", "CSV", ("text/csv",), ("csv",)),
    Format("graphml", "network", "GraphML", ("application/graphml+xml",), ("graphml",)),
    Format("gexf", "network", "GEXF", ("application/gexf+xml",), ("gexf",)),
    Format("json", "network", "node-link JSON", ("application/json",), ("json",)),
)  # fmt: skip


def of_kind(kind: Kind) -> dict[str, Format]:
    """The formats of one kind by key, in the order above (the order routes and commands list them in)."""
    return {f.key: f for f in FORMATS if f.kind == kind}


RESULTS = of_kind("results")
RDF = of_kind("rdf")
NETWORK = of_kind("network")
HTML = of_kind("page")["html"]
TEXT = of_kind("page")["text"]
JSON = of_kind("data")["json"]
PROBLEM = of_kind("data")["problem"]  # RFC 9457, what every error is sent as
SVG = of_kind("image")["svg"]
CSV = of_kind("table")["csv"]

# What each kind of query result can be written in: CSV and TSV need rows, a graph is triples (no named graphs).
SELECT_RESULTS: tuple[Format, ...] = tuple(RESULTS.values())
ASK_RESULTS: tuple[Format, ...] = (RESULTS["json"], RESULTS["xml"])
GRAPH_RESULTS: tuple[Format, ...] = tuple(RDF[k] for k in ("turtle", "ntriples", "jsonld", "rdfxml"))
# What a contribution may be written in: one graph, so no N-Quads (TriG is read, and its GRAPH blocks refused).
CONTRIBUTIONS: tuple[Format, ...] = tuple(RDF[k] for k in ("turtle", "ntriples", "trig", "jsonld", "rdfxml"))

RDF_FORMATS: dict[str, ox.RdfFormat] = {key: f.rdf_format for key, f in RDF.items()}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {key: f.results_format for key, f in RESULTS.items()}


def find(offers: Iterable[Format], value: str) -> Format | None:
    """The format of `offers` that `value` names (a key, another name or a media type), or None."""
    return next((f for f in offers if f.called(value)), None)


def keys(offers: Iterable[Format]) -> list[str]:
    return [f.key for f in offers]


def by_media_type(offers: Iterable[Format], media_type: str | None, *, broader: bool = False) -> Format | None:
    """The format of `offers` a body of this Content-Type is written in (parameters such as charset ignored).
    Broader types (text/plain, application/json) name no syntax for certain: only read when `broader`."""
    wanted = (media_type or "").split(";")[0].strip().lower()
    return next((f for f in offers if wanted in f.media_types or (broader and wanted in f.broader)), None)
