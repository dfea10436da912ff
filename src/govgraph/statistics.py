"""What the graph holds: entities by class and stakeholders by stakeholder group."""

from __future__ import annotations

from dataclasses import dataclass

from govgraph.namespaces import GG, GID
from govgraph.store.base import Store


@dataclass(frozen=True)
class Count:
    iri: str
    label: str
    count: int


def _counts(store: Store, sparql: str) -> list[Count]:
    return [
        Count(r["k"].value, r["label"].value if "label" in r else r["k"].value, int(r["n"].value))
        for r in store.query(sparql).records()
    ]


def by_class(store: Store, lang: str = "en") -> list[Count]:
    """Entities per govgraph class, counting each entity in its class and every superclass."""
    return _counts(
        store,
        f"""
        SELECT ?k (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            ?s a ?k . FILTER (STRSTARTS(STR(?k), "{GG}"))
            FILTER (STRSTARTS(STR(?s), "{GID}"))
            OPTIONAL {{ ?k rdfs:label ?l FILTER (LANG(?l) = "{lang}") }}
        }} GROUP BY ?k ORDER BY DESC(?n) ?k""",
    )


def by_stakeholder_group(store: Store, lang: str = "en") -> list[Count]:
    return _counts(
        store,
        f"""
        SELECT ?k (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            ?s gg:stakeholderGroup ?k .
            OPTIONAL {{ ?k rdfs:label ?l FILTER (LANG(?l) = "{lang}") }}
        }} GROUP BY ?k ORDER BY DESC(?n) ?k""",
    )
