"""govgraph.rdf: terms and their conversions, parsing, and the one N-Triples writer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from govgraph.errors import RdfSyntaxError
from govgraph.namespaces import GID, RDFS, XSD, XSD_STRING
from govgraph.rdf import (
    Term,
    from_json_binding,
    from_triple,
    iri,
    literal,
    ntriples,
    parse_rdf,
    rdflib_graph,
    statement,
    term_converter,
    to_node,
    to_rdflib,
    to_term,
    to_triple,
)

# Every character N-Triples escapes, and some it does not.
AWKWARD = ["plain", 'a "quote"', "back\\slash", "line\nbreak\r", "tab\there", "\b\f", "\x00\x01\x1f\x7f", "é ∑ 😀"]
TERMS = [
    Term("uri", GID + "igf"),
    Term("bnode", "b0"),
    *(Term("literal", text) for text in AWKWARD),
    Term("literal", "Foro", lang="es"),
    Term("literal", "2015", datatype=XSD + "gYear"),
    Term("literal", "12", datatype=XSD + "integer"),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_a_term_is_written_as_pyoxigraph_writes_its_node(term: Term) -> None:
    assert term.n3() == str(to_node(term))


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_a_term_goes_to_pyoxigraph_and_back_unchanged(term: Term) -> None:
    assert to_term(to_node(term)) == term


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_a_term_goes_to_rdflib_as_the_same_node(term: Term) -> None:
    node = to_rdflib(term)
    parsed = rdflib.Graph().parse(data=f"<{GID}s> <{GID}p> {term.n3()} .", format="nt")
    if term.kind == "bnode":
        assert isinstance(node, rdflib.BNode) and str(node) == term.value
    else:
        assert (rdflib.URIRef(GID + "s"), rdflib.URIRef(GID + "p"), node) in parsed


def test_a_plain_string_has_no_datatype_whichever_way_it_is_made() -> None:
    assert to_term(ox.Literal("x", datatype=ox.NamedNode(XSD_STRING))) == Term("literal", "x")
    assert literal("x", XSD_STRING) == literal("x") == Term("literal", "x")
    assert literal(3, XSD + "integer") == Term("literal", "3", datatype=XSD + "integer")
    assert literal("Foro", lang="es") == Term("literal", "Foro", lang="es")
    assert iri(GID + "igf") == Term("uri", GID + "igf")


def test_the_converter_remembers_the_terms_of_one_answer() -> None:
    term = term_converter()
    first, again = term(ox.NamedNode(GID + "igf")), term(ox.NamedNode(GID + "igf"))
    assert first == Term("uri", GID + "igf") and first is again


def test_statements_of_terms_and_of_pyoxigraph_nodes_are_the_same_line() -> None:
    triple = (iri(GID + "igf"), iri(RDFS + "label"), literal("Internet\tGovernance Forum", lang="en"))
    line = statement(triple)
    assert line == f'<{GID}igf> <{RDFS}label> "Internet\\tGovernance Forum"@en .'
    assert statement(to_triple(triple)) == line
    assert statement(ox.Quad(*to_triple(triple))) == line  # in the default graph: no graph term
    in_graph = ox.Quad(*to_triple(triple), ox.NamedNode(GID + "g"))
    assert statement(in_graph) == line[:-1] + f"<{GID}g> ."


def test_an_ntriples_document_parses_back_to_its_triples() -> None:
    triples = [(iri(GID + "s"), iri(GID + "p"), Term("literal", text)) for text in AWKWARD]
    document = ntriples(triples)
    assert document.count(b"\n") == len(triples)
    parsed = parse_rdf(document, "ntriples", source="test")
    assert [from_triple(t) for t in parsed] == triples
    assert len(rdflib_graph(document)) == len(triples)


def test_a_syntax_error_names_the_source_line_and_column() -> None:
    with pytest.raises(RdfSyntaxError) as raised:
        parse_rdf(b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", "ntriples", source="f.nt")
    error = raised.value
    assert error.message.startswith("f.nt, line 2, column")
    assert error.details["source"] == "f.nt" and error.details["line"] == 2
    assert error.status == 400


@pytest.mark.parametrize(
    ("binding", "term"),
    [
        ({"type": "uri", "value": GID + "igf"}, Term("uri", GID + "igf")),
        ({"type": "bnode", "value": "nodeID://b1"}, Term("bnode", "b1")),
        ({"type": "literal", "value": "Foro", "xml:lang": "es"}, Term("literal", "Foro", lang="es")),
        ({"type": "literal", "value": "x", "datatype": XSD_STRING}, Term("literal", "x")),
        ({"type": "typed-literal", "value": "1", "datatype": XSD + "boolean"}, literal("true", XSD + "boolean")),
        ({"type": "literal", "value": "7", "datatype": XSD + "integer"}, literal(7, XSD + "integer")),
    ],
)
def test_sparql_json_bindings_become_terms(binding: dict, term: Term) -> None:
    assert from_json_binding(binding) == term
