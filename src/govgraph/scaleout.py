"""Several web worker processes over one embedded store: one writes, the others read.

RocksDB lets one process open a store for writing. The worker that gets it is the writer: it says so in
`<store>.writer.json` (its process id) and bumps `<store>.generation` after every write it makes. The
others open the store read-only, which shows the store as it was when opened, so before each request
they look at the generation file (one stat) and reopen when it has moved. They answer every read; a
write that reaches them (accepting, rejecting or retracting a contribution, making a release) is a 503
naming the writer. With a SPARQL engine every worker is a full client and none of this applies.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

from govgraph.errors import StoreUnavailable


def _writer_file(store: Path) -> Path:
    return store.with_name(store.name + ".writer.json")


def _generation_file(store: Path) -> Path:
    return store.with_name(store.name + ".generation")


def claim(store: Path) -> None:
    """Record this process as the store's writer."""
    _writer_file(store).write_text(json.dumps({"pid": os.getpid()}), encoding="utf-8")
    bump(store)


def bump(store: Path) -> None:
    """Tell the readers the store changed (the file's modification time is what they watch)."""
    path = _generation_file(store)
    count = int(path.read_text() or 0) + 1 if path.exists() else 1
    path.write_text(str(count), encoding="utf-8")


def writer(store: Path) -> str:
    """Which process writes the store, as words for a message."""
    try:
        pid = json.loads(_writer_file(store).read_text(encoding="utf-8"))["pid"]
    except (OSError, ValueError, KeyError):
        return "another govgraph process"
    return f"govgraph process {pid}"


def read_only_error(store: Path) -> StoreUnavailable:
    return StoreUnavailable(
        f"This worker reads only; the store's writer is {writer(store)}.",
        hint="Send the request again: another connection may reach the writer. An operator can run one worker "
        "(govgraph serve --workers 1), or a SPARQL engine, where every worker writes.",
        details={"writer": writer(store)},
    )


class Follower:
    """Reopens a read-only store when the writer's generation file moves; `reopen` does the swap."""

    def __init__(self, store: Path, reopen: Callable[[], None]):
        self._file = _generation_file(store)
        self._reopen = reopen
        self._seen = self._stamp()
        self._lock = threading.Lock()

    def _stamp(self) -> int:
        try:
            return self._file.stat().st_mtime_ns
        except OSError:
            return 0

    def check(self) -> None:
        stamp = self._stamp()
        if stamp == self._seen:
            return
        with self._lock:
            if stamp != self._seen:
                self._reopen()
                self._seen = stamp
