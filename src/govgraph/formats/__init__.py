"""Formats: `registry` describes every format once (re-exported here); `writers` writes query results and CSV.

The writers are imported from `govgraph.formats.writers`: the store reads the registry, and the writers read
the store, so the package itself only loads the registry."""

from govgraph.formats.registry import (
    ASK_RESULTS,
    CONTRIBUTIONS,
    CSV,
    FORMATS,
    GRAPH_RESULTS,
    HTML,
    JSON,
    NETWORK,
    PROBLEM,
    RDF,
    RDF_FORMATS,
    RESULT_FORMATS,
    RESULTS,
    SELECT_RESULTS,
    SVG,
    TEXT,
    Format,
    Kind,
    by_media_type,
    find,
    keys,
    of_kind,
)

__all__ = [
    "ASK_RESULTS",
    "CONTRIBUTIONS",
    "CSV",
    "FORMATS",
    "GRAPH_RESULTS",
    "HTML",
    "JSON",
    "NETWORK",
    "PROBLEM",
    "RDF",
    "RDF_FORMATS",
    "RESULTS",
    "RESULT_FORMATS",
    "SELECT_RESULTS",
    "SVG",
    "TEXT",
    "Format",
    "Kind",
    "by_media_type",
    "find",
    "keys",
    "of_kind",
]
