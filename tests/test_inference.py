"""Materialized inferences: inverses, sub-properties, transitivity, sub-classes and open records."""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph.inference import asserted_fingerprint, extend, is_current, materialize, only_adds
from govgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, RDF_TYPE
from govgraph.store import EmbeddedStore
from tests.fixtures import ROOT, store_asks

FORUM_X = f"<https://w3id.org/govgraph/id/x> <{RDF_TYPE}> <https://w3id.org/govgraph/ontology#Forum> .\n".encode()
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


def test_inverse_relations(store: EmbeddedStore) -> None:
    assert store_asks(store, "gid:forum gg:hasMeeting gid:meeting")
    assert store_asks(store, "gid:zone gg:stewardedBy gid:operator")


def test_sub_properties_and_transitive_part_of(store: EmbeddedStore) -> None:
    assert store_asks(store, "gid:meeting gg:partOf gid:forum")  # meetingOf is a sub-property of partOf
    assert store_asks(store, "gid:meeting gg:partOf gid:wider")  # partOf is transitive
    assert store_asks(store, "gid:wider gg:hasPart gid:meeting")  # and has an inverse


def test_membership_in_superclasses(store: EmbeddedStore) -> None:
    assert store_asks(store, "gid:forum a gg:GovernanceProcess")
    assert store_asks(store, "gid:meeting a prov:Activity")
    assert not store_asks(store, "gid:forum a gg:Meeting")


def test_only_open_records_become_direct_relations(store: EmbeddedStore) -> None:
    assert store_asks(store, "gid:operator gg:stewards gid:zone")
    assert not store_asks(store, "gid:overseer gg:stewards gid:zone")  # ended in 2016
    assert not store_asks(store, "gid:chair org:memberOf gid:panel")  # attested once, not known to hold now
    assert store_asks(store, "gid:society gg:declinesToEndorse gid:compact")
    assert not store_asks(store, "gid:society gg:endorses gid:compact")
    assert store_asks(store, "gid:forum gg:mandatedBy gid:resolution")
    assert store_asks(store, "gid:resolution gg:mandates gid:forum")


def test_inferences_live_only_in_their_graph(store: EmbeddedStore) -> None:
    asserted = store.query(
        f"ASK {{ GRAPH ?g {{ gid:forum gg:hasMeeting gid:meeting }} FILTER (?g != <{INFERRED_GRAPH}>) }}"
    )
    assert asserted.boolean is False
    again = materialize(store)  # rerunning rebuilds the same graph, no duplicates, no growth
    count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(count.rows[0][0].value) == again.triples + 1  # and the fingerprint of what it came from


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
    assert store_asks(store, "gid:forum gg:hasSecretariat gid:ngo")
    assert store_asks(store, "gid:ngo gg:secretariatOf gid:forum")
    assert not store_asks(store, "gid:forum gg:hasSecretariat gid:registry")


def test_the_inferred_graph_knows_the_asserted_state_it_came_from(store: EmbeddedStore) -> None:
    assert is_current(store)
    store.replace_graph(
        "https://w3id.org/govgraph/graph/data/more",
        FORUM_X,
        "ntriples",
    )
    assert not is_current(store)  # asserted graphs moved on without it: a start computes it again
    fingerprint = asserted_fingerprint(store)
    materialize(store)
    assert is_current(store) and asserted_fingerprint(store) == fingerprint  # inferring changes no input
    assert store_asks(store, "gid:x a gg:GovernanceProcess")


def test_inferences_that_no_longer_hold_go_and_nothing_else_does(store: EmbeddedStore) -> None:
    before = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}").triples
    store.replace_graph(
        "https://w3id.org/govgraph/graph/data/test",
        DATA.replace(b"gid:meeting a gg:Meeting ; gg:meetingOf gid:forum .", b""),
        "turtle",
    )
    materialize(store)
    after = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}").triples
    assert not store_asks(store, "gid:forum gg:hasMeeting gid:meeting")
    gone = {t for t in set(before) - set(after) if "inferredFrom" not in t[1].value}
    assert gone and all("meeting" in (s.value + o.value) for s, _, o in gone)


