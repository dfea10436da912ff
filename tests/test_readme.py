"""The README's console examples, run as a reader runs them, print what the README shows.

Every command of a ```console block (a line starting with `$ `) runs in bash, in a folder laid out like a
checkout, against a server of its own over a copy of the test store; `http://127.0.0.1:8000` becomes that
server. The output the README shows under it must match what the command prints: line by line, where `…`
stands for any text (a line of its own: any number of lines), and JSON compared without its whitespace (the
README wraps it). Values that differ on every run (times taken, new tokens and ids, checksums, today's date)
are matched by their shape. The lines of a ```sh block run too, for their exit status. Commands that cannot
run here are listed in SKIPPED, with the reason.
"""

from __future__ import annotations

import html
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govgraph.settings import Settings
from tests.fixtures import ROOT, Site, bearer, cli_env, create_token

README = ROOT / "README.md"
README_HOST = "http://127.0.0.1:8000"  # where `make run` serves
README_STORE = "/home/ana/.local/share/govgraph/store"  # the default store, as the README shows it
README_TODAY = "2026-11-22"  # the day the README's outputs were made: "today" in them

SKIPPED = {
    "make run": "serves on port 8000 until it is stopped; the tests start servers of their own",
    "make test": "runs the whole test suite, this test among it",
}

# Parts of an output that differ on every run, by their shape. The README shows one instance; a value it shows
# twice (a contribution's id, a dump's checksum) must stand for one printed value both times.
_HEX = "(?<![0-9a-f])[0-9a-f]{{{}}}(?![0-9a-f])"
VOLATILE = {
    "elapsed": r"\d+(?:\.\d+)? ms\b",  # how long a query took
    "reasoned": r"\(\d+(?:\.\d+)? s\)",  # how long the reasoner took
    "secret": r"(?<=ggt_[0-9a-f]{12}_)[A-Za-z0-9_-]{43}",  # a new token's secret
    "checksum": _HEX.format(64),
    "contribution": _HEX.format(16),
    "token": _HEX.format(12),
    "moment": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00",
}
SCANNER = re.compile("…|" + "|".join(f"(?P<{kind}>{shape})" for kind, shape in VOLATILE.items()))
ANY_LINES = r"(?:[^\n]*\n)*?"


@dataclass(frozen=True)
class Example:
    section: str  # the heading (##) it is under
    line: int  # where its command starts in README.md
    command: str
    expected: str | None  # None: a ```sh line, which shows no output

    def __str__(self) -> str:
        return f"README.md:{self.line}: $ {self.command}"


def complete(command: str) -> bool:
    """Whether `command` is whole: no quote left open, no line continued with a backslash."""
    if command.endswith("\\"):
        return False
    try:
        shlex.split(command)
    except ValueError:
        return False
    return True


def read_examples(text: str) -> list[Example]:
    found: list[Example] = []
    section, block, command, start, output = "", None, "", 0, []

    def close() -> None:
        if command:
            found.append(Example(section, start, command, "".join(f"{line}\n" for line in output)))

    for number, line in enumerate(text.splitlines(), start=1):
        if block is None:
            if line.startswith("## "):
                section = line[3:].strip()
            elif line.startswith("```"):
                block = line[3:].strip()
            else:
                assert not line.startswith("$ "), f"README.md:{number}: a command outside a ```console block"
            continue
        if line.startswith("```"):
            close()
            block, command, output = None, "", []
        elif block == "sh" and line.strip():
            found.append(Example(section, number, line.split("#", 1)[0].strip(), None))
        elif block == "console" and line.startswith("$ "):
            close()
            command, start, output = line[2:], number, []
        elif block == "console" and command and not complete(command) and not output:
            command += "\n" + line
        elif block == "console":
            output.append(line)
    return found


EXAMPLES = read_examples(README.read_text(encoding="utf-8"))


def skip_reason(example: Example) -> str | None:
    return next((reason for prefix, reason in SKIPPED.items() if example.command.startswith(prefix)), None)


def run_sections() -> list[str]:
    return list(dict.fromkeys(e.section for e in EXAMPLES if skip_reason(e) is None))


# -- what a README output means ----------------------------------------------------------------------------


