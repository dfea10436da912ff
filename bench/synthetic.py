"""Synthetic, realistic governance data for benchmarks, shaped like data/*.ttl and linked to its real entities.

Blocks of one forum, its national and regional initiatives (gg:subProcessOf), yearly meetings with typed
dates, hosts, cities and countries, organizations and people in the real stakeholder groups, time-bound
memberships (org:Membership) and stewardship records (gg:Stewardship) of Internet resources. Every entity
and record has English and Spanish labels and a dct:source, as the data rules in data/README.md require.
A small share of the records points at real hubs (NRIs under gid:igf, stewards of gid:dns-root-zone), so
the named questions see bigger answers as the graph grows, as they would with a growing curated dataset.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

HEADER = """@prefix gg: <https://w3id.org/govgraph/ontology#> .
@prefix gid: <https://w3id.org/govgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
"""

STAKEHOLDER_GROUPS = (
    "governments",
    "private-sector",
    "civil-society",
    "intergovernmental-organizations",
    "international-organizations",
    "technical-community",
    "academic-community",
)
ROLES = ("role-member", "role-member", "role-member", "role-chair", "role-head", "role-secretariat")
ISSUES = ("issue-cybersecurity", "issue-digital-divide", "issue-ai-governance", "issue-human-rights")
REAL_RESOURCES = ("dns-root-zone", "ip-address-space", "as-numbers", "protocol-parameters")
FUNCTIONS = (
    ("operates", "opera"),
    ("administers", "administra"),
    ("sets policy for", "fija la política de"),
    ("oversees", "supervisa"),
)


@dataclass
class Vocabulary:
    """Real entities of the curated data that synthetic records point at (slugs under gid:)."""

    countries: list[str] = field(default_factory=lambda: ["country-br", "country-de", "country-ke", "country-jp"])
    cities: list[str] = field(default_factory=lambda: ["city-geneva", "city-kyoto", "city-nairobi", "city-paris"])
    issues: list[str] = field(default_factory=lambda: list(ISSUES))
    resources: list[str] = field(default_factory=lambda: list(REAL_RESOURCES))


class _Writer:
    def __init__(self) -> None:
        self.lines = [HEADER]
        self.triples = 0

    def entity(self, subject: str, *pairs: tuple[str, str]) -> None:
        self.lines.append(f"{subject} " + " ;\n    ".join(f"{p} {o}" for p, o in pairs) + " .")
        self.triples += len(pairs)


def _labels(en: str, es: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("rdfs:label", f'"{en}"@en'), ("rdfs:label", f'"{es}"@es')


def _date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"^^xsd:date'


def _source(kind: str, n: int | str) -> tuple[str, str]:
    return ("dct:source", f"<https://example.org/sources/{kind}/{n}>")


def governance_turtle(target_triples: int, vocab: Vocabulary | None = None, seed: int = 7) -> bytes:
    """Turtle with about `target_triples` triples (never fewer), deterministic for a given seed."""
    rng = random.Random(seed)
    vocab = vocab or Vocabulary()
    out = _Writer()
    block = 0
    while out.triples < target_triples:
        _block(out, rng, vocab, block)
        block += 1
    return "\n".join(out.lines).encode()


def _block(out: _Writer, rng: random.Random, v: Vocabulary, b: int) -> None:
    """One forum with 4 initiatives, 20 organizations, 10 people, ~30 meetings, ~30 memberships, 5 stewardships."""
    orgs = [f"gid:syn-org-{b}-{i}" for i in range(20)]
    for i, o in enumerate(orgs):
        groups = rng.sample(STAKEHOLDER_GROUPS, 2 if rng.random() < 0.15 else 1)
        pairs = [
            ("a", "gg:Organization"),
            *_labels(f"Organization {b}-{i}", f"Organización {b}-{i}"),
            ("gg:stakeholderGroup", ", ".join(f"gid:{g}" for g in groups)),
            ("gg:country", f"gid:{rng.choice(v.countries)}"),
            ("gg:founded", _date(rng.randrange(1960, 2024), rng.randrange(1, 13), rng.randrange(1, 29))),
            _source("org", b * 100 + i),
        ]
        if rng.random() < 0.3:
            pairs.append(("gg:addresses", f"gid:{rng.choice(v.issues)}"))
        out.entity(o, *pairs)
        out.triples += len(groups) - 1
    people = [f"gid:syn-person-{b}-{i}" for i in range(10)]
    for i, p in enumerate(people):
        out.entity(
            p,
            ("a", "gg:Person"),
            *_labels(f"Person {b}-{i}", f"Persona {b}-{i}"),
            ("gg:stakeholderGroup", f"gid:{rng.choice(STAKEHOLDER_GROUPS)}"),
            ("gg:country", f"gid:{rng.choice(v.countries)}"),
            _source("person", b * 100 + i),
        )

    forum = f"gid:syn-forum-{b}"
    founded = rng.randrange(1995, 2020)
    out.entity(
        forum,
        ("a", "gg:Forum"),
        *_labels(f"Internet Governance Forum {b}", f"Foro de Gobernanza de Internet {b}"),
        ("gg:founded", _date(founded, rng.randrange(1, 13), 1)),
        ("gg:organizedBy", rng.choice(orgs)),
        ("gg:addresses", f"gid:{rng.choice(v.issues)}"),
        _source("forum", b),
    )
    processes = [forum]
    for i in range(4):
        nri = f"gid:syn-nri-{b}-{i}"
        country = rng.choice(v.countries)
        parent = "gid:igf" if rng.random() < 0.02 else forum
        pairs = [
            ("a", "gg:NationalRegionalInitiative"),
            *_labels(f"National IGF {b}-{i}", f"IGF nacional {b}-{i}"),
            ("gg:subProcessOf", parent),
            ("gg:country", f"gid:{country}"),
            ("gg:founded", _date(rng.randrange(founded, 2024), rng.randrange(1, 13), 1)),
            _source("nri", b * 10 + i),
        ]
        if rng.random() < 0.2:
            pairs.append(("gg:dissolved", _date(2024, rng.randrange(1, 13), 1)))
        out.entity(nri, *pairs)
        processes.append(nri)

    edition = dict.fromkeys(processes, 0)
    for year in range(2010, 2025):
        for process in rng.sample(processes, 2):
            edition[process] += 1
            month, day = rng.randrange(1, 13), rng.randrange(1, 26)
            n = process.removeprefix("gid:syn-")
            out.entity(
                f"gid:syn-meeting-{n}-{year}",
                ("a", "gg:Meeting"),
                *_labels(f"Forum {n} {year}", f"Foro {n} {year}"),
                ("gg:meetingOf", process),
                ("gg:editionNumber", str(edition[process])),
                ("gg:hostedBy", rng.choice(orgs)),
                ("gg:location", f"gid:{rng.choice(v.cities)}"),
                ("gg:country", f"gid:{rng.choice(v.countries)}"),
                ("gg:startDate", _date(year, month, day)),
                ("gg:endDate", _date(year, month, day + 3)),
                ("dct:source", f"<https://example.org/sources/meeting/{n}-{year}>"),
            )

    for i in range(30):
        member = rng.choice(people if i % 2 else orgs)
        body = "gid:mag" if rng.random() < 0.003 else rng.choice(processes + orgs[:3])
        start = rng.randrange(2005, 2024)
        pairs = [
            ("a", "org:Membership"),
            *_labels(f"Membership {b}-{i}", f"Membresía {b}-{i}"),
            ("org:member", member),
            ("org:organization", body),
            ("org:role", f"gid:{rng.choice(ROLES)}"),
            ("gg:startDate", _date(start, rng.randrange(1, 13), 1)),
            _source("membership", b * 100 + i),
        ]
        if rng.random() < 0.6:
            pairs.append(("gg:endDate", _date(min(start + rng.randrange(1, 6), 2025), rng.randrange(1, 13), 1)))
        out.entity(f"gid:syn-membership-{b}-{i}", *pairs)

    resources = [f"gid:syn-resource-{b}-{i}" for i in range(2)]
    for i, r in enumerate(resources):
        out.entity(
            r,
            ("a", "gg:InternetResource"),
            *_labels(f"Registry {b}-{i}", f"Registro {b}-{i}"),
            _source("resource", b * 10 + i),
        )
    for i in range(5):
        en, es = rng.choice(FUNCTIONS)
        resource = f"gid:{rng.choice(v.resources)}" if rng.random() < 0.02 else rng.choice(resources)
        start = rng.randrange(1998, 2024)
        pairs = [
            ("a", "gg:Stewardship"),
            *_labels(f"Stewardship {b}-{i}", f"Custodia {b}-{i}"),
            ("gg:steward", rng.choice(orgs)),
            ("gg:resource", resource),
            ("gg:stewardshipFunction", f'"{en} the registry"@en'),
            ("gg:stewardshipFunction", f'"{es} el registro"@es'),
            ("gg:startDate", _date(start, rng.randrange(1, 13), 1)),
            _source("stewardship", b * 10 + i),
        ]
        if rng.random() < 0.3:
            pairs.append(("gg:endDate", _date(min(start + rng.randrange(1, 10), 2025), 6, 30)))
        out.entity(f"gid:syn-stewardship-{b}-{i}", *pairs)
