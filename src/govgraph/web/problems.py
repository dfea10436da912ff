"""One JSON shape for every HTTP error: RFC 9457 problem details, rendered by one set of handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from govgraph.errors import GovgraphError, NotAcceptable
from govgraph.formats import JSON, PROBLEM
from govgraph.namespaces import BASE
from govgraph.web.negotiation import prefers_html
from govgraph.web.pages import render
from govgraph.web.security import headers_for

log = logging.getLogger("govgraph.web")
MEDIA_TYPE = PROBLEM.media_type


def problem_type(code: str) -> str:
    return f"{BASE}problems/{code}"


def problem(status: int, code: str, title: str, detail: str, *, hint: str | None = None, **extra: Any) -> JSONResponse:
    """A problem document; its `type` comes from the stable `code`, never from the words of `title`."""
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if hint:
        body["hint"] = hint
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers={"Access-Control-Allow-Origin": "*"})


def error_problem(exc: GovgraphError) -> JSONResponse:
    """A govgraph error as problem+json, its simple details (and lists of texts) as members; Retry-After when
    it says when."""
    details = {k: v for k, v in exc.details.items() if _simple(v)}
    response = problem(exc.status, exc.code, exc.title, exc.message, hint=exc.hint, **details)
    if "retry_after" in details:
        response.headers["Retry-After"] = str(details["retry_after"])
    return response


def _simple(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, str | int | float | bool | None)


def for_reader(request: Request, exc: GovgraphError, page: Callable[[], Response]) -> Response:
    """An error on a route that browsers use: `page` (HTML in the reader's language) for a browser,
    problem+json for any other client."""
    if not prefers_html(request):
        return error_problem(exc)
    response = page()
    if "retry_after" in exc.details:
        response.headers["Retry-After"] = str(exc.details["retry_after"])
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(GovgraphError)
    async def govgraph_error(request: Request, exc: GovgraphError) -> Response:
        if isinstance(exc, NotAcceptable):
            return for_reader(request, exc, lambda: not_acceptable_page(request, exc))
        return error_problem(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "message": e.get("msg")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors) + "."
        # One parameter named at the top, as InvalidParameter's problems name it.
        named = {e["parameter"] for e in errors}
        parameter = named.pop() if len(named) == 1 else None
        hint = "See /docs for the parameters each route takes."
        return problem(
            422, "invalid-parameter", "Invalid parameter", detail, hint=hint, errors=errors, parameter=parameter
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return problem(
                404,
                "not-found",
                "Not found",
                f"Nothing is served at {request.url.path}.",
                hint="See /docs for the API.",
            )
        if exc.status_code == 405:
            allowed = allowed_methods(request)
            response = problem(
                405,
                "method-not-allowed",
                "Method not allowed",
                f"{request.method} is not served at {request.url.path}; it answers {allowed}.",
                hint="See /docs for the API.",
            )
            response.headers["Allow"] = allowed  # RFC 9110 asks for it on every 405
            return response
        response = problem(exc.status_code, "http-error", "HTTP error", str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unexpected error", exc_info=exc)
        response = problem(
            500, "internal-error", "Internal error", "Something went wrong on the server; it has been logged."
        )
        # Starlette sends this one from outside every middleware, SecurityHeaders included.
        response.raw_headers.extend(headers_for(request.url.path))
        return response


def not_acceptable_page(request: Request, exc: NotAcceptable) -> Response:
    """A 406 for a browser: what the address serves, each a link where a `format` parameter names it."""
    available: list[str] = exc.details.get("available") or []
    keys: list[str | None] = exc.details.get("formats") or [None] * len(available)  # one per media type
    linked = request.method == "GET"  # the same address with format=…; a form's answer has none to link
    offers = []
    for media_type, key in zip(available, keys, strict=False):
        url = request.url.include_query_params(format=key) if key and linked else None
        offers.append({"title": key or media_type, "media_type": media_type, "url": url and f"{url.path}?{url.query}"})
    return render(request, "not_acceptable.html", status_code=406, offers=offers)


def allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path (Starlette's 405 names only the first route's)."""
    methods: set[str] = set()
    for context in iter_route_contexts(request.app.router.routes):  # into the routers the app includes
        route = context.original_route
        if isinstance(route, Route) and route.matches(request.scope)[0] == Match.PARTIAL:
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


class Problem(BaseModel):
    """RFC 9457 problem details, as every govgraph error is sent."""

    type: str
    title: str
    status: int
    detail: str
    hint: str | None = None


_MEANINGS = {
    400: "The request cannot be run as sent (syntax error, refused update, bad value); `detail` says why.",
    401: "A token is needed (`Authorization: Bearer <token>`), or the one sent is not valid.",
    403: "The token's role may not do this.",
    404: "Nothing of that name; `detail` suggests the closest.",
    409: "The contribution is not in the status this action needs.",
    406: "No acceptable format for this result.",
    413: "The body is larger than the limit.",
    415: "The body's Content-Type cannot carry this request.",
    422: "A parameter is missing or has the wrong type; `detail` names it.",
    429: "Too many submissions from one token in a minute; `Retry-After` says when to try again.",
    503: "The query ran past its time limit, the store is not available, or the server is busy validating "
    "(`Retry-After` says when to try again).",
}


def responses(*statuses: int, ok: tuple[str, ...] = (JSON.media_type,)) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for a route: its success media types and the problems it may answer with."""
    documented: dict[int | str, dict[str, Any]] = {200: {"content": {media: {} for media in ok}}}
    for status in statuses:
        documented[status] = {"model": Problem, "description": _MEANINGS[status], "content": {MEDIA_TYPE: {}}}
    return documented
