"""One Settings object, declared as data: the only place where GOVGRAPH_* environment variables are read."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govgraph.errors import SettingsError

PACKAGE_DIR = Path(__file__).resolve().parent


def content_root() -> Path:
    """Where ontology/, data/ and queries/ live: packaged in a wheel, or the source checkout."""
    packaged = PACKAGE_DIR / "_content"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parents[1]


def default_store_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "govgraph" / "store"


@dataclass(frozen=True)
class Setting:
    """One setting as data: the field of Settings it fills, its default, how its text is read, its help."""

    name: str
    default: Callable[[], Any]
    parse: Callable[[str], Any]
    help: str

    @property
    def env_var(self) -> str:
        return f"GOVGRAPH_{self.name.upper()}"

    @property
    def option(self) -> str:
        """The command-line option that gives it, where a command has one."""
        return "--" + self.name.replace("_", "-")

    def read(self, raw: str, *, option: bool = False) -> Any:
        """The value of `raw`, or SettingsError naming where it was given: its variable, or its option."""
        try:
            return self.parse(raw)
        except ValueError as exc:
            given = f"{self.option} {raw}" if option else f"{self.env_var}={raw!r}"
            raise SettingsError(f"{given} is not valid: {exc}.", hint=self.help) from exc


def setting(default: Any, parse: Callable[[str], Any], help: str) -> Any:
    """A field of Settings, declared with all it needs; `default` is a value, or a function computing it."""
    factory = default if callable(default) else lambda: default
    return field(default_factory=factory, metadata={"parse": parse, "help": help})


def _as_text(value: Any) -> str:
    """A value given in code or by a CLI option, written as its variable would hold it."""
    return ",".join(map(str, value)) if isinstance(value, tuple | list) else str(value)


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _reads(text: str) -> str:
    if text not in {"memory", "disk"}:
        raise ValueError("must be memory or disk")
    return text


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _validator(text: str) -> str:
    if text not in ("pyshacl-turbo", "pyshacl"):
        raise ValueError("must be pyshacl-turbo or pyshacl")
    return text


def _store(text: str) -> Path | str:
    """A directory for the embedded store, or a SPARQL engine's URL (kept as text: it is not a path)."""
    if text.startswith(("sparql+http://", "sparql+https://")):
        if not urlsplit(text.removeprefix("sparql+")).netloc:
            raise ValueError("a SPARQL engine URL needs a host, as in sparql+http://host:8890/sparql")
        return text
    if text.startswith(("http://", "https://")):
        raise ValueError("write a SPARQL engine's URL as sparql+http://host:8890/sparql")
    return Path(text)


def _url(text: str) -> str:
    if urlsplit(text).scheme not in ("http", "https") or not urlsplit(text).netloc:
        raise ValueError("must be an http:// or https:// URL")
    return text


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError("must be between 1 and 65535")
    return value


def _addresses(text: str) -> tuple[str, ...]:
    """Comma-separated IP addresses and CIDR networks, each checked: uvicorn would take a typo for a
    name and silently trust nothing."""
    found = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        try:
            found.append(str(ipaddress.ip_network(item, strict=False) if "/" in item else ipaddress.ip_address(item)))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or a network such as 10.0.0.0/8") from None
    return tuple(found)


