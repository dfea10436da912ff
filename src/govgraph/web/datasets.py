"""Routes of the dataset as a whole: dumps of the current graph, numbered releases, and the VoID/DCAT description.

GET /dump, /dump.{trig,nq,ttl,nt,jsonld}       the published graph now (by Accept, or by extension)
GET /releases, POST /releases                   the releases (JSON or HTML); make one (maintainers)
GET /releases/{n}, /releases/{n}/dump[.{ext}]   one release's metadata and its immutable files
GET /void, /.well-known/void                    VoID + DCAT, in Turtle, N-Triples, JSON-LD or RDF/XML
"""

from __future__ import annotations

import json
import os
import pathlib
import threading
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from govgraph import void
from govgraph.dumps import FORMATS, CurrentDumps, DumpFormat, by_extension, of_format
from govgraph.errors import RefusedInput
from govgraph.formats import GRAPH_RESULTS, HTML, TEXT, Format
from govgraph.releases import MAX_NUMBER, Release, Releases
from govgraph.settings import Settings
from govgraph.tokens import authenticate
from govgraph.web import negotiation, problems
from govgraph.web.bodies import read_body
from govgraph.web.negotiation import PageFormat, format_query
from govgraph.web.pages import page_json, render, wants_html

DUMPS: tuple[Format, ...] = tuple(f.format for f in FORMATS)  # TriG first: everything, the graphs kept
DUMP_TYPES = negotiation.media_types(DUMPS)
# The description in an RDF syntax; a browser (HTML preferred) gets the Turtle as text to read, not a file.
DESCRIPTIONS: tuple[Format, ...] = (*GRAPH_RESULTS, HTML)
IMMUTABLE = "public, max-age=31536000, immutable"
EXTENSION_DOC = "trig or nq (named graphs kept); ttl, nt or jsonld (the union of the graphs)."
GraphFormat = format_query(GRAPH_RESULTS, "turtle, ntriples, jsonld or rdfxml; overrides Accept.")
Number = Annotated[int, Path(ge=1, le=MAX_NUMBER, description="The release's number (GET /releases lists them).")]


def open_datasets(app: FastAPI, settings: Settings) -> None:
    """The releases and the current dumps, on app.state; called in the lifespan once the store is open."""
    app.state.releases = Releases(settings)
    # Copies of the store are taken between publications, never half-way through one.
    pause = app.state.contributions.publishing
    # Each of several workers keeps its own dump files: each one clears its folder on start.
    folder = ".current" if settings.workers == 1 else f".current-{os.getpid()}"
    app.state.dumps = CurrentDumps(app.state.store, settings.releases_path / folder, pause=pause)
    app.state.contributions.on_change.append(app.state.dumps.changed)


