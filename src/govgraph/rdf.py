"""RDF terms, triples and rows; their conversions to and from pyoxigraph, rdflib and SPARQL JSON; parsing RDF
documents; writing N-Triples and N-Quads statements.

A Term is what every store returns and every edge formats: a plain, immutable value shaped like a binding of
the SPARQL 1.1 JSON results format. Its N-Triples text (`Term.n3`) is written exactly as pyoxigraph writes
the same node, so a line written here and one pyoxigraph wrote compare equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pyoxigraph as ox

from govgraph.errors import RdfSyntaxError
from govgraph.formats.registry import RDF_FORMATS
from govgraph.namespaces import RDF_LANGSTRING, XSD, XSD_STRING

if TYPE_CHECKING:
    import rdflib

TermKind = Literal["uri", "literal", "bnode"]
RdfFormatName = Literal["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]
Node = ox.NamedNode | ox.BlankNode | ox.Literal


# How N-Triples escapes a literal's characters (pyoxigraph's choice among the equivalent spellings).
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)} | {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term, shaped like a binding in the SPARQL 1.1 JSON results format."""

    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None

    def n3(self) -> str:
        """The term in N-Triples (and so in SPARQL): `<iri>`, `_:b0`, `"text"@en`, `"1"^^<...#integer>`."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        quoted = f'"{self.value.translate(_ESCAPES)}"'
        if self.lang:
            return f"{quoted}@{self.lang}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{quoted}^^<{self.datatype}>"
        return quoted


Triple = tuple[Term, Term, Term]
Row = tuple[Term | None, ...]  # one SELECT solution, None where a variable is unbound


def bound(terms: Sequence[Term | None]) -> tuple[Term, ...]:
    """Terms of variables the query always binds (outside OPTIONAL and UNION); a gap is a bug in the query."""
    if None in terms:
        raise ValueError(f"a variable the query always binds came back unbound: {terms!r}")
    return tuple(t for t in terms if t is not None)


def iri(value: str) -> Term:
    return Term("uri", value)


def literal(value: object, datatype: str | None = None, *, lang: str | None = None) -> Term:
    """A literal Term; a plain string has no datatype, as in the Terms the stores return."""
    return Term("literal", str(value), datatype=None if lang or datatype == XSD_STRING else datatype, lang=lang)


# -- pyoxigraph ------------------------------------------------------------------------------------------


def to_term(node: Node | ox.Triple) -> Term:
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Term("literal", node.value, lang=node.language)
        datatype = node.datatype.value
        return Term("literal", node.value, datatype=None if datatype == XSD_STRING else datatype)
    # RDF 1.2 triple terms have no place in govgraph's data; show them as their N-Triples text.
    return Term("literal", str(node))


def term_converter() -> Callable[[Node | ox.Triple], Term]:
    """to_term with a memory, for one answer: it names the same few nodes over and over (Terms are immutable)."""
    seen: dict[Node | ox.Triple, Term] = {}

    def term(node: Node | ox.Triple) -> Term:
        found = seen.get(node)
        if found is None:
            found = seen[node] = to_term(node)
        return found

    return term


def to_node(term: Term) -> Node:
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype and term.datatype != RDF_LANGSTRING:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def from_triple(triple: ox.Triple | ox.Quad) -> Triple:
    return to_term(triple.subject), to_term(triple.predicate), to_term(triple.object)


def to_triple(triple: Triple) -> ox.Triple:
    s, p, o = triple
    subject = ox.BlankNode(s.value) if s.kind == "bnode" else ox.NamedNode(s.value)
    return ox.Triple(subject, ox.NamedNode(p.value), to_node(o))


# -- rdflib (imported on first use: the stores and their query workers never need it) -----------------------


def to_rdflib(term: Term) -> rdflib.term.Node:
    import rdflib

    if term.kind == "uri":
        return rdflib.URIRef(term.value)
    if term.kind == "bnode":
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.lang, datatype=None if term.lang else term.datatype)


def rdflib_graph(document: bytes | str) -> rdflib.Graph:
    """An N-Triples document (see `ntriples`) as an rdflib graph, for the validators, which read rdflib."""
    import rdflib

    return rdflib.Graph().parse(data=document if isinstance(document, str) else document.decode(), format="nt")


# -- SPARQL 1.1 JSON results -----------------------------------------------------------------------------


def from_json_binding(binding: dict) -> Term:
    """One binding of a SPARQL JSON results document, as engines write it."""
    kind = binding["type"]
    if kind == "uri":
        return Term("uri", binding["value"])
    if kind == "bnode":
        return Term("bnode", binding["value"].removeprefix("nodeID://"))  # Virtuoso's blank node labels
    lang = binding.get("xml:lang")
    if lang:
        return Term("literal", binding["value"], lang=lang)
    datatype = binding.get("datatype")
    if datatype == f"{XSD}boolean" and binding["value"] in ("0", "1"):  # Virtuoso writes booleans as 0 and 1
        return Term("literal", "true" if binding["value"] == "1" else "false", datatype=datatype)
    return Term("literal", binding["value"], datatype=None if datatype == XSD_STRING else datatype)


# -- parsing ---------------------------------------------------------------------------------------------


def syntax_error(exc: SyntaxError, *, source: str) -> RdfSyntaxError:
    """A pyoxigraph parse error as a govgraph error carrying the source, line and column."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    where = f"{source}, line {line}, column {column}" if line else source
    reason = str(getattr(exc, "msg", exc))
    reason = reason.split(": ", 1)[1] if reason.startswith("Parser error") and ": " in reason else reason
    return RdfSyntaxError(
        f"{where}: {reason}",
        hint="Fix the RDF syntax at that position and try again.",
        details={"source": source, "line": line, "column": column},
    )


def parse_rdf(data: bytes, fmt: RdfFormatName, *, source: str, base_iri: str | None = None) -> list[ox.Triple]:
    """Parse one RDF document; hostile input is harmless here: no entity expansion, no remote contexts."""
    try:
        return [q.triple for q in ox.parse(data, format=RDF_FORMATS[fmt], base_iri=base_iri)]
    except SyntaxError as exc:
        raise syntax_error(exc, source=source) from None


# -- writing ---------------------------------------------------------------------------------------------


def statement(item: Triple | tuple[Term, ...] | ox.Triple | ox.Quad) -> str:
    """One N-Triples statement (an N-Quads one for a quad in a named graph), without its line break."""
    if isinstance(item, tuple):
        return " ".join(term.n3() for term in item) + " ."
    return f"{item} ."  # pyoxigraph writes the terms, and leaves out the default graph


def ntriples(items: Iterable[Triple | tuple[Term, ...] | ox.Triple | ox.Quad]) -> bytes:
    """An N-Triples document (N-Quads, for quads), one statement a line."""
    return "".join(f"{statement(item)}\n" for item in items).encode()
