"""govgraph benchmarks: `python -m bench` (latency, throughput) and `python -m bench load` (a load run).

See bench/README.md for what each figure means and the latest results.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench.cases import Case, cases, snapshot
from bench.report import Report, console, median, ms, spread
from bench.stores import build_store, in_memory_copy, settings_for, write_ntriples
from bench.throughput import throughput, url_for
from govgraph.errors import GovgraphError
from govgraph.labels import result_labels
from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.store.base import QueryResult
from govgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
# Latency is measured on answers computed afresh (the answer cache is bypassed); throughput both ways.
FRESH = {"Cache-Control": "no-cache"}
SPARQL_HEADERS = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json", **FRESH}


def human(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 and size % 1_000_000 == 0 else f"{size // 1000}k"


def sample(action: Callable[[], object], *, repeat: int, budget: float, warmup: int = 1) -> tuple[list[float], Any]:
    """Timings of `action` (seconds): after `warmup` untimed runs, `repeat` runs or as many as fit in `budget`
    (at least 3). Returns the samples and the last result."""
    result = None
    for _ in range(warmup):
        result = action()
    samples: list[float] = []
    began = time.perf_counter()
    while len(samples) < repeat and (len(samples) < 3 or time.perf_counter() - began < budget):
        started = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - started)
    return samples, result


def versions() -> dict[str, str]:
    import fastapi
    import pyoxigraph
    import rdflib
    import uvicorn

    import govgraph

    return {
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "fastapi": fastapi.__version__,
        "uvicorn": uvicorn.__version__,
        "httpx": httpx.__version__,
        "govgraph": govgraph.__version__,
    }


# -- the latency and throughput run -----------------------------------------------------------------------


def in_process(
    store: EmbeddedStore, catalogue: Catalogue, case: Case, settings: Settings, *, labels: bool = True
) -> Callable[[], Any]:
    timeout, max_rows = settings.query_timeout, settings.max_rows
    if case.question:
        asked = partial(
            catalogue.ask, store, case.name, case.params, as_of=case.as_of, timeout=timeout, max_rows=max_rows
        )
        if not labels:  # the question's query alone: the same work rdflib is given
            return asked

        def answered() -> QueryResult:  # what the API computes before writing JSON: rows, and their IRIs' labels
            result = asked()
            result_labels(store, result)
            return result

        return answered
    return partial(store.query, case.sparql, timeout=timeout, max_rows=max_rows)


def over_http(client: httpx.Client, case: Case) -> Callable[[], Any]:
    def check(response: httpx.Response) -> httpx.Response:
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        return response

    if case.question:
        params = dict(case.params) | ({"as_of": case.as_of} if case.as_of else {})
        return lambda: check(
            client.get(f"/questions/{case.name}", params=params, headers={"Accept": "application/json", **FRESH})
        )
    return lambda: check(client.post("/sparql", content=case.sparql.encode(), headers=SPARQL_HEADERS))


def guarded(action: Callable[[], tuple[list[float], Any]]) -> tuple[list[float] | None, Any]:
    try:
        return action()
    except (GovgraphError, RuntimeError, httpx.HTTPError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:120]


def run_size(size: int, args: argparse.Namespace, snap: Path, all_cases: list[Case], report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {"size": size, "cases": {}, "http_floor": {}, "throughput": {}}
    per_case = out["cases"]
    console.rule(f"[bold]{human(size)} triples")
    built = build_store(size, snap, args.workdir, rebuild=args.rebuild)
    out["built"] = built.__dict__ | {"asserted": built.asserted}
    console.print(
        f"store: {built.total:,} quads ({built.curated:,} curated + {built.synthetic:,} synthetic asserted, "
        f"{built.inferred:,} inferred); load {built.load_seconds:.1f} s, inference {built.inference_seconds:.1f} s"
        + (" (cached)" if built.reused else "")
    )
    settings = settings_for(snap, Path(built.path)).with_overrides(query_timeout=args.query_timeout)
    catalogue = Catalogue(snap / "queries")
    path = Path(built.path)
    rep, budget = args.repeat, args.budget

    # The server's default (the store on disk, queries reading its copy in memory), the same store read
    # from disk (GOVGRAPH_READS=disk), and a plain in-memory store: the reference for "within 2x".
    modes = {
        "default": lambda: EmbeddedStore(path, read_only=True, in_memory=True),
        "disk": lambda: EmbeddedStore(path, read_only=True),
        "memory": lambda: in_memory_copy(path)[0],
    }
    for mode, open_mode in modes.items():
        started = time.perf_counter()
        store = open_mode()
        out[f"{mode}_open_seconds"] = time.perf_counter() - started
        for case in all_cases:
            samples, result = guarded(
                partial(sample, in_process(store, catalogue, case, settings), repeat=rep, budget=budget)
            )
            measured = per_case.setdefault(case.label, {})
            measured[mode] = samples
            if mode == "default":
                measured["rows"] = len(result) if samples else None
                measured["truncated"] = bool(samples and result.truncated)
                measured["error"] = None if samples else result
                measured["query_only"] = samples
                if case.question and samples:
                    alone = in_process(store, catalogue, case, settings, labels=False)
                    measured["query_only"] = sample(alone, repeat=rep, budget=budget)[0]
            console.print(f"  {mode:10}  {case.label:40} {spread(samples) if samples else result}")
        store.close()

    if not args.skip_http:
        from bench.servers import floor_server, govgraph_server

        with govgraph_server(path, snap, query_timeout=args.query_timeout) as (server, _tail), floor_server() as floor:
            with httpx.Client(base_url=floor, timeout=60) as client:
                for name, route in (("constant JSON (async def)", "/"), ("constant JSON (def, thread pool)", "/sync")):
                    out["http_floor"][name] = sample(partial(client.get, route), repeat=rep * 5, budget=budget)[0]
            with httpx.Client(base_url=server.base_url, timeout=args.query_timeout + 30) as client:
                out["http_floor"]["govgraph /health"] = sample(
                    lambda: client.get("/health"), repeat=rep * 5, budget=budget
                )[0]
                for case in all_cases:
                    samples, result = guarded(partial(sample, over_http(client, case), repeat=rep, budget=budget))
                    per_case[case.label]["http"] = samples
                    per_case[case.label]["http_error"] = None if samples else result
                    console.print(f"  http        {case.label:40} {spread(samples) if samples else result}")
            if args.throughput_seconds > 0:
                cheapest = min(
                    (c for c in all_cases if c.question and per_case[c.label].get("default")),
                    key=lambda c: median(per_case[c.label]["default"]),
                    default=None,
                )
                lookup = next(c for c in all_cases if c.name == "1-hop lookup")
                targets = {
                    "floor: constant JSON (async def)": url_for(floor, "/"),
                    "floor: constant JSON (def, thread pool)": url_for(floor, "/sync"),
                    "govgraph /health": url_for(server.base_url, "/health"),
                    "govgraph GET /sparql 1-hop lookup": url_for(server.base_url, "/sparql", {"query": lookup.sparql}),
                }
                if cheapest:
                    params = dict(cheapest.params) | ({"as_of": cheapest.as_of} if cheapest.as_of else {})
                    targets[f"govgraph GET /questions/{cheapest.name}"] = url_for(
                        server.base_url, f"/questions/{cheapest.name}", params
                    )
                for name, url in targets.items():
                    # govgraph's routes twice: answers kept (a repeated query), and computed afresh each time
                    ways = ((" (kept)", {}), (" (fresh)", FRESH)) if "govgraph GET" in name else [("", {})]
                    for suffix, headers in ways:
                        result = throughput(
                            url, args.clients, args.throughput_seconds, use_wrk=not args.no_wrk, headers=headers
                        )
                        out["throughput"][name + suffix] = result.__dict__
                        console.print(
                            f"  throughput  {name + suffix:48} {result.rate:,.0f} req/s "
                            f"({result.tool}, {result.errors} errors)"
                        )

    if not args.skip_rdflib:
        from bench.rdflib_worker import RdflibBaseline

        nt = args.workdir / f"union-{size}.nt"
        write_ntriples(path, nt)
        try:
            baseline = RdflibBaseline(nt)
        except Exception as exc:
            out["rdflib_error"] = f"{type(exc).__name__}: {exc}"
            console.print(f"  rdflib could not load: {out['rdflib_error']}")
        else:
            out["rdflib_load_seconds"], out["rdflib_triples"] = baseline.load_seconds, baseline.triples
            console.print(f"  rdflib loaded {baseline.triples:,} triples in {baseline.load_seconds:.1f} s")
            try:
                for case in all_cases:
                    measured = baseline.measure(
                        case.sparql, repeat=args.rdflib_repeat, budget=args.rdflib_budget, cap=args.rdflib_cap
                    )
                    per_case[case.label]["rdflib"] = measured
                    shown = spread(measured["samples"]) if measured["samples"] else measured["error"] or "> cap"
                    console.print(f"  rdflib      {case.label:40} {shown}")
            finally:
                baseline.close()
        nt.unlink(missing_ok=True)
    return out


def ratio(a: float | None, b: float | None, fmt: str = "{:.2f}") -> str:
    return fmt.format(a / b) if a and b else "\u2013"


def latency_table(
    results: list[dict[str, Any]], all_cases: list[Case], args: argparse.Namespace, report: Report
) -> None:
    rows = []
    for case in all_cases:
        for res in results:
            r = res["cases"].get(case.label, {})
            default, disk, mem, http = r.get("default"), r.get("disk"), r.get("memory"), r.get("http")
            d, k, m, h = (median(x) if x else None for x in (default, disk, mem, http))
            rd = r.get("rdflib") or {}
            rdflib_cell, rdflib_ratio = "\u2013", "\u2013"
            if rd.get("samples"):
                rdflib_cell = spread(rd["samples"]) + (f" (n={len(rd['samples'])})" if len(rd["samples"]) < 3 else "")
                q = median(r["query_only"]) if r.get("query_only") else d
                rdflib_ratio = ratio(median(rd["samples"]), q, "{:,.0f}x")
                if rd.get("rows") is not None and r.get("rows") is not None and rd["rows"] != r["rows"]:
                    rdflib_cell += f" ⚠ {rd['rows']:,} rows"
            elif rd.get("error"):
                rdflib_cell = "error: " + rd["error"][:40]
            elif rd.get("capped"):
                rdflib_cell = f"> cap ({args.rdflib_cap:g} s)"
                q = median(r["query_only"]) if r.get("query_only") else d
                rdflib_ratio = f"> {args.rdflib_cap / q:,.0f}x" if q else "\u2013"
            rows_cell = (
                "\u2013" if r.get("rows") is None else f"{r['rows']:,}" + (" (cut)" if r.get("truncated") else "")
            )
            rows.append(
                [
                    case.label,
                    case.kind,
                    human(res["size"]),
                    rows_cell,
                    spread(default) if default else (r.get("error") or "\u2013")[:40],
                    spread(disk),
                    spread(mem),
                    ratio(d, m),
                    ratio(k, m),
                    spread(http) if http else (r.get("http_error") or "\u2013")[:40],
                    f"{(h - d) * 1000:+.2f}" if h and d else "\u2013",
                    ratio(h, d),
                    rdflib_cell,
                    rdflib_ratio,
                ]
            )
    for name in ("constant JSON (async def)", "constant JSON (def, thread pool)", "govgraph /health"):
        for res in results:
            if name in res["http_floor"]:
                floor = res["http_floor"][name]
                rows.append([f"HTTP floor: {name}", "floor", human(res["size"]), *[""] * 5, spread(floor), *[""] * 4])
    report.table(
        "Latency per query and size: median [p10\u2013p90] in ms",
        [
            "query",
            "kind",
            "size",
            "rows",
            "in-process (default)",
            "disk reads",
            "in-memory store",
            "default/mem",
            "disk/mem",
            "HTTP",
            "HTTP \u2212 in-proc ms",
            "HTTP/in-proc",
            "rdflib",
            "rdflib/govgraph",
        ],
        rows,
        caption="in-process (default) = the store on disk with queries reading its copy in memory, as the server "
        "reads it by default, with the server's timeout and row limit; disk reads = the same store read from disk "
        "(GOVGRAPH_READS=disk); in-memory store = the quads in a plain in-memory pyoxigraph store; a question's times "
        "include the labels of its IRIs, except in rdflib/govgraph, which compares the question's query alone (the "
        "work rdflib is given); HTTP = a real "
        "`govgraph serve`, one keep-alive httpx client (POST /sparql, GET /questions/{id} with JSON and labels); "
        "rdflib = rdflib.Graph in memory, rdflib's SPARQL engine. Q = named question with its example parameters.",
    )


def build_table(results: list[dict[str, Any]], report: Report) -> None:
    rows = []
    for res in results:
        b = res["built"]
        rows.append(
            [
                human(res["size"]),
                f"{b['curated']:,}",
                f"{b['synthetic']:,}",
                f"{b['inferred']:,}",
                f"{b['total']:,}",
                f"{b['load_seconds']:.1f}",
                f"{b['inference_seconds']:.1f} ({b['inference_rounds']} rounds)",
                f"{res.get('default_open_seconds', 0):.1f}",
                f"{res['rdflib_load_seconds']:.1f}"
                if "rdflib_load_seconds" in res
                else res.get("rdflib_error", "\u2013"),
            ]
        )
    report.table(
        "Stores",
        [
            "size",
            "curated",
            "synthetic",
            "inferred",
            "total quads",
            "load s",
            "inference s",
            "open with reads in memory s",
            "rdflib load s",
        ],
        rows,
    )


def throughput_table(results: list[dict[str, Any]], args: argparse.Namespace, report: Report) -> None:
    rows = []
    for res in results:
        tp = res["throughput"]
        floor = tp.get("floor: constant JSON (async def)")
        for name, t in tp.items():
            rate = t["requests"] / t["seconds"]
            rows.append(
                [
                    human(res["size"]),
                    name,
                    f"{rate:,.0f}",
                    ms(t["p50"]),
                    ms(t["p99"]),
                    str(t["errors"]),
                    ratio(rate, floor["requests"] / floor["seconds"]) if floor else "\u2013",
                    t["tool"],
                ]
            )
    if rows:
        report.table(
            f"Throughput: {args.clients} concurrent keep-alive clients, {args.throughput_seconds:g} s each",
            ["size", "route", "req/s", "p50 ms", "p99 ms", "errors", "x floor (async)", "client"],
            rows,
        )


def targets_table(results: list[dict[str, Any]], all_cases: list[Case], report: Report) -> None:
    rows = []
    for res in results:
        size = human(res["size"])
        light: list[tuple[str, float]] = []
        heavy: list[tuple[str, float]] = []
        fast: list[tuple[str, float]] = []
        slow: list[tuple[str, float]] = []
        for case in all_cases:
            r = res["cases"].get(case.label, {})
            if not (r.get("default") and r.get("http")):
                continue
            d, h = median(r["default"]), median(r["http"])
            if d < 0.010:
                (light if h - d <= 0.001 else slow).append((case.label, (h - d) * 1000))
            else:
                (heavy if h / d <= 1.3 else fast).append((case.label, h / d))
        if light or slow:
            worst = max(light + slow, key=lambda x: x[1])
            rows.append(
                [
                    size,
                    "HTTP within 1 ms of in-process (queries < 10 ms)",
                    f"{len(light)}/{len(light) + len(slow)}",
                    f"worst {worst[0]} {worst[1]:+.2f} ms",
                    "met" if not slow else "not met",
                ]
            )
        if heavy or fast:
            worst = max(heavy + fast, key=lambda x: x[1])
            rows.append(
                [
                    size,
                    "HTTP within 1.3x of in-process (queries ≥ 10 ms)",
                    f"{len(heavy)}/{len(heavy) + len(fast)}",
                    f"worst {worst[0]} {worst[1]:.2f}x",
                    "met" if not fast else "not met",
                ]
            )
        ratios: list[tuple[str, float | None, bool]] = []
        for case in all_cases:
            r = res["cases"].get(case.label, {})
            rd = r.get("rdflib") or {}
            if not case.join_like or not r.get("query_only") or not rd:
                continue
            d = median(r["query_only"])
            if rd.get("samples"):
                ratios.append((case.label, median(rd["samples"]) / d, False))
            elif rd.get("capped"):
                ratios.append((case.label, None, True))
        if ratios and res["size"] >= 100_000:
            known = [x for x in ratios if x[1] is not None]
            capped = [x for x in ratios if x[2]]
            below = [x for x in known if (x[1] or 0) < 50]
            low = min(known, key=lambda x: x[1] or 0) if known else None
            rows.append(
                [
                    size,
                    "≥ 50x faster than rdflib (join/aggregate/path)",
                    f"{len(ratios) - len(below)}/{len(ratios)}",
                    (f"lowest {low[0]} {low[1]:,.0f}x" if low else "")
                    + (f"; {len(capped)} rdflib runs > cap" if capped else ""),
                    "met" if not below else "not met",
                ]
            )
        tp = res["throughput"]
        floor = tp.get("floor: constant JSON (async def)")
        for how in ("kept", "fresh"):
            cheap = tp.get(f"govgraph GET /sparql 1-hop lookup ({how})")
            if floor and cheap:
                value = (cheap["requests"] / cheap["seconds"]) / (floor["requests"] / floor["seconds"])
                rows.append(
                    [
                        size,
                        f"cheap-query throughput ≥ 70% of floor (8 clients), answer {how}",
                        f"{value:.0%}",
                        f"GET /sparql 1-hop lookup ({how}) vs constant JSON",
                        "met" if value >= 0.7 else "not met",
                    ]
                )
        if res["size"] >= 1_000_000:
            for mode, target in (("default", "on-disk default within 2x of in-memory"), ("disk", "disk reads ditto")):
                versus = [
                    median(r[mode]) / median(r["memory"])
                    for r in res["cases"].values()
                    if r.get(mode) and r.get("memory")
                ]
                if versus:
                    rows.append(
                        [
                            size,
                            target,
                            f"{sum(x <= 2 for x in versus)}/{len(versus)}",
                            f"median {median(versus):.2f}x, worst {max(versus):.2f}x",
                            "met" if max(versus) <= 2 else "not met",
                        ]
                    )
    report.table("Targets", ["size", "target", "queries meeting it", "figure", "verdict"], rows)


def run(args: argparse.Namespace) -> int:
    args.workdir.mkdir(parents=True, exist_ok=True)
    report = Report(args.markdown)
    snap, skipped = snapshot(ROOT, args.workdir / "snapshot")
    if skipped:
        console.print(f"[yellow]skipped question files that do not parse now: {', '.join(skipped)}[/]")
    all_cases = cases(snap / "queries", only=set(args.only.split(",")) if args.only else None)
    sizes = [int(s) for s in args.sizes.split(",")]
    report.note(
        f"Machine: {platform.machine()}, {__import__('os').cpu_count()} cores; "
        + ", ".join(f"{k} {v}" for k, v in versions().items())
        + f". Command: `python -m bench {' '.join(sys.argv[1:])}`"
    )
    results = []
    started = time.perf_counter()
    for size in sizes:
        t0 = time.perf_counter()
        try:
            results.append(run_size(size, args, snap, all_cases, report))
        except Exception as exc:
            console.print_exception()
            report.note(
                f"size {human(size)} failed after {time.perf_counter() - t0:.0f} s: {type(exc).__name__}: {exc}"
            )
            continue
        results[-1]["seconds"] = time.perf_counter() - t0
        (args.workdir / "results.json").write_text(json.dumps(results, default=str))
        console.print(f"[dim]{human(size)} took {results[-1]['seconds']:.0f} s[/]")
    if not results:
        return 1
    build_table(results, report)
    latency_table(results, all_cases, args, report)
    throughput_table(results, args, report)
    targets_table(results, all_cases, report)
    report.note(f"Total time: {time.perf_counter() - started:.0f} s.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govgraph-bench"), help="cache of built stores")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown to this file")
    parser.add_argument("--rebuild", action="store_true", help="rebuild stores even when cached")
    sub = parser.add_subparsers(dest="command")

    bench = sub.add_parser("run", help="latency and throughput tables (the default)")
    load = sub.add_parser("load", help="a load run: many clients, a mix of queries, pathological ones")
    for p in (parser, bench):
        p.add_argument("--sizes", default=None, help="asserted triples per store (default 10000,100000,1000000)")
        p.add_argument("--quick", action="store_true", help="fewer samples, 10 s rdflib cap, 10k and 100k only")
        p.add_argument("--repeat", type=int, default=None, help="timed runs per query and mode (default 20)")
        p.add_argument("--budget", type=float, default=None, help="seconds of timed runs per query and mode (3)")
        p.add_argument("--rdflib-cap", type=float, default=None, help="seconds per rdflib query, all runs (60)")
        p.add_argument("--rdflib-repeat", type=int, default=None, help="rdflib runs per query (5)")
        p.add_argument("--rdflib-budget", type=float, default=None, help="no new rdflib run after this (10 s)")
        p.add_argument("--throughput-seconds", type=float, default=None, help="per route; 0 skips (10)")
        p.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput")
        p.add_argument("--query-timeout", type=float, default=30.0, help="GOVGRAPH_QUERY_TIMEOUT for this run")
        p.add_argument("--only", help="comma-separated query names to run")
        p.add_argument("--skip-http", action="store_true")
        p.add_argument("--skip-rdflib", action="store_true")
        p.add_argument("--no-wrk", action="store_true", help="use Python clients even if wrk is installed")
    load.add_argument("--size", type=int, default=100_000)
    load.add_argument("--duration", type=float, default=60.0, help="seconds")
    load.add_argument("--clients", type=int, default=32)
    load.add_argument("--max-requests", type=int, default=200_000, help="stop after this many normal requests")
    load.add_argument("--pathological-every", type=float, default=5.0, help="seconds between pathological queries")
    load.add_argument("--query-timeout", type=float, default=5.0, help="GOVGRAPH_QUERY_TIMEOUT (govgraph's default)")
    load.add_argument("--exclude", default="", help="comma-separated query names to leave out of the mix")
    args = parser.parse_args(argv)
    args.workdir = args.workdir.resolve()
    if args.markdown:
        args.markdown = args.markdown.resolve()
    if args.command == "load":
        from bench.load import load_run

        return load_run(args)
    defaults = {
        "sizes": "10000,100000" if args.quick else "10000,100000,1000000",
        "repeat": 7 if args.quick else 20,
        "budget": 1.0 if args.quick else 3.0,
        "rdflib_cap": 10.0 if args.quick else 60.0,
        "rdflib_repeat": 3 if args.quick else 5,
        "rdflib_budget": 3.0 if args.quick else 10.0,
        "throughput_seconds": 3.0 if args.quick else 10.0,
    }
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
