"""Accepts in a row: does the endpoint keep answering, and what happens to the store as they add up?

`python -m bench.accepts --size 0 --accepts 1000` (the curated store) or `--size 100000 --accepts 50` (see
bench/README.md, "Accepts in a row"). A real `govgraph serve` on a copy of the store; each round submits a
small contribution, accepts it, then asks `/sparql` (afresh) whether it is published. Every `--every`
accepts a row: the store's size on disk and its write-ahead log, how long the newest snapshot takes to open
read-only (what a query worker does after a change), and the medians of the accept and of the query.
The first row (0 accepts) is the baseline the ratios are taken against, measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
from rich.table import Table

from bench.report import console
from bench.stores import build_store, settings_for
from govgraph.loader import build
from govgraph.store.snapshots import newest_snapshot, snapshots_directory
from tests.fixtures import city, create_token, start_server, stop_server

ROOT = Path(__file__).resolve().parents[1]


def disk_size(path: Path, suffix: str | None = None) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and (suffix is None or f.suffix == suffix))


def snapshot_open_seconds(store: Path) -> float:
    newest = newest_snapshot(snapshots_directory(store))
    if newest is None:
        return float("nan")
    started = time.perf_counter()
    opened = ox.Store.read_only(str(newest))
    seconds = time.perf_counter() - started
    del opened
    return seconds


@dataclass
class Row:
    accepts: int
    store_bytes: int
    wal_bytes: int
    open_seconds: float
    accept_seconds: list[float]
    query_seconds: list[float]
    failures: int


def run(size: int, accepts: int, every: int, workdir: Path) -> list[Row]:
    work = Path(tempfile.mkdtemp(dir=workdir))
    if size:
        built = build_store(size, ROOT, workdir)
        source = Path(built.path)
    else:
        source = work / "curated"
        build(settings_for(ROOT, source))
    store, journal = work / "store", work / "journal.sqlite3"
    shutil.copytree(source, store)
    contributor = create_token(journal, "contributor", "contributor", store=store)
    maintainer = create_token(journal, "maintainer", "maintainer", store=store)
    env = {"GOVGRAPH_JOURNAL": str(journal), "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "100000"}
    server = start_server(store, extra_env=env)
    rows: list[Row] = []
    accept_times: list[float] = []
    query_times: list[float] = []
    failures = 0

    def ask(client: httpx.Client, n: int) -> bool:
        started = time.perf_counter()
        response = client.get(
            "/sparql",
            params={"query": f"ASK {{ gid:case-city-{n} a gg:City }}"},
            headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"},
        )
        query_times.append(time.perf_counter() - started)
        return response.status_code == 200 and response.json()["boolean"] is True

    def row(done: int) -> None:
        rows.append(
            Row(
                done,
                disk_size(store),
                disk_size(store, ".log"),
                snapshot_open_seconds(store),
                list(accept_times),
                list(query_times),
                failures,
            )
        )
        accept_times.clear()
        query_times.clear()
        last = rows[-1]
        console.print(
            f"{done:>5} accepts: store {last.store_bytes / 1e6:.1f} MB, log {last.wal_bytes / 1e6:.1f} MB, "
            f"snapshot opens in {last.open_seconds * 1000:.0f} ms, {failures} failed queries",
            highlight=False,
        )

    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            ask(client, 0)  # not there: the baseline's query time
            row(0)
            for n in range(1, accepts + 1):
                started = time.perf_counter()
                submitted = client.post(
                    "/contributions",
                    content=city(n),
                    headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {contributor}"},
                )
                submitted.raise_for_status()
                accepted = client.post(
                    f"/contributions/{submitted.json()['id']}/accept",
                    json={"reason": "bench"},
                    headers={"Authorization": f"Bearer {maintainer}"},
                )
                accepted.raise_for_status()
                accept_times.append(time.perf_counter() - started)
                if not ask(client, n):  # a failed query, or one that does not see the accepted contribution
                    failures += 1
                if n % every == 0 or n == accepts:
                    row(n)
    finally:
        stop_server(server)
        # What a reader opening the store itself (not a snapshot) would pay now: the log's replay.
        started = time.perf_counter()
        reopened = ox.Store.read_only(str(store))
        live_open = time.perf_counter() - started
        del reopened
        console.print(f"the store itself, read-only, after {rows[-1].accepts} accepts: {live_open * 1000:.0f} ms")
        shutil.rmtree(work, ignore_errors=True)
    return rows


def table(rows: list[Row], title: str) -> Table:
    base = rows[0]
    out = Table(title=title)
    for column in (
        "accepts",
        "store MB",
        "log MB",
        "snapshot open ms",
        "x base",
        "accept ms (median)",
        "/sparql ms (median)",
        "/sparql ms (max)",
        "x base",
        "not answered",
    ):
        out.add_column(column, justify="right")
    for r in rows:
        query = statistics.median(r.query_seconds) if r.query_seconds else float("nan")
        accept = statistics.median(r.accept_seconds) if r.accept_seconds else float("nan")
        out.add_row(
            str(r.accepts),
            f"{r.store_bytes / 1e6:.1f}",
            f"{r.wal_bytes / 1e6:.1f}",
            f"{r.open_seconds * 1000:.0f}",
            f"{r.open_seconds / base.open_seconds:.2f}",
            "" if not r.accept_seconds else f"{accept * 1000:.0f}",
            f"{query * 1000:.1f}",
            f"{max(r.query_seconds, default=float('nan')) * 1000:.1f}",
            f"{query / statistics.median(base.query_seconds):.2f}",
            str(r.failures),
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.accepts", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=0, help="0: the curated store; else a synthetic store of N")
    parser.add_argument("--accepts", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100, help="a row every N accepts")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "govgraph-bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = run(args.size, args.accepts, args.every, args.workdir)
    label = "curated" if not args.size else f"{args.size:,} triples"
    console.print(table(rows, f"{args.accepts} accepts in a row, {label} store"))
    return 1 if rows[-1].failures else 0


if __name__ == "__main__":
    sys.exit(main())
