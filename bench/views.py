"""Time the graph views (what /embed/... computes before rendering) on stores of about 10k, 100k and 1M triples.

    python -m bench.views [--sizes 10000,100000,1000000] [--repeat 5] [--budget 20] [--markdown FILE]

Each view is built on the on-disk store, as the server builds it, and on an in-memory copy of the same
quads in the same process (the baseline: what the disk costs). Cells are medians in ms. The target:
an entity neighbourhood within 300 ms at 1M triples.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bench.__main__ import human
from bench.analysis import timed
from bench.cases import snapshot
from bench.report import Report, ms
from bench.stores import build_store, in_memory_copy
from govgraph.questions import Catalogue
from govgraph.store.embedded import EmbeddedStore
from govgraph.views import View, Views

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.300  # seconds, entity neighbourhood at 1M
CASES: list[tuple[str, str, str | None, dict[str, Any]]] = [
    ("entity igf (hub, cut at 60 nodes)", "entity", "igf", {}),
    ("entity icann, depth 1", "entity", "icann", {}),
    ("entity icann, depth 2", "entity", "icann", {"depth": 2}),
    ("entity icann, depth 3", "entity", "icann", {"depth": 3}),
    ("entity synthetic org, depth 2", "entity", "syn-org-0-0", {"depth": 2}),
    ("forum igf", "forum", "igf", {}),
    ("forum igf as of 2019", "forum", "igf", {"as_of": "2019-06-01"}),
    ("lineage igf", "lineage", "igf", {}),
    ("stewardship", "stewardship", None, {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govgraph-bench"))
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    report = Report(args.markdown)
    snap, _ = snapshot(ROOT, args.workdir / "snapshot-views")
    views = Views(Catalogue(snap / "queries"))
    rows: dict[str, list[str]] = {name: [name] for name, *_ in CASES}
    headers = ["view"]
    for size in sizes:
        built = build_store(size, snap, args.workdir)
        disk = EmbeddedStore(Path(built.path), read_only=True)
        memory, _ = in_memory_copy(Path(built.path))
        headers += [f"{human(size)} disk", f"{human(size)} memory", "ratio", "nodes"]
        for name, kind, slug, options in CASES:

            def build(
                store: EmbeddedStore, kind: str = kind, slug: str | None = slug, options: dict[str, Any] = options
            ) -> View:
                return views.build(store, kind, slug, **options)

            on_disk, view = timed(lambda: build(disk), args.repeat, args.budget)  # noqa: B023 (called at once)
            in_memory, _ = timed(lambda: build(memory), args.repeat, args.budget)  # noqa: B023
            cut = "+" if view.truncated else ""
            rows[name] += [ms(on_disk), ms(in_memory), f"{on_disk / in_memory:.1f}x", f"{len(view.nodes)}{cut}"]
        disk.close()
        memory.close()
    report.table(
        "Building a view (ms, median)",
        headers,
        list(rows.values()),
        caption=f"Target: an entity neighbourhood within {TARGET * 1000:.0f} ms at 1M triples. "
        "nodes: in the view on the largest store ('+': cut to stay readable).",
    )


if __name__ == "__main__":
    main()
