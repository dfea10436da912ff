"""The embedded store: real pyoxigraph on disk, reopened after close, with limits that hold."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from govgraph.errors import QuerySyntaxError, QueryTimeout, RdfSyntaxError, StoreUnavailable
from govgraph.formats import RESULT_FORMATS
from govgraph.formats.writers import serialize
from govgraph.store import EmbeddedStore, Term

TURTLE = b"""@prefix ex: <http://example.org/> .
ex:igf ex:label "IGF"@en ; ex:edition 20 .
ex:wsis ex:label "WSIS"@en .
"""


def test_graphs_survive_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    assert store.replace_graph("http://example.org/g1", TURTLE, "turtle") == 3
    store.add_triples("http://example.org/g2", [(Term("uri", "http://example.org/a"),) * 3])
    store.close()

    reopened = EmbeddedStore(path, read_only=True)
    assert reopened.triple_count() == 4
    assert [(g.iri, g.triples) for g in reopened.graphs()] == [
        ("http://example.org/g1", 3),
        ("http://example.org/g2", 1),
    ]
    reopened.close()


def test_default_graph_is_the_union_of_named_graphs(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g1", b"<http://x/a> <http://x/p> <http://x/b> .", "ntriples")
    store.replace_graph("http://example.org/g2", b"<http://x/b> <http://x/p> <http://x/c> .", "ntriples")
    result = store.query("SELECT ?end WHERE { <http://x/a> <http://x/p>/<http://x/p> ?end }")
    assert result.records() == [{"end": Term("uri", "http://x/c")}]


def test_replace_graph_replaces_only_that_graph(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g1", TURTLE, "turtle")
    store.replace_graph("http://example.org/g2", TURTLE, "turtle")
    store.replace_graph("http://example.org/g1", b"<http://x/a> <http://x/p> 1 .", "turtle")
    assert {g.iri: g.triples for g in store.graphs()} == {"http://example.org/g1": 1, "http://example.org/g2": 3}


def test_query_kinds_and_terms(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g", TURTLE, "turtle")
    select = store.query(
        "SELECT ?label ?n WHERE { ?s <http://example.org/label> ?label "
        "OPTIONAL { ?s <http://example.org/edition> ?n } } ORDER BY ?label"
    )
    assert select.kind == "select" and select.variables == ["label", "n"]
    assert select.rows[0] == (
        Term("literal", "IGF", lang="en"),
        Term("literal", "20", datatype="http://www.w3.org/2001/XMLSchema#integer"),
    )
    assert select.rows[1] == (Term("literal", "WSIS", lang="en"), None)
    assert store.query("ASK { ?s ?p 20 }").boolean is True
    graph = store.query("CONSTRUCT WHERE { ?s <http://example.org/edition> ?o }")
    assert graph.kind == "graph" and len(graph.triples) == 1


def test_bindings_are_terms_not_text(tmp_path: Path) -> None:
    """A bound value that looks like SPARQL stays a value: it matches nothing and injects nothing."""
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g", TURTLE, "turtle")
    query = "SELECT ?s ?label WHERE { ?s <http://example.org/label> ?label }"
    assert len(store.query(query, bindings={"label": Term("literal", "IGF", lang="en")})) == 1
    hostile = Term("literal", '"IGF"@en } UNION { ?s ?p ?label', lang="en")
    assert len(store.query(query, bindings={"label": hostile})) == 0


def test_max_rows_truncates_and_says_so(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    result = store.query("SELECT ?i WHERE { VALUES ?i { 1 2 3 4 5 } }", max_rows=3)
    assert len(result.rows) == 3 and result.truncated
    assert not store.query("SELECT ?i WHERE { VALUES ?i { 1 2 } }", max_rows=3).truncated


def test_slow_query_stops_at_the_time_limit(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    rows = " ".join(f"<http://x/{i}> <http://x/p> {i} ." for i in range(300))
    store.replace_graph("http://example.org/g", rows.encode(), "turtle")
    # 27 million combinations: a couple of seconds of work, far beyond the 0.2 s allowed.
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    with pytest.raises(QueryTimeout) as raised:
        store.query(explosive, timeout=0.2)
    assert "0.2 s" in raised.value.message
    # The evaluation itself stopped (no query thread left running), and the store answers at once.
    time.sleep(0.5)
    assert not [t for t in threading.enumerate() if t.name == "govgraph-query"]
    assert store.query("ASK { ?s ?p 1 }", timeout=2).boolean is True


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } } }",
        "SELECT * { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
        "ASK { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . FILTER (?b + ?d + ?f = -1) }",
        "CONSTRUCT { ?a ?p ?f } WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
    ],
)
def test_every_query_form_is_held_to_the_limit(tmp_path: Path, query: str) -> None:
    store = EmbeddedStore(tmp_path / "s")
    rows = " ".join(f"<http://x/{i}> <http://x/p> {i} ." for i in range(300))
    store.replace_graph("http://example.org/g", rows.encode(), "turtle")
    for run in (
        lambda: store.query(query, timeout=0.3, max_rows=10_000_000),
        lambda: store.query_bytes(query, "json" if "CONSTRUCT" not in query else "turtle", timeout=0.3, max_rows=10**7),
    ):
        started = time.perf_counter()
        with pytest.raises(QueryTimeout):
            run()
        assert time.perf_counter() - started < 1.5


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv", "csv"])
def test_answers_written_by_the_engine_match_govgraphs_own(tmp_path: Path, fmt: str) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g", TURTLE, "turtle")
    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <http://x/none> ?none } } ORDER BY ?s ?o"
    served = store.query_bytes(query, fmt, max_rows=100)
    written = serialize(store.query(query, max_rows=100), fmt)[0]
    assert served is not None and not served.truncated
    if fmt == "csv":  # no parser for CSV: the same cells, line by line
        assert served.body.decode().splitlines() == written.decode().splitlines()
    else:
        assert parsed_rows(served.body, fmt) == parsed_rows(written, fmt)


def parsed_rows(body: bytes, fmt: str) -> list[tuple]:
    results = ox.parse_query_results(body, format=RESULT_FORMATS[fmt])
    return [tuple(solution[v] for v in results.variables) for solution in results]


def test_engine_written_answers_are_cut_at_the_row_cap(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g", TURTLE, "turtle")
    cut = store.query_bytes("SELECT ?i WHERE { VALUES ?i { 1 2 3 4 5 } }", "tsv", max_rows=3)
    assert cut.truncated and cut.body.decode().splitlines() == ["?i", "1", "2", "3"]
    whole = store.query_bytes("SELECT ?i WHERE { VALUES ?i { 1 2 3 } } LIMIT 50", "json", max_rows=3)
    assert not whole.truncated and len(json.loads(whole.body)["results"]["bindings"]) == 3
    graph = store.query_bytes("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "turtle", max_rows=2)
    assert graph.truncated and len(list(ox.parse(graph.body, format=ox.RdfFormat.TURTLE))) == 2
    asked = store.query_bytes("ASK { ?s ?p 20 }", "json", max_rows=1)
    assert json.loads(asked.body)["boolean"] is True and not asked.truncated


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://example.org/igf> }",  # LIMIT would go before VALUES
        "DESCRIBE <http://example.org/igf>",  # no group to put a LIMIT after
        "SELECT ?s WHERE { ?s ?p }",  # does not parse: `query` reports it as written
    ],
)
def test_engine_written_answers_leave_the_rest_to_query(tmp_path: Path, query: str) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g", TURTLE, "turtle")
    assert store.query_bytes(query, "json", max_rows=10) is None


def test_the_deadline_check_changes_no_answer(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph("http://example.org/g", TURTLE, "turtle")
    for query in [
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
        "SELECT * { ?s <http://example.org/label> ?l OPTIONAL { ?s <http://example.org/edition> ?e } } ORDER BY ?l",
        "ASK { ?s <http://example.org/edition> 20 }",
        "CONSTRUCT WHERE { ?s <http://example.org/edition> ?o }",
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
    ]:
        unguarded = store.query(query)
        guarded = store.query(query, timeout=5)
        assert (guarded.rows, guarded.boolean, guarded.triples) == (
            unguarded.rows,
            unguarded.boolean,
            unguarded.triples,
        )


def test_syntax_errors_carry_the_position(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    with pytest.raises(QuerySyntaxError) as raised:
        store.query("SELECT ?s WHERE { ?s ?p }")
    assert "line 1, column" in raised.value.message
    with pytest.raises(RdfSyntaxError) as bad_rdf:
        store.replace_graph("http://example.org/g", b'<http://x/a> <http://x/p> "open .\n', "ntriples")
    assert bad_rdf.value.details["line"] == 1


def test_a_second_writer_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s"
    first = EmbeddedStore(path)
    with pytest.raises(StoreUnavailable) as raised:
        EmbeddedStore(path)
    assert "Cannot open the store" in raised.value.message
    first.close()


def test_reads_from_memory_see_every_write_and_the_disk_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "store"
    EmbeddedStore(path).close()
    store = EmbeddedStore(path, in_memory=True)
    assert store.in_memory
    store.replace_graph("http://example.org/g1", TURTLE + b"ex:igf ex:seat [ ex:city ex:geneva ] .\n", "turtle")
    store.replace_graph("http://example.org/g2", TURTLE, "turtle")
    store.add_triples("http://example.org/g3", [(Term("uri", "http://example.org/a"),) * 3])
    store.update("DELETE WHERE { GRAPH <http://example.org/g1> { ?s <http://example.org/edition> ?o } }")
    store.update("DROP GRAPH <http://example.org/g2>")
    lines = b"<http://example.org/b> <http://example.org/p> <http://example.org/c> .\n" * 2
    assert store.bulk_load(io.BytesIO(lines), ox.RdfFormat.N_TRIPLES, "http://example.org/g3") == 1
    seen = set(ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS))
    graphs = [(g.iri, g.triples) for g in store.graphs()]
    assert graphs == [("http://example.org/g1", 4), ("http://example.org/g3", 2)]
    assert store.triple_count() == 6 and len(seen) == 6
    store.close()

    on_disk = EmbeddedStore(path, read_only=True)
    assert not on_disk.in_memory
    assert set(ox.parse(on_disk.dump("nquads"), format=ox.RdfFormat.N_QUADS)) == seen  # blank nodes too
    on_disk.close()


def test_reads_from_memory_answer_like_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = EmbeddedStore(path)
    writer.replace_graph("http://example.org/g1", TURTLE, "turtle")
    writer.close()
    query = "SELECT ?s ?label WHERE { ?s <http://example.org/label> ?label } ORDER BY ?s"
    disk, memory = EmbeddedStore(path, read_only=True), EmbeddedStore(path, read_only=True, in_memory=True)
    assert memory.query(query).rows == disk.query(query).rows
    assert len(memory.query(query).rows) == 2
    assert memory.query_bytes(query, "json", max_rows=10) == disk.query_bytes(query, "json", max_rows=10)
    disk.close()
    memory.close()
