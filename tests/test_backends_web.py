"""The same HTTP tests on both backends: `govgraph serve` over a copy of the embedded store, and over Virtuoso.

The SPARQL endpoint's tests (formats, the read-only guard, problems, the time limit) and the contribution
workflow's (submit, accept, publish, reject, retract, provenance) are imported from test_web.py and
test_web_contributions.py and run here once per backend, against this module's `server` and `site`.
Then writes under failure: the engine dies between the journal and the engine, and comes back.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from govgraph import tokens
from govgraph.contributions.workflow import Contributions
from govgraph.errors import StoreUnavailable
from govgraph.journal import Journal
from govgraph.loader import build, open_store, remote_store
from govgraph.namespaces import PROVENANCE_GRAPH
from govgraph.settings import Settings
from govgraph.store.remote import RemoteStore
from tests.fixtures import ROOT, Server, Site, bearer, govgraph, problem, submit, submitted_id, variant
from tests.test_web import (  # noqa: F401  (collected here, once per backend)
    test_a_slow_query_times_out_while_others_are_served,
    test_bad_requests_get_clear_problems,
    test_construct_as_turtle,
    test_malformed_graph_iris_are_refused_not_a_server_error,
    test_post_forms,
    test_sparql_get_answers_sparql_json,
    test_sparql_result_formats_by_accept,
    test_updates_and_federation_are_refused,
)
from tests.test_web_contributions import (  # noqa: F401
    test_accepting_twice_is_409,
    test_invalid_example_gets_a_problem_document,
    test_reject_without_a_reason_is_422,
    test_review_flow_over_http,
    test_valid_example_is_accepted_for_review,
)
from tests.virtuoso import Virtuoso, configure

TIMEOUT = {"GOVGRAPH_QUERY_TIMEOUT": "2", "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "1000"}
pytestmark = pytest.mark.usefixtures("no_server_errors")


class EngineSite(Site):
    """A server over a SPARQL engine (no store copy: the engine is the store) and a journal of its own."""

    def __init__(self, tmp: Path, engine: Virtuoso, extra_env: dict[str, str]):
        self.engine = engine
        self.store = Path("unused")  # the CLI's --store; token commands only use the journal
        self.served = engine.env["GOVGRAPH_STORE"]
        self.journal = tmp / "journal.sqlite3"
        env = {k: v for k, v in engine.env.items() if k != "GOVGRAPH_STORE"}
        releases = str(tmp / "releases")  # not beside the default data folder: the test's own
        self.env = {"GOVGRAPH_JOURNAL": str(self.journal), "GOVGRAPH_RELEASES_DIR": releases, **env, **extra_env}
        self.log_file = tmp / "server.log"
        self.start()


def engine_settings(engine: Virtuoso, journal: Path) -> Settings:
    return Settings.from_env(
        environ=engine.env,
        journal=journal,
        releases_dir=journal.with_name("releases"),
        ontology_dir=ROOT / "ontology",
        data_dir=ROOT / "data",
        queries_dir=ROOT / "queries",
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A Virtuoso of this module's own, written to by its tests, with the repository's data built into it."""
    running = configure(tmp_path_factory.mktemp("virtuoso-web"))
    running.start()
    build(engine_settings(running, running.folder / "build.journal.sqlite3"))
    yield running
    running.stop()


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def site(
    request: pytest.FixtureRequest, repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp(f"backend-site-{request.param}")
    if request.param == "embedded":
        running: Site = Site(tmp, repo_settings.store, TIMEOUT)
    else:
        running = EngineSite(tmp, request.getfixturevalue("engine"), TIMEOUT)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server(site: Site) -> Server:
    return site.server


def test_syntax_error_is_a_400_problem(server: Server) -> None:
    body = problem(httpx.get(f"{server.base_url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}), 400)
    assert "syntax error" in body["detail"].lower()


def test_named_question_over_http(server: Server) -> None:
    response = httpx.get(f"{server.base_url}/questions/who-hosted-igf", params={"year": "2015"})
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert [row["meeting"]["value"] for row in rows] == ["https://w3id.org/govgraph/id/igf-2015"]


def test_dump_and_health_agree(server: Server) -> None:
    triples = httpx.get(f"{server.base_url}/health").json()["triples"]
    dump = httpx.get(f"{server.base_url}/dump.nq", timeout=60)
    assert dump.status_code == 200
    assert len([line for line in dump.text.splitlines() if line.strip()]) == triples


# -- writes under failure (Virtuoso) -------------------------------------------------------------------


def contribution_graphs(settings: Settings) -> dict[str, int]:
    store = open_store(settings, read_only=True)
    try:
        return {g.iri: g.triples for g in store.graphs() if "/graph/contribution/" in g.iri}
    finally:
        store.close()


def provenance_records(settings: Settings, contribution: str) -> int:
    store = open_store(settings, read_only=True)
    try:
        iri = f"https://w3id.org/govgraph/contribution/{contribution}"
        found = store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{iri}> gg:status ?status }} }}"
        )
        return int(found.rows[0][0].value)  # type: ignore[union-attr]
    finally:
        store.close()


