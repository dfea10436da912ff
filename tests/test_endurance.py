"""The endpoint keeps answering however many contributions are accepted, and a crash at any moment of an
accept leaves every graph as a clean rebuild from the journal would make it."""

from __future__ import annotations

import random
import shutil
import statistics
import threading
import time
from pathlib import Path

import httpx

from bench.stores import build_store
from govgraph.contributions.workflow import republish
from govgraph.loader import build
from govgraph.namespaces import INFERRED_GRAPH
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.snapshots import snapshots_directory
from tests.fixtures import ROOT, city, create_token, kill_server, start_server, stop_server

QUERY_TIMEOUT = 2.0  # seconds: a worker opening the store inside a query's time would fail it


def accept(client: httpx.Client, contributor: str, maintainer: str, n: int) -> str:
    submitted = client.post(
        "/contributions",
        content=city(n),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {contributor}"},
    )
    assert submitted.status_code == 202, submitted.text
    contribution = submitted.json()["id"]
    accepted = client.post(
        f"/contributions/{contribution}/accept",
        json={"reason": "ok"},
        headers={"Authorization": f"Bearer {maintainer}"},
    )
    assert accepted.status_code == 200, accepted.text
    return contribution


def published(client: httpx.Client, n: int) -> httpx.Response:
    return client.get(
        "/sparql",
        params={"query": f"ASK {{ gid:case-city-{n} a gg:City }}"},
        headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"},
    )


def test_a_thousand_accepts_in_a_row_and_sparql_answers_after_each(repo_settings: Settings, tmp_path: Path) -> None:
    store, journal = tmp_path / "store", tmp_path / "journal.sqlite3"
    shutil.copytree(repo_settings.store, store)
    contributor = create_token(journal, "contributor", "contributor", store=store)
    maintainer = create_token(journal, "maintainer", "maintainer", store=store)
    env = {
        "GOVGRAPH_JOURNAL": str(journal),
        "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "100000",
        "GOVGRAPH_QUERY_TIMEOUT": str(QUERY_TIMEOUT),
    }
    server = start_server(store, extra_env=env)
    latencies: list[float] = []
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            for n in range(1, 1001):
                accept(client, contributor, maintainer, n)
                started = time.perf_counter()
                answer = published(client, n)
                latencies.append(time.perf_counter() - started)
                assert answer.status_code == 200, f"after {n} accepts: {answer.text}"
                assert answer.json()["boolean"] is True, f"accept {n} is not seen by the next query"
                if n % 100 == 0:
                    health = client.get("/health").json()
                    assert health["status"] == "ok" and health["query_workers"]["failing"] == 0, health
    finally:
        stop_server(server)
    # The query after the 1,000th accept costs what it did after the first ones (it grew with the log).
    first, last = statistics.median(latencies[:100]), statistics.median(latencies[-100:])
    assert last < 3 * first, f"/sparql after an accept: {first * 1000:.0f} ms at first, {last * 1000:.0f} ms at the end"
    log = sum(f.stat().st_size for f in store.glob("*.log"))
    assert log < 32 * 2**20, f"the write-ahead log grew to {log / 2**20:.0f} MB"
    assert len(list(snapshots_directory(store).iterdir())) <= 3  # snapshots nobody reads are removed


def inferred(settings: Settings) -> set[tuple[str, str, str]]:
    opened = EmbeddedStore(settings.store_path, read_only=True)
    try:
        found = opened.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
        return {(s.n3(), p.n3(), o.n3()) for s, p, o in found.triples}
    finally:
        opened.close()


def test_kills_during_accepts_leave_the_inferences_of_a_clean_rebuild(repo_settings: Settings, tmp_path: Path) -> None:
    store, journal = tmp_path / "store", tmp_path / "journal.sqlite3"
    shutil.copytree(repo_settings.store, store)
    contributor = create_token(journal, "contributor", "contributor", store=store)
    maintainer = create_token(journal, "maintainer", "maintainer", store=store)
    env = {"GOVGRAPH_JOURNAL": str(journal), "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "100000"}
    chance = random.Random(12)
    numbers = iter(range(1, 10_000))
    for _ in range(5):
        server = start_server(store, extra_env=env)
        stop = threading.Event()

        def accepting(base_url: str = server.base_url, stop: threading.Event = stop) -> None:
            with httpx.Client(base_url=base_url, timeout=30) as client:
                while not stop.is_set():
                    try:
                        accept(client, contributor, maintainer, next(numbers))
                    except (httpx.TransportError, AssertionError):
                        return

        thread = threading.Thread(target=accepting)
        thread.start()
        time.sleep(chance.uniform(0.4, 2.5))  # in the middle of an accept: validating, publishing or inferring
        kill_server(server)
        stop.set()
        thread.join(timeout=30)
    restarted = start_server(store, extra_env=env)  # brings the store in line with the journal
    stop_server(restarted)

    clean = Settings.from_env(
        environ={},
        store=tmp_path / "clean",
        ontology_dir=ROOT / "ontology",
        data_dir=ROOT / "data",
        queries_dir=ROOT / "queries",
        journal=journal,
    )
    build(clean)
    assert republish(clean) > 0
    after_kills = repo_settings.__class__.from_env(environ={}, store=store)
    assert inferred(after_kills) == inferred(clean)  # the fingerprint included: the same asserted graphs


def test_a_new_100k_store_starts_and_fifty_accepts_keep_sparql_answering(
    repo_settings: Settings, tmp_path: Path
) -> None:
    """On a store of 100k triples, just built (its compaction perhaps still under way when the server
    opens it), every query worker comes up, and each of 50 accepts is seen by the next query in time."""
    built = build_store(100_000, ROOT, tmp_path)
    store, journal = Path(built.path), tmp_path / "journal.sqlite3"
    contributor = create_token(journal, "contributor", "contributor", store=store)
    maintainer = create_token(journal, "maintainer", "maintainer", store=store)
    env = {"GOVGRAPH_JOURNAL": str(journal), "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "100000"}
    server = start_server(store, extra_env=env)
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            health = client.get("/health").json()
            assert health["triples"] > 100_000 and health["status"] == "ok", health
            assert health["query_workers"]["serving"] == health["query_workers"]["count"] > 0, health
            for n in range(1, 51):
                accept(client, contributor, maintainer, n)
                started = time.perf_counter()
                answer = published(client, n)
                assert answer.status_code == 200, f"after {n} accepts: {answer.text}"
                assert answer.json()["boolean"] is True, f"accept {n} is not seen by the next query"
                assert time.perf_counter() - started < 5.0  # GOVGRAPH_QUERY_TIMEOUT's default
    finally:
        stop_server(server)
