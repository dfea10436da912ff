"""Network analysis of the graph with networkx: projections, measures, group aggregates, paths, exports.

`analyze(store, "participation", as_of="2019-06-01", lang="es")` builds a projection and measures it;
`.nodes()` gives one row per node (attributes and measures), `.groups()` the aggregates per stakeholder
group, `.with_measures()` a graph to `export(graph, "graphml")`; `connection(graph, "vint-cerf",
"government-br")` the shortest chain between two nodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from govgraph.analysis.exports import FORMATS, export, export_format, table_csv
from govgraph.analysis.measures import MEASURES, Measured, compute, groups, parse_measures
from govgraph.analysis.paths import Connection, Step, connection
from govgraph.analysis.projections import PROJECTIONS, Projection, build, curie, projection
from govgraph.store.base import Store

__all__ = [
    "FORMATS",
    "MEASURES",
    "PROJECTIONS",
    "Analysis",
    "Connection",
    "Projection",
    "Step",
    "analyze",
    "build",
    "connection",
    "curie",
    "export",
    "export_format",
    "parse_measures",
    "projection",
    "table_csv",
]

NO_GROUP = {"en": "(no stakeholder group)", "es": "(sin grupo de partes interesadas)"}


@dataclass
class Analysis:
    projection: Projection
    graph: nx.Graph
    measured: Measured
    lang: str

    def nodes(self) -> list[dict[str, Any]]:
        """One row per node: its attributes and measures, the most connected first."""
        undirected = self.graph.to_undirected(as_view=True) if self.graph.is_directed() else self.graph
        ordered = sorted(self.graph.nodes(data=True), key=lambda n: (-undirected.degree(n[0]), n[1]["label"], n[0]))
        return [{**attrs, **self._values(node)} for node, attrs in ordered]

    def groups(self) -> list[dict[str, Any]]:
        return groups(self.graph, self.measured, none_label=NO_GROUP.get(self.lang, NO_GROUP["en"]))

    def summary(self) -> dict[str, Any]:
        graph = self.graph
        info: dict[str, Any] = {
            "projection": self.projection.name,
            "title": self.projection.title.get(self.lang) or self.projection.title["en"],
            "as_of": graph.graph["as_of"],
            "lang": self.lang,
            "directed": graph.is_directed(),
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "density": round(nx.density(graph), 6) if len(graph) > 1 else 0.0,
            "measures": self.measured.measures,
            **self.measured.notes,
        }
        if graph.is_directed():
            info["acyclic"] = nx.is_directed_acyclic_graph(graph)
        return info

    def with_measures(self) -> nx.Graph:
        """A copy of the graph with each node's measures as attributes, for exports."""
        graph = self.graph.copy()
        for column, values in self.measured.values.items():
            nx.set_node_attributes(graph, values, column)
        return graph

    def _values(self, node: str) -> dict[str, Any]:
        return {column: _rounded(values[node]) for column, values in self.measured.values.items()}


def analyze(
    store: Store,
    name: str,
    *,
    as_of: str | None = None,
    lang: str = "en",
    measures: Iterable[str] | None = None,
    timeout: float | None = None,
) -> Analysis:
    """Build the projection `name` on `as_of` and compute `measures` (all when None) on it."""
    spec = projection(name)
    chosen = parse_measures(measures)
    graph = build(store, name, as_of=as_of, lang=lang, timeout=timeout)
    return Analysis(spec, graph, compute(graph, chosen), lang)


def _rounded(value: float | int) -> float | int:
    return round(value, 6) if isinstance(value, float) else value
