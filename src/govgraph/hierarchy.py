"""The class hierarchy as Python data, read one rdfs:subClassOf step at a time.

Engines differ on property paths with both ends unbound (Virtuoso refuses `?a rdfs:subClassOf+ ?b`), so the
closure is taken here; the ontology has a few dozen classes.
"""

from __future__ import annotations

from collections import defaultdict

from govgraph.store.base import Store


def superclasses(store: Store) -> dict[str, set[str]]:
    """Every class that has superclasses, with all of them (transitively), itself left out."""
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in store.query(
        "SELECT DISTINCT ?c ?p WHERE { ?c rdfs:subClassOf ?p FILTER (isIRI(?c) && isIRI(?p)) }", max_rows=100_000
    ).bound_rows():
        parents[child.value].add(parent.value)

    def above(cls: str, seen: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for parent in parents.get(cls, ()):
            if parent not in seen:
                found |= {parent} | above(parent, seen | {parent})
        return found - {cls}

    return {cls: above(cls, frozenset({cls})) for cls in parents}
