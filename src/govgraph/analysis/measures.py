"""Measures per node and their aggregates per stakeholder group.

- degree: the number of distinct neighbours (in and out, for the directed lineage), and `strength`, the
  sum of the edge weights;
- betweenness: networkx's normalized betweenness on the graph as it is (directed for lineage), counting
  hops, not weights; exact up to EXACT_BETWEENNESS_UP_TO nodes, beyond that estimated from
  BETWEENNESS_SAMPLES pivots chosen with a fixed seed (the summary says so);
- eigenvector: computed on each connected component of the undirected graph by networkx's power
  iteration (which converges on bipartite graphs too), then scaled by sqrt(component size / nodes), so a
  component weighs by its size and, without lone nodes (which score 0), the whole vector has unit length
  as networkx's own has on a connected graph. A
  component that does not converge falls back to its degree centrality, and the summary names it;
- community: Louvain on the undirected graph with the edge weights and a fixed seed, so the same graph
  always gives the same communities; numbered from 0, largest first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

import networkx as nx

from govgraph.errors import InvalidParameter

SEED = 42
EXACT_BETWEENNESS_UP_TO = 2000
BETWEENNESS_SAMPLES = 200
MAX_ITERATIONS = 1000

MEASURES: dict[str, dict[str, str]] = {
    "degree": {
        "en": "Number of distinct neighbours (degree), and the sum of the edge weights (strength).",
        "es": "Número de vecinos distintos (grado) y suma de los pesos de sus aristas (fuerza).",
    },
    "betweenness": {
        "en": "Share of shortest paths between other nodes that pass through the node (normalized).",
        "es": "Proporción de caminos más cortos entre otros nodos que pasan por el nodo (normalizada).",
    },
    "eigenvector": {
        "en": "Eigenvector centrality: high when connected to nodes that are themselves central.",
        "es": "Centralidad de vector propio: alta si se conecta con nodos a su vez centrales.",
    },
    "community": {
        "en": "Louvain community (fixed seed, so answers are stable); 0 is the largest.",
        "es": "Comunidad de Louvain (semilla fija, respuestas estables); 0 es la mayor.",
    },
}
NUMERIC = ("degree", "strength", "betweenness", "eigenvector")  # what group aggregates summarize


@dataclass
class Measured:
    """Per-node values by measure column, and notes on how they were computed."""

    measures: list[str] = field(default_factory=list)
    values: dict[str, Mapping[str, float]] = field(default_factory=dict)  # ints (degree, community) are floats too
    notes: dict[str, Any] = field(default_factory=dict)


def parse_measures(names: Iterable[str] | None) -> list[str]:
    """The measures asked for (all when none), or InvalidParameter naming the known ones."""
    wanted = [n.strip() for name in (names or []) for n in name.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in MEASURES]
    if unknown:
        raise InvalidParameter(
            f"Unknown measure {unknown[0][:50]!r}. The measures are: {', '.join(MEASURES)}.",
            hint=f"For example: measure=degree&measure=betweenness (or --measure {next(iter(MEASURES))}).",
            details={"parameter": "measure"},
        )
    return [m for m in MEASURES if m in wanted] or list(MEASURES)


def compute(
    graph: nx.Graph, measures: Sequence[str] = tuple(MEASURES), *, max_iterations: int = MAX_ITERATIONS
) -> Measured:
    measured = Measured(measures=[m for m in MEASURES if m in measures])
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    if "degree" in measures:
        measured.values["degree"] = {n: undirected.degree(n) for n in graph}
        measured.values["strength"] = {n: undirected.degree(n, weight="weight") for n in graph}
    if "betweenness" in measures:
        measured.values["betweenness"] = _betweenness(graph, measured.notes)
    if "eigenvector" in measures:
        measured.values["eigenvector"] = _eigenvector(undirected, measured.notes, max_iterations)
    if "community" in measures:
        measured.values["community"] = _communities(undirected, measured.notes)
    measured.notes["components"] = nx.number_connected_components(undirected) if len(graph) else 0
    return measured


def _betweenness(graph: nx.Graph, notes: dict[str, Any]) -> dict[str, float]:
    if len(graph) <= EXACT_BETWEENNESS_UP_TO:
        notes["betweenness"] = "exact"
        return nx.betweenness_centrality(graph, normalized=True)
    notes["betweenness"] = f"estimated from {BETWEENNESS_SAMPLES} pivots (seed {SEED})"
    return nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, normalized=True, seed=SEED)


def _eigenvector(graph: nx.Graph, notes: dict[str, Any], max_iterations: int) -> dict[str, float]:
    values: dict[str, float] = {}
    fallbacks: list[str] = []
    total = len(graph)
    for component in nx.connected_components(graph):
        if len(component) == 1:
            values.update(dict.fromkeys(component, 0.0))
            continue
        sub = graph.subgraph(component)
        try:
            scores = nx.eigenvector_centrality(sub, max_iter=max_iterations, weight="weight")
        except nx.PowerIterationFailedConvergence:
            scores = nx.degree_centrality(sub)
            fallbacks.append(min(component))
        norm = math.sqrt(sum(v * v for v in scores.values())) or 1.0
        scale = math.sqrt(len(component) / total)
        values.update({n: v / norm * scale for n, v in scores.items()})
    notes["eigenvector"] = "per connected component, scaled by sqrt(component size / nodes)"
    if fallbacks:
        notes["eigenvector_fallback"] = fallbacks  # components named by their smallest IRI
    return values


def _communities(graph: nx.Graph, notes: dict[str, Any]) -> dict[str, int]:
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if len(graph) else []
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    notes["communities"] = len(ordered)
    return {n: i for i, community in enumerate(ordered) for n in community}


def groups(graph: nx.Graph, measured: Measured, *, none_label: str) -> list[dict[str, Any]]:
    """Per stakeholder group: node count, and mean and max of each numeric measure. A node in several
    groups counts in each; nodes in none (processes, resources) form their own row with an empty group."""
    members: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for node, attrs in graph.nodes(data=True):
        iris = attrs.get("group", "").split() or [""]
        labels = attrs.get("group_label", "").split("; ") if attrs.get("group") else [none_label]
        for iri, label in zip(iris, labels, strict=False):
            members[iri].append(node)
            names.setdefault(iri, label)
    rows = []
    for iri, nodes in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        row: dict[str, Any] = {"group": iri, "group_label": names[iri], "nodes": len(nodes)}
        for column in (c for c in NUMERIC if c in measured.values):
            values = [measured.values[column][n] for n in nodes]
            row[f"mean_{column}"] = round(fmean(values), 6)
            row[f"max_{column}"] = round(max(values), 6)
        if "community" in measured.values:
            row["communities"] = len({measured.values["community"][n] for n in nodes})
        rows.append(row)
    return rows
