"""Graph views, entity pages and search over real HTTP, on the shared server and on one with a data release."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from govgraph.settings import Settings
from tests.fixtures import Server, govgraph, start_server, stop_server

SVG = "{http://www.w3.org/2000/svg}"
VIEWS = ["/embed/entity/icann", "/embed/forum/igf", "/embed/lineage/igf", "/embed/stewardship"]


def view_json(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', page, re.S)
    assert found, "the page carries its view as JSON"
    return json.loads(found.group(1))


@pytest.mark.parametrize("path", VIEWS)
def test_view_page_is_self_contained_and_embeddable(client: httpx.Client, path: str) -> None:
    response = client.get(path, params={"lang": "es"}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors *" in policy and "default-src 'self'" in policy
    assert "x-frame-options" not in response.headers
    page = response.text
    assert '<html lang="es">' in page and "Leyenda" in page and "Lo mismo en una tabla" in page
    assert "&lt;iframe src=" in page  # the embed code
    data = view_json(page)
    assert data["nodes"] and data["edges"] and data["legend"]
    assert page.count("<tr>") >= len(data["edges"])  # one table row per edge
    assert not re.search(r'(src|href)="(https?:)?//', page.split('id="view-data"')[0].split("<textarea")[0])


@pytest.mark.parametrize("path", VIEWS)
def test_view_as_svg_is_a_drawing_with_a_link_per_node(client: httpx.Client, path: str) -> None:
    response = client.get(path, params={"format": "svg"})
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    data = client.get(path, params={"format": "json"}).json()
    links = root.findall(f".//{SVG}a")
    assert len(links) == len(data["nodes"])
    assert {a.get("href").split("?")[0] for a in links} == {f"/id/{n['slug']}" for n in data["nodes"]}
    assert root.find(f"{SVG}title").text == data["title"]


def test_view_formats_by_accept(client: httpx.Client) -> None:
    assert client.get("/embed/forum/igf", headers={"Accept": "image/svg+xml"}).content.startswith(b"<svg")
    assert client.get("/embed/forum/igf", headers={"Accept": "application/json"}).json()["kind"] == "forum"
    refused = client.get("/embed/forum/igf", headers={"Accept": "application/xml"})
    assert refused.status_code == 406 and "SVG" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/embed/entity/no-such-entity", 404, "no-such-entity"),
        ("/embed/chart/igf", 404, "/embed/entity"),
        ("/embed/entity/igf?as_of=2019-02-30", 422, "as_of"),
        ("/embed/entity/igf?depth=7", 422, "depth"),
        ("/embed/entity/igf?release=first", 422, "release"),
        ("/embed/entity/igf?release=999", 404, "999"),
        ("/embed/entity/igf?format=pdf", 422, "format"),
    ],
)
def test_bad_view_requests_say_what_to_fix(client: httpx.Client, path: str, status: int, says: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    problem = response.json()
    assert says in json.dumps(problem)


def test_entity_page_for_people(client: httpx.Client) -> None:
    response = client.get("/id/icann", params={"lang": "es"}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and "Accept" in response.headers["vary"]
    page = response.text
    assert "Corporación para la Asignación de Nombres y Números en Internet (ICANN)" in page
    assert "Comunidad técnica" in page and "1998-09-30" in page
    assert 'href="/id/pti?lang=es"' in page  # relations link to their entities
    assert '<iframe class="view" src="/embed/entity/icann?lang=es"' in page
    assert "https://" in page.split("Fuentes")[-1]  # sources are listed


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
     ("application/rdf+xml", "xml")],
)  # fmt: skip
def test_entity_iri_dereferences_to_rdf(client: httpx.Client, accept: str, fmt: str) -> None:
    response = client.get("/id/dns-root-zone", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    subject = rdflib.URIRef("https://w3id.org/govgraph/id/dns-root-zone")
    labels = {str(o) for o in graph.objects(subject, rdflib.RDFS.label)}
    assert "DNS root zone" in labels
    # the stewardship records that name it come along, with their dates
    stewards = {str(o) for s in graph.subjects(None, subject) for o in graph.objects(s, rdflib.URIRef(
        "https://w3id.org/govgraph/ontology#steward"))}  # fmt: skip
    assert {"https://w3id.org/govgraph/id/pti", "https://w3id.org/govgraph/id/ntia"} <= stewards


def test_entity_format_parameter_and_alternates(client: httpx.Client) -> None:
    response = client.get("/id/igf", params={"format": "ttl"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert 'rel="alternate"; type="application/ld+json"' in response.headers["link"]


def test_unknown_entity_gets_a_page_with_search_or_a_problem(client: httpx.Client) -> None:
    page = client.get("/id/icann-org", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert 'type="search"' in page.text and 'href="/id/icann?' in page.text  # a suggestion
    problem = client.get("/id/icann-org", headers={"Accept": "text/turtle"})
    assert problem.status_code == 404 and problem.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("q", "expected"),
    [("tunez", "tunis-agenda"), ("CMSI", "wsis"), ("icann", "icann"), ("Corporacion para la asignacion", "icann")],
)
def test_search_ignores_case_and_accents(client: httpx.Client, q: str, expected: str) -> None:
    results = client.get("/search", params={"q": q}).json()["results"]
    assert expected in [r["slug"] for r in results]


def test_search_ranks_exact_names_first_and_answers_in_html(client: httpx.Client) -> None:
    assert client.get("/search", params={"q": "ICANN"}).json()["results"][0]["slug"] == "icann"
    assert client.get("/search", params={"q": ""}).json()["results"] == []
    page = client.get("/search", params={"q": "túnez", "lang": "es"}, headers={"Accept": "text/html"}).text
    assert "Agenda de Túnez" in page
    assert client.get("/search", params={"q": "x" * 201}).status_code == 422


def test_home_page_counts_and_searches(client: httpx.Client) -> None:
    page = client.get("/", headers={"Accept": "text/html"}).text
    assert 'action="/search"' in page and "/embed/stewardship" in page
    assert re.search(r"<td>Forum</td><td>\d+</td>", page)


@pytest.fixture(scope="module")
def released(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over a private copy of the store, with release 1 made by `govgraph release`; `.env` holds the
    variables its CLI commands take."""
    root = tmp_path_factory.mktemp("released")
    store = root / "store"
    shutil.copytree(repo_settings.store, store)
    env = {"GOVGRAPH_STORE": str(store), "GOVGRAPH_RELEASES_DIR": str(root / "releases")}
    made = govgraph("release", **env)
    assert made.returncode == 0, made.stderr
    running = start_server(store, extra_env={"GOVGRAPH_RELEASES_DIR": str(root / "releases")})
    running.env = env  # type: ignore[attr-defined]
    yield running
    stop_server(running)


