"""Shared fixtures: the repository's own ontology and data built into a real on-disk store, and a real server."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from govgraph.loader import build, open_store
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore
from tests.browser import chromium
from tests.fixtures import ROOT, Server, Site, start_server, stop_server
from tests.virtuoso import Virtuoso
from tests.virtuoso import available as virtuoso_available
from tests.virtuoso import configure as configure_virtuoso


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
    assert isinstance(store, EmbeddedStore)  # the tests' settings name no engine
    yield store
    store.close()


@pytest.fixture(scope="session")
def server(repo_settings: Settings) -> Iterator[Server]:
    running = start_server(repo_settings.store, extra_env={"GOVGRAPH_QUERY_TIMEOUT": "2"})
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    """A client of the session server, for a module's reads."""
    with server.client() as c:
        yield c


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
def maintainer(site: Site) -> str:
    return site.token("maintainer", "Maintainer M")


@pytest.fixture(scope="module")
def contributor(site: Site) -> str:
    return site.token("contributor", "Contributor C")


@pytest.fixture
def no_server_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that made one of its module's sites (`site`, `limited`) log a traceback (a 500). A module
    asks for it with `pytestmark = pytest.mark.usefixtures("no_server_errors")`."""
    sites = [request.getfixturevalue(name) for name in ("site", "limited") if name in request.fixturenames]
    marks = [len(site.log) for site in sites]
    yield
    time.sleep(0.2)  # the server may still be writing its log
    for site, mark in zip(sites, marks, strict=True):
        if site.errors(mark):
            pytest.fail(f"the server logged an error:\n{site.errors(mark)}")
