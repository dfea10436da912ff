"""What govgraph knows about one entity: for its page (names, classes, notes, relations, sources) and as RDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from govgraph.labels import labels
from govgraph.namespaces import DCT, GG, INFERRED_GRAPH, RDF_TYPE, RDFS, SKOS
from govgraph.questions import Catalogue
from govgraph.rdf import Term
from govgraph.store.base import QueryResult, Store

RELATIONS_QUESTION = "stakeholder-activities"
_NOTES = (f"{SKOS}definition", f"{RDFS}comment", f"{SKOS}note")
_NAMES = (f"{RDFS}label", f"{SKOS}altLabel", f"{SKOS}prefLabel")


@dataclass
class Relation:
    direction: str  # "out": entity → other; "in": other → entity
    relation: str
    other: str
    role: str | None = None
    start: str | None = None
    end: str | None = None
    attested: str | None = None
    record: str | None = None
    sources: list[str] = field(default_factory=list)


@dataclass
class Entity:
    iri: str
    label: str
    names: dict[str, list[str]] = field(default_factory=dict)  # language → names
    classes: list[str] = field(default_factory=list)  # IRIs, govgraph's own first
    group: str | None = None
    notes: list[str] = field(default_factory=list)  # in the reader's language (English when missing)
    facts: list[tuple[str, str]] = field(default_factory=list)  # (property IRI, literal value)
    sources: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # every IRI on the page → its label

    def label_of(self, iri: str | None) -> str:
        return self.labels.get(iri or "", (iri or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1])

    @property
    def is_process(self) -> bool:
        return f"{GG}GovernanceProcess" in self.classes


def entity(store: Store, catalogue: Catalogue, iri: str, lang: str) -> Entity:
    """Everything on the entity's page, in `lang` where the data has it."""
    result = store.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}", max_rows=10_000)
    found = Entity(iri, "")
    notes: dict[str, list[str]] = {}
    for p, o in result.bound_rows():
        if p.value in _NAMES and o.kind == "literal":
            found.names.setdefault(o.lang or "", []).append(o.value)
        elif p.value == RDF_TYPE:
            found.classes.append(o.value)
        elif p.value == f"{GG}stakeholderGroup":
            found.group = o.value
        elif p.value in _NOTES and o.kind == "literal":
            notes.setdefault(o.lang or "", []).append(o.value)
        elif p.value == f"{DCT}source":
            found.sources.append(o.value)
        elif o.kind == "literal" and not o.lang:
            found.facts.append((p.value, o.value))
    found.notes = notes.get(lang) or notes.get("en") or []
    found.classes.sort(key=lambda c: (not c.startswith(GG), c))
    found.sources.sort()
    found.facts = sorted(set(found.facts))
    answer = catalogue.ask(store, RELATIONS_QUESTION, {"stakeholder": iri}, sources=True, max_rows=5_000)
    found.relations = [_relation(row) for row in answer.records()]
    wanted = {iri, *found.classes, found.group or "", *(p for p, _ in found.facts)}
    for r in found.relations:
        wanted |= {r.relation, r.other, r.role or ""}
    found.labels = labels(store, wanted - {""}, lang)
    found.label = found.labels.get(iri, iri.rsplit("/", 1)[-1])
    return found


def _relation(row: dict[str, Term]) -> Relation:
    def text(key: str) -> str | None:
        return row[key].value if key in row else None

    return Relation(
        direction=row["direction"].value,
        relation=row["relation"].value,
        other=row["other"].value,
        role=text("role"),
        start=text("from"),
        end=text("until"),
        attested=text("attested"),
        record=text("record"),
        sources=(text("sources") or "").split(),
    )


def description(store: Store, iri: str) -> QueryResult:
    """The entity as RDF: its own asserted statements and the records (roles, mandates, …) that name it."""
    return store.query(
        f"""CONSTRUCT {{ <{iri}> ?p ?o . ?record ?rp ?ro }} WHERE {{
            {{ GRAPH ?g {{ <{iri}> ?p ?o }} FILTER (?g != <{INFERRED_GRAPH}>) }}
            UNION
            {{
              GRAPH ?g {{ ?record ?link <{iri}> ; ?rp ?ro }} ?record a gg:QualifiedRelation .
              FILTER (?g != <{INFERRED_GRAPH}>)
            }}
        }}""",
        max_rows=50_000,
    )
