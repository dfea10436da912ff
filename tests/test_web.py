"""The web API over real HTTP: a `govgraph serve` process and an HTTP client."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time

import httpx
import pytest
from starlette.requests import Request

from govgraph.errors import PayloadTooLarge
from govgraph.web.bodies import read_body
from tests.fixtures import Server, problem, start_server, stop_server

IGF = "https://w3id.org/govgraph/id/igf"
FORUMS = "SELECT ?forum WHERE { ?forum a gg:Forum }"


def test_health_reports_the_triple_count(server: Server, repo_store) -> None:  # type: ignore[no-untyped-def]
    response = httpx.get(f"{server.base_url}/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["triples"] == repo_store.triple_count()


def test_sparql_get_answers_sparql_json(server: Server) -> None:
    response = httpx.get(
        f"{server.base_url}/sparql", params={"query": FORUMS}, headers={"Origin": "https://course.example"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.headers["access-control-allow-origin"] == "*"
    bindings = response.json()["results"]["bindings"]
    assert {"type": "uri", "value": IGF} in [b["forum"] for b in bindings]


@pytest.mark.parametrize(
    ("accept", "media_type", "marker"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("text/csv", "text/csv", "forum\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "?forum\n"),
    ],
)
def test_sparql_result_formats_by_accept(server: Server, accept: str, media_type: str, marker: str) -> None:
    response = httpx.get(f"{server.base_url}/sparql", params={"query": FORUMS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert marker in response.text and IGF in response.text


def test_construct_as_turtle(server: Server) -> None:
    response = httpx.get(f"{server.base_url}/sparql", params={"query": "CONSTRUCT WHERE { gid:igf a ?t }"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert "gid:igf" in response.text or IGF in response.text


def test_post_forms(server: Server) -> None:
    form = httpx.post(f"{server.base_url}/sparql", data={"query": "ASK { gid:igf a gg:Forum }"})
    assert form.status_code == 200 and form.json()["boolean"] is True
    direct = httpx.post(
        f"{server.base_url}/sparql",
        content="ASK { gid:igf a gg:Meeting }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert direct.status_code == 200 and direct.json()["boolean"] is False


def test_syntax_error_is_a_400_with_the_position(server: Server) -> None:
    body = problem(httpx.get(f"{server.base_url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}), 400)
    assert "line 1, column" in body["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://x/a> <http://x/b> 1 }",
        "DROP ALL",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_updates_and_federation_are_refused(server: Server, query: str) -> None:
    problem(httpx.get(f"{server.base_url}/sparql", params={"query": query}), 400)
    problem(httpx.post(f"{server.base_url}/sparql", data={"update": query}), 400)
    after = httpx.get(f"{server.base_url}/sparql", params={"query": "ASK { <http://x/a> ?p ?o }"})
    assert after.json()["boolean"] is False


def test_bad_requests_get_clear_problems(server: Server) -> None:
    problem(httpx.post(f"{server.base_url}/sparql", data={"query": "  "}), 400)
    problem(httpx.get(f"{server.base_url}/sparql", params={"query": FORUMS}, headers={"Accept": "image/png"}), 406)
    problem(httpx.get(f"{server.base_url}/sparql", params={"query": FORUMS, "format": "pdf"}), 422)  # not in its enum
    problem(httpx.get(f"{server.base_url}/sparql", params={"query": "ASK {}", "format": "csv"}), 406)  # no CSV for ASK
    problem(httpx.post(f"{server.base_url}/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415)
    huge = "ASK {}" + " " * 400_000
    problem(
        httpx.post(f"{server.base_url}/sparql", content=huge, headers={"Content-Type": "application/sparql-query"}), 413
    )
    body = problem(httpx.post(f"{server.base_url}/sparql", data={"query": "ASK {}" + " " * 150_000}), 400)
    assert "limit is 100,000" in body["detail"]
    problem(
        httpx.post(
            f"{server.base_url}/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}
        ),
        400,
    )
    body = problem(httpx.get(f"{server.base_url}/no/such/page"), 404)
    assert "/no/such/page" in body["detail"]


def test_a_slow_query_times_out_while_others_are_served(server: Server) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    outcome: dict[str, httpx.Response] = {}

    def run_slow() -> None:
        outcome["slow"] = httpx.get(f"{server.base_url}/sparql", params={"query": slow}, timeout=60)

    worker = threading.Thread(target=run_slow)
    started = time.monotonic()
    worker.start()
    time.sleep(0.3)
    fast = httpx.get(f"{server.base_url}/health", timeout=5)
    fast_done = time.monotonic() - started
    worker.join(timeout=60)
    assert fast.status_code == 200
    assert fast_done < 2.0  # answered while the slow query was still running (its limit is 2 s)
    body = problem(outcome["slow"], 503)
    assert "2 s" in body["detail"]


def test_openapi_documents_the_endpoints(server: Server) -> None:
    spec = httpx.get(f"{server.base_url}/openapi.json").json()
    assert {"/health", "/sparql"} <= set(spec["paths"])
    assert httpx.get(f"{server.base_url}/docs").status_code == 200


def test_malformed_graph_iris_are_refused_not_a_server_error(server: Server) -> None:
    """Found by schemathesis: named-graph-uri=AAA made pyoxigraph raise, which surfaced as a 500."""
    body = problem(httpx.get(f"{server.base_url}/sparql", params={"query": FORUMS, "named-graph-uri": "AAA"}), 422)
    assert body["parameter"] == "named-graph-uri"
    empty = httpx.get(f"{server.base_url}/sparql", params={"query": FORUMS, "default-graph-uri": ""})
    assert empty.status_code == 200  # an empty value means "not given"


def test_a_cross_join_is_stopped_on_time_by_killing_its_worker(repo_settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A cross join consults the in-query deadline check only between outer solutions; the worker process
    running it is killed at the limit, the client gets its 503 on time, and the next query is answered."""
    store = tmp_path / "store"
    shutil.copytree(repo_settings.store, store)
    limited = start_server(
        store,
        extra_env={"GOVGRAPH_QUERY_TIMEOUT": "1", "GOVGRAPH_JOURNAL": str(tmp_path / "journal.sqlite3")},
    )
    try:
        started = time.monotonic()
        response = httpx.get(
            f"{limited.base_url}/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
            timeout=30,
        )
        assert time.monotonic() - started < 4
        problem(response, 503)
        for _ in range(3):  # the replaced worker (and the other one) answer at once
            quick = httpx.get(f"{limited.base_url}/sparql", params={"query": "ASK { gid:igf a gg:Forum }"}, timeout=10)
            assert quick.json()["boolean"] is True
    finally:
        stop_server(limited)


def test_a_limit_of_thousands_of_digits_is_answered(server: Server) -> None:
    query = "SELECT ?f WHERE { ?f a gg:Forum } LIMIT " + "9" * 5000
    response = httpx.post(f"{server.base_url}/sparql", data={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"]


@pytest.mark.parametrize(("declared", "refused"), [("²", False), ("9" * 5000, True), ("12", False), ("99", True)])
def test_a_declared_body_length_is_read_as_ascii_digits(declared: str, refused: bool) -> None:
    """An ASGI server other than uvicorn may pass any Content-Length on; read_body must not crash on it."""
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", declared.encode())]}

    async def receive() -> dict:
        return {"type": "http.request", "body": b"ASK {}", "more_body": False}

    read = read_body(Request(scope, receive), limit=50)
    if refused:
        with pytest.raises(PayloadTooLarge):
            asyncio.run(read)
    else:
        assert asyncio.run(read) == b"ASK {}"
