"""A contribution's diff against a real store: added, already published, contradicted."""

from __future__ import annotations

from govgraph.contributions.diff import diff
from govgraph.contributions.rdf_input import parse_contribution
from govgraph.namespaces import GID, INFERRED_GRAPH, RDFS, data_graph
from govgraph.rdf import iri, literal
from govgraph.store.embedded import EmbeddedStore

IGF = iri(GID + "igf")
LABEL = iri(RDFS + "label")
COMMENT = iri(RDFS + "comment")


def canonical(turtle: str) -> str:
    return parse_contribution(turtle.encode(), "turtle", max_triples=100)[1]


def test_a_published_literal_with_a_tab_is_already_published() -> None:
    """The diff's lines and the contribution's were written apart, and differed on tabs."""
    store = EmbeddedStore()
    store.add_triples(data_graph("igf"), [(IGF, COMMENT, literal("one\ttwo", lang="en"))])
    lines = canonical(f'<{GID}igf> <{RDFS}comment> "one\\ttwo"@en , "three"@en .')
    found = diff(store, lines)
    assert found["already_published"] == [f'<{GID}igf> <{RDFS}comment> "one\\ttwo"@en .']
    assert found["added"] == [f'<{GID}igf> <{RDFS}comment> "three"@en .']


def test_another_label_in_the_same_language_is_a_contradiction() -> None:
    store = EmbeddedStore()
    store.add_triples(data_graph("igf"), [(IGF, LABEL, literal("Internet Governance Forum", lang="en"))])
    found = diff(store, canonical(f'<{GID}igf> <{RDFS}label> "IGF"@en , "Foro"@es .'))
    assert found["contradicts"] == [
        f'<{GID}igf> <{RDFS}label>@en: published "Internet Governance Forum"@en, contributed "IGF"@en'
    ]
    assert len(found["added"]) == 2 and found["already_published"] == []


def test_what_only_the_inferred_graph_holds_is_not_published() -> None:
    store = EmbeddedStore()
    store.add_triples(INFERRED_GRAPH, [(IGF, COMMENT, literal("inferred"))])
    found = diff(store, canonical(f'<{GID}igf> <{RDFS}comment> "inferred" .'))
    assert found["added"] == [f'<{GID}igf> <{RDFS}comment> "inferred" .'] and found["already_published"] == []