class Outputs:
    """Printed outputs held against the README's: `…` is any text (a line of its own: any lines), a VOLATILE
    value any of its shape, the rest itself. Values matched by shape are remembered for the next outputs."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}  # a volatile value the README shows -> the one printed in its place

    def shows(self, expected: str, printed: str) -> bool:
        """Whether `printed` is what the README's `expected` shows."""
        groups: dict[str, str] = {}  # a volatile value -> the group matching it in this output's pattern
        if expected.lstrip().startswith("{"):  # JSON, wrapped by the README: compared without whitespace
            pattern = self._line(re.sub(r"\s+", "", expected), groups)
            found = re.fullmatch(pattern, re.sub(r"\s+", "", printed), re.S)
        else:
            pattern = "".join(
                ANY_LINES if line.strip() == "…" else self._line(line.rstrip(), groups) + r"\n"
                for line in expected.splitlines()
            )
            found = re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in printed.splitlines()))
        if found is None:
            return False
        self.seen.update({value: found.group(group) for value, group in groups.items()})
        return True

    def _line(self, line: str, groups: dict[str, str]) -> str:
        parts, at = [], 0
        for found in SCANNER.finditer(line):
            parts.append(re.escape(line[at : found.start()]))
            value, at = found.group(), found.end()
            if found.lastgroup is None:  # …
                parts.append(".*?")
            elif value in self.seen:
                parts.append(re.escape(self.seen[value]))
            elif value in groups:
                parts.append(f"(?P={groups[value]})")
            else:
                groups[value] = f"v{len(groups)}"
                parts.append(f"(?P<{groups[value]}>{VOLATILE[found.lastgroup]})")
        parts.append(re.escape(line[at:]))
        return "".join(parts)


# -- running the examples ----------------------------------------------------------------------------------


