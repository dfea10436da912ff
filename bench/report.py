"""Tables printed with rich and, optionally, also written as Markdown (for bench/README.md)."""

from __future__ import annotations

import statistics
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console(width=230)


def percentile(samples: list[float], q: float) -> float:
    """Linear-interpolated percentile (0..100) of a non-empty list."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "\u2013"
    value = seconds * 1000
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:,.0f}"


def spread(samples: list[float] | None) -> str:
    """median [p10\u2013p90] in milliseconds."""
    if not samples:
        return "\u2013"
    return f"{ms(median(samples))} [{ms(percentile(samples, 10))}\u2013{ms(percentile(samples, 90))}]"


class Report:
    def __init__(self, markdown: Path | None = None):
        self.markdown = markdown
        self.parts: list[str] = []

    def table(self, title: str, headers: list[str], rows: list[list[str]], caption: str | None = None) -> None:
        table = Table(
            *map(escape, headers), title=escape(title), caption=caption and escape(caption), caption_justify="left"
        )
        for row in rows:
            table.add_row(*map(escape, row))
        console.print(table)
        md = [f"**{title}**", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        md += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        if caption:
            md += ["", caption]
        self.parts.append("\n".join(md))
        self.flush()

    def note(self, text: str) -> None:
        console.print(escape(text))
        self.parts.append(text)
        self.flush()

    def flush(self) -> None:
        if self.markdown:
            self.markdown.write_text("\n\n".join(self.parts) + "\n", encoding="utf-8")
