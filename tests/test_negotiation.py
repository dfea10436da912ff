"""Content negotiation (RFC 9110, section 12): the negotiator alone, table by table, then each kind of route
through the real server, with the Accept headers that some routes used to answer wrongly."""

from __future__ import annotations

import json

import httpx
import pytest

from govgraph.dumps import FORMATS as DUMP_FORMATS
from govgraph.errors import NotAcceptable
from govgraph.formats import ASK_RESULTS, CSV, GRAPH_RESULTS, HTML, JSON, RDF, RESULTS, SELECT_RESULTS, SVG, Format
from govgraph.web.negotiation import MediaRange, negotiate, parse_accept
from tests.fixtures import ROOT

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SPARQL_SELECT = (*SELECT_RESULTS, HTML)
SPARQL_ASK = (*ASK_RESULTS, HTML)
SPARQL_GRAPH = (*GRAPH_RESULTS, HTML)
QUESTION = (JSON, CSV, HTML)
VIEW = (HTML, SVG, JSON)
ENTITY = (HTML, *GRAPH_RESULTS)
DUMPS = tuple(f.format for f in DUMP_FORMATS)

# (offers in the route's order of preference, Accept, the key chosen)
CASES: list[tuple[tuple[Format, ...], str | None, str]] = [
    # No Accept, or anything: the route's first choice.
    (QUESTION, None, "json"),
    (QUESTION, "", "json"),
    (QUESTION, "*/*", "json"),
    (VIEW, "*/*", "html"),
    (DUMPS, "*/*", "trig"),
    (SPARQL_GRAPH, None, "turtle"),
    # Quality values: the highest wins wherever it stands in the header.
    (QUESTION, "text/csv;q=0.1, application/json", "json"),
    (QUESTION, "text/csv, application/json;q=0.5", "csv"),
    (SPARQL_SELECT, "application/sparql-results+xml;q=0.5, text/tab-separated-values", "tsv"),
    (QUESTION, "text/html;q=0.5, application/json", "json"),
    # q=0 is "not acceptable", even under a wildcard that would take it.
    (QUESTION, "text/csv;q=0, */*", "json"),
    (VIEW, "text/html;q=0, */*", "svg"),
    (QUESTION, "application/json;q=0, text/html;q=0, */*;q=0.3", "csv"),
    # The most specific range decides an offer's quality.
    ((CSV, HTML), "text/*;q=0.5, text/csv;q=0", "html"),
    (QUESTION, "text/*, text/csv;q=0.2", "html"),
    (SPARQL_GRAPH, "application/ld+json;profile=x;q=0.2, application/ld+json, text/turtle;q=0.5", "turtle"),
    # Equal quality: a media type named outright beats one a wildcard reaches; then the route's order.
    (QUESTION, "text/html, */*", "html"),
    (QUESTION, "application/json, text/csv", "json"),
    ((CSV, JSON), "application/json, text/csv", "csv"),
    (SPARQL_SELECT, "text/*", "csv"),
    (DUMPS, "text/*", "turtle"),
    (DUMPS, "application/*", "trig"),
    # A browser reads a page wherever there is one, and takes the first choice elsewhere.
    (QUESTION, BROWSER, "html"),
    (SPARQL_SELECT, BROWSER, "html"),
    (SPARQL_GRAPH, BROWSER, "html"),
    (ENTITY, BROWSER, "html"),
    (DUMPS, BROWSER, "trig"),
    ((JSON, CSV), BROWSER, "json"),
    # Other names of a format count when named exactly, never through a wildcard.
    (SPARQL_GRAPH, "application/json", "jsonld"),
    (SPARQL_GRAPH, "application/x-turtle", "turtle"),
    (SPARQL_GRAPH, "text/plain", "ntriples"),
    (SPARQL_ASK, "application/xml", "xml"),
    (SPARQL_SELECT, "application/json", "json"),
    (DUMPS, "application/x-trig", "trig"),
    (GRAPH_RESULTS, "application/*", "ntriples"),  # not Turtle, though application/x-turtle is one of its names
    (ENTITY, "application/json;q=0.1, */*", "html"),  # JSON-LD is sent as application/ld+json, which */* covers
    # Parameters: UTF-8 is what is written; other parameters are not told apart.
    (SPARQL_SELECT, "text/csv;charset=UTF-8", "csv"),
    (SPARQL_SELECT, 'text/csv;foo="a,b";q=0.5, application/sparql-results+xml;q=0.4', "csv"),
    # Syntax: any case; members that are not media ranges are left out.
    (SPARQL_SELECT, "TEXT/CSV", "csv"),
    (SPARQL_SELECT, "garbage, text/tab-separated-values", "tsv"),
    (QUESTION, "garbage", "json"),
    (SPARQL_SELECT, "*/csv, application/sparql-results+xml", "xml"),
]


