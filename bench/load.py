"""`python -m bench load`: many concurrent clients on loopback against a real `govgraph serve`, for a bounded
time and count, sending a mix of named questions and raw SPARQL, plus one pathological query every few
seconds that must end with the server's 503 time-limit problem. Exits non-zero on a transport failure, an
unexpected 5xx, or a pathological query that does not end with 503.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.cases import PATHOLOGICAL, Case, cases, snapshot
from bench.report import Report, console, ms, percentile
from bench.servers import govgraph_server
from bench.stores import build_store

ROOT = Path(__file__).resolve().parents[1]
# Every normal request is answered afresh (Cache-Control: no-cache): kept answers would spare the engine.
FRESH = {"Cache-Control": "no-cache"}
SPARQL_HEADERS = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json", **FRESH}


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    by_case: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # transport errors by exception name
    latencies: list[float] = field(default_factory=list)  # 2xx only
    unexpected: list[str] = field(default_factory=list)
    pathological: Counter = field(default_factory=Counter)
    pathological_latencies: list[float] = field(default_factory=list)


async def send(client: httpx.AsyncClient, case: Case) -> httpx.Response:
    if case.question:
        params = dict(case.params) | ({"as_of": case.as_of} if case.as_of else {})
        return await client.get(
            f"/questions/{case.name}", params=params, headers={"Accept": "application/json", **FRESH}
        )
    return await client.post("/sparql", content=case.sparql.encode(), headers=SPARQL_HEADERS)


async def drive(base_url: str, mix: list[Case], args: argparse.Namespace, tally: Tally) -> float:
    end = time.perf_counter() + args.duration
    issued = 0
    limits = httpx.Limits(max_connections=args.clients + 8, max_keepalive_connections=args.clients + 8)
    timeout = httpx.Timeout(args.query_timeout + 30)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:

        async def worker(seed: int) -> None:
            nonlocal issued
            rng = random.Random(seed)
            while time.perf_counter() < end and issued < args.max_requests:
                issued += 1
                case = rng.choice(mix)
                started = time.perf_counter()
                try:
                    response = await send(client, case)
                except httpx.TransportError as exc:
                    tally.failures[type(exc).__name__] += 1
                    continue
                tally.statuses[response.status_code] += 1
                tally.by_case[(case.label, response.status_code)] += 1
                if response.status_code < 300:
                    tally.latencies.append(time.perf_counter() - started)
                elif response.status_code >= 500:
                    tally.unexpected.append(f"{response.status_code} {case.label}: {response.text[:200]}")

        async def pathological() -> None:
            rng = random.Random(0)
            await asyncio.sleep(rng.uniform(0.5, args.pathological_every))
            pending: set[asyncio.Task] = set()

            async def one() -> None:
                started = time.perf_counter()
                try:
                    response = await client.post("/sparql", content=PATHOLOGICAL.encode(), headers=SPARQL_HEADERS)
                except httpx.TransportError as exc:
                    tally.failures[f"pathological {type(exc).__name__}"] += 1
                    return
                tally.pathological[response.status_code] += 1
                tally.pathological_latencies.append(time.perf_counter() - started)

            while time.perf_counter() < end and issued < args.max_requests:
                task = asyncio.create_task(one())
                pending.add(task)
                task.add_done_callback(pending.discard)
                await asyncio.sleep(args.pathological_every)
            if pending:
                await asyncio.gather(*pending)

        started = time.perf_counter()
        await asyncio.gather(pathological(), *(worker(i) for i in range(args.clients)))
        return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_run(args: argparse.Namespace) -> int:
    args.workdir.mkdir(parents=True, exist_ok=True)
    report = Report(args.markdown)
    snap, skipped = snapshot(ROOT, args.workdir / "snapshot-load")
    if skipped:
        console.print(f"[yellow]skipped question files that do not parse now: {', '.join(skipped)}[/]")
    excluded = {x for x in args.exclude.split(",") if x}
    mix = [c for c in cases(snap / "queries") if c.name not in excluded and c.label not in excluded]
    built = build_store(args.size, snap, args.workdir, rebuild=args.rebuild)
    console.print(f"store: {built.total:,} quads ({built.asserted:,} asserted)" + (" (cached)" if built.reused else ""))
    tally = Tally()
    with govgraph_server(Path(built.path), snap, query_timeout=args.query_timeout) as (server, tail):
        before = cpu_seconds(server.process.pid)
        elapsed = asyncio.run(drive(server.base_url, mix, args, tally))
        during = cpu_seconds(server.process.pid) - before
        # Are stopped queries still burning CPU once the run is over? Measure the idle server for 3 s.
        idle_start = cpu_seconds(server.process.pid)
        time.sleep(3)
        idle = (cpu_seconds(server.process.pid) - idle_start) / 3
        healthy = httpx.get(server.base_url + "/health", timeout=30).status_code == 200
        log_tail = list(tail)

    normal = sum(tally.statuses.values())
    five = {s: n for s, n in tally.statuses.items() if s >= 500}
    patho_total = sum(tally.pathological.values())
    patho_bad = patho_total - tally.pathological.get(503, 0)
    transport = sum(tally.failures.values())
    ok = not five and not transport and not patho_bad and healthy
    lat = tally.latencies
    rows = [
        ["store", f"{built.total:,} quads ({args.size:,} asserted target)"],
        [
            "clients / duration / cap",
            f"{args.clients} / {elapsed:.1f} s (limit {args.duration:g} s) / {args.max_requests:,} requests",
        ],
        [
            "mix",
            f"{len(mix)} queries: {sum(1 for c in mix if c.question)} named questions, "
            f"{sum(1 for c in mix if not c.question)} raw SPARQL, chosen uniformly",
        ],
        ["server query timeout", f"{args.query_timeout:g} s"],
        ["total requests", f"{normal + patho_total + transport:,} ({(normal + patho_total) / elapsed:,.0f} req/s)"],
        ["failed requests (transport errors)", f"{transport}" + (f" {dict(tally.failures)}" if transport else "")],
        ["normal requests by status", ", ".join(f"{s}: {n:,}" for s, n in sorted(tally.statuses.items()))],
        [
            "pathological queries by status",
            ", ".join(f"{s}: {n}" for s, n in sorted(tally.pathological.items())) or "none sent",
        ],
        [
            "pathological latency p50 / max",
            f"{ms(percentile(tally.pathological_latencies, 50))} / {ms(max(tally.pathological_latencies))} ms"
            if tally.pathological_latencies
            else "\u2013",
        ],
        [
            "normal latency p50 / p99 (2xx)",
            f"{ms(percentile(lat, 50))} / {ms(percentile(lat, 99))} ms" if lat else "\u2013",
        ],
        ["server CPU during the run", f"{during / elapsed:.2f} cores"],
        ["server CPU idle, 3 s after the run", f"{idle:.2f} cores"],
        ["zero unexpected 5xx", "yes" if not five else f"NO: {five}"],
        ["every pathological query ended with 503", "yes" if not patho_bad else f"NO: {dict(tally.pathological)}"],
        ["/health after the run", "200" if healthy else "FAILED"],
        ["verdict", "PASS" if ok else "FAIL"],
    ]
    report.table(f"Load run ({args.clients} clients, {args.duration:g} s)", ["", "value"], rows)
    slow: Counter[str] = Counter()
    for (label, status), n in tally.by_case.items():
        if status != 200:
            slow[f"{label} → {status}"] += n
    if slow:
        report.note("Non-200 answers to normal requests: " + ", ".join(f"{k}: {n}" for k, n in slow.most_common()))
    for line in tally.unexpected[:5]:
        console.print(f"[red]{line}[/]")
    if not ok and log_tail:
        console.print("server log tail:\n" + "\n".join(log_tail[-20:]))
    return 0 if ok else 1
