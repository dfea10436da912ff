"""Releases: immutable, numbered snapshots of the published graph, with their dump files.

`{releases}/{n}/` holds `store/` (a pyoxigraph copy, only ever opened read-only), the dumps
(`dump.trig`, `dump.nq`, `dump.ttl`, `dump.nt`, `dump.jsonld`) and `release.json` (number, time, version,
triples per graph, size and SHA-256 of each dump). A release is built in a temporary folder and renamed
into place, so a crash leaves no half release; renaming onto a number that exists already fails, so two
creators never get the same number, and nothing ever writes into a release once it is there.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import threading
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govgraph import __version__
from govgraph.dumps import FORMATS, DumpFile, graph_counts, open_snapshot, snapshot, write_dump
from govgraph.errors import InvalidParameter, NotFound
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore

RELEASE_FILE = "release.json"
_BUILDING = ".building-"
MAX_NUMBER = 999_999_999  # a release number has at most 9 digits


@dataclass(frozen=True)
class ReleaseFile:
    """One dump file of a release."""

    format: str
    name: str
    media_type: str
    size: int
    sha256: str
    triples: int

    @classmethod
    def of(cls, dump: DumpFile) -> ReleaseFile:
        f = dump.format
        return cls(f.key, f.file_name, f.media_type, dump.size, dump.sha256, dump.triples)


@dataclass(frozen=True)
class Release:
    number: int
    created: str
    version: str
    note: str | None
    triples: int  # in all graphs together, as the live store counts them
    graphs: dict[str, int]
    files: tuple[ReleaseFile, ...]
    path: Path

    @property
    def store_path(self) -> Path:
        return self.path / "store"

    def file(self, fmt: str) -> ReleaseFile:
        return next(f for f in self.files if f.format == fmt)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["path"]
        data["files"] = {f["format"]: f for f in data["files"]}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], path: Path) -> Release:
        files = tuple(ReleaseFile(**f) for f in data["files"].values())
        return cls(**{**data, "files": files, "path": path})


def parse_number(text: str | None, parameter: str = "release") -> int | None:
    """A release number as given in a request or on the command line; None when not given."""
    if text is None or not text.strip():
        return None
    if not is_number(text.strip()):
        raise InvalidParameter(
            f"{parameter}={text[:40]!r} is not a release number.",
            hint="Give a whole number such as 1; GET /releases lists them.",
            details={"parameter": parameter},
        )
    return int(text)


def is_number(text: str) -> bool:
    """ASCII digits naming a number from 1 to MAX_NUMBER. Not str.isdigit() alone: it accepts "²" and "①",
    which int() refuses, and int() refuses a text of more than 4,300 digits."""
    return text.isascii() and text.isdigit() and len(text) <= len(str(MAX_NUMBER)) and int(text) >= 1


class Releases:
    """The releases in settings.releases_path: listed, read, queried read-only, and created."""

    def __init__(self, settings: Settings):
        self.directory = settings.releases_path
        self._lock = threading.Lock()
        self._known: dict[int, Release] = {}
        self._stores: dict[int, EmbeddedStore] = {}

    # -- reading -------------------------------------------------------------------------------------

    def list(self) -> list[Release]:
        with self._lock:
            self._scan()
            return [self._known[n] for n in sorted(self._known)]

    def get(self, number: int) -> Release:
        with self._lock:
            if number not in self._known:
                self._scan()
            if number not in self._known:
                existing = ", ".join(str(n) for n in sorted(self._known))
                raise NotFound(
                    f"There is no release {number}.",
                    hint=f"The releases are: {existing}."
                    if existing
                    else "There are no releases yet; a maintainer makes one with `govgraph release` or POST /releases.",
                    details={"parameter": "release"},
                )
            return self._known[number]

    def store(self, number: int) -> Store:
        """The release's store, read-only; opened on first use and shared (pyoxigraph reads are thread-safe)."""
        release = self.get(number)
        with self._lock:
            if number not in self._stores:
                self._stores[number] = EmbeddedStore(release.store_path, read_only=True)
            return self._stores[number]

    def _scan(self) -> None:
        if not self.directory.is_dir():
            return
        for folder in self.directory.iterdir():
            if is_number(folder.name) and int(folder.name) not in self._known:
                with contextlib.suppress(FileNotFoundError):  # a release is complete once its folder is named
                    data = json.loads((folder / RELEASE_FILE).read_text(encoding="utf-8"))
                    self._known[int(folder.name)] = Release.from_json(data, folder)

    # -- creating ------------------------------------------------------------------------------------

    def create(self, store: Store, note: str | None = None, *, pause: AbstractContextManager | None = None) -> Release:
        """Snapshot `store` (holding `pause`, if given, only while copying), write the dumps, number it.

        Everything is built in a temporary folder beside the releases; any failure removes it.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        self._remove_abandoned()
        building = self.directory / f"{_BUILDING}{os.getpid()}-{secrets.token_hex(4)}"
        building.mkdir()
        try:
            snapshot(store, building / "store", pause=pause)
            source = open_snapshot(building / "store")
            graphs = graph_counts(source)
            files = tuple(ReleaseFile.of(write_dump(source, fmt, building / fmt.file_name)) for fmt in FORMATS)
            del source  # closes the snapshot before it is moved
            for f in files:
                _seal(building / f.name)
            created = datetime.now(UTC).isoformat(timespec="seconds")
            while True:
                release = Release(
                    self._next_number(), created, __version__, note, sum(graphs.values()), graphs, files, building
                )
                _write_json(building / RELEASE_FILE, release.as_json())
                target = self.directory / str(release.number)
                try:
                    building.rename(target)
                except OSError as exc:
                    if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                        continue  # another creator took this number first: take the next one
                    raise
                break
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        _fsync_directory(self.directory)
        release = replace(release, path=target)
        with self._lock:
            self._known[release.number] = release
        return release

    def _next_number(self) -> int:
        taken = [int(f.name) for f in self.directory.iterdir() if is_number(f.name)]
        return max(taken, default=0) + 1

    def _remove_abandoned(self) -> None:
        """Folders of creators that died while building: they never became releases."""
        for folder in self.directory.glob(f"{_BUILDING}*"):
            pid = folder.name[len(_BUILDING) :].split("-")[0]
            if pid.isascii() and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            for opened in self._stores.values():
                opened.close()
            self._stores.clear()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.unlink(missing_ok=True)
    with path.open("w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")
    _seal(path)


def _seal(path: Path) -> None:
    """On disk before the release is named, and read-only from then on."""
    with path.open("rb") as f:
        os.fsync(f.fileno())
    path.chmod(0o444)


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
