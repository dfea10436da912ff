"""The contribution workflow over real HTTP: `govgraph serve` processes with their own store copies.

The shared session `server` is never written to: every test here talks to a server started by this
module over a private copy of the store and a private journal, with tokens made by the real CLI.
"""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
import rdflib

from govgraph import namespaces
from govgraph.namespaces import GID, PROVENANCE_GRAPH
from govgraph.settings import Settings
from tests.fixtures import (
    EXAMPLE,
    INVALID,
    PREFIXES,
    ROOT,
    Site,
    bearer,
    govgraph,
    site_asks,
    submit,
    submitted_id,
    variant,
)

SH = rdflib.Namespace(namespaces.SH)
TURTLE = {"Content-Type": "text/turtle"}
pytestmark = pytest.mark.usefixtures("no_server_errors")


@pytest.fixture(scope="module")
def site(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    running = Site(
        tmp_path_factory.mktemp("contrib-site"), repo_settings.store, {"GOVGRAPH_SUBMISSIONS_PER_MINUTE": "1000"}
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def limited(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    env = {
        "GOVGRAPH_MAX_BODY_BYTES": "20000",
        "GOVGRAPH_MAX_CONTRIBUTION_TRIPLES": "40",
        "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "3",
    }
    running = Site(tmp_path_factory.mktemp("contrib-limited"), repo_settings.store, env)
    yield running
    running.stop()


def all_ids(site: Site, maintainer: str) -> set[str]:
    with site.client() as client:
        response = client.get("/contributions", headers=bearer(maintainer))
    assert response.status_code == 200
    return {c["id"] for c in response.json()["contributions"]}


# -- tokens and roles ------------------------------------------------------------------------------


def test_submit_without_a_token_is_401(site: Site, maintainer: str) -> None:
    before = all_ids(site, maintainer)
    with site.client() as client:
        missing = client.post("/contributions", content=variant(), headers=TURTLE)
        wrong = client.post("/contributions", content=variant(), headers={**TURTLE, **bearer("ggt_abc_def")})
    assert missing.status_code == 401 and wrong.status_code == 401
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert "Bearer" in missing.json()["detail"]
    assert all_ids(site, maintainer) == before


def test_a_contributor_may_not_accept(site: Site, contributor: str) -> None:
    contribution = submitted_id(submit(site, contributor, variant()))
    with site.client() as client:
        response = client.post(
            f"/contributions/{contribution}/accept", json={"reason": "mine"}, headers=bearer(contributor)
        )
        assert response.status_code == 403
        assert response.json()["title"] == "Not allowed"
        assert client.get(f"/contributions/{contribution}", headers=bearer(contributor)).json()["status"] == "pending"


def test_maintainers_list_all_contributors_their_own(site: Site, maintainer: str) -> None:
    alice, bob = site.token("contributor", "Alice"), site.token("contributor", "Bob")
    from_alice = submitted_id(submit(site, alice, variant()))
    from_bob = submitted_id(submit(site, bob, variant()))
    with site.client() as client:
        seen_by_alice = client.get("/contributions", headers=bearer(alice)).json()["contributions"]
        pending = client.get("/contributions", params={"status": "pending"}, headers=bearer(maintainer)).json()
    assert [c["id"] for c in seen_by_alice] == [from_alice]
    assert seen_by_alice[0]["contributor"] == "Alice" and "ntriples" not in seen_by_alice[0]
    assert {from_alice, from_bob} <= {c["id"] for c in pending["contributions"]}
    assert {from_alice, from_bob} <= all_ids(site, maintainer)


def test_listing_needs_a_token(site: Site) -> None:
    with site.client() as client:
        assert client.get("/contributions").status_code == 401


# -- submitting ------------------------------------------------------------------------------------


def test_valid_example_is_accepted_for_review(site: Site, contributor: str) -> None:
    response = submit(site, contributor, EXAMPLE, message="The first Russian IGF")
    assert response.status_code == 202, response.text
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{16}", body["id"])
    assert response.headers["location"] == f"/contributions/{body['id']}"
    assert body["status"] == "pending" and body["triples"] == 27 and body["message"] == "The first Russian IGF"
    with site.client() as client:
        followed = client.get(response.headers["location"], headers=bearer(contributor))
    assert followed.status_code == 200 and followed.json()["status"] == "pending"


def test_a_pending_contribution_is_seen_only_by_its_contributor_and_maintainers(
    site: Site, contributor: str, maintainer: str
) -> None:
    contribution = submitted_id(submit(site, contributor, variant(), message="private until published"))
    other = site.token("contributor", "Someone else")
    url = f"/contributions/{contribution}"
    with site.client() as client:
        anonymous = client.get(url)
        page = client.get(url, headers={"Accept": "text/html"})
        stranger = client.get(url, headers=bearer(other))
        unknown = client.get("/contributions/0123456789abcdef")
        assert client.get(url, headers=bearer(contributor)).status_code == 200
        assert client.get(url, headers=bearer(maintainer)).status_code == 200
        # Nothing about it in the public store, its dump, or anything SPARQL reaches.
        assert not site_asks(site, f"ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER (CONTAINS(STR(?s), '{contribution}')) }} }}")
        assert not site_asks(site, "ASK { ?s ?p 'private until published' }")
        assert contribution.encode() not in client.get("/dump.nq").content
        release = client.post("/releases", json={"note": "with a pending contribution"}, headers=bearer(maintainer))
        assert release.status_code in (200, 201), release.text
        number = release.json()["number"]
        assert contribution.encode() not in client.get(f"/releases/{number}/dump.nq").content
    assert anonymous.status_code == stranger.status_code == unknown.status_code == 404
    assert anonymous.json()["detail"] == stranger.json()["detail"]  # the same words as for an unknown id:
    assert anonymous.json()["title"] == unknown.json()["title"]  # an id tells nobody it exists
    assert "Authorization" in anonymous.json()["hint"]
    assert page.status_code == 404
    assert "private until published" not in page.text + anonymous.text + stranger.text
    with site.client() as client:
        client.post(f"{url}/accept", json={"reason": "ok"}, headers=bearer(maintainer)).raise_for_status()
        published = client.get(url)  # published: public, and so is its provenance (without the token id)
        assert published.status_code == 200 and published.json()["status"] == "accepted"
        holder = contributor.split("_")[1]
        assert holder.encode() not in client.get("/dump.nq").content
        assert site_asks(site, f"ASK {{ ?c dct:identifier '{contribution}' ; prov:wasAttributedTo ?agent }}")


def test_a_label_for_an_existing_linked_entity_can_be_submitted(site: Site, contributor: str) -> None:
    """gid:igf-russia is published and valid; a French label for it must not be refused for its
    published links (see /work/scratch/contribution-bugs.md)."""
    body = PREFIXES.encode() + b'gid:igf-russia rdfs:label "Forum russe sur la gouvernance d\'Internet"@fr .\n'
    response = submit(site, contributor, body)
    assert response.status_code == 202, response.text


def test_invalid_example_gets_a_problem_document(site: Site, contributor: str, maintainer: str) -> None:
    before = all_ids(site, maintainer)
    response = submit(site, contributor, INVALID)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 422 and body["conforms"] is False
    found: dict[tuple[str, str], list[str]] = {}
    for result in body["results"]:
        found.setdefault((result["focus"], result["path"]), []).append(result["message"])
    assert any("is before gg:startDate" in m for m in found[("gid:rigf-2010", "gg:endDate")])
    assert ("gid:cctld-ru", "dct:source") in found
    assert ("gid:rigf-2010", "gg:editionNumber") in found
    assert "gg:endDate" in body["text"]
    assert all_ids(site, maintainer) == before


def test_invalid_example_report_in_spanish(site: Site, contributor: str) -> None:
    response = submit(site, contributor, INVALID, lang="es")
    assert response.status_code == 422
    messages = [r["message"] for r in response.json()["results"] if r["focus"] == "gid:cctld-ru"]
    assert any("dct:source debe ser una IRI" in m for m in messages), messages
    assert any("Falta una rdfs:label en español" in m for m in messages), messages


def _report(data: str, fmt: str) -> tuple[rdflib.Graph, rdflib.term.Node]:
    graph = rdflib.Graph().parse(data=data, format=fmt)
    reports = list(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    return graph, reports[0]


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_invalid_example_report_as_rdf(site: Site, contributor: str, accept: str, fmt: str) -> None:
    response = submit_with_accept(site, contributor, INVALID, accept)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(accept)
    graph, report = _report(response.text, fmt)
    assert graph.value(report, SH.conforms).toPython() is False
    results = list(graph.objects(report, SH.result))
    assert len(results) >= 5
    focus_nodes = {graph.value(r, SH.focusNode) for r in results}
    assert rdflib.URIRef(GID + "rigf-2010") in focus_nodes and rdflib.URIRef(GID + "cctld-ru") in focus_nodes
    assert all(graph.value(r, SH.resultSeverity) == SH.Violation for r in results)
    assert any(
        graph.value(r, SH.resultPath) == rdflib.URIRef("https://w3id.org/govgraph/ontology#endDate") for r in results
    )


def submit_with_accept(site: Site, token: str, body: bytes, accept: str) -> httpx.Response:
    with site.client() as client:
        return client.post("/contributions", content=body, headers={**TURTLE, **bearer(token), "Accept": accept})


def test_unparsable_turtle_is_400_with_line_and_column(site: Site, contributor: str) -> None:
    body = PREFIXES.encode() + b'gid:broken a gg:Forum ;\n    rdfs:label "Broken"@en ,, .\n'
    response = submit(site, contributor, body)
    assert response.status_code == 400
    problem = response.json()
    assert problem["line"] == 4 and isinstance(problem["column"], int)
    assert "line 4" in problem["detail"]


def test_wrong_content_type_is_415(site: Site, contributor: str) -> None:
    response = submit(site, contributor, variant(), content_type="text/plain")
    assert response.status_code == 415
    assert "text/turtle" in response.json()["hint"]


def test_body_over_the_limit_is_413(limited: Site) -> None:
    token = limited.token()
    padded = b"# " + b"x" * 25_000 + b"\n" + variant()
    declared = submit(limited, token, padded)
    assert declared.status_code == 413
    assert "20,000" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        for _ in range(30):
            yield b"#" + b"y" * 999 + b"\n"

    with limited.client() as client:
        streamed = client.post("/contributions", content=chunks(), headers={**TURTLE, **bearer(token)})
    assert streamed.status_code == 413


def test_too_many_triples_is_413(limited: Site) -> None:
    body = PREFIXES.encode() + b"".join(b'gid:bulk-%d rdfs:label "Bulk"@en .\n' % i for i in range(41))
    assert len(body) < 20_000
    response = submit(limited, limited.token(), body)
    assert response.status_code == 413
    assert "more than 40 triples" in response.json()["detail"]


def test_fourth_submission_in_a_minute_is_429(limited: Site) -> None:
    token = limited.token()
    for _ in range(3):
        assert submit(limited, token, variant()).status_code == 202
    response = submit(limited, token, variant())
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 61
    assert submit(limited, limited.token(), variant()).status_code == 202  # the limit is per token


# -- hostile input ---------------------------------------------------------------------------------


def test_jsonld_remote_context_is_refused_without_fetching(site: Site, contributor: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        context = f"http://127.0.0.1:{listener.getsockname()[1]}/ctx.jsonld"
        body = json.dumps({"@context": context, "@id": GID + "remote-thing", "label": "x"}).encode()
        started = time.monotonic()
        response = submit(site, contributor, body, content_type="application/ld+json")
        elapsed = time.monotonic() - started
        connected, _, _ = select.select([listener], [], [], 0.5)
    assert response.status_code == 400
    assert context in response.json()["detail"]
    assert not connected, "the server connected to the remote @context"
    assert elapsed < 5


def test_jsonld_remote_context_on_a_closed_port_answers_at_once(site: Site, contributor: str) -> None:
    body = json.dumps({"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": GID + "remote-thing"}).encode()
    started = time.monotonic()
    response = submit(site, contributor, body, content_type="application/ld+json")
    assert response.status_code == 400
    assert "http://127.0.0.1:9/ctx.jsonld" in response.json()["detail"]
    assert time.monotonic() - started < 5


# A JSON-LD node whose label sits 100,000 arrays deep.
DEEP_JSONLD = (
    f'{{"@id": "{GID}deep", "http://www.w3.org/2000/01/rdf-schema#label": {"[" * 100_000}"x"{"]" * 100_000}}}'
).encode()
TOO_DEEP = {"en": "too deeply nested", "es": "anidado a demasiada profundidad"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_jsonld_nested_too_deep_is_refused_by_validate(site: Site, lang: str) -> None:
    with site.client() as client:
        response = client.post(
            "/validate", content=DEEP_JSONLD, params={"lang": lang}, headers={"Content-Type": "application/ld+json"}
        )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert TOO_DEEP[lang] in problem["detail"] and "64" in problem["detail"]
    assert problem["type"].endswith("/input-refused") and problem["nesting_limit"] == 64


@pytest.mark.parametrize("lang", ["en", "es"])
def test_jsonld_nested_too_deep_is_refused_by_submit(site: Site, contributor: str, lang: str) -> None:
    response = submit(site, contributor, DEEP_JSONLD, content_type="application/ld+json", lang=lang)
    assert response.status_code == 400, response.text
    assert TOO_DEEP[lang] in response.json()["detail"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_jsonld_nested_too_deep_is_refused_by_the_form(site: Site, contributor: str, lang: str) -> None:
    with site.client() as client:
        response = client.post(
            "/contribute",
            params={"lang": lang},
            data={"token": contributor, "media_type": "application/ld+json"},
            files={"file": ("deep.jsonld", DEEP_JSONLD, "application/ld+json")},
            headers={"Accept": "text/html"},
        )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert TOO_DEEP[lang] in response.text


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/govgraph/id/country-ru">
    <rdfs:label xml:lang="en">&secret;</rdfs:label>
  </rdf:Description>
</rdf:RDF>
"""

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n'
        % (i, b"".join(b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"") for _ in range(10)))
        for i in range(1, 10)
    )
    + b"""]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/govgraph/id/country-ru"><rdfs:label xml:lang="en">&lol9;</rdfs:label>
  </rdf:Description>
</rdf:RDF>
"""
)


def test_rdfxml_external_entity_is_refused(site: Site, contributor: str) -> None:
    response = submit(site, contributor, XXE, content_type="application/rdf+xml")
    assert response.status_code == 400
    assert "root:" not in response.text
    assert "DOCTYPE" in response.json()["detail"]


def test_rdfxml_billion_laughs_is_refused_at_once(site: Site, contributor: str) -> None:
    assert b"&lol8;" in LAUGHS
    started = time.monotonic()
    response = submit(site, contributor, LAUGHS, content_type="application/rdf+xml")
    assert response.status_code == 400
    assert time.monotonic() - started < 5
    with site.client() as client:
        assert client.get("/health").status_code == 200


def test_non_utf8_body_is_400(site: Site, contributor: str) -> None:
    body = PREFIXES.encode() + 'gid:country-ru rdfs:label "Rússia"@pt .\n'.encode("latin-1")
    response = submit(site, contributor, body)
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_trig_with_a_named_graph_is_400(site: Site, contributor: str) -> None:
    body = PREFIXES.encode() + b'<https://w3id.org/govgraph/graph/data/igf> { gid:igf rdfs:label "Hijacked"@en . }\n'
    response = submit(site, contributor, body, content_type="application/trig")
    assert response.status_code == 400
    assert "graph" in response.json()["detail"]


def test_writing_ontology_terms_is_422(site: Site, contributor: str) -> None:
    body = PREFIXES.encode() + b'gg:Meeting rdfs:label "Gathering"@en .\n'
    response = submit(site, contributor, body)
    assert response.status_code == 422
    messages = [r["message"] for r in response.json()["results"]]
    assert any("ontology" in m for m in messages), messages


# -- validating without storing --------------------------------------------------------------------


def test_validate_reports_without_storing(site: Site, contributor: str, maintainer: str) -> None:
    before = all_ids(site, maintainer)
    with site.client() as client:
        invalid = client.post("/validate", content=INVALID, headers=TURTLE)
        valid = client.post("/validate", content=variant(), headers=TURTLE)
        turtle = client.post("/validate", content=INVALID, headers={**TURTLE, "Accept": "text/turtle"})
    assert invalid.status_code == 422
    assert valid.status_code == 200 and valid.json()["conforms"] is True and valid.json()["results"] == []
    graph, report = _report(turtle.text, "turtle")
    assert graph.value(report, SH.conforms).toPython() is False
    assert all_ids(site, maintainer) == before

    submitted = submit(site, contributor, INVALID)
    assert submitted.status_code == 422
    assert submitted.json()["results"] == invalid.json()["results"]
    assert all_ids(site, maintainer) == before


# -- following and reviewing -----------------------------------------------------------------------


def test_follow_a_contribution_as_json_and_html(site: Site, contributor: str, maintainer: str) -> None:
    tag = uuid4().hex[:8]
    contribution = submitted_id(submit(site, contributor, variant(tag), message="RIGF"))
    with site.client() as client:
        pending = client.get(f"/contributions/{contribution}", headers=bearer(contributor)).json()
        assert pending["status"] == "pending" and pending["graph"] is None
        assert len(pending["diff"]["added"]) == 27 and pending["diff"]["contradicts"] == []
        assert f"<{GID}rigf-2010-{tag}>" in pending["triples_text"]
        page = client.get(f"/contributions/{contribution}", headers={"Accept": "text/html", **bearer(contributor)})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert contribution in page.text and "pending" in page.text and "Adds (27)" in page.text

        accepted = client.post(
            f"/contributions/{contribution}/accept", json={"reason": "Sourced twice"}, headers=bearer(maintainer)
        )
        assert accepted.status_code == 200, accepted.text
        after = client.get(f"/contributions/{contribution}").json()
        page = client.get(f"/contributions/{contribution}", params={"format": "html"})
    assert after["status"] == "accepted" and after["reviewer"] == "Maintainer M" and after["reason"] == "Sourced twice"
    assert after["graph"] == f"https://w3id.org/govgraph/graph/contribution/{contribution}"
    assert len(after["diff"]["already_published"]) == 27 and after["diff"]["added"] == []
    assert "accepted" in page.text and after["graph"] in page.text and "Sourced twice" in page.text


def test_review_flow_over_http(site: Site, contributor: str, maintainer: str) -> None:
    tag = uuid4().hex[:8]
    meeting = f"<{GID}rigf-2010-{tag}>"
    contribution = submitted_id(submit(site, contributor, variant(tag)))
    assert not site_asks(site, f"ASK {{ {meeting} ?p ?o }}")

    with site.client() as client:
        accepted = client.post(
            f"/contributions/{contribution}/accept", json={"reason": "Matches rigf2010.ru"}, headers=bearer(maintainer)
        )
    assert accepted.status_code == 200, accepted.text
    graph = accepted.json()["graph"]
    assert accepted.json()["status"] == "accepted" and graph.endswith(contribution)
    assert site_asks(
        site, f'ASK {{ GRAPH <{graph}> {{ {meeting} a gg:Meeting ; gg:startDate "2010-05-13"^^xsd:date }} }}'
    )
    assert site_asks(site, f"ASK {{ gid:igf-russia gg:hasMeeting {meeting} }}")  # inferred
    iri = f"<https://w3id.org/govgraph/contribution/{contribution}>"
    assert site_asks(
        site,
        f"""ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{
            {iri} gg:status "accepted" ; prov:wasAttributedTo ?agent .
            ?agent rdfs:label "Contributor C" .
            ?review prov:used {iri} ; rdfs:comment "Matches rigf2010.ru" .
            <{graph}> prov:wasDerivedFrom {iri} . }} }}""",
    )

    with site.client() as client:
        retracted = client.post(
            f"/contributions/{contribution}/retract",
            content="reason=Duplicate+of+another+record",
            headers={"Content-Type": "application/x-www-form-urlencoded", **bearer(maintainer)},
        )
    assert retracted.status_code == 200, retracted.text
    assert retracted.json()["status"] == "retracted" and retracted.json()["graph"] is None
    assert not site_asks(site, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert not site_asks(site, f"ASK {{ {meeting} ?p ?o }}")
    assert site_asks(
        site,
        f'ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{ {iri} gg:status "retracted" ; prov:invalidatedAtTime ?t }} }}',
    )


def test_accepting_twice_is_409(site: Site, contributor: str, maintainer: str) -> None:
    contribution = submitted_id(submit(site, contributor, variant()))
    with site.client() as client:
        first = client.post(f"/contributions/{contribution}/accept", headers=bearer(maintainer))
        second = client.post(f"/contributions/{contribution}/accept", headers=bearer(maintainer))
    assert first.status_code == 200, first.text
    assert second.status_code == 409
    assert "accepted" in second.json()["detail"]


def test_published_entities_reach_search_the_home_counts_and_kept_answers_at_once(
    site: Site, contributor: str, maintainer: str
) -> None:
    tag = uuid4().hex[:8]
    with site.client() as client:

        def meetings() -> int:
            page = client.get("/", headers={"Accept": "text/html"}).text
            return int(re.search(r"<td>Meeting</td><td>(\d+)</td>", page).group(1))  # type: ignore[union-attr]

        def found() -> list[str]:
            return [hit["slug"] for hit in client.get("/search", params={"q": tag}).json()["results"]]

        def counted() -> int:
            query = "SELECT (COUNT(*) AS ?n) WHERE { ?m a gg:Meeting }"
            answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/json"})
            return int(answer.json()["results"]["bindings"][0]["n"]["value"])

        before, before_counted = meetings(), counted()
        assert found() == [] and counted() == before_counted  # every cache is filled now
        contribution = submitted_id(submit(site, contributor, variant(tag)))
        assert client.post(f"/contributions/{contribution}/accept", headers=bearer(maintainer)).status_code == 200
        assert f"rigf-2010-{tag}" in found()
        assert meetings() == before + 1
        assert counted() == before_counted + 1


def test_accept_of_a_contribution_that_no_longer_conforms_is_422(site: Site, contributor: str, maintainer: str) -> None:
    """Two contributors give the same new meeting different start dates: each conforms alone, and once
    the first is published the second would give it two, so accepting it is refused."""
    tag = uuid4().hex[:8]
    first = submitted_id(submit(site, contributor, variant(tag)))
    second = submitted_id(
        submit(site, contributor, variant(tag).replace(b'"2010-05-13"^^xsd:date', b'"2010-05-12"^^xsd:date'))
    )
    with site.client() as client:
        assert client.post(f"/contributions/{first}/accept", headers=bearer(maintainer)).status_code == 200
        detail = client.get(f"/contributions/{second}", headers=bearer(contributor)).json()
        refused = client.post(f"/contributions/{second}/accept", headers=bearer(maintainer))
        after = client.get(f"/contributions/{second}", headers=bearer(contributor)).json()
    assert any("startDate" in line and "2010-05-12" in line for line in detail["diff"]["contradicts"])
    assert refused.status_code == 422
    assert refused.json()["title"] == "No longer conforms"
    assert (f"gid:rigf-2010-{tag}", "gg:startDate") in {(r["focus"], r["path"]) for r in refused.json()["results"]}
    assert after["status"] == "pending" and after["graph"] is None
    assert not site_asks(site, f'ASK {{ <{GID}rigf-2010-{tag}> gg:startDate "2010-05-12"^^xsd:date }}')


def test_reject_without_a_reason_is_422(site: Site, contributor: str, maintainer: str) -> None:
    contribution = submitted_id(submit(site, contributor, variant()))
    with site.client() as client:
        response = client.post(f"/contributions/{contribution}/reject", headers=bearer(maintainer))
        blank = client.post(f"/contributions/{contribution}/reject", json={"reason": "  "}, headers=bearer(maintainer))
        assert response.status_code == 422 and blank.status_code == 422
        assert response.json()["parameter"] == "reason" and "reason" in response.json()["detail"]
        assert client.get(f"/contributions/{contribution}", headers=bearer(contributor)).json()["status"] == "pending"
        rejected = client.post(
            f"/contributions/{contribution}/reject", json={"reason": "Unsourced"}, headers=bearer(maintainer)
        )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected" and rejected.json()["reason"] == "Unsourced"


def test_reject_with_a_null_reason_is_422(site: Site, contributor: str, maintainer: str) -> None:
    contribution = submitted_id(submit(site, contributor, variant()))
    with site.client() as client:
        response = client.post(
            f"/contributions/{contribution}/reject", json={"reason": None}, headers=bearer(maintainer)
        )
        after = client.get(f"/contributions/{contribution}", headers=bearer(contributor)).json()
    assert response.status_code == 422, response.text
    assert after["status"] == "pending" and after["reason"] is None


def test_review_body_that_is_not_a_reason_is_400(site: Site, contributor: str, maintainer: str) -> None:
    contribution = submitted_id(submit(site, contributor, variant()))
    deep = b"[" * 4000 + b"]" * 4000  # within the 10 kB a reason may take
    with site.client() as client:
        garbage = client.post(
            f"/contributions/{contribution}/reject",
            content=b"reason: x",
            headers={"Content-Type": "text/plain", **bearer(maintainer)},
        )
        nested = client.post(
            f"/contributions/{contribution}/reject",
            content=deep,
            headers={"Content-Type": "application/json", **bearer(maintainer)},
        )
        after = client.get(f"/contributions/{contribution}", headers=bearer(contributor)).json()
    assert garbage.status_code == 400 and "JSON" in garbage.json()["detail"]
    assert nested.status_code == 400, nested.text
    assert after["status"] == "pending"


def test_unknown_contribution_is_404(site: Site, maintainer: str) -> None:
    with site.client() as client:
        followed = client.get("/contributions/0123456789abcdef")
        accepted = client.post(
            "/contributions/0123456789abcdef/accept", json={"reason": "x"}, headers=bearer(maintainer)
        )
    assert followed.status_code == 404 and accepted.status_code == 404
    assert "0123456789abcdef" in followed.json()["detail"]


# -- the web form ----------------------------------------------------------------------------------


def test_contribute_form_renders(site: Site) -> None:
    with site.client() as client:
        english = client.get("/contribute")
        spanish = client.get("/contribute", params={"lang": "es"})
    assert english.status_code == 200 and english.headers["content-type"].startswith("text/html")
    assert 'enctype="multipart/form-data"' in english.text
    for field in ('name="token"', 'name="text"', 'name="media_type"', 'name="file"'):
        assert field in english.text
    assert "<option>text/turtle</option>" in english.text
    assert "Contribuir" in spanish.text


def test_contribute_form_submits(site: Site, contributor: str, maintainer: str) -> None:
    tag = uuid4().hex[:8]
    with site.client() as client:
        response = client.post(
            "/contribute",
            data={"token": contributor, "text": variant(tag).decode(), "media_type": "text/turtle", "message": "form"},
            files={"file": ("", b"", "application/octet-stream")},  # what a browser sends with no file chosen
        )
    assert response.status_code == 202, response.text
    assert response.headers["content-type"].startswith("text/html")
    found = re.search(r"<code>([0-9a-f]{16})</code>", response.text)
    assert found, response.text
    assert found.group(1) in all_ids(site, maintainer)
    with site.client() as client:
        detail = client.get(f"/contributions/{found.group(1)}", headers=bearer(contributor)).json()
    assert (
        detail["status"] == "pending" and detail["message"] == "form" and f"rigf-2010-{tag}" in detail["triples_text"]
    )


def test_contribute_form_with_an_invalid_contribution_shows_the_report(site: Site, contributor: str) -> None:
    with site.client() as client:
        response = client.post(
            "/contribute",
            data={"token": contributor, "text": INVALID.decode(), "media_type": "text/turtle"},
            files={"file": ("", b"", "application/octet-stream")},
        )
    assert response.status_code == 422
    assert "gg:endDate" in response.text


BOUNDARY = "----govgraph-test-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
MEGABYTE = b"x" * 2**20  # one buffer, sent again and again: the test never holds the upload


class Upload:
    """A form with `megabytes` of file, made while it is sent (the token first, as a browser sends it);
    `sent` counts the megabytes the server took before it stopped reading."""

    def __init__(self, token: str, megabytes: int):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="token"\r\n\r\n{token}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.ttl"\r\n'
            "Content-Type: text/turtle\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.megabytes, self.sent = megabytes, 0

    def __len__(self) -> int:
        return len(self.head) + self.megabytes * len(MEGABYTE) + len(self.tail)

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        for _ in range(self.megabytes):
            yield MEGABYTE
            self.sent += 1
        yield self.tail


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


class PeakMemory:
    """The most a process's resident memory grew above where it was, sampled every 10 ms while in use."""

    def __init__(self, pid: int):
        self.pid, self.growth = pid, 0.0

    def __enter__(self) -> PeakMemory:
        self._start, self._stop = rss_mb(self.pid), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.growth = max(self.growth, rss_mb(self.pid) - self._start)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.growth = max(self.growth, rss_mb(self.pid) - self._start)


def test_a_300_mb_upload_without_a_valid_token_is_refused_before_it_is_read(site: Site) -> None:
    """It was read whole first (Starlette spooled the file): 16 s, and the server grew from 155 MB to 1.3 GB."""
    upload = Upload("ggt_000000000000_not-a-secret", 300)
    with PeakMemory(site.server.process.pid) as memory, site.client() as client:
        started = time.monotonic()
        response = client.post("/contribute", content=upload, headers=MULTIPART)  # chunked: no Content-Length
        elapsed = time.monotonic() - started
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["connection"] == "close"  # the server stopped reading
    assert upload.sent < 50, f"the server took {upload.sent} MB before refusing"
    assert elapsed < 3, f"{elapsed:.1f} s"
    assert memory.growth < 20, f"the server grew by {memory.growth:.0f} MB"
    with site.client() as client:
        assert client.get("/health").status_code == 200


def test_a_declared_300_mb_upload_is_refused_at_once(site: Site) -> None:
    upload = Upload("ggt_000000000000_not-a-secret", 300)
    declared = {**MULTIPART, "Content-Length": str(len(upload)), "Accept": "text/html"}
    with PeakMemory(site.server.process.pid) as memory, site.client() as client:
        response = client.post("/contribute", params={"lang": "es"}, content=upload, headers=declared)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "supera el límite de 1\u00a0000\u00a0000 bytes" in response.text
    assert upload.sent < 50 and memory.growth < 20


@pytest.mark.parametrize(("accept", "media_type"), [("text/html", "text/html"), (None, "application/problem+json")])
def test_an_oversized_upload_with_a_token_is_413(limited: Site, accept: str | None, media_type: str) -> None:
    upload = Upload(limited.token(), 300)
    headers = {**MULTIPART, **({"Accept": accept} if accept else {})}
    with PeakMemory(limited.server.process.pid) as memory, limited.client() as client:
        started = time.monotonic()
        response = client.post("/contribute", content=upload, headers=headers)
        elapsed = time.monotonic() - started
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(media_type)
    if media_type == "text/html":
        assert "larger than the limit of 20,000 bytes" in response.text
        assert 'name="token"' in response.text  # the form, to try again
    else:
        assert response.json()["title"] == "Payload too large"
    assert upload.sent < 50 and elapsed < 3 and memory.growth < 20


@pytest.mark.parametrize(
    ("path", "content_type", "status"),
    [
        ("/contributions", "text/turtle", 401),
        ("/validate", "text/turtle", 413),
        ("/sparql", "application/sparql-query", 413),
        ("/contributions/0123456789abcdef/accept", "application/json", 401),
        ("/releases", "application/json", 401),
    ],
)
def test_every_route_that_reads_a_body_stops_at_its_limit(
    site: Site, path: str, content_type: str, status: int
) -> None:
    upload = Upload("", 300)
    with PeakMemory(site.server.process.pid) as memory, site.client() as client:
        response = client.post(path, content=upload, headers={"Content-Type": content_type})
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert upload.sent < 50 and memory.growth < 20


def test_the_form_takes_a_file_with_the_token_after_it(site: Site, contributor: str, maintainer: str) -> None:
    tag = uuid4().hex[:8]
    with site.client() as client:
        response = client.post(
            "/contribute",
            files={"file": ("igf.ttl", variant(tag), "text/turtle")},
            data={"media_type": "text/turtle", "token": contributor},
        )
    assert response.status_code == 202, response.text
    found = re.search(r"<code>([0-9a-f]{16})</code>", response.text)
    assert found and found.group(1) in all_ids(site, maintainer)


@pytest.mark.parametrize(("lang", "note"), [("en", "the first 20,000 characters"), ("es", "los primeros 20\u00a0000")])
def test_the_form_shows_at_most_20000_characters_of_the_text_again(
    site: Site, contributor: str, lang: str, note: str
) -> None:
    text = "# " + "z" * 60_000 + "\n" + INVALID.decode()
    with site.client() as client:
        response = client.post(
            "/contribute",
            params={"lang": lang},
            data={"token": contributor, "text": text, "media_type": "text/turtle"},
            headers={"Accept": "text/html"},
        )
    assert response.status_code == 422
    shown = re.search(r"<textarea[^>]*>(.*?)</textarea>", response.text, re.S)
    assert shown is not None and shown.group(1) == "# " + "z" * 19_998
    assert note in response.text
    assert len(response.text) < 40_000


def test_the_form_shows_a_short_text_whole_without_a_note(site: Site, contributor: str) -> None:
    with site.client() as client:
        response = client.post(
            "/contribute", data={"token": contributor, "text": INVALID.decode(), "media_type": "text/turtle"}
        )
    assert response.status_code == 422
    assert "gid:rigf-2010" in re.search(r"<textarea[^>]*>(.*?)</textarea>", response.text, re.S).group(1)  # type: ignore[union-attr]
    assert "characters of what you sent" not in response.text


def test_a_form_that_is_not_multipart_is_a_clear_problem(site: Site, contributor: str) -> None:
    with site.client() as client:
        broken = client.post("/contribute", content=b"--nope\r\n\r\n", headers=MULTIPART)
        no_boundary = client.post("/contribute", content=b"x", headers={"Content-Type": "multipart/form-data"})
        plain = client.post("/contribute", content=b"x", headers={"Content-Type": "text/plain"})
    assert (broken.status_code, no_boundary.status_code, plain.status_code) == (400, 400, 415)
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in (broken, no_boundary, plain))


# -- the `govgraph contribute` command -------------------------------------------------------------


def contribute(site: Site, file: Path, token: str) -> subprocess.CompletedProcess[str]:
    return govgraph("contribute", str(file), "--server", site.base_url, "--token", token, timeout=120, COLUMNS="200")


def test_cli_contribute_valid_example(site: Site, contributor: str, maintainer: str) -> None:
    result = contribute(site, ROOT / "examples" / "contribution.ttl", contributor)
    assert result.returncode == 0, result.stdout + result.stderr
    found = re.search(r"/contributions/([0-9a-f]{16})", result.stdout)
    assert found and "pending review" in result.stdout
    assert found.group(1) in all_ids(site, maintainer)


def test_cli_contribute_invalid_example(site: Site, contributor: str) -> None:
    result = contribute(site, ROOT / "examples" / "invalid-contribution.ttl", contributor)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "gid:rigf-2010" in result.stdout and "gg:endDate" in result.stdout


def test_cli_contribute_with_a_bad_token(site: Site) -> None:
    result = contribute(site, ROOT / "examples" / "contribution.ttl", "ggt_000000000000_not-a-secret")
    assert result.returncode == 2
    assert "token is not valid" in result.stderr
    assert "Traceback" not in result.stderr


# -- durability ------------------------------------------------------------------------------------


def test_published_contribution_survives_a_crash_and_a_rebuild(
    repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    own = Site(tmp_path_factory.mktemp("contrib-crash"), repo_settings.store, {})
    try:
        maintainer = own.token("maintainer", "M")
        contribution = submitted_id(submit(own, maintainer, variant("crash")))
        with own.client() as client:
            assert client.post(f"/contributions/{contribution}/accept", headers=bearer(maintainer)).status_code == 200
        graph = f"https://w3id.org/govgraph/graph/contribution/{contribution}"
        published = f"ASK {{ GRAPH <{graph}> {{ <{GID}rigf-2010-crash> a gg:Meeting }} }}"
        assert site_asks(own, published)

        own.kill()  # no clean shutdown
        own.start()
        assert site_asks(own, published)
        with own.client() as client:
            assert client.get(f"/contributions/{contribution}").json()["status"] == "accepted"
        own.stop()

        rebuilt = govgraph("build", "--store", str(own.store), cwd=ROOT, GOVGRAPH_JOURNAL=str(own.journal))
        assert rebuilt.returncode == 0, rebuilt.stderr
        own.start()
        assert site_asks(own, published)
        assert site_asks(own, f"ASK {{ gid:igf-russia gg:hasMeeting <{GID}rigf-2010-crash> }}")
        assert site_asks(own, f"ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{graph}> prov:wasDerivedFrom ?c }} }}")
    finally:
        own.stop()
