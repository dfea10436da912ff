"""Time the network analysis: building each projection, each measure, the group aggregates, a shortest
connection and each export, on stores of about 10k, 100k and 1M asserted triples.

    python -m bench.analysis [--sizes 10000,100000,1000000] [--repeat 3] [--budget 20] [--markdown FILE]

Stores come from bench/stores.py (curated data plus synthetic governance data, inferences materialized),
opened on disk read-only as `govgraph analyze` opens them. Each cell is the median of up to `--repeat`
runs (fewer when the runs so far took more than `--budget` seconds; at least one), in ms.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx

import govgraph.analysis as analysis
from bench.__main__ import human
from bench.cases import snapshot
from bench.report import Report, median, ms
from bench.stores import build_store
from govgraph.analysis.measures import compute, groups
from govgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2019-06-01"
STEPS = ("build", *analysis.MEASURES, "groups", "path", *analysis.FORMATS)


def timed(action: Callable[[], Any], repeat: int, budget: float) -> tuple[float, Any]:
    """Median seconds of up to `repeat` runs of `action` (at least one; no new run once `budget` is spent)."""
    samples: list[float] = []
    result = None
    began = time.perf_counter()
    while len(samples) < repeat and (not samples or time.perf_counter() - began < budget):
        started = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - started)
    return median(samples), result


def two_far_nodes(graph: nx.Graph) -> tuple[str, str]:
    """Two nodes of the largest component, the second as far as a breadth-first search from the first goes."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    component = max(nx.connected_components(undirected), key=len)
    start = min(component)
    distances = nx.single_source_shortest_path_length(undirected, start)
    return start, max(distances, key=lambda n: (distances[n], n))


def measure_size(store: EmbeddedStore, name: str, args: argparse.Namespace) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    cells["build"], graph = timed(lambda: analysis.build(store, name, as_of=AS_OF), args.repeat, args.budget)
    cells["nodes"], cells["edges"] = graph.number_of_nodes(), graph.number_of_edges()
    measured = None
    for measure in analysis.MEASURES:
        cells[measure], measured = timed(partial(compute, graph, [measure]), args.repeat, args.budget)
        cells[f"{measure}_notes"] = measured.notes
    everything = compute(graph)
    cells["groups"], _ = timed(lambda: groups(graph, everything, none_label="-"), args.repeat, args.budget)
    start, end = two_far_nodes(graph)
    cells["path"], found = timed(lambda: analysis.connection(graph, start, end), args.repeat, args.budget)
    cells["hops"] = found.hops
    with_measures = analysis.Analysis(analysis.projection(name), graph, everything, "en").with_measures()
    for fmt in analysis.FORMATS:
        cells[fmt], body = timed(partial(analysis.export, with_measures, fmt), args.repeat, args.budget)
        cells[f"{fmt}_bytes"] = len(body)
    return cells


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="asserted triples, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (median)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds after which a cell takes no new run")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govgraph-bench"), help="cache of built stores")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    snap, _ = snapshot(ROOT, args.workdir / "snapshot-analysis")
    report = Report(args.markdown)
    rows, stores = [], []
    for size in (int(s) for s in args.sizes.split(",")):
        built = build_store(size, snap, args.workdir)
        stores.append(
            [
                human(size),
                f"{built.asserted:,}",
                f"{built.total:,}",
                f"{built.load_seconds + built.inference_seconds:.1f}",
            ]
        )
        store = EmbeddedStore(Path(built.path), read_only=True)
        for name in analysis.PROJECTIONS:
            cells = measure_size(store, name, args)
            rows.append(
                [human(size), name, f"{cells['nodes']:,}", f"{cells['edges']:,}", *(ms(cells[s]) for s in STEPS)]
            )
            report.note(
                f"{human(size)} {name}: betweenness {cells['betweenness_notes'].get('betweenness')}, "
                f"{cells['community_notes'].get('communities')} communities, "
                f"{cells['degree_notes'].get('components')} components, path of {cells['hops']} hops, "
                f"GraphML {cells['graphml_bytes']:,} bytes"
            )
        store.close()
    report.table("Stores", ["size", "asserted", "total quads", "build s"], stores)
    report.table(
        f"Network analysis, as of {AS_OF}: median ms",
        ["size", "projection", "nodes", "edges", *STEPS],
        rows,
        caption="build: SPARQL + networkx graph; degree … community: one measure alone; groups: aggregates "
        "per stakeholder group; path: shortest connection between two far nodes of the largest component; "
        "graphml, gexf, json: writing the graph with every measure.",
    )


if __name__ == "__main__":
    main()
