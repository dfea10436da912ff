"""The edges around a set of entities: plain relations as asserted, and time-bound records as dated edges.

Asserted graphs only: the inferred graph restates each relation in reverse and each open record as a
plain edge, which would draw every link twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govgraph.as_of import holds_on
from govgraph.namespaces import GG, GID, INFERRED_GRAPH
from govgraph.store.base import Store
from govgraph.views.describe import iri_list
from govgraph.views.model import Edge

ORG = "http://www.w3.org/ns/org#"
# Properties that are not links between entities on a picture: typing, classification (shown as
# colour and shape), and the parts of a record (drawn as one dated edge instead).
NOT_DRAWN = (
    "rdf:type",
    "gg:stakeholderGroup",
    "gg:nriType",
    "skos:inScheme",
    "skos:topConceptOf",
    "skos:broader",
    "org:role",
    "org:member",
    "org:organization",
    "gg:roleIn",
    "gg:steward",
    "gg:resource",
    "gg:funder",
    "gg:fundedEntity",
    "gg:mandatedEntity",
    "gg:mandatingDocument",
    "gg:positionHolder",
    "gg:positionOn",
    "gg:stance",
    "prov:wasAttributedTo",
)

_QUERY = f"""
SELECT ?s ?p ?o ?record ?role ?from ?until ?attested WHERE {{
  VALUES ?n {{ %s }}
  {{
    {{ GRAPH ?g {{ ?n ?p ?o }} BIND (?n AS ?s) }} UNION {{ GRAPH ?g {{ ?s ?p ?n }} BIND (?n AS ?o) }}
    FILTER (?g != <{INFERRED_GRAPH}> && ?p NOT IN ({", ".join(NOT_DRAWN)}))
    FILTER (isIRI(?s) && isIRI(?o) && ?s != ?o
            && STRSTARTS(STR(?s), "{GID}") && STRSTARTS(STR(?o), "{GID}"))
  }} UNION {{
    VALUES (?own ?link ?p) {{
      (org:member org:organization org:memberOf) (org:member gg:roleIn org:memberOf)
      (gg:steward gg:resource gg:stewards) (gg:funder gg:fundedEntity gg:funds)
      (gg:mandatedEntity gg:mandatingDocument gg:mandatedBy) (gg:positionHolder gg:positionOn gg:positionOn)
    }}
    {{ ?record ?own ?n ; ?link ?o BIND (?n AS ?s) }} UNION {{ ?record ?link ?n ; ?own ?s BIND (?n AS ?o) }}
    ?record a gg:QualifiedRelation .
    OPTIONAL {{ ?record org:role|gg:stance ?role }}
    OPTIONAL {{ ?record gg:startDate ?from }}
    OPTIONAL {{ ?record gg:endDate ?until }}
    OPTIONAL {{ ?record gg:attestedOn ?attested }}
  }}
}}"""


@dataclass
class _Found:
    edge: Edge
    role: str | None
    attested: set[str]


def edges_around(
    store: Store, iris: Iterable[str], as_of: str, *, limit: int = 20_000
) -> list[tuple[Edge, str | None]]:
    """Edges touching `iris` that hold on `as_of`, each with the role (or stance) IRI of its record.

    Records are kept when they hold on `as_of` by the rule of queries/README.md; a record with several
    attestations comes back as one edge.
    """
    listing = iri_list(iris)
    if not listing:
        return []
    found: dict[tuple[str, str, str, str | None], _Found] = {}
    for s, p, o, record, role, start, end, attested in store.query(_QUERY % listing, max_rows=limit).rows:
        key = (s.value, p.value, o.value, record.value if record else None)
        item = found.get(key)
        if item is None:
            relation = _stance_relation(role.value) if p.value == f"{GG}positionOn" and role else p.value
            edge = Edge(s.value, o.value, relation, start=start and start.value, end=end and end.value, record=key[3])
            item = found[key] = _Found(edge, role.value if role and relation == p.value else None, set())
        if attested is not None:
            item.attested.add(attested.value)
    kept = []
    for item in found.values():
        edge = item.edge
        if edge.record and not holds_on(as_of, edge.start, edge.end, item.attested):
            continue
        edge.attested = max(item.attested) if item.attested else None
        kept.append((edge, item.role))
    kept.sort(key=lambda pair: (pair[0].source, pair[0].relation, pair[0].target, pair[0].record or ""))
    return kept


def _stance_relation(stance: str) -> str:
    return f"{GG}endorses" if stance == f"{GG}Endorse" else f"{GG}declinesToEndorse"
