"""Network analysis on the repository's own data: the facts each projection must show come from data/*.ttl."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import networkx as nx
import pytest

from govgraph import analysis
from govgraph.errors import InvalidParameter, NotAcceptable, NotFound
from govgraph.namespaces import GID
from govgraph.store.embedded import EmbeddedStore

IGF, WSIS, WSIS_10, WSIS_20 = GID + "igf", GID + "wsis", GID + "wsis-plus-10", GID + "wsis-plus-20"


def slugs(graph: nx.Graph, nodes) -> set[str]:  # type: ignore[no-untyped-def]
    return {graph.nodes[n]["slug"] for n in nodes}


def test_igf_participants_on_a_date(repo_store: EmbeddedStore) -> None:
    graph = analysis.build(repo_store, "participation", as_of="2019-06-01")
    participants = slugs(graph, graph[IGF])
    # igf.ttl: convened by the Secretary-General, organized by UN DESA, its secretariat; igf-meetings.ttl: the
    # host governments of the meetings held by then (Germany hosted in November 2019: not yet); the MAG chair
    # attested for 2019 (Lynn St. Amour), through the MAG, a body of the IGF.
    assert {"un-secretary-general", "un-desa", "igf-secretariat", "government-gr", "government-br"} <= participants
    assert "lynn-st-amour" in participants and "government-de" not in participants
    assert graph.edges[GID + "government-br", IGF]["relation"] == "gg:hosts"
    assert graph.edges[GID + "government-br", IGF]["via"] == f"{GID}igf-2007 {GID}igf-2015"
    assert graph.edges[GID + "lynn-st-amour", IGF]["via"] == GID + "mag"
    # Leadership Panel members (2022 on) are not there yet in 2019, and are in 2024.
    assert "vint-cerf" not in participants
    later = analysis.build(repo_store, "participation", as_of="2024-06-01")
    assert "vint-cerf" in slugs(later, later[IGF])


def test_participation_is_bipartite_with_export_safe_attributes(repo_store: EmbeddedStore) -> None:
    graph = analysis.build(repo_store, "participation", lang="es")
    assert nx.is_bipartite(graph)
    stakeholders = {n for n, side in graph.nodes(data="bipartite") if side == 0}
    assert all(graph.nodes[n]["bipartite"] == 1 for s in stakeholders for n in graph[s])
    brazil = graph.nodes[GID + "government-br"]
    assert brazil["label"] == "Gobierno de Brasil" and brazil["label_en"] == "Government of Brazil"
    assert brazil["class"] == "gg:Government" and brazil["group"] == GID + "governments"
    assert brazil["group_label"] == "Gobiernos"
    for _, attrs in [*graph.nodes(data=True), *((None, d) for *_, d in graph.edges(data=True))]:
        assert all(isinstance(v, str | int | float) for v in attrs.values())


def test_co_participation_is_the_weighted_projection(repo_store: EmbeddedStore) -> None:
    participation = analysis.build(repo_store, "participation")
    graph = analysis.build(repo_store, "co-participation")
    stakeholders = {n for n, side in participation.nodes(data="bipartite") if side == 0}
    expected = nx.bipartite.weighted_projected_graph(participation, stakeholders)
    assert {frozenset(e) for e in graph.edges} == {frozenset(e) for e in expected.edges}
    assert all(graph.edges[u, v]["weight"] == w for u, v, w in expected.edges(data="weight"))
    # Brazil (IGF 2007, 2015) and Switzerland (IGF 2017) both hosted IGF meetings.
    shared = graph.edges[GID + "government-br", GID + "government-ch"]
    assert shared["weight"] == len(shared["via"].split()) and IGF in shared["via"].split()


def test_lineage_is_acyclic_and_holds_the_wsis_chain(repo_store: EmbeddedStore) -> None:
    graph = analysis.build(repo_store, "lineage")
    assert graph.is_directed() and nx.is_directed_acyclic_graph(graph)
    # wsis.ttl and igf.ttl: the Tunis Agenda (WSIS) mandates the IGF and the WSIS+10 review, which reviews
    # WSIS; A/RES/70/125 (WSIS+10) renews the IGF and mandates WSIS+20, which reviews both; the WSIS+20
    # outcome renews the IGF again.
    assert graph.edges[WSIS, IGF]["via"] == GID + "tunis-agenda"
    assert graph.edges[WSIS, WSIS_10]["relation"] == "gg:mandates gg:reviewedBy"
    assert graph.edges[WSIS_10, IGF]["via"] == GID + "a-res-70-125"
    assert graph.edges[WSIS_10, WSIS_20]["relation"] == "gg:mandates gg:reviewedBy"
    assert graph.edges[WSIS_20, IGF]["via"] == GID + "wsis-plus-20-outcome"
    order = list(nx.topological_sort(graph))
    assert order.index(WSIS) < order.index(WSIS_10) < order.index(WSIS_20) < order.index(IGF)
    assert graph.edges[IGF, GID + "lacigf"]["relation"] == "gg:hasSubProcess"
    # Lineage is history: before the WSIS+20 outcome was adopted (2025-12-17) it gave the IGF nothing.
    earlier = analysis.build(repo_store, "lineage", as_of="2025-06-01")
    assert earlier.has_edge(WSIS_10, IGF) and not earlier.has_edge(WSIS_20, IGF)


@pytest.mark.parametrize(
    ("as_of", "stewards"),
    [("2015-01-01", {"icann", "ntia"}), ("2020-06-01", {"icann", "pti"}), ("2026-01-01", {"pti"})],
)
def test_stewards_of_the_root_zone(repo_store: EmbeddedStore, as_of: str, stewards: set[str]) -> None:
    # technical.ttl: NTIA's oversight and ICANN's IANA contract end 2016-10-01, PTI from 2016-10 on; ICANN
    # "administers" the root zone as attested in 2020 only.
    graph = analysis.build(repo_store, "stewardship", as_of=as_of)
    assert slugs(graph, graph[GID + "dns-root-zone"]) == stewards


def test_stewardship_edges_say_what_the_steward_does(repo_store: EmbeddedStore) -> None:
    graph = analysis.build(repo_store, "stewardship", as_of="2020-06-01", lang="es")
    assert graph.edges[GID + "pti", GID + "dns-root-zone"]["function"] == "desempeña las funciones de la IANA"
    assert graph.edges[GID + "verisign", GID + "root-server-a"]["relation"] == "gg:stewards"
    assert {"root-server-a", "root-server-j"} <= slugs(graph, graph[GID + "verisign"])


def test_measures_and_communities_are_stable(repo_store: EmbeddedStore) -> None:
    first = analysis.analyze(repo_store, "participation", as_of="2024-06-01")
    again = analysis.analyze(repo_store, "participation", as_of="2024-06-01")
    assert first.nodes() == again.nodes()
    top = first.nodes()[0]
    assert top["iri"] == IGF and top["degree"] == len(first.graph[IGF])
    assert max(first.measured.values["betweenness"], key=first.measured.values["betweenness"].get) == IGF
    communities = first.measured.values["community"]
    assert communities[GID + "vint-cerf"] == communities[IGF]
    assert first.summary()["communities"] == len(set(communities.values()))
    # the eigenvector vector has unit length over all components, and a lone edge's nodes score alike
    values = first.measured.values["eigenvector"]
    assert sum(v * v for v in values.values()) == pytest.approx(1.0)
    assert first.summary()["components"] == nx.number_connected_components(first.graph)


def test_eigenvector_falls_back_to_degree_when_it_does_not_converge() -> None:
    from govgraph.analysis.measures import compute

    graph = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("c", "e"), ("x", "y"), ("lone", "lone")])
    graph.remove_edge("lone", "lone")
    measured = compute(graph, ["eigenvector"], max_iterations=1)
    assert measured.notes["eigenvector_fallback"] == ["a", "x"]  # components by their smallest node
    scores = measured.values["eigenvector"]
    assert scores["c"] > scores["b"] > scores["a"] and scores["lone"] == 0.0
    assert sum(v * v for v in scores.values()) == pytest.approx(7 / 8)  # all but the lone node's share


def test_group_aggregates(repo_store: EmbeddedStore) -> None:
    result = analysis.analyze(repo_store, "participation", as_of="2024-06-01", lang="es")
    rows = {row["group"]: row for row in result.groups()}
    governments = [n for n, g in result.graph.nodes(data="group") if GID + "governments" in g.split()]
    row = rows[GID + "governments"]
    assert row["group_label"] == "Gobiernos" and row["nodes"] == len(governments)
    assert row["max_degree"] == max(result.graph.degree(n) for n in governments)
    assert rows[""]["group_label"] == "(sin grupo de partes interesadas)"  # the processes
    assert sum(r["nodes"] for r in rows.values()) >= result.graph.number_of_nodes()


def test_shortest_connection_between_two_actors(repo_store: EmbeddedStore) -> None:
    graph = analysis.build(repo_store, "participation", as_of="2024-06-01")
    found = analysis.connection(graph, "vint-cerf", "government-br")
    assert [n["slug"] for n in found.nodes] == ["vint-cerf", "igf", "government-br"]
    first, second = found.steps
    assert (first.subject, first.relation, first.via) == (
        GID + "vint-cerf",
        "gid:role-chair",  # in 2024 he chairs the Panel; his 2022-23 member term has ended
        GID + "igf-leadership-panel",
    )
    assert (second.subject, second.relation, second.object) == (GID + "government-br", "gg:hosts", IGF)
    assert found.to_dict()["hops"] == 2
    lineage = analysis.connection(analysis.build(repo_store, "lineage"), "igf", f"{GID}wsis")
    assert (lineage.steps[0].subject, lineage.steps[0].object) == (WSIS, IGF)  # read against the edge


def test_connection_errors_name_the_problem(repo_store: EmbeddedStore) -> None:
    graph = analysis.build(repo_store, "participation", as_of="2024-06-01")
    with pytest.raises(NotFound, match="'no-such-actor' is not a node of the participation network"):
        analysis.connection(graph, "no-such-actor", "igf")
    elsewhere = next(c for c in nx.connected_components(graph) if GID + "vint-cerf" not in c)
    far = min(elsewhere).removeprefix(GID)
    with pytest.raises(NotFound, match=f"No connection between 'vint-cerf' and '{far}'"):
        analysis.connection(graph, "vint-cerf", far)
    with pytest.raises(InvalidParameter, match="'to' must be an entity slug"):
        analysis.connection(graph, "vint-cerf", "not a slug")


def test_bad_parameters(repo_store: EmbeddedStore) -> None:
    with pytest.raises(NotFound, match="The projections are: participation, co-participation, lineage, stewardship"):
        analysis.analyze(repo_store, "participations")
    with pytest.raises(InvalidParameter, match="as_of"):
        analysis.build(repo_store, "lineage", as_of="2019-02-30")
    with pytest.raises(InvalidParameter, match="Unknown measure 'closeness'"):
        analysis.analyze(repo_store, "lineage", measures=["degree", "closeness"])
    with pytest.raises(NotAcceptable, match="graphml, gexf, json"):
        analysis.export_format("pdf")


@pytest.mark.parametrize("projection", list(analysis.PROJECTIONS))
def test_exports_round_trip_through_networkx_readers(repo_store: EmbeddedStore, projection: str) -> None:
    result = analysis.analyze(repo_store, projection, as_of="2024-06-01")
    graph = result.with_measures()
    readers = {
        "graphml": lambda data: nx.read_graphml(io.BytesIO(data)),
        "gexf": lambda data: nx.read_gexf(io.BytesIO(data)),
        "json": lambda data: nx.node_link_graph(json.loads(data), edges="edges"),
    }
    for fmt, read in readers.items():
        back = read(analysis.export(graph, fmt))
        assert back.number_of_nodes() == graph.number_of_nodes(), fmt
        assert back.number_of_edges() == graph.number_of_edges(), fmt
        assert back.is_directed() == graph.is_directed() or fmt == "json", fmt
        node = next(iter(graph))
        assert back.nodes[node]["label_es"] == graph.nodes[node]["label_es"], fmt
        assert float(back.nodes[node]["betweenness"]) == pytest.approx(graph.nodes[node]["betweenness"]), fmt


def test_service_does_not_import_the_web_or_cli_frameworks() -> None:
    code = (
        "import sys, govgraph.analysis\nprint(sorted(m for m in ('fastapi', 'typer', 'starlette') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