def test_a_graph_with_blank_nodes_is_replaced_whole_and_keeps_its_nodes(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "b", in_memory=True)
    graph = "https://w3id.org/govgraph/graph/data/blank"
    store.replace_graph(
        graph, b"_:a <http://example.org/p> _:b .\n_:b <http://example.org/p> <http://example.org/c> .", "ntriples"
    )
    store.replace_graph(
        graph, b"_:a <http://example.org/q> _:b .\n_:b <http://example.org/q> <http://example.org/c> .", "ntriples"
    )
    rows = store.query(f"SELECT ?p WHERE {{ GRAPH <{graph}> {{ ?a ?p ?b . ?b ?p <http://example.org/c> }} }}").rows
    assert [r[0].value for r in rows] == ["http://example.org/q"]  # type: ignore[union-attr]
    assert [g.iri for g in store.graphs()] == [graph]  # nothing left staged
    store.close()
    disk = EmbeddedStore(tmp_path / "b", read_only=True)
    assert len(disk.query(f"SELECT * WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows) == 2


def test_an_inference_cut_short_leaves_the_old_inferred_graph_whole(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def graph() -> set:
        return set(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}").triples)

    before = graph()
    store.replace_graph("https://w3id.org/govgraph/graph/data/more", FORUM_X, "ntriples")

    class Crashing(EmbeddedStore):
        calls = 0

        def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            Crashing.calls += 1
            if Crashing.calls == 12:  # in the second round of rules
                raise KeyboardInterrupt
            return super().query(*args, **kwargs)

    monkeypatch.setattr("govgraph.inference.EmbeddedStore", Crashing)
    with pytest.raises(KeyboardInterrupt):
        materialize(store)
    assert graph() == before  # neither dropped nor half replaced
    assert not is_current(store)  # and known to be behind: the next start computes it again
    monkeypatch.undo()
    materialize(store)
    assert is_current(store) and store_asks(store, "gid:x a gg:GovernanceProcess")


def test_extending_after_additions_gives_what_materializing_does(store: EmbeddedStore) -> None:
    def graph() -> set:
        return set(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}").triples)

    added = b"""@prefix gg: <https://w3id.org/govgraph/ontology#> . @prefix gid: <https://w3id.org/govgraph/id/> .
gid:second a gg:Meeting ; gg:meetingOf gid:process .
gid:renewed a gg:Stewardship ; gg:steward gid:newcomer ; gg:resource gid:zone ."""
    store.replace_graph("https://w3id.org/govgraph/graph/contribution/added", added, "turtle")
    assert only_adds(store, store.dump("ntriples", "https://w3id.org/govgraph/graph/contribution/added").decode())
    extended = extend(store)
    assert extended.triples > 0 and is_current(store)
    assert store_asks(store, "gid:newcomer gg:stewards gid:zone") and store_asks(
        store, "gid:wider gg:hasPart gid:second"
    )
    incremental = graph()
    materialize(store)
    assert graph() == incremental


def test_an_end_date_is_not_an_addition_that_extending_may_take() -> None:
    store = EmbeddedStore()
    store.replace_graph(ONTOLOGY_GRAPH, (ROOT / "ontology" / "govgraph.ttl").read_bytes(), "turtle")
    ended = '<https://w3id.org/govgraph/id/open> <https://w3id.org/govgraph/ontology#endDate> "2020-01-01" .'
    attested = '<https://w3id.org/govgraph/id/open> <https://w3id.org/govgraph/ontology#attestedOn> "2020" .'
    assert not only_adds(store, ended) and not only_adds(store, attested)
    assert only_adds(store, '<https://w3id.org/govgraph/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .')
