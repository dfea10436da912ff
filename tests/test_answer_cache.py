"""The answer cache: kept answers, their ETags and 304s, the size budget, and no stale answer after a change."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from fastapi.responses import Response

from govgraph.settings import Settings
from govgraph.web.answer_cache import AnswerCache, matches
from tests.fixtures import Server, start_server, stop_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?f a gg:Forum }"
JSON = {"Accept": "application/sparql-results+json"}


def answer(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def test_least_recently_used_answers_leave_first_within_the_budget() -> None:
    cache = AnswerCache(max_bytes=800)
    for key in "abc":
        cache.put(key, answer(b"x" * 100), generation=cache.generation)
    assert cache.get("a") is not None  # now the most recently used
    for key in "defghi":
        cache.put(key, answer(b"x" * 100), generation=cache.generation)
    assert cache.size <= 800
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("i") is not None


def test_an_answer_bigger_than_an_eighth_of_the_budget_is_served_but_not_kept() -> None:
    cache = AnswerCache(max_bytes=800)
    kept = cache.put("big", answer(b"x" * 101), generation=cache.generation)
    assert kept.body == b"x" * 101 and kept.headers["etag"]
    assert cache.get("big") is None


def test_an_answer_computed_before_a_change_is_not_kept_after_it() -> None:
    cache = AnswerCache(max_bytes=10_000)
    before = cache.generation
    cache.clear()  # the store changed while the query ran
    cache.put("q", answer(b"old"), generation=before)
    assert cache.get("q") is None
    cache.put("q", answer(b"new"), generation=cache.generation)
    assert cache.get("q").body == b"new"  # type: ignore[union-attr]


def test_etags_differ_by_body_and_by_media_type() -> None:
    cache = AnswerCache(max_bytes=10_000)
    tags = {
        cache.put(1, answer(b"a"), generation=0).headers["etag"],
        cache.put(2, answer(b"b"), generation=0).headers["etag"],
        cache.put(3, Response(b"a", media_type="text/csv"), generation=0).headers["etag"],
    }
    assert len(tags) == 3


@pytest.mark.parametrize(
    ("header", "expected"),
    [('"abc"', True), ('W/"abc"', True), ('"x", "abc"', True), ("*", True), ('"abd"', False), (None, False)],
)
def test_if_none_match_uses_weak_comparison(header: str | None, expected: bool) -> None:
    assert matches(header, '"abc"') is expected


def test_a_repeated_query_is_a_hit_with_the_same_etag_and_a_304_for_its_holder(server: Server) -> None:
    query = COUNT + " # etag test"
    with server.client() as client:
        first = client.get("/sparql", params={"query": query}, headers=JSON)
        second = client.get("/sparql", params={"query": query}, headers=JSON)
        assert (first.headers["x-govgraph-cache"], second.headers["x-govgraph-cache"]) == ("miss", "hit")
        assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
        assert first.headers["cache-control"] == "no-cache" and "Accept" in first.headers["vary"]
        held = client.get("/sparql", params={"query": query}, headers={**JSON, "If-None-Match": first.headers["etag"]})
        assert held.status_code == 304 and held.content == b"" and held.headers["etag"] == first.headers["etag"]
        fresh = client.get("/sparql", params={"query": query}, headers={**JSON, "Cache-Control": "no-cache"})
        assert fresh.headers["x-govgraph-cache"] == "miss" and fresh.content == first.content


def test_each_format_and_each_post_is_kept_apart(server: Server) -> None:
    query = COUNT + " # formats"
    with server.client() as client:
        as_json = client.get("/sparql", params={"query": query}, headers=JSON)
        as_csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
        posted = client.post("/sparql", content=query, headers={**JSON, "Content-Type": "application/sparql-query"})
        posted_again = client.post(
            "/sparql", content=query, headers={**JSON, "Content-Type": "application/sparql-query"}
        )
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.content.startswith(b"n\r\n")
    assert as_json.headers["etag"] != as_csv.headers["etag"]
    assert posted.content == as_json.content and posted_again.headers["x-govgraph-cache"] == "hit"


def test_errors_are_never_kept(server: Server) -> None:
    with server.client() as client:
        for _ in range(2):
            broken = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"}, headers=JSON)
            assert broken.status_code == 400 and "x-govgraph-cache" not in broken.headers


def test_question_answers_are_kept_by_parameters_and_language(server: Server) -> None:
    with server.client() as client:

        def hosted(year: str, lang: str = "en", **headers: str) -> httpx.Response:
            return client.get("/questions/who-hosted-igf", params={"year": year, "lang": lang}, headers=headers)

        first = hosted("2015", **{"Cache-Control": "no-cache"})  # other tests may have asked it before
        again = hosted("2015")
        other_year, spanish = hosted("2019"), hosted("2015", "es")
    assert (first.headers["x-govgraph-cache"], again.headers["x-govgraph-cache"]) == ("miss", "hit")
    assert first.json() == again.json() and first.json()["rows"]
    assert other_year.json()["rows"] != first.json()["rows"]
    assert spanish.json()["question"]["title"] != first.json()["question"]["title"]
    assert {"Accept", "Accept-Language"} <= {v.strip() for v in first.headers["vary"].split(",")}


def test_kept_answers_reach_pages_on_other_origins(server: Server) -> None:
    query = COUNT + " # from a course page"
    headers = {**JSON, "Origin": "https://course.example.org"}
    with server.client() as client:
        answers = [client.get("/sparql", params={"query": query}, headers=headers) for _ in range(2)]
    assert [a.headers["x-govgraph-cache"] for a in answers] == ["miss", "hit"]
    for answer in answers:
        assert answer.headers["access-control-allow-origin"] == "*"
        assert "etag" in answer.headers["access-control-expose-headers"].lower()


def test_answers_go_at_the_turn_of_the_day() -> None:
    day = ["2026-11-22"]
    cache = AnswerCache(max_bytes=10_000, today=lambda: day[0])
    cache.put("who sits on the MAG today", answer(b"before midnight"), generation=cache.generation)
    assert cache.get("who sits on the MAG today") is not None
    day[0] = "2026-11-23"
    assert cache.get("who sits on the MAG today") is None


@pytest.mark.parametrize("call", ["NOW()", "RAND()", "UUID()", "struuid ()"])
def test_a_query_calling_a_volatile_function_is_never_kept(server: Server, call: str) -> None:
    query = f"SELECT ?f ?x WHERE {{ ?f a gg:Forum BIND ({call} AS ?x) }} LIMIT 1"
    with server.client() as client:
        answers = [client.get("/sparql", params={"query": query}, headers=JSON) for _ in range(2)]
    assert all(a.status_code == 200 for a in answers)
    assert [a.headers.get("x-govgraph-cache") for a in answers] == [None, None]
    assert "etag" not in answers[1].headers


def test_a_volatile_function_named_inside_a_string_does_not_count() -> None:
    from govgraph.sparql import analyse

    assert analyse("SELECT * { ?s ?p ?o } ORDER BY rand()").volatile
    assert not analyse('SELECT * { ?s ?p "NOW()" } # RAND()').volatile
    assert not analyse("SELECT ?now WHERE { ?s gg:uuid ?now }").volatile


def test_a_server_reading_the_disk_and_keeping_nothing_answers_the_same(
    server: Server, repo_settings: Settings, tmp_path: Path
) -> None:
    shutil.copytree(repo_settings.store, tmp_path / "store")  # the shared server writes the session's store
    env = {"GOVGRAPH_READS": "disk", "GOVGRAPH_ANSWER_CACHE_MB": "0", "GOVGRAPH_JOURNAL": str(tmp_path / "j.sqlite3")}
    plain = start_server(tmp_path / "store", extra_env=env)
    query = COUNT + " # disk reads"
    try:
        with plain.client() as other, server.client() as default:
            answers = [other.get("/sparql", params={"query": query}, headers=JSON) for _ in range(2)]
            hosted = [c.get("/questions/who-hosted-igf", params={"year": "2015"}).json() for c in (other, default)]
            assert all("x-govgraph-cache" not in a.headers and "etag" not in a.headers for a in answers)
            assert answers[0].json() == default.get("/sparql", params={"query": query}, headers=JSON).json()
            assert hosted[0]["rows"] == hosted[1]["rows"] and hosted[0]["rows"]
    finally:
        stop_server(plain)


@pytest.mark.parametrize("validator", ['"unterminated', "W/", "x" * 8000, ",,,", b'"\xe9"'])
def test_a_malformed_if_none_match_is_just_no_match(server: Server, validator: str | bytes) -> None:
    with server.client() as client:
        answer = client.get(
            "/sparql", params={"query": COUNT + " # validators"}, headers={**JSON, "If-None-Match": validator}
        )
    assert answer.status_code == 200 and answer.json()["results"]["bindings"]
