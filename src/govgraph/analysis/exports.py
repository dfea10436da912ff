"""A projection as a file for Gephi, Cytoscape or a notebook: GraphML, GEXF or node-link JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from govgraph.errors import NotAcceptable
from govgraph.formats import NETWORK, Format, find
from govgraph.formats.writers import spreadsheet_csv

FORMATS: dict[str, Format] = NETWORK  # GraphML first: the default


def export_format(name: str) -> Format:
    chosen = find(FORMATS.values(), name)
    if chosen is None:
        raise NotAcceptable(f"format={name[:50]!r} is not an export format.", hint=f"Use one of: {', '.join(FORMATS)}.")
    return chosen


def export(graph: nx.Graph, fmt: str) -> bytes:
    """The graph in `fmt`: node and edge attributes are strings and numbers, which all three carry."""
    chosen = export_format(fmt)
    if chosen.key == "json":
        data = nx.node_link_data(graph, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=1).encode()
    buffer = io.BytesIO()
    if chosen.key == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def table_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """Rows of nodes, groups or steps as CSV, with every column any row has, in first-seen order."""
    rows = list(rows)
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return spreadsheet_csv(list(columns), ([row.get(name, "") for name in columns] for row in rows))
