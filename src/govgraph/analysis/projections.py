"""Projections of the RDF graph as networkx graphs: one SPARQL query for the edges, one for the nodes.

Nodes are keyed by IRI and carry attributes every export format accepts (strings and numbers only):
iri, slug, label (in the asked language, falling back to English), label_en, label_es, class (the most
specific govgraph class, as a CURIE), group and group_label (stakeholder groups, space- and
"; "-separated when there are several), and `bipartite` (0 stakeholder, 1 process) in the bipartite one.
Edges carry `relation` (CURIEs, space-separated), `relation_label`, `via` (the meeting, body, record or
document the tie goes through, space-separated IRIs) and `weight` (the number of distinct ties).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import networkx as nx
from networkx.algorithms import bipartite

from govgraph.analysis import sparql
from govgraph.errors import NotFound
from govgraph.hierarchy import superclasses
from govgraph.labels import labels
from govgraph.namespaces import GID, PREFIXES
from govgraph.questions import AS_OF
from govgraph.sparql import iri_values, with_values
from govgraph.store.base import Store

_BATCH = 5000  # IRIs per VALUES block of the node query
_CO_PARTICIPATION = "co-participation"


@dataclass(frozen=True)
class Projection:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    directed: bool


PROJECTIONS: dict[str, Projection] = {
    p.name: p
    for p in (
        Projection(
            "participation",
            {"en": "Stakeholders and the processes they take part in", "es": "Partes interesadas y procesos"},
            {
                "en": "Bipartite: a stakeholder is linked to a forum or process it convenes, organizes, hosts "
                "(or hosts a meeting of), runs the secretariat of, takes part in, or holds a role in (or in one "
                "of its bodies, such as the MAG) on the as_of date.",
                "es": "Bipartita: una parte interesada se une a un foro o proceso que convoca, organiza, acoge "
                "(o del que acoge una reunión), cuya secretaría lleva, en el que participa o en el que (o en uno "
                "de cuyos órganos, como el MAG) ocupa un cargo en la fecha as_of.",
            },
            directed=False,
        ),
        Projection(
            _CO_PARTICIPATION,
            {"en": "Stakeholders who take part in the same processes", "es": "Partes interesadas que coinciden"},
            {
                "en": "The weighted projection of the participation network onto the stakeholders: two are "
                "linked when they take part in a common process; the weight counts the processes they share.",
                "es": "La proyección ponderada de la red de participación sobre las partes interesadas: dos se "
                "unen cuando participan en un proceso común; el peso cuenta los procesos que comparten.",
            },
            directed=False,
        ),
        Projection(
            "lineage",
            {"en": "How processes come out of each other", "es": "Cómo nacen unos procesos de otros"},
            {
                "en": "Directed, from the earlier to the later: sub-processes, reviews, successions, and mandates "
                "given through a document a process produced (or its adopter). History: a link counts from its "
                "date on.",
                "es": "Dirigida, de lo anterior a lo posterior: subprocesos, exámenes, sucesiones y mandatos "
                "otorgados por un documento que un proceso produjo (o quien lo adoptó). Es historia: un vínculo "
                "cuenta desde su fecha.",
            },
            directed=True,
        ),
        Projection(
            "stewardship",
            {"en": "Who stewards which Internet resource", "es": "Quién custodia qué recurso de Internet"},
            {
                "en": "Bipartite: an agent is linked to an Internet resource it operates, administers, sets "
                "policy for or oversees on the as_of date.",
                "es": "Bipartita: un agente se une a un recurso de Internet que opera, administra, cuya "
                "política fija o que supervisa en la fecha as_of.",
            },
            directed=False,
        ),
    )
}


def projection(name: str) -> Projection:
    try:
        return PROJECTIONS[name]
    except KeyError:
        raise NotFound(
            f"Unknown projection {name[:100]!r}. The projections are: {', '.join(PROJECTIONS)}.",
            hint="GET /analysis lists them.",
        ) from None


def build(
    store: Store, name: str, *, as_of: str | None = None, lang: str = "en", timeout: float | None = None
) -> nx.Graph:
    """The projection `name` of the store's union graph on `as_of` (YYYY-MM-DD; today when None)."""
    spec = projection(name)
    day = AS_OF.parse(as_of or _today())
    if name == _CO_PARTICIPATION:
        return _co_participation(build(store, "participation", as_of=day.value, lang=lang, timeout=timeout))
    text = {"participation": sparql.PARTICIPATION, "stewardship": sparql.STEWARDSHIP, "lineage": sparql.LINEAGE}
    result = store.query(with_values(text[name], {"as_of": day}), timeout=timeout)
    graph: nx.Graph = nx.DiGraph() if spec.directed else nx.Graph()
    graph.graph.update(projection=name, as_of=day.value, lang=lang)
    ties: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    functions: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in result.records():
        pair = (row["source"].value, row["target"].value)
        ties[pair].add((row["relation"].value, row["via"].value if "via" in row else ""))
        if "function" in row:
            functions[pair][row["function"].lang or ""].add(row["function"].value)
    nodes = sorted({iri for pair in ties for iri in pair})
    details = node_details(store, nodes, lang, timeout=timeout)
    relation_names = labels(store, {relation for tie in ties.values() for relation, _ in tie}, lang)
    sides = _sides(name, ties)
    for iri in nodes:
        graph.add_node(iri, **details[iri], **({"bipartite": sides[iri]} if sides else {}))
    for (source, target), tie in sorted(ties.items()):
        relations = sorted({relation for relation, _ in tie})
        attrs = {
            "relation": " ".join(curie(r) for r in relations),
            "relation_label": "; ".join(relation_names.get(r, curie(r)) for r in relations),
            "via": " ".join(sorted({via for _, via in tie if via})),
            "weight": len(tie),
        }
        if pair_functions := functions.get((source, target)):
            chosen = pair_functions.get(lang) or pair_functions.get("en") or next(iter(pair_functions.values()))
            attrs["function"] = "; ".join(sorted(chosen))
        graph.add_edge(source, target, **attrs)
    return graph


