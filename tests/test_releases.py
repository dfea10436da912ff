"""Releases, dumps and the VoID description as services, over private copies of the repository's store."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from govgraph import void
from govgraph.dumps import FORMATS, CurrentDumps, by_extension
from govgraph.errors import InvalidParameter, NotFound, StoreUnavailable
from govgraph.formats import RDF
from govgraph.rdf import Term
from govgraph.releases import Releases, parse_number
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from tests.fixtures import govgraph

OX = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
EXTRA_GRAPH = "https://w3id.org/govgraph/graph/test-extra"
IGF = Term("uri", "https://w3id.org/govgraph/id/igf")
LABEL = Term("uri", "http://www.w3.org/2000/01/rdf-schema#label")
NOTE = Term("literal", "added after the release", lang="en")


@pytest.fixture
def settings(repo_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the session store, with its own releases directory."""
    shutil.copytree(repo_settings.store, tmp_path / "store")
    return repo_settings.with_overrides(store=tmp_path / "store", journal=tmp_path / "journal.sqlite3")


@pytest.fixture
def live(settings: Settings) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(settings.store)
    yield store
    store.close()


@pytest.fixture
def releases(settings: Settings) -> Iterator[Releases]:
    made = Releases(settings)
    yield made
    made.close()


def count(store: EmbeddedStore, sparql: str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") -> int:
    return int(store.query(sparql).rows[0][0].value)


def folders(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# -- numbering and metadata ------------------------------------------------------------------------


def test_releases_sit_beside_the_store_unless_set(settings: Settings, tmp_path: Path) -> None:
    assert settings.releases_path == tmp_path / "store.releases"
    assert Settings.from_env(environ={"GOVGRAPH_RELEASES_DIR": "/srv/rel"}).releases_path == Path("/srv/rel")


def test_numbers_start_at_one_and_go_up_by_one(releases: Releases, live: EmbeddedStore) -> None:
    first = releases.create(live, "Course, term 1")
    second = releases.create(live)
    assert (first.number, second.number) == (1, 2)
    assert [r.number for r in releases.list()] == [1, 2]
    assert first.note == "Course, term 1" and second.note is None
    assert first.triples == sum(first.graphs.values()) == live.triple_count()
    assert first.graphs["https://w3id.org/govgraph/graph/data/igf"] == count(
        live, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govgraph/graph/data/igf> { ?s ?p ?o } }"
    )


def test_release_json_describes_every_file_exactly(settings: Settings, releases: Releases, live: EmbeddedStore) -> None:
    made = releases.create(live)
    read_back = Releases(settings).get(made.number)  # a new instance reads release.json from disk
    assert read_back == made
    assert sorted(f.name for f in made.files) == sorted(f.file_name for f in FORMATS)
    for f in made.files:
        content = (made.path / f.name).read_bytes()
        assert f.size == len(content) and f.sha256 == hashlib.sha256(content).hexdigest()


def test_unknown_release_names_the_existing_ones(releases: Releases, live: EmbeddedStore) -> None:
    with pytest.raises(NotFound) as none_yet:
        releases.get(1)
    assert "no releases yet" in (none_yet.value.hint or "")
    releases.create(live)
    releases.create(live)
    with pytest.raises(NotFound) as raised:
        releases.get(7)
    assert raised.value.message == "There is no release 7." and raised.value.hint == "The releases are: 1, 2."


@pytest.mark.parametrize("text", ["abc", "0", "-1", "1.5", "1e3", "²", "①", "٣", "1" * 10, "9" * 5000])
def test_a_release_number_must_be_a_whole_number(text: str) -> None:
    with pytest.raises(InvalidParameter) as raised:
        parse_number(text)
    assert raised.value.details["parameter"] == "release" and "release=" in raised.value.message


def test_an_absent_release_number_means_the_live_graph() -> None:
    assert parse_number(None) is None and parse_number("  ") is None and parse_number("12") == 12


# -- immutability and atomicity --------------------------------------------------------------------


def test_a_release_never_changes_after_it_is_made(releases: Releases, live: EmbeddedStore) -> None:
    made = releases.create(live)
    before = {f.name: (made.path / f.name).read_bytes() for f in made.files}
    live.add_triples(EXTRA_GRAPH, [(IGF, LABEL, NOTE)])
    later = releases.create(live)
    assert later.number == 2 and later.triples == made.triples + 1
    assert {f.name: (made.path / f.name).read_bytes() for f in made.files} == before
    for name in [*before, "release.json"]:
        assert not os.stat(made.path / name).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), name


def test_the_snapshot_answers_as_it_was_after_the_live_store_changes(
    settings: Settings, releases: Releases, live: EmbeddedStore
) -> None:
    made = releases.create(live)
    before = count(live)
    live.add_triples(EXTRA_GRAPH, [(IGF, LABEL, NOTE)])
    assert count(live) == before + 1
    pinned = releases.store(made.number)
    assert pinned is releases.store(made.number)  # opened once
    assert count(pinned) == before
    assert not pinned.query(f"ASK {{ GRAPH <{EXTRA_GRAPH}> {{ ?s ?p ?o }} }}").boolean
    with pytest.raises(NotFound):
        releases.store(made.number + 1)


