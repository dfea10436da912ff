"""Quality checks written as queries: every queries/qc/*-violation.rq must return no rows on good data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govgraph.namespaces import INFERRED_GRAPH, METADATA_GRAPH
from govgraph.rdf import ntriples
from govgraph.store.base import QueryResult, Store


@dataclass(frozen=True)
class QualityCheck:
    name: str
    path: Path
    description: str

    @property
    def sparql(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class QualityOutcome:
    check: QualityCheck
    result: QueryResult

    @property
    def passed(self) -> bool:
        return len(self.result.rows) == 0


def quality_checks(queries_dir: Path) -> list[QualityCheck]:
    checks = []
    for path in sorted((queries_dir / "qc").glob("*-violation.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        description = first[0].lstrip("# ").strip() if first and first[0].startswith("#") else path.stem
        checks.append(QualityCheck(path.stem.removesuffix("-violation"), path, description))
    return checks


def run_quality_checks(store: Store, queries_dir: Path) -> list[QualityOutcome]:
    return [QualityOutcome(c, store.query(c.sparql, max_rows=100)) for c in quality_checks(queries_dir)]


def asserted_ntriples(store: Store) -> bytes:
    """Ontology and curated data, without what govgraph inferred or recorded about builds."""
    result = store.query(f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN (<{INFERRED_GRAPH}>, <{METADATA_GRAPH}>)) }}""")
    return ntriples(result.triples)
