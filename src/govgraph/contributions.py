"""Contributions: submit -> validate in context -> pending -> review -> publish (or reject) -> retract.

The journal (SQLite) is the source of truth and is written before any answer goes out. Publishing puts
a contribution's triples in its own named graph and its PROV-O record in the provenance graph; both
are derived from the journal, so `reconcile` can always bring the store back in line with it (after a
crash between the two writes, or after `govgraph build` recreated the store).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import rdflib

from govgraph.checker import Checked, Checker
from govgraph.context import describe
from govgraph.errors import Conflict, GovgraphError, NotFound, TooManyRequests
from govgraph.inference import extend, materialize, only_adds
from govgraph.inference import is_current as inferences_are_current
from govgraph.journal import Journal
from govgraph.namespaces import AGENT, CONTRIBUTION, GG, PROVENANCE_GRAPH, contribution_graph
from govgraph.settings import Settings
from govgraph.store.base import Store, Term, ntriples
from govgraph.tokens import Holder, now
from govgraph.validation import ValidationReport, cached_graph

STATUSES = ("pending", "accepted", "rejected", "retracted")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Contribution:
    id: str
    token_id: str
    contributor: str
    message: str
    lang: str
    media_type: str
    ntriples: str
    triples: int
    status: str
    submitted: str
    reviewer: str | None = None
    reviewed: str | None = None
    reason: str | None = None

    @property
    def iri(self) -> str:
        return CONTRIBUTION + self.id

    @property
    def graph(self) -> str:
        return contribution_graph(self.id)

    @property
    def published(self) -> bool:
        """Accepted, or accepted once and then retracted: what the public store and releases speak of."""
        return self.status in ("accepted", "retracted")

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "ntriples"} | {"url": f"/contributions/{self.id}"}


@dataclass
class Outcome:
    """What a submission came to: a stored contribution, or a report of what to fix (nothing stored)."""

    report: ValidationReport
    contribution: Contribution | None = None


@dataclass
class RateLimiter:
    """At most `per_minute` events per key in any sliding minute."""

    per_minute: int
    _events: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, key: str) -> None:
        moment = time.monotonic()
        with self._lock:
            events = self._events[key]
            while events and moment - events[0] > 60:
                events.popleft()
            if len(events) >= self.per_minute:
                wait = int(60 - (moment - events[0])) + 1
                raise TooManyRequests(
                    f"More than {self.per_minute} submissions in a minute.",
                    hint=f"Try again in {wait} s.",
                    details={"retry_after": wait},
                )
            events.append(moment)


class Contributions:
    """The contribution workflow over one journal and one store."""

    def __init__(
        self,
        journal: Journal,
        store: Store,
        *,
        shapes: rdflib.Graph,
        ontology: rdflib.Graph,
        max_triples: int,
        per_minute: int,
        engine: str = "pyshacl",
    ):
        self.on_change: list[Callable[[], None]] = []  # told after every write to the store
        self.journal = journal
        self.store = store
        self.checker = Checker(self._context, shapes=shapes, ontology=ontology, max_triples=max_triples, engine=engine)
        self.limiter = RateLimiter(per_minute)
        # Held while the store is written; readers that need one consistent state (a release) take it too.
        self.publishing = threading.Lock()
        # Set in a web worker that only reads the store (another process writes it): the error to answer.
        self.writes_refused: Callable[[], GovgraphError] | None = None

    def _writable(self) -> None:
        if self.writes_refused is not None:
            raise self.writes_refused()

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, journal: Journal) -> Contributions:
        return cls(
            journal,
            store,
            shapes=cached_graph(settings.shapes_file),
            ontology=cached_graph(settings.ontology_file),
            max_triples=settings.max_contribution_triples,
            per_minute=settings.submissions_per_minute,
            engine=settings.validator,
        )

    # -- checking ----------------------------------------------------------------------------------

    def _context(self, iris: tuple[set[str], set[str]]) -> rdflib.Graph:
        return describe(self.store, iris)  # the store as it is when asked

    def check(self, body: bytes, fmt: str) -> Checked:
        """Parse, then validate in the context of the published graph (checker.py): a report, never an exception."""
        return self.checker.check(body, fmt)

    # -- submitting and reading --------------------------------------------------------------------

    def submit(self, holder: Holder, body: bytes, fmt: str, media_type: str, *, message: str, lang: str) -> Outcome:
        self._writable()  # a submission's provenance record goes into the store
        self.limiter.check(holder.token_id)
        new, canonical, report = self.check(body, fmt)
        if not report.conforms:
            return Outcome(report)
        contribution = Contribution(
            id=secrets.token_hex(8),
            token_id=holder.token_id,
            contributor=holder.name,
            message=message[:2000],
            lang=lang,
            media_type=media_type,
            ntriples=canonical,
            triples=len(new),
            status="pending",
            submitted=now(),
        )
        with self.journal.write() as db:
            db.execute(
                "INSERT INTO contributions (id, token_id, contributor, message, lang, media_type, ntriples, triples,"
                " status, submitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    contribution.id,
                    contribution.token_id,
                    contribution.contributor,
                    contribution.message,
                    contribution.lang,
                    contribution.media_type,
                    contribution.ntriples,
                    contribution.triples,
                    contribution.status,
                    contribution.submitted,
                ),
            )
        return Outcome(report, contribution)  # nothing public until it is published

    def get(self, contribution_id: str) -> Contribution:
        rows = self.journal.read("SELECT * FROM contributions WHERE id = ?", (contribution_id,))
        if not rows:
            raise NotFound(f"No contribution {contribution_id[:40]!r}.", hint="GET /contributions lists them.")
        return Contribution(**dict(rows[0]))

    def visible(self, contribution_id: str, holder: Holder | None) -> Contribution:
        """A contribution as `holder` (None: anyone) may see it: a published one (accepted or retracted) is
        public; until then only its contributor and the maintainers see it. To anyone else it does not
        exist: the same 404 as an unknown id, so ids tell nothing."""
        contribution = self.get(contribution_id)
        if contribution.published:
            return contribution
        if holder is not None and (holder.role == "maintainer" or holder.token_id == contribution.token_id):
            return contribution
        raise NotFound(
            f"No contribution {contribution_id[:40]!r} that you may see.",
            hint="Until it is published, a contribution is shown to its contributor and to maintainers: "
            "send `Authorization: Bearer <token>`.",
        )

    def listing(self, *, status: str | None = None, token_id: str | None = None) -> list[Contribution]:
        clauses, params = [], []
        if status:
            if status not in STATUSES:
                raise GovgraphError(f"Unknown status {status!r}.", hint=f"Use one of: {', '.join(STATUSES)}.")
            clauses.append("status = ?")
            params.append(status)
        if token_id:
            clauses.append("token_id = ?")
            params.append(token_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.journal.read(f"SELECT * FROM contributions {where} ORDER BY submitted, id", tuple(params))
        return [Contribution(**dict(row)) for row in rows]

    def diff(self, contribution: Contribution) -> dict[str, list[str]]:
        """Triples the contribution adds, those already published, and published values it contradicts
        (another value of a single-valued property, or another label in the same language)."""
        graph = rdflib.Graph().parse(data=contribution.ntriples, format="nt")
        asserted = _asserted(self.store, graph)
        added = sorted(line for line in contribution.ntriples.splitlines() if line and line not in asserted)
        already = sorted(line for line in contribution.ntriples.splitlines() if line and line in asserted)
        return {"added": added, "already_published": already, "contradicts": _contradictions(self.store, graph)}

    # -- reviewing ---------------------------------------------------------------------------------

    def accept(self, contribution_id: str, reviewer: Holder, reason: str) -> tuple[Contribution, ValidationReport]:
        """Re-validate against the graph as it is now; publish if it still conforms."""
        self._writable()
        with self.publishing:
            current = self._expect(contribution_id, "pending")
            _, _, report = self.check(current.ntriples.encode(), "ntriples")
            if not report.conforms:
                return current, report
            accepted = self._review(current, "accepted", reviewer, reason)
            self._publish(accepted)
            return accepted, report

    def reject(self, contribution_id: str, reviewer: Holder, reason: str) -> Contribution:
        self._writable()
        with self.publishing:
            return self._review(self._expect(contribution_id, "pending"), "rejected", reviewer, reason)

    def retract(self, contribution_id: str, reviewer: Holder, reason: str) -> Contribution:
        self._writable()
        with self.publishing:
            retracted = self._review(self._expect(contribution_id, "accepted"), "retracted", reviewer, reason)
            self._publish(retracted)
            return retracted

    def _expect(self, contribution_id: str, status: str) -> Contribution:
        contribution = self.get(contribution_id)
        if contribution.status != status:
            raise Conflict(
                f"Contribution {contribution_id} is {contribution.status}, not {status}.",
                hint="Reload it to see its current status.",
            )
        return contribution

    def _review(self, contribution: Contribution, status: str, reviewer: Holder, reason: str) -> Contribution:
        reviewed = Contribution(
            **{
                **contribution.__dict__,
                "status": status,
                "reviewer": reviewer.name,
                "reviewed": now(),
                "reason": reason[:2000],
            }
        )
        with self.journal.write() as db:
            db.execute(
                "UPDATE contributions SET status = ?, reviewer = ?, reviewed = ?, reason = ? WHERE id = ?",
                (status, reviewed.reviewer, reviewed.reviewed, reviewed.reason, contribution.id),
            )
        return reviewed

    # -- publishing --------------------------------------------------------------------------------

    def _publish(self, contribution: Contribution, *, infer: bool = True) -> None:
        """Make the store agree with the journal for this contribution (idempotent)."""
        # An accept that only adds extends inferences that were current; anything else computes them anew.
        extends = infer and contribution.status == "accepted" and only_adds(self.store, contribution.ntriples)
        extends = extends and inferences_are_current(self.store)
        if contribution.status == "accepted":
            self.store.replace_graph(contribution.graph, contribution.ntriples.encode(), "ntriples")
        else:
            self.store.update(f"DROP SILENT GRAPH <{contribution.graph}>")
        self._write_provenance(contribution)
        if infer:
            (extend if extends else materialize)(self.store)
            self.store.flush()  # keeps the write-ahead log short: restarts and snapshots stay fast
        self._changed()

    def _changed(self) -> None:
        for listener in self.on_change:
            listener()

    def reconcile(self) -> int:
        """Bring the store in line with the journal: publish every accepted contribution that is
        missing, remove every graph whose contribution is no longer accepted. Returns the changes."""
        with self.publishing:
            wanted = {c.graph: c for c in self.listing(status="accepted")}
            present = {g.iri: g.triples for g in self.store.graphs() if g.iri.startswith(contribution_graph(""))}
            changes = 0
            for graph, contribution in wanted.items():
                # Missing, or not whole (a write cut off half-way): replaced whole, never added to.
                if present.get(graph) != contribution.triples:
                    self._publish(contribution, infer=False)
                    changes += 1
            for graph in set(present) - set(wanted):
                self.store.update(f"DROP SILENT GRAPH <{graph}>")
                changes += 1
            published = [c for c in self.listing() if c.published]
            records = [t for c in published for t in provenance(c, self._agent(c.token_id))]
            self.store.replace_graph(PROVENANCE_GRAPH, ntriples(records), "ntriples")
            if changes or not inferences_are_current(self.store):
                materialize(self.store)
            self.store.flush()
            self._changed()
            return changes

    def _write_provenance(self, c: Contribution) -> None:
        """The PROV-O record of a published contribution, replaced whole each time its status changes."""
        self.store.update(
            f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.iri}> ?p ?o }} }};"
            f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.iri}#submission> ?p ?o }} }};"
            f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.iri}#review> ?p ?o }} }};"
            f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{c.graph}> ?p ?o }} }}"
        )
        if c.published:
            self.store.add_triples(PROVENANCE_GRAPH, provenance(c, self._agent(c.token_id)))

    def _agent(self, token_id: str) -> str:
        """The public IRI of a token's holder. Not the token id (the first part of the token itself):
        a digest of the token's stored hash, which tells nothing of the token and is stable for it."""
        rows = self.journal.read("SELECT secret_hash FROM tokens WHERE id = ?", (token_id,))
        seed = rows[0]["secret_hash"] if rows else token_id
        return AGENT + hashlib.sha256(f"govgraph-agent:{seed}".encode()).hexdigest()[:16]


