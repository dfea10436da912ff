"""IRIs and prefixes used across govgraph."""

from __future__ import annotations

BASE = "https://w3id.org/govgraph/"
ONTOLOGY_IRI = f"{BASE}ontology"
GG = f"{BASE}ontology#"
GID = f"{BASE}id/"
SHAPES = f"{BASE}shapes#"
GRAPH = f"{BASE}graph/"

ONTOLOGY_GRAPH = f"{GRAPH}ontology"
INFERRED_GRAPH = f"{GRAPH}inferred"
METADATA_GRAPH = f"{GRAPH}metadata"
PROVENANCE_GRAPH = f"{GRAPH}provenance"
CONTRIBUTION = f"{BASE}contribution/"
AGENT = f"{BASE}agent/"


def contribution_graph(contribution_id: str) -> str:
    """The named graph a published contribution lives in."""
    return f"{GRAPH}contribution/{contribution_id}"


def data_graph(stem: str) -> str:
    """The named graph of one data/ file."""
    return f"{GRAPH}data/{stem}"


PREFIXES: dict[str, str] = {
    "gg": GG,
    "gid": GID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dct": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prologue() -> str:
    """PREFIX lines for every known prefix, for queries written by hand or shown to users."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
