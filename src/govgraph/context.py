"""What of the published graph a piece of new RDF needs beside it to be validated in context.

Validating new triples alone gives false violations (a reference to an existing forum fails its
sh:class check, because the forum's type is not in the new triples). So the validator gets the new
triples plus everything already known about every IRI they mention.
"""

from __future__ import annotations

import rdflib

from govgraph.store.base import Store, Term


def mentioned_iris(graph: rdflib.Graph) -> set[str]:
    return {str(n) for t in graph for n in (t[0], t[2]) if isinstance(n, rdflib.URIRef)}


def describe(store: Store, iris: set[str]) -> rdflib.Graph:
    """Every triple (asserted or inferred) whose subject is one of `iris`, and the classes of its objects."""
    context = rdflib.Graph()
    if not iris:
        return context
    values = " ".join(f"<{iri}>" for iri in sorted(iris) if ">" not in iri and " " not in iri)
    # One hop further for classes: the shapes check what an existing entity points to (sh:class), so the
    # types of its objects come along, or adding a label to it would fail on its own country link.
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o . ?o a ?type }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o OPTIONAL {{ ?o a ?type }} }}"
    )
    for s, p, o in result.triples:
        context.add((_node(s), _node(p), _node(o)))
    return context


def describe_from_graph(source: rdflib.Graph, iris: set[str]) -> rdflib.Graph:
    """The same as `describe`, from an in-memory graph (used when no store has been built yet)."""
    context = rdflib.Graph()
    for iri in iris:
        for s, p, o in source.triples((rdflib.URIRef(iri), None, None)):
            context.add((s, p, o))
            for type_ in source.objects(o, rdflib.RDF.type):
                context.add((o, rdflib.RDF.type, type_))
    return context


def _node(term: Term) -> rdflib.term.Node:
    if term.kind == "uri":
        return rdflib.URIRef(term.value)
    if term.kind == "bnode":
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.lang, datatype=None if term.lang else term.datatype)
