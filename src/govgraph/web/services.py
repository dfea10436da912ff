"""What the routes use, in one typed object: `open_services` builds it when the app starts and closes it when the
app stops (the lifespan), and a route takes it as a `ServicesDep` parameter. The one module that touches
app.state: everything else reaches the store, the contributions and the rest through a Services object.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from govgraph import scaleout, void
from govgraph.contributions.rate_limit import RateLimiter
from govgraph.contributions.workflow import Contributions
from govgraph.dumps import CurrentDumps
from govgraph.errors import StoreUnavailable
from govgraph.journal import Journal
from govgraph.loader import open_store
from govgraph.questions import Catalogue
from govgraph.releases import Releases
from govgraph.search import LabelIndex
from govgraph.settings import Settings
from govgraph.statistics import Count
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore
from govgraph.store.sandbox import QueryWorkers
from govgraph.store.snapshots import Snapshots, newest_snapshot, open_newest, snapshots_directory
from govgraph.views import Views
from govgraph.web.answer_cache import AnswerCache
from govgraph.web.bounded_work import BoundedWork


@dataclass(eq=False)
class VoidTally:
    """The dataset's sizes for /void, counted once per generation of the current dumps (counting takes seconds
    on a big store, and the generation moves with every publication)."""

    generation: int | None = None
    counts: void.Counts | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, store: Store, generation: int) -> void.Counts:
        with self.lock:
            if self.counts is None or self.generation != generation:
                self.counts, self.generation = void.count(store), generation
            return self.counts


@dataclass(eq=False)
class Services:
    """Everything a route needs, built once per app. A reading worker swaps `store` in `follow` alone."""

    settings: Settings
    catalogue: Catalogue
    store: Store
    contributions: Contributions
    # Validations are bounded and on threads of their own: a flood of them cannot starve other routes.
    validations: BoundedWork
    releases: Releases
    dumps: CurrentDumps
    views: Views
    # Submissions per token, validations per client address: each in its sliding minute.
    limiter: RateLimiter
    label_index: LabelIndex = field(default_factory=LabelIndex)
    # Entities per class, by language; counting every entity takes seconds on a big store.
    class_counts: dict[str, list[Count]] = field(default_factory=dict)
    void_tally: VoidTally = field(default_factory=VoidTally)
    answers: AnswerCache | None = None
    # Worker processes the public's queries go to (stopped at the time limit), when there are any.
    workers: QueryWorkers | None = None
    # Set in a web worker that reads the writer's snapshots: it catches up before each request.
    follower: scaleout.Follower | None = None

    def latest_release(self) -> int | None:
        return max((r.number for r in self.releases.list()), default=None)

    def follow(self) -> None:
        """A reader's view of the store after the writer changed it: the newest snapshot opened, caches told.
        The old view is left to the requests still reading it (and then to the garbage collector)."""
        fresh = _newest_snapshot(self.settings)
        newest = newest_snapshot(snapshots_directory(self.settings.store_path))
        if self.workers is not None and newest is not None:
            self.workers.changed(newest)
        self.store = fresh
        self.contributions.store = fresh
        self.dumps.store = fresh
        for listener in self.contributions.on_change:
            listener()


@asynccontextmanager
async def open_services(
    settings: Settings, catalogue: Catalogue, store: Store | None = None
) -> AsyncIterator[Services]:
    """The services over `store`, or over the store at settings.store, opened for as long as the block runs.

    The app is the store's one writer (published contributions); on start it brings the store in line
    with the contribution journal, which matters after a crash or a `govgraph build`.
    """
    opened = store is None
    # Several workers over one embedded store: the first to open it writes, the others read.
    shared = opened and settings.workers > 1 and not settings.remote
    live, reading = (store, False) if store is not None else _open(settings, shared)
    journal = Journal(settings.journal_file)
    contributions = Contributions.from_settings(settings, live, journal)
    if reading:
        contributions.writes_refused = lambda: scaleout.read_only_error(settings.store_path)
    else:
        contributions.reconcile()
    # Each of several workers keeps its own dump files: each one clears its folder on start.
    folder = ".current" if settings.workers == 1 else f".current-{os.getpid()}"
    services = Services(
        settings=settings,
        catalogue=catalogue,
        store=live,
        contributions=contributions,
        validations=BoundedWork(settings.validations, settings.validation_queue, doing="validating"),
        releases=Releases(settings),
        # Copies of the store are taken between publications, never half-way through one.
        dumps=CurrentDumps(live, settings.releases_path / folder, pause=contributions.publishing),
        views=Views(catalogue),
        limiter=RateLimiter(settings.submissions_per_minute),
    )
    contributions.on_change += [services.label_index.changed, services.class_counts.clear, services.dumps.changed]
    if settings.answer_cache_mb and not settings.remote:
        services.answers = AnswerCache(settings.answer_cache_mb * 2**20)
        contributions.on_change.append(services.answers.clear)
    # Validations are CPU work under the GIL: the event loop gets it back after 1 ms of theirs, not 5 (under a
    # flood, /health's worst case 0.55-0.78 s -> 0.35-0.38 s, the median 22 -> 12 ms, same throughput).
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        await _start_readers(services, opened=opened, shared=shared, reading=reading)
        yield services
    finally:
        sys.setswitchinterval(switch_interval)
        services.validations.close()
        services.releases.close()
        if settings.workers > 1:
            shutil.rmtree(services.dumps.directory, ignore_errors=True)
        if services.workers is not None:
            services.workers.close()
        journal.close()
        if opened:
            services.store.close()


async def _start_readers(services: Services, *, opened: bool, shared: bool, reading: bool) -> None:
    """The other readers of the embedded store: query worker processes and reading web workers, which read
    snapshots of it published after every change; a reading web worker follows the writer's."""
    settings = services.settings
    use_workers = bool(settings.query_workers) and opened and not settings.remote
    snapshot = None
    if reading:
        snapshot = newest_snapshot(snapshots_directory(settings.store_path))
        services.follower = scaleout.Follower(settings.store_path, services.follow)
    elif use_workers or shared:
        publish = _snapshot_publisher(services, shared)
        snapshot = publish()

        def republish() -> None:
            publish()

        services.contributions.on_change.insert(0, republish)  # before any cache is cleared
    if use_workers and snapshot is not None:
        services.workers = QueryWorkers(snapshot, settings.query_workers, in_memory=settings.reads == "memory")
        await run_in_threadpool(services.workers.wait_ready)


