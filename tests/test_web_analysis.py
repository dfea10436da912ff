"""The network analysis over real HTTP: catalogue, nodes and groups as JSON and CSV, paths, downloads, problems."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import httpx
import networkx as nx

from govgraph.namespaces import GID
from tests.fixtures import Server

PROBLEM = "application/problem+json"


def test_catalogue_in_both_languages(server: Server) -> None:
    english = httpx.get(f"{server.base_url}/analysis").json()
    spanish = httpx.get(f"{server.base_url}/analysis", params={"lang": "es"}).json()
    names = [p["name"] for p in english["projections"]]
    assert names == ["participation", "co-participation", "lineage", "stewardship"]
    assert {m["name"] for m in english["measures"]} == {"degree", "betweenness", "eigenvector", "community"}
    assert spanish["projections"][3]["title"] == "Quién custodia qué recurso de Internet"
    page = httpx.get(f"{server.base_url}/analysis", params={"lang": "es"}, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "Análisis de redes" in page.text


def test_nodes_as_json(server: Server) -> None:
    response = httpx.get(f"{server.base_url}/analysis/participation", params={"as_of": "2019-06-01", "lang": "es"})
    assert response.status_code == 200
    body = response.json()
    assert body["summary"]["as_of"] == "2019-06-01" and body["summary"]["nodes"] == len(body["nodes"])
    top = body["nodes"][0]
    assert top["iri"] == GID + "igf" and top["label"] == "Foro para la Gobernanza de Internet (IGF)"
    assert {"degree", "betweenness", "eigenvector", "community"} <= set(top)
    assert "lynn-st-amour" in {n["slug"] for n in body["nodes"]}  # MAG chair attested for 2019


def test_nodes_as_csv_by_accept_or_format(server: Server) -> None:
    by_accept = httpx.get(
        f"{server.base_url}/analysis/stewardship", params={"measure": "degree"}, headers={"Accept": "text/csv"}
    )
    by_format = httpx.get(f"{server.base_url}/analysis/stewardship", params={"measure": "degree", "format": "csv"})
    assert by_accept.headers["content-type"].startswith("text/csv") and by_accept.text == by_format.text
    rows = list(csv.DictReader(io.StringIO(by_format.text)))
    pti = next(r for r in rows if r["slug"] == "pti")
    assert pti["class"] == "gg:Organization" and int(pti["degree"]) >= 4  # PTI: the IANA functions' resources
    assert "betweenness" not in rows[0]  # only the measure asked for


def test_groups(server: Server) -> None:
    body = httpx.get(f"{server.base_url}/analysis/co-participation/groups", params={"as_of": "2024-06-01"}).json()
    governments = next(g for g in body["groups"] if g["group"] == GID + "governments")
    assert governments["group_label"] == "Governments" and governments["nodes"] > 10
    assert governments["max_degree"] >= governments["mean_degree"] > 0
    text = httpx.get(f"{server.base_url}/analysis/co-participation/groups", params={"format": "csv"}).text
    assert text.splitlines()[0].startswith("group,group_label,nodes,mean_degree,max_degree")


def test_path(server: Server) -> None:
    response = httpx.get(
        f"{server.base_url}/analysis/path", params={"from": "vint-cerf", "to": "government-br", "as_of": "2024-06-01"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [n["slug"] for n in body["nodes"]] == ["vint-cerf", "igf", "government-br"]
    assert [s["relation"] for s in body["steps"]] == ["gid:role-chair", "gg:hosts"]  # his 2022-23 member term ended
    assert body["steps"][1]["subject"] == GID + "government-br"


def test_exports_download(server: Server) -> None:
    for fmt, media, read in (
        ("graphml", "application/graphml+xml", lambda b: nx.read_graphml(io.BytesIO(b))),
        ("gexf", "application/gexf+xml", lambda b: nx.read_gexf(io.BytesIO(b))),
        ("json", "application/json", lambda b: nx.node_link_graph(json.loads(b), edges="edges")),
    ):
        response = httpx.get(
            f"{server.base_url}/analysis/lineage/export", params={"format": fmt, "as_of": "2024-06-01"}
        )
        assert response.status_code == 200, fmt
        assert response.headers["content-type"].startswith(media)
        assert response.headers["content-disposition"] == f'attachment; filename="govgraph-lineage-2024-06-01.{fmt}"'
        graph = read(response.content)
        assert graph.has_edge(GID + "wsis", GID + "igf") and "community" in graph.nodes[GID + "igf"], fmt


def test_problems(server: Server) -> None:
    unknown = httpx.get(f"{server.base_url}/analysis/participations")
    assert unknown.status_code == 404 and unknown.headers["content-type"] == PROBLEM
    assert "participation, co-participation, lineage, stewardship" in unknown.json()["detail"]
    assert httpx.get(f"{server.base_url}/analysis/nope/export").status_code == 404
    bad_date = httpx.get(f"{server.base_url}/analysis/lineage", params={"as_of": "2019-13-01"})
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.json()["detail"]
    bad_measure = httpx.get(f"{server.base_url}/analysis/lineage", params={"measure": "closeness"})
    assert bad_measure.status_code == 422 and bad_measure.json()["parameter"] == "measure"
    for path, fmt in [("/analysis/lineage", "xlsx"), ("/analysis/lineage/export", "pdf")]:
        unknown_format = httpx.get(f"{server.base_url}{path}", params={"format": fmt})
        assert unknown_format.status_code == 422 and unknown_format.json()["parameter"] == "format"
    missing = httpx.get(f"{server.base_url}/analysis/path", params={"from": "vint-cerf"})
    assert missing.status_code == 422 and "to" in missing.json()["detail"]
    stranger = httpx.get(f"{server.base_url}/analysis/path", params={"from": "vint-cerf", "to": "no-such-actor"})
    assert stranger.status_code == 404 and "not a node of the participation network" in stranger.json()["detail"]
    cors = httpx.get(f"{server.base_url}/analysis/lineage", headers={"Origin": "https://course.example"})
    assert cors.headers["access-control-allow-origin"] == "*"


def test_routes_are_documented(server: Server) -> None:
    paths = httpx.get(f"{server.base_url}/openapi.json").json()["paths"]
    for path in ("/analysis", "/analysis/path", "/analysis/{projection}", "/analysis/{projection}/groups"):
        assert "get" in paths[path]
    export = paths["/analysis/{projection}/export"]["get"]
    assert "application/gexf+xml" in export["responses"]["200"]["content"]
    assert {"404", "406", "422"} <= set(export["responses"])


def test_many_asking_at_once_share_one_computation_kept_until_the_data_changes(server: Server) -> None:
    params = {"as_of": "2017-03-09", "measure": "betweenness"}  # asked by no other test: not kept yet

    async def ask_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as client:
            return await asyncio.gather(*(client.get("/analysis/participation", params=params) for _ in range(48)))

    answers = asyncio.run(ask_all())
    assert {a.status_code for a in answers} == {200}
    assert [a.headers["x-govgraph-cache"] for a in answers].count("miss") == 1  # computed once
    assert len({a.content for a in answers}) == 1
    again = httpx.get(f"{server.base_url}/analysis/participation", params=params)
    assert again.headers["x-govgraph-cache"] == "hit" and again.content == answers[0].content
