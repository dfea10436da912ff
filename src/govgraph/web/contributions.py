"""Routes of the contribution workflow: submit, validate, follow, review. Writes need a token; reads do not."""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from govgraph.contributions.model import Contribution
from govgraph.contributions.rdf_input import MEDIA_TYPES, media_format
from govgraph.contributions.workflow import Contributions
from govgraph.errors import GovgraphError, InvalidParameter, PayloadTooLarge, RefusedInput, ServerBusy
from govgraph.formats import JSON, RDF, Format
from govgraph.tokens import Holder, authenticate
from govgraph.validation import ValidationReport, report_graph
from govgraph.web import negotiation, problems
from govgraph.web.bodies import FormField, form_fields, read_body, utf8
from govgraph.web.i18n import number, texts
from govgraph.web.negotiation import PageFormat
from govgraph.web.pages import language, page_json, render, wants_html
from govgraph.web.services import Services, ServicesDep

RDF_BODY = {"content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES}, "required": True}
REPORTS: tuple[Format, ...] = (JSON, RDF["turtle"], RDF["jsonld"])  # JSON (a problem document) by default
REPORT_TYPES = negotiation.media_types(REPORTS)
Authorization = Annotated[str | None, Header()]

router = APIRouter(tags=["contributions"])


@router.post(
    "/contributions",
    status_code=202,
    summary="Submit triples for review (Turtle, N-Triples, TriG, JSON-LD or RDF/XML by Content-Type)",
    openapi_extra={"requestBody": RDF_BODY},
    responses={
        **problems.responses(400, 401, 403, 413, 415, 422, 429, 503, ok=REPORT_TYPES),
        202: {"description": "Stored, durably, as pending review."},
    },
)
async def submit(
    request: Request,
    services: ServicesDep,
    message: Annotated[str, Query(max_length=2000, description="What the contribution adds, and why.")] = "",
    lang: Annotated[str, Query(pattern="^(en|es)$", description="Language of the report.")] = "en",
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    contributions, validations = services.contributions, services.validations
    holder = await run_in_threadpool(authenticate, contributions.journal, authorization)
    fmt = media_format(request.headers.get("content-type"))
    validations.refuse_if_full()
    body = await read_body(request, limit=services.settings.max_body_bytes)
    media_type = request.headers["content-type"].split(";")[0].strip().lower()
    contributions.ensure_writable()  # a worker that only reads refuses before counting the submission
    services.limiter.check(holder.token_id)
    outcome = await validations.run(contributions.submit, holder, body, fmt, media_type, message=message, lang=lang)
    if outcome.contribution is None:
        return report_response(request, outcome.report, lang, status=422)
    return JSONResponse(
        outcome.contribution.summary(),
        status_code=202,
        headers={"Location": f"/contributions/{outcome.contribution.id}"},
    )


@router.post(
    "/validate",
    summary="Validate triples without submitting them",
    openapi_extra={"requestBody": RDF_BODY},
    responses=problems.responses(400, 413, 415, 422, 429, 503, ok=REPORT_TYPES),
)
async def validate(
    request: Request,
    services: ServicesDep,
    lang: Annotated[str, Query(pattern="^(en|es)$", description="Language of the report.")] = "en",
) -> Response:
    contributions, validations = services.contributions, services.validations
    services.limiter.check(f"ip:{request.client.host if request.client else '?'}")
    fmt = media_format(request.headers.get("content-type"))
    validations.refuse_if_full()
    body = await read_body(request, limit=services.settings.max_body_bytes)
    _, _, report = await validations.run(contributions.check, body, fmt, lang=lang)
    return report_response(request, report, lang, status=200 if report.conforms else 422)


@router.get(
    "/contributions",
    summary="Contributions: all for maintainers, your own otherwise",
    responses=problems.responses(400, 401, 422, ok=(JSON.media_type,)),
)
def listing(
    services: ServicesDep,
    status: Annotated[str | None, Query(pattern="^(pending|accepted|rejected|retracted)$")] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    contributions = services.contributions
    holder = authenticate(contributions.journal, authorization)
    mine = None if holder.role == "maintainer" else holder.token_id
    found = contributions.listing(status=status, token_id=mine)
    return JSONResponse({"contributions": [c.summary() for c in found]})


@router.get(
    "/contributions/{contribution_id}",
    summary="One contribution: status, triples, diff against the published graph, provenance. Until it is "
    "published, only its contributor and maintainers see it (with their token).",
    responses=problems.responses(401, 404, 422, ok=negotiation.PAGE_TYPES),
)
def follow(
    request: Request,
    services: ServicesDep,
    contribution_id: str,
    format: PageFormat = None,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    contributions = services.contributions
    holder = authenticate(contributions.journal, authorization) if authorization else None
    contribution = contributions.visible(contribution_id, holder)
    body = {
        **contribution.summary(),
        "triples_text": contribution.ntriples,
        "diff": contributions.diff(contribution),
        "graph": contribution.graph if contribution.status == "accepted" else None,
    }
    if wants_html(request, format):
        return render(request, "contribution.html", c=body)
    return page_json(body)


REVIEW_RESPONSES = problems.responses(400, 401, 403, 404, 409, 422, ok=(JSON.media_type,))


@router.post(
    "/contributions/{contribution_id}/accept",
    summary="Accept a contribution (maintainers)",
    responses=REVIEW_RESPONSES,
)
async def accept_contribution(
    request: Request, services: ServicesDep, contribution_id: str, authorization: Authorization = None
) -> JSONResponse:
    return await _review(request, services, "accept", contribution_id, authorization)


@router.post(
    "/contributions/{contribution_id}/reject",
    summary="Reject a contribution (maintainers)",
    responses=REVIEW_RESPONSES,
)
async def reject_contribution(
    request: Request, services: ServicesDep, contribution_id: str, authorization: Authorization = None
) -> JSONResponse:
    return await _review(request, services, "reject", contribution_id, authorization)


@router.post(
    "/contributions/{contribution_id}/retract",
    summary="Retract a contribution (maintainers)",
    responses=REVIEW_RESPONSES,
)
async def retract_contribution(
    request: Request, services: ServicesDep, contribution_id: str, authorization: Authorization = None
) -> JSONResponse:
    return await _review(request, services, "retract", contribution_id, authorization)


@router.get("/contribute", include_in_schema=False)
def form(request: Request) -> Response:
    return render(request, "contribute.html", media_types=list(MEDIA_TYPES), result=None)


@router.post("/contribute", include_in_schema=False)
async def form_submit(request: Request, services: ServicesDep) -> Response:
    contributions, lang, limit = services.contributions, language(request), services.settings.max_body_bytes
    sent: dict[str, FormField] = {}
    body, read = b"", False
    try:
        services.validations.refuse_if_full()
        holder = await _read_form(request, contributions, sent, limit=limit + FORM_FIELDS_BYTES)
        upload, text = sent.get("file"), sent.get("text")
        rdf = upload.value if upload is not None and upload.value else text.value if text is not None else b""
        if len(rdf) > limit:
            raise PayloadTooLarge(f"The file is larger than {limit:,} bytes.", hint="Send less.")
        body, read = rdf, True
        media_type = _text(sent, "media_type") or RDF["turtle"].media_type
        fmt = media_format(media_type)
        contributions.ensure_writable()
        services.limiter.check(holder.token_id)
        outcome = await services.validations.run(
            contributions.submit,
            holder,
            body,
            fmt,
            media_type,
            message=_text(sent, "message"),
            lang=lang,
        )
    except GovgraphError as exc:
        error = form_error(exc, lang, read=read, limit=limit)
        page = partial(form_page, request, exc.status, {"error": error}, body, sent)
        return problems.for_reader(request, exc, page)
    result = {"report": outcome.report.text(lang), "contribution": outcome.contribution}
    return form_page(request, 202 if outcome.contribution else 422, result, body, sent)


# What the form may carry besides the RDF: token, message, media type, and an excerpt left in the text box.
FORM_FIELDS_BYTES = 100_000
# The most of the submitted text the form page shows again.
ECHOED_CHARS = 20_000


async def _read_form(
    request: Request, contributions: Contributions, sent: dict[str, FormField], *, limit: int
) -> Holder:
    """The form's fields into `sent`, and the token's holder; the token is checked as soon as it has come
    (it is the form's first field), so an upload without a valid one is refused before it is read."""
    holder: Holder | None = None
    async for field in form_fields(request, limit=limit):
        sent.setdefault(field.name, field)
        if field.name == "token" and holder is None:
            holder = await run_in_threadpool(authenticate, contributions.journal, f"Bearer {field.text}")
    if holder is None:
        holder = await run_in_threadpool(authenticate, contributions.journal, None)  # the 401 it answers
    return holder


def form_error(exc: GovgraphError, lang: str, *, read: bool, limit: int) -> str:
    """What the form page says of a refusal; the two a reader can act on in the reader's language."""
    if isinstance(exc, PayloadTooLarge) and not read:  # the body, not its triples: nothing of it is shown
        return texts(lang)["form_too_large"].format(limit=number(limit, lang))
    if isinstance(exc, ServerBusy):
        return texts(lang)["form_busy"].format(seconds=exc.details["retry_after"])
    return str(exc)


def _text(sent: dict[str, FormField], name: str) -> str:
    found = sent.get(name)
    return found.text.strip() if found is not None else ""


def form_page(
    request: Request, status: int, result: dict[str, Any], body: bytes, sent: dict[str, FormField]
) -> Response:
    """The form again, with the outcome, and at most ECHOED_CHARS of the submitted text (a note says when cut)."""
    text = body.decode("utf-8", "replace")
    return render(
        request,
        "contribute.html",
        status_code=status,
        media_types=list(MEDIA_TYPES),
        result=result,
        text=text[:ECHOED_CHARS],
        cut=number(ECHOED_CHARS, language(request)) if len(text) > ECHOED_CHARS else None,
        message=_text(sent, "message")[:2000],
    )


async def _review(
    request: Request, services: Services, action: str, contribution_id: str, authorization: str | None
) -> JSONResponse:
    """Accept, reject or retract; rejecting and retracting need a reason."""
    contributions = services.contributions
    reviewer = await run_in_threadpool(authenticate, contributions.journal, authorization, role="maintainer")
    reason = await _reason(request)
    if action != "accept" and not reason:
        raise InvalidParameter(
            f"A reason is needed to {action}.", hint='Send {"reason": "..."}.', details={"parameter": "reason"}
        )
    if action == "accept":
        contribution, report = await run_in_threadpool(contributions.accept, contribution_id, reviewer, reason)
        if contribution.status != "accepted":
            return JSONResponse(
                {
                    "type": problems.problem_type("no-longer-conforms"),
                    "title": "No longer conforms",
                    "status": 422,
                    "detail": "Against the graph as it is now, the contribution breaks the shapes.",
                    "results": _results(report, "en"),
                },
                status_code=422,
                media_type=problems.MEDIA_TYPE,
            )
    else:
        act = contributions.reject if action == "reject" else contributions.retract
        contribution = await run_in_threadpool(act, contribution_id, reviewer, reason)
    return JSONResponse(_summary(contribution))


async def _reason(request: Request) -> str:
    body = (await read_body(request, limit=10_000)).strip()
    if not body:
        return ""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media_type == "application/x-www-form-urlencoded":
            return (parse_qs(utf8(body)).get("reason") or [""])[0].strip()
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise RefusedInput('The body must be JSON such as {"reason": "..."}.', hint="Check the JSON.") from None
    reason = data.get("reason") if isinstance(data, dict) else None
    if reason is not None and not isinstance(reason, str):
        raise RefusedInput("`reason` must be a text.", hint='Send {"reason": "..."}.')
    return (reason or "").strip()


def _summary(contribution: Contribution) -> dict[str, Any]:
    return contribution.summary() | {"graph": contribution.graph if contribution.status == "accepted" else None}


def _results(report: ValidationReport, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "focus": r.focus,
            "path": r.path,
            "value": r.value,
            "severity": r.severity,
            "message": r.message(lang),
            "constraint": r.constraint,
        }
        for r in report.results
    ]


def report_response(request: Request, report: ValidationReport, lang: str, *, status: int) -> Response:
    """The report as JSON (a problem document), or as a standard sh:ValidationReport in Turtle or JSON-LD.
    Never a 406: the report answers what was sent, and JSON carries it to any client."""
    chosen = negotiation.best(REPORTS, request.headers.get("accept")) or JSON
    if chosen is not JSON:
        document = report_graph(report).serialize(format=chosen.rdflib)
        return Response(document, status_code=status, media_type=chosen.content_type, headers={"Vary": "Accept"})
    body: dict[str, Any] = {"conforms": report.conforms, "results": _results(report, lang), "text": report.text(lang)}
    if not report.conforms:
        body = {
            "type": problems.problem_type("does-not-conform"),
            "title": "Does not conform",
            "status": status,
            "detail": f"{len(report.results)} problem(s); nothing was stored.",
            **body,
        }
    media_type = problems.MEDIA_TYPE if not report.conforms else None
    return JSONResponse(body, status_code=status, media_type=media_type, headers={"Vary": "Accept"})
