"""One verdict on a piece of RDF wherever it is asked: `POST /validate`, a submission, a review, `govgraph validate`.

A Checker parses (hostile input refused, a triple budget), validates against the shapes in the context of
the published graph, and applies govgraph's own rules, which no shape can see. The web app and the CLI
both ask one; neither has a pipeline of its own, so a file that conforms for one conforms for the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import rdflib

from govgraph.contributions.context import describe, describe_from_graph, mentioned_iris
from govgraph.contributions.rdf_input import parse_contribution
from govgraph.contributions.rules import own_rules
from govgraph.loader import parse_sources, source_files
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.validation import ValidationReport, cached_graph, validate_in_context

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

    def check(self, body: bytes, fmt: str, *, lang: str = "en", source: str = "the contribution") -> Checked:
        """Parse, then validate in the context of the published graph: a report (in both languages) of what
        breaks the shapes or govgraph's rules; input that cannot be read raises (see rdf_input), in `lang`
        where it says why, naming `source`."""
        new, canonical = parse_contribution(body, fmt, max_triples=self.max_triples, lang=lang, source=source)
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
