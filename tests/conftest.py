"""Shared fixtures: the repository's own ontology and data built into a real on-disk store, and a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from govgraph.loader import build, open_store
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore
from tests.browser import chromium
from tests.virtuoso import Virtuoso
from tests.virtuoso import available as virtuoso_available
from tests.virtuoso import configure as configure_virtuoso

ROOT = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, in one line, when a system package the tests use is missing (no test skips for it)."""
    checked = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-packages"), "--check"], capture_output=True, text=True
    )
    if checked.returncode != 0:
        pytest.exit(checked.stderr.strip() + " (`make test` installs them when run as root.)", returncode=2)


@pytest.fixture(scope="session")
def repo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at the repository's content and a store built from it once per test session."""
    store = tmp_path_factory.mktemp("store") / "store"
    settings = Settings.from_env(
        environ={},
        store=store,
        ontology_dir=ROOT / "ontology",
        data_dir=ROOT / "data",
        queries_dir=ROOT / "queries",
    )
    build(settings)
    return settings


@pytest.fixture(scope="session")
def repo_store(repo_settings: Settings) -> Iterator[EmbeddedStore]:
    store = open_store(repo_settings, read_only=True)
    yield store
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVGRAPH_")}
    env.update(extra)
    return env


class Server:
    def __init__(self, base_url: str, process: subprocess.Popen):
        self.base_url = base_url
        self.process = process

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30, **kwargs)  # type: ignore[arg-type]


def start_server(store: Path, *, extra_env: dict[str, str] | None = None) -> Server:
    """`govgraph serve` in a child process on a free loopback port, ready when /health answers."""
    port = free_port()
    env = cli_env(GOVGRAPH_STORE=str(store), **(extra_env or {}))
    process = subprocess.Popen(
        [sys.executable, "-m", "govgraph.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"govgraph serve exited early:\n{output}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return Server(base_url, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("govgraph serve did not become ready within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def server(repo_settings: Settings) -> Iterator[Server]:
    running = start_server(repo_settings.store, extra_env={"GOVGRAPH_QUERY_TIMEOUT": "2"})
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A Virtuoso of its own for the session: free loopback ports, a throwaway database, stopped at the end."""
    assert virtuoso_available(), "Debian's virtuoso-opensource package is needed (.ci/run installs it)"
    engine = configure_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    engine.start()
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def virtuoso_settings(virtuoso: Virtuoso, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The repository's content built into the session's Virtuoso, with a journal and releases of its own."""
    local = tmp_path_factory.mktemp("virtuoso-local")
    settings = Settings.from_env(
        environ=virtuoso.env,
        journal=local / "journal.sqlite3",
        releases_dir=local / "releases",
        ontology_dir=ROOT / "ontology",
        data_dir=ROOT / "data",
        queries_dir=ROOT / "queries",
    )
    build(settings)
    return settings


@pytest.fixture(scope="session", params=["embedded", "virtuoso"])
def backend(request: pytest.FixtureRequest) -> Settings:
    """The same tests on both backends: the repository's data in the embedded store, and in Virtuoso."""
    return request.getfixturevalue("repo_settings" if request.param == "embedded" else "virtuoso_settings")


@pytest.fixture(scope="session")
def backend_store(backend: Settings) -> Iterator[Store]:
    store = open_store(backend, read_only=True)
    yield store
    store.close()


# Tokens on the module's own `site` (a server over a private store, defined by each module that writes).
@pytest.fixture(scope="module")
def maintainer(site) -> str:  # type: ignore[no-untyped-def]
    return site.token("maintainer", "Maintainer M")


@pytest.fixture(scope="module")
def contributor(site) -> str:  # type: ignore[no-untyped-def]
    return site.token("contributor", "Contributor C")