def provenance(c: Contribution, agent: str) -> list[tuple[Term, Term, Term]]:
    """The PROV-O record of contribution `c`, attributed to `agent` (an IRI)."""
    uri, lit = (lambda v: Term("uri", v)), (lambda v, t="string": Term("literal", v, datatype=XSD + t))
    when = lambda v: Term("literal", v, datatype=XSD + "dateTime")  # noqa: E731
    me, submission, contributor = uri(c.iri), uri(c.iri + "#submission"), uri(agent)
    triples = [
        (me, uri(RDF_TYPE), uri(GG + "Contribution")),
        (me, uri(DCT + "identifier"), lit(c.id)),
        (me, uri(DCT + "description"), Term("literal", c.message)),
        (me, uri(GG + "status"), lit(c.status)),
        (me, uri(PROV + "wasAttributedTo"), contributor),
        (me, uri(PROV + "generatedAtTime"), when(c.submitted)),
        (me, uri(PROV + "wasGeneratedBy"), submission),
        (submission, uri(RDF_TYPE), uri(PROV + "Activity")),
        (submission, uri(PROV + "wasAssociatedWith"), contributor),
        (submission, uri(PROV + "endedAtTime"), when(c.submitted)),
        (contributor, uri(RDF_TYPE), uri(PROV + "Agent")),
        (contributor, uri(RDFS + "label"), Term("literal", c.contributor)),
    ]
    if c.reviewed and c.reviewer:
        review = uri(c.iri + "#review")
        triples += [
            (review, uri(RDF_TYPE), uri(PROV + "Activity")),
            (review, uri(PROV + "used"), me),
            (review, uri(PROV + "endedAtTime"), when(c.reviewed)),
            (review, uri(RDFS + "comment"), Term("literal", c.reason or "")),
            (review, uri(RDFS + "label"), Term("literal", f"{c.status} by {c.reviewer}")),
        ]
    if c.status == "accepted":
        triples.append((uri(c.graph), uri(PROV + "wasDerivedFrom"), me))
    if c.status == "retracted" and c.reviewed:
        triples.append((me, uri(PROV + "invalidatedAtTime"), when(c.reviewed)))
    return triples


