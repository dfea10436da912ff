"""A budget of submissions per client and minute, kept by the web layer (each process counts its own)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

from govgraph.errors import TooManyRequests


@dataclass
class RateLimiter:
    """At most `per_minute` events per key in any sliding minute."""

    per_minute: int
    _events: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, key: str) -> None:
        moment = time.monotonic()
        with self._lock:
            events = self._events[key]
            while events and moment - events[0] > 60:
                events.popleft()
            if len(events) >= self.per_minute:
                wait = int(60 - (moment - events[0])) + 1
                raise TooManyRequests(
                    f"More than {self.per_minute} submissions in a minute.",
                    hint=f"Try again in {wait} s.",
                    details={"retry_after": wait},
                )
            events.append(moment)
