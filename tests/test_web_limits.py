"""Limits a client cannot talk its way around, against real servers: per-address budgets that a forwarded
header does not reset unless it comes from a configured proxy, and a bounded line of validations that
keeps /health answering under a flood."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import count
from pathlib import Path

import httpx
import pytest

from govgraph.settings import Settings
from tests.fixtures import PREFIXES, Site, bearer

TURTLE = {"Content-Type": "text/turtle"}
NOT_TURTLE = b"this is not turtle"  # refused at once with a 400, after the address's budget is counted
BUDGET = 3  # GOVGRAPH_SUBMISSIONS_PER_MINUTE of these servers
_addresses = count(1)


def fresh_addresses(n: int) -> list[str]:
    """Documentation addresses (TEST-NET-3) not used by any other test of the module."""
    return [f"203.0.113.{next(_addresses)}" for _ in range(n)]


def validate(site: Site, *, source: str = "127.0.0.1", forwarded_for: str | None = None) -> int:
    headers = {**TURTLE, **({"X-Forwarded-For": forwarded_for} if forwarded_for else {})}
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(base_url=site.base_url, transport=transport, timeout=30) as client:
        response = client.post("/validate", content=NOT_TURTLE, headers=headers)
    assert response.status_code in (400, 429), response.text
    return response.status_code


# Seven requests against a budget of three: with two workers (each counting its own), one of them still
# sees four, so a shared budget always shows a 429.
TRIES = 2 * BUDGET + 1


def budget_site(repo_settings: Settings, tmp: Path, workers: int, trusted: str | None) -> Site:
    env = {"GOVGRAPH_SUBMISSIONS_PER_MINUTE": str(BUDGET), "GOVGRAPH_WORKERS": str(workers)}
    env["GOVGRAPH_QUERY_WORKERS"] = "0"
    if trusted is not None:
        env["GOVGRAPH_TRUSTED_PROXIES"] = trusted
    return Site(tmp, repo_settings.store, env)


@pytest.fixture(scope="module", params=[1, 2], ids=["one-worker", "two-workers"])
def direct(
    request: pytest.FixtureRequest, repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    site = budget_site(repo_settings, tmp_path_factory.mktemp("direct"), request.param, None)
    yield site
    site.stop()


@pytest.fixture(scope="module", params=[1, 2], ids=["one-worker", "two-workers"])
def proxied(
    request: pytest.FixtureRequest, repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    site = budget_site(repo_settings, tmp_path_factory.mktemp("proxied"), request.param, "127.0.0.1, 127.0.0.2/32")
    yield site
    site.stop()


def test_forwarded_for_from_loopback_does_not_reset_the_budget_by_default(direct: Site) -> None:
    """uvicorn believed X-Forwarded-For from 127.0.0.1: every made-up address got a budget of its own."""
    statuses = [validate(direct, forwarded_for=address) for address in fresh_addresses(TRIES)]
    assert 429 in statuses, statuses


def test_a_trusted_proxy_names_the_client(proxied: Site) -> None:
    for source in ("127.0.0.1", "127.0.0.2"):  # the second is trusted only by the setting, not by default
        statuses = [validate(proxied, source=source, forwarded_for=a) for a in fresh_addresses(TRIES)]
        assert 429 not in statuses, (source, statuses)
    (client,) = fresh_addresses(1)
    same_client = [validate(proxied, forwarded_for=f"{client}, 127.0.0.1") for _ in range(TRIES)]
    assert 429 in same_client, same_client


def test_forwarded_for_from_an_untrusted_address_is_ignored(proxied: Site) -> None:
    statuses = [validate(proxied, source="127.0.0.3", forwarded_for=a) for a in fresh_addresses(TRIES)]
    assert 429 in statuses, statuses


# -- a flood of validations ------------------------------------------------------------------------

FLOOD = 40  # requests at once, half from 127.0.0.1 and half from 127.0.0.2
FLOOD_SECONDS = 90  # the flood must be over by then: no request hangs


def five_thousand_triples(tag: str) -> bytes:
    """A contribution at the triple limit: 1,000 valid cities of 5 triples each."""
    return (
        PREFIXES
        + "".join(
            f'gid:flood-{tag}-{i} a gg:City ; rdfs:label "Flood city {i}"@en , "Ciudad {i}"@es ; '
            f"gg:country gid:country-br ; dct:source <https://example.org/flood/{i}> .\n"
            for i in range(1000)
        )
    ).encode()


@pytest.fixture(scope="module")
def busy(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    site = Site(tmp_path_factory.mktemp("busy"), repo_settings.store, {"GOVGRAPH_SUBMISSIONS_PER_MINUTE": "1000"})
    yield site
    site.stop()


PROBE = """
import json, select, sys, time, httpx
latencies = []
with httpx.Client(timeout=10) as client:
    print("ready", flush=True)
    while not select.select([sys.stdin], [], [], 0.1)[0]:  # until the test closes stdin
        started = time.monotonic()
        try:
            status = client.get(sys.argv[1] + "/health").status_code
        except httpx.HTTPError as exc:
            status = repr(exc)
        latencies.append((time.monotonic() - started, status))
