"""Materialize what the ontology entails into one named graph, so plain SPARQL sees it.

The rules are read from the ontology itself (inverses, sub-properties, transitive properties, sub-classes),
plus the direct relations that open-ended qualified records imply (a Stewardship with no end date means
the steward stewards the resource now). They run as SPARQL CONSTRUCT queries over the union of all graphs
until nothing new appears (one step of a hierarchy per round, so the rounds reach its closure without
property paths over two unbound ends, which some engines, Virtuoso among them, refuse); the results go
to INFERRED_GRAPH and nowhere else, so asserted data stays as curated and the inferred graph can be dropped
and rebuilt at any time.

The rules run over a copy in memory of the asserted graphs, and their result replaces the inferred graph in
one transaction: a reader (or a crash) meets the old inferred graph or the new one, never none or half. The
inferred graph names the asserted state it was computed from (its fingerprint), so a store whose asserted
graphs moved on without it (a crash between a contribution's graph and its inferences) is found on start.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from govgraph.namespaces import GG, INFERRED_GRAPH, METADATA_GRAPH, ONTOLOGY_GRAPH
from govgraph.rdf import Triple, iri, literal, statement
from govgraph.store.base import Store
from govgraph.store.embedded import EmbeddedStore

INFERRED_FROM = GG + "inferredFrom"  # the inferred graph's fingerprint of the asserted graphs
_NOT_INPUT = frozenset({INFERRED_GRAPH, METADATA_GRAPH})  # what the rules do not read (the build's own record)

_NOT_AGAIN = "FILTER NOT EXISTS { ?s ?p ?o }"


def _open_record(pattern: str, direct: str) -> str:
    """A direct relation for every record matching `pattern` (binding ?r, ?s, ?o) that is still open:
    no end date, and not merely attested at some date (which says nothing about holding now)."""
    return f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            {pattern}
            FILTER NOT EXISTS {{ ?r gg:endDate|gg:attestedOn ?any }}
            BIND ({direct} AS ?p) {_NOT_AGAIN}
        }}"""


RULES: dict[str, str] = {
    "inverse": f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            GRAPH <{ONTOLOGY_GRAPH}> {{ {{ ?q owl:inverseOf ?p }} UNION {{ ?p owl:inverseOf ?q }} }}
            ?o ?q ?s . FILTER (!isLiteral(?s)) {_NOT_AGAIN}
        }}""",
    "sub-property": f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            GRAPH <{ONTOLOGY_GRAPH}> {{ ?q rdfs:subPropertyOf ?p FILTER (isIRI(?p)) }}
            ?s ?q ?o . {_NOT_AGAIN}
        }}""",
    "transitive": f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            GRAPH <{ONTOLOGY_GRAPH}> {{ ?p a owl:TransitiveProperty }}
            ?s ?p ?m . ?m ?p ?o . FILTER (?s != ?o) {_NOT_AGAIN}
        }}""",
    "sub-class": f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            GRAPH <{ONTOLOGY_GRAPH}> {{ ?c rdfs:subClassOf ?o FILTER (isIRI(?o)) }}
            ?s a ?c . BIND (rdf:type AS ?p) {_NOT_AGAIN}
        }}""",
    "open-stewardship": _open_record("?r a gg:Stewardship ; gg:steward ?s ; gg:resource ?o .", "gg:stewards"),
    "open-membership": _open_record("?r a org:Membership ; org:member ?s ; org:organization ?o .", "org:memberOf"),
    "open-secretariat": _open_record(
        "?r a org:Membership ; org:member ?o ; org:role gid:role-secretariat ; gg:roleIn|org:organization ?s .",
        "gg:hasSecretariat",
    ),
    "open-funding": _open_record("?r a gg:Funding ; gg:funder ?s ; gg:fundedEntity ?o .", "gg:funds"),
    "position": f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            ?r a gg:Position ; gg:positionHolder ?s ; gg:positionOn ?o ; gg:stance ?stance .
            FILTER NOT EXISTS {{ ?r gg:endDate ?any }}
            VALUES (?stance ?p) {{ (gg:Endorse gg:endorses) (gg:DeclineToEndorse gg:declinesToEndorse) }}
            {_NOT_AGAIN}
        }}""",
    "mandate": f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            ?r a gg:Mandate ; gg:mandatedEntity ?s ; gg:mandatingDocument ?o .
            BIND (gg:mandatedBy AS ?p) {_NOT_AGAIN}
        }}""",
}


