"""Plain helpers the test modules share: the command line run as a person runs it, `govgraph serve` in a child
process, servers over private store copies, tokens made by the real CLI, and contributions to send them.

Pytest fixtures live in conftest.py; this module holds what they and the tests call.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import uuid4

import httpx

from govgraph.namespaces import GG, GID, ORG
from govgraph.namespaces import PREFIXES as NAMESPACES
from govgraph.store.base import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "contribution.ttl").read_bytes()
INVALID = (ROOT / "examples" / "invalid-contribution.ttl").read_bytes()


def _prefix_line(*names: str) -> str:
    return " ".join(f"@prefix {name}: <{NAMESPACES[name]}> ." for name in names)


# Two lines, so that a test's own triples start on line 3 (reports of a bad triple name its line).
PREFIXES = f"{_prefix_line('gg', 'gid')}\n{_prefix_line('rdfs', 'dct', 'xsd')}\n"

READY_WITHIN = 60.0  # seconds a server may take to answer /health
STOP_WITHIN = 10.0  # seconds a server may take to exit once told to


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the command line ------------------------------------------------------------------------------------


def cli_env(**extra: str) -> dict[str, str]:
    """This process's environment without the runner's own GOVGRAPH_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVGRAPH_")}
    env.update(extra)
    return env


def govgraph(
    *args: str, store: Path | None = None, cwd: Path | None = None, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """`govgraph ARGS` in a process of its own; `store` is GOVGRAPH_STORE, `env` more variables."""
    if store is not None:
        env["GOVGRAPH_STORE"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "govgraph.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(**env),
        cwd=cwd,
        timeout=timeout,
    )


def create_token(journal: Path, role: str = "contributor", name: str = "C", *, store: Path | None = None) -> str:
    """A bearer token made as a maintainer makes one, by `govgraph token create`."""
    where = ("--store", str(store)) if store is not None else ()
    created = govgraph(
        "token", "create", "--role", role, "--name", name, *where, GOVGRAPH_JOURNAL=str(journal), timeout=120
    )
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


# -- servers ---------------------------------------------------------------------------------------------


class Server:
    """`govgraph serve` in a child process. Its output goes to a log file, never to a pipe: a pipe nobody
    reads fills up and stalls the server, and one left open outlives the test."""

    def __init__(self, base_url: str, process: subprocess.Popen[bytes], log_file: Path, *, own_log: bool):
        self.base_url = base_url
        self.process = process
        self.log_file = log_file
        self._own_log = own_log  # made for this server alone: removed when it stops

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30, **kwargs)  # type: ignore[arg-type]

    def output(self) -> str:
        return self.log_file.read_text("utf-8", "replace") if self.log_file.exists() else ""

    def _release_log(self) -> None:
        if self._own_log:
            self.log_file.unlink(missing_ok=True)


def start_server(store: Path | str, *, extra_env: dict[str, str] | None = None, log: Path | None = None) -> Server:
    """`govgraph serve` over `store` on a free loopback port, ready when /health answers. Its output is
    appended to `log` (a temporary file when not given)."""
    own_log = log is None
    if log is None:
        handle, name = tempfile.mkstemp(prefix="govgraph-serve-", suffix=".log")
        os.close(handle)
        log = Path(name)
    port = free_port()
    env = cli_env(GOVGRAPH_STORE=str(store), **(extra_env or {}))
    with log.open("ab") as output:  # the child has its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "govgraph.cli", "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, own_log=own_log)
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output_text = server.output()
            server._release_log()
            raise RuntimeError(f"govgraph serve exited early:\n{output_text}")
        try:
            if httpx.get(f"{server.base_url}/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    kill_server(server)
    raise RuntimeError(f"govgraph serve did not become ready within {READY_WITHIN:g} s")


def stop_server(server: Server) -> None:
    """Stop as an operator does (SIGTERM), and wait for the process to be gone."""
    server.process.terminate()
    try:
        server.process.wait(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=STOP_WITHIN)
    server._release_log()


def kill_server(server: Server) -> None:
    """Stop dead, as a crash would (SIGKILL): no clean shutdown."""
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=STOP_WITHIN)
    server._release_log()


class Site:
    """A server over its own store copy and journal, its log kept (across restarts) for bug reports."""

    def __init__(self, tmp: Path, store_template: Path, extra_env: dict[str, str]):
        self.store = tmp / "store"
        self.served: Path | str = self.store  # what `govgraph serve` is pointed at
        self.journal = tmp / "journal.sqlite3"
        self.env = {"GOVGRAPH_JOURNAL": str(self.journal), **extra_env}
        self.log_file = tmp / "server.log"
        shutil.copytree(store_template, self.store)
        self.start()

    def start(self) -> None:
        self.server: Server = start_server(self.served, extra_env=self.env, log=self.log_file)
        self.base_url = self.server.base_url

    def stop(self) -> None:
        stop_server(self.server)

    def kill(self) -> None:
        kill_server(self.server)

    def token(self, role: str = "contributor", name: str = "C") -> str:
        return create_token(self.journal, role, name, store=self.store)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    @property
    def log(self) -> str:
        return self.server.output()

    def errors(self, since: int = 0) -> str:
        """Tracebacks the server logged after character `since` of its log (each one is a 500)."""
        text = self.log[since:]
        return text[text.index("Traceback") :] if "Traceback" in text else ""


# -- requests --------------------------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def problem(response: httpx.Response, status: int) -> dict:
    """The problem document of `response`, which must have `status` and say what went wrong."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def submit(site: Site, token: str, body: bytes, content_type: str = "text/turtle", **params: str) -> httpx.Response:
    with site.client() as client:
        return client.post(
            "/contributions", content=body, params=params, headers={"Content-Type": content_type, **bearer(token)}
        )


def submitted_id(response: httpx.Response) -> str:
    assert response.status_code == 202, response.text
    return response.json()["id"]


def site_asks(site: Site, query: str) -> bool:
    """The answer of the site's SPARQL endpoint to an ASK query."""
    with site.client() as client:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def short(value: str) -> str:
    """gid:/gg:/org: IRIs as slugs and prefixed names, to keep expected answers readable."""
    for prefix, name in ((GID, ""), (GG, "gg:"), (ORG, "org:")):
        if value.startswith(prefix):
            return name + value[len(prefix) :]
    return value


def store_asks(store: Store, pattern: str) -> bool:
    """Whether `pattern` (the inside of an ASK query) holds in `store`."""
    return bool(store.query(f"ASK {{ {pattern} }}").boolean)


# -- contributions ---------------------------------------------------------------------------------------


def variant(tag: str | None = None) -> bytes:
    """The valid example about entities of its own, so that tests do not see each other's work."""
    tag = tag or uuid4().hex[:8]
    text = EXAMPLE
    for iri in (b"gid:rigf-2010", b"gid:cctld-ru", b"gid:city-moscow"):
        text = text.replace(iri, iri + b"-" + tag.encode())
    return text


def city(n: int) -> bytes:
    """A small, valid contribution: one new (fixture) city in an existing country."""
    return f"""{PREFIXES}gid:case-city-{n} a gg:City ; rdfs:label "Case city {n}"@en , "Ciudad de prueba {n}"@es ;
    gg:country gid:country-br ; dct:source <https://example.org/source/{n}> .
""".encode()
