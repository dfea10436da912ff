"""Every SHACL node shape, with a conforming and a failing case (tests/shape_cases/<Shape>/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SH

from govgraph.validation import validate
from tests.fixtures import ROOT

CASES = ROOT / "tests" / "shape_cases"


@cache
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")


@cache
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology" / "govgraph.ttl")


def node_shapes() -> list[str]:
    return sorted(str(s).rsplit("#", 1)[-1] for s in shapes().subjects(rdflib.RDF.type, SH.NodeShape))


def run_case(path: Path, engine: str = "pyshacl"):  # type: ignore[no-untyped-def]
    data = rdflib.Graph()
    data += ontology()
    data.parse(path, format="turtle")
    return validate(data, shapes=shapes(), ontology=ontology(), engine=engine)


def expected(path: Path) -> set[tuple[str, str, str]]:
    rows = [
        line.removeprefix("# expect:").split() for line in path.read_text().splitlines() if line.startswith("# expect:")
    ]
    return {(focus, path_, component) for focus, path_, component in rows}


def test_every_node_shape_has_cases() -> None:
    assert node_shapes() == sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("shape", node_shapes())
def test_valid_case_conforms(shape: str) -> None:
    report = run_case(CASES / shape / "valid.ttl")
    assert report.conforms, report.text()


@pytest.mark.parametrize("shape", node_shapes())
def test_invalid_case_reports_exactly_the_planted_problems(shape: str) -> None:
    path = CASES / shape / "invalid.ttl"
    report = run_case(path)
    assert not report.conforms
    found = {(r.focus, r.path or "-", r.constraint) for r in report.results}
    assert found == expected(path)


def test_messages_exist_in_english_and_spanish() -> None:
    report = run_case(CASES / "MeetingShape" / "invalid.ttl")
    for result in report.results:
        assert result.messages.get("en") and result.messages.get("es"), result


def test_filled_in_messages_keep_their_language() -> None:
    """pySHACL drops the language of a message with {?variables}; the report must still sort them out."""
    report = run_case(CASES / "IntervalShape" / "invalid.ttl")
    reversed_dates = [r for r in report.results if r.constraint == "SPARQLConstraintComponent"]
    assert reversed_dates
    for result in reversed_dates:
        assert "is before" in result.message("en")
        assert "es anterior a" in result.message("es")


@pytest.mark.parametrize("case", sorted(str(p.relative_to(CASES)) for p in CASES.glob("*/*.ttl")))
def test_the_fast_engine_agrees_with_the_reference(case: str) -> None:
    """pyshacl-turbo serves the hot path; pySHACL is the reference. Same verdict, same results, every case."""
    reference, fast = run_case(CASES / case, "pyshacl"), run_case(CASES / case, "pyshacl-turbo")
    assert fast.conforms == reference.conforms
    assert sorted((r.focus, r.path, r.constraint, r.message("en"), r.message("es")) for r in fast.results) == sorted(
        (r.focus, r.path, r.constraint, r.message("en"), r.message("es")) for r in reference.results
    )
