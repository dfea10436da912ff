"""Build the store from ontology/ and data/: parse, validate against the shapes, load named graphs, infer.

A build writes a new store beside the old one and swaps it in only when everything succeeded, so a
failed build (bad syntax, shape violations) leaves the published store exactly as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import rdflib

from govgraph import __version__
from govgraph.errors import DataNotValid, RdfSyntaxError, StoreMissing, StoreUnavailable
from govgraph.inference import InferenceStats, materialize
from govgraph.namespaces import DCT, METADATA_GRAPH, ONTOLOGY_GRAPH, PROV, RDF_TYPE, VOID, XSD, data_graph
from govgraph.rdf import Triple, iri, literal, ntriples, parse_rdf, rdflib_graph
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.remote import Endpoints, RemoteStore
from govgraph.validation import ValidationReport, cached_graph, validate

# Called with what is happening, how many steps are done and how many there are in all.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SourceFile:
    path: Path
    graph: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class BuildReport:
    store: Path
    graphs: dict[str, int] = field(default_factory=dict)
    inference: InferenceStats | None = None
    validation: ValidationReport | None = None
    seconds: float = 0.0

    @property
    def asserted(self) -> int:
        return sum(self.graphs.values())


def source_files(settings: Settings) -> list[SourceFile]:
    """The ontology and every data/*.ttl file, each paired with the named graph it loads into."""
    if not settings.ontology_file.is_file():
        raise StoreMissing(
            f"Ontology not found at {settings.ontology_file}",
            hint="Set GOVGRAPH_ONTOLOGY_DIR to the folder holding govgraph.ttl.",
        )
    files = [SourceFile(settings.ontology_file, ONTOLOGY_GRAPH, settings.ontology_file.read_bytes())]
    for path in sorted(settings.data_dir.glob("*.ttl")):
        files.append(SourceFile(path, data_graph(path.stem), path.read_bytes()))
    return files


def parse_sources(files: list[SourceFile]) -> rdflib.Graph:
    """Check the syntax of every file (pyoxigraph: line and column on error), then merge them for SHACL."""
    return rdflib_graph(ntriples(t for f in files for t in parse_rdf(f.content, "turtle", source=str(f.path))))


def validate_sources(settings: Settings, files: list[SourceFile]) -> ValidationReport:
    data = parse_sources(files)
    return validate(
        data,
        shapes=cached_graph(settings.shapes_file),
        ontology=cached_graph(settings.ontology_file),
        engine=settings.validator,
    )


def build(settings: Settings, *, progress: Progress | None = None) -> BuildReport:
    """Validate, then (re)build the store at settings.store. Raises DataNotValid when shapes are violated."""
    say = progress or (lambda _msg, _done, _total: None)
    started = time.perf_counter()
    files = source_files(settings)
    steps = len(files) + 2  # validation, one load per file, inference
    say(f"Checking {len(files)} files against the shapes", 0, steps)
    report = validate_sources(settings, files)
    if not report.conforms:
        raise DataNotValid(
            f"The data breaks {len(report.results)} shape constraint(s); the store was not changed.",
            hint="Fix the listed triples and run `govgraph build` again.",
            details={"report": report},
        )

    if settings.remote:
        return _build_remote(settings, files, report, say, started)
    target = settings.store_path
    _ensure_not_in_use(target)
    staging = target.with_name(target.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    store = EmbeddedStore(staging)
    result = BuildReport(store=target, validation=report)
    try:
        _load(store, files, result, say, started)
        store.add_triples(METADATA_GRAPH, _metadata(files, result))
        store.close()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    say(f"Store ready at {target}", steps, steps)
    return result


def _load(store: Store, files: list[SourceFile], result: BuildReport, say: Progress, started: float) -> None:
    """Each file into its named graph, then the inferences; the metadata graph is the caller's to write."""
    steps = len(files) + 2
    for done, f in enumerate(files, start=1):
        say(f"Loading {f.path.name}", done, steps)
        result.graphs[f.graph] = store.replace_graph(f.graph, f.content, "turtle")
    say("Materializing inferences", steps - 1, steps)
    result.inference = materialize(store)
    result.seconds = time.perf_counter() - started


def _build_remote(
    settings: Settings, files: list[SourceFile], report: ValidationReport, say: Progress, started: float
) -> BuildReport:
    """Load into a SPARQL engine: each graph replaced whole (a repeat is harmless), data graphs of files that
    are gone dropped, inferences made again, the metadata written last (so `is_current` only says yes to a
    build that finished)."""
    steps = len(files) + 2
    store = open_store(settings)
    result = BuildReport(store=settings.local_base, validation=report)
    try:
        store.update(f"DROP SILENT GRAPH <{METADATA_GRAPH}>")
        wanted = {f.graph for f in files}
        for info in store.graphs():
            if info.iri.startswith(data_graph("")) and info.iri not in wanted:
                store.update(f"DROP SILENT GRAPH <{info.iri}>")
        _load(store, files, result, say, started)
        store.replace_graph(METADATA_GRAPH, ntriples(_metadata(files, result)), "ntriples")
    finally:
        store.close()
    say(f"Store ready at {settings.store}", steps, steps)
    return result


def _ensure_not_in_use(target: Path) -> None:
    if not target.exists():
        return
    try:
        EmbeddedStore(target).close()
    except StoreUnavailable as exc:
        raise StoreUnavailable(
            f"The store at {target} is in use (is `govgraph serve` running?).",
            hint="Stop the server, or build into another --store.",
        ) from exc


def _swap(staging: Path, target: Path) -> None:
    retired = target.with_name(target.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _metadata(files: list[SourceFile], report: BuildReport) -> list[Triple]:
    """Describe the build: when, which version, and for each named graph its file, checksum and size."""
    rdf_type = iri(RDF_TYPE)
    build = iri(METADATA_GRAPH + "#build")
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    triples = [
        (build, rdf_type, iri(PROV + "Activity")),
        (build, iri(PROV + "endedAtTime"), literal(now, XSD + "dateTime")),
        (build, iri(DCT + "hasVersion"), literal(__version__)),
    ]
    for f in files:
        graph = iri(f.graph)
        triples += [
            (graph, rdf_type, iri(VOID + "Dataset")),
            (graph, iri(PROV + "wasGeneratedBy"), build),
            (graph, iri(DCT + "source"), literal(f.path.name)),
            (graph, iri(DCT + "identifier"), literal(f"sha256:{f.sha256}")),
            (graph, iri(VOID + "triples"), literal(report.graphs.get(f.graph, 0), XSD + "integer")),
        ]
    return triples


def is_built(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def store_built(settings: Settings) -> bool:
    """Whether there is a store to serve: a built directory, or an engine holding a finished build."""
    if not settings.remote:
        return is_built(settings.store_path)
    store = open_store(settings, read_only=True)
    try:
        return bool(store.query(f"ASK {{ GRAPH <{METADATA_GRAPH}> {{ ?s ?p ?o }} }}").boolean)
    finally:
        store.close()


def is_current(settings: Settings) -> bool:
    """Whether the built store was made from exactly the ontology and data files there are now."""
    if not store_built(settings):
        return False
    store = open_store(settings, read_only=True)
    try:
        result = store.query(
            f"PREFIX void: <{VOID}> "
            f"SELECT ?graph ?id WHERE {{ GRAPH <{METADATA_GRAPH}> {{ ?graph a void:Dataset ; dct:identifier ?id }} }}"
        )
    finally:
        store.close()
    built = {r["graph"].value: r["id"].value for r in result.records()}
    return built == {f.graph: f"sha256:{f.sha256}" for f in source_files(settings)}


def open_store(settings: Settings, *, read_only: bool = False, serving: bool = False) -> Store:
    """The embedded store at settings.store, or the SPARQL engine it names.

    `serving`: opened for the web server, whose queries read memory when GOVGRAPH_READS says so.
    """
    if settings.remote:
        return remote_store(settings, read_only=read_only)
    if not is_built(settings.store_path):
        raise StoreMissing(
            f"No store at {settings.store_path}.",
            hint="Run `govgraph build` (or `govgraph serve`, which builds on first run).",
        )
    return EmbeddedStore(settings.store_path, read_only=read_only, in_memory=serving and settings.reads == "memory")


def remote_store(settings: Settings, *, read_only: bool = False) -> RemoteStore:
    endpoints = Endpoints.parse(
        str(settings.store),
        update=settings.update_url,
        gsp=settings.gsp_url,
        user=settings.store_user,
        password=settings.store_password,
    )
    # The client waits long enough for a build's biggest request; queries carry their own, shorter limit.
    return RemoteStore(endpoints, read_only=read_only, timeout=max(60.0, settings.query_timeout * 4))


__all__ = [
    "BuildReport",
    "RdfSyntaxError",
    "build",
    "is_built",
    "open_store",
    "source_files",
    "store_built",
    "validate_sources",
]
