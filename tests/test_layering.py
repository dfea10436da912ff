"""Dependencies point one way: the services never load the web or CLI frameworks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "govgraph"
EDGES = {"web", "cli"}  # the interfaces


def services() -> list[str]:
    """Every module of the package outside the interfaces, found on disk (a new module is held too)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in EDGES or parts[0].startswith("_"):
            continue
        found.append(".".join(("govgraph", *parts)).removesuffix(".__init__"))
    return found


def test_the_modules_are_found() -> None:
    assert {"govgraph.contributions", "govgraph.store.snapshots", "govgraph.inference"} <= set(services())


def test_services_do_not_import_fastapi_or_typer() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in services())
        + "print(sorted(m for m in ('fastapi', 'typer', 'starlette', 'uvicorn') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
