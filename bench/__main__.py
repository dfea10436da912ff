"""Print benchmark tables: medians and ratios against baselines measured in the same run."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.synthetic import governance_turtle
from govgraph.inference import materialize
from govgraph.loader import build, source_files, validate_sources
from govgraph.namespaces import ONTOLOGY_GRAPH
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
console = Console(width=150)

QUESTIONS = {
    "meetings within a process (transitive part-of)": (
        "SELECT ?m ?p WHERE { ?m a gg:Meeting ; gg:partOf ?p }",
        "SELECT ?m ?p WHERE { ?m a gg:Meeting ; (gg:meetingOf|gg:subProcessOf|gg:partOf)+ ?p }",
    ),
    "everything a process contains (inverse + transitive)": (
        "SELECT ?p ?x WHERE { ?p a gg:GovernanceProcess ; gg:hasPart ?x }",
        "SELECT ?p ?x WHERE { ?p a ?c . ?c rdfs:subClassOf* gg:GovernanceProcess . "
        "?x (gg:meetingOf|gg:subProcessOf|gg:partOf|^gg:hasMeeting|^gg:hasSubProcess|^gg:hasPart)+ ?p }",
    ),
    "forums by superclass": (
        "SELECT ?f WHERE { ?f a gg:Forum }",
        "SELECT ?f WHERE { ?f a ?c . ?c rdfs:subClassOf* gg:Forum }",
    ),
}


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_build(repeat: int) -> None:
    settings = Settings.from_env(environ={})
    files = source_files(settings)
    with tempfile.TemporaryDirectory() as tmp:

        def load_only() -> None:
            store = EmbeddedStore(Path(tmp) / f"load-{time.perf_counter_ns()}")
            for f in files:
                store.replace_graph(f.graph, f.content, "turtle")
            store.close()

        def full_build() -> object:
            return build(settings.with_overrides(store=Path(tmp) / "store"))

        load = median_seconds(load_only, repeat)
        shacl = median_seconds(lambda: validate_sources(settings, files), repeat)
        total = median_seconds(full_build, repeat)
        report = full_build()
    table = Table(
        "step", "median s", "x load", title=f"build: {report.asserted:,} asserted triples, {len(files)} files"
    )
    for name, seconds in [("load (baseline)", load), ("SHACL validation", shacl), ("full build", total)]:
        table.add_row(name, f"{seconds:.3f}", f"{seconds / load:.1f}")
    assert report.inference is not None
    table.add_row(
        f"  of which inference ({report.inference.triples:,} triples)",
        f"{report.inference.seconds:.3f}",
        f"{report.inference.seconds / load:.1f}",
    )
    console.print(table)


def bench_inference(sizes: list[int]) -> dict[int, EmbeddedStore]:
    table = Table(
        "asserted triples",
        "inferred triples",
        "seconds",
        "inferred/s",
        "rounds",
        title="inference (synthetic governance-shaped data)",
    )
    stores = {}
    ontology = (ROOT / "ontology" / "govgraph.ttl").read_bytes()
    for size in sizes:
        store = EmbeddedStore(None)
        store.replace_graph(ONTOLOGY_GRAPH, ontology, "turtle")
        asserted = store.replace_graph(
            "https://w3id.org/govgraph/graph/data/synthetic", governance_turtle(size), "turtle"
        )
        stats = materialize(store)
        table.add_row(
            f"{asserted:,}",
            f"{stats.triples:,}",
            f"{stats.seconds:.2f}",
            f"{stats.triples / stats.seconds:,.0f}",
            str(stats.rounds),
        )
        stores[asserted] = store
    console.print(table)
    return stores


def bench_questions(stores: dict[int, EmbeddedStore], repeat: int) -> None:
    for size, store in stores.items():
        table = Table(
            "question",
            "materialized ms",
            "in-query ms",
            "in-query / materialized",
            "rows",
            title=f"questions at {size:,} asserted triples",
        )
        plain = EmbeddedStore(None)
        plain.add_triples(
            "https://w3id.org/govgraph/graph/asserted",
            store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                "FILTER (?g != <https://w3id.org/govgraph/graph/inferred>) }"
            ).triples,
        )
        for name, (materialized, in_query) in QUESTIONS.items():
            rows = len(store.query(materialized))
            expressed_rows = len(plain.query(in_query))
            a = median_seconds(lambda q=materialized, s=store: s.query(q), repeat)
            b = median_seconds(lambda q=in_query, s=plain: s.query(q), repeat)
            table.add_row(
                name,
                f"{a * 1000:.1f}",
                f"{b * 1000:.1f}",
                f"{b / a:.1f}",
                f"{rows:,}" if rows == expressed_rows else f"{rows:,} vs {expressed_rows:,}",
            )
        console.print(table)


def bench_http(requests: int) -> None:
    import httpx

    from tests.conftest import start_server, stop_server

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build(Settings.from_env(environ={}, store=store))
        server = start_server(store)
        try:
            with httpx.Client(base_url=server.base_url) as client:
                cases = {
                    "/health (baseline)": ("/health", {}),
                    "/sparql lookup": ("/sparql", {"query": "SELECT ?p ?o WHERE { gid:igf ?p ?o }"}),
                    "/sparql join": (
                        "/sparql",
                        {"query": "SELECT ?m ?c WHERE { ?m gg:meetingOf gid:igf ; gg:country ?c . ?c rdfs:label ?l }"},
                    ),
                }
                timings = {}
                for name, (path, params) in cases.items():
                    client.get(path, params=params)
                    samples = []
                    for _ in range(requests):
                        started = time.perf_counter()
                        client.get(path, params=params).raise_for_status()
                        samples.append(time.perf_counter() - started)
                    samples.sort()
                    timings[name] = (samples[len(samples) // 2], samples[int(len(samples) * 0.95)])
        finally:
            stop_server(server)
    base = timings["/health (baseline)"][0]
    table = Table("route", "p50 ms", "p95 ms", "p50 x baseline", title=f"http: {requests} sequential requests each")
    for name, (p50, p95) in timings.items():
        table.add_row(name, f"{p50 * 1000:.2f}", f"{p95 * 1000:.2f}", f"{p50 / base:.1f}")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes, in asserted triples")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    bench_build(args.repeat)
    stores = bench_inference([int(s) for s in args.sizes.split(",")])
    bench_questions(stores, args.repeat)
    if not args.skip_http:
        bench_http(args.requests)


if __name__ == "__main__":
    main()
