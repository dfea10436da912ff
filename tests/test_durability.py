"""Nothing acknowledged is lost: a server killed (SIGKILL) in the middle of a burst of submissions and
reviews comes back with every 202'd contribution, and every accepted one published exactly once."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import httpx

from govgraph.settings import Settings
from tests.fixtures import Server, city, create_token, govgraph, kill_server, start_server, stop_server


def test_sigkill_during_a_burst_loses_nothing_acknowledged(repo_settings: Settings, tmp_path: Path) -> None:
    store, journal = tmp_path / "store", tmp_path / "journal.sqlite3"
    shutil.copytree(repo_settings.store, store)
    env = {"GOVGRAPH_JOURNAL": str(journal), "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "100000"}
    contributor = create_token(journal, "contributor", "contributor", store=store)
    maintainer = create_token(journal, "maintainer", "maintainer", store=store)
    server = start_server(store, extra_env=env)

    acknowledged: list[str] = []  # ids answered 202
    accepted: list[str] = []  # ids answered 200 to accept
    stop = threading.Event()
    counter = iter(range(100_000))
    lock = threading.Lock()

    def submitter() -> None:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            while not stop.is_set():
                with lock:
                    n = next(counter)
                try:
                    response = client.post(
                        "/contributions",
                        content=city(n),
                        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {contributor}"},
                    )
                except httpx.TransportError:
                    return
                if response.status_code == 202:
                    with lock:
                        acknowledged.append(response.json()["id"])
                time.sleep(0.05)  # leave the reviewer a share of the two cores

    def reviewer() -> None:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            while not stop.is_set():
                with lock:
                    candidates = acknowledged[len(accepted) * 2 :: 2][:1]  # accept about half of them
                if not candidates:
                    time.sleep(0.02)
                    continue
                try:
                    response = client.post(
                        f"/contributions/{candidates[0]}/accept",
                        json={"reason": "burst"},
                        headers={"Authorization": f"Bearer {maintainer}"},
                    )
                except httpx.TransportError:
                    return
                if response.status_code == 200:
                    with lock:
                        accepted.append(candidates[0])

    workers = [threading.Thread(target=submitter) for _ in range(6)] + [threading.Thread(target=reviewer)]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 120
    while (len(accepted) < 3 or len(acknowledged) < 15) and time.monotonic() < deadline:
        time.sleep(0.05)
    kill_server(server)  # in the middle of the burst
    stop.set()
    for worker in workers:
        worker.join(timeout=30)
    assert len(acknowledged) >= 15 and len(accepted) >= 3

    restarted = start_server(store, extra_env=env)
    try:
        with httpx.Client(base_url=restarted.base_url, timeout=30) as client:
            everything = client.get("/contributions", headers={"Authorization": f"Bearer {maintainer}"}).json()
            status = {c["id"]: c["status"] for c in everything["contributions"]}
            assert set(acknowledged) <= set(status), "a contribution answered 202 was lost"
            assert all(status[i] == "accepted" for i in accepted), "an accepted contribution was lost"
            published = {i for i, s in status.items() if s == "accepted"}
            for contribution_id in published:
                graph = f"https://w3id.org/govgraph/graph/contribution/{contribution_id}"
                count = client.get(
                    "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
                )
                assert count.json()["results"]["bindings"][0]["n"]["value"] == "5", contribution_id
                record = client.get(
                    "/sparql",
                    params={
                        "query": (
                            f"SELECT ?status WHERE {{ GRAPH <https://w3id.org/govgraph/graph/provenance> {{ "
                            f"<https://w3id.org/govgraph/contribution/{contribution_id}> gg:status ?status }} }}"
                        )
                    },
                )
                assert [b["status"]["value"] for b in record.json()["results"]["bindings"]] == ["accepted"]
            graphs = client.get(
                "/sparql",
                params={
                    "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                    "FILTER (CONTAINS(STR(?g), '/graph/contribution/')) }"
                },
            )
            present = {b["g"]["value"].rsplit("/", 1)[-1] for b in graphs.json()["results"]["bindings"]}
            assert present == published, "the store's contribution graphs differ from the journal's accepted set"
    finally:
        stop_server(restarted)


def test_a_build_keeps_published_contributions(repo_settings: Settings, tmp_path: Path) -> None:
    """`govgraph build` recreates the store from data/; the journal puts accepted contributions back."""
    store, journal = tmp_path / "store", tmp_path / "journal.sqlite3"
    shutil.copytree(repo_settings.store, store)
    env = {"GOVGRAPH_JOURNAL": str(journal)}
    contributor = create_token(journal, "contributor", "contributor", store=store)
    maintainer = create_token(journal, "maintainer", "maintainer", store=store)
    server: Server = start_server(store, extra_env=env)
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            submitted = client.post(
                "/contributions",
                content=city(1),
                headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {contributor}"},
            ).json()
            client.post(
                f"/contributions/{submitted['id']}/accept", json={}, headers={"Authorization": f"Bearer {maintainer}"}
            ).raise_for_status()
    finally:
        stop_server(server)
    rebuilt = govgraph("build", "--store", str(store), GOVGRAPH_JOURNAL=str(journal))
    assert rebuilt.returncode == 0, rebuilt.stderr
    ask = govgraph("query", "ASK { gid:case-city-1 a gg:City }", "--store", str(store), GOVGRAPH_JOURNAL=str(journal))
    assert ask.stdout.strip() == "true"