@pytest.mark.parametrize(("offers", "accept", "expected"), CASES)
def test_negotiation_follows_rfc_9110(offers: tuple[Format, ...], accept: str | None, expected: str) -> None:
    assert negotiate(offers, accept).key == expected


NOT_ACCEPTABLE = [
    (SPARQL_SELECT, "image/png"),
    (SPARQL_ASK, "text/csv"),  # CSV and TSV need rows
    (QUESTION, "application/json;q=0, text/csv;q=0, text/html;q=0"),
    (GRAPH_RESULTS, "application/ld+json;q=0, application/json"),  # the type it is sent as is refused outright
    (SPARQL_SELECT, "text/csv;charset=iso-8859-1"),
    (SPARQL_SELECT, "text/csv;q=abc"),  # a weight that is not a qvalue makes its range unacceptable
    (SPARQL_SELECT, "text/csv;q=1.5"),
    (VIEW, "application/xml"),
]


@pytest.mark.parametrize(("offers", "accept"), NOT_ACCEPTABLE)
def test_nothing_acceptable_is_a_406_that_lists_the_offers(offers: tuple[Format, ...], accept: str) -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(offers, accept)
    assert caught.value.status == 406
    assert caught.value.details["available"] == [f.media_type for f in offers]
    assert caught.value.details["formats"] == [f.key for f in offers]
    assert accept in caught.value.message and offers[0].title in caught.value.message


@pytest.mark.parametrize(
    ("offers", "fmt", "expected"),
    [
        (SPARQL_SELECT, "csv", "csv"),
        (SPARQL_SELECT, "TSV", "tsv"),
        (SPARQL_SELECT, "text/tab-separated-values", "tsv"),  # as SPARQLWrapper sends it
        (SPARQL_GRAPH, "ttl", "turtle"),
        (SPARQL_GRAPH, "application/json", "jsonld"),
        (ENTITY, "rdf", "rdfxml"),
        (VIEW, "svg", "svg"),
    ],
)
def test_a_format_parameter_overrides_accept(offers: tuple[Format, ...], fmt: str, expected: str) -> None:
    assert negotiate(offers, "text/html", fmt).key == expected


def test_a_format_parameter_off_the_offers_is_a_406() -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(SPARQL_ASK, None, "csv")
    assert "format='csv'" in caught.value.message
    assert caught.value.details["available"] == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/html",
    ]


def test_a_route_without_a_format_parameter_says_what_to_ask_for_instead() -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(DUMPS, "image/png", instead="or ask for /dump.ttl.")
    assert caught.value.hint is not None and caught.value.hint.endswith("or ask for /dump.ttl.")
    assert caught.value.details["formats"] is None and "application/trig" in caught.value.details["available"]


def test_parse_accept_reads_parameters_weights_and_quoted_commas() -> None:
    assert parse_accept('Text/HTML;Level=1;q=0.5, */*;q=0, application/ld+json;profile="a,b", nonsense') == [
        MediaRange("text", "html", (("level", "1"),), 0.5),
        MediaRange("*", "*", (), 0.0),
        MediaRange("application", "ld+json", (("profile", "a,b"),), 1.0),
    ]


# -- every kind of route, through the real server ---------------------------------------------------------

FORUMS = "SELECT ?forum WHERE { ?forum a gg:Forum } LIMIT 3"
TURTLE = RDF["turtle"]


def negotiated(response: httpx.Response, media_type: str) -> httpx.Response:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    return response


def refused(response: httpx.Response) -> dict:
    assert response.status_code == 406, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def test_sparql_results_by_quality(client: httpx.Client) -> None:
    accept = "text/csv;q=0, application/sparql-results+xml;q=0.5, */*;q=0.1"
    answer = negotiated(
        client.get("/sparql", params={"query": FORUMS}, headers={"Accept": accept}), RESULTS["xml"].media_type
    )
    assert answer.text.startswith("<?xml")


