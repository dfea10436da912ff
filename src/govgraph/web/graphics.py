"""The shapes of the legend drawn in SVG, matching the shapes the interactive view draws with Cytoscape.js."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

_SIDES = {"triangle": 3, "diamond": 4, "pentagon": 5, "hexagon": 6, "heptagon": 7, "octagon": 8}


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def shape(kind: str, x: float, y: float, r: float, fill: str) -> Markup:
    """One SVG element of the node shape `kind`, centred on (x, y), about 2r across."""
    style = f'fill="{escape(fill)}" stroke="#222" stroke-width="1.5"'
    if kind in _SIDES:
        n = _SIDES[kind]
        turn = -math.pi / 2 if kind != "octagon" else -math.pi / 2 + math.pi / n
        pts = [
            (x + r * math.cos(turn + 2 * math.pi * i / n), y + r * math.sin(turn + 2 * math.pi * i / n))
            for i in range(n)
        ]
        return Markup(f'<polygon points="{_points(pts)}" {style}/>')
    if kind == "star":
        pts = [
            (
                x + (r if i % 2 == 0 else r * 0.45) * math.cos(-math.pi / 2 + math.pi * i / 5),
                y + (r if i % 2 == 0 else r * 0.45) * math.sin(-math.pi / 2 + math.pi * i / 5),
            )
            for i in range(10)
        ]
        return Markup(f'<polygon points="{_points(pts)}" {style}/>')
    if kind == "vee":
        pts = [(x - r, y - r), (x, y - r * 0.2), (x + r, y - r), (x, y + r)]
        return Markup(f'<polygon points="{_points(pts)}" {style}/>')
    if kind == "rhomboid":
        pts = [(x - r * 0.6, y - r * 0.7), (x + r, y - r * 0.7), (x + r * 0.6, y + r * 0.7), (x - r, y + r * 0.7)]
        return Markup(f'<polygon points="{_points(pts)}" {style}/>')
    if kind == "tag":
        pts = [
            (x - r, y - r * 0.7),
            (x + r * 0.5, y - r * 0.7),
            (x + r, y),
            (x + r * 0.5, y + r * 0.7),
            (x - r, y + r * 0.7),
        ]
        return Markup(f'<polygon points="{_points(pts)}" {style}/>')
    if kind in ("rectangle", "round-rectangle", "barrel"):
        rounding = {"rectangle": 0, "round-rectangle": r * 0.3, "barrel": r * 0.6}[kind]
        return Markup(
            f'<rect x="{x - r:.1f}" y="{y - r * 0.75:.1f}" width="{2 * r:.1f}" height="{1.5 * r:.1f}" '
            f'rx="{rounding:.1f}" {style}/>'
        )
    return Markup(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>')
