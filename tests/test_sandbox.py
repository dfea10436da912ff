"""Query workers reading copies in memory: a replacement answers at once, a change is seen at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from govgraph.errors import QueryTimeout
from govgraph.store import EmbeddedStore, Term
from govgraph.store.sandbox import QueryWorkers

ROWS = " ".join(f"<http://example.org/{i}> <http://example.org/p> {i} ." for i in range(300))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?h ?i }"


def count(workers: QueryWorkers) -> int:
    return int(workers.query(COUNT, timeout=5).rows[0][0].value)  # type: ignore[union-attr]


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    written = EmbeddedStore(tmp_path / "store")
    written.replace_graph("http://example.org/g", ROWS.encode(), "turtle")
    return written


def test_a_worker_killed_at_the_limit_is_replaced_by_one_that_answers_at_once(store: EmbeddedStore) -> None:
    workers = QueryWorkers(store.location, 1, in_memory=True)  # type: ignore[arg-type]
    try:
        workers.wait_ready()
        assert count(workers) == 300
        started = time.perf_counter()
        with pytest.raises(QueryTimeout):
            workers.query(CROSS, timeout=0.2)
        assert time.perf_counter() - started < 3
        assert count(workers) == 300  # the replacement reads the disk until its copy is loaded
        time.sleep(0.5)
        assert count(workers) == 300  # and its copy afterwards
    finally:
        workers.close()


def test_a_change_is_seen_by_the_next_query(store: EmbeddedStore) -> None:
    workers = QueryWorkers(store.location, 2, in_memory=True)  # type: ignore[arg-type]
    try:
        workers.wait_ready()
        assert count(workers) == 300
        store.add_triples(
            "http://example.org/g2", [(Term("uri", "http://example.org/x"),) * 2 + (Term("literal", "1"),)]
        )
        store.flush()
        workers.changed()
        assert [count(workers) for _ in range(4)] == [300] * 4  # the predicate differs: nothing new yet
        store.add_triples(
            "http://example.org/g2",
            [(Term("uri", "http://example.org/y"), Term("uri", "http://example.org/p"), Term("literal", "2"))],
        )
        store.flush()
        workers.changed()
        assert [count(workers) for _ in range(4)] == [301] * 4
        time.sleep(0.5)
        assert count(workers) == 301  # the copy loaded after the change has it too
    finally:
        workers.close()