def _open(settings: Settings, shared: bool) -> tuple[Store, bool]:
    """The store for writing; when another worker holds it and workers share it, its newest snapshot."""
    try:
        return open_store(settings, serving=True), False
    except StoreUnavailable:
        if not shared:
            raise
        return _newest_snapshot(settings), True


def _newest_snapshot(settings: Settings) -> Store:
    """What a reading web worker queries: the writer's newest snapshot (waiting for the first one)."""
    return open_newest(settings.store_path, in_memory=settings.reads == "memory").store


def _snapshot_publisher(services: Services, shared: bool) -> Callable[[], Path]:
    """What the writer does after each change (and once on start): publish a snapshot, have the query
    workers open it, and tell reading web workers."""
    store_path = services.settings.store_path
    snapshots = Snapshots(store_path)

    def publish() -> Path:
        written = services.store
        assert isinstance(written, EmbeddedStore)  # snapshots are of the embedded store only
        snapshot = snapshots.take(written)
        if services.workers is not None:
            services.workers.changed(snapshot)
        if shared:
            scaleout.bump(store_path)
        return snapshot

    if shared:
        scaleout.claim(store_path)
    return publish


def attach(app: FastAPI, services: Services) -> None:
    """Make `services` the app's, for its routes and middleware (the lifespan calls it once open)."""
    app.state.services = services


def of_scope(scope: Scope) -> Services | None:
    """The services of the app a request came to; None before the app has started (plain ASGI middleware)."""
    found = getattr(scope["app"].state, "services", None)
    return found if isinstance(found, Services) else None


def answer_cache_of(scope: Scope) -> AnswerCache | None:
    found = of_scope(scope)
    return found.answers if found is not None else None


async def services(request: Request) -> Services:
    """The app's services, as a FastAPI dependency (async: it runs on the event loop, not on a thread)."""
    found = of_scope(request.scope)
    assert found is not None, "the app's lifespan opens its services before any route runs"
    return found


ServicesDep = Annotated[Services, Depends(services)]
