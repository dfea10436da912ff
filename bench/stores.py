"""Stores of about N asserted triples: the curated ontology and data plus synthetic data, inferences materialized.

Built as `govgraph build` builds (one named graph per file, `materialize`, the metadata graph that
`govgraph serve` checks), into a cache directory keyed by size, seed and the content of the snapshot,
so a second run reuses them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.synthetic import Vocabulary, governance_turtle
from govgraph.inference import materialize
from govgraph.loader import BuildReport, _metadata, source_files
from govgraph.namespaces import GID, METADATA_GRAPH, data_graph
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore

SYNTHETIC_GRAPH = data_graph("synthetic-bench")


@dataclass
class Built:
    size: int
    path: str
    curated: int
    synthetic: int
    inferred: int
    total: int
    load_seconds: float
    inference_seconds: float
    inference_rounds: int
    reused: bool = False

    @property
    def asserted(self) -> int:
        return self.curated + self.synthetic


def settings_for(snapshot: Path, store: Path) -> Settings:
    return Settings.from_env(
        environ={},
        store=store,
        ontology_dir=snapshot / "ontology",
        data_dir=snapshot / "data",
        queries_dir=snapshot / "queries",
    )


def vocabulary(store: EmbeddedStore) -> Vocabulary:
    """The real countries, cities, issues and resources of a store, for synthetic data to point at."""

    def slugs(cls: str) -> list[str]:
        rows = store.query(f"SELECT ?x WHERE {{ ?x a {cls} }} ORDER BY ?x").bound_rows()
        return [r[0].value.removeprefix(GID) for r in rows if r[0].value.startswith(GID)]

    vocab = Vocabulary()
    vocab.countries = slugs("gg:Country") or vocab.countries
    vocab.cities = slugs("gg:City") or vocab.cities
    vocab.issues = slugs("gg:PolicyIssue") or vocab.issues
    vocab.resources = slugs("gg:InternetResource") or vocab.resources
    return vocab


def build_store(size: int, snapshot: Path, workdir: Path, *, seed: int = 7, rebuild: bool = False) -> Built:
    files = source_files(settings_for(snapshot, workdir / "unused"))
    digest = hashlib.sha256(b"".join(f.content for f in files) + Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "synthetic.py").read_bytes())
    path = workdir / f"store-{size}-seed{seed}-{digest.hexdigest()[:10]}"
    info = path.with_suffix(".json")
    if info.is_file() and (path / "CURRENT").is_file() and not rebuild:
        return Built(**{**json.loads(info.read_text()), "reused": True})
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    store = EmbeddedStore(path)
    graphs = {f.graph: store.replace_graph(f.graph, f.content, "turtle") for f in files}
    curated = sum(graphs.values())
    synthetic = 0
    if size > curated:
        synthetic = store.replace_graph(
            SYNTHETIC_GRAPH, governance_turtle(size - curated, vocabulary(store), seed=seed), "turtle"
        )
    load_seconds = time.perf_counter() - started
    stats = materialize(store)
    store.add_triples(METADATA_GRAPH, _metadata(files, BuildReport(store=path, graphs=graphs, inference=stats)))
    total = store.triple_count()
    store.close()
    built = Built(size, str(path), curated, synthetic, stats.triples, total, load_seconds, stats.seconds, stats.rounds)
    info.write_text(json.dumps(asdict(built)))
    return built


def in_memory_copy(path: Path) -> tuple[EmbeddedStore, float]:
    """The same quads in an in-memory pyoxigraph store, and the seconds the copy took."""
    started = time.perf_counter()
    disk = ox.Store.read_only(str(path))
    memory = EmbeddedStore(None)
    memory._store.extend(disk.quads_for_pattern(None, None, None, None))
    del disk
    return memory, time.perf_counter() - started


def write_ntriples(path: Path, out: Path) -> int:
    """The union of all graphs as N-Triples (what the union default graph shows), for rdflib."""
    disk = ox.Store.read_only(str(path))
    ox.serialize((q.triple for q in disk.quads_for_pattern(None, None, None, None)), str(out), ox.RdfFormat.N_TRIPLES)
    del disk
    return out.stat().st_size
