"""One verdict on a piece of RDF wherever it is asked: `POST /validate`, a submission, a review, `govgraph validate`.

A Checker parses (hostile input refused, a triple budget), validates against the shapes in the context of
the published graph, and applies govgraph's own rules, which no shape can see. The web app and the CLI
both ask one; neither has a pipeline of its own, so a file that conforms for one conforms for the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import rdflib

from govgraph.context import describe, describe_from_graph, mentioned_iris
from govgraph.loader import parse_sources, source_files
from govgraph.namespaces import GG, GID, SHAPES
from govgraph.rdf_input import parse_contribution
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.validation import ValidationReport, ValidationResult, cached_graph, display, validate_in_context

# What of the published graph the shapes need beside new triples, given the IRIs they describe and point to.
Context = Callable[[tuple[set[str], set[str]]], rdflib.Graph]


class Checked(NamedTuple):
    """The parsed triples, as a graph and as canonical N-Triples, and the report on them."""

    graph: rdflib.Graph
    canonical: str
    report: ValidationReport


class Checker:
    """Parsing, SHACL in context and govgraph's own rules, with the shapes and limits of one configuration."""

    def __init__(
        self,
        context: Context,
        *,
        shapes: rdflib.Graph,
        ontology: rdflib.Graph,
        max_triples: int,
        engine: str = "pyshacl",
    ):
        self.context = context
        self.shapes = shapes
        self.ontology = ontology
        self.max_triples = max_triples
        self.engine = engine

    @classmethod
    def from_settings(cls, settings: Settings, context: Context) -> Checker:
        return cls(
            context,
            shapes=cached_graph(settings.shapes_file),
            ontology=cached_graph(settings.ontology_file),
            max_triples=settings.max_contribution_triples,
            engine=settings.validator,
        )

    def check(self, body: bytes, fmt: str, *, source: str = "the contribution") -> Checked:
        """Parse, then validate in the context of the published graph: a report, never an exception, for
        data that parses; `source` names the input in a syntax error."""
        new, canonical = parse_contribution(body, fmt, max_triples=self.max_triples, source=source)
        context = self.context(mentioned_iris(new))
        report = validate_in_context(new, context, shapes=self.shapes, ontology=self.ontology, engine=self.engine)
        extra = own_rules(new, context)
        if extra:
            report = ValidationReport(conforms=False, results=extra + report.results, report_graph=report.report_graph)
        return Checked(new, canonical, report)


def in_store(store: Store) -> Context:
    """The context from a store: the published graph."""
    return lambda iris: describe(store, iris)


def in_sources(settings: Settings) -> Context:
    """The context from ontology/ and data/ themselves, before any store is built."""
    sources = parse_sources(source_files(settings))
    return lambda iris: describe_from_graph(sources, iris)


def own_rules(new: rdflib.Graph, context: rdflib.Graph) -> list[ValidationResult]:
    """What the shapes cannot see: subjects outside govgraph's entities, edits to the ontology,
    and new entities or blank nodes with no class (which no shape would ever target)."""
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
