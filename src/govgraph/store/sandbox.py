"""Raw SPARQL from the public in worker processes that can be stopped.

A query evaluating inside pyoxigraph cannot be interrupted from Python (a large cross join consults
govgraph's deadline check only between outer solutions). So the public endpoint's queries run in
worker processes, each reading a snapshot of the store; a worker that does not answer within the time
limit is killed and replaced, and the request gets its 503 on time. Workers also spread the Python work
of turning rows into terms over every core.

Workers read snapshots of the store (store/snapshots.py), never the store the server writes. After a
change they are told to open the newest one while idle; opening is never part of a query's time: a query
waits for a worker that has opened the current snapshot, as it waits for a free one.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from govgraph import errors
from govgraph.errors import GovgraphError, QueryTimeout, StoreUnavailable
from govgraph.store.base import QueryResult, Serialized
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.snapshots import SnapshotReader

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a process holding RocksDB and threads
_GRACE = 1.0  # seconds past the limit before a silent worker is killed
_QUEUE_WAIT = 30.0  # seconds a query may wait for a free worker: queueing is not running
_OTHER_STORES = 4  # release stores a worker keeps open besides the live one
_OPEN_WAIT = 120.0  # seconds a worker may take to open a snapshot (a big copy in memory takes seconds)
_SEEN_WAIT = 5.0  # seconds a change waits for a worker that answers from it
_SETTLE = 1.0  # seconds a worker reads a new snapshot's files before copying it: a burst of accepts copies once
_RETRY_PAUSES = (0.1, 0.5, 1.0, 2.0, 5.0)  # between attempts to open, the last one repeated
_log = logging.getLogger("govgraph.workers")


def _query(store: EmbeddedStore, sparql: str, **options: Any) -> QueryResult:
    return store.query(sparql, **options)


def _query_bytes(store: EmbeddedStore, sparql: str, fmt: str, **options: Any) -> Serialized | None:
    return store.query_bytes(sparql, fmt, **options)


_METHODS: dict[str, Callable[..., QueryResult | Serialized | None]] = {
    "query": _query,
    "query_bytes": _query_bytes,
}  # what a worker may be asked to do


class _Live:
    """The live store as a worker reads it: the snapshot it was last told to open.

    With reads from memory, a worker opening a snapshot after a change (or replacing a killed worker)
    reads its files at once and swaps in a copy in memory once a thread has loaded it: a big copy takes
    seconds, and no query should wait for it. The thread waits a moment first, and loads nothing if a
    newer snapshot came meanwhile.
    """

    def __init__(self, in_memory: bool):
        self.in_memory = in_memory
        self.reader: SnapshotReader | None = None
        self._opened = 0  # how many snapshots were opened: a copy loaded for an older one is dropped
        self._loaded: tuple[int, SnapshotReader] | None = None
        self._lock = threading.Lock()

    def open(self, path: Path, *, wait: bool) -> None:
        """Open snapshot `path`; `wait`: load the copy in memory before returning."""
        reader = SnapshotReader(path, in_memory=self.in_memory and wait)
        old, self.reader = self.reader, reader
        self._opened += 1
        if old is not None:
            old.close()
        if self.in_memory and not wait:
            self._load_copy(path, self._opened)

    def current(self) -> EmbeddedStore:
        """The store to query: the copy in memory as soon as it is there (and still of this snapshot)."""
        with self._lock:
            loaded, self._loaded = self._loaded, None
        if loaded is not None:
            opened, copy = loaded
            if opened == self._opened and self.reader is not None:
                self.reader.close()
                self.reader = copy
            else:
                copy.close()
        if self.reader is None:
            raise StoreUnavailable("This query worker has no snapshot open.", hint="Try again.")
        return self.reader.store

    def _load_copy(self, path: Path, opened: int) -> None:
        def load() -> None:
            time.sleep(_SETTLE)
            if opened != self._opened:
                return  # another change came meanwhile: its own copy is the one to load
            try:
                copy = SnapshotReader(path, in_memory=True)
            except (OSError, StoreUnavailable):
                return  # removed meanwhile: a newer snapshot is on its way, the files serve until then
            with self._lock:
                stale, self._loaded = self._loaded, (opened, copy)
            if stale is not None:
                stale[1].close()

        threading.Thread(target=load, daemon=True, name="govgraph-copy-loader").start()


def _serve(in_memory: bool, connection: Connection) -> None:
    """The worker loop: open the snapshot it is told to, answer queries; None or a closed pipe ends it.

    A query may name another store (a release's, which never changes); the last few are kept open.
    """
    live = _Live(in_memory)
    others: dict[str, EmbeddedStore] = {}
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        if request[0] == "open":
            _, path, wait = request
            try:
                live.open(Path(path), wait=wait)
            except Exception as exc:  # reported to the parent, which tries again
                connection.send(("failed", f"{type(exc).__name__}: {exc}"))
            else:
                connection.send(("ready", None))
            continue
        _, method, args, options, other = request
        try:
            if other is not None:
                if other not in others:
                    if len(others) >= _OTHER_STORES:
                        others.pop(next(iter(others))).close()
                    others[other] = EmbeddedStore(Path(other), read_only=True)
                others[other] = others.pop(other)  # most recently used last
                connection.send(("ok", _METHODS[method](others[other], *args, **options)))
                continue
            connection.send(("ok", _METHODS[method](live.current(), *args, **options)))
        except GovgraphError as exc:
            connection.send(("error", (type(exc).__name__, exc.message, exc.hint, exc.details)))
        except Exception as exc:  # reported to the parent, which raises StoreUnavailable
            connection.send(("error", ("StoreUnavailable", f"The query failed: {exc}", None, {})))


class _Worker:
    def __init__(self, in_memory: bool):
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_serve, args=(in_memory, child), daemon=True, name="govgraph-query-worker"
        )
        self.process.start()
        child.close()
        self.snapshot: Path | None = None  # the snapshot it has opened

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


@dataclass(frozen=True)
class WorkersStatus:
    """What /health says of the query workers: how many can answer now, how many are opening the
    current snapshot, and how many failed to open it on their last attempt (and are trying again)."""

    count: int
    serving: int
    opening: int
    failing: int
    last_error: str | None

    @property
    def can_serve(self) -> bool:
        return self.serving > 0 or self.opening > self.failing


class QueryWorkers:
    """A fixed number of worker processes; each query takes one, and gives it back or has it replaced."""

    def __init__(self, snapshot: Path, count: int, *, in_memory: bool = False):
        self.snapshot = snapshot  # the newest snapshot: what every query must read
        self.in_memory = in_memory  # workers read a copy in memory of the snapshot
        self.count = count
        # Last in, first out: at low load one warm worker answers query after query (waking an idle one
        # each time cost about 0.7 ms a query, measured); under load every worker is busy anyway.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._opening: set[_Worker] = set()
        self._failing: dict[_Worker, str] = {}
        self._ready = threading.Condition()  # told whenever a worker joins the idle ones
        self._last_ready: Path | None = None  # the snapshot of the last worker that did
        self._closed = False
        for _ in range(count):
            self._open(_Worker(in_memory), wait=True)

    def wait_ready(self, timeout: float = _OPEN_WAIT) -> None:
        """Wait until every worker has opened the snapshot (a big copy in memory takes seconds to load):
        a server that says it is ready then answers at full speed. Workers that keep failing to open do
        not stop the server starting; they go on trying, and /health reports them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._opening or len(self._failing) == len(self._opening):
                    return
            time.sleep(0.01)

    def changed(self, snapshot: Path, *, wait: float = _SEEN_WAIT) -> None:
        """The writer published `snapshot`: idle workers open it now, busy ones when they are done.

        Returns once one worker can answer from it (or after `wait` seconds): the change's own request then
        answers after it, and a query sent next is answered at once, not after an opening.
        """
        with self._lock:
            self.snapshot = snapshot
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._open(worker)
        with self._ready:
            self._ready.wait_for(lambda: self._serving(snapshot), timeout=wait)

    def _serving(self, snapshot: Path) -> bool:
        return self.snapshot != snapshot or self._last_ready == snapshot  # (a newer one came: stop waiting)

    def status(self) -> WorkersStatus:
        with self._lock:
            opening, failing = len(self._opening), len(self._failing)
            last_error = next(reversed(self._failing.values()), None)
        return WorkersStatus(self.count, self.count - opening, opening, failing, last_error)

    def _open(self, worker: _Worker, *, wait: bool = False) -> None:
        """Have `worker` open the current snapshot in a thread of its own; it joins the idle ones once open."""
        with self._lock:
            self._opening.add(worker)
        threading.Thread(target=self._opener, args=(worker, wait), daemon=True, name="govgraph-worker-opener").start()

    def _opener(self, worker: _Worker, wait: bool) -> None:
        """Open the current snapshot in `worker`, trying again (with the newest snapshot, in a new process
        if this one died or hung) until it works or the pool closes."""
        for attempt in itertools.count():
            snapshot = self.snapshot
            try:
                worker.connection.send(("open", str(snapshot), wait))
                if not worker.connection.poll(_OPEN_WAIT):
                    raise TimeoutError(f"no answer in {_OPEN_WAIT:g} s")
                status, message = worker.connection.recv()
            except (EOFError, OSError, TimeoutError) as exc:
                worker.stop()
                replacement = _Worker(self.in_memory)
                with self._lock:
                    self._opening.discard(worker)
                    self._failing.pop(worker, None)
                    self._opening.add(replacement)
                status, message, worker = "failed", f"the worker stopped while opening: {exc}", replacement
            if status == "ready":
                worker.snapshot = snapshot
                with self._lock:
                    self._opening.discard(worker)
                    self._failing.pop(worker, None)
                    closed = self._closed
                if closed:
                    worker.stop()
                else:
                    self._give_back(worker)
                return
            if snapshot != self.snapshot and not self._closed:
                continue  # a newer snapshot came (and the writer may have removed this one): open that
            with self._lock:
                self._failing[worker] = f"{snapshot.name}: {message}"
                if self._closed:
                    self._opening.discard(worker)
                    worker.stop()
                    return
            _log.warning("A query worker could not open snapshot %s (%s); trying again.", snapshot, message)
            time.sleep(_RETRY_PAUSES[min(attempt, len(_RETRY_PAUSES) - 1)])

    def _give_back(self, worker: _Worker) -> None:
        """Back to the idle ones if it reads the current snapshot, else to open it first."""
        if worker.snapshot == self.snapshot:
            self._idle.put(worker)
            with self._ready:
                self._last_ready = worker.snapshot
                self._ready.notify_all()
        else:
            self._open(worker)

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        store: Path | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run `sparql` in a free worker; the time limit counts once a worker takes it, not while it waits.

        `store` names another, unchanging store directory (a release's) to query instead of the live one.
        """
        options = dict(max_rows=max_rows, default_graphs=default_graphs, named_graphs=named_graphs, base_iri=base_iri)
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
        base_iri: str | None = None,
    ) -> Serialized | None:
        """EmbeddedStore.query_bytes in a free worker: the answer comes back as bytes in `fmt`."""
        options = dict(max_rows=max_rows, default_graphs=default_graphs, named_graphs=named_graphs, base_iri=base_iri)
        return self._call("query_bytes", (sparql, fmt), timeout, options, store)

    def _take(self) -> _Worker:
        """A free worker that reads the current snapshot (one that reads an older one goes to open it)."""
        deadline = time.monotonic() + _QUEUE_WAIT
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                status = self.status()
                raise QueryTimeout(
                    f"No query worker was free for {_QUEUE_WAIT:g} s "
                    f"({status.opening} opening the store, {status.failing} failing to).",
                    hint="The server is overloaded; try again shortly.",
                ) from None
            if worker.snapshot == self.snapshot:
                return worker
            self._open(worker)

    def _call(
        self, method: str, args: tuple[str, ...], timeout: float | None, options: dict[str, Any], store: Path | None
    ) -> Any:
        timeout = timeout if timeout is not None else _QUEUE_WAIT
        worker = self._take()
        try:
            other = None if store is None else str(store)
            worker.connection.send(("call", method, args, {**options, "timeout": timeout}, other))
            status, payload = self._receive(worker, timeout)
        except QueryTimeout:
            worker.stop()
            worker = _Worker(self.in_memory)
            raise
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            worker = _Worker(self.in_memory)
            raise StoreUnavailable(
                "A query worker stopped unexpectedly; it has been replaced.", hint="Try again."
            ) from None
        finally:
            self._give_back(worker)
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

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while not self._idle.empty():
            worker = self._idle.get_nowait()
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.stop()
