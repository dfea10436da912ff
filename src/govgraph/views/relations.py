"""The edges around a set of entities: plain relations as asserted, and time-bound records as dated edges.

Asserted graphs only: the inferred graph restates each relation in reverse and each open record as a
plain edge, which would draw every link twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govgraph.as_of import holds_on
from govgraph.namespaces import GG, GID, INFERRED_GRAPH
from govgraph.rdf import bound
from govgraph.sparql import iri_values
from govgraph.store.base import Store
from govgraph.views.model import Edge

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

# Written without BIND renaming (Virtuoso 7.2.5 drops filters on variables a branch binds with BIND): each row
# names the entity asked about (?n), the direction, and the entity at the other end. ?n is listed in every
# branch: a VALUES join outside a UNION is not pushed into its branches.
_QUERY = f"""
SELECT ?n ?direction ?p ?other ?record ?role ?from ?until ?attested WHERE {{
  {{
    VALUES ?n {{ %(n)s }}
    GRAPH ?g {{ ?n ?p ?other }}
    BIND ("out" AS ?direction)
    FILTER (?g != <{INFERRED_GRAPH}> && ?p NOT IN ({", ".join(NOT_DRAWN)})
            && isIRI(?other) && ?other != ?n && STRSTARTS(STR(?other), "{GID}"))
  }} UNION {{
    VALUES ?n {{ %(n)s }}
    GRAPH ?g {{ ?other ?p ?n }}
    BIND ("in" AS ?direction)
    FILTER (?g != <{INFERRED_GRAPH}> && ?p NOT IN ({", ".join(NOT_DRAWN)})
            && isIRI(?other) && ?other != ?n && STRSTARTS(STR(?other), "{GID}"))
  }} UNION {{
    VALUES ?n {{ %(n)s }}
    VALUES (?own ?link ?p ?direction) {{
      (org:member org:organization org:memberOf "out") (org:member gg:roleIn org:memberOf "out")
      (gg:steward gg:resource gg:stewards "out") (gg:funder gg:fundedEntity gg:funds "out")
      (gg:mandatedEntity gg:mandatingDocument gg:mandatedBy "out") (gg:positionHolder gg:positionOn gg:positionOn "out")
      (org:organization org:member org:memberOf "in") (gg:roleIn org:member org:memberOf "in")
      (gg:resource gg:steward gg:stewards "in") (gg:fundedEntity gg:funder gg:funds "in")
      (gg:mandatingDocument gg:mandatedEntity gg:mandatedBy "in") (gg:positionOn gg:positionHolder gg:positionOn "in")
    }}
    ?record ?own ?n ; ?link ?other ; a gg:QualifiedRelation .
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
    listing = iri_values(iris)
    if not listing:
        return []
    found: dict[tuple[str, str, str, str | None], _Found] = {}
    rows = store.query(_QUERY % {"n": listing}, max_rows=limit).rows
    for row in rows:
        n, direction, p, other = bound(row[:4])
        record, role, start, end, attested = row[4:]
        s, o = (n, other) if direction.value == "out" else (other, n)
        key = (s.value, p.value, o.value, record.value if record else None)
        item = found.get(key)
        if item is None:
            relation = _stance_relation(role.value) if p.value == f"{GG}positionOn" and role else p.value
            edge = Edge(
                s.value,
                o.value,
                relation,
                start=start.value if start else None,
                end=end.value if end else None,
                record=key[3],
            )
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
