"""SHACL validation with pyshacl. Non-conforming data is a result (a ValidationReport), not an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl
import pyshacl_turbo
import rdflib
from rdflib.namespace import SH

from govgraph.namespaces import PREFIXES, SHAPES

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class ValidationResult:
    """One problem: which node, which property, which value, and what to do about it."""

    focus: str
    path: str | None
    value: str | None
    severity: str
    messages: dict[str, str]
    shape: str | None
    constraint: str
    node: rdflib.term.Node | None = field(default=None, compare=False, repr=False)

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    report_graph: rdflib.Graph | None = None

    def text(self, lang: str = "en") -> str:
        """A human-readable report, one block per problem."""
        if self.conforms:
            return "Conforms: no problems found." if lang == "en" else "Conforme: no se encontró ningún problema."
        head = (
            f"{len(self.results)} problem(s) found:"
            if lang == "en"
            else f"Se encontraron {len(self.results)} problema(s):"
        )
        lines = [head]
        for r in self.results:
            lines.append(f"- [{r.severity}] {r.focus}")
            if r.path:
                lines.append(f"    path:    {r.path}")
            if r.value is not None:
                lines.append(f"    value:   {r.value}")
            lines.append(f"    {r.message(lang)}")
        return "\n".join(lines)


def _short(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        for prefix, ns in PREFIXES.items():
            if str(node).startswith(ns):
                return f"{prefix}:{str(node)[len(ns) :]}"
        return f"<{node}>"
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return node.n3()


def display(node: rdflib.term.Node) -> str:
    """An RDF term as a report shows it: a prefixed name where one fits, _:id for a blank node."""
    return _short(rdflib.Graph(), node) or ""


def _short_path(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str | None:
    """Render a SHACL path (a property, or a blank-node sequence or inverse path) for a message."""
    if not isinstance(node, rdflib.BNode):
        return _short(graph, node)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{_short(graph, inverse)}"
    items = list(rdflib.collection.Collection(graph, node)) if graph.value(node, rdflib.RDF.first) else []
    return "/".join(_short(graph, i) or "?" for i in items) if items else "_:path"


@lru_cache(maxsize=8)
def load_graph(path: Path, mtime: float) -> rdflib.Graph:
    """Parse a Turtle file once per modification time (shapes and ontology are read on every validation)."""
    return rdflib.Graph().parse(path, format="turtle")


def cached_graph(path: Path) -> rdflib.Graph:
    return load_graph(path, path.stat().st_mtime)


ENGINES = {"pyshacl": pyshacl.validate, "pyshacl-turbo": pyshacl_turbo.validate}


@lru_cache(maxsize=8)
def class_hierarchy(ontology: rdflib.Graph) -> rdflib.Graph:
    """The ontology's rdfs:subClassOf triples: what sh:class needs of it."""
    hierarchy = rdflib.Graph()
    for triple in ontology.triples((None, rdflib.RDFS.subClassOf, None)):
        hierarchy.add(triple)
    return hierarchy


