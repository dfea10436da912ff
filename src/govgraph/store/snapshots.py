"""Unchanging copies of the embedded store, for the processes that only read it.

RocksDB lets one process write a store. Opening it read-only while that process writes is undefined
behaviour (pyoxigraph's documentation says so), and in practice a reader then meets files that the
writer's compaction removed, or spends longer replaying the write-ahead log than any query may take. So
after every change the writer publishes a snapshot: a RocksDB checkpoint (memtables flushed, files hard
links, nothing to replay when it is opened), which nobody ever writes. Query workers and reading web
workers open the newest one. A reader holds a shared lock on the snapshot it has open; the writer removes
an older snapshot once nobody holds that lock (a killed reader's lock goes with its process).
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import time
from pathlib import Path
from typing import IO

from govgraph.errors import StoreUnavailable
from govgraph.store.embedded import EmbeddedStore

_LOCK = "reading.lock"  # in each snapshot: readers hold it shared, the writer takes it to remove the snapshot
_PARTIAL = ".partial"  # a snapshot being written; renamed into place whole


def snapshots_directory(store: Path) -> Path:
    return store.with_name(store.name + ".snapshots")


class Snapshots:
    """The writer's side: take a snapshot after a change, remove the ones no reader holds."""

    def __init__(self, store: Path):
        self.root = snapshots_directory(store)

    def take(self, store: EmbeddedStore) -> Path:
        """A new snapshot of `store`, the newest from now on; older ones nobody reads are removed."""
        self.root.mkdir(parents=True, exist_ok=True)
        newest = newest_snapshot(self.root)
        number = int(newest.name) + 1 if newest is not None else 1
        partial = self.root / f"{number:010d}{_PARTIAL}"
        shutil.rmtree(partial, ignore_errors=True)
        store.backup(partial)
        (partial / _LOCK).touch()
        final = partial.with_name(f"{number:010d}")
        partial.rename(final)  # readers never see a snapshot half made
        self.prune()
        return final

    def prune(self) -> None:
        """Remove every snapshot but the newest that no reader holds, and any left half made by a crash."""
        newest = newest_snapshot(self.root)
        for path in self.root.iterdir() if self.root.is_dir() else ():
            if path.name.endswith(_PARTIAL):
                shutil.rmtree(path, ignore_errors=True)
            elif path != newest and path.name.isascii() and path.name.isdigit():
                _remove_unless_read(path)


def newest_snapshot(root: Path) -> Path | None:
    numbered = [p for p in root.iterdir() if p.name.isascii() and p.name.isdigit()] if root.is_dir() else []
    return max(numbered, key=lambda p: int(p.name), default=None)


def _remove_unless_read(path: Path) -> None:
    try:
        lock = (path / _LOCK).open("rb")
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a reader still has it open: removed on a later change
        shutil.rmtree(path, ignore_errors=True)


def hold(path: Path) -> IO[bytes]:
    """Take a reader's shared lock on snapshot `path` (released when the returned file is closed).

    Raises FileNotFoundError when the snapshot is gone (the writer removed it before it was held).
    """
    lock = (path / _LOCK).open("rb")
    fcntl.flock(lock, fcntl.LOCK_SH)
    if not (path / "CURRENT").exists():  # removed while this waited for the lock
        lock.close()
        raise FileNotFoundError(path)
    return lock


class SnapshotReader:
    """A snapshot opened read-only and held (see `hold`) for as long as this reader is open."""

    def __init__(self, path: Path, *, in_memory: bool = False):
        self.path = path
        self._lock: IO[bytes] | None = hold(path)
        try:
            self.store = EmbeddedStore.copied_from(path) if in_memory else EmbeddedStore(path, read_only=True)
        except BaseException:
            self._release()
            raise
        if in_memory:  # a copy in memory needs the files no more
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def close(self) -> None:
        self.store.close()
        self._release()


def open_newest(store: Path, *, in_memory: bool = False, wait: float = 120.0) -> SnapshotReader:
    """The newest snapshot of `store`, opened; waits up to `wait` seconds for the writer to publish one."""
    root = snapshots_directory(store)
    deadline = time.monotonic() + wait
    while True:
        newest = newest_snapshot(root)
        if newest is not None:
            with contextlib.suppress(FileNotFoundError):
                return SnapshotReader(newest, in_memory=in_memory)
            continue  # removed just now: a newer one is there
        if time.monotonic() > deadline:
            raise StoreUnavailable(
                f"No snapshot of the store appeared in {root} within {wait:g} s.",
                hint="The process that writes the store publishes one when it starts; is it running?",
            )
        time.sleep(0.1)
