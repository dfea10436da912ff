"""The guard of the public, read-only SPARQL endpoint: size, no updates, no federated SERVICE calls."""

from __future__ import annotations

from govgraph.errors import QueryRefused
from govgraph.sparql.text import QueryText, analyse


def check_read_only(text: str | QueryText, max_bytes: int) -> QueryText:
    """The query's analysis, or QueryRefused for a query the public endpoint must not run.

    Syntax errors are left to the SPARQL parser, which reports them with their position.
    """
    size = len(text.encode("utf-8")) if isinstance(text, str) else text.size
    if size > max_bytes:  # measured before the text is analysed: an oversized text costs nothing more
        raise QueryRefused(
            f"The query is {size:,} bytes; the limit is {max_bytes:,}.",
            hint="Shorten the query, or raise GOVGRAPH_MAX_QUERY_BYTES on your own server.",
        )
    query = analyse(text)
    if query.is_update:
        raise QueryRefused(
            f"{query.operation} is a SPARQL update; this endpoint is read-only.",
            hint="Send changes as a contribution (POST /contributions) instead.",
        )
    if query.federated:
        raise QueryRefused(
            "SERVICE (federated query) is not allowed: the server never fetches other endpoints.",
            hint="Run the federated part in your own client and join the results there.",
        )
    return query
