"""Security headers on every response, chosen by path in this one place: a strict Content-Security-Policy,
`X-Content-Type-Options: nosniff` and a Referrer-Policy. Plain ASGI, like FollowTheWriter: it runs on every
request, kept answers and problems included."""

from __future__ import annotations

import base64
import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govgraph.web.docs import INLINE_SCRIPT as DOCS_SCRIPT

# Inline <style> elements the vendored libraries add, allowed by their hashes rather than 'unsafe-inline'.
# Chromium's console names the hash of any new one (tests/test_security_browser.py fails on it).
# Cytoscape.js (the views): one rule for its container.
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
# YASR's column resizer (the /sparql results table): its table layout (a long rule, by its hash), and the
# cursor while a column is dragged.
YASR_LAYOUT = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
YASR_DRAG_STYLE = "*{cursor:col-resize!important}"
# Pages where people type a token, and /docs, whose "Try it out" takes one: never inside another site's
# frame, where a page on top could trick them into typing it (clickjacking).
TOKEN_PAGES = ("/contribute", "/contributions")
Headers = list[tuple[bytes, bytes]]


def source_hash(text: str) -> str:
    """The CSP source that allows one inline <script> or <style> whose text is exactly `text`."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def policy(frame_ancestors: str, *, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> str:
    """Everything from this server only; no inline script or style unless named by its hash."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(("script-src 'self'", *scripts)),
            " ".join(("style-src 'self'", *styles)),
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def _headers(csp: str) -> Headers:
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        # Other sites learn the origin a link came from, never the path and query (a researcher's SPARQL).
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
    ]


# Views are made to be framed by course pages anywhere; other pages only by govgraph's own (entity pages).
EMBED = _headers(policy("*", styles=(source_hash(CYTOSCAPE_STYLE),)))
TOKEN = _headers(policy("'none'"))
DOCS = _headers(policy("'none'", scripts=(source_hash(DOCS_SCRIPT),)))
SPARQL = _headers(policy("'self'", styles=(YASR_LAYOUT, source_hash(YASR_DRAG_STYLE))))
PAGES = _headers(policy("'self'"))


def headers_for(path: str) -> Headers:
    """The security headers of a response to a request for `path`."""
    if path.startswith("/embed/"):
        return EMBED
    if path == "/docs":
        return DOCS
    if path == "/sparql":
        return SPARQL
    if any(path == page or path.startswith(page + "/") for page in TOKEN_PAGES):
        return TOKEN
    return PAGES


class SecurityHeaders:
    """Adds headers_for(path) to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                message["headers"] = headers + [(name, value) for name, value in extra if name not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
