"""Fill in what a view shows of each node: its label, its most specific class, and its legend entry."""

from __future__ import annotations

from govgraph.hierarchy import superclasses
from govgraph.labels import labels
from govgraph.namespaces import GG, GID
from govgraph.rdf import bound
from govgraph.sparql import iri_values
from govgraph.store.base import Store
from govgraph.views.model import CATEGORIES, STAKEHOLDER_GROUPS, UNGROUPED, View, slug_of


def class_depths(store: Store) -> dict[str, int]:
    """How many superclasses each class has: the most specific class of a node is the deepest."""
    return {cls: len(above) for cls, above in superclasses(store).items()}


def describe(store: Store, view: View) -> None:
    """Set label, kind, legend key and group of every node in the view (one query for types and groups)."""
    if not view.nodes:
        return
    types: dict[str, set[str]] = {}
    groups: dict[str, str] = {}
    result = store.query(
        f"""SELECT ?n ?type ?group WHERE {{
            VALUES ?n {{ {iri_values(view.nodes)} }}
            {{ ?n a ?type }} UNION {{ ?n gg:stakeholderGroup ?group }}
        }}""",
        max_rows=100_000,
    )
    for row in result.rows:
        (n,) = bound(row[:1])
        type_, group_term = row[1:]
        if type_ is not None:
            types.setdefault(n.value, set()).add(type_.value)
        if group_term is not None:
            groups.setdefault(n.value, group_term.value)
    depths = class_depths(store)
    kinds = {
        iri: max((t for t in found if t.startswith(GG)), key=lambda t: (depths.get(t, 0), t), default=None)
        for iri, found in types.items()
    }
    names = labels(store, [*view.nodes, *filter(None, kinds.values()), *groups.values()], view.lang)
    for iri, node in view.nodes.items():
        found = types.get(iri, set())
        node.label = names.get(iri) or slug_of(iri)
        kind = kinds.get(iri)
        node.kind = names.get(kind, "") if kind else ""
        group = groups.get(iri)
        node.group = names.get(group) if group else None
        node.key = _legend_key(found, group)


def _legend_key(types: set[str], group: str | None) -> str:
    if group and group.startswith(GID) and group[len(GID) :] in STAKEHOLDER_GROUPS:
        return group[len(GID) :]
    for cls, entry in CATEGORIES:
        if cls in types:
            return entry.key
    return UNGROUPED.key
