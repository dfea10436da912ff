"""Dumps, releases and the VoID description over real HTTP.

Reads go to the shared session server. Anything that writes (a release, a published contribution) goes to
a server of this module's own, over a private copy of the store, with tokens made by the real CLI.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from govgraph.settings import Settings
from tests.fixtures import Server, Site, bearer, govgraph, submit, submitted_id, variant

DUMPS = [
    ("application/trig", "trig", ox.RdfFormat.TRIG, True),
    ("application/n-quads", "nq", ox.RdfFormat.N_QUADS, True),
    ("text/turtle", "ttl", ox.RdfFormat.TURTLE, False),
    ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, False),
    ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, False),
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
VOID_TRIPLES = "SELECT ?n WHERE { <https://w3id.org/govgraph/dataset> <http://rdfs.org/ns/void#triples> ?n }"


def parsed(body: bytes, fmt: ox.RdfFormat) -> list[ox.Quad]:
    return list(ox.parse(body, format=fmt))


def sparql_count(client: httpx.Client, query: str = COUNT, **params: str) -> int:
    response = client.get("/sparql", params={"query": query, **params}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# -- the current graph, on the shared server ---------------------------------------------------------


@pytest.mark.parametrize(("media_type", "extension", "fmt", "with_graphs"), DUMPS)
def test_dump_by_accept_and_by_extension(  # type: ignore[no-untyped-def]
    server: Server, repo_store, media_type: str, extension: str, fmt: ox.RdfFormat, with_graphs: bool
) -> None:
    expected = repo_store.triple_count() if with_graphs else int(repo_store.query(DISTINCT).rows[0][0].value)
    with server.client() as client:
        negotiated = client.get("/dump", headers={"Accept": media_type})
        named = client.get(f"/dump.{extension}")
    for response in (negotiated, named):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == media_type
        assert response.headers["content-disposition"] == f'attachment; filename="govgraph.{extension}"'
        assert response.headers["etag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
        assert len(parsed(response.content, fmt)) == expected
    assert negotiated.content == named.content


def test_dump_defaults_to_trig_and_refuses_what_it_cannot_give(server: Server) -> None:
    with server.client() as client:
        default = client.get("/dump", headers={"Accept": "*/*"})
        refused = client.get("/dump", headers={"Accept": "image/png"})
        unknown = client.get("/dump.xlsx")
        again = client.get("/dump.trig", headers={"If-None-Match": default.headers["etag"]})
    assert default.headers["content-type"] == "application/trig"
    assert refused.status_code == 406 and "application/trig" in refused.json()["hint"]
    assert unknown.status_code == 404 and "dump.ttl" in unknown.json()["hint"]
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_void_parses_and_counts_the_store(server: Server, repo_store, accept: str, fmt: ox.RdfFormat) -> None:  # type: ignore[no-untyped-def]
    with server.client() as client:
        response = client.get("/void", headers={"Accept": accept})
        well_known = client.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == accept
    assert well_known.status_code == 200
    description = ox.Store()
    description.load(response.content, format=fmt)
    triples = list(description.query(VOID_TRIPLES))
    assert [int(row[0].value) for row in triples] == [repo_store.triple_count()]
    endpoint = list(description.query("SELECT ?e WHERE { ?d <http://rdfs.org/ns/void#sparqlEndpoint> ?e }"))
    assert [row[0].value for row in endpoint] == [f"{server.base_url}/sparql"]


def test_void_refuses_a_format_it_cannot_write(server: Server) -> None:
    with server.client() as client:
        response = client.get("/void", headers={"Accept": "image/png"})
    assert response.status_code == 406


@pytest.mark.parametrize(("value", "status"), [("abc", 422), ("0", 422), ("999", 404)])
def test_sparql_release_must_exist(server: Server, value: str, status: int) -> None:
    with server.client() as client:
        response = client.get("/sparql", params={"query": "ASK {}", "release": value})
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["parameter"] == "release"


@pytest.mark.parametrize(
    "path",
    [
        "/releases/²",
        "/releases/①",
        "/releases/" + "9" * 5000,
        "/releases/0",
        "/releases/²/dump",
        "/releases/①/dump.ttl",
    ],
)
def test_a_release_number_that_is_not_ascii_digits_is_a_problem_and_the_connection_stays(
    server: Server, path: str
) -> None:
    """`"²".isdigit()` is true and `int("²")` fails: that was a 500, and the connection was dropped after it."""
    with server.client() as client:
        response = client.get(path)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["parameter"] == "number" and "number" in response.json()["detail"]
        assert client.get("/health").status_code == 200  # the same keep-alive connection answers again


@pytest.mark.parametrize("value", ["²", "①", "9" * 5000])
def test_a_sparql_release_that_is_not_ascii_digits_is_a_problem(server: Server, value: str) -> None:
    with server.client() as client:
        by_get = client.get("/sparql", params={"query": "ASK {}", "release": value})
        by_form = client.post("/sparql", data={"query": "ASK {}", "release": value})
        views = client.get("/embed/forum/igf", params={"release": value})
    for response in (by_get, by_form, views):
        assert response.status_code == 422, response.text
        assert response.json()["parameter"] == "release"


def test_releases_on_a_missing_number_or_bad_value(server: Server) -> None:
    with server.client() as client:
        assert client.get("/releases/999").status_code == 404
        assert client.get("/releases/999/dump.ttl").status_code == 404
        bad = client.get("/releases/first")
    assert bad.status_code == 422 and "number" in bad.json()["detail"]


def test_openapi_documents_the_release_parameter_and_the_routes(server: Server) -> None:
    with server.client() as client:
        document = client.get("/openapi.json").json()
    parameters = [p["name"] for p in document["paths"]["/sparql"]["get"]["parameters"]]
    assert "release" in parameters
    for path in ("/dump", "/dump.{extension}", "/releases", "/releases/{number}/dump.{extension}", "/void"):
        assert path in document["paths"], path
    with server.client() as client:
        assert client.get("/").json()["links"]["releases"] == "/releases"


# -- making releases, on this module's own server ----------------------------------------------------


@pytest.fixture(scope="module")
def site(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    running = Site(tmp_path_factory.mktemp("datasets-site"), repo_settings.store, {"GOVGRAPH_QUERY_WORKERS": "1"})
    yield running
    running.stop()
    assert not running.errors(), f"the server logged an error:\n{running.errors()}"


def test_making_a_release_needs_a_maintainer(site: Site, maintainer: str) -> None:
    contributor = site.token("contributor", "C")
    with site.client() as client:
        assert client.post("/releases").status_code == 401
        assert client.post("/releases", headers=bearer("ggt_abc_def")).status_code == 401
        forbidden = client.post("/releases", headers=bearer(contributor))
        assert forbidden.status_code == 403
        assert client.get("/releases").json() == {"releases": []}


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b'{"note": "unfinished', 400, "JSON"),
        (b'{"note": 42}', 400, "note"),
        (b'["a list"]', 400, "JSON"),
        (b'{"note": "' + b"x" * 20_000 + b'"}', 413, "limit"),
    ],
)
def test_a_bad_release_body_makes_no_release(site: Site, maintainer: str, body: bytes, status: int, says: str) -> None:
    with site.client() as client:
        before = client.get("/releases").json()["releases"]
        refused = client.post(
            "/releases", content=body, headers={**bearer(maintainer), "Content-Type": "application/json"}
        )
        assert refused.status_code == status, refused.text
        assert says in refused.json()["detail"]
        assert client.get("/releases").json()["releases"] == before


def test_a_release_is_pinned_while_the_graph_moves_on(site: Site, maintainer: str) -> None:
    with site.client() as client:
        before = sparql_count(client)
        made = client.post("/releases", json={"note": "Course page"}, headers=bearer(maintainer))
        assert made.status_code == 201, made.text
        number = made.json()["number"]
        assert made.headers["location"] == f"/releases/{number}"
        assert made.json()["note"] == "Course page" and made.json()["triples"] == before

        # Publish a contribution: the live graph grows, the release does not.
        contribution = submitted_id(submit(site, site.token("contributor", "C"), variant()))
        accepted = client.post(
            f"/contributions/{contribution}/accept", json={"reason": "ok"}, headers=bearer(maintainer)
        )
        assert accepted.status_code == 200, accepted.text
        after = sparql_count(client)
        assert after > before
        assert sparql_count(client, release=str(number)) == before
        form = client.post(
            "/sparql",
            data={"query": COUNT, "release": str(number)},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert int(form.json()["results"]["bindings"][0]["n"]["value"]) == before
        assert form.headers["cache-control"] == "public, max-age=31536000, immutable"  # a release never changes

        # The current dump moved on too; the release's file did not.
        current = client.get("/dump.nq")
        assert len(parsed(current.content, ox.RdfFormat.N_QUADS)) == after
        pinned = client.get(f"/releases/{number}/dump.nq")
        assert len(parsed(pinned.content, ox.RdfFormat.N_QUADS)) == before
        assert pinned.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert pinned.headers["etag"] == f'"{hashlib.sha256(pinned.content).hexdigest()}"'
        assert pinned.headers["content-disposition"] == f'attachment; filename="govgraph-release-{number}.nq"'
        metadata = client.get(f"/releases/{number}").json()
        assert metadata["files"]["nquads"]["sha256"] == hashlib.sha256(pinned.content).hexdigest()
        assert metadata["files"]["nquads"]["url"] == f"/releases/{number}/dump.nq"

        # The description lists the release as a version, and counts the graph as it is now.
        description = ox.Store()
        description.load(client.get("/void").content, format=ox.RdfFormat.TURTLE)
        assert [int(r[0].value) for r in description.query(VOID_TRIPLES)] == [after]
        versions = description.query("SELECT ?v WHERE { ?d <http://www.w3.org/ns/dcat#version> ?v }")
        assert [r[0].value for r in versions] == [str(number)]


def test_the_releases_page_in_spanish(site: Site, maintainer: str) -> None:
    with site.client() as client:
        client.post("/releases", headers=bearer(maintainer))
        page = client.get("/releases", params={"lang": "es"}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<h1>Versiones</h1>" in page.text
    assert '/releases/1/dump.ttl"' in page.text


def test_cli_release_refuses_a_store_a_server_holds(site: Site) -> None:
    result = govgraph("release", "--store", str(site.store), timeout=120)
    assert result.returncode == 2
    assert "in use" in result.stderr and "POST /releases" in result.stderr
    assert "Traceback" not in result.stderr


def test_void_for_a_browser_is_turtle_to_read(server: Server) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = httpx.get(f"{server.base_url}/void", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    assert len(parsed(response.content, ox.RdfFormat.TURTLE)) > 50
    rdfxml = httpx.get(f"{server.base_url}/void", headers={"Accept": "application/rdf+xml"})
    assert rdfxml.headers["content-type"].startswith("application/rdf+xml")
