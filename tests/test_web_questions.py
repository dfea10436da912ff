"""The named-question API over real HTTP: catalogue, answers in JSON/CSV/HTML, errors, OpenAPI."""

from __future__ import annotations

import csv
import io

import httpx

from tests.fixtures import Server


def test_catalogue_lists_every_question_in_both_languages(server: Server, repo_settings) -> None:  # type: ignore[no-untyped-def]
    english = httpx.get(f"{server.base_url}/questions").json()["questions"]
    spanish = httpx.get(f"{server.base_url}/questions", params={"lang": "es"}).json()["questions"]
    files = {p.stem for p in repo_settings.queries_dir.glob("*.rq")}
    assert {q["id"] for q in english} == files
    hosted = next(q for q in spanish if q["id"] == "who-hosted-igf")
    assert hosted["title"] == "¿Quién acogió el IGF en un año dado?"
    assert hosted["params"][0]["name"] == "year" and hosted["params"][0]["required"] is True


def test_answer_as_json_with_labels_and_sources(server: Server) -> None:
    response = httpx.get(
        f"{server.base_url}/questions/who-hosted-igf", params={"year": 2015, "sources": "true", "lang": "es"}
    )
    assert response.status_code == 200
    body = response.json()
    row = body["rows"][0]
    assert row["meeting"]["value"] == "https://w3id.org/govgraph/id/igf-2015"
    assert row["host"]["label"] == "Gobierno de Brasil"
    assert row["start"]["value"] == "2015-11-10"
    assert all(url.startswith("http") for url in row["sources"]["value"].split())
    assert body["params"] == {"year": "2015"}


def test_answer_as_csv_has_label_columns(server: Server) -> None:
    text = httpx.get(f"{server.base_url}/questions/who-hosted-igf", params={"year": 2019, "format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["host"] == "https://w3id.org/govgraph/id/government-de"
    assert rows[0]["host_label"] == "Government of Germany"


def test_answer_as_html_for_browsers(server: Server) -> None:
    response = httpx.get(
        f"{server.base_url}/questions/who-hosted-igf",
        params={"year": 2019, "lang": "es"},
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="es">' in response.text
    assert "Gobierno de Alemania" in response.text and "<caption>" in response.text


def test_question_errors(server: Server) -> None:
    missing = httpx.get(f"{server.base_url}/questions/who-hosted-igf")
    assert missing.status_code == 422 and missing.json()["parameter"] == "year"
    mistyped = httpx.get(f"{server.base_url}/questions/who-hosted-igf", params={"year": "2015 } UNION { ?s ?p ?o"})
    assert mistyped.status_code == 422 and "year" in mistyped.json()["detail"]
    unknown = httpx.get(f"{server.base_url}/questions/who-hostd-igf")
    assert unknown.status_code == 404
    assert "Did you mean 'who-hosted-igf'?" in unknown.json()["detail"]
    bad_format = httpx.get(f"{server.base_url}/questions/who-hosted-igf", params={"year": 2015, "format": "pdf"})
    assert bad_format.status_code == 422 and bad_format.json()["parameter"] == "format"


def test_each_question_is_in_the_openapi_document(server: Server) -> None:
    spec = httpx.get(f"{server.base_url}/openapi.json").json()
    operation = spec["paths"]["/questions/who-hosted-igf"]["get"]
    year = next(p for p in operation["parameters"] if p["name"] == "year")
    assert year["required"] is True and year["schema"]["type"] == "integer"
    questions = [p for p in spec["paths"] if p.startswith("/questions/")]
    catalogue = httpx.get(f"{server.base_url}/questions").json()["questions"]
    assert len(questions) == len(catalogue)
