"""Every error class has a stable code; the problem type comes from it, never from the words of its title."""

from __future__ import annotations

import json

import pytest

from govgraph import errors
from govgraph.web.problems import error_problem


def classes() -> list[type[errors.GovgraphError]]:
    found, todo = [], [errors.GovgraphError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_each_error_class_names_its_own_code_once() -> None:
    every = classes()
    assert len(every) > 20
    missing = [c.__name__ for c in every if "code" not in vars(c)]
    assert not missing, f"no code of their own: {missing}"
    codes = [c.code for c in every]
    assert len(codes) == len(set(codes)), "two classes share a code"
    assert all(code == code.lower() and " " not in code for code in codes)


def test_rewording_a_title_leaves_the_problem_type_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    before = json.loads(error_problem(errors.QueryTimeout("slow")).body)
    monkeypatch.setattr(errors.QueryTimeout, "title", "The query took too long")
    after = json.loads(error_problem(errors.QueryTimeout("slow")).body)
    assert after["title"] == "The query took too long"
    assert after["type"] == before["type"] == "https://w3id.org/govgraph/problems/query-time-limit-exceeded"
