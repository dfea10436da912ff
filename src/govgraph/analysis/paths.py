"""The shortest connection between two nodes of a projection, with the relation on each step."""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from govgraph.errors import InvalidParameter, NotFound
from govgraph.namespaces import GID

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]{1,2000}$")


@dataclass(frozen=True)
class Step:
    """One step of the chain, `source` to `target` in path order; `subject relation object` is how the
    data reads it (the stakeholder hosts the forum, the earlier process mandates the later)."""

    source: str
    target: str
    subject: str
    relation: str
    relation_label: str
    object: str
    via: str


@dataclass(frozen=True)
class Connection:
    nodes: list[dict[str, Any]]
    steps: list[Step]

    @property
    def hops(self) -> int:
        return len(self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {"hops": self.hops, "nodes": self.nodes, "steps": [asdict(step) for step in self.steps]}


def resolve(graph: nx.Graph, ref: str, parameter: str) -> str:
    """The node for a slug (`icann`) or an IRI; NotFound when the projection has no such node."""
    ref = (ref or "").strip()
    if _SLUG.match(ref):
        iri = GID + ref
    elif _IRI.match(ref):
        iri = ref
    else:
        raise InvalidParameter(
            f"Parameter '{parameter}' must be an entity slug (such as 'icann') or an http(s) IRI; got {ref[:80]!r}.",
            hint=f"For example: {parameter}=icann",
            details={"parameter": parameter},
        )
    if iri not in graph:
        name = graph.graph.get("projection", "this")
        raise NotFound(
            f"{ref[:100]!r} is not a node of the {name} network as of {graph.graph.get('as_of', 'today')}: "
            "unknown, or with no relation of that kind on that date.",
            hint=f"GET /analysis/{name} lists its nodes; try another as_of or projection.",
            details={"parameter": parameter},
        )
    return iri


def connection(graph: nx.Graph, start: str, end: str) -> Connection:
    """The shortest chain from `start` to `end` (slugs or IRIs), read in either direction of an edge."""
    source, target = resolve(graph, start, "from"), resolve(graph, end, "to")
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    try:
        path = nx.shortest_path(undirected, source, target)
    except nx.NetworkXNoPath:
        raise NotFound(
            f"No connection between {start!r} and {end!r} in the {graph.graph.get('projection')} network "
            f"as of {graph.graph.get('as_of')}: they are in different components.",
            hint="Try another projection or as_of date.",
        ) from None
    steps = []
    for u, v in itertools.pairwise(path):
        subject, obj = _reading(graph, u, v)
        attrs = graph.edges[subject, obj]
        steps.append(Step(u, v, subject, attrs["relation"], attrs.get("relation_label", ""), obj, attrs.get("via", "")))
    return Connection([dict(graph.nodes[n]) for n in path], steps)


def _reading(graph: nx.Graph, u: str, v: str) -> tuple[str, str]:
    """(subject, object) of the edge between u and v: its direction, or the actor first in a bipartite one."""
    if graph.is_directed():
        return (u, v) if graph.has_edge(u, v) else (v, u)
    if graph.nodes[u].get("bipartite") == 1 and graph.nodes[v].get("bipartite") == 0:
        return v, u
    return u, v
