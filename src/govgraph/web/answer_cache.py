"""Finished answers kept by request, so that asking again costs a dictionary lookup; with HTTP validators.

A course page, a slide or a notebook asks the same queries again and again, and the graph changes only
when a contribution is published. So the bytes of each answer are kept (up to a size budget, the least
recently used dropped first) until the store changes, when all of them go. Every answer carries a strong
ETag: a client that sends it back in If-None-Match gets a 304 and no body. A request with
`Cache-Control: no-cache` (or `Pragma: no-cache`) is answered afresh, and its answer kept. Answers also
go at the turn of the day (UTC), since a question asked without a date answers as of today; a query
that calls NOW(), RAND(), UUID() or STRUUID() is never kept.

Only the embedded store is cached: its one writer is this server, which tells the cache of every change.
An engine may be written by others behind govgraph's back, so its answers are never kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from govgraph.as_of import today

LIVE = "no-cache"  # a browser or proxy may keep the answer but must revalidate it (a cheap 304)
IMMUTABLE = "public, max-age=31536000, immutable"  # a release never changes


@dataclass(frozen=True)
class Kept:
    body: bytes
    headers: dict[str, str]  # Content-Type, ETag, Cache-Control and the answer's own headers

    def response(self, if_none_match: str | None, source: str) -> Response:
        """The answer, or a 304 when the client holds it; `source` (hit or miss) goes in X-Govgraph-Cache."""
        headers = {**self.headers, "x-govgraph-cache": source}
        if matches(if_none_match, self.headers["etag"]):
            del headers["content-type"]
            return Response(status_code=304, headers=headers)
        return Response(self.body, headers=headers)


class AnswerCache:
    """Answers by key, within `max_bytes`; `clear()` (the store changed) drops them all."""

    def __init__(self, max_bytes: int, *, today: Callable[[], str] = today):
        self.max_bytes = max_bytes
        self.generation = 0  # moves on every clear, so an answer computed before a change is not kept
        self._today = today
        self._day = today()  # answers "as of today" (questions, views without a date) hold for a day
        self._entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self._computing: dict[Hashable, asyncio.Future[Kept | Response]] = {}  # answers on their way
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        return self._size

    def get(self, key: Hashable) -> Kept | None:
        self._turn_of_day()
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
            return kept

    def put(self, key: Hashable, response: Response, *, generation: int, cache_control: str = LIVE) -> Kept:
        """The answer as kept (with its ETag); stored unless the store changed since `generation` was read
        or the answer alone would take more than an eighth of the budget."""
        body = bytes(response.body)
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        digest = hashlib.blake2b(body, digest_size=16)
        digest.update(headers.get("content-type", "").encode())
        # An answer's own Cache-Control (a release's view: a day) wins over the default.
        kept = Kept(body, {"cache-control": cache_control, **headers, "etag": f'"{digest.hexdigest()}"'})
        if len(body) * 8 > self.max_bytes:
            return kept
        self._turn_of_day()
        with self._lock:
            if generation != self.generation:
                return kept
            old = self._entries.pop(key, None)
            self._size += len(body) - (len(old.body) if old else 0)
            self._entries[key] = kept
            while self._size > self.max_bytes:
                self._size -= len(self._entries.popitem(last=False)[1].body)
        return kept

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self._size = 0

    def _turn_of_day(self) -> None:
        day = self._today()
        if day != self._day:
            self._day = day
            self.clear()

    async def serve(
        self,
        request: Request,
        key: Hashable,
        compute: Callable[[], Response],
        *,
        cache_control: str = LIVE,
    ) -> Response:
        """The kept answer for `key`, or `compute()` run on the thread pool and kept (a GET that is kept
        is answered by ServeKept before it gets here; a POST, or a GET that just missed it, by this)."""
        if_none_match = request.headers.get("if-none-match")
        fresh = wants_fresh(request.headers.get("cache-control"), request.headers.get("pragma"))
        if not fresh:
            kept = self.get(key)
            if kept is not None:
                return kept.response(if_none_match, "hit")
            computing = self._computing.get(key)
            if computing is not None:  # asked again while it is being computed: one computation serves both
                shared = await asyncio.shield(computing)
                return shared.response(if_none_match, "hit") if isinstance(shared, Kept) else shared
        future: asyncio.Future[Kept | Response] = asyncio.get_running_loop().create_future()
        future.add_done_callback(lambda done: done.cancelled() or done.exception())  # an error is the caller's
        if not fresh:
            self._computing[key] = future
        try:
            generation = self.generation
            response = await run_in_threadpool(compute)
            result: Kept | Response = response
            if response.status_code == 200:
                result = self.put(key, response, generation=generation, cache_control=cache_control)
            future.set_result(result)
        except BaseException as exc:
            future.set_exception(exc)
            raise
        finally:
            if self._computing.get(key) is future:
                del self._computing[key]
        return result.response(if_none_match, "miss") if isinstance(result, Kept) else result


async def serve(
    request: Request,
    cache: AnswerCache | None,
    compute: Callable[[], Response],
    *,
    key: Hashable | None = None,
    immutable: bool = False,
    keep: bool = True,
) -> Response:
    """Through the app's answer `cache` when it has one, else computed on the thread pool.

    `key` defaults to the GET request itself (path, query string and the headers that choose the answer),
    which lets ServeKept answer it again before any routing. `keep=False` computes it every time.
    """
    if cache is None or not keep:
        return await run_in_threadpool(compute)
    key = key if key is not None else request_key(request.scope)[0]
    return await cache.serve(request, key, compute, cache_control=IMMUTABLE if immutable else LIVE)


def request_key(scope: Scope) -> tuple[Hashable, dict[bytes, str]]:
    """A GET request as a cache key, and the request headers the cache reads."""
    wanted = {}
    for name, value in scope["headers"]:
        if name in _HEADERS:
            wanted[name] = value.decode("latin-1")
    key = ("GET", scope["path"], scope["query_string"], wanted.get(b"accept"), wanted.get(b"accept-language"))
    return key, wanted


_HEADERS = {b"accept", b"accept-language", b"cache-control", b"pragma", b"if-none-match"}


class ServeKept:
    """Kept answers to GET requests, sent before routing: a repeated query costs a lookup and no more."""

    def __init__(self, app: ASGIApp, cache_of: Callable[[Scope], AnswerCache | None]):
        self.app = app
        self.cache_of = cache_of  # the app's cache, found from the request (none before the app has started)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = self.cache_of(scope) if scope["type"] == "http" else None
        if cache is not None and scope["method"] == "GET":
            key, headers = request_key(scope)
            if not wants_fresh(headers.get(b"cache-control"), headers.get(b"pragma")):
                kept = cache.get(key)
                if kept is not None:
                    await kept.response(headers.get(b"if-none-match"), "hit")(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def wants_fresh(cache_control: str | None, pragma: str | None) -> bool:
    directives = f"{cache_control or ''},{pragma or ''}".lower()
    return "no-cache" in directives or "no-store" in directives


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match uses: `*`, or any listed tag with the same opaque value."""
    if not if_none_match:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or etag in (t.removeprefix("W/") for t in tags)
