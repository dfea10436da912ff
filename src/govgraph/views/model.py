"""What a view is: nodes with positions, edges, the legend that explains them, and the settings it was made with."""

from __future__ import annotations

from dataclasses import dataclass, field

from govgraph.namespaces import GG, GID


@dataclass(frozen=True)
class LegendEntry:
    """One kind of node: its colour and its shape, so meaning never rests on colour alone."""

    key: str
    label: dict[str, str]
    colour: str
    shape: str


# Okabe-Ito colours (distinguishable with colour-vision deficiencies), each with its own shape.
STAKEHOLDER_GROUPS: dict[str, LegendEntry] = {
    e.key: e
    for e in (
        LegendEntry("governments", {"en": "Governments", "es": "Gobiernos"}, "#0072B2", "rectangle"),
        LegendEntry("private-sector", {"en": "Private sector", "es": "Sector privado"}, "#E69F00", "diamond"),
        LegendEntry("civil-society", {"en": "Civil society", "es": "Sociedad civil"}, "#009E73", "ellipse"),
        LegendEntry(
            "intergovernmental-organizations",
            {"en": "Intergovernmental organizations", "es": "Organizaciones intergubernamentales"},
            "#CC79A7",
            "hexagon",
        ),
        LegendEntry(
            "international-organizations",
            {"en": "International organizations", "es": "Organizaciones internacionales"},
            "#D55E00",
            "octagon",
        ),
        LegendEntry(
            "technical-community", {"en": "Technical community", "es": "Comunidad técnica"}, "#56B4E9", "triangle"
        ),
        LegendEntry("academic-community", {"en": "Academic community", "es": "Comunidad académica"}, "#F0E442", "star"),
    )
}

# Nodes that are not stakeholders, keyed by the most telling class they belong to (first match wins).
CATEGORIES: tuple[tuple[str, LegendEntry], ...] = (
    (f"{GG}Meeting", LegendEntry("meeting", {"en": "Meeting", "es": "Reunión"}, "#BBBBBB", "barrel")),
    (f"{GG}Document", LegendEntry("document", {"en": "Document", "es": "Documento"}, "#FFFFFF", "tag")),
    (
        f"{GG}InternetResource",
        LegendEntry("resource", {"en": "Internet resource", "es": "Recurso de Internet"}, "#332288", "pentagon"),
    ),
    (
        f"{GG}PolicyIssue",
        LegendEntry("issue", {"en": "Policy issue", "es": "Tema de política"}, "#882255", "vee"),
    ),
    (f"{GG}Place", LegendEntry("place", {"en": "Place", "es": "Lugar"}, "#DDDDDD", "rhomboid")),
    (
        f"{GG}GovernanceProcess",
        LegendEntry("process", {"en": "Forum or process", "es": "Foro o proceso"}, "#777777", "round-rectangle"),
    ),
)
UNGROUPED = LegendEntry(
    "stakeholder",
    {"en": "Stakeholder (group not recorded)", "es": "Parte interesada (grupo sin registrar)"},
    "#AAAAAA",
    "heptagon",
)
LEGEND: dict[str, LegendEntry] = {
    **STAKEHOLDER_GROUPS,
    **{e.key: e for _, e in CATEGORIES},
    UNGROUPED.key: UNGROUPED,
}


def slug_of(iri: str) -> str:
    return iri[len(GID) :] if iri.startswith(GID) else iri


@dataclass
class Node:
    iri: str
    label: str = ""
    kind: str = ""  # the label of its most specific class
    key: str = UNGROUPED.key  # its legend entry
    group: str | None = None  # the label of its stakeholder group, if recorded
    detail: str = ""  # one line shown on hover and in the table: dates, role, function
    x: float = 0.0
    y: float = 0.0
    centre: bool = False

    @property
    def slug(self) -> str:
        return slug_of(self.iri)


@dataclass
class Edge:
    source: str
    target: str
    relation: str  # the property IRI
    label: str = ""  # the relation in the reader's language, with the role where there is one
    start: str | None = None
    end: str | None = None
    attested: str | None = None
    record: str | None = None  # the qualified-relation record behind the edge, if any

    @property
    def dates(self) -> str:
        if self.start or self.end:
            return f"{self.start or '…'} – {self.end or ''}".strip()  # noqa: RUF001 (a dash between dates)
        return f"({self.attested})" if self.attested else ""


@dataclass
class View:
    kind: str
    title: str
    description: str
    lang: str
    as_of: str
    release: int | None = None
    centre: str | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False  # nodes were left out to keep the view readable
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, text) marks of a time axis
    width: float = 1000.0
    height: float = 700.0

    def legend(self) -> list[LegendEntry]:
        used = {n.key for n in self.nodes.values()}
        return [entry for key, entry in LEGEND.items() if key in used]

    def add_node(self, iri: str) -> Node:
        return self.nodes.setdefault(iri, Node(iri))

    def add_edge(self, edge: Edge) -> None:
        self.add_node(edge.source)
        self.add_node(edge.target)
        self.edges.append(edge)
