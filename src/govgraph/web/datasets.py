"""Routes of the dataset as a whole: dumps of the current graph, numbered releases, and the VoID/DCAT description.

GET /dump, /dump.{trig,nq,ttl,nt,jsonld}       the published graph now (by Accept, or by extension)
GET /releases, POST /releases                   the releases (JSON or HTML); make one (maintainers)
GET /releases/{n}, /releases/{n}/dump[.{ext}]   one release's metadata and its immutable files
GET /void, /.well-known/void                    VoID + DCAT, in Turtle, N-Triples, JSON-LD or RDF/XML
"""

from __future__ import annotations

import json
import pathlib
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from govgraph import void
from govgraph.dumps import FORMATS, DumpFormat, by_extension, of_format
from govgraph.errors import RefusedInput
from govgraph.formats import GRAPH_RESULTS, HTML, TEXT, Format
from govgraph.releases import MAX_NUMBER, Release
from govgraph.tokens import authenticate
from govgraph.web import negotiation, problems
from govgraph.web.bodies import read_body
from govgraph.web.negotiation import PageFormat, format_of
from govgraph.web.pages import page_json, render, wants_html
from govgraph.web.services import Services, ServicesDep

DUMPS: tuple[Format, ...] = tuple(f.format for f in FORMATS)  # TriG first: everything, the graphs kept
DUMP_TYPES = negotiation.media_types(DUMPS)
# The description in an RDF syntax; a browser (HTML preferred) gets the Turtle as text to read, not a file.
DESCRIPTIONS: tuple[Format, ...] = (*GRAPH_RESULTS, HTML)
IMMUTABLE = "public, max-age=31536000, immutable"
EXTENSION_DOC = "trig or nq (named graphs kept); ttl, nt or jsonld (the union of the graphs)."
GraphFormat = Annotated[
    str | None, Query(description="turtle, ntriples, jsonld or rdfxml; overrides Accept."), format_of(GRAPH_RESULTS)
]
Number = Annotated[int, Path(ge=1, le=MAX_NUMBER, description="The release's number (GET /releases lists them).")]


router = APIRouter(tags=["dataset"])


@router.get(
    "/dump",
    summary="The published graph now, as one file: TriG by default, or by Accept",
    responses=problems.responses(406, 503, ok=DUMP_TYPES),
)
async def dump(request: Request, services: ServicesDep) -> Response:
    return await current_dump(request, services, _by_accept(request))


@router.get(
    "/dump.{extension}",
    summary="The published graph now, in the format its extension names",
    responses=problems.responses(404, 503, ok=DUMP_TYPES),
)
async def dump_file(request: Request, services: ServicesDep, extension: str) -> Response:
    return await current_dump(request, services, by_extension(extension))


async def current_dump(request: Request, services: Services, fmt: DumpFormat) -> Response:
    written = await run_in_threadpool(services.dumps.file, fmt)
    return file_response(request, written.path, fmt, written.sha256, "govgraph", cache="no-cache")


@router.get(
    "/releases",
    summary="The numbered releases, newest first (JSON or HTML)",
    responses=problems.responses(422, ok=negotiation.PAGE_TYPES),
)
def listing(request: Request, services: ServicesDep, format: PageFormat = None) -> Response:
    releases = sorted(services.releases.list(), key=lambda r: -r.number)
    if wants_html(request, format):
        return render(request, "releases.html", releases=releases, formats=FORMATS)
    return page_json({"releases": [summary(r) for r in releases]})


@router.post(
    "/releases",
    status_code=201,
    summary="Make a release of the published graph as it is now (maintainers)",
    responses={
        **problems.responses(400, 401, 403, 413, 503),
        201: {"description": "The new release's metadata; Location is its URL."},
    },
)
async def create(
    request: Request, services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> JSONResponse:
    contributions = services.contributions
    await run_in_threadpool(authenticate, contributions.journal, authorization, role="maintainer")
    note = await _note(request)
    release = await run_in_threadpool(services.releases.create, services.store, note, pause=contributions.publishing)
    url = f"/releases/{release.number}"
    return JSONResponse(summary(release), status_code=201, headers={"Location": url})


@router.get(
    "/releases/{number}",
    summary="One release: when it was made, its triples per graph, its files with size and SHA-256",
    responses=problems.responses(404, 422),
)
def one(services: ServicesDep, number: Number) -> JSONResponse:
    release = services.releases.get(number)
    return JSONResponse(summary(release), headers={"Cache-Control": IMMUTABLE})


@router.get(
    "/releases/{number}/dump",
    summary="One release as one file: TriG by default, or by Accept",
    responses=problems.responses(404, 406, 422, ok=DUMP_TYPES),
)
def release_dump(request: Request, services: ServicesDep, number: Number) -> Response:
    return release_file(request, services, number, _by_accept(request))


@router.get(
    "/releases/{number}/dump.{extension}",
    summary="One release's dump file (immutable; the ETag is its SHA-256)",
    responses=problems.responses(404, 422, ok=DUMP_TYPES),
)
def release_dump_file(request: Request, services: ServicesDep, number: Number, extension: str) -> Response:
    return release_file(request, services, number, by_extension(extension))


def release_file(request: Request, services: Services, number: int, fmt: DumpFormat) -> Response:
    release = services.releases.get(number)
    file = release.file(fmt.key)
    name = f"govgraph-release-{release.number}"
    return file_response(request, release.path / file.name, fmt, file.sha256, name, cache=IMMUTABLE)


async def description(request: Request, services: ServicesDep, format: GraphFormat = None) -> Response:
    # In the RDF syntax asked for; a browser gets the Turtle as text to read.
    chosen = negotiation.choose(request, DESCRIPTIONS, format)
    written = GRAPH_RESULTS[0] if chosen is HTML else chosen
    tally = await run_in_threadpool(services.void_tally.of, services.store, services.dumps.generation)
    sizes = {k: f.size for k, f in services.dumps.known().items()}
    triples = void.describe(tally, base_url=str(request.base_url), releases=services.releases.list(), sizes=sizes)
    media_type = TEXT.content_type if chosen is HTML else chosen.content_type
    return Response(void.serialize(triples, written), media_type=media_type, headers={"Vary": "Accept"})


for _path, _name in (("/void", "void"), ("/.well-known/void", "well_known_void")):
    router.add_api_route(
        _path,
        description,
        methods=["GET"],
        summary="VoID and DCAT description of the dataset: size, partitions, distributions, releases",
        responses=problems.responses(406, 422, ok=negotiation.media_types((*GRAPH_RESULTS, TEXT))),
        name=_name,
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
