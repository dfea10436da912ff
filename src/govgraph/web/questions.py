"""Routes of the named questions: the catalogue and one route per question, each with its own parameters."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from govgraph.errors import InvalidParameter
from govgraph.formats import CSV, HTML, JSON, Format
from govgraph.formats.writers import spreadsheet_csv
from govgraph.labels import result_labels
from govgraph.questions import AS_OF, Catalogue, Question
from govgraph.rdf import Term
from govgraph.store.base import QueryResult
from govgraph.web import answer_cache, negotiation, problems
from govgraph.web.negotiation import PageFormat, format_values
from govgraph.web.pages import language, page_json, render, wants_html
from govgraph.web.services import Services, ServicesDep

FORMATS: tuple[Format, ...] = (JSON, CSV, HTML)  # an answer: JSON unless the client prefers CSV or a page
_RESERVED = {"lang", "format", "as_of", "sources"}

router = APIRouter(tags=["questions"])


@router.get(
    "/questions",
    summary="The catalogue of named questions",
    responses=problems.responses(422, ok=negotiation.PAGE_TYPES),
)
def list_questions(request: Request, services: ServicesDep, format: PageFormat = None) -> Response:
    lang = language(request)
    if wants_html(request, format):
        return render(request, "questions.html", questions=list(services.catalogue))
    return page_json({"questions": [describe(q, lang) for q in services.catalogue]})


def routes(catalogue: Catalogue) -> APIRouter:
    """The catalogue's routes: each question has its own, whose parameters the OpenAPI document lists."""
    questions = APIRouter(tags=["questions"])
    for question in catalogue:
        questions.add_api_route(
            f"/questions/{question.id}",
            answer,
            methods=["GET"],
            summary=question.title["en"],
            description=f"{question.description['en']}\n\n{question.description['es']}",
            openapi_extra={"parameters": openapi_parameters(question)},
            responses=problems.responses(400, 404, 406, 422, 503, ok=negotiation.media_types(FORMATS)),
            name=f"question:{question.id}",
        )
    questions.add_api_route("/questions/{question_id}", unknown_question, methods=["GET"], include_in_schema=False)
    return questions


def unknown_question(services: ServicesDep, question_id: str) -> Response:
    raise services.catalogue.not_found(question_id)  # every known question has its own route, before this one


def describe(question: Question, lang: str) -> dict[str, Any]:
    return {
        "id": question.id,
        "title": question.text(question.title, lang),
        "description": question.text(question.description, lang),
        "url": f"/questions/{question.id}",
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "example": p.example,
                "description": p.description.get(lang) or p.description["en"],
            }
            for p in question.params
        ],
        "as_of": question.as_of,
        "sources": question.sources is not None,
        "columns": {name: text.get(lang) or text["en"] for name, text in question.columns.items()},
    }


def openapi_parameters(question: Question) -> list[dict[str, Any]]:
    schema_types = {"integer": {"type": "integer"}, "date": {"type": "string", "format": "date"}}
    params = [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": f"{p.description['en']} / {p.description['es']}",
            "schema": {**schema_types.get(p.type, {"type": "string"}), **({"default": p.default} if p.default else {})},
            "example": p.example,
        }
        for p in question.params
    ]
    if question.as_of:
        params.append(
            {
                "name": "as_of",
                "in": "query",
                "required": False,
                "description": AS_OF.description["en"],
                "schema": {"type": "string", "format": "date"},
                "example": AS_OF.example,
            }
        )
    if question.sources:
        params.append(
            {
                "name": "sources",
                "in": "query",
                "required": False,
                "schema": {"type": "boolean"},
                "description": "Add a `sources` column citing each row. / Añade una columna de fuentes.",
            }
        )
    params += [
        {
            "name": "lang",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": ["en", "es"]},
            "description": "Language of labels and texts. / Idioma.",
        },
        {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(format_values(FORMATS))},
            "description": "json (default), csv or html; overrides Accept.",
        },
    ]
    return params


async def answer(request: Request, services: ServicesDep) -> Response:
    """The answer to the question whose route this is (its id is the path's last segment)."""
    question = services.catalogue.get(request.url.path.rsplit("/", 1)[-1])
    asked = request.query_params.get("format")
    if asked and asked.lower() not in format_values(FORMATS):  # its OpenAPI enum, answered as FastAPI would
        raise InvalidParameter(
            f"format={asked[:40]!r} is not available.",
            hint=f"Use one of: {', '.join(f.key for f in FORMATS)}.",
            details={"parameter": "format"},
        )
    fmt = negotiation.choose(request, FORMATS, asked).key

    def compute() -> Response:
        return _answer(request, services, question, fmt)

    if fmt == "html":
        return await run_in_threadpool(compute)
    return await answer_cache.serve(request, services.answers, compute)


