"""The read-only guard in front of every public query."""

from __future__ import annotations

import pytest

from govgraph.errors import QueryRefused
from govgraph.sparql import check_read_only, with_row_limit

ALLOWED = [
    'SELECT * WHERE { ?s ?p "DROP TABLE" }',
    "PREFIX x: <http://example.org/INSERT/> SELECT * WHERE { ?s x:DELETE ?o }",
    "# DELETE everything\nASK {}",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "DESCRIBE <http://example.org/LOAD>",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
]
REFUSED = [
    ("INSERT DATA { <http://x/a> <http://x/b> 1 }", "INSERT"),
    ("PREFIX : <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("drop graph <http://x/g>", "DROP"),
    ("WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * { service silent <http://x/> { ?s ?p ?o } }", "SERVICE"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_reads_pass(query: str) -> None:
    check_read_only(query, 10_000)


@pytest.mark.parametrize(("query", "keyword"), REFUSED)
def test_writes_and_federation_are_refused(query: str, keyword: str) -> None:
    with pytest.raises(QueryRefused) as raised:
        check_read_only(query, 10_000)
    assert keyword in raised.value.message
    assert raised.value.status == 400


def test_oversized_query_is_refused_before_parsing() -> None:
    with pytest.raises(QueryRefused, match="limit is 100"):
        check_read_only("SELECT * WHERE { ?s ?p ?o }" + " " * 200, 100)


def test_a_limit_of_thousands_of_digits_is_cut_to_the_cap() -> None:
    """int() refuses a text of more than 4,300 digits: such a LIMIT was a 503 naming Python's own limit."""
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT " + "9" * 5000
    assert with_row_limit(query, 100) == "SELECT * WHERE { ?s ?p ?o } LIMIT 100"
    assert with_row_limit("SELECT * WHERE { ?s ?p ?o } LIMIT 7", 100) == "SELECT * WHERE { ?s ?p ?o } LIMIT 7"
