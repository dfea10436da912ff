"""The time-travel rule of queries/README.md in Python, for code that filters time-bound records itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime


def today() -> str:
    """Today's date in UTC: what a question or a view answers as of when no date is given."""
    return datetime.now(UTC).date().isoformat()


def holds_on(day: str, start: str | None, end: str | None, attested: Iterable[str] = ()) -> bool:
    """Whether a record with these dates (xsd:date, gYearMonth or gYear text) holds on `day` (YYYY-MM-DD).

    Dates compare at the precision given ("2016-10" holds throughout October 2016). A record only
    attested holds in its attested years; with a start and attestations but no end, from its start
    through its last attested year: a role that cannot be dated is never assumed to hold today.
    """
    if start and start > day:
        return False
    if end and end < day[: len(end)]:
        return False
    years = {a[:4] for a in attested}
    if years and not end:
        return (bool(start) and day[:4] <= max(years)) or day[:4] in years
    return True
