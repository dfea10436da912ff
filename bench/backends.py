"""The bench question set on the embedded store and on Virtuoso, in one run, with ratios; and bulk-load rates.

`python -m bench.backends [--size 1000000] [--repeat 7] [--budget 3]` builds (or reuses) the bench store
of about `--size` asserted triples, starts a throwaway Virtuoso (Debian's virtuoso-opensource) on free
loopback ports, copies every graph into it through govgraph's RemoteStore (Graph Store Protocol POSTs),
then times every named question and raw SPARQL shape of bench/cases.py on both, in process, as govgraph
calls them (the server's time limit and row cap). It also times `govgraph load`'s bulk path: the synthetic
graph as one N-Triples file into a fresh embedded store, and into Virtuoso.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from bench.cases import cases, snapshot
from bench.stores import SYNTHETIC_GRAPH, build_store
from govgraph.bulk import load
from govgraph.errors import GovgraphError
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.remote import Endpoints, RemoteStore

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.virtuoso import PASSWORD, USER, Virtuoso, configure  # noqa: E402


def timed(action: Callable[[], object], repeat: int, budget: float) -> tuple[float | None, str]:
    """Median seconds of up to `repeat` runs after a warm-up (at least 3, no new run past `budget`), or the error."""
    try:
        action()
    except GovgraphError as exc:
        return None, type(exc).__name__
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < repeat and (len(samples) < 3 or time.perf_counter() - started < budget):
        t = time.perf_counter()
        action()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), ""


def engine_for(folder: Path, buffers: int) -> Virtuoso:
    engine = configure(folder)
    ini = (folder / "virtuoso.ini").read_text()
    # The packaged ini sizes the buffer pool for 80 MB; give it what a million triples needs.
    ini = ini.replace("NumberOfBuffers = 10000", f"NumberOfBuffers = {buffers}")
    ini = ini.replace("MaxDirtyBuffers = 6000", f"MaxDirtyBuffers = {buffers * 3 // 4}")
    (folder / "virtuoso.ini").write_text(ini)
    engine.start()
    return engine


def remote(engine: Virtuoso) -> RemoteStore:
    endpoints = Endpoints.parse(
        engine.env["GOVGRAPH_STORE"],
        update=engine.env["GOVGRAPH_UPDATE_URL"],
        gsp=engine.env["GOVGRAPH_GSP_URL"],
        user=USER,
        password=PASSWORD,
    )
    return RemoteStore(endpoints, timeout=600)


def copy_graphs(source: Path, target: RemoteStore) -> tuple[int, float]:
    """Every quad of the embedded store at `source` into the engine, graph by graph; triples and seconds."""
    disk = ox.Store.read_only(str(source))
    started, total = time.perf_counter(), 0
    for graph in disk.named_graphs():
        lines = (f"{q.subject} {q.predicate} {q.object} .\n" for q in disk.quads_for_pattern(None, None, None, graph))
        total += target.add_ntriples(graph.value, lines)
    del disk
    return total, time.perf_counter() - started


def synthetic_file(source: Path, out: Path) -> int:
    disk = ox.Store.read_only(str(source))
    triples = (q.triple for q in disk.quads_for_pattern(None, None, None, ox.NamedNode(SYNTHETIC_GRAPH)))
    ox.serialize(triples, str(out), ox.RdfFormat.N_TRIPLES)
    del disk
    return out.stat().st_size


def ms(seconds: float | None, error: str) -> str:
    return f"{seconds * 1000:.1f}" if seconds is not None else f"error ({error})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.backends", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--budget", type=float, default=3.0)
    parser.add_argument("--buffers", type=int, default=170_000, help="Virtuoso's NumberOfBuffers (8 kB each)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govgraph-bench"))
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    snap, _ = snapshot(ROOT, args.workdir / "snapshot-backends")
    built = build_store(args.size, snap, args.workdir)
    settings = Settings.from_env(environ={})
    print(f"store: {built.total:,} triples ({built.asserted:,} asserted) at {built.path}", flush=True)

    with tempfile.TemporaryDirectory(prefix="govgraph-backends-") as tmp:
        folder = Path(tmp)
        engine = engine_for(folder / "virtuoso", args.buffers)
        try:
            engine_store = remote(engine)
            copied, seconds = copy_graphs(Path(built.path), engine_store)
            print(f"copied {copied:,} triples into Virtuoso in {seconds:.1f} s", flush=True)

            # Bulk load: one N-Triples file of the synthetic graph, into each backend.
            nt = folder / "synthetic.nt"
            size = synthetic_file(Path(built.path), nt)
            fresh = EmbeddedStore(folder / "fresh")
            embedded_load = load(fresh, nt, "https://example.org/bulk")
            fresh.close()
            engine_load = load(engine_store, nt, "https://example.org/bulk")
            engine_store.update("DROP SILENT GRAPH <https://example.org/bulk>")

            embedded = EmbeddedStore(Path(built.path), read_only=True)
            rows = []
            options = {"timeout": settings.query_timeout, "max_rows": settings.max_rows}
            for case in cases(snap / "queries"):

                def on(store: object, sparql: str = case.sparql) -> Callable[[], object]:
                    return lambda: store.query(sparql, **options)  # type: ignore[attr-defined]

                e, e_err = timed(on(embedded), args.repeat, args.budget)
                v, v_err = timed(on(engine_store), args.repeat, args.budget)
                if v_err:
                    time.sleep(1)  # a dying engine takes a moment to exit
                    if engine.process is None or engine.process.poll() is not None:
                        v_err = "the engine process died"
                        engine.start()
                rows.append((case.label, e, e_err, v, v_err))
                print(f"  {case.label:<42} {ms(e, e_err):>12} {ms(v, v_err):>24}", flush=True)
            embedded.close()
            engine_store.close()
        finally:
            engine.stop()

    print()
    print(f"## Embedded store and Virtuoso at {built.total:,} triples")
    print()
    print("| query | embedded (ms) | Virtuoso (ms) | Virtuoso / embedded | faster |")
    print("|---|---:|---:|---:|---|")
    for label, e, e_err, v, v_err in rows:
        ratio = f"{v / e:.2f}x" if e and v else "-"
        faster = "-" if not (e and v) else ("embedded" if e < v else "Virtuoso")
        print(f"| {label} | {ms(e, e_err)} | {ms(v, v_err)} | {ratio} | {faster} |")
    print()
    print("| bulk load (`govgraph load`) | triples | seconds | triples/s |")
    print("|---|---:|---:|---:|")
    mb = size / 1e6
    for name, report in (
        ("embedded (pyoxigraph bulk loader)", embedded_load),
        ("Virtuoso (GSP POST, 20k-triple chunks)", engine_load),
    ):
        print(f"| {name}, {mb:.0f} MB N-Triples | {report.triples:,} | {report.seconds:.1f} | {report.rate:,.0f} |")
    print(f"| copy of every graph into Virtuoso (GSP POST) | {copied:,} | {seconds:.1f} | {copied / seconds:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
