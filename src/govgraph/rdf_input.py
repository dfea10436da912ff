"""RDF sent by contributors: parsed by media type, with hostile input refused before it can do harm.

No network access (JSON-LD remote contexts are refused, never fetched), no XML DTDs or entities (no
external files, no "billion laughs"), one graph only, and a triple budget.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import rdflib

from govgraph.errors import PayloadTooLarge, RdfSyntaxError, RefusedInput, UnsupportedMediaType
from govgraph.formats.registry import CONTRIBUTIONS, RDF_FORMATS
from govgraph.store.embedded import syntax_error

MEDIA_TYPES = {media: f.key for f in CONTRIBUTIONS for media in f.media_types}
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def media_format(content_type: str | None) -> str:
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"Content-Type {media_type or '(none)'} is not an RDF syntax govgraph reads.",
            hint=f"Send one of: {', '.join(MEDIA_TYPES)}.",
        )
    return MEDIA_TYPES[media_type]


def parse_contribution(body: bytes, fmt: str, *, max_triples: int) -> tuple[rdflib.Graph, str]:
    """The contribution as an rdflib graph and as canonical N-Triples (sorted, one triple per line)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedInput(f"The body is not valid UTF-8 (byte {exc.start}).", hint="Send UTF-8 text.") from None
    if fmt == "rdfxml" and _DTD.search(body):
        raise RefusedInput(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entities are never expanded.",
            hint="Remove the DTD and write the values out.",
        )
    triples: list[str] = []
    try:
        for quad in ox.parse(body, format=RDF_FORMATS[fmt], base_iri="https://w3id.org/govgraph/id/"):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                raise RefusedInput(
                    f"The contribution names a graph ({quad.graph_name}); it may only hold triples.",
                    hint="Remove the GRAPH blocks: each contribution gets its own graph.",
                )
            triples.append(f"{quad.subject} {quad.predicate} {quad.object} .")
            if len(triples) > max_triples:
                raise PayloadTooLarge(
                    f"The contribution holds more than {max_triples:,} triples.",
                    hint="Split it into smaller contributions.",
                )
    except SyntaxError as exc:
        if "LoadDocumentCallback" in str(exc):
            raise RefusedInput(
                f"JSON-LD remote contexts are never fetched ({_remote_context(body)}).",
                hint="Put the context inline in the document.",
            ) from None
        raise syntax_error(exc, source="the contribution") from None
    if not triples:
        raise RdfSyntaxError("The contribution holds no triples.", hint="Send at least one triple.")
    canonical = "\n".join(sorted(set(triples))) + "\n"
    return rdflib.Graph().parse(data=canonical, format="nt"), canonical


def _remote_context(body: bytes) -> str:
    try:
        context = json.loads(body).get("@context")
    except (ValueError, AttributeError):
        return "a remote @context"
    return f'@context "{context}"' if isinstance(context, str) else "a remote @context"
