"""What of the published graph a piece of new RDF needs beside it to be validated in context.

Validating new triples alone gives false violations (a reference to an existing forum fails its
sh:class check, because the forum's type is not in the new triples). Validating them with the whole
graph costs seconds to minutes. So the validator gets the new triples plus what the shapes can reach
from them: everything known of the entities they describe, and the classes of those they point to.
"""

from __future__ import annotations

import rdflib

from govgraph.rdf import to_rdflib
from govgraph.sparql import iri_values
from govgraph.store.base import Store


def mentioned_iris(graph: rdflib.Graph) -> tuple[set[str], set[str]]:
    """The IRIs `graph` describes (its subjects), and the other IRIs it only points to."""
    subjects = {str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)}
    objects = {str(o) for o in graph.objects() if isinstance(o, rdflib.URIRef)}
    return subjects, objects - subjects


def describe(store: Store, iris: tuple[set[str], set[str]]) -> rdflib.Graph:
    """What the shapes need of the published graph: for every IRI the new triples describe, all that is
    known of it (asserted or inferred) and the classes of what it points to, since an existing entity
    that gains a label is validated whole; for every IRI they only point to, its classes (sh:class)."""
    described, referenced = iris
    context = rdflib.Graph()
    queries = []
    if described:
        queries.append(
            f"CONSTRUCT {{ ?s ?p ?o . ?o a ?type }} WHERE {{ VALUES ?s {{ {iri_values(described)} }} "
            f"?s ?p ?o OPTIONAL {{ ?o a ?type }} }}"
        )
    if referenced:
        queries.append(f"CONSTRUCT {{ ?s a ?type }} WHERE {{ VALUES ?s {{ {iri_values(referenced)} }} ?s a ?type }}")
    for query in queries:
        for s, p, o in store.query(query).triples:
            context.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return context


def describe_from_graph(source: rdflib.Graph, iris: tuple[set[str], set[str]]) -> rdflib.Graph:
    """The same as `describe`, from an in-memory graph (used when no store has been built yet)."""
    described, referenced = iris
    context = rdflib.Graph()
    for iri in described:
        for s, p, o in source.triples((rdflib.URIRef(iri), None, None)):
            context.add((s, p, o))
            for type_ in source.objects(o, rdflib.RDF.type):
                context.add((o, rdflib.RDF.type, type_))
    for iri in referenced:
        for type_ in source.objects(rdflib.URIRef(iri), rdflib.RDF.type):
            context.add((rdflib.URIRef(iri), rdflib.RDF.type, type_))
    return context
