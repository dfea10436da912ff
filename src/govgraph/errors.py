"""The error hierarchy: every expected failure has an HTTP status, a message that names the problem, and a hint."""

from __future__ import annotations

from typing import Any


class GovgraphError(Exception):
    """Base class. `status` is the HTTP status; CLI exit code 2 means "could not run".

    `code` is the error's stable name: its problem type is `https://w3id.org/govgraph/problems/{code}`, so a
    client may rely on it; `title` is words for people, and may be reworded.
    """

    status = 500
    title = "Internal error"
    code = "internal-error"
    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or {}

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class SettingsError(GovgraphError):
    status = 500
    title = "Invalid setting"
    code = "invalid-setting"


class RdfSyntaxError(GovgraphError):
    """Input RDF that does not parse; details carry file, line and column."""

    status = 400
    title = "RDF syntax error"
    code = "rdf-syntax-error"


class QuerySyntaxError(GovgraphError):
    status = 400
    title = "SPARQL syntax error"
    code = "sparql-syntax-error"


class QueryRefused(GovgraphError):
    """A query the read-only endpoint will not run (an update, an oversized text)."""

    status = 400
    title = "Query refused"
    code = "query-refused"


class QueryTimeout(GovgraphError):
    status = 503
    title = "Query time limit exceeded"
    code = "query-time-limit-exceeded"


class StoreMissing(GovgraphError):
    status = 503
    title = "Store not built"
    code = "store-not-built"


class StoreUnavailable(GovgraphError):
    status = 503
    title = "Store unavailable"
    code = "store-unavailable"


class EngineUnsupported(GovgraphError):
    """The remote SPARQL engine lacks a feature govgraph needs; the message names the feature."""

    status = 501
    title = "Not supported by the SPARQL engine"
    code = "not-supported-by-the-sparql-engine"


class NotFound(GovgraphError):
    status = 404
    title = "Not found"
    code = "not-found"


class NotAcceptable(GovgraphError):
    status = 406
    title = "Not acceptable"
    code = "not-acceptable"


class DataNotValid(GovgraphError):
    """The curated data breaks the shapes: a checked-and-found-problems outcome (CLI exit 1)."""

    status = 422
    title = "Data does not conform"
    code = "data-does-not-conform"
    exit_code = 1


class UnsupportedMediaType(GovgraphError):
    status = 415
    title = "Unsupported media type"
    code = "unsupported-media-type"


class PayloadTooLarge(GovgraphError):
    status = 413
    title = "Payload too large"
    code = "payload-too-large"


class InvalidParameter(GovgraphError):
    """A question's parameter is missing or has the wrong type; details name the parameter."""

    status = 422
    title = "Invalid parameter"
    code = "invalid-parameter"


class TooManyRequests(GovgraphError):
    status = 429
    title = "Too many requests"
    code = "too-many-requests"


class ServerBusy(GovgraphError):
    """Expensive work (validation) past its bound: the server's capacity, not the client's rate."""

    status = 503
    title = "Server busy"
    code = "server-busy"


class Conflict(GovgraphError):
    status = 409
    title = "Conflict"
    code = "conflict"


class Unauthorized(GovgraphError):
    status = 401
    title = "Token needed"
    code = "token-needed"


class Forbidden(GovgraphError):
    status = 403
    title = "Not allowed"
    code = "not-allowed"


class ReasonerUnavailable(GovgraphError):
    status = 503
    title = "Reasoner unavailable"
    code = "reasoner-unavailable"


class RefusedInput(GovgraphError):
    status = 400
    title = "Input refused"
    code = "input-refused"


class QuestionFileError(GovgraphError):
    status = 500
    title = "Invalid question file"
    code = "invalid-question-file"
