"""Limits a client cannot talk its way around, against real servers: per-address budgets that a forwarded
header does not reset unless it comes from a configured proxy."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from pathlib import Path

import httpx
import pytest

from govgraph.settings import Settings
from tests.test_web_contributions import Site

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
