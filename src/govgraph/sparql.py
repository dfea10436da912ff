"""Guards for the public, read-only SPARQL endpoint: size, no updates, no federated SERVICE calls."""

from __future__ import annotations

import re

from govgraph.errors import QueryRefused

# Strings, IRIs and comments are blanked out before looking for keywords, so that a keyword inside a
# literal ("DROP us a line") or an IRI is never mistaken for an operation.
_LEXICAL = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_KEYWORD = re.compile(r"(?<![\w:?$])([A-Za-z]+)(?![\w:])")
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def blank_lexical(text: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces of the same length."""
    return _LEXICAL.sub(lambda m: " " * len(m.group(0)), text)


def check_read_only(text: str, max_bytes: int) -> None:
    """Raise QueryRefused for a query the public endpoint must not run; otherwise return quietly.

    Syntax errors are left to the SPARQL parser, which reports them with their position.
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise QueryRefused(
            f"The query is {size:,} bytes; the limit is {max_bytes:,}.",
            hint="Shorten the query, or raise GOVGRAPH_MAX_QUERY_BYTES on your own server.",
        )
    keywords = [m.group(1).upper() for m in _KEYWORD.finditer(blank_lexical(text))]
    first = next((k for k in keywords if k in _QUERY_FORMS | _UPDATE_FORMS), None)
    if first in _UPDATE_FORMS:
        raise QueryRefused(
            f"{first} is a SPARQL update; this endpoint is read-only.",
            hint="Send changes as a contribution (POST /contributions) instead.",
        )
    if "SERVICE" in keywords:
        raise QueryRefused(
            "SERVICE (federated query) is not allowed: the server never fetches other endpoints.",
            hint="Run the federated part in your own client and join the results there.",
        )
