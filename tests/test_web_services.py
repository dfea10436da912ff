"""The web app's services: one typed object, opened with the app and closed with it, that every route reads;
routes are module-level functions on a router per area; the Store protocol says what the stores do."""

from __future__ import annotations

import ast
import asyncio
import io
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi import APIRouter

from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.remote import Endpoints, RemoteStore
from govgraph.web import analysis, contributions, datasets, docs, entities, home, questions, sparql_endpoint, views
from govgraph.web.app import create_app
from govgraph.web.services import Services, of_scope, open_services
from tests.fixtures import ROOT

WEB = ROOT / "src" / "govgraph" / "web"
TRIPLE = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(environ={}, store=tmp_path / "store", queries_dir=ROOT / "queries")


def test_only_services_touches_app_state() -> None:
    for module in sorted(WEB.glob("*.py")):
        if module.name != "services.py":
            assert "app.state" not in module.read_text(), f"{module.name} reads app.state"


@pytest.mark.parametrize(
    "module", [analysis, contributions, datasets, docs, entities, home, questions, sparql_endpoint, views]
)
def test_every_area_has_a_router_of_module_level_functions(module: object) -> None:
    router = module.router  # type: ignore[attr-defined]
    assert isinstance(router, APIRouter)
    assert router.routes, f"{module} serves nothing"
    for route in router.routes:
        endpoint = route.endpoint  # type: ignore[attr-defined]
        assert "<locals>" not in endpoint.__qualname__, f"{route} is a nested closure"


def test_no_route_module_defines_routes_inside_a_function() -> None:
    """No `install(app, ...)` left: route decorators sit at module level."""
    for module in sorted(WEB.glob("*.py")):
        tree = ast.parse(module.read_text())
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [
                    n
                    for n in ast.walk(function)
                    if n is not function and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                ]
                decorated = [d for n in inner for d in n.decorator_list if _is_route_decorator(d)]
                assert not decorated, f"{module.name}:{function.name} defines a route inside it"


def _is_route_decorator(decorator: ast.expr) -> bool:
    """`@something.get(...)`, `.post(...)` and the like."""
    called = decorator.func if isinstance(decorator, ast.Call) else None
    return isinstance(called, ast.Attribute) and called.attr in {"get", "post", "put", "delete", "api_route"}


def test_the_services_open_with_the_app_and_routes_read_them(settings: Settings) -> None:
    store = EmbeddedStore()
    store.replace_graph("http://example.org/g", TRIPLE, "ntriples")
    app = create_app(settings, store)

    async def run() -> tuple[Services | None, Services | None, httpx.Response]:
        scope = {"type": "http", "app": app}
        before = of_scope(scope)
        async with app.router.lifespan_context(app):
            during = of_scope(scope)
            transport = httpx.ASGITransport(app)
            async with httpx.AsyncClient(transport=transport, base_url="http://govgraph") as client:
                health = await client.get("/health")
        return before, during, health

    before, during, health = asyncio.run(run())
    assert before is None  # nothing before the app starts
    assert during is not None and during.store is store and during.settings is settings
    assert health.status_code == 200 and health.json()["triples"] == store.triple_count() > 0


def test_open_services_wires_the_caches_to_every_change(settings: Settings) -> None:
    store = EmbeddedStore()

    async def run() -> tuple[int, int, int]:
        async with open_services(settings, Catalogue(settings.queries_dir), store) as services:
            services.class_counts["en"] = []
            generation = services.dumps.generation
            for listener in services.contributions.on_change:
                listener()
            return len(services.class_counts), generation, services.dumps.generation

    counts, generation, after = asyncio.run(run())
    assert counts == 0  # cleared by a change
    assert after == generation + 1  # the dumps start a new generation


def test_a_remote_store_says_it_cannot_write_answers_itself() -> None:
    remote = RemoteStore(Endpoints.parse("sparql+http://127.0.0.1:9/sparql"), read_only=True)
    try:
        assert remote.query_bytes("ASK {}", "json", max_rows=1) is None
    finally:
        remote.close()


def test_bulk_load_tells_its_progress_and_count(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    heard: list[int] = []
    try:
        gained = store.bulk_load(
            io.BytesIO(TRIPLE), ox.RdfFormat.N_TRIPLES, "http://example.org/g", progress=heard.append
        )
    finally:
        store.close()
    assert gained == 1 and heard == [1]
