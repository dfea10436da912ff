"""Security headers over real HTTP: a strict Content-Security-Policy, nosniff and a Referrer-Policy on every
response, framing allowed for the views, refused where people type tokens."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from govgraph.web import docs, problems
from govgraph.web.security import SecurityHeaders, source_hash
from tests.fixtures import Server

EVERY_KIND = {
    "/": "text/html",
    "/sparql?lang=en": "text/html",
    "/id/icann": "text/html",
    "/id/no-such-entity": "text/html",  # the 404 page
    "/questions/who-hosted-igf?year=2015&format=json": "application/json",
    "/sparql?query=SELECT+*+WHERE+%7B": "application/problem+json",  # a 400
    "/releases/first": "application/problem+json",  # a 422
    "/nothing-here": "application/problem+json",  # a 404
    "/embed/forum/igf": "text/html",
    "/embed/forum/igf?format=svg": "image/svg+xml",
    "/static/govgraph.css": "text/css",
    "/docs": "text/html",
    "/contribute": "text/html",
}


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client(headers={"Accept": "text/html"}) as c:
        yield c


def directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {d.split()[0]: d.partition(" ")[2] for d in (p.strip() for p in policy.split(";")) if d}


@pytest.mark.parametrize("path", EVERY_KIND)
def test_every_response_carries_the_security_headers(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-type"].startswith(EVERY_KIND[path])
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'" and policy["form-action"] == "'self'"
    for kind in ("script-src", "style-src"):  # nothing inline but what is named by its hash
        assert "'unsafe-inline'" not in policy[kind] and "'unsafe-eval'" not in policy[kind]
        assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/]+=*')*", policy[kind]), policy[kind]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("path", "ancestors"),
    [
        ("/embed/entity/icann", "*"),
        ("/embed/stewardship?format=svg", "*"),
        ("/contribute", "'none'"),
        ("/contributions/no-such-contribution", "'none'"),
        ("/docs", "'none'"),
        ("/id/icann", "'self'"),
        ("/sparql", "'self'"),
    ],
)
def test_views_may_be_framed_anywhere_and_token_pages_nowhere(client: httpx.Client, path: str, ancestors: str) -> None:
    assert directives(client.get(path))["frame-ancestors"] == ancestors


def test_the_api_docs_load_only_vendored_files_and_their_script_by_hash(client: httpx.Client) -> None:
    response = client.get("/docs")
    page = response.text
    loaded = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert loaded and all(url.startswith("/static/vendor/swagger-ui/") for url in loaded), loaded
    for url in loaded:
        assert client.get(url).status_code == 200
    inline = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert inline == [docs.INLINE_SCRIPT]
    assert source_hash(inline[0]) in directives(response)["script-src"]
    assert "validatorUrl" in inline[0] and "null" in inline[0]  # no badge from the public validator
    assert client.get("/redoc").status_code == 404


def test_pages_have_no_inline_style_or_script(client: httpx.Client) -> None:
    for path in ("/", "/id/icann", "/contribute", "/embed/forum/igf", "/questions/who-hosted-igf?year=2015"):
        page = client.get(path, params={"format": "html"} if "questions" in path else None).text
        assert not re.search(r"<[a-z][^>]*\sstyle=", page), path  # a style attribute on an element
        assert "<style" not in page, path
        assert not re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))", page), path


def test_an_unexpected_error_carries_the_headers_too() -> None:
    """Starlette answers a crash from outside every middleware; the problem handler adds them itself."""
    app = FastAPI()
    app.add_middleware(SecurityHeaders)
    problems.install(app)

    @app.get("/contribute")
    def crash() -> None:
        raise RuntimeError("a bug")

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://govgraph") as client:
            return await client.get("/contribute")

    response = asyncio.run(get())
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