def _sides(name: str, ties: dict[tuple[str, str], set[tuple[str, str]]]) -> dict[str, int]:
    """networkx's bipartite convention: 0 for the actors, 1 for what they take part in or steward."""
    if name not in {"participation", "stewardship"}:
        return {}
    sides = {source: 0 for source, _ in ties}
    sides.update({target: 1 for _, target in ties})
    return sides


def _co_participation(participation: nx.Graph) -> nx.Graph:
    """networkx's weighted projection onto the stakeholders, each edge naming the processes shared."""
    stakeholders = sorted(n for n, side in participation.nodes(data="bipartite") if side == 0)
    graph = bipartite.weighted_projected_graph(participation, stakeholders)
    graph.graph.update(participation.graph, projection=_CO_PARTICIPATION)
    for u, v, attrs in graph.edges(data=True):
        shared = sorted(set(participation[u]) & set(participation[v]))
        names = "; ".join(participation.nodes[p]["label"] for p in shared)
        attrs.update(relation="co-participation", relation_label=names, via=" ".join(shared))
    return graph


def node_details(store: Store, iris: Iterable[str], lang: str, *, timeout: float | None = None) -> dict[str, dict]:
    """Export-safe attributes of each IRI: labels, most specific class, stakeholder groups."""
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    group_labels: dict[str, dict[str, str]] = defaultdict(dict)
    broader = defaultdict(set, superclasses(store))
    iris = list(iris)
    for start in range(0, len(iris), _BATCH):
        listing = iri_values(iris[start : start + _BATCH])
        result = store.query(sparql.NODE_DETAILS.replace("#NODES#", listing), timeout=timeout)
        for s, key, value in result.bound_rows():
            if key.kind == "uri":
                group_labels[key.value].setdefault(value.lang or "", value.value)
            else:
                found[s.value][key.value].append(value)
    for attrs in found.values():  # keep the most specific classes: those no other class of the node is under
        classes = {c.value for c in attrs["class"]}
        attrs["class"] = sorted(c for c in classes if not any(c in broader[other] for other in classes))
    return {iri: _attributes(iri, found.get(iri, {}), group_labels, lang) for iri in iris}


def _attributes(iri: str, found: dict[str, list], group_labels: dict[str, dict[str, str]], lang: str) -> dict:
    by_lang: dict[str, str] = {}
    for label in sorted(found.get("label", []), key=lambda t: t.value):
        by_lang.setdefault(label.lang or "", label.value)
    groups = sorted({g.value for g in found.get("group", [])})
    return {
        "iri": iri,
        "slug": iri.removeprefix(GID) if iri.startswith(GID) else "",
        "label": _pick(by_lang, lang) or iri,
        "label_en": by_lang.get("en", ""),
        "label_es": by_lang.get("es", ""),
        "class": curie(found["class"][0]) if found.get("class") else "",
        "group": " ".join(groups),
        "group_label": "; ".join(_pick(group_labels.get(g, {}), lang) or curie(g) for g in groups),
    }


def _pick(by_lang: dict[str, str], lang: str) -> str:
    return by_lang.get(lang) or by_lang.get("en") or next(iter(sorted(by_lang.values())), "")


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _today() -> str:
    return datetime.now(UTC).date().isoformat()