def _answer(request: Request, services: Services, question: Question, fmt: str) -> Response:
    # govgraph's own fixed queries run in the server: the engine lets go of the GIL while it evaluates and
    # the time check holds for these shapes, and a worker round trip would cost more than most answers.
    store = services.store
    query = request.query_params
    sources = _flag(query.get("sources"), "sources")
    params = {k: v for k, v in query.items() if k not in _RESERVED}
    result = services.catalogue.ask(
        store,
        question.id,
        params,
        as_of=query.get("as_of"),
        sources=sources,
        timeout=services.settings.query_timeout,
        max_rows=services.settings.max_rows,
    )
    lang = language(request)
    names = result_labels(store, result, lang)
    headers = {"Vary": "Accept, Accept-Language"}
    if result.truncated:
        headers["X-Govgraph-Truncated"] = "true"
    if fmt == "csv":
        return Response(_csv(result, names), media_type=CSV.content_type, headers=headers)
    if fmt == "html":
        return _html(request, question, result, names, params, query, sources)
    return JSONResponse(_json(question, result, names, params, query.get("as_of"), lang), headers=headers)


_BOOLEAN = TypeAdapter(bool)


def _flag(raw: str | None, name: str) -> bool:
    """A boolean query parameter, read as FastAPI reads one (true/false, 1/0, yes/no, on/off): anything else,
    such as `null`, is a 422 rather than a quiet false. Absent or empty is false."""
    if not raw:
        return False
    try:
        return _BOOLEAN.validate_python(raw)
    except ValidationError:
        raise InvalidParameter(
            f"Parameter '{name}' must be true or false; got {raw[:40]!r}.",
            hint=f"For example {name}=true.",
            details={"parameter": name},
        ) from None


def _cell(term: Term | None, names: dict[str, str]) -> dict[str, Any] | None:
    if term is None:
        return None
    cell: dict[str, Any] = {"value": term.value, "type": term.kind}
    if term.kind == "uri" and term.value in names:
        cell["label"] = names[term.value]
    if term.lang:
        cell["lang"] = term.lang
    if term.datatype:
        cell["datatype"] = term.datatype
    return cell


def _json(
    question: Question, result: QueryResult, names: dict[str, str], params: dict[str, str], as_of: str | None, lang: str
) -> dict[str, Any]:
    return {
        "question": describe(question, lang),
        "params": params,
        "as_of": as_of if question.as_of else None,
        "columns": result.variables,
        "rows": [{v: _cell(t, names) for v, t in zip(result.variables, row, strict=True)} for row in result.rows],
        "truncated": result.truncated,
    }


def _is_iri(term: Term | None) -> bool:
    return term is not None and term.kind == "uri"


def _csv(result: QueryResult, names: dict[str, str]) -> bytes:
    """One column per variable, plus `<variable>_label` beside every column that holds IRIs."""
    iri_columns = {i for i, _ in enumerate(result.variables) if any(_is_iri(r[i]) for r in result.rows)}
    header: list[str] = []
    for i, v in enumerate(result.variables):
        header += [v, f"{v}_label"] if i in iri_columns else [v]
    lines: list[list[str]] = []
    for row in result.rows:
        line: list[str] = []
        for i, term in enumerate(row):
            line.append("" if term is None else term.value)
            if i in iri_columns:
                line.append("" if term is None else names.get(term.value, ""))
        lines.append(line)
    return spreadsheet_csv(header, lines)


def _html(
    request: Request,
    question: Question,
    result: QueryResult,
    names: dict[str, str],
    params: dict[str, str],
    query: Any,
    sources: bool,
) -> Response:
    lang = language(request)
    columns = [{"name": v, "description": (question.columns.get(v) or {}).get(lang, "")} for v in result.variables]
    rows: list[list[dict[str, Any] | None]] = []
    for row in result.rows:
        cells: list[dict[str, Any] | None] = []
        for v, term in zip(result.variables, row, strict=True):
            if term is None:
                cells.append(None)
            elif v == "sources":
                cells.append({"links": term.value.split()})
            elif term.kind == "uri":
                cells.append({"iri": term.value, "text": names.get(term.value, term.value)})
            else:
                cells.append({"text": term.value})
        rows.append(cells)
    base = {k: v for k, v in query.items() if k != "format"}
    return render(
        request,
        "question.html",
        question=question,
        columns=columns,
        rows=rows,
        truncated=result.truncated,
        values=params,
        as_of=query.get("as_of", ""),
        sources=sources,
        json_url=f"/questions/{question.id}?{urlencode({**base, 'format': 'json'})}",
        csv_url=f"/questions/{question.id}?{urlencode({**base, 'format': 'csv'})}",
    )
