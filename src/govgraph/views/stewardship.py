"""Who stewards which Internet resource, as of a date, and what each steward does for it."""

from __future__ import annotations

from govgraph.as_of import holds_on
from govgraph.namespaces import GG
from govgraph.rdf import bound
from govgraph.store.base import Store
from govgraph.views.model import Edge, View

MAX_NODES = 120  # a readable picture; the view says when stewards or resources were left out
MAX_ROWS = 2_000  # read no further than a picture of MAX_NODES could use

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
    result = store.query(_QUERY, max_rows=MAX_ROWS)
    view.truncated = result.truncated
    for row in result.rows:
        record, steward, resource = bound(row[:3])
        function, start, end, attested = row[3:]
        if record.value not in found:
            edge = Edge(
                steward.value,
                resource.value,
                f"{GG}stewards",
                start=start.value if start else None,
                end=end.value if end else None,
                record=record.value,
            )
            found[record.value] = (edge, set(), {})
        _, seen, functions = found[record.value]
        if attested is not None:
            seen.add(attested.value)
        if function is not None:
            functions[function.lang or ""] = function.value
    if result.truncated and result.rows:  # the last record may have more rows beyond the cut
        found.pop(bound(result.rows[-1][:1])[0].value, None)
    for key in sorted(found, key=lambda r: (found[r][0].target, found[r][0].source, r)):
        edge, seen, functions = found[key]
        if holds_on(view.as_of, edge.start, edge.end, seen):
            if len({*view.nodes, edge.source, edge.target}) > MAX_NODES:
                view.truncated = True
                continue
            edge.label = functions.get(view.lang) or functions.get("en") or next(iter(functions.values()), "")
            edge.attested = max(seen) if seen else None
            view.add_edge(edge)
