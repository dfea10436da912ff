"""Contributed RDF, parsed safely: JSON-LD nested too deep is refused before any parser reads it."""

from __future__ import annotations

import json
import time

import pytest

from govgraph.contributions.rdf_input import JSON_NESTING_LIMIT, nested_deeper_than, parse_contribution
from govgraph.errors import RefusedInput
from govgraph.namespaces import GID, RDFS

LABEL = f"{RDFS}label"


def nested_arrays(levels: int) -> bytes:
    """A JSON-LD node whose label sits in `levels` levels of arrays and objects (the node is the first)."""
    inner = json.dumps({"@value": "deep", "@language": "en"})
    arrays = levels - 2  # the node object and the value object are two of the levels
    return f'{{"@id": "{GID}deep", "{LABEL}": {"[" * arrays}{inner}{"]" * arrays}}}'.encode()


def nested_objects(levels: int) -> bytes:
    return (f'{{"{LABEL}": ' * levels + '"x"' + "}" * levels).encode()


def test_the_limit_is_counted_exactly() -> None:
    assert not nested_deeper_than(nested_arrays(JSON_NESTING_LIMIT), JSON_NESTING_LIMIT)
    assert nested_deeper_than(nested_arrays(JSON_NESTING_LIMIT + 1), JSON_NESTING_LIMIT)
    assert not nested_deeper_than(nested_objects(JSON_NESTING_LIMIT), JSON_NESTING_LIMIT)
    assert nested_deeper_than(nested_objects(JSON_NESTING_LIMIT + 1), JSON_NESTING_LIMIT)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"@id": GID + "x", LABEL: '[[[[{{{{ " [[[[ \\ {{{{' * 100})
    assert not nested_deeper_than(text.encode(), 2)
    assert nested_deeper_than(text.encode(), 0)


def test_a_document_at_the_limit_is_parsed() -> None:
    graph, canonical = parse_contribution(nested_arrays(JSON_NESTING_LIMIT), "jsonld", max_triples=10)
    assert canonical == f'<{GID}deep> <{LABEL}> "deep"@en .\n'
    assert len(graph) == 1


@pytest.mark.parametrize("body", [nested_arrays(100_000), nested_objects(100_000)], ids=["arrays", "objects"])
@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "too deeply nested: more than 64 levels"), ("es", "anidado a demasiada profundidad: más de 64 niveles")],
)
def test_a_document_nested_100000_deep_is_refused_at_once(body: bytes, lang: str, words: str) -> None:
    started = time.perf_counter()
    with pytest.raises(RefusedInput) as raised:
        parse_contribution(body, "jsonld", max_triples=10, lang=lang)
    assert time.perf_counter() - started < 1
    assert words in raised.value.message
    assert raised.value.status == 400 and raised.value.details["nesting_limit"] == JSON_NESTING_LIMIT
    assert "@graph" in (raised.value.hint or "")


def test_other_syntaxes_are_not_read_as_json() -> None:
    turtle = f'<{GID}x> <{LABEL}> "{"[" * 100}"@en .'.encode()
    _, canonical = parse_contribution(turtle, "turtle", max_triples=10)
    assert canonical.count("[") == 100
