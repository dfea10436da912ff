"""OWL consistency of ontology + data, checked by the HermiT reasoner through owlready2 (needs Java)."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import owlready2

from govgraph.errors import ReasonerUnavailable


@dataclass(frozen=True)
class ConsistencyReport:
    consistent: bool
    seconds: float
    message: str
    unsatisfiable_classes: tuple[str, ...] = ()


def check_consistency(ntriples: bytes) -> ConsistencyReport:
    """Load an N-Triples document (ontology plus asserted data) into a fresh owlready2 world and run HermiT.

    Dates typed xsd:date / xsd:gYear are outside the OWL 2 datatype map; HermiT is told to ignore them
    rather than fail, so date checks belong to the SHACL shapes.
    """
    if shutil.which(owlready2.JAVA_EXE) is None and shutil.which("java") is None:
        raise ReasonerUnavailable(
            "Java was not found, and HermiT needs it.",
            hint="Install a Java runtime (Debian: apt-get install default-jre-headless).",
        )
    started = time.perf_counter()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="govgraph-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        path.write_bytes(ntriples)
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with world.get_ontology("http://govgraph.invalid/inferred#"):
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, ignore_unsupported_datatypes=True, debug=0
                )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ConsistencyReport(False, time.perf_counter() - started, f"Inconsistent: {exc}")
        unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes()))
    seconds = time.perf_counter() - started
    if unsatisfiable:
        return ConsistencyReport(False, seconds, "Some classes are unsatisfiable.", unsatisfiable)
    return ConsistencyReport(True, seconds, "Consistent.")
