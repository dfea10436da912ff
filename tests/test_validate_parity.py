"""`govgraph validate FILE` and `POST /validate` give one verdict on the same file: both ask one Checker
(contributions/checker.py).

Every shape case and example is checked both ways against the same published graph: the CLI's exit code
(0 conforms, 1 does not, 2 could not read it) matches the HTTP status (200, 422, 4xx) and the CLI prints
the report the server sends as its `text`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from govgraph.settings import Settings
from tests.fixtures import ROOT, Server, govgraph, start_server, stop_server

FILES = sorted((ROOT / "tests" / "shape_cases").glob("*/*.ttl")) + sorted((ROOT / "examples").glob("*.ttl"))
VERDICTS = {0: 200, 1: 422}  # exit code -> status; exit 2 (could not check) is any other 4xx
RDFS = "<http://www.w3.org/2000/01/rdf-schema#label>"
_BLANK = re.compile(r"_:\w+")


@pytest.fixture(scope="module")
def published(repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Server]]:
    """A copy of the repository's store, and a server over it that allows as many validations as the test sends."""
    store = tmp_path_factory.mktemp("parity") / "store"
    shutil.copytree(repo_settings.store, store)
    running = start_server(store, extra_env={"GOVGRAPH_SUBMISSIONS_PER_MINUTE": "1000", "GOVGRAPH_QUERY_WORKERS": "0"})
    yield store, running
    stop_server(running)


def both(published: tuple[Path, Server], path: Path, lang: str = "en") -> tuple[int, str, httpx.Response]:
    """The CLI's exit code and output, and the server's answer, for one file."""
    store, server = published
    cli = govgraph("validate", str(path), "--lang", lang, store=store)
    media = "application/n-triples" if path.suffix == ".nt" else "text/turtle"
    with server.client() as client:
        response = client.post(
            "/validate", params={"lang": lang}, content=path.read_bytes(), headers={"Content-Type": media}
        )
    return cli.returncode, cli.stdout.strip(), response


def assert_same_verdict(code: int, printed: str, response: httpx.Response) -> None:
    if code == 2:
        assert 400 <= response.status_code < 500 and response.status_code != 422, response.text
        return
    assert response.status_code == VERDICTS[code], (code, response.text)
    assert _BLANK.sub("_:b", printed) == _BLANK.sub("_:b", response.json()["text"])  # blank node ids are each parse's


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_the_cli_and_the_server_agree(published: tuple[Path, Server], path: Path) -> None:
    assert_same_verdict(*both(published, path))


def test_they_agree_in_spanish_too(published: tuple[Path, Server]) -> None:
    code, printed, response = both(published, ROOT / "examples" / "invalid-contribution.ttl", lang="es")
    assert code == 1 and "Falta una rdfs:label en español" in printed
    assert_same_verdict(code, printed, response)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        # govgraph's own rules: a subject outside gid: conformed for the CLI and was a 422 on the server.
        ("outside.nt", f'<http://example.org/x> {RDFS} "x"@en .\n', 1),
        ("untyped.nt", f'<https://w3id.org/govgraph/id/new-entity> {RDFS} "x"@en .\n', 1),
        ("blank.nt", f'_:b {RDFS} "x"@en .\n', 1),
        ("broken.ttl", '<https://w3id.org/govgraph/id/igf> <http://x/p> "never closed .\n', 2),
        ("empty.ttl", "# nothing here\n", 2),
    ],
    ids=["outside-gid", "untyped-new-entity", "untyped-blank-node", "syntax-error", "no-triples"],
)
def test_they_agree_on_what_only_govgraph_refuses(
    published: tuple[Path, Server], tmp_path: Path, name: str, content: str, code: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    found, printed, response = both(published, path)
    assert found == code, printed
    assert_same_verdict(found, printed, response)