def validate(
    data: rdflib.Graph, *, shapes: rdflib.Graph, ontology: rdflib.Graph | None, engine: str = "pyshacl"
) -> ValidationReport:
    """Validate `data` against `shapes`, with the ontology's class hierarchy mixed in (for sh:class).

    pySHACL is the reference; pyshacl-turbo (a Rust engine behind the same API) is several times
    faster, and the tests hold both to the same verdicts on every shape case.
    """
    conforms, report_graph, _ = ENGINES[engine](
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        advanced=True,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    languages = _template_languages(shapes)
    found = (
        _result(report_graph, node, languages) for node in report_graph.subjects(rdflib.RDF.type, SH.ValidationResult)
    )
    # Two shapes may say the same thing about the same value; say it once.
    results = list({(r.focus, r.path, r.value, r.message("en")): r for r in found}.values())
    # Fully ordered: two results of one focus, path and constraint (two label shapes) keep one order, run to run.
    results.sort(key=lambda r: (r.focus, r.path or "", r.constraint, r.value or "", r.message("en")))
    return ValidationReport(conforms=bool(conforms), results=results, report_graph=report_graph)


def _template_languages(shapes: rdflib.Graph) -> list[tuple[re.Pattern[str], str]]:
    """Patterns of the messages, each with its language.

    pySHACL drops the language tag of a SPARQL constraint's message (once it has filled in its
    {?variables}, or always, for a constraint of a node shape); matching the text against the
    templates tells the language again.
    """
    patterns = []
    for message in set(shapes.objects(None, SH.message)):
        text, lang = str(message), getattr(message, "language", None)
        if lang:
            parts = re.split(r"\{[?$]\w+\}", text)
            patterns.append((re.compile("^" + "(.*?)".join(re.escape(p) for p in parts) + "$", re.S), lang))
    return patterns


def _language(message: rdflib.term.Node, languages: list[tuple[re.Pattern[str], str]]) -> str:
    lang = getattr(message, "language", None)
    if lang:
        return lang
    return next((lang for pattern, lang in languages if pattern.match(str(message))), "en")


def _result(g: rdflib.Graph, node: rdflib.term.Node, languages: list[tuple[re.Pattern[str], str]]) -> ValidationResult:
    messages: dict[str, str] = {}
    for message in g.objects(node, SH.resultMessage):
        messages.setdefault(_language(message, languages), str(message))
    constraint = g.value(node, SH.sourceConstraintComponent)
    return ValidationResult(
        focus=_short(g, g.value(node, SH.focusNode)) or "?",
        path=_short_path(g, g.value(node, SH.resultPath)),
        value=_short(g, g.value(node, SH.value)),
        severity=str(g.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
        messages=messages,
        shape=_short(g, g.value(node, SH.sourceShape)),
        constraint=str(constraint).rsplit("#", 1)[-1] if constraint else "",
        node=node,
    )


def validate_in_context(
    new: rdflib.Graph, context: rdflib.Graph, *, shapes: rdflib.Graph, ontology: rdflib.Graph, engine: str = "pyshacl"
) -> ValidationReport:
    """Validate `new` together with `context`, reporting only problems of nodes that `new` describes.

    The whole merged graph is validated (no focus-node shortcut, which misses violations); results
    about context-only nodes are then set aside, as they are not the author's to fix.
    """
    merged = rdflib.Graph()
    for graph in (context, new, class_hierarchy(ontology)):
        for triple in graph:
            merged.add(triple)
    # The class hierarchy mixed in here does what `ontology` would (sh:class sees superclasses), without
    # the validator copying the whole ontology in and out of its own store on every call (5x slower).
    report = validate(merged, shapes=shapes, ontology=None, engine=engine)
    own = {_short(new, s) for s in set(new.subjects())}
    kept = [r for r in report.results if r.focus in own]
    return ValidationReport(
        conforms=not any(r.severity == "Violation" for r in kept),
        results=kept,
        report_graph=_subset(report.report_graph, kept),
    )


def _subset(graph: rdflib.Graph | None, results: list[ValidationResult]) -> rdflib.Graph:
    """A sh:ValidationReport holding only `results` (with their paths), for RDF clients."""
    subset = rdflib.Graph()
    subset.bind("sh", SH)
    report = rdflib.BNode()
    subset.add((report, rdflib.RDF.type, SH.ValidationReport))
    subset.add((report, SH.conforms, rdflib.Literal(not any(r.severity == "Violation" for r in results))))
    for result in results:
        if graph is None or result.node is None:
            continue
        subset.add((report, SH.result, result.node))
        for p, o in graph.predicate_objects(result.node):
            subset.add((result.node, p, o))
            if p == SH.resultPath and isinstance(o, rdflib.BNode):
                for triple in graph.triples((o, None, None)):
                    subset.add(triple)
    return subset


def report_graph(report: ValidationReport) -> rdflib.Graph:
    """The standard sh:ValidationReport of `report`, including results that no shape produced."""
    graph = _subset(report.report_graph, report.results) if report.report_graph is not None else _subset(None, [])
    root = next(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    for result in report.results:
        if result.node is not None and report.report_graph is not None:
            continue
        node = rdflib.BNode()
        graph.add((root, SH.result, node))
        graph.add((node, rdflib.RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, SH.Violation))
        graph.add((node, SH.sourceConstraintComponent, rdflib.URIRef(SHAPES + "GovgraphRuleComponent")))
        graph.add((node, SH.focusNode, _expand(result.focus)))
        for lang, text in result.messages.items():
            graph.add((node, SH.resultMessage, rdflib.Literal(text, lang=lang)))
    return graph


def _expand(short: str) -> rdflib.term.Node:
    if short.startswith("<") and short.endswith(">"):
        return rdflib.URIRef(short[1:-1])
    prefix, _, local = short.partition(":")
    return rdflib.URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES else rdflib.Literal(short)
