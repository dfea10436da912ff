"""Materialized inferences: inverses, sub-properties, transitivity, sub-classes and open records."""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph.inference import materialize
from govgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from govgraph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
DATA = b"""
@prefix gg: <https://w3id.org/govgraph/ontology#> . @prefix gid: <https://w3id.org/govgraph/id/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
gid:meeting a gg:Meeting ; gg:meetingOf gid:forum .
gid:forum a gg:Forum ; gg:subProcessOf gid:process .
gid:process a gg:GovernanceProcess ; gg:subProcessOf gid:wider .
gid:open a gg:Stewardship ; gg:steward gid:operator ; gg:resource gid:zone .
gid:ended a gg:Stewardship ; gg:steward gid:overseer ; gg:resource gid:zone ; gg:endDate "2016-10-01"^^xsd:date .
gid:seat a org:Membership ; org:member gid:chair ; org:organization gid:panel ; gg:attestedOn "2024"^^xsd:gYear .
gid:declined a gg:Position ; gg:positionHolder gid:society ; gg:positionOn gid:compact ; gg:stance gg:DeclineToEndorse .
gid:renewal a gg:Mandate ; gg:mandatedEntity gid:forum ; gg:mandatingDocument gid:resolution .
"""


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph(ONTOLOGY_GRAPH, (ROOT / "ontology" / "govgraph.ttl").read_bytes(), "turtle")
    store.replace_graph("https://w3id.org/govgraph/graph/data/test", DATA, "turtle")
    stats = materialize(store)
    assert stats.triples > 0 and stats.rounds >= 2
    return store


def ask(store: EmbeddedStore, pattern: str) -> bool:
    return bool(store.query(f"ASK {{ {pattern} }}").boolean)


def test_inverse_relations(store: EmbeddedStore) -> None:
    assert ask(store, "gid:forum gg:hasMeeting gid:meeting")
    assert ask(store, "gid:zone gg:stewardedBy gid:operator")


def test_sub_properties_and_transitive_part_of(store: EmbeddedStore) -> None:
    assert ask(store, "gid:meeting gg:partOf gid:forum")  # meetingOf is a sub-property of partOf
    assert ask(store, "gid:meeting gg:partOf gid:wider")  # partOf is transitive
    assert ask(store, "gid:wider gg:hasPart gid:meeting")  # and has an inverse


def test_membership_in_superclasses(store: EmbeddedStore) -> None:
    assert ask(store, "gid:forum a gg:GovernanceProcess")
    assert ask(store, "gid:meeting a prov:Activity")
    assert not ask(store, "gid:forum a gg:Meeting")


def test_only_open_records_become_direct_relations(store: EmbeddedStore) -> None:
    assert ask(store, "gid:operator gg:stewards gid:zone")
    assert not ask(store, "gid:overseer gg:stewards gid:zone")  # ended in 2016
    assert not ask(store, "gid:chair org:memberOf gid:panel")  # attested once, not known to hold now
    assert ask(store, "gid:society gg:declinesToEndorse gid:compact")
    assert not ask(store, "gid:society gg:endorses gid:compact")
    assert ask(store, "gid:forum gg:mandatedBy gid:resolution")
    assert ask(store, "gid:resolution gg:mandates gid:forum")


def test_inferences_live_only_in_their_graph(store: EmbeddedStore) -> None:
    asserted = store.query(
        f"ASK {{ GRAPH ?g {{ gid:forum gg:hasMeeting gid:meeting }} FILTER (?g != <{INFERRED_GRAPH}>) }}"
    )
    assert asserted.boolean is False
    again = materialize(store)  # rerunning rebuilds the same graph, no duplicates, no growth
    count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(count.rows[0][0].value) == again.triples


def test_an_open_secretariat_role_names_the_current_secretariat(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.replace_graph(ONTOLOGY_GRAPH, (ROOT / "ontology" / "govgraph.ttl").read_bytes(), "turtle")
    store.replace_graph(
        "https://w3id.org/govgraph/graph/data/test",
        b"""@prefix gg: <https://w3id.org/govgraph/ontology#> . @prefix gid: <https://w3id.org/govgraph/id/> .
        @prefix org: <http://www.w3.org/ns/org#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        gid:old a org:Membership ; org:member gid:registry ; gg:roleIn gid:forum ; org:role gid:role-secretariat ;
            gg:attestedOn "2012"^^xsd:gYear .
        gid:new a org:Membership ; org:member gid:ngo ; gg:roleIn gid:forum ; org:role gid:role-secretariat ;
            gg:startDate "2023-07"^^xsd:gYearMonth .""",
        "turtle",
    )
    materialize(store)
    assert ask(store, "gid:forum gg:hasSecretariat gid:ngo")
    assert ask(store, "gid:ngo gg:secretariatOf gid:forum")
    assert not ask(store, "gid:forum gg:hasSecretariat gid:registry")