def test_engine_down_at_accept_acknowledges_nothing(engine: Virtuoso, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The engine is gone when a maintainer accepts: a 503 naming the engine, and the contribution stays pending."""
    tmp = tmp_path_factory.mktemp("engine-down")
    own = EngineSite(tmp, engine, {})
    try:
        maintainer = own.token("maintainer", "M")
        contribution = submitted_id(submit(own, maintainer, variant(uuid4().hex[:8])))
        engine.kill()
        with own.client() as client:
            cut = client.post(f"/contributions/{contribution}/accept", headers=bearer(maintainer))
            assert cut.status_code == 503, cut.text
            assert "SPARQL engine" in cut.json()["detail"]
            engine.start()
            followed = client.get(f"/contributions/{contribution}", headers=bearer(maintainer))
            assert followed.json()["status"] == "pending"
    finally:
        own.stop()
        if engine.process is None or engine.process.poll() is not None:
            engine.start()


class KilledMidWrite(RemoteStore):
    """The real engine, killed (as a crash: no checkpoint) the moment a contribution's graph is written."""

    def __init__(self, engine: Virtuoso, settings: Settings):
        super().__init__(remote_store(settings).endpoints)
        self.virtuoso = engine

    def replace_graph(self, graph: str, data: bytes, fmt, *, base_iri: str | None = None) -> int:  # type: ignore[no-untyped-def]
        if "/graph/contribution/" in graph:
            self.virtuoso.kill()
        return super().replace_graph(graph, data, fmt, base_iri=base_iri)


def test_engine_killed_between_journal_and_engine_loses_and_duplicates_nothing(
    engine: Virtuoso, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = engine_settings(engine, tmp_path_factory.mktemp("engine-crash") / "journal.sqlite3")
    journal = Journal(settings.journal_file)
    secret = tokens.create(journal, role="maintainer", name="M")
    reviewer = tokens.authenticate(journal, f"Bearer {secret}")
    try:
        healthy = open_store(settings)
        flow = Contributions.from_settings(settings, healthy, journal)
        first = flow.submit(reviewer, variant(uuid4().hex[:8]), "turtle", "text/turtle", message="", lang="en")
        second = flow.submit(reviewer, variant(uuid4().hex[:8]), "turtle", "text/turtle", message="", lang="en")
        assert first.contribution and second.contribution
        flow.accept(first.contribution.id, reviewer, "ok")  # acknowledged before the crash

        flow.store = KilledMidWrite(engine, settings)
        with pytest.raises(StoreUnavailable):
            flow.accept(second.contribution.id, reviewer, "ok")
        assert flow.get(second.contribution.id).status == "accepted"  # the journal has it: durable first
        engine.start()  # recovers from its transaction log

        for _ in range(2):  # on every start; the second time changes nothing and duplicates nothing
            store = open_store(settings)
            Contributions.from_settings(settings, store, journal).reconcile()
            store.close()
            accepted = {c.graph: c.triples for c in flow.listing(status="accepted")}
            assert contribution_graphs(settings) == accepted  # each graph there, whole, once; no other
            for c in (first.contribution, second.contribution):
                assert provenance_records(settings, c.id) == 1
    finally:
        journal.close()
        if engine.process is None or engine.process.poll() is not None:
            engine.start()


# -- bulk load ---------------------------------------------------------------------------------------


def write_dump(folder: Path, triples: int) -> tuple[Path, Path]:
    """A gzipped N-Triples file of `triples` triples, and a Turtle file with blank nodes (1,000 triples)."""
    nt = folder / "generated.nt.gz"
    with gzip.open(nt, "wt", encoding="utf-8") as f:
        for i in range(triples):
            f.write(f'<https://example.org/e/{i}> <https://example.org/p/{i % 7}> "v{i}"@en .\n')
    ttl = folder / "people.ttl"
    ttl.write_text(
        "@prefix ex: <https://example.org/> .\n"
        + "".join(f'ex:s{i} ex:knows [ ex:name "n{i}" ] .\n' for i in range(500)),
        encoding="utf-8",
    )
    return nt, ttl


@pytest.mark.parametrize("kind", ["embedded", "virtuoso"])
def test_bulk_load_streams_a_dump_into_a_named_graph(
    kind: str, request: pytest.FixtureRequest, repo_settings: Settings, tmp_path: Path
) -> None:
    if kind == "embedded":
        shutil.copytree(repo_settings.store, tmp_path / "store")
        env = {"GOVGRAPH_STORE": str(tmp_path / "store")}
    else:
        env = request.getfixturevalue("engine").env
    settings = Settings.from_env(environ=env)
    nt, ttl = write_dump(tmp_path, 50_000)

    def load(*args: str) -> subprocess.CompletedProcess[str]:
        return govgraph("load", *args, **env)

    loaded = load(str(nt))
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 50,000 triples into https://w3id.org/govgraph/graph/load/generated" in loaded.stdout
    people = load(str(ttl), "--graph", "https://example.org/people")
    assert people.returncode == 0, people.stderr
    assert "Loaded 1,000 triples" in people.stdout

    store = open_store(settings, read_only=True)
    try:
        counted = store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govgraph/graph/load/generated> { ?s ?p ?o } }"
        )
        assert counted.rows[0][0].value == "50000"  # type: ignore[union-attr]
        # each person's blank node is one node across the chunks: its name hangs off what they know
        joined = store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/knows>/<https://example.org/name> ?n }"
        )
        assert joined.rows[0][0].value == "500"  # type: ignore[union-attr]
        assert store.query("ASK { gid:igf a gg:Forum }").boolean  # the curated graph is still there
    finally:
        store.close()

    wrong = load(str(tmp_path / "people.csv"))
    assert wrong.returncode == 2 and "No file at" in wrong.stderr
    (tmp_path / "data.xml").write_text("<rdf/>")
    unknown = load(str(tmp_path / "data.xml"))
    assert unknown.returncode == 2 and ".nt or .ttl" in unknown.stderr


