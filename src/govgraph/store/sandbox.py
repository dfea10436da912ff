"""Raw SPARQL from the public in worker processes that can be stopped.

A query evaluating inside pyoxigraph cannot be interrupted from Python (a large cross join consults
govgraph's deadline check only between outer solutions). So the public endpoint's queries run in
worker processes, each with the store opened read-only; a worker that does not answer within the time
limit is killed and replaced, and the request gets its 503 on time. Workers also spread the Python work
of turning rows into terms over every core.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from govgraph import errors
from govgraph.errors import GovgraphError, QueryTimeout, StoreUnavailable
from govgraph.store.base import QueryResult, Serialized
from govgraph.store.embedded import EmbeddedStore

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a process holding RocksDB and threads
_GRACE = 1.0  # seconds past the limit before a silent worker is killed
_QUEUE_WAIT = 30.0  # seconds a query may wait for a free worker: queueing is not running
_OTHER_STORES = 4  # release stores a worker keeps open besides the live one
_REOPEN_WAIT = 120.0  # seconds a worker may take to open the store (a big copy in memory takes seconds)


def _query(store: EmbeddedStore, sparql: str, **options: Any) -> QueryResult:
    return store.query(sparql, **options)


def _query_bytes(store: EmbeddedStore, sparql: str, fmt: str, **options: Any) -> Serialized | None:
    return store.query_bytes(sparql, fmt, **options)


_METHODS = {"query": _query, "query_bytes": _query_bytes}  # what a worker may be asked to do


class _Live:
    """The live store as a worker reads it. With reads from memory, a worker that replaces a killed one, or
    reopens the store after a change, reads the disk at once and its copy in memory once that is loaded
    (in a thread: a big copy takes seconds, and no query should wait for it)."""

    def __init__(self, path: Path, in_memory: bool, *, wait: bool):
        self.path, self.in_memory, self.generation = path, in_memory, 0
        self._loaded: tuple[int, EmbeddedStore] | None = None
        self._lock = threading.Lock()
        self.store = EmbeddedStore(path, read_only=True, in_memory=in_memory and wait)
        if not wait:
            self._load_copy()

    def reopen(self, generation: int) -> None:
        self.store.close()
        self.store, self.generation = EmbeddedStore(self.path, read_only=True), generation
        self._load_copy()

    def current(self) -> EmbeddedStore:
        """The store to query: the copy in memory as soon as it is there (and still of this generation)."""
        with self._lock:
            loaded, self._loaded = self._loaded, None
        if loaded is not None:
            generation, copy = loaded
            if generation == self.generation:
                self.store.close()
                self.store = copy
            else:
                copy.close()
        return self.store

    def _load_copy(self) -> None:
        if not self.in_memory:
            return
        generation = self.generation

        def load() -> None:
            copy = EmbeddedStore(self.path, read_only=True, in_memory=True)
            with self._lock:
                stale, self._loaded = self._loaded, (generation, copy)
            if stale is not None:
                stale[1].close()

        threading.Thread(target=load, daemon=True, name="govgraph-copy-loader").start()


def _serve(path: str, in_memory: bool, wait: bool, connection: Connection) -> None:
    """The worker loop: open the store, answer queries, reopen when the parent says the store changed.

    A request may name another store (a release's, which never changes); the last few are kept open.
    `wait`: load the copy in memory before saying ready (the pool a server starts with), else afterwards.
    """
    live = _Live(Path(path), in_memory, wait=wait)
    connection.send(("ready", None))
    others: dict[str, EmbeddedStore] = {}
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        wanted, method, args, options, other = request
        try:
            if other is not None:
                if other not in others:
                    if len(others) >= _OTHER_STORES:
                        others.pop(next(iter(others))).close()
                    others[other] = EmbeddedStore(Path(other), read_only=True)
                others[other] = others.pop(other)  # most recently used last
                connection.send(("ok", _METHODS[method](others[other], *args, **options)))
                continue
            if wanted != live.generation:
                live.reopen(wanted)
            connection.send(("ok", _METHODS[method](live.current(), *args, **options)))
        except GovgraphError as exc:
            connection.send(("error", (type(exc).__name__, exc.message, exc.hint, exc.details)))
        except Exception as exc:  # reported to the parent, which raises StoreUnavailable
            connection.send(("error", ("StoreUnavailable", f"The query failed: {exc}", None, {})))


class _Worker:
    def __init__(self, path: Path, in_memory: bool, wait: bool):
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_serve, args=(str(path), in_memory, wait, child), daemon=True, name="govgraph-query-worker"
        )
        self.process.start()
        child.close()
        self.ready = False  # until it says it has opened the store

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryWorkers:
    """A fixed number of worker processes; each query takes one, and gives it back or has it replaced."""

    def __init__(self, path: Path, count: int, *, in_memory: bool = False):
        self.path = path
        self.in_memory = in_memory  # workers read a copy in memory of the store
        self.generation = 0
        # Last in, first out: at low load one warm worker answers query after query (waking an idle one
        # each time cost about 0.7 ms a query, measured); under load every worker is busy anyway.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        for _ in range(count):
            self._idle.put(self._spawn(wait=True))

    def wait_ready(self) -> None:
        """Wait until every worker has opened the store (a big copy in memory takes seconds to load): a
        server that says it is ready then answers at full speed."""
        workers = [self._idle.get_nowait() for _ in range(self._idle.qsize())]
        try:
            for worker in workers:
                if not worker.ready:
                    self._await_opening(worker)
        finally:
            for worker in reversed(workers):
                self._idle.put(worker)

    def _spawn(self, *, wait: bool = False) -> _Worker:
        return _Worker(self.path, self.in_memory, wait)

    def changed(self) -> None:
        """The store was written: workers reopen it before their next query."""
        with self._lock:
            self.generation += 1

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        store: Path | None = None,
    ) -> QueryResult:
        """Run `sparql` in a free worker; the time limit counts once a worker takes it, not while it waits.

        `store` names another, unchanging store directory (a release's) to query instead of the live one.
        """
        options = {"max_rows": max_rows, "default_graphs": default_graphs, "named_graphs": named_graphs}
        return self._call("query", (sparql,), timeout, options, store)

    def query_bytes(
        self,
        sparql: str,
        fmt: str,
        *,
        timeout: float | None = None,
        max_rows: int,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        store: Path | None = None,
    ) -> Serialized | None:
        """EmbeddedStore.query_bytes in a free worker: the answer comes back as bytes in `fmt`."""
        options = {"max_rows": max_rows, "default_graphs": default_graphs, "named_graphs": named_graphs}
        return self._call("query_bytes", (sparql, fmt), timeout, options, store)

    def _call(
        self, method: str, args: tuple[str, ...], timeout: float | None, options: dict[str, Any], store: Path | None
    ) -> Any:
        timeout = timeout if timeout is not None else _QUEUE_WAIT
        try:
            worker = self._idle.get(timeout=_QUEUE_WAIT)
        except queue.Empty:
            raise QueryTimeout(
                f"Every query worker stayed busy for {_QUEUE_WAIT:g} s.",
                hint="The server is overloaded; try again shortly.",
            ) from None
        try:
            if not worker.ready:  # a new worker still opening the store: like waiting for a free one
                self._await_opening(worker)
            other = None if store is None else str(store)
            worker.connection.send((self.generation, method, args, {**options, "timeout": timeout}, other))
            status, payload = self._receive(worker, timeout)
        except QueryTimeout:
            worker.stop()
            worker = self._spawn()
            raise
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            worker = self._spawn()
            raise StoreUnavailable(
                "A query worker stopped unexpectedly; it has been replaced.", hint="Try again."
            ) from None
        finally:
            self._idle.put(worker)
        if status == "ok":
            return payload
        name, message, hint, details = payload
        raise getattr(errors, name, StoreUnavailable)(message, hint=hint, details=details)

    @staticmethod
    def _receive(worker: _Worker, timeout: float) -> tuple[str, Any]:
        if not worker.connection.poll(timeout + _GRACE):
            raise QueryTimeout(
                f"The query ran for more than {timeout:g} s and was stopped.",
                hint="Add LIMIT or narrow the patterns; an operator can raise GOVGRAPH_QUERY_TIMEOUT.",
            )
        return worker.connection.recv()

    @staticmethod
    def _await_opening(worker: _Worker) -> None:
        """Wait for a new worker to say it has opened the store, which is not part of any query's time."""
        if not worker.connection.poll(_REOPEN_WAIT):
            raise QueryTimeout(
                f"A query worker took more than {_REOPEN_WAIT:g} s to open the store.",
                hint="The store is too big to copy into memory quickly here; an operator can set GOVGRAPH_READS=disk.",
            )
        worker.connection.recv()
        worker.ready = True

    def close(self) -> None:
        while not self._idle.empty():
            worker = self._idle.get_nowait()
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.stop()
