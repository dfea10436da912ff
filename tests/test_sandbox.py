"""Query workers reading snapshots (in memory): a replacement answers at once, a change is seen at once, a
snapshot that cannot be opened is tried again and reported, never fatal."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from govgraph.errors import QueryTimeout
from govgraph.store import EmbeddedStore, Term
from govgraph.store.sandbox import QueryWorkers
from govgraph.store.snapshots import Snapshots

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


def snapshot(store: EmbeddedStore) -> Path:
    return Snapshots(store.location).take(store)  # type: ignore[arg-type]


def test_a_worker_killed_at_the_limit_is_replaced_by_one_that_answers_at_once(store: EmbeddedStore) -> None:
    workers = QueryWorkers(snapshot(store), 1, in_memory=True)
    try:
        workers.wait_ready()
        assert count(workers) == 300
        started = time.perf_counter()
        with pytest.raises(QueryTimeout):
            workers.query(CROSS, timeout=0.2)
        assert time.perf_counter() - started < 3
        assert count(workers) == 300  # the replacement reads the disk until its copy is loaded
        time.sleep(2.0)  # past the settling moment and the copy
        assert count(workers) == 300  # and its copy afterwards
    finally:
        workers.close()


def test_a_change_is_seen_by_the_next_query(store: EmbeddedStore) -> None:
    workers = QueryWorkers(snapshot(store), 2, in_memory=True)
    try:
        workers.wait_ready()
        assert count(workers) == 300
        store.add_triples(
            "http://example.org/g2", [(Term("uri", "http://example.org/x"),) * 2 + (Term("literal", "1"),)]
        )
        workers.changed(snapshot(store))
        assert [count(workers) for _ in range(4)] == [300] * 4  # the predicate differs: nothing new yet
        store.add_triples(
            "http://example.org/g2",
            [(Term("uri", "http://example.org/y"), Term("uri", "http://example.org/p"), Term("literal", "2"))],
        )
        workers.changed(snapshot(store))
        assert [count(workers) for _ in range(4)] == [301] * 4
        time.sleep(2.0)  # past the settling moment and the copy
        assert count(workers) == 301  # the copy loaded after the change has it too
    finally:
        workers.close()


def test_a_snapshot_that_cannot_be_opened_is_tried_again_and_reported(store: EmbeddedStore, tmp_path: Path) -> None:
    missing = tmp_path / "store.snapshots" / "0000000099"
    workers = QueryWorkers(missing, 1, in_memory=True)
    try:
        workers.wait_ready(timeout=2)
        status = workers.status()
        assert (status.failing, status.serving, status.can_serve) == (1, 0, False)
        assert "0000000099" in (status.last_error or "")
        workers.changed(snapshot(store))  # the writer publishes one: the next attempt opens it
        assert count(workers) == 300
        assert workers.status().failing == 0
    finally:
        workers.close()


def test_snapshots_nobody_reads_are_removed_and_a_held_one_is_kept(store: EmbeddedStore) -> None:
    snapshots = Snapshots(store.location)  # type: ignore[arg-type]
    first = snapshots.take(store)
    workers = QueryWorkers(first, 1, in_memory=False)  # reads the files: holds the snapshot
    try:
        workers.wait_ready()
        assert count(workers) == 300
        second = snapshots.take(store)
        assert first.exists()  # still read
        workers.changed(second)
        assert count(workers) == 300
        third = snapshots.take(store)
        assert (first.exists(), second.exists(), third.exists()) == (False, True, True)
        workers.changed(third)
        assert count(workers) == 300
        fourth = snapshots.take(store)
        assert sorted(p.name for p in snapshots.root.iterdir()) == [third.name, fourth.name]
    finally:
        workers.close()
