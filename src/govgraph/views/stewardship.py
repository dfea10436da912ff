"""Who stewards which Internet resource, as of a date, and what each steward does for it."""

from __future__ import annotations

from govgraph.as_of import holds_on
from govgraph.namespaces import GG
from govgraph.store.base import Store
from govgraph.views.model import Edge, View

MAX_NODES = 120  # a readable picture; the view says when stewards or resources were left out

_QUERY = """
SELECT ?record ?steward ?resource ?function ?from ?until ?attested WHERE {
  ?record a gg:Stewardship ; gg:steward ?steward ; gg:resource ?resource .
  OPTIONAL { ?record gg:stewardshipFunction ?function }
  OPTIONAL { ?record gg:startDate ?from }
  OPTIONAL { ?record gg:endDate ?until }
  OPTIONAL { ?record gg:attestedOn ?attested }
}"""


def stewardship(store: Store, view: View) -> None:
    """Add a steward → resource edge, labelled with its function, for every record holding on view.as_of."""
    found: dict[str, tuple[Edge, set[str], dict[str, str]]] = {}
    for record, steward, resource, function, start, end, attested in store.query(_QUERY, max_rows=100_000).rows:
        if record.value not in found:
            edge = Edge(
                steward.value,
                resource.value,
                f"{GG}stewards",
                start=start and start.value,
                end=end and end.value,
                record=record.value,
            )
            found[record.value] = (edge, set(), {})
        _, seen, functions = found[record.value]
        if attested is not None:
            seen.add(attested.value)
        if function is not None:
            functions[function.lang or ""] = function.value
    for record in sorted(found, key=lambda r: (found[r][0].target, found[r][0].source, r)):
        edge, seen, functions = found[record]
        if holds_on(view.as_of, edge.start, edge.end, seen):
            if len({*view.nodes, edge.source, edge.target}) > MAX_NODES:
                view.truncated = True
                continue
            edge.label = functions.get(view.lang) or functions.get("en") or next(iter(functions.values()), "")
            edge.attested = max(seen) if seen else None
            view.add_edge(edge)
