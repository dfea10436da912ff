"""Human-readable labels for IRIs, in the reader's language with a fallback to English, then to any."""

from __future__ import annotations

from collections.abc import Iterable

from govgraph.sparql import iri_values
from govgraph.store.base import QueryResult, Store


def labels(store: Store, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
    listing = iri_values(iris)
    if not listing:
        return {}
    result = store.query(
        f"SELECT ?s ?label WHERE {{ VALUES ?s {{ {listing} }} ?s rdfs:label ?label }}",
        max_rows=(listing.count(" ") + 1) * 20,
    )
    ranked: dict[str, tuple[int, str]] = {}
    for s, label in result.bound_rows():
        rank = 0 if label.lang == lang else 1 if label.lang == "en" else 2
        if s.value not in ranked or rank < ranked[s.value][0]:
            ranked[s.value] = (rank, label.value)
    return {iri: text for iri, (_, text) in ranked.items()}


def result_labels(store: Store, result: QueryResult, lang: str = "en") -> dict[str, str]:
    """Labels of every IRI in a result's rows."""
    return labels(store, {t.value for row in result.rows for t in row if t is not None and t.kind == "uri"}, lang)