class Reader:
    """Someone following the README: a folder laid out like a checkout, a server over their own store, the
    `$TOKEN` they were given, and the exit status of their last command (for `echo $?`)."""

    def __init__(self, tmp: Path, template: Path):
        self.site = Site(tmp / "site", template, {})
        self.folder = tmp / "checkout"
        (self.folder / ".venv" / "bin").mkdir(parents=True)
        (self.folder / "examples").symlink_to(ROOT / "examples")
        govgraph = self.folder / ".venv" / "bin" / "govgraph"
        govgraph.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m govgraph.cli "$@"\n')
        govgraph.chmod(0o755)
        self.token = ""
        self.status = 0
        self.outputs = Outputs()

    def expected(self, example: Example) -> str:
        assert example.expected is not None
        today = datetime.now(UTC).date().isoformat()
        return example.expected.replace(README_STORE, str(self.site.store)).replace(README_TODAY, today)

    def run(self, example: Example) -> str:
        command = example.command.replace(README_HOST, self.site.base_url)
        env = cli_env(
            GOVGRAPH_STORE=str(self.site.store),
            GOVGRAPH_JOURNAL=str(self.site.journal),
            TOKEN=self.token,
            COLUMNS="80",  # the README shows an 80-column terminal
        )
        done = subprocess.run(
            ["bash", "-c", f"(exit {self.status}); {command}"],  # `$?` is the last command's status
            cwd=self.folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        self.status = done.returncode
        if example.command.startswith(".venv/bin/govgraph token create") and done.returncode == 0:
            self.token = done.stdout.strip().splitlines()[-1]
        return done.stdout


@contextmanager
def no_server(reader: Reader) -> Iterator[None]:
    """`govgraph release` from the command line wants a store no server holds (a server offers POST /releases)."""
    reader.site.stop()
    try:
        yield
    finally:
        reader.site.start()


@contextmanager
def reviewed(reader: Reader) -> Iterator[None]:
    """A maintainer accepts what was submitted, with the reason the README's query shows."""
    maintainer = create_token(reader.site.journal, "maintainer", "M", store=reader.site.store)
    with reader.site.client() as client:
        pending = client.get("/contributions", params={"status": "pending"}, headers=bearer(maintainer)).json()
        for contribution in pending["contributions"]:
            accepted = client.post(
                f"/contributions/{contribution['id']}/accept",
                json={"reason": "Checked against rigf2010.ru"},
                headers=bearer(maintainer),
            )
            assert accepted.status_code == 200, accepted.text
    yield


# What a reader does around an example that the README says in words, by a part of the example's command.
AROUND: dict[str, Callable[[Reader], AbstractContextManager[None]]] = {
    ".venv/bin/govgraph release": no_server,
    "prov:wasDerivedFrom": reviewed,
}


def around(reader: Reader, example: Example) -> AbstractContextManager[None]:
    step = next((s for part, s in AROUND.items() if part in example.command), None)
    return step(reader) if step else nullcontext()


@pytest.fixture
def reader(repo_settings: Settings, tmp_path: Path) -> Iterator[Reader]:
    running = Reader(tmp_path, repo_settings.store)
    yield running
    running.site.stop()


@pytest.mark.parametrize("section", run_sections())
def test_console_examples_print_what_the_readme_shows(reader: Reader, section: str) -> None:
    """The examples of one section, in order (each may use what the one before made), on a store of their own."""
    differences = []
    for example in (e for e in EXAMPLES if e.section == section and skip_reason(e) is None):
        with around(reader, example):
            printed = reader.run(example)
        if example.expected is None:
            if reader.status != 0:
                differences.append(f"{example}\nexited {reader.status}:\n{printed}")
        elif not reader.outputs.shows(reader.expected(example), printed):
            differences.append(f"{example}\nthe README shows:\n{example.expected}\nit printed:\n{printed}")
    assert not differences, "\n\n".join(differences)
    assert not reader.site.errors()


def test_the_skipped_and_prepared_examples_are_in_the_readme() -> None:
    """Every example not in SKIPPED runs; SKIPPED and AROUND name only examples the README has."""
    assert EXAMPLES, "no console examples found in README.md"
    for prefix in SKIPPED:
        assert any(e.command.startswith(prefix) for e in EXAMPLES), f"SKIPPED lists {prefix!r}, not in the README"
    assert sum(skip_reason(e) is None for e in EXAMPLES) > 20
    for part in AROUND:
        assert any(part in e.command for e in EXAMPLES), f"AROUND lists {part!r}, not in the README"


def test_the_iframe_snippet_is_the_embed_code_the_view_offers(reader: Reader) -> None:
    """The README's ```html snippet is what the Spanish lineage view offers to copy once release 1 exists."""
    snippet = re.search(r"```html\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert snippet is not None
    maintainer = create_token(reader.site.journal, "maintainer", "M", store=reader.site.store)
    with reader.site.client() as client:
        assert client.post("/releases", headers=bearer(maintainer)).status_code == 201
        page = client.get("/embed/lineage/igf", params={"lang": "es"}, headers={"Accept": "text/html"}).text
    offered = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)
    assert offered is not None
    readme = " ".join(snippet.group(1).replace(README_HOST, reader.site.base_url).split())
    assert readme == " ".join(html.unescape(offered.group(1)).split())


@pytest.mark.parametrize(
    ("expected", "printed", "match"),
    [
        ("a\n…\nd\n", "a\nb\nc\nd\n", True),
        ("a\n…\nd\n", "a\nd\n", True),
        ("a … d\n", "a b c d\n", True),
        ("4 row(s) in 1.2 ms\n", "4 row(s) in 0.8 ms\n", True),
        ("4 row(s) in 1.2 ms\n", "5 row(s) in 0.8 ms\n", False),
        ("ggt_20a93723d7df_z5lHCuImuUY_d7DUf8coBS3QJX01Skj4DLUts5Fr6dM\n", f"ggt_{'a' * 12}_{'-' * 43}\n", True),
        ("ggt_20a93723d7df_z5lHCuImuUY_d7DUf8coBS3QJX01Skj4DLUts5Fr6dM\n", f"ggt_{'a' * 12}_{'-' * 42}\n", False),
        ("a\nb\n", "a\nb\nc\n", False),
        ('{"a": 1,\n "b": …}\n', '{"a":1,"b":{"c":2}}', True),
        ('{"a": 1}\n', '{"a":2}', False),
    ],
)
def test_what_an_output_in_the_readme_means(expected: str, printed: str, match: bool) -> None:
    assert Outputs().shows(expected, printed) is match


def test_a_volatile_value_shown_twice_is_one_printed_value() -> None:
    outputs = Outputs()
    assert outputs.shows(
        "id 62aba48a4b5ac3d8, again 62aba48a4b5ac3d8\n", "id 0123456789abcdef, again 0123456789abcdef\n"
    )
    assert not Outputs().shows("62aba48a4b5ac3d8 62aba48a4b5ac3d8\n", "0123456789abcdef fedcba9876543210\n")
    assert outputs.shows("graph/62aba48a4b5ac3d8\n", "graph/0123456789abcdef\n")
    assert not outputs.shows("graph/62aba48a4b5ac3d8\n", "graph/fedcba9876543210\n")


def test_the_readme_examples_are_read_whole() -> None:
    text = "## S\n```console\n$ echo 'a\nb' \\\n  | cat\na\nb\n$ true\n```\n```sh\nmake run  # serve\n```\n"
    assert read_examples(text) == [
        Example("S", 3, "echo 'a\nb' \\\n  | cat", "a\nb\n"),
        Example("S", 8, "true", ""),
        Example("S", 11, "make run", None),
    ]
