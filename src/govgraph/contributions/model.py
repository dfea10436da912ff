"""A contribution as the journal keeps it, and what a submission comes to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govgraph.namespaces import CONTRIBUTION, contribution_graph
from govgraph.validation import ValidationReport

STATUSES = ("pending", "accepted", "rejected", "retracted")


@dataclass(frozen=True)
class Contribution:
    id: str
    token_id: str
    contributor: str
    message: str
    lang: str
    media_type: str
    ntriples: str  # canonical N-Triples: sorted, one triple a line
    triples: int
    status: str
    submitted: str
    reviewer: str | None = None
    reviewed: str | None = None
    reason: str | None = None

    @property
    def iri(self) -> str:
        return CONTRIBUTION + self.id

    @property
    def graph(self) -> str:
        return contribution_graph(self.id)

    @property
    def published(self) -> bool:
        """Accepted, or accepted once and then retracted: what the public store and releases speak of."""
        return self.status in ("accepted", "retracted")

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "ntriples"} | {"url": f"/contributions/{self.id}"}


@dataclass
class Outcome:
    """What a submission came to: a stored contribution, or a report of what to fix (nothing stored)."""

    report: ValidationReport
    contribution: Contribution | None = None