def test_sparql_ask_takes_the_acceptable_format_rather_than_refusing_csv(client: httpx.Client) -> None:
    """Used to be a 406: CSV was picked first, then found to have no rows to write."""
    accept = {"Accept": "text/csv, application/sparql-results+json;q=0.5"}
    answer = negotiated(
        client.get("/sparql", params={"query": "ASK { gid:igf ?p ?o }"}, headers=accept), RESULTS["json"].media_type
    )
    assert answer.json()["boolean"] is True
    problem = refused(client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"}))
    assert problem["available"] == ["application/sparql-results+json", "application/sparql-results+xml", "text/html"]
    assert problem["formats"] == ["json", "xml", "html"]


def test_the_service_description_is_rdf_when_rdf_is_preferred_to_html(client: httpx.Client) -> None:
    """Used to be the query page: text/html was named, so the page won whatever its weight."""
    described = negotiated(client.get("/sparql", headers={"Accept": "text/html;q=0.5, text/turtle"}), TURTLE.media_type)
    assert "sd:Service" in described.text


def test_questions_answer_json_when_csv_is_barely_acceptable(client: httpx.Client) -> None:
    """Used to be CSV: the answer looked for the text "text/csv" in the header, weights unread."""
    accept = {"Accept": "text/csv;q=0.1, application/json"}
    answer = negotiated(client.get("/questions/who-hosted-igf", params={"year": 2015}, headers=accept), JSON.media_type)
    assert answer.json()["question"]["id"] == "who-hosted-igf"
    as_csv = client.get("/questions/who-hosted-igf", params={"year": 2015}, headers={"Accept": "text/csv"})
    assert negotiated(as_csv, CSV.media_type).headers["content-type"] == "text/csv; charset=utf-8"


def test_the_catalogue_is_json_when_json_is_preferred_to_html(client: httpx.Client) -> None:
    """Used to be the page: text/html came first in the header."""
    listing = negotiated(
        client.get("/questions", headers={"Accept": "text/html;q=0.5, application/json"}), JSON.media_type
    )
    assert listing.json()["questions"]
    refused(client.get("/questions", headers={"Accept": "image/png"}))


def test_an_entity_in_json_ld_when_json_is_asked_for(client: httpx.Client) -> None:
    described = negotiated(client.get("/id/igf", headers={"Accept": "application/json"}), RDF["jsonld"].media_type)
    assert any("igf" in json.dumps(node) for node in described.json())
    problem = refused(client.get("/id/igf", headers={"Accept": "image/png"}))  # used to be the HTML page
    assert "text/turtle" in problem["available"]


def test_a_view_is_not_html_when_html_is_refused(client: httpx.Client) -> None:
    """Used to be the page: */* was read before text/html;q=0 and sent HTML."""
    picture = negotiated(client.get("/embed/forum/igf", headers={"Accept": "text/html;q=0, */*"}), SVG.media_type)
    assert picture.text.startswith("<svg")


def test_a_validation_report_by_accept(client: httpx.Client) -> None:
    sent = (ROOT / "examples" / "invalid-contribution.ttl").read_bytes()
    headers = {"Content-Type": "text/turtle", "Accept": "application/json;q=0.2, text/*"}
    report = client.post("/validate", content=sent, headers=headers)
    assert report.status_code == 422 and report.headers["content-type"] == TURTLE.content_type
    assert "sh:ValidationReport" in report.text or "ValidationReport" in report.text
    odd = client.post("/validate", content=sent, headers={"Content-Type": "text/turtle", "Accept": "image/png"})
    assert odd.status_code == 422 and odd.json()["conforms"] is False  # never a 406: the report is the answer


def test_dumps_by_accept(client: httpx.Client) -> None:
    negotiated(client.get("/dump", headers={"Accept": "application/n-quads;q=0.5, text/turtle"}), TURTLE.media_type)
    problem = refused(client.get("/dump", headers={"Accept": "application/rdf+xml"}))
    assert "/dump.ttl" in problem["hint"] and "formats" not in problem
    assert problem["available"] == [f.media_type for f in DUMPS]


def test_the_dataset_description_for_a_browser_and_for_a_client(client: httpx.Client) -> None:
    page = client.get("/void", headers={"Accept": BROWSER})
    assert page.headers["content-type"] == "text/plain; charset=utf-8" and "void:Dataset" in page.text
    negotiated(client.get("/void", headers={"Accept": "application/n-triples"}), RDF["ntriples"].media_type)


def test_analysis_tables_are_json_when_csv_is_refused(client: httpx.Client) -> None:
    """Used to be CSV: the route looked for the text "text/csv" in the header."""
    params = {"measure": "degree"}
    table = client.get("/analysis/stewardship", params=params, headers={"Accept": "text/csv;q=0, */*"})
    assert negotiated(table, JSON.media_type).json()["nodes"]
    export = client.get(
        "/analysis/stewardship/export", headers={"Accept": "application/graphml+xml;q=0.1, application/gexf+xml"}
    )
    assert negotiated(export, "application/gexf+xml").text.lstrip().startswith("<?xml")


def test_a_browser_gets_a_406_page_in_its_language_with_links(client: httpx.Client) -> None:
    page = client.get(
        "/analysis/stewardship", params={"measure": "degree", "lang": "es"}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 406 and page.headers["content-type"].startswith("text/html")
    assert "No disponible en ese formato" in page.text
    assert 'href="/analysis/stewardship?measure=degree&amp;lang=es&amp;format=csv"' in page.text
    assert "(text/csv)" in page.text
