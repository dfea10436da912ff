"""The contribution workflow as a service: tokens, submit, review, publish, retract, reconcile, diff.

Everything runs over a private copy of the built store and a journal in tmp_path, wired the way
`create_app` wires them, so the shared session store is never written.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph import tokens
from govgraph.contributions.model import Contribution
from govgraph.contributions.workflow import Contributions
from govgraph.errors import Conflict, GovgraphError
from govgraph.journal import Journal
from govgraph.namespaces import GID, INFERRED_GRAPH, PROVENANCE_GRAPH, XSD, contribution_graph
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from govgraph.tokens import Holder
from govgraph.validation import cached_graph
from tests.fixtures import EXAMPLE, INVALID, PREFIXES, govgraph

NOT_DERIVED = f"FILTER (?g NOT IN (<{PROVENANCE_GRAPH}>, <{INFERRED_GRAPH}>))"


class Workflow:
    """A Contributions service over its own store copy and journal, with one token of each role."""

    def __init__(self, store: EmbeddedStore, journal: Journal, service: Contributions):
        self.store, self.journal, self.service = store, journal, service
        self.contributor = tokens.authenticate(
            journal, "Bearer " + tokens.create(journal, role="contributor", name="C")
        )
        self.maintainer = tokens.authenticate(journal, "Bearer " + tokens.create(journal, role="maintainer", name="M"))

    def submit(self, body: bytes = EXAMPLE, holder: Holder | None = None, fmt: str = "turtle") -> Contribution:
        outcome = self.service.submit(
            holder or self.contributor, body, fmt, "text/turtle", message="RIGF 2010", lang="en"
        )
        assert outcome.report.conforms, outcome.report.text()
        assert outcome.contribution is not None
        return outcome.contribution

    def ask(self, sparql: str) -> bool:
        result = self.store.query(sparql)
        assert result.boolean is not None
        return result.boolean

    def count(self, where: str) -> int:
        return int(self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows[0][0].value)

    def asserted(self) -> int:
        """Asserted triples: every graph but the provenance and inferred graphs."""
        return self.count(f"GRAPH ?g {{ ?s ?p ?o }} {NOT_DERIVED}")


@pytest.fixture
def workflow(repo_settings: Settings, tmp_path: Path) -> Iterator[Workflow]:
    copy = tmp_path / "store"
    shutil.copytree(repo_settings.store, copy)
    store = EmbeddedStore(copy)
    journal = Journal(tmp_path / "journal.sqlite3")
    service = Contributions(
        journal,
        store,
        shapes=cached_graph(repo_settings.shapes_file),
        ontology=cached_graph(repo_settings.ontology_file),
        max_triples=repo_settings.max_contribution_triples,
    )
    yield Workflow(store, journal, service)
    journal.close()
    store.close()


def cli(*args: str, journal: Path, store: Path) -> subprocess.CompletedProcess[str]:
    return govgraph(*args, "--store", str(store), timeout=120, GOVGRAPH_JOURNAL=str(journal))


# -- tokens ----------------------------------------------------------------------------------------


def test_tokens_are_stored_only_as_a_hash(tmp_path: Path) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    created = cli("token", "create", "--role", "maintainer", "--name", "M", journal=journal_file, store=tmp_path / "s")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    prefix, token_id, secret = token.split("_", 2)
    assert prefix == "ggt" and len(secret) >= 32

    stored = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite3*"))
    assert secret.encode() not in stored
    assert hashlib.sha256(secret.encode()).hexdigest().encode() in stored  # the hash is what is kept

    listed = cli("token", "list", journal=journal_file, store=tmp_path / "s")
    assert listed.returncode == 0, listed.stderr
    assert token_id in listed.stdout and secret not in listed.stdout
    holder = tokens.authenticate(Journal(journal_file), f"Bearer {token}")
    assert (holder.token_id, holder.name, holder.role) == (token_id, "M", "maintainer")


def test_revoked_token_no_longer_authenticates(tmp_path: Path) -> None:
    journal_file = tmp_path / "journal.sqlite3"
    created = cli("token", "create", "--role", "contributor", "--name", "C", journal=journal_file, store=tmp_path / "s")
    token = created.stdout.strip().splitlines()[-1]
    assert tokens.authenticate(Journal(journal_file), f"Bearer {token}").role == "contributor"

    revoked = cli("token", "revoke", token.split("_")[1], journal=journal_file, store=tmp_path / "s")
    assert revoked.returncode == 0, revoked.stderr
    with pytest.raises(tokens.Unauthorized) as caught:
        tokens.authenticate(Journal(journal_file), f"Bearer {token}")
    assert caught.value.status == 401
    again = cli("token", "revoke", token.split("_")[1], journal=journal_file, store=tmp_path / "s")
    assert again.returncode != 0 and "No active token" in again.stderr


def test_roles(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    contributor = tokens.create(journal, role="contributor", name="C")
    maintainer = tokens.create(journal, role="maintainer", name="M")

    assert tokens.authenticate(journal, f"Bearer {maintainer}", role="maintainer").role == "maintainer"
    assert tokens.authenticate(journal, f"Bearer {contributor}").role == "contributor"
    with pytest.raises(tokens.Forbidden) as forbidden:
        tokens.authenticate(journal, f"Bearer {contributor}", role="maintainer")
    assert forbidden.value.status == 403
    with pytest.raises(tokens.Unauthorized):
        tokens.authenticate(journal, f"Bearer {maintainer[:-1]}x")  # one character off
    with pytest.raises(tokens.Unauthorized):
        tokens.authenticate(journal, None)
    with pytest.raises(GovgraphError, match="Unknown role"):
        tokens.create(journal, role="admin", name="A")


# -- submitting and reviewing ----------------------------------------------------------------------


def test_submit_is_pending_and_publishes_nothing(workflow: Workflow) -> None:
    before = workflow.asserted()
    contribution = workflow.submit()

    assert contribution.status == "pending"
    assert contribution.triples == 27
    assert workflow.service.get(contribution.id) == contribution
    assert [c.id for c in workflow.service.listing(status="pending")] == [contribution.id]
    assert not workflow.ask("ASK { gid:rigf-2010 ?p ?o }")
    assert contribution.graph not in {g.iri for g in workflow.store.graphs()}
    assert workflow.asserted() == before
    # Nothing about it in the public store either, until it is published.
    assert not workflow.ask(f"ASK {{ GRAPH ?g {{ <{contribution.iri}> ?p ?o }} }}")
    assert not workflow.ask(f'ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER (CONTAINS(STR(?s), "{contribution.token_id}")) }} }}')


def test_invalid_submission_stores_nothing(workflow: Workflow) -> None:
    outcome = workflow.service.submit(workflow.contributor, INVALID, "turtle", "text/turtle", message="", lang="en")
    assert outcome.contribution is None
    assert not outcome.report.conforms
    assert {(r.focus, r.path) for r in outcome.report.results} >= {
        ("gid:rigf-2010", "gg:endDate"),
        ("gid:cctld-ru", "dct:source"),
    }
    assert workflow.service.listing() == []


def test_accept_publishes_graph_and_provenance(workflow: Workflow) -> None:
    contribution = workflow.submit()
    accepted, report = workflow.service.accept(contribution.id, workflow.maintainer, "Checked against rigf2010.ru")

    assert report.conforms
    assert accepted.status == "accepted" and accepted.reviewer == "M"
    assert workflow.service.get(contribution.id).status == "accepted"
    graph = contribution_graph(contribution.id)
    assert accepted.graph == graph
    assert workflow.count(f"GRAPH <{graph}> {{ ?s ?p ?o }}") == 27
    assert workflow.ask(f'ASK {{ GRAPH <{graph}> {{ gid:rigf-2010 gg:startDate "2010-05-13"^^xsd:date }} }}')
    record = f"""ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{
        <{contribution.iri}> a gg:Contribution ; gg:status "accepted" ;
            prov:wasAttributedTo ?agent .
        ?agent a prov:Agent ; rdfs:label "C" .
        ?review a prov:Activity ; prov:used <{contribution.iri}> ; rdfs:comment "Checked against rigf2010.ru" .
        <{graph}> prov:wasDerivedFrom <{contribution.iri}> .
    }} }}"""
    assert workflow.ask(record)
    assert not workflow.ask(f'ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{contribution.iri}> gg:status "pending" }} }}')
    dump = workflow.store.dump("nquads").decode()
    assert workflow.contributor.token_id not in dump  # the agent's IRI is not the token's id


def test_accept_materializes_inferences(workflow: Workflow) -> None:
    assert not workflow.ask("ASK { gid:igf-russia gg:hasMeeting gid:rigf-2010 }")
    contribution = workflow.submit()
    workflow.service.accept(contribution.id, workflow.maintainer, "ok")
    # gg:hasMeeting is the inverse of the contributed gg:meetingOf; it lives in the inferred graph.
    assert workflow.ask(
        "ASK { GRAPH <https://w3id.org/govgraph/graph/inferred> { gid:igf-russia gg:hasMeeting gid:rigf-2010 } }"
    )


def test_reject_keeps_the_store_unchanged(workflow: Workflow) -> None:
    before = workflow.asserted()
    contribution = workflow.submit()
    rejected = workflow.service.reject(contribution.id, workflow.maintainer, "No second source")

    assert rejected.status == "rejected" and rejected.reason == "No second source"
    assert workflow.asserted() == before
    assert not workflow.ask("ASK { gid:rigf-2010 ?p ?o }")
    assert not workflow.ask(f"ASK {{ GRAPH ?g {{ <{contribution.iri}> ?p ?o }} }}")  # never published
    with pytest.raises(Conflict):
        workflow.service.accept(contribution.id, workflow.maintainer, "changed my mind")


def test_retract_removes_the_graph_and_records_it(workflow: Workflow) -> None:
    before = workflow.asserted()
    contribution = workflow.submit()
    workflow.service.accept(contribution.id, workflow.maintainer, "ok")
    assert workflow.asserted() > before

    retracted = workflow.service.retract(contribution.id, workflow.maintainer, "Wrong dates")
    assert retracted.status == "retracted"
    assert workflow.count(f"GRAPH <{contribution.graph}> {{ ?s ?p ?o }}") == 0
    assert not workflow.ask("ASK { gid:rigf-2010 ?p ?o }")
    assert not workflow.ask("ASK { gid:igf-russia gg:hasMeeting gid:rigf-2010 }")
    assert workflow.asserted() == before
    prov = f"""ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{
        <{contribution.iri}> gg:status "retracted" ; prov:invalidatedAtTime ?when .
        ?review prov:used <{contribution.iri}> ; rdfs:comment "Wrong dates" . }} }}"""
    assert workflow.ask(prov)
    assert not workflow.ask(f'ASK {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{contribution.iri}> gg:status "accepted" }} }}')
    # The graph it made is gone, and so is the record that it came from the contribution.
    assert not workflow.ask(f"ASK {{ GRAPH ?g {{ <{contribution.graph}> ?p ?o }} }}")


def test_accepting_twice_is_a_conflict(workflow: Workflow) -> None:
    contribution = workflow.submit()
    workflow.service.accept(contribution.id, workflow.maintainer, "ok")
    with pytest.raises(Conflict) as caught:
        workflow.service.accept(contribution.id, workflow.maintainer, "again")
    assert caught.value.status == 409
    assert "accepted" in caught.value.message
    assert workflow.service.get(contribution.id).reason == "ok"


def test_retracting_a_pending_contribution_is_a_conflict(workflow: Workflow) -> None:
    contribution = workflow.submit()
    with pytest.raises(Conflict):
        workflow.service.retract(contribution.id, workflow.maintainer, "never published")
    assert workflow.service.get(contribution.id).status == "pending"


def test_accept_revalidates_against_the_current_graph(workflow: Workflow) -> None:
    """Two contributors describe the same meeting with different start dates: each conforms alone,
    but once one is published the other would give the meeting two start dates."""
    first = workflow.submit()
    second = workflow.submit(EXAMPLE.replace(b'"2010-05-13"^^xsd:date', b'"2010-05-12"^^xsd:date'))

    workflow.service.accept(first.id, workflow.maintainer, "ok")
    current, report = workflow.service.accept(second.id, workflow.maintainer, "ok too")

    assert current.status == "pending"
    assert workflow.service.get(second.id).status == "pending"
    assert not report.conforms
    assert ("gid:rigf-2010", "gg:startDate") in {(r.focus, r.path) for r in report.results}
    assert workflow.count(f"GRAPH <{second.graph}> {{ ?s ?p ?o }}") == 0
    assert workflow.count("gid:rigf-2010 gg:startDate ?d") == 1


# -- reconciling the store with the journal --------------------------------------------------------


def test_reconcile_republishes_a_dropped_graph(workflow: Workflow) -> None:
    contribution = workflow.submit()
    workflow.service.accept(contribution.id, workflow.maintainer, "ok")
    assert workflow.service.reconcile() == 0  # already in line

    workflow.store.update(f"DROP GRAPH <{contribution.graph}>")  # as after `govgraph build`
    assert workflow.count(f"GRAPH <{contribution.graph}> {{ ?s ?p ?o }}") == 0

    assert workflow.service.reconcile() == 1
    assert workflow.count(f"GRAPH <{contribution.graph}> {{ ?s ?p ?o }}") == 27
    assert workflow.ask("ASK { gid:igf-russia gg:hasMeeting gid:rigf-2010 }")


def test_reconcile_drops_a_graph_whose_contribution_is_not_accepted(workflow: Workflow) -> None:
    pending = workflow.submit()
    rejected = workflow.submit()
    workflow.service.reject(rejected.id, workflow.maintainer, "duplicate")
    for stray in (pending, rejected):  # as after a crash between the journal write and the store write
        workflow.store.replace_graph(stray.graph, stray.ntriples.encode(), "ntriples")
    assert workflow.ask("ASK { gid:rigf-2010 ?p ?o }")

    assert workflow.service.reconcile() == 2
    graphs = {g.iri for g in workflow.store.graphs()}
    assert pending.graph not in graphs and rejected.graph not in graphs
    assert not workflow.ask("ASK { gid:rigf-2010 ?p ?o }")
    assert workflow.service.get(pending.id).status == "pending"  # the journal is untouched


# -- diff ------------------------------------------------------------------------------------------


def test_diff_lists_added_and_already_published_triples(workflow: Workflow) -> None:
    first = workflow.submit()
    second = workflow.submit(EXAMPLE + b'\ngid:rigf-2010 rdfs:label "RIGF 2010"@ru .\n')
    diff = workflow.service.diff(second)
    assert len(diff["added"]) == 28 and diff["already_published"] == [] and diff["contradicts"] == []

    workflow.service.accept(first.id, workflow.maintainer, "ok")
    diff = workflow.service.diff(second)
    assert diff["added"] == [f'<{GID}rigf-2010> <http://www.w3.org/2000/01/rdf-schema#label> "RIGF 2010"@ru .']
    assert len(diff["already_published"]) == 27
    assert (
        f'<{GID}rigf-2010> <https://w3id.org/govgraph/ontology#startDate> "2010-05-13"^^<{XSD}date> .'
        in (diff["already_published"])
    )
    assert diff["contradicts"] == []


def test_diff_names_another_english_label_as_a_contradiction(workflow: Workflow) -> None:
    contribution = workflow.submit(PREFIXES.encode() + b'gid:country-ru rdfs:label "Russia"@en , "Rusia"@es .\n')
    diff = workflow.service.diff(contribution)
    assert len(diff["added"]) == 2
    assert len(diff["contradicts"]) == 2, diff["contradicts"]
    english = next(line for line in diff["contradicts"] if "@en" in line)
    assert "country-ru" in english and '"Russian Federation"@en' in english and '"Russia"@en' in english


def test_diff_names_another_start_date_as_a_contradiction(workflow: Workflow) -> None:
    first = workflow.submit()
    second = workflow.submit(EXAMPLE.replace(b'"2010-05-13"^^xsd:date', b'"2010-05-12"^^xsd:date'))
    assert workflow.service.diff(second)["contradicts"] == []
    workflow.service.accept(first.id, workflow.maintainer, "ok")

    contradicts = workflow.service.diff(second)["contradicts"]
    assert len(contradicts) == 1
    assert "startDate" in contradicts[0] and "2010-05-13" in contradicts[0] and "2010-05-12" in contradicts[0]


# -- govgraph's own rules --------------------------------------------------------------------------


def _own_rule_messages(workflow: Workflow, turtle: str) -> dict[str, str]:
    _, _, report = workflow.service.check((PREFIXES + turtle).encode(), "turtle")
    assert not report.conforms
    return {r.focus: r.message("en") for r in report.results if r.constraint == "govgraph"}


def test_subject_outside_gid_is_a_violation(workflow: Workflow) -> None:
    messages = _own_rule_messages(
        workflow,
        '<https://example.org/forum> a gg:Forum ; rdfs:label "F"@en , "F"@es ; dct:source <https://example.org/> .',
    )
    assert "<https://example.org/forum>" in messages
    assert "govgraph entities" in messages["<https://example.org/forum>"]


def test_triples_about_the_ontology_are_a_violation(workflow: Workflow) -> None:
    messages = _own_rule_messages(workflow, 'gg:Meeting rdfs:label "Gathering"@en .')
    focus = next(f for f in messages if f in ("gg:Meeting", "<https://w3id.org/govgraph/ontology#Meeting>"))
    assert "ontology" in messages[focus]


def test_new_untyped_entity_is_a_violation(workflow: Workflow) -> None:
    messages = _own_rule_messages(
        workflow, 'gid:brand-new-thing rdfs:label "New"@en , "Nuevo"@es ; dct:source <https://example.org/> .'
    )
    assert "rdf:type" in messages["gid:brand-new-thing"]
    # the same kind of statement about an entity govgraph already knows needs no type
    _, _, report = workflow.service.check((PREFIXES + 'gid:country-ru rdfs:label "Russie"@fr .').encode(), "turtle")
    assert report.conforms, report.text()


# -- validation in context (see /work/scratch/contribution-bugs.md) --------------------------------


def test_statement_about_a_linked_existing_entity_conforms(workflow: Workflow) -> None:
    """gid:igf-russia is published and valid; adding a French label must not bring up violations
    about its published links (gg:country, gg:subProcessOf), which are not the contributor's to fix."""
    _, _, report = workflow.service.check((PREFIXES + 'gid:igf-russia rdfs:label "RIGF"@fr .').encode(), "turtle")
    assert report.conforms, report.text()


def test_addition_to_a_published_contribution_conforms(workflow: Workflow) -> None:
    """Once RIGF 2010 is published, a further label for it must conform (its inferred gg:partOf gid:igf
    is a published, valid fact)."""
    first = workflow.submit()
    workflow.service.accept(first.id, workflow.maintainer, "ok")
    _, _, report = workflow.service.check((PREFIXES + 'gid:rigf-2010 rdfs:label "RIGF 2010"@ru .').encode(), "turtle")
    assert report.conforms, report.text()
