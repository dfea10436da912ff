"""The PROV-O record of published contributions, in the provenance graph: who submitted what, when, and who
reviewed it. Made from the journal alone, so it can be written again at any time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from govgraph.contributions.model import Contribution
from govgraph.journal import Journal
from govgraph.namespaces import AGENT, DCT, GG, PROV, PROVENANCE_GRAPH, RDF_TYPE, RDFS, XSD
from govgraph.rdf import Triple, iri, literal, ntriples
from govgraph.store.base import Store


def record(c: Contribution, agent: str) -> list[Triple]:
    """The PROV-O record of contribution `c`, attributed to `agent` (an IRI)."""
    when = lambda v: literal(v, XSD + "dateTime")  # noqa: E731
    me, submission, contributor = iri(c.iri), iri(c.iri + "#submission"), iri(agent)
    a = iri(RDF_TYPE)
    triples = [
        (me, a, iri(GG + "Contribution")),
        (me, iri(DCT + "identifier"), literal(c.id)),
        (me, iri(DCT + "description"), literal(c.message)),
        (me, iri(GG + "status"), literal(c.status)),
        (me, iri(PROV + "wasAttributedTo"), contributor),
        (me, iri(PROV + "generatedAtTime"), when(c.submitted)),
        (me, iri(PROV + "wasGeneratedBy"), submission),
        (submission, a, iri(PROV + "Activity")),
        (submission, iri(PROV + "wasAssociatedWith"), contributor),
        (submission, iri(PROV + "endedAtTime"), when(c.submitted)),
        (contributor, a, iri(PROV + "Agent")),
        (contributor, iri(RDFS + "label"), literal(c.contributor)),
    ]
    if c.reviewed and c.reviewer:
        review = iri(c.iri + "#review")
        triples += [
            (review, a, iri(PROV + "Activity")),
            (review, iri(PROV + "used"), me),
            (review, iri(PROV + "endedAtTime"), when(c.reviewed)),
            (review, iri(RDFS + "comment"), literal(c.reason or "")),
            (review, iri(RDFS + "label"), literal(f"{c.status} by {c.reviewer}")),
        ]
    if c.status == "accepted":
        triples.append((iri(c.graph), iri(PROV + "wasDerivedFrom"), me))
    if c.status == "retracted" and c.reviewed:
        triples.append((me, iri(PROV + "invalidatedAtTime"), when(c.reviewed)))
    return triples


def agent_iri(journal: Journal, token_id: str) -> str:
    """The public IRI of a token's holder. Not the token id (the first part of the token itself): a digest
    of the token's stored hash, which tells nothing of the token and is stable for it."""
    rows = journal.read("SELECT secret_hash FROM tokens WHERE id = ?", (token_id,))
    seed = rows[0]["secret_hash"] if rows else token_id
    return AGENT + hashlib.sha256(f"govgraph-agent:{seed}".encode()).hexdigest()[:16]


def write(store: Store, journal: Journal, c: Contribution) -> None:
    """Replace the record of `c` whole (each time its status changes); none is left for an unpublished one."""
    store.update(
        f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.iri}> ?p ?o }} }};"
        f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.iri}#submission> ?p ?o }} }};"
        f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.iri}#review> ?p ?o }} }};"
        f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.graph}> ?p ?o }} }}"
    )
    if c.published:
        store.add_triples(PROVENANCE_GRAPH, record(c, agent_iri(journal, c.token_id)))


def write_all(store: Store, journal: Journal, contributions: Iterable[Contribution]) -> None:
    """Replace the provenance graph whole with the records of the published `contributions`."""
    records = [t for c in contributions if c.published for t in record(c, agent_iri(journal, c.token_id))]
    store.replace_graph(PROVENANCE_GRAPH, ntriples(records), "ntriples")
