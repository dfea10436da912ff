"""OWL consistency by HermiT (through owlready2, with Java): the real ontology and data, and a planted clash."""

from __future__ import annotations

from govgraph.consistency import check_consistency
from govgraph.quality import asserted_ntriples
from govgraph.rdf import parse_rdf
from govgraph.store.embedded import EmbeddedStore
from tests.fixtures import ROOT


def test_ontology_and_data_are_consistent(repo_store: EmbeddedStore) -> None:
    report = check_consistency(asserted_ntriples(repo_store))
    assert report.consistent, report.message
    assert report.unsatisfiable_classes == ()


def test_a_planted_contradiction_is_found() -> None:
    """Something both a person and an organization: the two classes are disjoint."""
    ontology = parse_rdf((ROOT / "ontology" / "govgraph.ttl").read_bytes(), "turtle", source="govgraph.ttl")
    clash = (
        "<https://w3id.org/govgraph/id/case-x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/govgraph/ontology#Person> .\n"
        "<https://w3id.org/govgraph/id/case-x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/govgraph/ontology#Organization> .\n"
    )
    document = "".join(f"{t} .\n" for t in ontology) + clash
    report = check_consistency(document.encode())
    assert not report.consistent


def test_an_endorsement_and_a_refusal_of_the_same_document_clash() -> None:
    ontology = parse_rdf((ROOT / "ontology" / "govgraph.ttl").read_bytes(), "turtle", source="govgraph.ttl")
    gg, gid = "https://w3id.org/govgraph/ontology#", "https://w3id.org/govgraph/id/"
    clash = f"<{gid}case-s> <{gg}endorses> <{gid}case-d> .\n<{gid}case-s> <{gg}declinesToEndorse> <{gid}case-d> .\n"
    report = check_consistency(("".join(f"{t} .\n" for t in ontology) + clash).encode())
    assert not report.consistent
