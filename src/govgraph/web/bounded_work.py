"""Expensive work with a bound: a few at once on threads of its own, a short line behind them, and a
503 with Retry-After at once beyond it. The work never takes a token of AnyIO's default thread pool
(40 of them, for every sync route): a flood of validations held them all, and /health waited 43 s."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from govgraph.errors import ServerBusy

T = TypeVar("T")


class BoundedWork:
    """Run on the event loop's side: admission is counted there, without a lock."""

    def __init__(self, at_once: int, waiting: int, *, doing: str):
        self.at_once, self.waiting, self.doing = at_once, waiting, doing
        self._threads = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix=doing)
        self._admitted = 0  # running or waiting; changed only on the event loop
        self._seconds = 1.0  # how long one piece takes, a running mean: what Retry-After is made of

    def refuse_if_full(self) -> None:
        """503 when no more may wait: called before anything is read, so that a refusal costs nothing."""
        if self._admitted >= self.at_once + self.waiting:
            wait = max(1, min(60, math.ceil(self._seconds * self._admitted / self.at_once)))
            raise ServerBusy(
                f"The server is busy {self.doing}: {self.at_once} at once and {self.waiting} waiting is the most.",
                hint=f"Try again in {wait} s.",
                details={"retry_after": wait},
            )

    async def run(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        self.refuse_if_full()
        self._admitted += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._threads, partial(self._timed, work, *args, **kwargs)
            )
        finally:
            self._admitted -= 1

    def _timed(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            self._seconds = 0.8 * self._seconds + 0.2 * (time.perf_counter() - started)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
