"""Bulk load of big N-Triples or Turtle dumps (optionally gzipped) into one named graph, streamed.

Into the embedded store, pyoxigraph's bulk loader reads the file itself; into a SPARQL engine, the file
is parsed as it is read and sent in chunks (Graph Store Protocol POST, or INSERT DATA batches). Neither
holds the whole file in memory. Progress is reported in bytes of the file on disk (compressed bytes for a
.gz), so the bar is right whatever the compression ratio.
"""

from __future__ import annotations

import gzip
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from govgraph.errors import InvalidParameter
from govgraph.formats import RDF
from govgraph.namespaces import GRAPH
from govgraph.rdf import syntax_error
from govgraph.store.base import Store

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# Called with the bytes of the file read so far, and the triples sent so far (None where not counted yet).
LoadProgress = Callable[[int, int | None], None]
# The syntaxes read as a stream, by extension: {".nt": N-Triples, ".ttl": Turtle}.
_FORMATS = {f".{f.extension}": f.rdf_format for f in (RDF["ntriples"], RDF["turtle"])}


@dataclass(frozen=True)
class LoadReport:
    graph: str
    triples: int
    seconds: float
    bytes: int

    @property
    def rate(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def default_graph(path: Path) -> str:
    """The graph a file goes to when none is named: …/graph/load/{file name without extensions}."""
    return f"{GRAPH}load/{path.name.split('.')[0]}"


def file_format(path: Path) -> tuple[ox.RdfFormat, bool]:
    """The RDF format of `path` by its extension, and whether it is gzipped."""
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] == ".gz"
    kind = suffixes[-2] if gzipped and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    if kind not in _FORMATS:
        raise InvalidParameter(
            f"Cannot tell the format of {path.name}.",
            hint="Name the file .nt or .ttl (N-Triples or Turtle), optionally followed by .gz.",
        )
    return _FORMATS[kind], gzipped


class _Counted(io.RawIOBase):
    """A binary file that reports how many bytes have been read from it."""

    def __init__(self, raw: IO[bytes], tick: Callable[[int], None]):
        self._raw = raw
        self._tick = tick
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]  # IO[bytes] does not declare it; files have it
        self.done += n or 0
        self._tick(self.done)
        return n or 0


def _open(path: Path, gzipped: bool, tick: Callable[[int], None]) -> IO[bytes]:
    counted = io.BufferedReader(_Counted(path.open("rb"), tick), buffer_size=1 << 20)
    return gzip.GzipFile(fileobj=counted) if gzipped else counted  # type: ignore[return-value]


def load(store: Store, path: Path, graph: str | None = None, *, progress: LoadProgress | None = None) -> LoadReport:
    """Add the triples of `path` to `graph` (default: one named after the file) and say how many."""
    if not path.is_file():
        raise InvalidParameter(f"No file at {path}.", hint="Give the path of an N-Triples or Turtle file.")
    fmt, gzipped = file_format(path)
    target = graph or default_graph(path)
    say = progress or (lambda _bytes, _triples: None)
    started = time.perf_counter()
    state = {"bytes": 0}

    def tick(done: int) -> None:
        state["bytes"] = done
        say(done, None)

    with _open(path, gzipped, tick) as stream:
        try:
            triples = store.bulk_load(stream, fmt, target, progress=lambda n: say(state["bytes"], n))
        except SyntaxError as exc:
            raise syntax_error(exc, source=str(path)) from None
    say(path.stat().st_size, triples)
    return LoadReport(target, triples, time.perf_counter() - started, path.stat().st_size)
