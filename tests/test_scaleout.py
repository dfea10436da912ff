"""`govgraph serve --workers 2` over one embedded store: one worker writes, the other reads and follows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx

from govgraph.namespaces import GID
from govgraph.settings import Settings
from tests.fixtures import bearer, create_token, start_server, stop_server, variant


def fresh(method: str, url: str, **kwargs: object) -> httpx.Response:
    """One request on a new connection, so that either worker may take it."""
    with httpx.Client(timeout=30) as client:
        return client.request(method, url, **kwargs)  # type: ignore[arg-type]


def test_two_workers_one_writer(repo_settings: Settings, tmp_path: Path) -> None:
    store, journal = tmp_path / "store", tmp_path / "journal.sqlite3"
    shutil.copytree(repo_settings.store, store)
    env = {"GOVGRAPH_WORKERS": "2", "GOVGRAPH_JOURNAL": str(journal), "GOVGRAPH_QUERY_WORKERS": "0"}
    server = start_server(store, extra_env=env)
    try:
        base = server.base_url
        token = create_token(journal, "maintainer", "M")

        # Both workers answer reads; a write that reaches the reader is a 503 naming the writer.
        roles, refusals = set(), []
        for _ in range(200):
            roles.add(fresh("GET", f"{base}/health").json().get("worker", "writer"))
            answer = fresh("POST", f"{base}/contributions/no-such-id/accept", headers=bearer(token))
            assert answer.status_code in (404, 503), answer.text
            if answer.status_code == 503:
                refusals.append(answer.json())
            if roles == {"writer", "reader"} and refusals and len(refusals) < 200:
                break
        assert roles == {"writer", "reader"}
        writer_pid = json.loads((tmp_path / "store.writer.json").read_text())["pid"]
        assert refusals and f"govgraph process {writer_pid}" in refusals[0]["detail"]

        # A contribution submitted to either, accepted by the writer, is then seen by both.
        for _ in range(100):  # a submission writes its provenance record: the writer takes it
            submitted = fresh(
                "POST",
                f"{base}/contributions",
                content=variant("workers"),
                headers={"Content-Type": "text/turtle", **bearer(token)},
            )
            if submitted.status_code != 503:
                break
        assert submitted.status_code == 202, submitted.text
        contribution = submitted.json()["id"]
        for _ in range(100):
            accepted = fresh("POST", f"{base}/contributions/{contribution}/accept", headers=bearer(token))
            if accepted.status_code != 503:
                break
        assert accepted.status_code == 200, accepted.text
        published = f"ASK {{ <{GID}rigf-2010-workers> a gg:Meeting }}"
        seen = {fresh("GET", f"{base}/sparql", params={"query": published}).json()["boolean"] for _ in range(40)}
        assert seen == {True}
        counts = {fresh("GET", f"{base}/health").json()["triples"] for _ in range(40)}
        assert len(counts) == 1  # the reader's count moved with the writer's
    finally:
        stop_server(server)
