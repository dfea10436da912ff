"""All of govgraph's SPARQL text: analysed once per query (text.py), guarded (guard.py), rewritten (rewrites.py)."""

from govgraph.sparql.guard import check_read_only
from govgraph.sparql.rewrites import (
    ALIVE_FUNCTION,
    ask_as_select,
    bind_terms,
    iri_values,
    is_safe_iri,
    with_base,
    with_deadline_checks,
    with_prologue,
    with_row_limit,
    with_values,
)
from govgraph.sparql.text import QueryText, analyse, blank_lexical

__all__ = [
    "ALIVE_FUNCTION",
    "QueryText",
    "analyse",
    "ask_as_select",
    "bind_terms",
    "blank_lexical",
    "check_read_only",
    "iri_values",
    "is_safe_iri",
    "with_base",
    "with_deadline_checks",
    "with_prologue",
    "with_row_limit",
    "with_values",
]
