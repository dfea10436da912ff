"""The rdflib baseline: the same data in an in-memory rdflib Graph, queried with rdflib's own SPARQL engine.

A spawned process loads the graph once; each query then runs in a child forked from it, so a query past
the cap is killed (SIGKILL) without losing the loaded graph, and the parent never waits longer than the cap.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import select
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from govgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    import rdflib


def _serve(conn: Connection, ntriples: str) -> None:
    import rdflib

    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(ntriples, format="nt")
    conn.send((time.perf_counter() - started, len(graph)))
    namespaces = {k: rdflib.Namespace(v) for k, v in PREFIXES.items()}
    while True:
        message = conn.recv()
        if message is None:
            return
        sparql, repeat, budget, cap = message
        conn.send(_measure(graph, namespaces, sparql, repeat, budget, cap))


def _measure(
    graph: rdflib.Graph, namespaces: dict[str, rdflib.Namespace], sparql: str, repeat: int, budget: float, cap: float
) -> dict:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run, report each sample as one JSON line, exit without cleanup
        os.close(read)
        try:
            began = time.perf_counter()
            for _ in range(repeat + 1):  # the first run warms up (page faults after fork, parser caches)
                started = time.perf_counter()
                count = sum(1 for _ in graph.query(sparql, initNs=namespaces))
                os.write(write, (json.dumps([time.perf_counter() - started, count]) + "\n").encode())
                if time.perf_counter() - began > budget:
                    break
        except Exception as exc:
            os.write(write, (json.dumps({"error": f"{type(exc).__name__}: {exc}"[:200]}) + "\n").encode())
        finally:
            os._exit(0)
    os.close(write)
    deadline = time.monotonic() + cap
    buffer, error, capped = b"", None, False
    samples: list[float] = []
    rows: int | None = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            capped = True
            break
        ready, _, _ = select.select([read], [], [], left)
        if not ready:
            continue
        chunk = os.read(read, 65536)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            item = json.loads(line)
            if isinstance(item, dict):
                error = item["error"]
            else:
                samples.append(item[0])
                rows = item[1]
    if capped:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read)
    if len(samples) > 1:
        samples = samples[1:]  # drop the warm-up run when there is a timed one
    return {"samples": samples, "rows": rows, "capped": capped and not samples, "error": error}


class RdflibBaseline:
    """A loaded rdflib graph in another process; `measure` runs one query there under a cap."""

    def __init__(self, ntriples: Path, *, load_timeout: float = 1800):
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, str(ntriples)), daemon=True)
        self._process.start()
        if not self._conn.poll(load_timeout):
            self.close()
            raise TimeoutError(f"rdflib did not load {ntriples} within {load_timeout:.0f} s")
        self.load_seconds, self.triples = self._conn.recv()

    def measure(self, sparql: str, *, repeat: int, budget: float, cap: float) -> dict:
        self._conn.send((sparql, repeat, budget, cap))
        if not self._conn.poll(cap + 60):
            raise TimeoutError("the rdflib worker stopped answering")
        return self._conn.recv()

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self._conn.send(None)
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