def install(app: FastAPI, settings: Settings) -> None:
    counted: dict[str, Any] = {"generation": None, "counts": None}
    counting = threading.Lock()

    def counts(request: Request) -> void.Counts:
        dumps: CurrentDumps = request.app.state.dumps
        with counting:
            if counted["generation"] != dumps.generation:
                generation = dumps.generation
                counted["counts"], counted["generation"] = void.count(request.app.state.store), generation
            return counted["counts"]

    @app.get(
        "/dump",
        tags=["dataset"],
        summary="The published graph now, as one file: TriG by default, or by Accept",
        responses=problems.responses(406, 503, ok=DUMP_TYPES),
    )
    async def dump(request: Request) -> Response:
        return await current_dump(request, _by_accept(request))

    @app.get(
        "/dump.{extension}",
        tags=["dataset"],
        summary="The published graph now, in the format its extension names",
        responses=problems.responses(404, 503, ok=DUMP_TYPES),
    )
    async def dump_file(request: Request, extension: str) -> Response:
        return await current_dump(request, by_extension(extension))

    async def current_dump(request: Request, fmt: DumpFormat) -> Response:
        written = await run_in_threadpool(request.app.state.dumps.file, fmt)
        return file_response(request, written.path, fmt, written.sha256, "govgraph", cache="no-cache")

    @app.get(
        "/releases",
        tags=["dataset"],
        summary="The numbered releases, newest first (JSON or HTML)",
        responses=problems.responses(422, ok=negotiation.PAGE_TYPES),
    )
    def listing(request: Request, format: PageFormat = None) -> Response:
        releases = sorted(request.app.state.releases.list(), key=lambda r: -r.number)
        if wants_html(request, format):
            return render(request, "releases.html", releases=releases, formats=FORMATS)
        return page_json({"releases": [summary(r) for r in releases]})

    @app.post(
        "/releases",
        status_code=201,
        tags=["dataset"],
        summary="Make a release of the published graph as it is now (maintainers)",
        responses={
            **problems.responses(400, 401, 403, 413, 503),
            201: {"description": "The new release's metadata; Location is its URL."},
        },
    )
    async def create(request: Request, authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
        state = request.app.state
        await run_in_threadpool(authenticate, state.contributions.journal, authorization, role="maintainer")
        note = await _note(request)
        release = await run_in_threadpool(
            state.releases.create, state.store, note, pause=state.contributions.publishing
        )
        url = f"/releases/{release.number}"
        return JSONResponse(summary(release), status_code=201, headers={"Location": url})

    @app.get(
        "/releases/{number}",
        tags=["dataset"],
        summary="One release: when it was made, its triples per graph, its files with size and SHA-256",
        responses=problems.responses(404, 422),
    )
    def one(request: Request, number: Number) -> JSONResponse:
        release = request.app.state.releases.get(number)
        return JSONResponse(summary(release), headers={"Cache-Control": IMMUTABLE})

    @app.get(
        "/releases/{number}/dump",
        tags=["dataset"],
        summary="One release as one file: TriG by default, or by Accept",
        responses=problems.responses(404, 406, 422, ok=DUMP_TYPES),
    )
    def release_dump(request: Request, number: Number) -> Response:
        return release_file(request, number, _by_accept(request))

    @app.get(
        "/releases/{number}/dump.{extension}",
        tags=["dataset"],
        summary="One release's dump file (immutable; the ETag is its SHA-256)",
        responses=problems.responses(404, 422, ok=DUMP_TYPES),
    )
    def release_dump_file(request: Request, number: Number, extension: str) -> Response:
        return release_file(request, number, by_extension(extension))

    def release_file(request: Request, number: int, fmt: DumpFormat) -> Response:
        release: Release = request.app.state.releases.get(number)
        file = release.file(fmt.key)
        name = f"govgraph-release-{release.number}"
        return file_response(request, release.path / file.name, fmt, file.sha256, name, cache=IMMUTABLE)

    async def description(
        request: Request,
        format: GraphFormat = None,
    ) -> Response:
        chosen = negotiation.choose(request, DESCRIPTIONS, format)
        written = GRAPH_RESULTS[0] if chosen is HTML else chosen
        state = request.app.state
        tally = await run_in_threadpool(counts, request)
        sizes = {k: f.size for k, f in state.dumps.known().items()}
        triples = void.describe(tally, base_url=str(request.base_url), releases=state.releases.list(), sizes=sizes)
        media_type = TEXT.content_type if chosen is HTML else chosen.content_type
        return Response(void.serialize(triples, written), media_type=media_type, headers={"Vary": "Accept"})

    for path in ("/void", "/.well-known/void"):
        app.add_api_route(
            path,
            description,
            methods=["GET"],
            tags=["dataset"],
            summary="VoID and DCAT description of the dataset: size, partitions, distributions, releases",
            responses=problems.responses(406, 422, ok=negotiation.media_types((*GRAPH_RESULTS, TEXT))),
            name="void" if path == "/void" else "well_known_void",
        )


def summary(release: Release) -> dict[str, Any]:
    base = f"/releases/{release.number}"
    data = release.as_json()
    for key, f in data["files"].items():
        f["url"] = f"{base}/{f['name']}"
        data["files"][key] = f
    return {**data, "url": base, "sparql": f"/sparql?release={release.number}"}


def file_response(
    request: Request, path: pathlib.Path, fmt: DumpFormat, sha256: str, stem: str, *, cache: str
) -> Response:
    """The file, with its SHA-256 as the ETag; 304 when the client has it already."""
    etag = f'"{sha256}"'
    headers = {"ETag": etag, "Cache-Control": cache, "Vary": "Accept"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=fmt.format.content_type, filename=f"{stem}.{fmt.extension}", headers=headers)


def _by_accept(request: Request) -> DumpFormat:
    """The dump for the request's Accept header: TriG (everything, graphs kept) for */* or none."""
    instead = f"or ask for {', '.join('/dump.' + f.extension for f in FORMATS)}."
    return of_format(negotiation.choose(request, DUMPS, instead=instead))


async def _note(request: Request) -> str | None:
    """An optional {"note": "..."} saying what the release is for."""
    body = (await read_body(request, limit=10_000)).strip()
    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise RefusedInput('The body must be a JSON object such as {"note": "..."}, or empty.', hint="Check the JSON.")
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        raise RefusedInput("`note` must be a text.", hint='Send {"note": "Course page, term 1"}.')
    return (note or "").strip()[:2000] or None
