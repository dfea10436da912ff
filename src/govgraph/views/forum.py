"""The ecosystem of a forum or process: who takes part in it (or in its bodies), by stakeholder group."""

from __future__ import annotations

from govgraph.as_of import holds_on
from govgraph.labels import labels
from govgraph.namespaces import GG
from govgraph.questions import Catalogue
from govgraph.store.base import Store
from govgraph.views.model import Edge, View

QUESTION = "participants-by-stakeholder-group"


def ecosystem(store: Store, catalogue: Catalogue, view: View, forum: str) -> None:
    """Add the forum, its bodies and every participant whose part holds on view.as_of.

    The rows come from the named question, so the view and the question always agree.
    """
    view.add_node(forum).centre = True
    result = catalogue.ask(store, QUESTION, {"forum": forum}, max_rows=5_000)
    seen: set[tuple[str, str, str]] = set()
    for row in result.records():
        start, end, first, attested = (
            row[k].value if k in row else None for k in ("from", "until", "firstAttested", "attested")
        )
        if not holds_on(view.as_of, start, end, [a for a in (first, attested) if a]):
            continue
        place = row["body"].value if "body" in row else forum
        key = (row["participant"].value, row["relation"].value, place)
        if key in seen:
            continue
        seen.add(key)
        if place != forum and (place, f"{GG}bodyOf", forum) not in seen:
            seen.add((place, f"{GG}bodyOf", forum))
            view.add_edge(Edge(place, forum, f"{GG}bodyOf"))
        view.add_edge(Edge(key[0], place, key[1], start=start, end=end, attested=attested))
    names = labels(store, {e.relation for e in view.edges}, view.lang)
    for edge in view.edges:
        edge.label = names.get(edge.relation, edge.relation.rsplit("/", 1)[-1])