# -- views, entity pages, search and analysis read the same on both backends ------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/embed/entity/icann?format=json", {"pti", "aso", "city-los-angeles"}),
        ("/embed/forum/igf?format=json&as_of=2023-06-01", {"maria-ressa", "igf-leadership-panel", "igf-secretariat"}),
        ("/embed/lineage/igf?format=json", {"tunis-agenda", "wsis", "wsis-plus-10", "wsis-plus-20"}),
        ("/embed/stewardship?format=json&as_of=2015-01-01", {"ntia", "icann", "dns-root-zone"}),
    ],
)
def test_views_on_both_backends(server: Server, path: str, expected: set[str]) -> None:
    response = httpx.get(f"{server.base_url}{path}", timeout=60)
    assert response.status_code == 200, response.text
    assert expected <= {node["slug"] for node in response.json()["nodes"]}


def test_entity_page_search_and_analysis_on_both_backends(server: Server) -> None:
    page = httpx.get(f"{server.base_url}/id/icann", params={"lang": "es"}, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and 'href="/id/pti?lang=es"' in page.text
    turtle = httpx.get(f"{server.base_url}/id/dns-root-zone", headers={"Accept": "text/turtle"}, timeout=60)
    assert turtle.status_code == 200 and "gid:stewardship-pti-dns-root-zone" in turtle.text, turtle.text[:3000]
    found = httpx.get(f"{server.base_url}/search", params={"q": "tunez"}, timeout=60).json()["results"]
    assert "tunis-agenda" in [hit["slug"] for hit in found]
    analysis = httpx.get(f"{server.base_url}/analysis/stewardship", timeout=60)
    assert analysis.status_code == 200, analysis.text
    nodes = analysis.json()["nodes"]
    assert {"pti", "dns-root-zone"} <= {node["slug"] for node in nodes}
