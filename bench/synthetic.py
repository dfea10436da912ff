"""Synthetic, governance-shaped data for benchmarks: processes with sub-processes, meetings and hosts."""

from __future__ import annotations

import random

HEADER = """@prefix gg: <https://w3id.org/govgraph/ontology#> .
@prefix gid: <https://w3id.org/govgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def governance_turtle(target_triples: int, seed: int = 7) -> bytes:
    """About `target_triples` triples: a forest of processes three levels deep, each with yearly meetings."""
    rng = random.Random(seed)
    lines = [HEADER]
    count = 0
    process = 0
    while count < target_triples:
        root = f"gid:syn-p{process}"
        lines.append(f'{root} a gg:Forum ; rdfs:label "Process {process}"@en .')
        count += 2
        parents = [root]
        for depth in range(2):
            child = f"{root}-{depth}"
            lines.append(f"{child} a gg:NationalRegionalInitiative ; gg:subProcessOf {parents[-1]} .")
            parents.append(child)
            count += 2
        for year in range(2006, 2026):
            meeting = f"{root}-m{year}"
            host = f"gid:syn-gov{rng.randrange(190)}"
            lines.append(
                f"{meeting} a gg:Meeting ; gg:meetingOf {rng.choice(parents)} ; gg:hostedBy {host} ; "
                f'gg:startDate "{year}-11-01"^^xsd:date ; rdfs:label "Meeting {year}"@en .'
            )
            count += 5
        process += 1
    return "\n".join(lines).encode()
