"""Positions for the nodes of a view, computed once on the server with networkx's layouts.

Computing them here, with fixed seeds, means the interactive page, the SVG export and a reload next
year (on a pinned release) all show the same picture, and a slow classroom laptop does no layout work.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np

from govgraph.views.model import LEGEND, View

Positions = Mapping[str, tuple[float, float] | np.ndarray]  # networkx gives arrays of two
MARGIN = 70.0
_LEGEND_ORDER = {key: i for i, key in enumerate(LEGEND)}


def _graph(view: View) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(view.nodes))
    graph.add_edges_from(sorted((e.source, e.target) for e in view.edges))
    return graph


def spring(view: View) -> None:
    """A force-directed layout around the centre, which stays in the middle."""
    centre = view.centre or next(iter(view.nodes), None)
    if centre is None:
        return
    graph = _graph(view)
    positions = nx.spring_layout(graph, seed=7, pos={centre: (0.0, 0.0)}, fixed=[centre], iterations=120)
    fit(view, positions)


def rings(view: View) -> None:
    """The forum in the middle, its bodies around it, participants outside, grouped by stakeholder group."""
    centre = view.centre
    if centre is None:
        return
    around = [iri for iri in view.nodes if iri != centre]
    bodies = sorted({e.source for e in view.edges if e.target == centre and e.relation.endswith("bodyOf")})
    others = sorted(
        (iri for iri in around if iri not in bodies),
        key=lambda iri: (_LEGEND_ORDER.get(view.nodes[iri].key, 99), view.nodes[iri].label),
    )
    shells = [[centre], *([bodies] if bodies else []), *([others] if others else [])]
    if len(view.nodes) > 1:
        fit(view, nx.shell_layout(_graph(view), nlist=shells))
    else:
        fit(view, {centre: (0.0, 0.0)})


def columns(view: View, left: set[str]) -> None:
    """Two columns (stewards, resources), each ordered so that linked nodes sit level with each other."""
    graph = _graph(view)
    right = sorted((iri for iri in view.nodes if iri not in left), key=lambda iri: view.nodes[iri].label)
    rank = {iri: i / max(len(right) - 1, 1) for i, iri in enumerate(right)}

    def barycentre(iri: str) -> float:
        linked = [rank[n] for n in graph.neighbors(iri) if n in rank]
        return sum(linked) / len(linked) if linked else 0.0

    ordered_left = sorted(left, key=lambda iri: (barycentre(iri), view.nodes[iri].label))
    view.height = max(view.height, 34.0 * max(len(left), len(right)) + 2 * MARGIN)
    positions = {iri: (0.0, -i / max(len(ordered_left) - 1, 1)) for i, iri in enumerate(ordered_left)}
    positions.update({iri: (1.0, -rank[iri]) for iri in right})
    fit(view, positions)


def timeline(view: View, dates: Mapping[str, str], lanes: Mapping[str, int]) -> None:
    """x is the date (a year to each column step), y the lane; nodes of one year and lane stack downwards."""
    years = {iri: _year(dates[iri]) for iri in view.nodes if iri in dates}
    graph = _graph(view)
    for iri in view.nodes:  # an undated node sits at the date of its earliest dated neighbour
        if iri not in years:
            near = [years[n] for n in graph.neighbors(iri) if n in years]
            years[iri] = min(near) if near else min(years.values(), default=2000.0)
    stacked: dict[tuple[int, int], int] = {}
    positions: dict[str, tuple[float, float]] = {}
    for iri in sorted(view.nodes, key=lambda i: (years[i], lanes.get(i, 9), view.nodes[i].label)):
        slot = (round(years[iri]), lanes.get(iri, 9))
        level = stacked.get(slot, 0)
        stacked[slot] = level + 1
        positions[iri] = (years[iri], -(slot[1] * 3 + level * 0.8))
        view.nodes[iri].detail = view.nodes[iri].detail or dates.get(iri, "")
    first, last = int(min(years.values(), default=2000)), int(max(years.values(), default=2000))
    view.width = max(1000.0, 70.0 * (last - first))
    fit(view, positions)
    # the time axis: a mark every year, or every fifth year on long timelines
    step = 1 if last - first <= 12 else 5
    scale = (view.width - 2 * MARGIN) / ((max(years.values()) - min(years.values())) or 1.0)
    view.ticks = [
        (round(MARGIN + (year - min(years.values())) * scale, 1), str(year))
        for year in range(first, last + 1)
        if year % step == 0 or year == first
    ]


def _year(text: str) -> float:
    year = float(text[:4])
    month = text[5:7]
    return year + (int(month) - 1) / 12 if month.isascii() and month.isdigit() and len(month) == 2 else year


def fit(view: View, positions: Positions) -> None:
    """Scale positions into the view's box, keeping the margin free for labels."""
    if not positions:
        return
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    for iri, (x, y) in positions.items():
        node = view.nodes[iri]
        node.x = round(MARGIN + (x - min(xs)) / span_x * (view.width - 2 * MARGIN), 1)
        node.y = round(MARGIN + (max(ys) - y) / span_y * (view.height - 2 * MARGIN), 1)
