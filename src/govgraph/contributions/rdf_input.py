"""RDF sent by contributors: parsed by media type, with hostile input refused before it can do harm.

No network access (JSON-LD remote contexts are refused, never fetched), no XML DTDs or entities (no
external files, no "billion laughs"), JSON-LD nested at most JSON_NESTING_LIMIT levels deep (checked
before any parser sees it), one graph only, and a triple budget.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import rdflib

from govgraph.errors import PayloadTooLarge, RdfSyntaxError, RefusedInput, UnsupportedMediaType
from govgraph.formats.registry import CONTRIBUTIONS, RDF_FORMATS
from govgraph.namespaces import GID
from govgraph.rdf import rdflib_graph, statement, syntax_error

MEDIA_TYPES = {media: f.key for f in CONTRIBUTIONS for media in f.media_types}
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
JSON_NESTING_LIMIT = 64  # levels of arrays and objects; real JSON-LD stays within a dozen
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_TOO_DEEP = {
    "en": (
        "The JSON-LD is too deeply nested: more than {limit} levels of arrays and objects.",
        "Flatten it: give nested nodes an @id and list them side by side in @graph.",
    ),
    "es": (
        "El JSON-LD está anidado a demasiada profundidad: más de {limit} niveles de listas y objetos.",
        "Aplánelo: dé un @id a los nodos anidados y póngalos uno junto a otro en @graph.",
    ),
}


def media_format(content_type: str | None) -> str:
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            f"Content-Type {media_type or '(none)'} is not an RDF syntax govgraph reads.",
            hint=f"Send one of: {', '.join(MEDIA_TYPES)}.",
        )
    return MEDIA_TYPES[media_type]


def parse_contribution(
    body: bytes, fmt: str, *, max_triples: int, lang: str = "en", source: str = "the contribution"
) -> tuple[rdflib.Graph, str]:
    """The contribution as an rdflib graph and as canonical N-Triples (sorted, one triple per line).

    `lang`: the language of the refusal of a JSON-LD document nested too deep; `source` names the input in
    a syntax error (a file's path, for the CLI).
    """
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedInput(f"The body is not valid UTF-8 (byte {exc.start}).", hint="Send UTF-8 text.") from None
    if fmt == "jsonld" and nested_deeper_than(body, JSON_NESTING_LIMIT):
        message, hint = _TOO_DEEP.get(lang, _TOO_DEEP["en"])
        raise RefusedInput(
            message.format(limit=JSON_NESTING_LIMIT), hint=hint, details={"nesting_limit": JSON_NESTING_LIMIT}
        )
    if fmt == "rdfxml" and _DTD.search(body):
        raise RefusedInput(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entities are never expanded.",
            hint="Remove the DTD and write the values out.",
        )
    triples: list[str] = []
    try:
        for quad in ox.parse(body, format=RDF_FORMATS[fmt], base_iri=GID):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                raise RefusedInput(
                    f"The contribution names a graph ({quad.graph_name}); it may only hold triples.",
                    hint="Remove the GRAPH blocks: each contribution gets its own graph.",
                )
            triples.append(statement(quad))
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
        raise syntax_error(exc, source=source) from None
    if not triples:
        raise RdfSyntaxError("The contribution holds no triples.", hint="Send at least one triple.")
    canonical = "\n".join(sorted(set(triples))) + "\n"
    return rdflib_graph(canonical), canonical


def nested_deeper_than(body: bytes, limit: int) -> bool:
    """Whether the JSON text in `body` nests arrays and objects more than `limit` levels deep.

    Read without recursion and without parsing: strings are taken out (brackets in them do not count),
    then the brackets that are left are counted, stopping at the first one past the limit.
    """
    depth = 0
    for bracket in _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKET):
        if bracket in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _remote_context(body: bytes) -> str:
    try:
        context = json.loads(body).get("@context")
    except (ValueError, AttributeError):
        return "a remote @context"
    return f'@context "{context}"' if isinstance(context, str) else "a remote @context"
