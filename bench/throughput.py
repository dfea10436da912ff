"""Requests per second with N concurrent keep-alive clients: wrk when installed, else Python threads + httpx."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bench.report import percentile

ACCEPT = "application/sparql-results+json, application/json"


@dataclass
class Throughput:
    tool: str
    requests: int
    errors: int
    seconds: float
    p50: float | None = None
    p99: float | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def url_for(base: str, path: str, params: dict[str, str] | None = None) -> str:
    return base + path + ("?" + urlencode(params) if params else "")


_UNIT = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def _wrk(url: str, clients: int, seconds: float, headers: dict[str, str]) -> Throughput:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, clients)}",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            *(arg for name, value in {"Accept": ACCEPT, **headers}.items() for arg in ("-H", f"{name}: {value}")),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))  # type: ignore[union-attr]
    elapsed = re.search(r"requests in ([\d.]+)(m?s|us)", out)
    secs = float(elapsed.group(1)) * _UNIT[elapsed.group(2)] if elapsed else seconds
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())

    def latency(q: str) -> float | None:
        found = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(found.group(1)) * _UNIT[found.group(2)] if found else None

    return Throughput("wrk", requests, errors, secs, latency("50"), latency("99"))


def _threads(url: str, clients: int, seconds: float, headers: dict[str, str]) -> Throughput:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(i: int) -> None:
        with httpx.Client(headers={"Accept": ACCEPT, **headers}, timeout=30) as http:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    ok = http.get(url).status_code == 200
                except httpx.TransportError:
                    ok = False
                latencies[i].append(time.perf_counter() - started)
                errors[i] += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    flat = [x for lat in latencies for x in lat]
    return Throughput(
        "httpx threads",
        len(flat),
        sum(errors),
        time.perf_counter() - started,
        percentile(flat, 50),
        percentile(flat, 99),
    )


def throughput(
    url: str, clients: int, seconds: float, *, use_wrk: bool = True, headers: dict[str, str] | None = None
) -> Throughput:
    if use_wrk and shutil.which("wrk"):
        return _wrk(url, clients, seconds, headers or {})
    return _threads(url, clients, seconds, headers or {})
