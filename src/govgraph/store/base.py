"""The store interface and the plain result objects it returns; formats (JSON, CSV, HTML) are made at the edges.

The terms in those results (Term, Triple, Row) are govgraph.rdf's, named here too for the stores' users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal, Protocol

import pyoxigraph as ox

from govgraph.rdf import RdfFormatName, Row, Term, Triple, bound

QueryKind = Literal["select", "ask", "graph"]


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

    def bound_rows(self) -> list[tuple[Term, ...]]:
        """SELECT rows of a query that binds every variable in every row."""
        return [bound(row) for row in self.rows]

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


def written(body: bytes | None) -> bytes:
    """What a pyoxigraph writer returns when given no file to write to: bytes (its stubs say bytes | None, for
    the call that writes to a file and returns nothing)."""
    assert body is not None, "pyoxigraph writes to memory when it is given no output"
    return body


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

    def query_bytes(
        self,
        sparql: str,
        fmt: str,
        *,
        timeout: float | None = None,
        max_rows: int,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> Serialized | None:
        """The answer already written in `fmt` (a result or RDF syntax key) by the engine itself, or None when
        it cannot write this one so: then `query` is the way, and the answer is written at the edge."""
        ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, data: bytes, fmt: RdfFormatName, *, base_iri: str | None = None) -> int:
        """Replace `graph` whole, atomically: a reader sees the old graph or the new one, never a mix."""
        ...

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None: ...

    def bulk_load(
        self, stream: IO[bytes], fmt: ox.RdfFormat, graph: str, *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Stream a big file into `graph`, never holding it whole; the triples the graph gained (or were sent).
        `progress` hears the triples sent so far, where the store counts them as it goes."""
        ...

    def backup(self, target: Path) -> None:
        """A consistent embedded copy of the store at `target`, a new directory (for snapshots, dumps, releases)."""
        ...

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


__all__ = [
    "GraphInfo",
    "QueryKind",
    "QueryResult",
    "RdfFormatName",
    "Row",
    "Serialized",
    "Store",
    "Term",
    "Triple",
    "bound",
    "written",
]
