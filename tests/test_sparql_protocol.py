"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only query service (tests/sparql_protocol_cases.toml),
each sent over HTTP to a running `govgraph serve`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.dom import minidom

import httpx
import pytest
import rdflib

from tests.fixtures import Server

CASES = tomllib.loads((Path(__file__).with_name("sparql_protocol_cases.toml")).read_text(encoding="utf-8"))["case"]
# The entries of the W3C manifest (rdf-tests, sparql/sparql11/protocol/manifest.ttl), every one of which has a case.
W3C_ENTRIES = {
    *("query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post"),
    *("query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full"),
    *("query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask"),
    *("query_content_type_describe", "query_content_type_construct", "update_dataset_default_graph"),
    *("update_dataset_default_graphs", "update_dataset_named_graphs", "update_dataset_full", "update_post_form"),
    *("update_post_direct", "update_base_uri", "query_post_direct", "bad_query_method", "bad_multiple_queries"),
    *("bad_query_wrong_media_type", "bad_query_missing_form_type", "bad_query_missing_direct_type"),
    *("bad_query_non_utf8", "bad_query_syntax", "bad_update_get", "bad_multiple_updates"),
    *("bad_update_wrong_media_type", "bad_update_missing_form_type", "bad_update_non_utf8", "bad_update_syntax"),
    *("bad_update_dataset_conflict",),
}
MEDIA_TYPES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "rdf": {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"},
    "problem": {"application/problem+json"},
}
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def test_every_entry_of_the_w3c_manifest_has_a_case() -> None:
    covered = {case["name"].split(" (")[0] for case in CASES}
    assert covered == W3C_ENTRIES


def send(server: Server, case: dict[str, Any], **headers: str) -> httpx.Response:
    if "content_type" in case:
        headers["Content-Type"] = case["content_type"]
    body = case["body"].encode(case.get("encoding", "utf-8")) if "body" in case else None
    with server.client() as client:
        return client.request(case["method"], "/sparql", params=case.get("params"), content=body, headers=headers)


def boolean(response: httpx.Response) -> bool:
    if media_type(response) == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    return minidom.parseString(response.content).getElementsByTagName("boolean")[0].firstChild.data == "true"


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_protocol_case(server: Server, case: dict[str, Any]) -> None:
    response = send(server, case)
    assert response.status_code == case["status"], response.text
    assert media_type(response) in MEDIA_TYPES[case["type"]], response.headers.get("content-type")
    if case["type"] == "problem":
        assert response.json()["detail"]
    if "boolean" in case:
        assert boolean(response) is case["boolean"]
    if case["type"] == "rdf":
        graph = rdflib.Graph().parse(data=response.content, format=RDFLIB_FORMATS[media_type(response)])
        if "subject" in case:
            endpoint = f"{server.base_url}/sparql"
            assert set(graph.subjects()) == {rdflib.URIRef(urljoin(endpoint, case["subject"]))}


RELATIVE = "CONSTRUCT { <s> <p> 1 } WHERE {}"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_relative_iris_resolve_against_the_host_asked_and_are_kept_per_host(server: Server, method: str) -> None:
    """The base IRI is the endpoint's IRI as the request reached it: an answer kept for one host name is
    never given for another."""
    case = {"method": method, "params": {"query": RELATIVE}, "type": "rdf"}
    if method == "POST":
        case = {"method": "POST", "content_type": "application/sparql-query", "body": RELATIVE, "type": "rdf"}

    def subjects(host: str) -> tuple[set[str], str]:
        response = send(server, case, Host=host, Accept="application/n-triples")
        assert response.status_code == 200, response.text
        graph = rdflib.Graph().parse(data=response.content, format="nt")
        return {str(s) for s in graph.subjects()}, response.headers.get("x-govgraph-cache", "")

    assert subjects("one.example") == ({"http://one.example/s"}, "miss")
    assert subjects("one.example") == ({"http://one.example/s"}, "hit")
    assert subjects("two.example:8080") == ({"http://two.example:8080/s"}, "miss")


def test_a_query_with_absolute_iris_only_is_kept_once_for_every_host(server: Server) -> None:
    query = "ASK { <https://w3id.org/govgraph/id/igf> a ?type } # kept once"
    answers = [
        httpx.get(f"{server.base_url}/sparql", params={"query": query}, headers={"Host": host})
        for host in ("three.example", "four.example")
    ]
    assert [a.json()["boolean"] for a in answers] == [True, True]
    assert answers[1].headers["x-govgraph-cache"] == "hit"  # GET keys hold no host: the base did not matter
