"""The OpenAPI document says what the server takes, and the server takes what it says: `format` values as
enums, release numbers from 1, booleans that are booleans, an `Allow` header on every 405."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from govgraph.web.sparql_endpoint import SPARQL_FORMATS
from tests.fixtures import problem


@pytest.fixture(scope="module")
def spec(client: httpx.Client) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def parameters(spec: dict[str, Any], name: str) -> list[tuple[str, dict[str, Any]]]:
    """(path, schema) of every operation's parameter called `name`, null alternatives left out."""
    found = []
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for p in operation.get("parameters", []):
                if p["name"] == name:
                    schema = p["schema"]
                    alternatives = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
                    found.append((path, alternatives[0]))
    return found


def test_every_format_parameter_is_an_enum(spec: dict[str, Any]) -> None:
    formats = parameters(spec, "format")
    assert len(formats) >= 15  # the pages, the endpoint, the questions, the views, the analysis, the dataset
    for path, schema in formats:
        assert schema.get("enum"), f"{path}: format is not an enum"


@pytest.mark.parametrize(
    ("path", "outside"),
    [("/", "xml"), ("/releases", "csv"), ("/void", "html"), ("/id/icann", "svg"), ("/search", "csv")],
)
def test_a_format_outside_the_enum_is_a_422_problem(client: httpx.Client, path: str, outside: str) -> None:
    assert problem(client.get(path, params={"format": outside}), 422)["parameter"] == "format"


def test_every_documented_sparql_format_is_taken(client: httpx.Client) -> None:
    for fmt in dict.fromkeys(SPARQL_FORMATS):
        for query in ("SELECT ?s WHERE { ?s a gg:Forum } LIMIT 1", "CONSTRUCT WHERE { gid:igf a ?t }"):
            response = client.get("/sparql", params={"query": query, "format": fmt})
            assert response.status_code in (200, 406), (fmt, response.text)  # 406: CSV of a graph, say
    assert client.get("/sparql", params={"query": "ASK {}", "format": "JSON"}).status_code == 200  # any case
    form = client.post("/sparql", data={"query": "ASK {}", "format": "pdf"})
    assert problem(form, 422)["parameter"] == "format"


def test_release_numbers_start_at_one(spec: dict[str, Any], client: httpx.Client) -> None:
    releases = parameters(spec, "number") + parameters(spec, "release")
    assert len(releases) >= 7  # three release paths, /sparql by GET and POST, two views
    for path, schema in releases:
        assert schema["type"] == "integer" and schema["minimum"] == 1, path
    for path in ("/releases/0", "/releases/-1", "/releases/0/dump.ttl"):
        assert problem(client.get(path), 422)["parameter"] == "number"
    assert problem(client.get("/sparql", params={"query": "ASK {}", "release": "0"}), 422)["parameter"] == "release"


@pytest.mark.parametrize("value", ["null", "maybe", "2"])
def test_sources_must_be_a_boolean(client: httpx.Client, value: str) -> None:
    response = client.get("/questions/who-hosted-igf", params={"year": 2015, "sources": value})
    assert problem(response, 422)["parameter"] == "sources"


def test_sources_takes_what_a_boolean_parameter_takes(client: httpx.Client, spec: dict[str, Any]) -> None:
    assert dict(parameters(spec, "sources"))["/questions/who-hosted-igf"]["type"] == "boolean"
    for value, cited in [("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)]:
        answer = client.get("/questions/who-hosted-igf", params={"year": 2015, "sources": value}).json()
        assert ("sources" in answer["columns"]) is cited, value


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/health", "GET"),
        ("GET", "/validate", "POST"),
        ("PUT", "/releases", "GET, POST"),
        ("DELETE", "/sparql", "GET, POST"),
        ("GET", "/contributions/x/accept", "POST"),
    ],
)
def test_a_405_names_the_methods_it_allows(client: httpx.Client, method: str, path: str, allow: str) -> None:
    response = client.request(method, path)
    body = problem(response, 405)
    assert response.headers["allow"] == allow
    assert method in body["detail"] and allow in body["detail"]


def test_fastapi_validation_is_a_problem_naming_the_parameter(client: httpx.Client) -> None:
    body = problem(client.get("/search", params={"q": "icann", "limit": "0"}), 422)
    assert body["parameter"] == "limit" and "limit" in body["detail"] and body["errors"][0]["parameter"] == "limit"
