"""The command line, run as a person runs it: a real process, real exit codes, real output."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
from pathlib import Path

import pytest
import rdflib

from govgraph.settings import Settings
from tests.fixtures import ROOT, govgraph

VALID = """@prefix gg: <https://w3id.org/govgraph/ontology#> . @prefix gid: <https://w3id.org/govgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
gid:case-meeting a gg:Meeting ; rdfs:label "Case meeting"@en , "Reunión de prueba"@es ;
    gg:meetingOf gid:case-forum ; gg:startDate "2024-05-01"^^xsd:date ; dct:source <https://example.org/s> .
gid:case-forum a gg:Forum ; rdfs:label "Case forum"@en , "Foro de prueba"@es ; dct:source <https://example.org/s> .
"""


def test_help_lists_every_command() -> None:
    result = govgraph("--help")
    assert result.returncode == 0
    for command in ("build", "serve", "query", "validate", "check"):
        assert command in result.stdout


def test_build_prints_counts(tmp_path: Path) -> None:
    result = govgraph("build", "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    assert "asserted" in result.stdout and "inferred" in result.stdout
    assert "Valid against the shapes" in result.stdout


def test_query_formats(repo_settings: Settings) -> None:
    sparql = "SELECT ?forum ?label WHERE { ?forum a gg:Forum ; rdfs:label ?label FILTER (LANG(?label) = 'en') }"
    store = repo_settings.store
    table = govgraph("query", sparql, store=store)
    assert table.returncode == 0 and "gid:igf" in table.stdout and "row(s)" in table.stdout

    as_json = json.loads(govgraph("query", sparql, "--format", "json", store=store).stdout)
    forums = {b["forum"]["value"] for b in as_json["results"]["bindings"]}
    assert "https://w3id.org/govgraph/id/igf" in forums

    rows = list(csv.reader(io.StringIO(govgraph("query", sparql, "--format", "csv", store=store).stdout)))
    assert rows[0] == ["forum", "label"] and len(rows) - 1 == len(forums)

    tsv = govgraph("query", sparql, "--format", "tsv", store=store).stdout.splitlines()
    assert tsv[0] == "?forum\t?label" and "<https://w3id.org/govgraph/id/igf>" in "\n".join(tsv)

    turtle = govgraph("query", "CONSTRUCT WHERE { gid:igf a ?type }", "--format", "turtle", store=store).stdout
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/govgraph/id/igf"), rdflib.RDF.type, None) in graph


def test_query_from_a_file(repo_settings: Settings, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("ASK { gid:igf a gg:Forum }")
    result = govgraph("query", "--file", str(query), store=repo_settings.store)
    assert result.returncode == 0 and result.stdout.strip() == "true"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error at line 1, column"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE is a SPARQL update"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_bad_queries_fail_with_one_clear_line(repo_settings: Settings, query: str, expected: str) -> None:
    result = govgraph("query", query, store=repo_settings.store)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("error: ") and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_query_without_a_store_says_how_to_build_one(tmp_path: Path) -> None:
    result = govgraph("query", "ASK {}", store=tmp_path / "nothing")
    assert result.returncode == 2 and "govgraph build" in result.stderr


def test_validate_a_conforming_file(repo_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "good.ttl"
    path.write_text(VALID)
    result = govgraph("validate", str(path), store=repo_settings.store)
    assert result.returncode == 0, result.stdout
    assert "Conforms" in result.stdout


def test_validate_reports_each_violation(repo_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(
        VALID.replace('"2024-05-01"^^xsd:date', '"May 2024"').replace('"Reunión de prueba"@es', '"Sin idioma"')
    )
    result = govgraph("validate", str(path), store=repo_settings.store)
    assert result.returncode == 1
    assert "gid:case-meeting" in result.stdout
    assert "path:    gg:startDate" in result.stdout and 'value:   "May 2024"' in result.stdout
    assert "Needs an rdfs:label in Spanish" in result.stdout
    spanish = govgraph("validate", str(path), "--lang", "es", store=repo_settings.store)
    assert "Falta una rdfs:label en español" in spanish.stdout


def test_validate_uses_the_published_graph_as_context(repo_settings: Settings, tmp_path: Path) -> None:
    """A new meeting of the existing IGF validates: gid:igf's type comes from the store."""
    path = tmp_path / "meeting.ttl"
    path.write_text(VALID.split("gid:case-forum a gg:Forum")[0].replace("gid:case-forum", "gid:igf"))
    result = govgraph("validate", str(path), store=repo_settings.store)
    assert result.returncode == 0, result.stdout


def test_validate_malformed_turtle_gives_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(VALID + 'gid:case-forum rdfs:comment "never closed .\n')
    result = govgraph("validate", str(path))
    assert result.returncode == 2
    assert f"{path}, line 7, column" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_refuses_unknown_files(tmp_path: Path) -> None:
    assert govgraph("validate", str(tmp_path / "missing.ttl")).returncode == 2
    odd = tmp_path / "data.docx"
    odd.write_text("x")
    result = govgraph("validate", str(odd))
    assert result.returncode == 2 and "extension" in result.stderr


