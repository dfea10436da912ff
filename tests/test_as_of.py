"""The time rule's part that needs no other record (govgraph.as_of), which the views apply record by record."""

from __future__ import annotations

import pytest

from govgraph.as_of import holds_on, today


@pytest.mark.parametrize(
    ("day", "start", "end", "attested", "holds"),
    [
        # dates compare at the precision given
        ("2016-10-31", "2016-10", None, [], True),
        ("2016-09-30", "2016-10", None, [], False),
        ("2016-10-01", None, "2016-10-01", [], True),
        ("2016-10-02", None, "2016-10-01", [], False),
        ("2023-12-31", "2022-08", "2023", [], True),
        ("2024-01-01", "2022-08", "2023", [], False),
        # only attested: from the first attestation through the last, gaps included
        ("2021-12-31", None, None, ["2022", "2025"], False),
        ("2022-01-01", None, None, ["2022", "2025"], True),
        ("2023-06-01", None, None, ["2022", "2025"], True),
        ("2025-12-31", None, None, ["2025", "2022"], True),
        ("2026-01-01", None, None, ["2022", "2025"], False),  # not carried: the later records are not seen here
        ("2022-07-31", None, None, ["2022-08"], False),  # an attestation begins at its own precision
        ("2022-08-31", None, None, ["2022-08"], True),
        # a start, then attestations, no end: from the start through the last attestation
        ("2016-03-01", "2016-03", None, ["2018", "2019"], True),
        ("2019-12-31", "2016-03", None, ["2018", "2019"], True),
        ("2020-01-01", "2016-03", None, ["2018", "2019"], False),
        # an end date settles it, attested or not
        ("2012-06-01", None, "2015", ["2012"], True),
        ("2016-01-01", None, "2015", ["2012"], False),
    ],
)
def test_holds_on(day: str, start: str | None, end: str | None, attested: list[str], holds: bool) -> None:
    assert holds_on(day, start, end, attested) is holds


def test_today_is_an_iso_date() -> None:
    assert len(today()) == 10 and today()[4] == today()[7] == "-"