print(json.dumps(latencies))
"""


class HealthProbe:
    """GET /health every 100 ms while in use, from a process of its own: in the test's process, the
    flood's client threads would delay it too."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.latencies: list[float] = []
        self.failures: list[object] = []

    def __enter__(self) -> HealthProbe:
        command = [sys.executable, "-c", PROBE, self.base_url]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None and self._process.stdout.readline() == "ready\n"
        return self

    def __exit__(self, *_: object) -> None:
        output, _ = self._process.communicate(timeout=30)  # closing its stdin stops it
        for latency, status in json.loads(output):
            self.latencies.append(latency)
            if status != 200:
                self.failures.append(status)


def test_a_flood_of_validations_is_bounded_and_health_keeps_answering(busy: Site) -> None:
    """60 validations of 5k triples at once took /health to 32 s: they held every thread of the pool."""
    body = five_thousand_triples("flood")
    clients = [
        httpx.Client(base_url=busy.base_url, transport=httpx.HTTPTransport(local_address=a), timeout=FLOOD_SECONDS)
        for a in ("127.0.0.1", "127.0.0.2")
    ]

    def one(i: int) -> httpx.Response:
        return clients[i % 2].post("/validate", content=body, headers=TURTLE)

    started = time.monotonic()
    with HealthProbe(busy.base_url) as probe, ThreadPoolExecutor(FLOOD) as pool:
        answers = list(pool.map(one, range(FLOOD)))
    elapsed = time.monotonic() - started
    for client in clients:
        client.close()

    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {200, 422, 503}, statuses
    refused = [a for a in answers if a.status_code == 503]
    assert refused and len(refused) < FLOOD, statuses
    for answer in refused:
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "busy validating" in answer.json()["detail"]
        assert 1 <= int(answer.headers["retry-after"]) <= 60
    assert elapsed < FLOOD_SECONDS
    latencies = sorted(probe.latencies)
    figures = f"/health max {latencies[-1] * 1000:.0f} ms, p50 {statistics.median(latencies) * 1000:.0f} ms"
    assert not probe.failures, probe.failures
    assert len(latencies) >= 5, figures
    assert latencies[-1] < 1, figures
    assert not busy.errors()


def test_a_validation_after_the_flood_is_answered(busy: Site) -> None:
    with busy.client() as client:
        response = client.post("/validate", content=five_thousand_triples("after"), headers=TURTLE)
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def one_at_a_time(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    env = {"GOVGRAPH_VALIDATIONS": "1", "GOVGRAPH_VALIDATION_QUEUE": "0", "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "1000"}
    site = Site(tmp_path_factory.mktemp("one-at-a-time"), repo_settings.store, env)
    yield site
    site.stop()


def test_a_busy_server_says_so_to_clients_and_on_the_form(one_at_a_time: Site) -> None:
    token = one_at_a_time.token()
    running = threading.Thread(
        target=lambda: httpx.post(
            f"{one_at_a_time.base_url}/validate", content=five_thousand_triples("first"), headers=TURTLE, timeout=60
        )
    )
    running.start()
    time.sleep(0.3)  # read, and validating (about a second)
    with one_at_a_time.client() as client:
        api = client.post("/contributions", content=PREFIXES.encode(), headers={**TURTLE, **bearer(token)})
        page = client.post(
            "/contribute",
            params={"lang": "es"},
            data={"token": token, "text": "", "media_type": "text/turtle"},
            headers={"Accept": "text/html"},
        )
    running.join()
    assert api.status_code == 503 and api.headers["content-type"].startswith("application/problem+json")
    assert api.json()["title"] == "Server busy" and int(api.headers["retry-after"]) >= 1
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert "El servidor está ocupado comprobando otras contribuciones" in page.text
    assert int(page.headers["retry-after"]) >= 1
    assert not one_at_a_time.errors()
