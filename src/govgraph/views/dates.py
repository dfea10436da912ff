"""When each entity begins: its first date (a start, an adoption, a founding, or its first meeting)."""

from __future__ import annotations

from collections.abc import Iterable

from govgraph.sparql import iri_values
from govgraph.store.base import Store


def beginnings(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """The earliest of its gg:startDate, gg:adoptedOn, gg:founded and its meetings' start, as text."""
    listing = iri_values(iris)
    if not listing:
        return {}
    result = store.query(
        f"""SELECT ?n (MIN(STR(?d)) AS ?first) WHERE {{
            VALUES ?n {{ {listing} }}
            {{ ?n gg:startDate|gg:adoptedOn|gg:founded ?d }} UNION {{ ?meeting gg:meetingOf ?n ; gg:startDate ?d }}
        }} GROUP BY ?n""",
        max_rows=100_000,
    )
    return {n.value: first.value for n, first in result.rows if n is not None and first is not None}
