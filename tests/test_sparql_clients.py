"""The SPARQL endpoint through the clients researchers use: SPARQLWrapper and rdflib's SPARQLStore, over HTTP."""

from __future__ import annotations

import csv
import io

import httpx
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from govgraph.namespaces import GG
from tests.fixtures import Server

IGF = "https://w3id.org/govgraph/id/igf"
PROLOGUE = f"PREFIX gg: <{GG}>\nPREFIX gid: <https://w3id.org/govgraph/id/>\n"
HOSTS = PROLOGUE + "SELECT ?meeting ?host WHERE { ?meeting gg:meetingOf gid:igf ; gg:hostedBy ?host } ORDER BY ?meeting"


def wrapper(server: Server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.base_url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


def test_sparqlwrapper_json_get_and_post(server: Server) -> None:
    for method in ("GET", "POST"):
        bindings = wrapper(server, HOSTS, JSON, method).queryAndConvert()["results"]["bindings"]
        hosts = {b["meeting"]["value"]: b["host"]["value"] for b in bindings}
        assert hosts[f"{IGF}-2015"] == "https://w3id.org/govgraph/id/government-br"
        assert len(hosts) >= 18


def test_sparqlwrapper_xml(server: Server) -> None:
    document = wrapper(server, HOSTS, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert f"{IGF}-2015" in uris


def test_sparqlwrapper_csv_and_tsv(server: Server) -> None:
    rows = list(csv.DictReader(io.StringIO(wrapper(server, HOSTS, CSV).queryAndConvert().decode())))
    assert {"meeting": f"{IGF}-2019", "host": "https://w3id.org/govgraph/id/government-de"} in rows
    tsv = wrapper(server, HOSTS, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?meeting\t?host"
    assert f"<{IGF}-2019>\t<https://w3id.org/govgraph/id/government-de>" in tsv


def test_sparqlwrapper_ask_and_construct(server: Server) -> None:
    assert wrapper(server, PROLOGUE + "ASK { gid:igf a gg:Forum }", JSON).queryAndConvert()["boolean"] is True
    answer = wrapper(server, PROLOGUE + "ASK { gid:igf a gg:Meeting }", XML).queryAndConvert()
    assert answer.getElementsByTagName("boolean")[0].firstChild.data == "false"
    construct = PROLOGUE + "CONSTRUCT { ?m gg:meetingOf gid:igf } WHERE { ?m gg:meetingOf gid:igf }"
    turtle = wrapper(server, construct, TURTLE).queryAndConvert()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(graph) >= 20
    assert (rdflib.URIRef(f"{IGF}-2006"), rdflib.URIRef(GG + "meetingOf"), rdflib.URIRef(IGF)) in graph


def test_rdflib_sparqlstore(server: Server) -> None:
    store = SPARQLStore(f"{server.base_url}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(HOSTS))
    assert (rdflib.URIRef(f"{IGF}-2015"), rdflib.URIRef("https://w3id.org/govgraph/id/government-br")) in [
        tuple(r) for r in rows
    ]
    assert graph.query(PROLOGUE + "ASK { gid:igf a gg:Forum }").askAnswer is True
    assert (rdflib.URIRef(IGF), rdflib.RDF.type, rdflib.URIRef(GG + "Forum")) in graph


def test_dataset_parameters(server: Server) -> None:
    query = PROLOGUE + "SELECT ?f WHERE { ?f a gg:Forum }"
    everything = httpx.get(f"{server.base_url}/sparql", params={"query": query}).json()
    igf_file = httpx.get(
        f"{server.base_url}/sparql",
        params={"query": query, "default-graph-uri": "https://w3id.org/govgraph/graph/data/igf"},
    ).json()
    assert len(igf_file["results"]["bindings"]) < len(everything["results"]["bindings"])
    assert {"type": "uri", "value": IGF} in [b["f"] for b in igf_file["results"]["bindings"]]


def test_service_description(server: Server) -> None:
    response = httpx.get(f"{server.base_url}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(f"{server.base_url}/sparql")
    assert (endpoint, rdflib.RDF.type, sd.Service) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    as_jsonld = httpx.get(f"{server.base_url}/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")


def test_construct_in_every_rdf_syntax(server: Server) -> None:
    query = PROLOGUE + "CONSTRUCT WHERE { gid:igf a ?type }"
    for media, syntax in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ]:
        response = httpx.get(f"{server.base_url}/sparql", params={"query": query}, headers={"Accept": media})
        assert response.headers["content-type"].startswith(media)
        graph = rdflib.Graph().parse(data=response.text, format=syntax)
        assert (rdflib.URIRef(IGF), rdflib.RDF.type, rdflib.URIRef(GG + "Forum")) in graph