def test_a_kept_view_names_the_host_it_was_asked_on_and_pins_the_newest_release(released: Server) -> None:
    path, html = "/embed/lineage/igf", {"Accept": "text/html"}
    with released.client() as c:
        first, again = c.get(path, headers=html), c.get(path, headers=html)
        assert (first.headers["x-govgraph-cache"], again.headers["x-govgraph-cache"]) == ("miss", "hit")
        assert first.text == again.text and "release=1" in first.text
        held = c.get(path, headers={**html, "If-None-Match": first.headers["etag"]})
        assert held.status_code == 304 and held.content == b""
        elsewhere = c.get(path, headers={**html, "Host": "govgraph.intranet.example"})
        assert "http://govgraph.intranet.example/embed/lineage/igf?" in elsewhere.text

        created = govgraph("token", "create", "--role", "maintainer", "--name", "M", **released.env)  # type: ignore[attr-defined]
        token = created.stdout.strip().splitlines()[-1]
        made = c.post("/releases", json={"note": "term 2"}, headers={"Authorization": f"Bearer {token}"})
        assert made.status_code == 201, made.text
        after = c.get(path, headers=html)
        assert after.headers["x-govgraph-cache"] == "miss" and "release=2" in after.text


def test_pinned_view_is_served_from_the_release(released: Server) -> None:
    with released.client() as c:
        live = c.get("/embed/forum/igf", params={"format": "json"}).json()
        pinned = c.get("/embed/forum/igf", params={"format": "json", "release": 1}).json()
        assert pinned["release"] == 1 and pinned["nodes"] == live["nodes"]
        page = c.get("/embed/forum/igf", params={"release": 1}, headers={"Accept": "text/html"})
        assert "max-age" in page.headers["cache-control"]
        # the embed code of a live view pins the newest release, so a course page does not change under it
        newest = max(r["number"] for r in c.get("/releases").json()["releases"])  # another test may add one
        live_page = c.get("/embed/lineage/igf", params={"lang": "es"}, headers={"Accept": "text/html"}).text
        assert re.search(rf"/embed/lineage/igf\?lang=es&amp;release={newest}", live_page)
        assert c.get("/embed/forum/igf", params={"release": 99}).status_code == 404


def test_views_do_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    assert not (tmp_path / "static").exists()  # templates and scripts ship inside the package
    from govgraph.web.pages import STATIC, TEMPLATES

    assert (STATIC / "graph-view.js").exists() and (STATIC / "vendor/cytoscape/cytoscape.min.js").exists()
    assert (TEMPLATES / "view.svg").exists()


def test_scripts_are_compressed_for_weak_connections(client: httpx.Client) -> None:
    response = client.get("/static/vendor/cytoscape/cytoscape.min.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert response.num_bytes_downloaded < len(response.content) / 2  # on the wire vs unpacked


def test_entity_page_offers_embed_code_and_exports(client: httpx.Client) -> None:
    page = client.get("/id/wsis", params={"lang": "en"}, headers={"Accept": "text/html"}).text
    assert 'id="copy-embed"' in page and "/static/embed-code.js" in page
    assert "/embed/entity/wsis?lang=en&amp;format=svg" in page
    assert "/embed/lineage/wsis?lang=en" in page  # a process links to its lineage and forum views


def test_answers_in_html_link_to_entity_pages(client: httpx.Client) -> None:
    question = client.get("/questions/who-hosted-igf", params={"year": "2015", "lang": "es", "format": "html"}).text
    assert 'href="/id/government-br?lang=es"' in question
    query = "SELECT ?m WHERE { ?m gg:meetingOf gid:igf ; gg:editionNumber 10 }"
    results = client.get("/sparql", params={"query": query, "format": "html", "lang": "en"}).text
    assert 'href="/id/igf-2015?lang=en"' in results
