"""Every namespace and graph IRI is written once, in govgraph.namespaces; the rest of the code imports it."""

from __future__ import annotations

from pathlib import Path

from govgraph import namespaces

PACKAGE = Path(namespaces.__file__).parent
# Every namespace the module names (BASE alone is left out: the others are built from it, and it is
# what a docstring or a hint may show a reader), and every graph IRI.
WRITTEN_ONCE = {
    value
    for name, value in vars(namespaces).items()
    if name.isupper() and isinstance(value, str) and value != namespaces.BASE and value.endswith(("#", "/"))
} | {namespaces.GRAPH, namespaces.INFERRED_GRAPH, namespaces.ONTOLOGY_GRAPH, namespaces.PROVENANCE_GRAPH}


def test_the_namespaces_are_found() -> None:
    assert {namespaces.RDF, namespaces.XSD, namespaces.PROV, namespaces.DCT, namespaces.GRAPH} <= WRITTEN_ONCE


def test_no_module_writes_a_namespace_of_its_own() -> None:
    copies = [
        f"{path.relative_to(PACKAGE)}:{number}: {iri}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "namespaces.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for iri in WRITTEN_ONCE
        if iri in line
    ]
    assert copies == []


def test_the_prefixes_are_the_constants() -> None:
    assert namespaces.PREFIXES["rdf"] + "type" == namespaces.RDF_TYPE
    assert namespaces.PREFIXES["xsd"] + "string" == namespaces.XSD_STRING
    assert "PREFIX dct: <http://purl.org/dc/terms/>\n" in namespaces.sparql_prologue()
