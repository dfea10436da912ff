"""create_app(settings) -> FastAPI. Routes stay thin: parse, call a service, format."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from govgraph import __version__
from govgraph.errors import PayloadTooLarge, QueryRefused, UnsupportedMediaType
from govgraph.formats import serialize
from govgraph.loader import open_store
from govgraph.settings import Settings
from govgraph.sparql import check_read_only
from govgraph.store.base import Store
from govgraph.web import negotiation, problems

DESCRIPTION = """Who governs the Internet? A knowledge graph of Internet-governance processes: stakeholders,
forums, meetings, mandates, outcome documents and the Internet resources they steward.

¿Quién gobierna Internet? Un grafo de conocimiento de los procesos de gobernanza de Internet."""


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web app over `store`, or over the store at settings.store, opened read-only for the app's lifetime."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        app.state.store = store if store is not None else open_store(settings, read_only=True)
        try:
            yield
        finally:
            if opened:
                app.state.store.close()

    app = FastAPI(title="govgraph", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"]
    )
    problems.install(app)

    @app.get("/", summary="Entry points")
    def index() -> dict[str, object]:
        return {
            "name": "govgraph",
            "version": __version__,
            "links": {"health": "/health", "sparql": "/sparql", "docs": "/docs", "openapi": "/openapi.json"},
        }

    @app.get("/health", summary="Readiness and size of the store")
    def health(request: Request) -> dict[str, object]:
        st: Store = request.app.state.store
        return {"status": "ok", "triples": st.triple_count(), "version": __version__}

    @app.get(
        "/sparql",
        summary="SPARQL 1.1 query (read-only)",
        response_description="SPARQL results (JSON by default) or RDF for CONSTRUCT/DESCRIBE",
    )
    def sparql_get(
        request: Request,
        query: Annotated[
            str | None,
            Query(description="The SPARQL query.", examples=["SELECT ?forum WHERE { ?forum a gg:Forum } LIMIT 10"]),
        ] = None,
        format: Annotated[
            str | None,
            Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml; overrides the Accept header."),
        ] = None,
    ) -> Response:
        if query is None:
            raise QueryRefused("No query given.", hint="Send the SPARQL text in the `query` parameter.")
        return _answer(request, query, format)

    def _answer(request: Request, text: str, fmt: str | None) -> Response:
        check_read_only(text, settings.max_query_bytes)
        st: Store = request.app.state.store
        result = st.query(text, timeout=settings.query_timeout, max_rows=settings.max_rows)
        key = negotiation.choose(result.kind, request.headers.get("accept"), fmt)
        body, media_type = serialize(result, key)
        headers = {"X-Govgraph-Truncated": "true"} if result.truncated else {}
        headers["Vary"] = "Accept"
        return Response(body, media_type=media_type, headers=headers)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.post("/sparql", summary="SPARQL 1.1 query by POST (form-encoded or application/sparql-query)")
    async def sparql_post(
        request: Request,
        format: Annotated[str | None, Query(description="As for GET.")] = None,
    ) -> Response:
        body = await read_body(request, limit=settings.max_query_bytes * 3)
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/sparql-query":
            text = _utf8(body)
        elif media_type == "application/x-www-form-urlencoded":
            fields = parse_qs(_utf8(body), keep_blank_values=True)
            if "update" in fields:
                raise QueryRefused(
                    "SPARQL updates are not accepted; this endpoint is read-only.",
                    hint="Send changes as a contribution instead.",
                )
            text = (fields.get("query") or [""])[0]
            format = format or (fields.get("format") or [None])[0]
        else:
            raise UnsupportedMediaType(
                f"Content-Type {media_type or '(none)'} cannot carry a SPARQL query.",
                hint="Use application/sparql-query or application/x-www-form-urlencoded.",
            )
        if not text.strip():
            raise QueryRefused("No query given.", hint="Send the SPARQL text as the body or the `query` field.")
        return await run_in_threadpool(_answer, request, text, format)

    return app


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRefused(f"The body is not valid UTF-8 (byte {exc.start}).", hint="Send UTF-8 text.") from None


async def read_body(request: Request, *, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(
            f"The body is {int(declared):,} bytes; the limit is {limit:,}.", hint="Send a shorter query."
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body exceeds the limit of {limit:,} bytes.", hint="Send a shorter query.")
        chunks.append(chunk)
    return b"".join(chunks)
