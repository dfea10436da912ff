"""The durable journal: tokens and contributions in SQLite (WAL, synchronous=FULL).

A write that returns has been fsynced, so an answer sent after it survives any crash. The journal is
the source of truth for contributions; the triple store is rebuilt from it where they disagree.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('contributor', 'maintainer')),
    secret_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS contributions (
    id TEXT PRIMARY KEY,
    token_id TEXT NOT NULL REFERENCES tokens(id),
    contributor TEXT NOT NULL,
    message TEXT NOT NULL,
    lang TEXT NOT NULL,
    media_type TEXT NOT NULL,
    ntriples TEXT NOT NULL,
    triples INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'retracted')),
    submitted TEXT NOT NULL,
    reviewer TEXT,
    reviewed TEXT,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS contributions_by_status ON contributions(status, submitted);
CREATE INDEX IF NOT EXISTS contributions_by_token ON contributions(token_id, submitted);
"""


class Journal:
    """One SQLite connection shared by the threads of one process, writes serialized by a lock."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A transaction that is on disk when the block ends, or rolled back if it raises."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
