"""What is measured: every named question (with its example parameters) and a set of raw SPARQL shapes."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from govgraph.questions import AS_OF, Catalogue, Question, parse_question
from govgraph.sparql import blank_lexical

# Raw SPARQL, written against the union default graph with govgraph's prefixes (as users send it).
RAW: dict[str, tuple[str, str]] = {
    "1-hop lookup": ("lookup", "SELECT ?p ?o WHERE { gid:igf ?p ?o }"),
    "3-hop join": (
        "join",
        """SELECT ?meeting ?forum ?label WHERE {
  ?org gg:stakeholderGroup gid:civil-society ; gg:country gid:country-br .
  ?meeting gg:hostedBy ?org ; gg:meetingOf ?forum .
  ?forum rdfs:label ?label FILTER (LANG(?label) = "en")
}""",
    ),
    # The same shape over the whole graph: members of a forum that host its meetings (a cycle of joins).
    "3-hop join, whole graph": (
        "join",
        """SELECT ?meeting ?host ?forum WHERE {
  ?meeting gg:meetingOf ?forum ; gg:hostedBy ?host .
  ?membership org:member ?host ; org:organization ?forum .
}""",
    ),
    "GROUP BY / COUNT": (
        "aggregate",
        """SELECT ?group (COUNT(?membership) AS ?n) WHERE {
  ?membership a org:Membership ; org:member ?member .
  ?member gg:stakeholderGroup ?group
} GROUP BY ?group ORDER BY DESC(?n)""",
    ),
    "property path": (
        "path",
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x (gg:meetingOf|gg:subProcessOf)+ gid:igf }",
    ),
    "regex + lang filter": (
        "scan",
        """SELECT ?s ?label WHERE {
  ?s rdfs:label ?label FILTER (LANG(?label) = "es" && REGEX(?label, "^foro .*2015$", "i"))
}""",
    ),
    "OPTIONAL-heavy": (
        "optional",
        """SELECT ?org ?en ?es ?group ?founded ?source ?issue WHERE {
  ?org a gg:Organization ; gg:country gid:country-br .
  OPTIONAL { ?org rdfs:label ?en FILTER (LANG(?en) = "en") }
  OPTIONAL { ?org rdfs:label ?es FILTER (LANG(?es) = "es") }
  OPTIONAL { ?org gg:stakeholderGroup ?group }
  OPTIONAL { ?org gg:founded ?founded }
  OPTIONAL { ?org dct:source ?source }
  OPTIONAL { ?org gg:addresses ?issue }
}""",
    ),
    "ORDER BY + LIMIT": (
        "sort",
        "SELECT ?meeting ?start WHERE { ?meeting a gg:Meeting ; gg:startDate ?start }\n"
        "ORDER BY DESC(?start) ?meeting LIMIT 20",
    ),
}
# The kinds the "at least 50x faster than rdflib" target is about.
JOIN_LIKE = {"join", "aggregate", "path"}
PATH = re.compile(r"[\w>][*+]\s|[\w>]/[\w<^]|[\w>]\|[\w<^(]")  # p*, p+, p/q, p|q
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Case:
    name: str
    kind: str  # lookup, join, aggregate, path, scan, optional, sort, or "question"
    sparql: str  # the text run in-process and by rdflib (parameters bound)
    question: Question | None = None
    params: dict[str, str] = field(default_factory=dict)
    as_of: str | None = None

    @property
    def join_like(self) -> bool:
        return self.kind in JOIN_LIKE

    @property
    def label(self) -> str:
        return f"Q {self.name}" if self.question else self.name


def snapshot(root: Path, into: Path) -> tuple[Path, list[str]]:
    """Copy ontology/, data/ and the parseable queries/*.rq (others are being edited) to `into`.

    The server runs from the copy, so an edit made meanwhile neither triggers its rebuild-on-start nor
    changes the questions halfway through a run. Returns the copy and the names of skipped question files.
    """
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    shutil.copytree(root / "ontology", into / "ontology")
    shutil.copytree(root / "data", into / "data", ignore=shutil.ignore_patterns("*.md"))
    (into / "queries").mkdir()
    skipped = []
    for path in sorted((root / "queries").glob("*.rq")):
        try:
            question = parse_question(path)
            question.bind({p.name: p.example for p in question.params}, as_of=AS_OF.example)
        except Exception as exc:
            skipped.append(f"{path.name} ({type(exc).__name__})")
            continue
        shutil.copy(path, into / "queries" / path.name)
    return into, skipped


def cases(queries_dir: Path, *, only: set[str] | None = None) -> list[Case]:
    out = []
    for question in Catalogue(queries_dir):
        params = {p.name: p.example for p in question.params}
        as_of = AS_OF.example if question.as_of else None
        sparql, _ = question.bind(params, as_of=as_of)
        body = blank_lexical(sparql)
        kind = "aggregate" if re.search(r"GROUP BY|COUNT\(", body) else "path" if PATH.search(body) else "join"
        out.append(Case(question.id, kind, sparql, question, params, as_of))
    out += [Case(name, kind, sparql) for name, (kind, sparql) in RAW.items()]
    if only:
        out = [c for c in out if c.name in only or c.label in only]
    return out
