"""A throwaway OpenLink Virtuoso (Debian's virtuoso-opensource) on free loopback ports, for the backend tests."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.fixtures import free_port

VIRTUOSO = "/usr/bin/virtuoso-t"
PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER, PASSWORD = "dba", "dba"  # a fresh database's administrator; the database lives in a temporary folder


@dataclass
class Virtuoso:
    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def env(self) -> dict[str, str]:
        """The govgraph settings that point at this engine: plain /sparql to read, digest-authenticated writes."""
        return {
            "GOVGRAPH_STORE": f"sparql+{self.base}/sparql",
            "GOVGRAPH_UPDATE_URL": f"{self.base}/sparql-auth",
            "GOVGRAPH_GSP_URL": f"{self.base}/sparql-graph-crud-auth",
            "GOVGRAPH_STORE_USER": USER,
            "GOVGRAPH_STORE_PASSWORD": PASSWORD,
        }

    def start(self, *, wait: float = 60) -> None:
        with (self.folder / "stdout.log").open("ab") as log:  # the child has its own copy of the descriptor
            self.process = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited early:\n{self.log_tail()}")
            try:
                answer = httpx.get(f"{self.base}/sparql", params={"query": "ASK {}"}, timeout=2)
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer within {wait:g} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """Stop dead, as a crash would: no checkpoint, the transaction log is all that is left."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)

    def log_tail(self) -> str:
        log = self.folder / "virtuoso.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


def configure(folder: Path) -> Virtuoso:
    """The packaged virtuoso.ini with its ports and every database file moved into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    ini = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    ini.optionxform = str  # type: ignore[method-assign, assignment]  # keep the keys' case (configparser's documented way)
    ini.read(PACKAGED_INI)
    engine = Virtuoso(folder, free_port(), free_port())
    for section, stem in (("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")):
        ini[section]["DatabaseFile"] = str(folder / f"{stem}.db")
        ini[section]["TransactionFile"] = str(folder / f"{stem}.trx")
    ini["Database"]["ErrorLogFile"] = str(folder / "virtuoso.log")
    ini["Database"]["xa_persistent_file"] = str(folder / "virtuoso.pxa")
    ini["Database"]["LockFile"] = str(folder / "virtuoso.lck")  # two engines on one machine need two locks
    ini["Parameters"]["ServerPort"] = f"127.0.0.1:{engine.sql_port}"
    ini["Parameters"]["DirsAllowed"] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
    ini["HTTPServer"]["ServerPort"] = f"127.0.0.1:{engine.http_port}"
    # govgraph caps rows itself and reports the cut; the engine's own cap would cut silently.
    ini["SPARQL"]["ResultSetMaxRows"] = "1000000"
    with (folder / "virtuoso.ini").open("w") as f:
        ini.write(f)
    return engine


def available() -> bool:
    return shutil.which(VIRTUOSO) is not None and PACKAGED_INI.exists()
