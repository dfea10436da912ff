"""`govgraph analyze` and `govgraph export`, run as a person runs them: a real process, real exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from govgraph.namespaces import GID
from govgraph.settings import Settings
from tests.fixtures import govgraph


def test_analyze_formats(repo_settings: Settings) -> None:
    store = repo_settings.store
    table = govgraph("analyze", "participation", "--as-of", "2019-06-01", "--top", "3", store=store)
    assert table.returncode == 0, table.stderr
    as_json = govgraph("analyze", "participation", "--as-of", "2019-06-01", "--format", "json", store=store)
    summary = json.loads(as_json.stdout)["summary"]
    assert f"{summary['nodes']} nodes, {summary['edges']} edges" in table.stdout and "gg:Forum" in table.stdout

    body = json.loads(govgraph("analyze", "lineage", "--format", "json", "--measure", "degree", store=store).stdout)
    assert body["summary"]["acyclic"] is True and body["summary"]["measures"] == ["degree"]
    igf = next(n for n in body["nodes"] if n["iri"] == GID + "igf")
    assert igf["label_es"] == "Foro para la Gobernanza de Internet (IGF)" and "betweenness" not in igf

    text = govgraph("analyze", "stewardship", "--groups", "--format", "csv", "--lang", "es", store=store).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "Comunidad técnica" in {r["group_label"] for r in rows}


def test_analyze_path(repo_settings: Settings) -> None:
    result = govgraph(
        "analyze", "participation", "--from", "vint-cerf", "--to", "government-br", "--as-of", "2024-06-01",
        store=repo_settings.store,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Vint Cerf —Chair→ Internet Governance Forum (IGF)",  # the 2022-23 member term has ended
        "Government of Brazil —hosts→ Internet Governance Forum (IGF)",
    ]


def test_export_writes_a_file_gephi_reads(repo_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "lineage.gexf"
    result = govgraph(
        "export", "--projection", "lineage", "--format", "gexf", "-o", str(out), store=repo_settings.store
    )
    assert result.returncode == 0, result.stderr
    graph = nx.read_gexf(out)
    assert graph.has_edge(GID + "wsis", GID + "igf") and f"{graph.number_of_nodes()} nodes" in result.stdout


def test_bad_arguments_get_one_line_and_exit_2(repo_settings: Settings, tmp_path: Path) -> None:
    store = repo_settings.store
    for args, message in (
        (("analyze", "participations"), "Unknown projection 'participations'"),
        (("analyze", "lineage", "--as-of", "2019-13-01"), "must be a date written YYYY-MM-DD"),
        (("analyze", "lineage", "--measure", "closeness"), "Unknown measure 'closeness'"),
        (("analyze", "lineage", "--from", "wsis"), "--from and --to go together"),
        (("analyze", "participation", "--from", "un-desa", "--to", "nobody"), "'nobody' is not a node"),
        (("export", "--projection", "lineage", "--format", "pdf", "-o", str(tmp_path / "x")), "not an export format"),
    ):
        result = govgraph(*args, store=store)
        assert result.returncode == 2, args
        assert result.stderr.startswith(f"error: {message}") or message in result.stderr.splitlines()[0], args
        assert "Traceback" not in result.stderr
