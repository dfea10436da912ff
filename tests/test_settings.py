"""Settings: declared as data, read from GOVGRAPH_* variables, all documented in the README."""

from __future__ import annotations

from dataclasses import fields

import pytest

from govgraph.errors import SettingsError
from govgraph.settings import SETTINGS, Settings
from tests.fixtures import ROOT


def test_environment_overrides_defaults_and_options_override_environment() -> None:
    settings = Settings.from_env(environ={"GOVGRAPH_PORT": "9000", "GOVGRAPH_QUERY_TIMEOUT": "1.5"})
    assert settings.port == 9000 and settings.query_timeout == 1.5
    assert Settings.from_env(environ={"GOVGRAPH_PORT": "9000"}, port=9100).port == 9100
    assert Settings.from_env(environ={"GOVGRAPH_PORT": "9000"}, port=None).port == 9000


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "http"),
        ("PORT", "70000"),
        ("MAX_ROWS", "0"),
        ("QUERY_TIMEOUT", "-1"),
        ("READS", "ram"),
        ("ANSWER_CACHE_MB", "-5"),
        ("ANSWER_CACHE_MB", "lots"),
        ("TRUSTED_PROXIES", "localhost"),
        ("TRUSTED_PROXIES", "10.0.0.300"),
        ("TRUSTED_PROXIES", "10.0.0.0/33"),
        ("VALIDATIONS", "0"),
        ("VALIDATION_QUEUE", "-1"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(environ={f"GOVGRAPH_{name}": value})
    assert f"GOVGRAPH_{name}" in raised.value.message


def test_trusted_proxies_are_addresses_and_networks_none_by_default() -> None:
    assert Settings.from_env(environ={}).trusted_proxies == ()
    given = Settings.from_env(environ={"GOVGRAPH_TRUSTED_PROXIES": " 127.0.0.1, 10.1.2.3/8 ,::1,"})
    assert given.trusted_proxies == ("127.0.0.1", "10.0.0.0/8", "::1")  # as uvicorn reads them: networks exact


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.help
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{setting.env_var}` |")), None)
        assert row is not None, f"{setting.env_var} is missing from the README's settings table"
        assert setting.help in row, f"the README describes {setting.env_var} differently from settings.py"


def test_each_setting_is_declared_once_with_its_default_parser_and_help() -> None:
    """SETTINGS is made from the fields of Settings: a field added there is a documented, parsed setting."""
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    assert all(s.help and callable(s.parse) for s in SETTINGS)
    defaults = Settings()
    assert Settings.from_env(environ={}) == defaults
    assert defaults.port == 8000 and defaults.trusted_proxies == () and defaults.server is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("port", 70000),
        ("port", 0),
        ("workers", 0),
        ("max_rows", 0),
        ("query_timeout", -1),
        ("reads", "ram"),
        ("trusted_proxies", ("localhost",)),
        ("store", "http://host:8890/sparql"),
        ("server", "host:8000"),
        ("validator", "shacl-rust"),
    ],
)
def test_bad_options_are_refused_as_bad_variables_are_naming_the_option(name: str, value: object) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(environ={}, **{name: value})
    option = "--" + name.replace("_", "-")
    assert raised.value.message.startswith(f"{option} {value if not isinstance(value, tuple) else value[0]} is not")
    assert raised.value.exit_code == 2


def test_options_are_read_as_their_variables_are() -> None:
    given = Settings.from_env(environ={}, query_timeout=2, trusted_proxies=("10.1.2.3/8",), store="sparql+http://e/q")
    assert given.query_timeout == 2.0 and isinstance(given.query_timeout, float)
    assert given.trusted_proxies == ("10.0.0.0/8",)
    assert given.store == "sparql+http://e/q" and given.remote


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"GOVGRAPH_PORT": "9100"}, "http://127.0.0.1:9100"),
        ({"GOVGRAPH_HOST": "0.0.0.0", "GOVGRAPH_PORT": "9100"}, "http://127.0.0.1:9100"),
        ({"GOVGRAPH_HOST": "::1"}, "http://[::1]:8000"),
        ({"GOVGRAPH_SERVER": "https://govgraph.example/", "GOVGRAPH_PORT": "9100"}, "https://govgraph.example"),
    ],
)
def test_the_server_url_is_the_setting_or_where_serve_listens(environ: dict[str, str], expected: str) -> None:
    assert Settings.from_env(environ=environ).server_url == expected