def _asserted(store: Store, graph: rdflib.Graph) -> set[str]:
    """Which of `graph`'s triples the store already asserts (in any graph but the inferred one)."""
    subjects = " ".join(sorted({s.n3() for s in graph.subjects() if isinstance(s, rdflib.URIRef)}))
    if not subjects:
        return set()
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {subjects} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER (?g != <https://w3id.org/govgraph/graph/inferred>) }}"
    )
    return {f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in result.triples}


def _contradictions(store: Store, graph: rdflib.Graph) -> list[str]:
    functional = {str(p) for p in graph.predicates()} & _functional_properties(store)
    found = []
    for s, p, o in graph:
        if not isinstance(s, rdflib.URIRef):
            continue
        if str(p) in functional:
            existing = store.query(f"SELECT ?o WHERE {{ {s.n3()} {p.n3()} ?o }}").rows
            found += [
                f"{s.n3()} {p.n3()}: published {row[0].n3()}, contributed {o.n3()}"
                for row in existing
                if row[0].value != str(o)
            ]
        elif p in (rdflib.RDFS.label, rdflib.SKOS.prefLabel) and isinstance(o, rdflib.Literal) and o.language:
            existing = store.query(
                f'SELECT ?o WHERE {{ {s.n3()} {p.n3()} ?o FILTER (LANG(?o) = "{o.language}") }}'
            ).rows
            found += [
                f"{s.n3()} {p.n3()}@{o.language}: published {row[0].n3()}, contributed {o.n3()}"
                for row in existing
                if row[0].value != str(o)
            ]
    return sorted(set(found))


def _functional_properties(store: Store) -> set[str]:
    result = store.query("SELECT ?p WHERE { ?p a owl:FunctionalProperty }")
    return {row[0].value for row in result.rows}


def republish(settings: Settings) -> int:
    """After a build: put every accepted contribution of the journal back into the new store."""
    from govgraph.loader import open_store

    if not settings.journal_file.exists():
        return 0
    journal, store = Journal(settings.journal_file), open_store(settings)
    try:
        return Contributions.from_settings(settings, store, journal).reconcile()
    finally:
        store.close()
        journal.close()
