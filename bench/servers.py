"""Real servers on loopback: `govgraph serve` (via tests.fixtures) and the constant-JSON FastAPI floor."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.fixtures import Server, cli_env, free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[1]


class _Tail:
    """The last lines of the server's log, as they are when read."""

    def __init__(self, server: Server):
        self.server = server

    def __iter__(self) -> Iterator[str]:
        return iter(self.server.output().splitlines()[-50:])


@contextmanager
def govgraph_server(store: Path, snapshot: Path, *, query_timeout: float) -> Iterator[tuple[Server, Iterable[str]]]:
    env = {
        "GOVGRAPH_ONTOLOGY_DIR": str(snapshot / "ontology"),
        "GOVGRAPH_DATA_DIR": str(snapshot / "data"),
        "GOVGRAPH_QUERIES_DIR": str(snapshot / "queries"),
        "GOVGRAPH_QUERY_TIMEOUT": str(query_timeout),
    }
    server = start_server(store, extra_env=env)
    try:
        yield server, _Tail(server)
    finally:
        stop_server(server)


@contextmanager
def floor_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.floor_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the floor app did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
