"""Dependencies point one way: the services never load the web or CLI frameworks."""

from __future__ import annotations

import subprocess
import sys

SERVICES = [
    "govgraph.contributions",
    "govgraph.tokens",
    "govgraph.journal",
    "govgraph.rdf_input",
    "govgraph.questions",
    "govgraph.labels",
    "govgraph.statistics",
    "govgraph.loader",
    "govgraph.validation",
    "govgraph.inference",
    "govgraph.quality",
    "govgraph.consistency",
    "govgraph.context",
    "govgraph.formats",
    "govgraph.sparql",
    "govgraph.store",
    "govgraph.views",
    "govgraph.entities",
    "govgraph.search",
    "govgraph.as_of",
    "govgraph.analysis",
    "govgraph.hierarchy",
    "govgraph.releases",
    "govgraph.dumps",
    "govgraph.void",
]


def test_services_do_not_import_fastapi_or_typer() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in SERVICES)
        + "print(sorted(m for m in ('fastapi', 'typer', 'starlette', 'uvicorn') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