@dataclass(frozen=True)
class InferenceStats:
    triples: int
    rounds: int
    seconds: float
    by_rule: dict[str, int]


def materialize(store: Store, *, max_rounds: int = 50) -> InferenceStats:
    """Run every rule to a fixpoint over a copy of the asserted graphs; the result replaces INFERRED_GRAPH whole."""
    started = time.perf_counter()
    fingerprint = asserted_fingerprint(store)
    scratch = EmbeddedStore()
    scratch.add_dataset(store.dump("nquads"), without=_NOT_INPUT)
    rounds, by_rule = _to_fixpoint(scratch, max_rounds)
    scratch.add_triples(INFERRED_GRAPH, [_marker(fingerprint)])
    store.replace_graph(INFERRED_GRAPH, scratch.dump("ntriples", INFERRED_GRAPH), "ntriples")
    scratch.close()
    return InferenceStats(sum(by_rule.values()), rounds, time.perf_counter() - started, by_rule)


def extend(store: Store, *, max_rounds: int = 50) -> InferenceStats:
    """After triples were only added, and none that can end an inference (see `only_adds`): add what now
    follows to the inferred graph, in place. Much cheaper than `materialize` on a big store, and as right:
    with additions of that kind every inference that held still holds, so the fixpoint over the store as it
    is (the inferred graph included) is the closure. Each round's triples are true inferences; the new
    fingerprint is written last, so a crash half-way is found on start like any other."""
    started = time.perf_counter()
    rounds, by_rule = _to_fixpoint(store, max_rounds)
    fingerprint = asserted_fingerprint(store)
    store.update(
        f"DELETE WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ <{INFERRED_GRAPH}> <{INFERRED_FROM}> ?old }} }} ;"
        f" INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {statement(_marker(fingerprint))} }} }}"
    )
    return InferenceStats(sum(by_rule.values()), rounds, time.perf_counter() - started, by_rule)


def only_adds(store: Store, ntriples: str) -> bool:
    """Whether adding these triples can only add inferences: none of them says a record ended or was merely
    attested (gg:endDate, gg:attestedOn or a sub-property of either), which would end a direct relation."""
    pairs = store.query(f"SELECT ?p ?q WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?p rdfs:subPropertyOf ?q }} }}").rows
    ending = {GG + "endDate", GG + "attestedOn"}
    while grown := {p.value for p, q in pairs if p and q and q.value in ending and p.value not in ending}:
        ending |= grown  # sub-properties of sub-properties (no property path: some engines refuse them)
    return not any(f"<{iri}>" in ntriples for iri in ending)


def _to_fixpoint(store: Store, max_rounds: int) -> tuple[int, dict[str, int]]:
    """Run the rules over `store` until nothing new appears, adding what they find to INFERRED_GRAPH."""
    by_rule = dict.fromkeys(RULES, 0)
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        new: set[Triple] = set()
        for name, rule in RULES.items():
            found = set(store.query(rule).triples) - new
            by_rule[name] += len(found)
            new |= found
        if not new:
            break
        store.add_triples(INFERRED_GRAPH, new)
    return rounds, by_rule


def _marker(fingerprint: str) -> Triple:
    return iri(INFERRED_GRAPH), iri(INFERRED_FROM), literal(fingerprint)


def asserted_fingerprint(store: Store) -> str:
    """The asserted state the inferences depend on, as one value: each graph the rules read, with its size.

    Sizes are enough here: every write replaces a whole record (a data file's graph, a contribution's graph,
    named after it, a contribution's provenance), so two asserted states the curated data and the journal can
    lead to differ in some graph's name or size.
    """
    sizes = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    lines = sorted(
        f"{g.value} {n.value}" for g, n in sizes if g is not None and n is not None and g.value not in _NOT_INPUT
    )
    return "sha256:" + hashlib.sha256("\n".join(lines).encode()).hexdigest()


def is_current(store: Store) -> bool:
    """Whether the inferred graph was computed from the asserted graphs as they are now."""
    rows = store.query(
        f"SELECT ?f WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ <{INFERRED_GRAPH}> <{INFERRED_FROM}> ?f }} }}"
    ).rows
    return len(rows) == 1 and rows[0][0] is not None and rows[0][0].value == asserted_fingerprint(store)
