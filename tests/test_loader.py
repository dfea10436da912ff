"""Building the store from the repository's own ontology and data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govgraph.errors import DataNotValid, RdfSyntaxError
from govgraph.loader import build, is_current, open_store
from govgraph.namespaces import INFERRED_GRAPH, METADATA_GRAPH, ONTOLOGY_GRAPH, data_graph
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from tests.fixtures import ROOT


def test_one_named_graph_per_source_file(repo_store: EmbeddedStore) -> None:
    graphs = {g.iri: g.triples for g in repo_store.graphs()}
    expected = {data_graph(p.stem) for p in (ROOT / "data").glob("*.ttl")} | {ONTOLOGY_GRAPH}
    assert expected <= set(graphs)
    assert {INFERRED_GRAPH, METADATA_GRAPH} <= set(graphs)
    assert all(graphs[g] > 0 for g in expected)


def test_every_graph_records_its_file_and_checksum(repo_store: EmbeddedStore) -> None:
    result = repo_store.query(
        f"""SELECT ?graph ?file ?checksum WHERE {{ GRAPH <{METADATA_GRAPH}> {{
            ?graph dct:source ?file ; dct:identifier ?checksum }} }}"""
    )
    files = {r["file"].value for r in result.records()}
    assert {p.name for p in (ROOT / "data").glob("*.ttl")} | {"govgraph.ttl"} == files
    assert all(r["checksum"].value.startswith("sha256:") for r in result.records())


def test_the_ontology_reaches_sparql_answers(repo_store: EmbeddedStore) -> None:
    result = repo_store.query("SELECT ?label WHERE { gg:Forum rdfs:label ?label } ORDER BY ?label")
    assert [r[0].value for r in result.rows] == ["Foro", "Forum"]


def _settings_for(tmp_path: Path, data_dir: Path) -> Settings:
    return Settings.from_env(environ={}, store=tmp_path / "store", data_dir=data_dir, ontology_dir=ROOT / "ontology")


GOOD = """@prefix gg: <https://w3id.org/govgraph/ontology#> . @prefix gid: <https://w3id.org/govgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dct: <http://purl.org/dc/terms/> .
gid:case-forum a gg:Forum ; rdfs:label "Case forum"@en , "Foro de prueba"@es ; dct:source <https://example.org/s> .
"""


def test_a_failed_build_leaves_the_published_store_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "forums.ttl").write_text(GOOD)
    settings = _settings_for(tmp_path, data)
    first = build(settings)
    before = first.asserted

    (data / "broken.ttl").write_text(
        GOOD.replace("gid:case-forum", "gid:case-other").replace('"Foro de prueba"@es', '"x"')
    )
    with pytest.raises(DataNotValid) as raised:
        build(settings)
    report = raised.value.details["report"]
    assert {(r.focus, r.path) for r in report.results} >= {("gid:case-other", "rdfs:label")}
    assert raised.value.exit_code == 1

    (data / "broken.ttl").write_text(GOOD + "gid:case-forum gg:addresses .\n")
    with pytest.raises(RdfSyntaxError) as syntax:
        build(settings)
    assert syntax.value.details["line"] == 4
    assert "broken.ttl" in syntax.value.message

    store = open_store(settings, read_only=True)
    assert sum(g.triples for g in store.graphs() if g.iri in {ONTOLOGY_GRAPH, data_graph("forums")}) == before
    assert data_graph("broken") not in {g.iri for g in store.graphs()}
    store.close()
    assert not (tmp_path / "store.building").exists()


def test_rebuild_replaces_the_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.md"))
    settings = _settings_for(tmp_path, data)
    build(settings)
    (data / "extra.ttl").write_text(GOOD)
    build(settings)
    store = open_store(settings, read_only=True)
    assert store.query("ASK { gid:case-forum a gg:Forum }").boolean is True
    store.close()


def test_the_store_knows_whether_it_is_current(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "forums.ttl").write_text(GOOD)
    settings = _settings_for(tmp_path, data)
    assert not is_current(settings)
    build(settings)
    assert is_current(settings)
    (data / "forums.ttl").write_text(GOOD.replace("Case forum", "Case forum, renamed"))
    assert not is_current(settings)
