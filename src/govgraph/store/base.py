"""The store interface and the plain result objects it returns; formats (JSON, CSV, HTML) are made at the edges."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

TermKind = Literal["uri", "literal", "bnode"]
QueryKind = Literal["select", "ask", "graph"]
RdfFormatName = Literal["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term, shaped like a binding in the SPARQL 1.1 JSON results format."""

    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None

    def n3(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype and self.datatype != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'


Triple = tuple[Term, Term, Term]
Row = tuple[Term | None, ...]


def ntriples(triples: Iterable[Triple]) -> bytes:
    """Triples as an N-Triples document."""
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples).encode()


@dataclass(slots=True)
class QueryResult:
    """What any store returns for a query: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False
    elapsed: float = 0.0

    def records(self) -> list[dict[str, Term]]:
        """SELECT rows as dicts, leaving out unbound variables."""
        return [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)


@dataclass(frozen=True, slots=True)
class Serialized:
    """An answer already written in a result or RDF syntax, and whether the row cap cut it."""

    body: bytes
    truncated: bool


@dataclass(frozen=True, slots=True)
class GraphInfo:
    iri: str
    triples: int


class Store(Protocol):
    """What govgraph needs from a triple store. The default graph seen by queries is the union of all graphs."""

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """`base_iri` resolves the query's relative IRIs (the SPARQL endpoint passes its own IRI)."""
        ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, data: bytes, fmt: RdfFormatName, *, base_iri: str | None = None) -> int:
        """Replace `graph` whole, atomically: a reader sees the old graph or the new one, never a mix."""
        ...

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None: ...

    def graphs(self) -> Sequence[GraphInfo]: ...

    def triple_count(self) -> int: ...

    def known_triple_count(self) -> int | None:
        """The triple count if the store holds it already (no counting, no request); None otherwise."""
        ...

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes: ...

    def flush(self) -> None:
        """Make what was written durable and cheap to open again (an engine may do nothing here)."""
        ...

    def close(self) -> None: ...

    @property
    def location(self) -> Path | None: ...
