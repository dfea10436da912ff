"""The catalogue of named questions (queries/*.rq): typed parameters, bound as RDF terms, time travel, sources.

Each file carries a YAML header in `#+` comment lines (see queries/README.md); the catalogue, the API
routes, the OpenAPI document and the CLI are all made from those headers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from govgraph.as_of import today
from govgraph.errors import InvalidParameter, NotFound, QuestionFileError
from govgraph.namespaces import GID, XSD
from govgraph.rdf import Term
from govgraph.sparql import analyse, bind_terms, iri_values
from govgraph.store.base import QueryResult, Store

PARAM_TYPES = ("entity", "string", "integer", "date", "language")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]{1,2000}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if isinstance(value, str):
        raise QuestionFileError(f"{where} needs an English and a Spanish text (en:, es:), not one string.")
    if not isinstance(value, dict) or not value.get("en") or not value.get("es"):
        raise QuestionFileError(f"{where} needs both `en` and `es`.")
    return {str(k): str(v) for k, v in value.items()}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    example: str
    description: dict[str, str]
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None

    def parse(self, raw: str) -> Term:
        """The RDF term for a raw value, or InvalidParameter naming this parameter and what it expects."""
        raw = raw.strip()
        try:
            return self._parse(raw)
        except (ValueError, OverflowError):
            raise InvalidParameter(
                f"Parameter '{self.name}' must be {self.expects}; got {raw[:80]!r}.",
                hint=f"For example: {self.name}={self.example}",
                details={"parameter": self.name},
            ) from None

    @property
    def expects(self) -> str:
        return {
            "entity": "an entity slug (such as 'igf') or an http(s) IRI",
            "string": "a text of at most 500 characters",
            "integer": "a whole number",
            "date": "a date written YYYY-MM-DD",
            "language": "a language code such as 'en' or 'es'",
        }[self.type]

    def _parse(self, raw: str) -> Term:
        if self.type == "entity":
            if _SLUG.match(raw):
                return Term("uri", GID + raw)
            if _IRI.match(raw):
                return Term("uri", raw)
            raise ValueError(raw)
        if self.type == "string":
            if not raw or len(raw) > 500:
                raise ValueError(raw)
            return Term("literal", raw)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?[0-9]{1,18}", raw):  # \d would take other scripts' digits too
                raise ValueError(raw)
            return Term("literal", str(int(raw)), datatype=XSD + "integer")
        if self.type == "date":
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
                raise ValueError(raw)
            return Term("literal", date.fromisoformat(raw).isoformat(), datatype=XSD + "date")
        if not _LANGUAGE.match(raw):
            raise ValueError(raw)
        return Term("literal", raw.lower())


AS_OF = Parameter(
    "as_of",
    "date",
    example="2019-06-01",
    description={
        "en": "Answer as of this date (YYYY-MM-DD); today when absent.",
        "es": "Responder a esta fecha (AAAA-MM-DD); hoy si se omite.",
    },
)


@dataclass(frozen=True)
class Question:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    sparql: str
    params: tuple[Parameter, ...] = ()
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    as_of: bool = False
    sources: str | None = None

    def text(self, field_: dict[str, str], lang: str) -> str:
        return field_.get(lang) or field_["en"]

    def bind(self, raw: Mapping[str, str], *, as_of: str | None = None) -> tuple[str, dict[str, Term]]:
        """The query text with the parameters' terms bound (sparql.bind_terms), and the terms themselves."""
        values: dict[str, Term] = {}
        for param in self.params:
            given = raw.get(param.name)
            if given is None or given == "":
                if param.required:
                    raise InvalidParameter(
                        f"Parameter '{param.name}' is required: {param.expects}.",
                        hint=f"For example: {param.name}={param.example}",
                        details={"parameter": param.name},
                    )
                given = param.default
            values[param.name] = param.parse(str(given))
        if self.as_of:
            values["as_of"] = AS_OF.parse(as_of or today())
        if not values:
            return self.sparql, values
        return bind_terms(self.sparql, values), values


def parse_question(path: Path) -> Question:
    text = path.read_text(encoding="utf-8")
    header = "\n".join(
        line[3:] if line.startswith("#+ ") else "" for line in text.splitlines() if line.startswith("#+")
    )
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise QuestionFileError(f"{path.name}: the #+ header is not valid YAML: {exc}") from None
    where = path.name
    params = tuple(
        Parameter(
            name=str(name),
            type=_param_type(spec, f"{where}: parameter {name}"),
            example=str(spec["example"]),
            description=_bilingual(spec.get("description"), f"{where}: parameter {name} description"),
            default=None if spec.get("default") is None else str(spec["default"]),
        )
        for name, spec in (meta.get("params") or {}).items()
    )
    question = Question(
        id=path.stem,
        title=_bilingual(meta.get("title"), f"{where}: title"),
        description=_bilingual(meta.get("description"), f"{where}: description"),
        sparql=text,
        params=params,
        columns={str(k): _bilingual(v, f"{where}: column {k}") for k, v in (meta.get("columns") or {}).items()},
        as_of=bool(meta.get("as_of", False)),
        sources=meta.get("sources"),
    )
    if analyse(question.sparql).where_group is None:  # parameters and as_of are bound in it
        raise QuestionFileError(f"{where}: the query has no WHERE group to bind its parameters in.")
    return question


def _param_type(spec: Any, where: str) -> str:
    if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES or "example" not in spec:
        raise QuestionFileError(f"{where} needs `type` (one of {', '.join(PARAM_TYPES)}) and `example`.")
    return str(spec["type"])


class Catalogue:
    """Every question in a folder, by id."""

    def __init__(self, queries_dir: Path):
        self.questions = {q.id: q for q in (parse_question(p) for p in sorted(queries_dir.glob("*.rq")))}

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise self.not_found(question_id) from None

    def not_found(self, question_id: str) -> NotFound:
        """The 404 for an unknown id, suggesting the closest known one."""
        close = difflib.get_close_matches(question_id, list(self.questions), n=1)
        hint = f"Did you mean '{close[0]}'?" if close else "GET /questions lists them all."
        return NotFound(f"Unknown question {question_id[:100]!r}. {hint}", hint="GET /questions lists them all.")

    def ask(
        self,
        store: Store,
        question_id: str,
        params: Mapping[str, str],
        *,
        as_of: str | None = None,
        sources: bool = False,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        question = self.get(question_id)
        sparql, _ = question.bind(params, as_of=as_of)
        result = store.query(sparql, timeout=timeout, max_rows=max_rows)
        if sources and question.sources and result.kind == "select":
            add_sources(store, result, question.sources)
        return result


def add_sources(store: Store, result: QueryResult, variable: str) -> None:
    """Add a `sources` column: the dct:source IRIs (space-separated) of the row's `variable` value."""
    if variable not in result.variables:
        raise QuestionFileError(f"The sources variable ?{variable} is not a result column.")
    index = result.variables.index(variable)
    subjects = {term for row in result.rows if (term := row[index]) is not None and term.kind == "uri"}
    cited: dict[str, list[str]] = {}
    if subjects:
        listing = iri_values(t.value for t in subjects)
        found = store.query(f"SELECT ?s ?src WHERE {{ VALUES ?s {{ {listing} }} ?s dct:source ?src }} ORDER BY ?src")
        for s, src in found.bound_rows():
            cited.setdefault(s.value, []).append(src.value)
    result.variables.append("sources")
    result.rows = [
        (*row, Term("literal", " ".join(cited.get(term.value, []))) if (term := row[index]) else None)
        for row in result.rows
    ]
