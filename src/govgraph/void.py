"""A VoID and DCAT description of the dataset: what it is, its license, its size by graph, class and property,
where to query it, where to download it, and its numbered releases as versions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from govgraph.dumps import FORMATS
from govgraph.formats import RDF, Format
from govgraph.namespaces import (
    BASE,
    DCAT,
    DCT,
    FOAF,
    GG,
    GID,
    ORG,
    PREFIXES,
    PROV,
    RDF_TYPE,
    RDFS,
    SKOS,
    SPDX,
    VOID,
    XSD,
)
from govgraph.releases import Release
from govgraph.store.base import Store

DATASET = f"{BASE}dataset"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DESCRIPTION_PREFIXES = {"void": VOID, "dcat": DCAT, "spdx": SPDX, **PREFIXES}
TITLE = {
    "en": "govgraph: who governs the Internet?",
    "es": "govgraph: ¿quién gobierna Internet?",
}
ABSTRACT = {
    "en": "A knowledge graph of Internet-governance processes (the IGF and its national and regional initiatives, "
    "WSIS and its reviews, the Global Digital Compact, ICANN and the IANA functions, the IETF, the regional "
    "Internet registries) and of who takes part in, convenes, hosts, mandates, stewards and funds what, and when. "
    "Every fact cites its public source.",
    "es": "Un grafo de conocimiento de los procesos de gobernanza de Internet (el IGF y sus iniciativas nacionales y "
    "regionales, la CMSI y sus exámenes, el Pacto Digital Global, la ICANN y las funciones de la IANA, el IETF, los "
    "registros regionales de Internet) y de quién participa, convoca, acoge, mandata, custodia y financia qué, y "
    "cuándo. Cada hecho cita su fuente pública.",
}
VOCABULARIES = (GG, ORG, PROV, SKOS, DCT, RDFS)
_COUNTS = {
    "graphs": "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } } GROUP BY ?key",
    "classes": "SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?key } GROUP BY ?key",
    "properties": "SELECT ?key (COUNT(*) AS ?n) WHERE { ?s ?p ?o BIND (?p AS ?key) } GROUP BY ?key",
}


@dataclass(frozen=True)
class Counts:
    """Sizes of one state of the store; triples are counted per graph, as the store and /health count them."""

    triples: int
    entities: int
    graphs: Mapping[str, int]
    classes: Mapping[str, int]
    properties: Mapping[str, int]


def count(store: Store) -> Counts:
    tallies = {
        name: {r["key"].value: int(r["n"].value) for r in store.query(sparql).records()}
        for name, sparql in _COUNTS.items()
    }
    entities = store.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), STR(gid:))) }"
    ).rows[0][0]
    return Counts(
        triples=sum(tallies["graphs"].values()),
        entities=int(entities.value) if entities else 0,
        graphs=tallies["graphs"],
        classes=tallies["classes"],
        properties=tallies["properties"],
    )


class _Graph:
    """Triples being written, with small helpers for the terms they use."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []
        self._blank = 0

    def add(
        self, subject: ox.NamedNode | ox.BlankNode, predicate: str, *objects: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        for obj in objects:
            self.triples.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def blank(self) -> ox.BlankNode:
        self._blank += 1
        return ox.BlankNode(f"b{self._blank}")


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _texts(texts: Mapping[str, str]) -> list[ox.Literal]:
    return [ox.Literal(text, language=lang) for lang, text in texts.items()]


def describe(
    counts: Counts, *, base_url: str, releases: Sequence[Release], sizes: Mapping[str, int] | None = None
) -> list[ox.Triple]:
    """The description, with the server's own URLs under `base_url` (ending in "/").

    `sizes` gives the byte size of the current dumps already written (by format key); others go without.
    """
    g = _Graph()
    dataset = iri(DATASET)
    description = iri(f"{base_url}void")
    g.add(description, RDF_TYPE, iri(VOID + "DatasetDescription"))
    g.add(
        description,
        DCT + "title",
        *_texts({"en": "Description of the govgraph dataset", "es": "Descripción del conjunto de datos govgraph"}),
    )
    g.add(description, FOAF + "primaryTopic", dataset)

    g.add(dataset, RDF_TYPE, iri(VOID + "Dataset"), iri(DCAT + "Dataset"))
    g.add(dataset, DCT + "title", *_texts(TITLE))
    g.add(dataset, DCT + "description", *_texts(ABSTRACT))
    g.add(dataset, DCT + "license", iri(LICENSE))
    g.add(dataset, DCAT + "landingPage", iri(base_url))
    g.add(dataset, FOAF + "homepage", iri(BASE))
    g.add(dataset, DCAT + "keyword", *_texts({"en": "Internet governance", "es": "gobernanza de Internet"}))
    g.add(
        dataset,
        DCT + "language",
        iri("http://id.loc.gov/vocabulary/iso639-1/en"),
        iri("http://id.loc.gov/vocabulary/iso639-1/es"),
    )
    g.add(dataset, VOID + "sparqlEndpoint", iri(f"{base_url}sparql"))
    g.add(dataset, VOID + "uriSpace", ox.Literal(GID))
    g.add(dataset, VOID + "exampleResource", iri(GID + "igf"), iri(GID + "icann"))
    g.add(dataset, VOID + "vocabulary", *(iri(v) for v in VOCABULARIES))
    g.add(dataset, VOID + "feature", iri(RDF["turtle"].w3c), iri(RDF["trig"].w3c))
    g.add(dataset, VOID + "triples", integer(counts.triples))
    g.add(dataset, VOID + "entities", integer(counts.entities))
    g.add(dataset, VOID + "classes", integer(len(counts.classes)))
    g.add(dataset, VOID + "properties", integer(len(counts.properties)))

    service = iri(f"{base_url}sparql")
    g.add(service, RDF_TYPE, iri(DCAT + "DataService"))
    g.add(service, DCAT + "endpointURL", service)
    g.add(service, DCAT + "servesDataset", dataset)
    g.add(service, DCT + "conformsTo", iri("https://www.w3.org/TR/sparql11-protocol/"))
    for fmt in FORMATS:
        url = iri(f"{base_url}dump.{fmt.extension}")
        g.add(dataset, VOID + "dataDump", url)
        _distribution(g, dataset, url, fmt.media_type, fmt.title, (sizes or {}).get(fmt.key))

    for graph, triples in sorted(counts.graphs.items()):
        subset = iri(graph)
        g.add(dataset, VOID + "subset", subset)
        g.add(subset, RDF_TYPE, iri(VOID + "Dataset"))
        g.add(subset, VOID + "triples", integer(triples))
    for name, partition, per in (
        ("classes", "classPartition", "class"),
        ("properties", "propertyPartition", "property"),
    ):
        for term, n in sorted(getattr(counts, name).items()):
            node = g.blank()
            g.add(dataset, VOID + partition, node)
            g.add(node, VOID + per, iri(term))
            g.add(node, VOID + ("entities" if per == "class" else "triples"), integer(n))

    for release in releases:
        _version(g, dataset, release, base_url)
    return g.triples


def _distribution(
    g: _Graph,
    owner: ox.NamedNode,
    url: ox.NamedNode,
    media_type: str,
    title: str,
    size: int | None,
    sha256: str | None = None,
) -> None:
    g.add(owner, DCAT + "distribution", url)
    g.add(url, RDF_TYPE, iri(DCAT + "Distribution"))
    g.add(url, DCAT + "downloadURL", url)
    g.add(url, DCAT + "mediaType", iri(f"https://www.iana.org/assignments/media-types/{media_type}"))
    g.add(url, DCT + "title", ox.Literal(title, language="en"))
    g.add(url, DCT + "license", iri(LICENSE))
    if size is not None:
        g.add(url, DCAT + "byteSize", ox.Literal(str(size), datatype=iri(XSD + "nonNegativeInteger")))
    if sha256 is not None:
        checksum = g.blank()
        g.add(url, SPDX + "checksum", checksum)
        g.add(checksum, RDF_TYPE, iri(SPDX + "Checksum"))
        g.add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        g.add(checksum, SPDX + "checksumValue", ox.Literal(sha256, datatype=iri(XSD + "hexBinary")))


def _version(g: _Graph, dataset: ox.NamedNode, release: Release, base_url: str) -> None:
    version = iri(f"{base_url}releases/{release.number}")
    g.add(dataset, DCAT + "hasVersion", version)
    g.add(dataset, DCT + "hasVersion", version)
    g.add(version, RDF_TYPE, iri(DCAT + "Dataset"), iri(VOID + "Dataset"))
    g.add(version, DCT + "isVersionOf", dataset)
    g.add(version, DCAT + "version", ox.Literal(str(release.number)))
    g.add(version, DCT + "issued", ox.Literal(release.created, datatype=iri(XSD + "dateTime")))
    g.add(
        version,
        DCT + "title",
        *_texts({"en": f"govgraph, release {release.number}", "es": f"govgraph, versión {release.number}"}),
    )
    g.add(version, DCT + "license", iri(LICENSE))
    g.add(version, VOID + "triples", integer(release.triples))
    if release.note:
        g.add(version, DCT + "description", ox.Literal(release.note))
    for f in release.files:
        url = iri(f"{base_url}releases/{release.number}/{f.name}")
        title = next(fmt.title for fmt in FORMATS if fmt.key == f.format)
        g.add(version, VOID + "dataDump", url)
        _distribution(g, version, url, f.media_type, title, f.size, f.sha256)


def serialize(triples: list[ox.Triple], fmt: Format) -> bytes:
    """The description in `fmt`, one of the registry's RDF formats."""
    prefixes = DESCRIPTION_PREFIXES if fmt.prefixes else None
    return ox.serialize(triples, format=fmt.rdf_format, prefixes=prefixes) or b""  # no file: always bytes
