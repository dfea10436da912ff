"""A store on an existing SPARQL engine, spoken to only in W3C standards.

SPARQL 1.1 Query and Update over HTTP (the SPARQL 1.1 Protocol), and the Graph Store HTTP Protocol for
whole graphs when its URL is set (otherwise graphs are written with SPARQL Update). Results come back as
SPARQL JSON or N-Triples and become the same QueryResult and Term objects the embedded store returns.

The default graph govgraph queries see is the union of govgraph's graphs. Engines differ there (Virtuoso's
default graph is the union of every graph, its own system graphs included), so unless a query names its
dataset itself, the store names it: every graph but the engine's own, as `default-graph-uri` and
`named-graph-uri`. Time limits and row caps hold client-side; the engine's own time limit is used too where
govgraph knows its parameter.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from govgraph.errors import EngineUnsupported, QuerySyntaxError, QueryTimeout, SettingsError, StoreUnavailable
from govgraph.formats.registry import GRAPH_RESULTS, RDF, RDF_FORMATS, RESULTS, by_media_type
from govgraph.namespaces import BASE, LDP, OWL, PREFIXES
from govgraph.rdf import (
    RdfFormatName,
    Term,
    Triple,
    from_json_binding,
    ntriples,
    parse_rdf,
    statement,
    term_converter,
)
from govgraph.sparql import analyse, ask_as_select, with_base, with_prologue, with_values
from govgraph.store.base import GraphInfo, QueryResult, Serialized, written

SCHEMES = ("sparql+http://", "sparql+https://")
# Graphs an engine keeps for itself; they are never part of govgraph's union default graph.
ENGINE_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        LDP,
        OWL,
        "http://localhost:8890/DAV/",
        "http://localhost:8890/sparql",
    }
)
_EMPTY_DATASET = "urn:govgraph:no-graph"  # names a dataset with nothing in it, before anything is loaded
_JSON = RESULTS["json"].media_type
_NTRIPLES = RDF["ntriples"].media_type
_GRAPH_ACCEPT = f"{_NTRIPLES}, {RDF['turtle'].media_type};q=0.8"
_GRAPH_LIST_TTL = 1.0  # seconds the list of graphs is reused; a write by this client refreshes it at once
_CHUNK_TRIPLES = 20_000  # triples per GSP POST or INSERT DATA request when adding many
_LINE = re.compile(r"(\bline )(\d+)")
_GRACE = 2.0  # seconds the client waits past the limit, for the engine to say it stopped


@dataclass(frozen=True)
class Endpoints:
    """Where the engine answers: queries, updates, the Graph Store Protocol (optional), and credentials."""

    query: str
    update: str
    gsp: str | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def parse(
        cls,
        store: str,
        *,
        update: str | None = None,
        gsp: str | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> Endpoints:
        if not store.startswith(SCHEMES):
            raise SettingsError(
                f"{store!r} is not a SPARQL engine URL.", hint="Write it as sparql+http://host:8890/sparql."
            )
        query = store.removeprefix("sparql+")
        for url in (query, update, gsp):
            if url and not (urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc):
                raise SettingsError(f"{url!r} is not an http(s) URL.", hint="Give the engine's full URL.")
        return cls(query, update or query, gsp, user or None, password or None)


def is_remote(store: object) -> bool:
    return isinstance(store, str) and store.startswith(SCHEMES)


class _ChallengeAuth(httpx.Auth):
    """Credentials only when the engine asks, in the scheme it asks for (Digest, as Virtuoso, or Basic)."""

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._schemes: dict[str, str] = {}  # host -> the scheme it asked for last
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        host = request.url.netloc.decode()
        with self._lock:
            scheme = self._schemes.get(host + request.url.path)
        if scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        asked = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        if asked not in ("digest", "basic"):
            return
        with self._lock:
            self._schemes[host + request.url.path] = asked
        response.read()
        if asked == "basic":
            yield from self._basic.auth_flow(request)
        else:
            yield from self._digest.auth_flow(request)


class RemoteStore:
    """The Store interface over a SPARQL 1.1 engine's HTTP endpoints."""

    def __init__(self, endpoints: Endpoints, *, read_only: bool = False, timeout: float = 60.0):
        self.endpoints = endpoints
        self.read_only = read_only
        self._timeout = timeout
        auth = _ChallengeAuth(endpoints.user, endpoints.password or "") if endpoints.user else None
        self._http = httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)
        self._server: str | None = None  # the engine's Server header, once seen
        self._graphs: tuple[float, list[GraphInfo]] | None = None
        self._lock = threading.Lock()

    @property
    def location(self) -> Path | None:
        return None

    @property
    def engine(self) -> str:
        """The engine's name as its Server header gives it (e.g. Virtuoso/07.20.3229), or ''."""
        if self._server is None:
            self._request("GET", self.endpoints.query, params={"query": "ASK {}"}, headers={"Accept": _JSON})
        return self._server or ""

    @property
    def is_virtuoso(self) -> bool:
        return self.engine.lower().startswith("virtuoso")

    # -- HTTP ----------------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        *,
        wait: float | None = None,
        limit: float | None = None,
        shift: int = 0,
        **kwargs: object,
    ) -> httpx.Response:
        try:
            response = self._http.request(method, url, timeout=wait or self._timeout, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException as exc:
            silent = f"the SPARQL engine at {urlsplit(url).netloc} did not answer within {wait or self._timeout:g} s"
            raise QueryTimeout(
                f"The query ran for more than {limit:g} s and was stopped ({silent})."
                if limit is not None
                else silent[0].upper() + silent[1:] + ".",
                hint="Add LIMIT or narrow the patterns; an operator can raise GOVGRAPH_QUERY_TIMEOUT.",
            ) from exc
        except httpx.RemoteProtocolError as exc:
            raise StoreUnavailable(
                f"The SPARQL engine at {urlsplit(url).netloc} closed the connection without answering.",
                hint="It may have stopped on this request (Virtuoso 7.2 does on some FILTER ... NOT EXISTS "
                "patterns, see docs/deploy.md); its log says why.",
            ) from exc
        except httpx.HTTPError as exc:
            raise StoreUnavailable(
                f"Cannot reach the SPARQL engine at {url}: {exc}",
                hint="Is the engine running, and is GOVGRAPH_STORE (or GOVGRAPH_UPDATE_URL / GOVGRAPH_GSP_URL) right?",
            ) from exc
        self._server = self._server or response.headers.get("server", "")
        if response.status_code >= 400:
            raise self._failure(response, url, shift, limit)
        return response

    def _failure(self, response: httpx.Response, url: str, shift: int = 0, wait: float | None = None) -> Exception:
        """The engine's error as a govgraph error; `shift` is how many prologue lines govgraph added."""
        text = response.text.strip()
        said = " ".join(text.split("SPARQL query:", 1)[0].split())[:600]  # Virtuoso echoes the query after it
        said = _LINE.sub(lambda m: f"{m.group(1)}{max(1, int(m.group(2)) - shift)}", said)
        status = response.status_code
        if status in (401, 403):
            return StoreUnavailable(
                f"The SPARQL engine refused govgraph's credentials at {url} (HTTP {status}).",
                hint="Set GOVGRAPH_STORE_USER and GOVGRAPH_STORE_PASSWORD to an account allowed to update "
                "(on Virtuoso: SPARQL_UPDATE, at /sparql-auth).",
            )
        if status in (404, 405, 501):
            return EngineUnsupported(
                f"The SPARQL engine does not offer {response.request.method} at {url} (HTTP {status}): {said}",
                hint="Check the endpoint URLs in docs/deploy.md for this engine.",
            )
        if "SQ156" in text or "Internal Optimized compiler error" in text:
            return EngineUnsupported(
                f"The SPARQL engine's compiler cannot evaluate this query: {said}",
                hint="Rewrite the query (see docs/deploy.md for this engine's known gaps), or use the embedded store.",
            )
        if _timed_out(text):
            return QueryTimeout(
                f"The query ran (or, by the engine's estimate, would run) for more than {wait or self._timeout:g} s "
                f"and was stopped. The engine said: {said}",
                hint="Add LIMIT or narrow the patterns; an operator can raise GOVGRAPH_QUERY_TIMEOUT.",
            )
        if status == 400 or "syntax" in text.lower() or "SP030" in text:
            return QuerySyntaxError(f"The SPARQL engine refused the query: {said}", hint="Fix the query.")
        return StoreUnavailable(f"The SPARQL engine failed (HTTP {status}): {said}")

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
        started = time.perf_counter()
        query = analyse(with_values(sparql, bindings) if bindings else sparql)
        kind = query.kind
        text = ask_as_select(query) if kind == "ask" and self.is_virtuoso else query.text
        sent = with_base(with_prologue(text), base_iri)  # Virtuoso: BASE first
        form: dict[str, object] = {"query": sent}
        if default_graphs or named_graphs:
            form["default-graph-uri"] = list(default_graphs or [])
            form["named-graph-uri"] = list(named_graphs or [])
        elif not query.names_dataset:
            own = [g.iri for g in self.graphs()] or [_EMPTY_DATASET]
            form["default-graph-uri"] = own
            form["named-graph-uri"] = own
        if timeout is not None and self.is_virtuoso:
            form["timeout"] = str(int(timeout * 1000))  # Virtuoso's own limit, in milliseconds
        headers = {"Accept": _GRAPH_ACCEPT if kind == "graph" else _JSON}
        wait = timeout + _GRACE if timeout is not None else None
        shift = sent.count("\n") - text.count("\n")
        response = self._request(
            "POST", self.endpoints.query, data=form, headers=headers, wait=wait, limit=timeout, shift=shift
        )
        if response.headers.get("x-sql-state") == "S1TAT":  # Virtuoso's "anytime" answer: partial rows
            raise QueryTimeout(
                f"The query ran for more than {timeout or 0:g} s and was stopped.",
                hint="Add LIMIT or narrow the patterns; an operator can raise GOVGRAPH_QUERY_TIMEOUT.",
            )
        limit = max_rows if max_rows is not None else None
        cut_by_engine = "x-sparql-maxrows" in response.headers
        if kind == "graph":
            triples = self._triples(response)
            truncated = limit is not None and len(triples) > limit
            return QueryResult(
                "graph",
                triples=triples[:limit] if truncated else triples,
                truncated=truncated or cut_by_engine,
                elapsed=time.perf_counter() - started,
            )
        data = self._json(response)
        if kind == "ask" and "boolean" not in data:  # asked as a SELECT
            return QueryResult("ask", boolean=bool(data["results"]["bindings"]), elapsed=time.perf_counter() - started)
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]), elapsed=time.perf_counter() - started)
        variables = list(data.get("head", {}).get("vars", []))
        bound = data.get("results", {}).get("bindings", [])
        truncated = limit is not None and len(bound) > limit
        rows = [tuple(from_json_binding(b[v]) if v in b else None for v in variables) for b in bound[:limit]]
        return QueryResult(
            "select",
            variables=variables,
            rows=rows,
            truncated=truncated or cut_by_engine,
            elapsed=time.perf_counter() - started,
        )

    def _json(self, response: httpx.Response) -> dict:
        try:
            return response.json()
        except ValueError as exc:
            raise StoreUnavailable(
                f"The SPARQL engine answered {response.headers.get('content-type')!r}, not SPARQL JSON results.",
                hint="Point GOVGRAPH_STORE at the engine's SPARQL query endpoint.",
            ) from exc

    def _triples(self, response: httpx.Response) -> list[Triple]:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        found = by_media_type(GRAPH_RESULTS, media, broader=True)  # engines send N-Triples as text/plain too
        if found is None:
            raise EngineUnsupported(
                f"The SPARQL engine answered a graph as {media!r}; "
                "govgraph reads N-Triples, Turtle, RDF/XML or JSON-LD.",
                hint="Configure the engine to honour Accept: application/n-triples.",
            )
        try:
            parsed = ox.parse(response.content, format=found.rdf_format)
            term = term_converter()
            return [(term(q.subject), term(q.predicate), term(q.object)) for q in parsed]
        except SyntaxError as exc:
            raise StoreUnavailable(f"The SPARQL engine sent a graph that does not parse: {exc}") from exc

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
        """None: an engine's own serialization is not held to the row cap, so answers are written at the edge."""
        return None

    def graphs(self) -> Sequence[GraphInfo]:
        with self._lock:
            if self._graphs is not None and time.monotonic() - self._graphs[0] < _GRAPH_LIST_TTL:
                return self._graphs[1]
        listing = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        response = self._request("POST", self.endpoints.query, data={"query": listing}, headers={"Accept": _JSON})
        rows = self._json(response).get("results", {}).get("bindings", [])
        infos = sorted(
            (GraphInfo(r["g"]["value"], int(r["n"]["value"])) for r in rows if r["g"]["value"] not in ENGINE_GRAPHS),
            key=lambda g: g.iri,
        )
        with self._lock:
            self._graphs = (time.monotonic(), infos)
        return infos

    def triple_count(self) -> int:
        return sum(g.triples for g in self.graphs())

    def known_triple_count(self) -> None:
        return None  # the engine is asked every time: that is also what says it is up

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples: by the Graph Store Protocol when there is one, else CONSTRUCT."""
        if self.endpoints.gsp:
            response = self._request("GET", self.endpoints.gsp, params={"graph": graph}, headers={"Accept": _NTRIPLES})
            triples = self._triples(response)
        else:
            triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").triples
        return ntriples(triples)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of govgraph's graphs, one graph at a time."""
        for info in self.graphs():
            name = ox.NamedNode(info.iri)
            for t in ox.parse(self.graph_ntriples(info.iri), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, t.object, name)

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes:
        if graph is not None:
            triples = [q.triple for q in ox.parse(self.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)]
            return written(ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=PREFIXES))
        if fmt not in ("nquads", "trig"):
            raise EngineUnsupported(
                f"A dump of every graph needs a format with named graphs, not {fmt}.", hint="Use nquads or trig."
            )
        return written(ox.serialize(list(self.quads()), format=RDF_FORMATS[fmt], prefixes=PREFIXES))

    def backup(self, target: Path) -> None:
        """An embedded copy of govgraph's graphs at `target`, a new directory (for dumps and releases)."""
        copy = ox.Store(str(target))
        try:
            copy.bulk_extend(self.quads())
            copy.flush()
        finally:
            del copy

    # -- writing -------------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreUnavailable("This store was opened read-only.", hint="Open it for writing to change it.")

    def _written(self) -> None:
        with self._lock:
            self._graphs = None

    def update(self, sparql: str) -> None:
        self._writable()
        try:
            self._request("POST", self.endpoints.update, data={"update": with_prologue(sparql)})
        finally:
            self._written()

    def replace_graph(self, graph: str, data: bytes, fmt: RdfFormatName, *, base_iri: str | None = None) -> int:
        """Replace a graph whole: one GSP PUT (or DROP + INSERT DATA in one request), so a repeat is harmless."""
        self._writable()
        triples = parse_rdf(data, fmt, source=graph, base_iri=base_iri)
        body = written(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        try:
            if self.endpoints.gsp:
                self._request(
                    "PUT",
                    self.endpoints.gsp,
                    params={"graph": graph},
                    content=body,
                    headers={"Content-Type": _NTRIPLES},
                )
            else:
                text = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body.decode()}}} }}"
                self._request("POST", self.endpoints.update, data={"update": text})
        finally:
            self._written()
        return len(triples)

    def add_triples(self, graph: str, triples: Iterable[Triple]) -> None:
        self._writable()
        self.add_ntriples(graph, (f"{statement(t)}\n" for t in triples))

    def add_ntriples(self, graph: str, lines: Iterable[str], *, chunk: int = _CHUNK_TRIPLES) -> int:
        """Add N-Triples lines to `graph` in requests of `chunk` triples (GSP POST, else INSERT DATA)."""
        self._writable()
        sent = 0
        batch: list[str] = []
        try:
            for line in lines:
                batch.append(line)
                if len(batch) >= chunk:
                    self._post(graph, batch)
                    sent += len(batch)
                    batch = []
            if batch:
                self._post(graph, batch)
                sent += len(batch)
        finally:
            self._written()
        return sent

    def bulk_load(
        self, stream: IO[bytes], fmt: ox.RdfFormat, graph: str, *, progress: Callable[[int], None] | None = None
    ) -> int:
        """The file parsed as it is read and sent in chunks of N-Triples; the triples sent."""
        told = progress or (lambda _sent: None)
        return self.add_ntriples(graph, _skolemized_lines(ox.parse(stream, format=fmt), told))

    def _post(self, graph: str, lines: list[str]) -> None:
        body = "".join(lines)
        if self.endpoints.gsp:
            self._request(
                "POST",
                self.endpoints.gsp,
                params={"graph": graph},
                content=body.encode(),
                headers={"Content-Type": _NTRIPLES},
            )
        else:
            self._request(
                "POST", self.endpoints.update, data={"update": f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"}
            )

    def flush(self) -> None:
        """Writes are durable when the engine answers; nothing is buffered here."""

    def close(self) -> None:
        self._http.close()


def _timed_out(text: str) -> bool:
    # Virtuoso: "S1T00 ... timed out" or its estimate "SR171 ... exceeds the limit"; others say "timeout".
    lowered = text.lower()
    return any(word in lowered for word in ("s1t00", "timed out", "timeout", "sr171", "estimated execution time"))


def _skolemized_lines(quads: Iterator[ox.Quad], told: Callable[[int], None]) -> Iterator[str]:
    """N-Triples lines, blank nodes made IRIs (RDF 1.1 skolem IRIs): chunks sent apart must still share them."""
    run = secrets.token_hex(6)
    count = 0
    for quad in quads:
        s, p, o = quad.subject, quad.predicate, quad.object
        if isinstance(s, ox.BlankNode):
            s = ox.NamedNode(f"{BASE}.well-known/genid/{run}-{s.value}")
        if isinstance(o, ox.BlankNode):
            o = ox.NamedNode(f"{BASE}.well-known/genid/{run}-{o.value}")
        yield f"{statement(ox.Triple(s, p, o))}\n"
        count += 1
        if count % 10_000 == 0:
            told(count)
    told(count)
