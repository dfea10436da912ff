"""Quality checks as queries: silent on the repository's data, loud on planted mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph.inference import materialize
from govgraph.namespaces import ONTOLOGY_GRAPH
from govgraph.quality import quality_checks, run_quality_checks
from govgraph.store.embedded import EmbeddedStore
from tests.fixtures import PREFIXES, ROOT

CHECKS = {c.name: c for c in quality_checks(ROOT / "queries")}

PLANTED = {
    "dangling-reference": "gid:case-a gg:participatesIn gid:case-typo .",
    "duplicate-label": 'gid:case-a rdfs:label "One"@en , "Two"@en .',
    "host-country-mismatch": (
        "gid:case-m a gg:Meeting ; gg:hostedBy gid:case-gov ; gg:country gid:case-c2 . "
        "gid:case-gov a gg:Government ; gg:governmentOf gid:case-c1 ."
    ),
    "duplicate-edition": (
        "gid:case-m1 gg:meetingOf gid:case-f ; gg:editionNumber 3 . "
        "gid:case-m2 gg:meetingOf gid:case-f ; gg:editionNumber 3 ."
    ),
    "cycle": "gid:case-p1 gg:subProcessOf gid:case-p2 . gid:case-p2 gg:subProcessOf gid:case-p1 .",
    "city-country-mismatch": (
        "gid:case-m a gg:Meeting ; gg:location gid:case-city ; gg:country gid:case-c1 . "
        "gid:case-city a gg:City ; gg:country gid:case-c2 ."
    ),
}


def test_every_check_has_a_planted_case() -> None:
    assert set(CHECKS) == set(PLANTED)


def test_all_checks_pass_on_the_repository_data(repo_store: EmbeddedStore) -> None:
    failures = {
        o.check.name: o.result.records()[:3] for o in run_quality_checks(repo_store, ROOT / "queries") if not o.passed
    }
    assert failures == {}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_each_check_catches_its_planted_mistake(name: str, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph(ONTOLOGY_GRAPH, (ROOT / "ontology" / "govgraph.ttl").read_bytes(), "turtle")
    store.replace_graph("https://w3id.org/govgraph/graph/data/case", (PREFIXES + PLANTED[name]).encode(), "turtle")
    materialize(store)
    rows = store.query(CHECKS[name].sparql).rows
    assert rows, f"{name} found nothing"
