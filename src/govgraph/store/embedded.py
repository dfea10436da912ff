"""The default store: pyoxigraph (RocksDB on disk), SPARQL 1.1 evaluated outside Python's GIL."""

from __future__ import annotations

import contextlib
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from govgraph.errors import QuerySyntaxError, QueryTimeout, StoreUnavailable
from govgraph.formats.registry import RDF, RDF_FORMATS, RESULT_FORMATS
from govgraph.namespaces import PREFIXES
from govgraph.rdf import RdfFormatName, Term, Triple, parse_rdf, term_converter, to_node, to_triple
from govgraph.sparql import ALIVE_FUNCTION, with_deadline_checks, with_row_limit
from govgraph.store.base import GraphInfo, QueryResult, Serialized, written

_ALIVE = ox.NamedNode(ALIVE_FUNCTION)
_TRUE = ox.Literal(True)
_STAGED = "#being-replaced"  # where replace_graph stages a graph with blank nodes


class EmbeddedStore:
    """A pyoxigraph store on disk (or in memory when `path` is None).

    With `in_memory=True` the store on disk stays the durable copy and every write goes to it first, while
    queries read a copy of it held in memory: 2-4x faster than reading RocksDB (bench/README.md), for
    about 0.4 kB of memory per quad and a load when the store is opened.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False, in_memory: bool = False):
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
            raise StoreUnavailable(
                f"Cannot open the store at {path}: {exc}",
                hint="Is another govgraph process writing to it? Run `govgraph build` "
                "or point --store at another directory.",
            ) from exc
        self._reads = self._store  # what queries read: the store itself, or its copy in memory
        if not read_only:
            for graph in list(self._store.named_graphs()):  # left by a crash in replace_graph
                if graph.value.endswith(_STAGED):
                    self._store.remove_graph(graph)
        if in_memory and path is not None:
            self._reads = ox.Store()
            self._reads.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        self.read_only = read_only
        self._count: int | None = None  # len() walks every quad: counted once, again after a write

    @classmethod
    def copied_from(cls, path: Path) -> EmbeddedStore:
        """A store in memory holding a copy of the store at `path`, which is closed once copied."""
        disk = cls(path, read_only=True)
        copy = cls()
        copy._store.bulk_extend(disk._store.quads_for_pattern(None, None, None, None))
        disk.close()
        return copy

    @property
    def in_memory(self) -> bool:
        """Whether queries read a copy in memory of the store on disk."""
        return self._reads is not self._store

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
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        limit = max_rows if max_rows is not None else sys.maxsize
        graphs = (default_graphs, named_graphs)
        with self._evaluation(sparql, bindings, timeout, *graphs, base_iri) as (raw, stop, deadline):
            started = time.perf_counter()
            if isinstance(raw, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(raw), elapsed=time.perf_counter() - started)
            term = term_converter()
            if isinstance(raw, ox.QuerySolutions):
                variables = [v.value for v in raw.variables]
                rows = (tuple(None if node is None else term(node) for node in solution) for solution in raw)
                kept, truncated = _take(rows, limit, stop, deadline)
                return QueryResult(
                    "select", variables=variables, rows=kept, truncated=truncated, elapsed=time.perf_counter() - started
                )
            triples = ((term(t.subject), term(t.predicate), term(t.object)) for t in raw)
            kept, truncated = _take(triples, limit, stop, deadline)
            return QueryResult("graph", triples=kept, truncated=truncated, elapsed=time.perf_counter() - started)

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
        """The answer written in `fmt` by pyoxigraph itself, no row ever becoming a Python object.

        The row cap goes into the query as a LIMIT of one row more than the cap (the extra row tells that
        the answer was cut). None when that LIMIT cannot be placed for sure, or the text does not parse:
        then `query` is the way.
        """
        limited = with_row_limit(sparql, max_rows + 1)
        if limited is None:
            return None
        try:
            with self._evaluation(limited, None, timeout, default_graphs, named_graphs, base_iri) as (raw, stop, _):
                if isinstance(raw, ox.QueryBoolean):
                    return Serialized(written(raw.serialize(format=RESULT_FORMATS[fmt])), truncated=False)
                if isinstance(raw, ox.QuerySolutions):
                    return _solutions_bytes(raw, fmt, max_rows, stop)
                return _triples_bytes(raw, fmt, max_rows, stop)
        except QuerySyntaxError:
            return None  # `query` reports the error where the text as written has it

    @contextlib.contextmanager
    def _evaluation(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None,
        timeout: float | None,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        base_iri: str | None = None,
    ) -> Iterator[tuple[ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, threading.Event, float | None]]:
        """Start the query under the time limit; the body reads the answer; a pruned answer raises QueryTimeout.

        Evaluation is lazy: it happens while the body reads, so the body is inside the limit too.
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = {
            ox.Variable(k): to_node(v) for k, v in (bindings or {}).items()
        } or None
        # The protocol's default-graph-uri / named-graph-uri replace the union default graph; relative IRIs
        # resolve against `base_iri` (the endpoint's own IRI, for the public's queries).
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
            [ox.NamedNode(g) for g in default_graphs] if default_graphs else None
        )
        named: list[ox.NamedNode | ox.BlankNode] | None = (
            [ox.NamedNode(g) for g in named_graphs] if named_graphs else None
        )
        union = not default_graphs
        stop = threading.Event()
        guarded = with_deadline_checks(sparql) if timeout is not None else sparql
        deadline = time.perf_counter() + timeout if timeout is not None else None

        def alive() -> ox.Literal:
            if deadline is not None and time.perf_counter() > deadline:
                stop.set()
                raise TimeoutError("time limit reached")
            return _TRUE

        try:
            try:
                raw = self._reads.query(
                    guarded,
                    prefixes=PREFIXES,
                    substitutions=substitutions,
                    custom_functions={_ALIVE: alive},
                    use_default_graph_as_union=union,
                    default_graph=default_graph,
                    named_graphs=named,
                    base_iri=base_iri,
                )
            except SyntaxError:
                # Report the position in the text as written, not as guarded.
                raw = self._reads.query(
                    sparql,
                    prefixes=PREFIXES,
                    substitutions=substitutions,
                    use_default_graph_as_union=union,
                    default_graph=default_graph,
                    named_graphs=named,
                    base_iri=base_iri,
                )
            yield raw, stop, deadline
        except SyntaxError as exc:
            raise QuerySyntaxError(
                _query_error_message(str(exc), sparql), hint="Fix the query at that position."
            ) from None
        except OSError as exc:
            if stop.is_set():
                raise _timeout(timeout or 0) from None
            raise StoreUnavailable(f"The store could not answer: {exc}") from exc
        if stop.is_set():  # the deadline check pruned the evaluation: the answer is incomplete
            raise _timeout(timeout or 0)

    def graphs(self) -> Sequence[GraphInfo]:
        infos = []
        for graph in self._reads.named_graphs():
            count = sum(1 for _ in self._reads.quads_for_pattern(None, None, None, graph))
            infos.append(GraphInfo(graph.value, count))
        return sorted(infos, key=lambda g: g.iri)

    def triple_count(self) -> int:
        if self._count is None:
            self._count = len(self._reads)
        return self._count

    def known_triple_count(self) -> int | None:
        return self._count

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes:
        if graph is None:
            return written(self._reads.dump(format=RDF_FORMATS[fmt], prefixes=PREFIXES))
        return written(self._reads.dump(format=RDF_FORMATS[fmt], from_graph=ox.NamedNode(graph), prefixes=PREFIXES))

    # -- writing -------------------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._count = None
        try:
            for store in self._written():
                store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None

    def replace_graph(self, graph: str, data: bytes, fmt: RdfFormatName, *, base_iri: str | None = None) -> int:
        """Replace a graph whole, in one transaction: readers (and a crash) see the old graph or the new one.

        Only the difference is written, so replacing a big graph that changed little (the inferred graph
        after a contribution) costs little.
        """
        triples = parse_rdf(data, fmt, source=graph, base_iri=base_iri)
        self._count = None
        name = ox.NamedNode(graph)
        wanted = set(triples)
        present = {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}
        removed, added = present - wanted, wanted - present
        if not any(_has_blank_node(t) for t in removed | added):
            text = "; ".join(
                f"{verb} DATA {{ GRAPH <{graph}> {{ {_ntriples_text(part)} }} }}"
                for verb, part in (("DELETE", removed), ("INSERT", added))
                if part
            )
            if text:
                for store in self._written():
                    store.update(text)
            return len(triples)
        # DELETE DATA takes no blank nodes and INSERT DATA makes its own; staged under another name, then
        # moved, they stay the same nodes (in the copy in memory too). The move is one transaction.
        staged = ox.NamedNode(graph + _STAGED)
        quads = [ox.Quad(t.subject, t.predicate, t.object, staged) for t in triples]
        for store in self._written():
            store.extend(quads)
            store.update(f"MOVE SILENT GRAPH <{staged.value}> TO GRAPH <{name.value}>")
        return len(triples)

    def add_dataset(self, data: bytes, *, without: Iterable[str] = ()) -> None:
        """Bulk-load an N-Quads document (not in one transaction), then drop the graphs named in `without`."""
        self._count = None
        for store in self._written():
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            for name in (ox.NamedNode(g) for g in without):
                if store.contains_named_graph(name):
                    store.remove_graph(name)

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        self._count = None
        name = ox.NamedNode(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in map(to_triple, triples)]
        for store in self._written():
            store.extend(quads)

    def bulk_load(
        self, stream: IO[bytes], fmt: ox.RdfFormat, graph: str, *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Stream a big file into `graph` with pyoxigraph's bulk loader; returns the triples the graph gained.
        The loader reads the file itself and counts nothing on the way: `progress` hears the total at the end."""
        name = ox.NamedNode(graph)
        before = self._graph_size(name)
        self._count = None
        self._store.bulk_load(stream, format=fmt, to_graph=name)
        if self.in_memory:  # the file was read once, into the disk; the whole graph is copied from there
            if self._reads.contains_named_graph(name):
                self._reads.remove_graph(name)
            self._reads.bulk_extend(self._store.quads_for_pattern(None, None, None, name))
        gained = self._graph_size(name) - before
        if progress is not None:
            progress(gained)
        return gained

    def _graph_size(self, graph: ox.NamedNode) -> int:
        """The triples of `graph` in the durable store (counted by the engine: a bulk-loaded graph is big)."""
        counted = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        assert isinstance(counted, ox.QuerySolutions)  # a SELECT
        return int(next(counted)["n"].value)

    def _written(self) -> tuple[ox.Store, ...]:
        """Where a write goes: the durable store first, then the copy in memory that queries read."""
        return (self._store, self._reads) if self.in_memory else (self._store,)

    def backup(self, target: Path) -> None:
        """A consistent copy of the store at `target`, a new directory; hard links where it is on the same disk."""
        if self._path is None:
            raise StoreUnavailable("An in-memory store cannot be copied to disk.", hint="Use an on-disk store.")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreUnavailable(f"Cannot copy the store to {target}: {exc}") from exc

    def flush(self) -> None:
        if self._path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store, self._reads


def _ntriples_text(triples: Iterable[ox.Triple]) -> str:
    return written(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode()


def _has_blank_node(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _take(items: Iterator, limit: int, stop: threading.Event, deadline: float | None) -> tuple[list, bool]:
    """Up to `limit` items, and whether more were left; gives up once `stop` is set or the deadline passes."""
    out: list = []
    for item in items:
        if stop.is_set() or (deadline is not None and len(out) % 256 == 0 and time.perf_counter() > deadline):
            stop.set()
            break
        if len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


# Both writers below give up at once when the time limit pruned the evaluation (`stop` is set): the
# partial answer can be large, and the caller raises QueryTimeout without it.


def _solutions_bytes(raw: ox.QuerySolutions, fmt: str, max_rows: int, stop: threading.Event) -> Serialized:
    """SELECT rows in `fmt`, cut at `max_rows`: counted in SPARQL JSON (parsed by C code, not row by row)."""
    body = written(raw.serialize(format=ox.QueryResultsFormat.JSON))
    if stop.is_set():
        return Serialized(b"", truncated=False)
    document = json.loads(body)
    bindings = document["results"]["bindings"]
    truncated = len(bindings) > max_rows
    if truncated:
        del bindings[max_rows:]
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt != "json":
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = written(parsed.serialize(format=RESULT_FORMATS[fmt]))
    return Serialized(body, truncated)


def _triples_bytes(raw: ox.QueryTriples, fmt: str, max_rows: int, stop: threading.Event) -> Serialized:
    """CONSTRUCT/DESCRIBE triples in `fmt`, cut at `max_rows`: counted as N-Triples lines."""
    body = written(raw.serialize(format=ox.RdfFormat.N_TRIPLES))
    if stop.is_set():
        return Serialized(b"", truncated=False)
    lines = body.count(b"\n")
    truncated = lines > max_rows
    if truncated:
        body = b"".join(body.splitlines(keepends=True)[:max_rows])
    if fmt != "ntriples":
        triples = [quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        prefixes = PREFIXES if RDF[fmt].prefixes else None
        body = written(ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes))
    return Serialized(body, truncated)


def _timeout(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"The query ran for more than {seconds:g} s and was stopped.",
        hint="Add LIMIT or narrow the patterns; an operator can raise GOVGRAPH_QUERY_TIMEOUT.",
    )


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_EXPECTED = re.compile(r"expected one of (.*)", re.S)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)+)"')


def _query_error_message(text: str, query: str = "") -> str:
    """pyoxigraph says "error at 1:33: expected one of ..." with character classes; say it readably.

    The message keeps the position, the tokens that could have come next (not the character classes
    of names), and the line of the query with a caret under the position.
    """
    match = _POSITION.match(text)
    if not match:
        return f"SPARQL syntax error: {text}"
    line, column = (int(n) for n in match.groups())
    reason = text[match.end() :]
    expected = _EXPECTED.match(reason)
    if expected:
        listed = expected.group(1)
        tokens = _QUOTED.findall(listed) + re.findall(r"(?<![\w'\"])([A-Z]{2,})(?![\w'\"])", listed)
        reason = f"expected {', '.join(repr(t) for t in tokens)} or a name" if tokens else "unexpected input"
    message = f"SPARQL syntax error at line {line}, column {column}: {reason}"
    lines = query.splitlines()
    if 0 < line <= len(lines):
        source = lines[line - 1]
        message += f"\n  {source}\n  {' ' * (column - 1)}^"
    return message