@dataclass(frozen=True)
class Settings:
    """Every setting, each declared once: its type, default, parser and help (SETTINGS lists them as data)."""

    store: Path | str = setting(
        default_store_path,
        _store,
        "Directory of the embedded on-disk store; built from ontology/ and data/ on first `serve`. "
        "Or a SPARQL engine: sparql+http://host:8890/sparql (its query endpoint).",
    )
    update_url: str | None = setting(
        None,
        _url,
        "SPARQL 1.1 Update endpoint of the engine; the query endpoint when unset (Virtuoso: .../sparql-auth).",
    )
    gsp_url: str | None = setting(
        None, _url, "Graph Store HTTP Protocol endpoint of the engine; SPARQL Update is used when unset."
    )
    store_user: str | None = setting(None, str, "User name govgraph gives the engine (HTTP Digest or Basic).")
    store_password: str | None = setting(None, str, "Password govgraph gives the engine with GOVGRAPH_STORE_USER.")
    host: str = setting("127.0.0.1", str, "Interface `govgraph serve` listens on.")
    workers: int = setting(
        1,
        _positive_int,
        "Web worker processes of `govgraph serve`; on the embedded store one writes and the others only read.",
    )
    port: int = setting(8000, _port, "TCP port `govgraph serve` listens on.")
    server: str | None = setting(
        None,
        _url,
        "The govgraph server `govgraph contribute` sends to; http://GOVGRAPH_HOST:GOVGRAPH_PORT when unset.",
    )
    trusted_proxies: tuple[str, ...] = setting(
        tuple,
        _addresses,
        "Proxies (IPs or CIDR networks, comma-separated) whose X-Forwarded-For and X-Forwarded-Proto are "
        "believed; none by default, and the client is the connecting address.",
    )
    ontology_dir: Path = setting(
        lambda: content_root() / "ontology",
        Path,
        "Directory holding govgraph.ttl (the ontology) and shapes.ttl (the SHACL shapes).",
    )
    data_dir: Path = setting(
        lambda: content_root() / "data", Path, "Directory of curated Turtle files; each file becomes one named graph."
    )
    queries_dir: Path = setting(
        lambda: content_root() / "queries",
        Path,
        "Directory of named SPARQL questions (*.rq) and quality checks (qc/*-violation.rq).",
    )
    query_timeout: float = setting(
        5.0, _positive_float, "Seconds a SPARQL query may run before it is stopped with an error."
    )
    max_rows: int = setting(
        10_000,
        _positive_int,
        "Most result rows (or triples) a query returns; longer results are cut and marked truncated.",
    )
    max_query_bytes: int = setting(100_000, _positive_int, "Largest SPARQL query text accepted, in bytes.")
    query_workers: int = setting(
        2,
        _count,
        "Worker processes that run /sparql queries and are stopped at the time limit; 0 runs them in the server.",
    )
    reads: str = setting(
        "memory",
        _reads,
        "Where the server's queries read the embedded store: memory (a copy, loaded at start) or disk.",
    )
    answer_cache_mb: int = setting(
        64,
        _count,
        "Megabytes of finished answers (/sparql, questions, views) kept until the data changes; 0 keeps none.",
    )
    validator: str = setting(
        "pyshacl-turbo",
        _validator,
        "SHACL engine: pyshacl-turbo (fast, the default) or pyshacl (the reference; same verdicts, tested).",
    )
    journal: Path | None = setting(
        None, Path, "SQLite file of tokens and contributions (the durable log); beside the store when unset."
    )
    max_body_bytes: int = setting(1_000_000, _positive_int, "Largest contribution body accepted, in bytes.")
    max_contribution_triples: int = setting(5_000, _positive_int, "Most triples one contribution may hold.")
    validations: int = setting(
        2, _positive_int, "Contribution validations (SHACL) each web worker runs at once; more wait in line."
    )
    validation_queue: int = setting(
        8,
        _count,
        "Validations that may wait for a free place; past them a request gets 503 with Retry-After at once.",
    )
    submissions_per_minute: int = setting(
        30, _positive_int, "Contributions one token may submit (or validate) per minute before getting 429."
    )
    releases_dir: Path | None = setting(
        None,
        Path,
        "Directory of the numbered data releases (store snapshots and dump files); beside the store when unset.",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then GOVGRAPH_* variables, then explicit overrides (e.g. CLI options) that are not None."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for declared in SETTINGS:
            raw = environ.get(declared.env_var, "")
            values[declared.name] = declared.read(raw) if raw else declared.default()
        return cls(**values).with_overrides(**overrides)

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with `overrides` (CLI options) that are not None, each checked as its variable is."""
        declared = {s.name: s for s in SETTINGS}
        checked = {
            name: declared[name].read(_as_text(value), option=True)
            for name, value in overrides.items()
            if value is not None
        }
        return replace(self, **checked)

    @property
    def server_url(self) -> str:
        """Where a client of this configuration finds the server: GOVGRAPH_SERVER, or the one `serve` starts."""
        if self.server:
            return self.server.rstrip("/")
        host = "127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host  # listening everywhere
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def remote(self) -> bool:
        """Whether the store is a SPARQL engine rather than the embedded store."""
        return isinstance(self.store, str)

    @property
    def local_base(self) -> Path:
        """What the journal and releases are named after: the store's directory, or, for an engine, a
        directory of the default data folder named after its host and port."""
        if isinstance(self.store, Path):
            return self.store
        netloc = urlsplit(self.store.removeprefix("sparql+")).netloc.rsplit("@", 1)[-1]
        return default_store_path().with_name("engine-" + netloc.replace(":", "-"))

    @property
    def store_path(self) -> Path:
        """The embedded store's directory (an error for an engine, where there is none)."""
        if isinstance(self.store, str):
            raise SettingsError(
                f"This needs the embedded store; GOVGRAPH_STORE is the SPARQL engine {self.store}.",
                hint="Point GOVGRAPH_STORE (or --store) at a directory.",
            )
        return self.store

    @property
    def journal_file(self) -> Path:
        base = self.local_base
        return self.journal or base.with_name(base.name + ".journal.sqlite3")

    @property
    def releases_path(self) -> Path:
        base = self.local_base
        return self.releases_dir or base.with_name(base.name + ".releases")

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "govgraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default_factory, f.metadata["parse"], f.metadata["help"])  # type: ignore[arg-type]
    for f in fields(Settings)
)
