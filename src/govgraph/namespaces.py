"""Every namespace and graph IRI govgraph uses: written here once, imported everywhere else."""

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

# The vocabularies govgraph reuses.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
SD = "http://www.w3.org/ns/sparql-service-description#"
LDP = "http://www.w3.org/ns/ldp#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"  # unique IRIs of the RDF and result syntaxes

RDF_TYPE = f"{RDF}type"
RDF_LANGSTRING = f"{RDF}langString"
XSD_STRING = f"{XSD}string"


def contribution_graph(contribution_id: str) -> str:
    """The named graph a published contribution lives in."""
    return f"{GRAPH}contribution/{contribution_id}"


def data_graph(stem: str) -> str:
    """The named graph of one data/ file."""
    return f"{GRAPH}data/{stem}"


# The prefixes every query may use undeclared, and that dumps and shown queries declare.
PREFIXES: dict[str, str] = {
    "gg": GG,
    "gid": GID,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "foaf": FOAF,
    "dct": DCT,
    "sh": SH,
}


def sparql_prologue() -> str:
    """PREFIX lines for every known prefix, for queries written by hand or shown to users."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
