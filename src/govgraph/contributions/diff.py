"""A contribution beside the published graph: what it adds, what is there already, what it contradicts."""

from __future__ import annotations

from govgraph.namespaces import INFERRED_GRAPH, RDFS, SKOS
from govgraph.rdf import Triple, from_triple, parse_rdf, statement
from govgraph.store.base import Store

_LABELS = (f"{RDFS}label", f"{SKOS}prefLabel")  # one value per language


def diff(store: Store, ntriples: str) -> dict[str, list[str]]:
    """For canonical N-Triples (one triple a line): the lines the store does not assert yet, those it does,
    and the published values they contradict (another value of a single-valued property, or another label
    in the same language)."""
    triples = [from_triple(t) for t in parse_rdf(ntriples.encode(), "ntriples", source="the contribution")]
    asserted = _asserted(store, triples)
    lines = [line for line in ntriples.splitlines() if line]
    return {
        "added": sorted(line for line in lines if line not in asserted),
        "already_published": sorted(line for line in lines if line in asserted),
        "contradicts": _contradictions(store, triples),
    }


def _asserted(store: Store, triples: list[Triple]) -> set[str]:
    """Which of `triples` the store already asserts (in any graph but the inferred one), as N-Triples lines."""
    subjects = " ".join(sorted({s.n3() for s, _, _ in triples if s.kind == "uri"}))
    if not subjects:
        return set()
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {subjects} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER (?g != <{INFERRED_GRAPH}>) }}"
    )
    return {statement(triple) for triple in result.triples}


def _contradictions(store: Store, triples: list[Triple]) -> list[str]:
    functional = {p.value for _, p, _ in triples} & _functional_properties(store)
    found = []
    for s, p, o in triples:
        if s.kind != "uri":
            continue
        if p.value in functional:
            existing = store.query(f"SELECT ?o WHERE {{ {s.n3()} {p.n3()} ?o }}").rows
            found += [
                f"{s.n3()} {p.n3()}: published {row[0].n3()}, contributed {o.n3()}"
                for row in existing
                if row[0] is not None and row[0].value != o.value
            ]
        elif p.value in _LABELS and o.kind == "literal" and o.lang:
            existing = store.query(f'SELECT ?o WHERE {{ {s.n3()} {p.n3()} ?o FILTER (LANG(?o) = "{o.lang}") }}').rows
            found += [
                f"{s.n3()} {p.n3()}@{o.lang}: published {row[0].n3()}, contributed {o.n3()}"
                for row in existing
                if row[0] is not None and row[0].value != o.value
            ]
    return sorted(set(found))


def _functional_properties(store: Store) -> set[str]:
    result = store.query("SELECT ?p WHERE { ?p a owl:FunctionalProperty }")
    return {row[0].value for row in result.rows if row[0] is not None}
