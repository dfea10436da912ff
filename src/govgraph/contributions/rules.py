"""govgraph's own rules for contributed triples: what the shapes cannot see.

Subjects outside govgraph's entities, edits to the ontology or the shapes, and new entities or blank
nodes with no class (which no shape would ever target). Each broken rule is a result of the report, with
its message in English and Spanish, like the shapes' own.
"""

from __future__ import annotations

import rdflib

from govgraph.namespaces import GG, GID, SHAPES
from govgraph.validation import ValidationResult, display


def own_rules(new: rdflib.Graph, context: rdflib.Graph) -> list[ValidationResult]:
    """What `new` breaks of govgraph's rules, given `context`, what the published graph knows of it."""
    problems = []
    for blank in sorted({s for s in new.subjects() if isinstance(s, rdflib.BNode)}, key=str):
        if (blank, rdflib.RDF.type, None) not in new:
            problems.append(
                _problem(
                    blank,
                    "A blank node with no class would escape every shape: give it rdf:type, or an IRI under gid:.",
                    "Un nodo en blanco sin clase escaparía a todas las formas: dele rdf:type, o una IRI bajo gid:.",
                )
            )
    known = {str(s) for s in context.subjects()}
    for subject in sorted({s for s in new.subjects() if isinstance(s, rdflib.URIRef)}, key=str):
        iri = str(subject)
        if iri.startswith((GG, SHAPES)):
            problems.append(
                _problem(
                    subject,
                    "The ontology and shapes are edited in ontology/, not by contribution.",
                    "La ontología y las formas se editan en ontology/, no por contribución.",
                )
            )
        elif not iri.startswith(GID):
            problems.append(
                _problem(
                    subject,
                    f"Subjects must be govgraph entities, with IRIs starting {GID}.",
                    f"Los sujetos deben ser entidades de govgraph, con IRI que empiece por {GID}.",
                )
            )
        elif iri not in known and (subject, rdflib.RDF.type, None) not in new:
            problems.append(
                _problem(
                    subject,
                    "A new entity needs rdf:type (a gg: class) so that it can be checked.",
                    "Una entidad nueva necesita rdf:type (una clase gg:) para poder comprobarla.",
                )
            )
    return problems


def _problem(focus: rdflib.term.Node, english: str, spanish: str) -> ValidationResult:
    return ValidationResult(
        focus=display(focus),
        path=None,
        value=None,
        severity="Violation",
        messages={"en": english, "es": spanish},
        shape=None,
        constraint="govgraph",
    )
