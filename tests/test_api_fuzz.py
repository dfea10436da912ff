"""Property-based tests of every documented route: schemathesis generates requests from the OpenAPI document
and sends them to a running server. No input may produce a 5xx, and every response must match the document
(status code, content type, body schema, headers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.fixtures import Server

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)


def test_schemathesis_finds_no_server_error_and_no_undocumented_response(server: Server) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{server.base_url}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        "25",
        "--generation-deterministic",
        "--request-timeout",
        "30",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "generated" in result.stdout