def test_a_failed_create_leaves_nothing(releases: Releases) -> None:
    in_memory = EmbeddedStore(None)  # cannot be copied to disk: the create fails before any release exists
    with pytest.raises(StoreUnavailable):
        releases.create(in_memory)
    assert folders(releases.directory) == []


class FailsAfterTheCopy:
    """A pause that lets the snapshot be taken, then fails: the half-built folder must go."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        raise OSError("disk full")


def test_a_create_that_fails_half_way_leaves_nothing(releases: Releases, live: EmbeddedStore) -> None:
    with pytest.raises(OSError, match="disk full"):
        releases.create(live, pause=FailsAfterTheCopy())
    assert folders(releases.directory) == []
    assert releases.create(live).number == 1


def test_folders_abandoned_by_a_crashed_creator_are_cleared(releases: Releases, live: EmbeddedStore) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = releases.directory / f".building-{dead.stdout.strip()}-0000"
    (abandoned / "store").mkdir(parents=True)
    assert releases.list() == []
    releases.create(live)
    assert folders(releases.directory) == ["1"]


def test_concurrent_creators_get_different_numbers(settings: Settings, live: EmbeddedStore) -> None:
    made, errors = [], []

    def create() -> None:
        try:
            made.append(Releases(settings).create(live).number)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(made) == [1, 2, 3]
    assert folders(settings.releases_path) == ["1", "2", "3"]


# -- dumps -----------------------------------------------------------------------------------------


def test_dumps_parse_back_to_the_store(releases: Releases, live: EmbeddedStore) -> None:
    made = releases.create(live)
    quads, distinct = live.triple_count(), count(live, DISTINCT)
    assert distinct < quads  # some triples are in more than one graph: the union holds them once
    for f in made.files:
        parsed = list(ox.parse(path=str(made.path / f.name), format=OX[f.format]))
        with_graphs = f.format in ("trig", "nquads")
        assert len(parsed) == f.triples == (quads if with_graphs else distinct), f.name
        if with_graphs:
            assert {q.graph_name.value for q in parsed} == set(made.graphs)


def test_current_dumps_follow_the_store_generation(live: EmbeddedStore, tmp_path: Path) -> None:
    dumps = CurrentDumps(live, tmp_path / "current")
    turtle = by_extension("ttl")
    first = dumps.file(turtle)
    assert dumps.file(turtle) == first  # written once per generation
    assert set(dumps.known()) == {"turtle"}
    live.add_triples(EXTRA_GRAPH, [(IGF, LABEL, NOTE)])
    dumps.changed()
    second = dumps.file(turtle)
    assert second.triples == first.triples + 1 and second.sha256 != first.sha256
    dumps.changed()
    dumps.file(turtle)
    assert folders(tmp_path / "current") == ["1", "2"]  # generation 0 is gone, one back is kept
    with pytest.raises(NotFound):
        by_extension("xlsx")


# -- VoID ------------------------------------------------------------------------------------------


def test_void_counts_and_parses(releases: Releases, live: EmbeddedStore) -> None:
    made = releases.create(live, "pinned")
    counts = void.count(live)
    assert counts.triples == live.triple_count()
    body = void.serialize(void.describe(counts, base_url="http://x/", releases=[made]), RDF["turtle"])
    graph = ox.Store()
    graph.load(body, format=ox.RdfFormat.TURTLE)

    def one(sparql: str) -> str:
        rows = list(
            graph.query(
                "PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#> "
                "PREFIX dct: <http://purl.org/dc/terms/> " + sparql
            )
        )
        assert len(rows) == 1, sparql
        return rows[0][0].value

    assert one(f"SELECT ?n WHERE {{ <{void.DATASET}> void:triples ?n }}") == str(live.triple_count())
    assert one(f"SELECT ?e WHERE {{ <{void.DATASET}> void:sparqlEndpoint ?e }}") == "http://x/sparql"
    assert one(f"SELECT ?l WHERE {{ <{void.DATASET}> dct:license ?l }}") == void.LICENSE
    assert one(f"SELECT (SUM(?n) AS ?t) WHERE {{ <{void.DATASET}> void:subset/void:triples ?n }}") == str(
        live.triple_count()
    )
    assert one("SELECT ?v WHERE { ?d dcat:version ?v }") == "1"
    assert one("SELECT (COUNT(*) AS ?n) WHERE { <http://x/releases/1> dcat:distribution ?d }") == str(len(FORMATS))
    assert one("SELECT ?size WHERE { <http://x/releases/1/dump.ttl> dcat:byteSize ?size }") == str(
        made.file("turtle").size
    )


def test_services_do_not_load_the_web_or_cli_frameworks() -> None:
    code = (
        "import sys, govgraph.releases, govgraph.dumps, govgraph.void\n"
        "print(sorted(m for m in ('fastapi', 'typer', 'starlette', 'uvicorn') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- the command line ------------------------------------------------------------------------------


def test_cli_release_makes_the_next_release(settings: Settings) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return govgraph(*args, "--store", str(settings.store), timeout=120)

    made = run("release", "--note", "Seminar")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Release 1: ")
    assert "dump.ttl" in made.stdout
    listed = run("releases")
    assert listed.returncode == 0 and "Seminar" in listed.stdout
    assert (settings.releases_path / "1" / "release.json").is_file()
