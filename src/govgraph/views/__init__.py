"""Graph views for teaching: an entity's neighbourhood, a forum's ecosystem, a process's lineage, stewardship.

Each view is plain data (nodes with positions, edges, a legend and a table alternative); the web layer
renders it as an interactive page, an SVG or JSON.
"""

from govgraph.views.model import Edge, LegendEntry, Node, View
from govgraph.views.service import VIEW_KINDS, Views

__all__ = ["VIEW_KINDS", "Edge", "LegendEntry", "Node", "View", "Views"]