def test_check_passes_on_the_repository_data(repo_settings: Settings) -> None:
    result = govgraph("check", store=repo_settings.store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shapes: Conforms" in result.stdout
    assert "owl: Consistent." in result.stdout
    assert all(line.endswith(": ok") for line in result.stdout.splitlines() if line.startswith("qc "))


def test_ontology_dir_is_the_repository_one() -> None:
    assert Settings.from_env(environ={}).ontology_dir == ROOT / "ontology"


def test_the_example_contributions(repo_settings: Settings) -> None:
    good = govgraph("validate", str(ROOT / "examples" / "contribution.ttl"), store=repo_settings.store)
    assert good.returncode == 0, good.stdout
    bad = govgraph("validate", str(ROOT / "examples" / "invalid-contribution.ttl"), store=repo_settings.store)
    assert bad.returncode == 1
    for expected in (
        "Needs an rdfs:label in Spanish",
        "Needs gg:stakeholderGroup",
        "dct:source must be an IRI",
        "A meeting needs gg:meetingOf pointing to its forum or process",
        "gg:endDate 2010-05-13 is before gg:startDate 2010-05-14",
        "gg:editionNumber must be one xsd:integer",
        "gg:location must point to a gg:Place",
    ):
        assert expected in bad.stdout, expected


def test_ask_answers_and_refuses_bad_arguments(repo_settings: Settings) -> None:
    store = repo_settings.store
    good = govgraph("ask", "who-hosted-igf", "--year", "2015", "--format", "csv", store=store)
    assert good.returncode == 0 and "https://w3id.org/govgraph/id/government-br" in good.stdout
    for args, expected in [
        (("ask", "who-hosted-igf", "--year", "20x5"), "Parameter 'year' must be a whole number"),
        (("ask", "who-hostd-igf"), "Did you mean 'who-hosted-igf'?"),
        (("ask", "who-hosted-igf", "--year"), "--year needs a value"),
        (("ask", "who-hosted-igf", "2015"), "Unexpected argument '2015'"),
    ]:
        result = govgraph(*args, store=store)
        assert result.returncode == 2, args
        assert expected in result.stderr and "Traceback" not in result.stderr


def test_token_revoke_of_an_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    env_store = tmp_path / "store"
    result = govgraph("token", "revoke", "nope", "--store", str(env_store))
    assert result.returncode == 2 and "No active token" in result.stderr


def test_load_refuses_bad_files_with_one_line_and_loads_nothing(repo_settings: Settings, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(repo_settings.store, store)
    broken = tmp_path / "broken.nt"
    broken.write_text('<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> "unterminated .\n')
    (tmp_path / "table.csv").write_text("a,b\n")
    for path, says in [
        (tmp_path / "missing.nt", "No file at"),
        (tmp_path / "table.csv", "Cannot tell the format"),
        (broken, "broken.nt, line 2, column"),
    ]:
        result = govgraph("load", str(path), store=store)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
    loaded = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (CONTAINS(STR(?g), "/graph/load/")) }'
    assert (
        json.loads(govgraph("query", loaded, "--format", "json", store=store).stdout)["results"]["bindings"][0]["n"][
            "value"
        ]
        == "0"
    )


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("serve", "--workers", "0"), "--workers 0 is not valid: must be greater than 0."),
        (("serve", "--port", "70000"), "--port 70000 is not valid: must be between 1 and 65535."),
        (("contribute", "x.ttl", "--token", "t", "--server", "ftp://host"), "--server ftp://host is not valid"),
        (("query", "ASK {}", "--store", "http://host:8890/sparql"), "--store http://host:8890/sparql is not valid"),
    ],
)
def test_options_are_checked_as_the_variables_are(tmp_path: Path, args: tuple[str, ...], option: str) -> None:
    (tmp_path / "x.ttl").write_text(VALID)
    result = govgraph(*args, store=tmp_path / "none", cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {option}"), result.stderr
    assert "Traceback" not in result.stderr and "govgraph on http" not in result.stderr


def test_serve_on_a_port_in_use_says_so_in_one_line_before_anything_else(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = govgraph("serve", "--port", str(port), store=tmp_path / "store")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: Port {port} on 127.0.0.1 is already in use; choose another with --port or GOVGRAPH_PORT."]
    assert not (tmp_path / "store").exists()  # nothing was built for a server that could not start


def test_contribute_sends_to_the_server_the_settings_name(tmp_path: Path) -> None:
    path = tmp_path / "c.ttl"
    path.write_text(VALID)
    with socket.socket() as closed:  # a port nothing listens on, so the address shows in the error
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    for env, option, expected in [
        ({"GOVGRAPH_SERVER": f"http://127.0.0.1:{port}/"}, (), f"http://127.0.0.1:{port}"),
        ({"GOVGRAPH_PORT": str(port)}, (), f"http://127.0.0.1:{port}"),
        (
            {"GOVGRAPH_SERVER": "http://127.0.0.1:1"},
            ("--server", f"http://localhost:{port}"),
            f"http://localhost:{port}",
        ),
    ]:
        result = govgraph("contribute", str(path), "--token", "t", *option, **env)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"error: Cannot reach {expected}:"), result.stderr
