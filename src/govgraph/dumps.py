"""Dump files of the published graph: TriG and N-Quads keep the named graphs; Turtle, N-Triples and JSON-LD
hold their union (each triple once). Dumps are written from a snapshot directory (a pyoxigraph backup),
so a file always describes one consistent state, streamed to disk rather than held in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from govgraph.errors import NotFound, StoreUnavailable
from govgraph.formats import RDF, Format
from govgraph.namespaces import PREFIXES
from govgraph.store.base import Store


@dataclass(frozen=True)
class DumpFormat:
    """One of the dump files: an RDF syntax (its key, extension, media type from the registry) and whether
    it holds the graphs one by one or their union."""

    format: Format
    title: str
    union: bool  # True: the union of the graphs as one graph; False: every named graph kept

    @property
    def key(self) -> str:
        return self.format.key

    @property
    def extension(self) -> str:
        return self.format.extension

    @property
    def media_type(self) -> str:
        return self.format.media_type

    @property
    def file_name(self) -> str:
        return f"dump.{self.extension}"


FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat(RDF["trig"], "TriG, with the named graphs", union=False),
    DumpFormat(RDF["nquads"], "N-Quads, with the named graphs", union=False),
    DumpFormat(RDF["turtle"], "Turtle, the union of the graphs", union=True),
    DumpFormat(RDF["ntriples"], "N-Triples, the union of the graphs", union=True),
    DumpFormat(RDF["jsonld"], "JSON-LD, the union of the graphs", union=True),
)
DEFAULT = FORMATS[0]
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # pyoxigraph keeps each constructed triple once


@dataclass(frozen=True)
class DumpFile:
    """One written dump: where it is, its size and its SHA-256."""

    format: DumpFormat
    path: Path
    size: int
    sha256: str
    triples: int  # quads for TriG/N-Quads, distinct triples for the union formats


def by_extension(extension: str) -> DumpFormat:
    for fmt in FORMATS:
        if fmt.extension == extension.lower():
            return fmt
    raise NotFound(
        f"There is no dump in .{extension[:20]} form.",
        hint=f"Use one of: {', '.join('dump.' + f.extension for f in FORMATS)}.",
    )


def of_format(fmt: Format) -> DumpFormat:
    """The dump written in `fmt` (one of the registry's RDF formats that FORMATS holds)."""
    return next(f for f in FORMATS if f.format is fmt)


def snapshot(store: Store, target: Path, *, pause: AbstractContextManager | None = None) -> None:
    """Copy `store` to the new directory `target`, with `pause` held so no publication is caught half-way."""
    with pause or nullcontext():
        store.backup(target)


def open_snapshot(path: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreUnavailable(f"Cannot open the snapshot at {path}: {exc}") from exc


def graph_counts(source: ox.Store) -> dict[str, int]:
    """Triples in each named graph (and the default graph, when anything is there)."""
    rows = source.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(rows, ox.QuerySolutions)  # a SELECT
    counts = {row["g"].value: int(row["n"].value) for row in rows}
    default = sum(1 for _ in source.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return dict(sorted(counts.items())) | ({"": default} if default else {})


def write_dump(source: ox.Store, fmt: DumpFormat, target: Path) -> DumpFile:
    """Stream `source` in `fmt` to `target` (written beside it, then renamed into place)."""
    partial = target.with_name(target.name + ".part")
    if fmt.union:
        constructed = source.query(_UNION, use_default_graph_as_union=True)
        assert isinstance(constructed, ox.QueryTriples)  # a CONSTRUCT
        counted = _Counter(constructed)
        ox.serialize(counted, str(partial), format=fmt.format.rdf_format, prefixes=_prefixes(fmt))
        triples = counted.count
    else:
        source.dump(str(partial), format=fmt.format.rdf_format, prefixes=_prefixes(fmt))
        triples = len(source)
    digest, size = file_digest(partial)
    os.replace(partial, target)
    return DumpFile(fmt, target, size, digest, triples)


def file_digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _prefixes(fmt: DumpFormat) -> dict[str, str] | None:
    return PREFIXES if fmt.format.prefixes else None


class _Counter:
    """Passes triples through, counting them."""

    def __init__(self, items: ox.QueryTriples):
        self._items = items
        self.count = 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for item in self._items:
            self.count += 1
            yield item


class CurrentDumps:
    """Dumps of the live store, made on first request and kept on disk until the store changes.

    Each generation of the store gets one snapshot (cheap: hard links) and its dump files, written on
    first demand; `changed()` (called after every publication) starts a new generation, and the files of
    older ones are removed once a newer one exists.
    """

    def __init__(self, store: Store, directory: Path, *, pause: AbstractContextManager | None = None):
        self.store = store
        self.directory = directory
        self.pause = pause
        self.generation = 0
        self._lock = threading.Lock()
        self._files: dict[tuple[int, str], DumpFile] = {}
        shutil.rmtree(directory, ignore_errors=True)  # left by an earlier run: the store may have changed since

    def changed(self) -> None:
        with self._lock:
            self.generation += 1

    def file(self, fmt: DumpFormat) -> DumpFile:
        with self._lock:
            key = (self.generation, fmt.key)
            if key not in self._files:
                folder = self.directory / str(self.generation)
                if not (folder / "store").exists():
                    folder.mkdir(parents=True, exist_ok=True)
                    try:
                        snapshot(self.store, folder / "store", pause=self.pause)
                    except BaseException:
                        shutil.rmtree(folder / "store", ignore_errors=True)
                        raise
                    self._forget_before(self.generation - 1)
                source = open_snapshot(folder / "store")
                try:
                    self._files[key] = write_dump(source, fmt, folder / fmt.file_name)
                finally:
                    del source
            return self._files[key]

    def known(self) -> dict[str, DumpFile]:
        """The dumps of the current generation written so far, by format key."""
        with self._lock:
            return {k: f for (g, k), f in self._files.items() if g == self.generation}

    def _forget_before(self, generation: int) -> None:
        # One generation back is kept: a download of it may still be streaming.
        for old in [k for k in self._files if k[0] < generation]:
            del self._files[old]
        for folder in self.directory.iterdir():
            if folder.name.isascii() and folder.name.isdigit() and int(folder.name) < generation:
                shutil.rmtree(folder, ignore_errors=True)
