"""Request bodies, read with a cap: nothing past the limit is ever held, and forms are parsed as they arrive."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

from govgraph.errors import PayloadTooLarge, QueryRefused, RefusedInput, UnsupportedMediaType

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


async def read_body(request: Request, *, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed `limit` bytes."""
    return b"".join([chunk async for chunk in capped_stream(request, limit)])


def utf8(body: bytes) -> str:
    """A body as text, which SPARQL and forms send in UTF-8; a 400 saying where it is not."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRefused(f"The body is not valid UTF-8 (byte {exc.start}).", hint="Send UTF-8 text.") from None


async def capped_stream(request: Request, limit: int) -> AsyncIterator[bytes]:
    """The body's chunks as they come; a 413 from the Content-Length alone, or once `limit` is passed."""
    declared = request.headers.get("content-length", "")
    # ASCII digits only (int() refuses "²"); more than 18 of them is over any limit, and past int()'s 4,300.
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        shown = f"{int(declared):,}" if len(declared) <= 18 else declared[:20] + "…"
        raise PayloadTooLarge(f"The body is {shown} bytes; the limit is {limit:,}.", hint="Send less.")
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The body exceeds the limit of {limit:,} bytes.", hint="Send less.")
        yield chunk


@dataclass
class FormField:
    name: str
    value: bytes
    filename: str | None = None  # set for a file part, even an empty one

    @property
    def text(self) -> str:
        return self.value.decode("utf-8", "replace")


async def form_fields(request: Request, *, limit: int) -> AsyncIterator[FormField]:
    """The fields of an HTML form (multipart or urlencoded), each as soon as it is complete, so that the
    caller can act on an early field (a token) before the rest is read; never more than `limit` bytes."""
    media_type, options = parse_options_header(request.headers.get("content-type"))
    if media_type == b"application/x-www-form-urlencoded":
        body = (await read_body(request, limit=limit)).decode("latin-1")  # percent-encoded: ASCII, as sent
        for name, value in parse_qsl(body, keep_blank_values=True, encoding="utf-8", errors="replace"):
            yield FormField(name, value.encode())
        return
    if media_type != b"multipart/form-data":
        raise UnsupportedMediaType(
            f"Content-Type {media_type.decode('latin-1') or '(none)'} is not a form.", hint=f"Use {FORM_TYPES[0]}."
        )
    if b"boundary" not in options:
        raise RefusedInput("The multipart body has no boundary.", hint="Send the form as a browser does.")
    parts = _Parts()
    try:
        parser = MultipartParser(options[b"boundary"], parts.callbacks())
        async for chunk in capped_stream(request, limit):
            parser.write(chunk)
            while parts.done:
                yield parts.done.pop(0)
        parser.finalize()
    except FormParserError as exc:
        raise RefusedInput(
            f"The form is not valid multipart data ({exc}).", hint="Send the form as a browser does."
        ) from None
    for done in parts.done:
        yield done


@dataclass
class _Parts:
    """What python-multipart's callbacks build: the part being read, and the parts finished."""

    done: list[FormField] = field(default_factory=list)
    _header: bytes = b""
    _value: bytes = b""
    _disposition: bytes = b""
    _data: bytearray = field(default_factory=bytearray)

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._begin,
            "on_part_data": lambda data, start, end: self._data.extend(data[start:end]),
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self._disposition, self._data = b"", bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if self._header.lower() == b"content-disposition":
            self._disposition = self._value
        self._header, self._value = b"", b""

    def _end(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise RefusedInput("A form part has no name.", hint="Send the form as a browser does.")
        filename = options.get(b"filename")
        self.done.append(
            FormField(
                options[b"name"].decode("utf-8", "replace"),
                bytes(self._data),
                None if filename is None else filename.decode("utf-8", "replace"),
            )
        )


class CloseUnreadBodies:
    """Answers sent before the request body was read to its end say `Connection: close`, so that the
    server stops receiving at once instead of reading and discarding the rest (a refused 300 MB upload)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        finished = False

        async def receiving() -> Message:
            nonlocal finished
            message = await receive()
            finished = finished or message["type"] == "http.disconnect" or not message.get("more_body", False)
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and not finished:
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receiving, sending)


def _has_body(scope: Scope) -> bool:
    headers = dict(scope["headers"])
    return b"transfer-encoding" in headers or headers.get(b"content-length", b"0") not in (b"0", b"")
