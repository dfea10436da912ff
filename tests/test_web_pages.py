"""The HTML pages' links: an IRI from data becomes a link only when it is a web or mail address."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from govgraph.web.pages import TEMPLATES, entity_href, link
from tests.fixtures import Server

SCRIPTED = [
    "javascript://x%0Aalert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "urn:isbn:0451450523",
]


@pytest.mark.parametrize("iri", SCRIPTED)
def test_an_iri_of_another_scheme_is_text_not_a_link(iri: str) -> None:
    assert entity_href(iri, "en") is None
    assert "<a" not in link(iri, iri, "en") and "&lt;script&gt;" in link("data:,", "<script>", "en")


def test_web_and_mail_addresses_and_govgraph_entities_are_links() -> None:
    assert entity_href("https://www.intgovforum.org/", "en") == "https://www.intgovforum.org/"
    assert entity_href("HTTP://example.org/a", "en") == "HTTP://example.org/a"
    assert entity_href("mailto:igf@un.org", "en") == "mailto:igf@un.org"
    assert entity_href("https://w3id.org/govgraph/id/igf-2015", "es") == "/id/igf-2015?lang=es"
    assert (
        link('https://example.org/?a=1&b="2"', "x", "en")
        == '<a href="https://example.org/?a=1&amp;b=&#34;2&#34;">x</a>'
    )


def test_templates_take_data_iris_into_links_only_through_the_helper() -> None:
    """Every href or src filled from a variable names a URL the server built itself; IRIs go through link()."""
    server_built = {"p.url", "p.groups", "url", "json_url", "csv_url", "embed_url", "base"}
    for template in Path(TEMPLATES).iterdir():
        for name in re.findall(r'(?:href|src)="\{\{\s*([\w.]+)', template.read_text()):
            assert name in server_built, f"{template.name}: {name} becomes a link without link()"


def test_the_query_page_shows_a_script_iri_as_text(server: Server) -> None:
    query = "SELECT ?x WHERE { VALUES ?x { <javascript://x%0Aalert(1)> <https://www.intgovforum.org/> } }"
    page = httpx.get(f"{server.base_url}/sparql", params={"query": query, "format": "html"}).text
    assert "<td>javascript://x%0Aalert(1)</td>" in page
    assert 'href="javascript' not in page.lower()
    assert '<a href="https://www.intgovforum.org/">' in page
