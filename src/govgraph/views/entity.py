"""The neighbourhood of one entity: what it relates to, out to a chosen depth, as of a date."""

from __future__ import annotations

from govgraph.labels import labels
from govgraph.namespaces import GG
from govgraph.sparql import iri_values
from govgraph.store.base import Store
from govgraph.views.dates import beginnings
from govgraph.views.model import View
from govgraph.views.relations import edges_around

MAX_DEPTH = 3
MAX_NODES = 60  # beyond this a picture stops explaining anything; the view says it was cut
_LEAVES = (f"{GG}Place",)  # a country links to everything in it: shown, never expanded
# Relations that come in families (a forum's hundred national initiatives, its twenty meetings): drawn
# after the others, so a cut at MAX_NODES drops members of a family rather than a forum's one mandate.
_FAMILIES = {f"{GG}subProcessOf", f"{GG}meetingOf", f"{GG}country", f"{GG}governmentOf", f"{GG}location"}


def neighbourhood(store: Store, view: View, centre: str, depth: int) -> None:
    """Add to `view` the entities within `depth` relations of `centre` that exist on view.as_of."""
    view.add_node(centre).centre = True
    frontier, seen = {centre}, {centre}
    roles: dict[int, str] = {}
    for _ in range(depth):
        found = sorted(
            edges_around(store, frontier, view.as_of),
            key=lambda pair: pair[0].relation in _FAMILIES and pair[0].target in frontier,
        )
        new = {e.target if e.source in frontier else e.source for e, _ in found} - seen
        started = beginnings(store, new)
        late = {iri for iri, first in started.items() if first > view.as_of}
        next_frontier: set[str] = set()
        for edge, role in found:
            other = edge.target if edge.source in frontier else edge.source
            if other in late:
                continue
            if other not in view.nodes and len(view.nodes) >= MAX_NODES:
                view.truncated = True
                continue
            if other not in view.nodes:
                next_frontier.add(other)
            if role:
                roles[len(view.edges)] = role
            view.add_edge(edge)
        seen |= new
        frontier = next_frontier - _leaves(store, next_frontier)
        if not frontier or view.truncated:  # once cut, a further step could only add edges nobody sees
            break
    names = labels(store, {e.relation for e in view.edges} | set(roles.values()), view.lang)
    for index, edge in enumerate(view.edges):
        relation = names.get(edge.relation, edge.relation.rsplit("#", 1)[-1])
        edge.label = f"{names[roles[index]]} ({relation})" if index in roles and roles[index] in names else relation


def _leaves(store: Store, iris: set[str]) -> set[str]:
    if not iris:
        return set()
    listing, kinds = iri_values(iris), iri_values(_LEAVES)
    result = store.query(f"SELECT DISTINCT ?n WHERE {{ VALUES ?n {{ {listing} }} VALUES ?k {{ {kinds} }} ?n a ?k }}")
    return {row[0].value for row in result.bound_rows()}
