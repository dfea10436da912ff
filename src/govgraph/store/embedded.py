"""The default store: pyoxigraph (RocksDB on disk), SPARQL 1.1 evaluated outside Python's GIL."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from govgraph.errors import QuerySyntaxError, QueryTimeout, RdfSyntaxError, StoreUnavailable
from govgraph.namespaces import PREFIXES
from govgraph.store.base import GraphInfo, QueryResult, RdfFormatName, Row, Term, Triple

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Term("literal", node.value, lang=node.language)
        datatype = node.datatype.value
        return Term("literal", node.value, datatype=None if datatype == _XSD_STRING else datatype)
    # RDF 1.2 triple terms have no place in govgraph's data; show them as their N-Triples text.
    return Term("literal", str(node))


def to_node(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype and term.datatype != _RDF_LANGSTRING:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def syntax_error(exc: SyntaxError, *, source: str) -> RdfSyntaxError:
    """A pyoxigraph parse error as a govgraph error carrying the source, line and column."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    where = f"{source}, line {line}, column {column}" if line else source
    return RdfSyntaxError(f"{where}: {exc.msg if hasattr(exc, 'msg') else exc}",
                          hint="Fix the RDF syntax at that position and try again.",
                          details={"source": source, "line": line, "column": column})


def parse_rdf(data: bytes, fmt: RdfFormatName, *, source: str, base_iri: str | None = None) -> list[ox.Triple]:
    """Parse one RDF document; hostile input is harmless here: no entity expansion, no remote contexts."""
    try:
        return [q.triple for q in ox.parse(data, format=RDF_FORMATS[fmt], base_iri=base_iri)]
    except SyntaxError as exc:
        raise syntax_error(exc, source=source) from None


class EmbeddedStore:
    """A pyoxigraph store on disk (or in memory when `path` is None)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False):
        self._path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreUnavailable(f"Cannot open the store at {path}: {exc}",
                                   hint="Is another govgraph process writing to it? Run `govgraph build` "
                                        "or point --store at another directory.") from exc
        self.read_only = read_only

    @property
    def location(self) -> Path | None:
        return self._path

    # -- reading -------------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        started = time.perf_counter()
        substitutions = {ox.Variable(k): to_node(v) for k, v in (bindings or {}).items()}
        try:
            raw = self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
                                    substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), hint="Check the query near the reported position.") from None
        except OSError as exc:
            raise StoreUnavailable(f"The store could not answer: {exc}") from exc
        if isinstance(raw, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(raw), elapsed=time.perf_counter() - started)
        if isinstance(raw, ox.QuerySolutions):
            variables = [v.value for v in raw.variables]
            rows, truncated = _drain(
                (tuple(None if s[v] is None else to_term(s[v]) for v in variables) for s in raw),
                timeout=timeout, max_rows=max_rows, started=started)
            return QueryResult("select", variables=variables, rows=rows, truncated=truncated,
                               elapsed=time.perf_counter() - started)
        triples, truncated = _drain(
            ((to_term(t.subject), to_term(t.predicate), to_term(t.object)) for t in raw),
            timeout=timeout, max_rows=max_rows, started=started)
        return QueryResult("graph", triples=triples, truncated=truncated, elapsed=time.perf_counter() - started)

    def graphs(self) -> Sequence[GraphInfo]:
        infos = []
        for graph in self._store.named_graphs():
            count = sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))
            infos.append(GraphInfo(graph.value, count))
        return sorted(infos, key=lambda g: g.iri)

    def triple_count(self) -> int:
        return len(self._store)

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes:
        if graph is None:
            return self._store.dump(format=RDF_FORMATS[fmt], prefixes=PREFIXES)
        return self._store.dump(format=RDF_FORMATS[fmt], from_graph=ox.NamedNode(graph), prefixes=PREFIXES)

    # -- writing -------------------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None

    def replace_graph(self, graph: str, data: bytes, fmt: RdfFormatName, *, base_iri: str | None = None) -> int:
        triples = parse_rdf(data, fmt, source=graph, base_iri=base_iri)
        name = ox.NamedNode(graph)
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)
        self._store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return len(triples)

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        name = ox.NamedNode(graph)
        self._store.extend(ox.Quad(to_node(s), to_node(p), to_node(o), name) for s, p, o in triples)

    def flush(self) -> None:
        if self._path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store


def _drain(items: Iterator[Row] | Iterator[Triple], *, timeout: float | None, max_rows: int | None,
           started: float) -> tuple[list, bool]:
    """Collect results up to `max_rows`, giving up with QueryTimeout once `timeout` seconds have passed.

    Rows are pulled on a worker thread, so a query that computes for long before its first row still
    ends with a timeout here instead of holding the caller; pyoxigraph releases the GIL meanwhile.
    """
    limit = max_rows if max_rows is not None else float("inf")
    out: list = []
    if timeout is None:
        for item in items:
            if len(out) >= limit:
                return out, True
            out.append(item)
        return out, False

    handoff: queue.Queue = queue.Queue(maxsize=1024)
    stop = threading.Event()
    done = object()

    def hand_over(item: object) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def pull() -> None:
        try:
            for item in items:
                if not hand_over(item):
                    return
        except BaseException as exc:  # handed over to the caller's thread
            hand_over(exc)
            return
        hand_over(done)

    threading.Thread(target=pull, name="govgraph-query", daemon=True).start()
    deadline = started + timeout
    try:
        while True:
            remaining = deadline - time.perf_counter()
            try:
                item = handoff.get(timeout=max(remaining, 0))
            except queue.Empty:
                raise QueryTimeout(
                    f"The query ran for more than {timeout:g} s and was stopped.",
                    hint="Add LIMIT, narrow the patterns, or raise GOVGRAPH_QUERY_TIMEOUT on your own server.",
                ) from None
            if item is done:
                return out, False
            if isinstance(item, BaseException):
                raise StoreUnavailable(f"The query failed while running: {item}")
            if len(out) >= limit:
                return out, True
            out.append(item)
    finally:
        stop.set()
