"""Contributions: submit -> validate in context -> pending -> review -> publish (or reject) -> retract.

The journal (SQLite) is the source of truth and is written before any answer goes out. Publishing puts
a contribution's triples in its own named graph and its PROV-O record in the provenance graph; both
are derived from the journal, so `reconcile` can always bring the store back in line with it (after a
crash between the two writes, or after `govgraph build` recreated the store).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable

import rdflib

from govgraph.contributions import provenance
from govgraph.contributions.checker import Checked, Checker
from govgraph.contributions.context import describe
from govgraph.contributions.diff import diff
from govgraph.contributions.model import STATUSES, Contribution, Outcome
from govgraph.errors import Conflict, GovgraphError, NotFound
from govgraph.inference import extend, materialize, only_adds
from govgraph.inference import is_current as inferences_are_current
from govgraph.journal import Journal
from govgraph.namespaces import contribution_graph
from govgraph.settings import Settings
from govgraph.store.base import Store
from govgraph.tokens import Holder, now
from govgraph.validation import ValidationReport, cached_graph


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
        engine: str = "pyshacl",
    ):
        self.on_change: list[Callable[[], None]] = []  # told after every write to the store
        self.journal = journal
        self.store = store
        self.checker = Checker(self._context, shapes=shapes, ontology=ontology, max_triples=max_triples, engine=engine)
        # Held while the store is written; readers that need one consistent state (a release) take it too.
        self.publishing = threading.Lock()
        # Set in a web worker that only reads the store (another process writes it): the error to answer.
        self.writes_refused: Callable[[], GovgraphError] | None = None

    def ensure_writable(self) -> None:
        """Raise the error to answer when this process may not write the store."""
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
            engine=settings.validator,
        )

    # -- checking ----------------------------------------------------------------------------------

    def _context(self, iris: tuple[set[str], set[str]]) -> rdflib.Graph:
        return describe(self.store, iris)  # the store as it is when asked

    def check(self, body: bytes, fmt: str, *, lang: str = "en") -> Checked:
        """Parse, then validate in the context of the published graph (checker.py): a report of what breaks
        the shapes or govgraph's rules; input that cannot be read raises (see rdf_input)."""
        return self.checker.check(body, fmt, lang=lang)

    # -- submitting and reading --------------------------------------------------------------------

    def submit(self, holder: Holder, body: bytes, fmt: str, media_type: str, *, message: str, lang: str) -> Outcome:
        self.ensure_writable()  # a submission's provenance record goes into the store
        new, canonical, report = self.check(body, fmt, lang=lang)
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
        """What the contribution adds to the published graph, and what of it it contradicts (see diff.diff)."""
        return diff(self.store, contribution.ntriples)

    # -- reviewing ---------------------------------------------------------------------------------

    def accept(self, contribution_id: str, reviewer: Holder, reason: str) -> tuple[Contribution, ValidationReport]:
        """Re-validate against the graph as it is now; publish if it still conforms."""
        self.ensure_writable()
        with self.publishing:
            current = self._expect(contribution_id, "pending")
            _, _, report = self.check(current.ntriples.encode(), "ntriples")
            if not report.conforms:
                return current, report
            accepted = self._review(current, "accepted", reviewer, reason)
            self._publish(accepted)
            return accepted, report

    def reject(self, contribution_id: str, reviewer: Holder, reason: str) -> Contribution:
        self.ensure_writable()
        with self.publishing:
            return self._review(self._expect(contribution_id, "pending"), "rejected", reviewer, reason)

    def retract(self, contribution_id: str, reviewer: Holder, reason: str) -> Contribution:
        self.ensure_writable()
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
        provenance.write(self.store, self.journal, contribution)
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
            provenance.write_all(self.store, self.journal, self.listing())
            if changes or not inferences_are_current(self.store):
                materialize(self.store)
            self.store.flush()
            self._changed()
            return changes


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
