"""The time-travel rule of queries/README.md in Python, for code that filters time-bound records itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime


def today() -> str:
    """Today's date in UTC: what a question or a view answers as of when no date is given."""
    return datetime.now(UTC).date().isoformat()


def holds_on(day: str, start: str | None, end: str | None, attested: Iterable[str] = ()) -> bool:
    """Whether a record with these dates (xsd:date, gYearMonth or gYear text) holds on `day` (YYYY-MM-DD).

    Dates compare at the precision given ("2016-10" holds throughout October 2016). This is the part of the
    rule that needs no other record: the record has started (its start, or else its first attestation, is not
    after `day`), has not ended, and, when it has attestations but no end, `day` is not after its last
    attestation. Carrying a record further, until a later record of the same seat supersedes it, needs the
    other records, which only the questions' SPARQL sees: here a record is never carried past its last
    attestation.
    """
    if start and start > day:
        return False
    if end and end < day[: len(end)]:
        return False
    dates = sorted(attested)
    if dates and not end:
        if not start and dates[0] > day:
            return False
        return dates[-1] >= day[: len(dates[-1])]
    return True
