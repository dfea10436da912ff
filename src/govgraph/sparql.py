"""Guards for the public, read-only SPARQL endpoint: size, no updates, no federated SERVICE calls."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
_UNSAFE_IRI = re.compile(r'[\s<>"{}|\\^`]')
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


def iri_values(iris: Iterable[str]) -> str:
    """IRIs written for a VALUES block, each once, in order; any that could not stand inside <…> is left out."""
    return " ".join(f"<{iri}>" for iri in sorted(set(iris)) if iri and not _UNSAFE_IRI.search(iri))


_VOLATILE = re.compile(r"(?<![\w:?$])(NOW|RAND|UUID|STRUUID)\s*\(", re.IGNORECASE)


def is_volatile(text: str) -> bool:
    """Whether the query calls a function whose value changes from one run to the next (NOW, RAND, UUID,
    STRUUID): its answer must not be kept and given again."""
    return _VOLATILE.search(blank_lexical(text)) is not None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of the query, as its first such keyword says."""
    keywords = (m.group(1).upper() for m in _KEYWORD.finditer(blank_lexical(text)))
    return next((k for k in keywords if k in _QUERY_FORMS), None)


_TAIL_LIMIT = re.compile(r"\bLIMIT\s+([0-9]+)", re.IGNORECASE)
_GROUP_OR_VALUES = re.compile(r"[{}]|\bVALUES\b", re.IGNORECASE)


def with_row_limit(text: str, limit: int) -> str | None:
    """The query with a top-level LIMIT of at most `limit`, or None where one cannot be placed for sure.

    The solution modifiers follow the last closing brace; a trailing VALUES block (or a DESCRIBE with no
    group) leaves the query to the caller's own cap.
    """
    blanked = blank_lexical(text)
    depth, end = 0, -1
    for token in _GROUP_OR_VALUES.finditer(blanked):
        if token.group(0) == "{":
            depth += 1
        elif token.group(0) == "}":
            depth -= 1
            end = token.end() if depth == 0 else end
        elif depth == 0 and end >= 0:
            return None  # a VALUES block after the query's groups: LIMIT would have to go before it
    if end < 0:
        return None
    given = _TAIL_LIMIT.search(blanked, end)
    if given is None:
        return f"{text}\nLIMIT {limit}"
    if len(given.group(1)) <= 18 and int(given.group(1)) <= limit:  # int() refuses more than 4,300 digits
        return text
    return text[: given.start(1)] + str(limit) + text[given.end(1) :]


ALIVE_FUNCTION = "urn:govgraph:alive"
_CONSTRUCT_WHERE = re.compile(r"\bCONSTRUCT\s+WHERE\s*\{", re.IGNORECASE)
_NOT_A_GROUP_BEFORE = re.compile(
    r"(\bVALUES\s+([?$]\w+|\([^()]*\))|\bCONSTRUCT|\bDATA)\s*$", re.IGNORECASE
)  # a VALUES data block, a CONSTRUCT template, INSERT/DELETE DATA
_SUBSELECT_AFTER = re.compile(r"\s*SELECT\b", re.IGNORECASE)


def with_deadline_checks(text: str) -> str:
    """The query with `FILTER(<urn:govgraph:alive>())` first in every group graph pattern.

    The store binds that function to a clock: once the time limit has passed it fails, the filter
    prunes everything still to come, and even a query that would run for hours ends within moments.
    Every group gets one (EXISTS, OPTIONAL, UNION and MINUS groups too), so no part of a query escapes
    the clock. The filter takes no variables, so until then it changes no answer. The short form
    `CONSTRUCT WHERE { … }` (whose group is also its template) is left as it is; a rewrite that
    does not parse is never used (the store then runs the query as written).
    """
    blanked = blank_lexical(text)
    if _CONSTRUCT_WHERE.search(blanked):
        return text
    check = f" FILTER(<{ALIVE_FUNCTION}>()) "
    positions = [
        brace + 1
        for brace in (i for i, char in enumerate(blanked) if char == "{")
        if not _NOT_A_GROUP_BEFORE.search(blanked[max(0, brace - 300) : brace])
        and not _SUBSELECT_AFTER.match(blanked, brace + 1)
    ]
    for position in reversed(positions):
        text = text[:position] + check + text[position:]
    return text
