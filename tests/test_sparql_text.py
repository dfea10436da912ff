"""SPARQL text analysed once (sparql/text.py) and rewritten from that analysis (sparql/rewrites.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from govgraph.sparql import (
    analyse,
    ask_as_select,
    bind_terms,
    with_base,
    with_prologue,
    with_row_limit,
    with_values,
)
from govgraph.store.base import Term

IGF = Term("uri", "https://w3id.org/govgraph/id/igf")
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize(
    ("text", "form", "kind", "update"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT", "select", False),
        ("PREFIX : <http://x/> ASK { ?s :p ?o }", "ASK", "ask", False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", "graph", False),
        ("describe <http://x/select>", "DESCRIBE", "graph", False),
        ('SELECT * { ?s ?p "DELETE" } # INSERT', "SELECT", "select", False),
        ("INSERT { ?s ?p 1 } WHERE { SELECT ?s ?p { ?s ?p ?o } }", "SELECT", "select", True),
        ("WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None, "select", True),
    ],
)
def test_form_kind_and_update(text: str, form: str | None, kind: str, update: bool) -> None:
    query = analyse(text)
    assert (query.form, query.kind, query.is_update) == (form, kind, update)


def test_a_text_is_analysed_once() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o } # analysed once"
    assert analyse(text) is analyse(text)
    assert analyse(analyse(text)) is analyse(text)


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("CONSTRUCT { <s> <p> 1 } WHERE {}", True),
        ("SELECT * WHERE { <> ?p ?o }", True),
        ("SELECT * WHERE { <http://x/s> ?p ?o }", False),
        ("PREFIX x: <urn:x:> SELECT * WHERE { x:s ?p '<s>' } # <s>", False),
    ],
)
def test_relative_iris_are_told_apart(text: str, relative: bool) -> None:
    assert analyse(text).relative_iris is relative


def test_volatile_federated_dataset_and_prefixes() -> None:
    query = analyse("PREFIX a: <urn:a:> SELECT ?n FROM <urn:g> { SERVICE <urn:s> { BIND (NOW() AS ?n) } }")
    assert query.volatile and query.federated and query.names_dataset
    assert query.declared_prefixes == {"a"}
    assert not analyse('SELECT * { ?s ?p "NOW()" . ?s <urn:from> ?o }').names_dataset


def test_values_go_in_the_outer_group_even_when_where_is_left_out() -> None:
    text = "SELECT ?label { { SELECT ?label WHERE { ?e rdfs:label ?label } } ?e a gg:Forum }"
    bound = with_values(text, {"e": IGF})
    assert bound.startswith("SELECT ?label { VALUES (?e) { (<https://w3id.org/govgraph/id/igf>) } ")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(IGF.value), ox.NamedNode("urn:p"), ox.Literal("x")))
    assert bool(store.query(with_values("ASK { ?e <urn:p> ?o }", {"e": IGF})))
    with pytest.raises(ValueError, match="no WHERE group"):
        with_values("DESCRIBE <urn:x>", {"e": IGF})


def test_bound_terms_are_constants_unless_projected() -> None:
    text = "SELECT ?e ?label WHERE { ?e rdfs:label ?label . ?f gg:hostedBy ?e . ?x gg:year ?year }"
    bound = bind_terms(text, {"e": IGF, "year": Term("literal", "2015", datatype=XSD_INTEGER)})
    assert "?year" not in bound and '"2015"^^<http://www.w3.org/2001/XMLSchema#integer>' in bound
    assert "VALUES (?e) { (<https://w3id.org/govgraph/id/igf>) }" in bound  # ?e is projected: it stays a variable


def test_base_is_written_only_where_it_matters() -> None:
    assert with_base("ASK { <http://x/s> ?p ?o }", "http://host/sparql") == "ASK { <http://x/s> ?p ?o }"
    assert with_base("ASK { <s> ?p ?o }", "http://host/sparql") == "BASE <http://host/sparql>\nASK { <s> ?p ?o }"
    assert with_base("ASK { <s> ?p ?o }", "http://host/> ASK {") == "ASK { <s> ?p ?o }"  # no IRI: never written
    assert with_base("ASK { <s> ?p ?o }", None) == "ASK { <s> ?p ?o }"
    own = "BASE <http://own.example/> ASK { <s> ?p ?o }"
    assert with_base(own, "http://host/sparql") == own  # its own BASE governs; an engine may take only one


def test_prologue_goes_after_the_query_s_own_base() -> None:
    """Virtuoso takes BASE first or not at all."""
    text = with_prologue("# mine\nbase <http://own.example/> ASK { ?s a gg:Forum }")
    assert text.startswith("# mine\nbase <http://own.example/>\nPREFIX gg: <https://w3id.org/govgraph/ontology#>\n")
    assert analyse("SELECT ?base WHERE { ?base ?p ?o }").leading_base_end is None


def test_prologue_leaves_out_what_the_query_declares() -> None:
    text = with_prologue("PREFIX gg: <urn:mine#> ASK { ?s a gg:Forum }")
    assert "PREFIX gg: <https://w3id.org/govgraph/ontology#>" not in text
    assert "PREFIX gid: <https://w3id.org/govgraph/id/>" in text


def test_limits_go_after_the_last_group_and_not_before_a_values_block() -> None:
    assert with_row_limit("SELECT * { ?s ?p ?o } LIMIT 500", 100) == "SELECT * { ?s ?p ?o } LIMIT 100"
    assert with_row_limit("SELECT * { ?s ?p '}' }", 100) == "SELECT * { ?s ?p '}' }\nLIMIT 100"
    assert with_row_limit("SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }", 100) is None
    assert with_row_limit("DESCRIBE <urn:a>", 100) is None


def test_ask_becomes_select_of_one_row() -> None:
    assert ask_as_select("PREFIX ask: <urn:ask:> ASK { ?s ask:p ?o }") == (
        "PREFIX ask: <urn:ask:> SELECT * { ?s ask:p ?o }\nLIMIT 1"
    )
