"""Rendering of the small HTML pages: one Jinja environment, the reader's language, shared context."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup, escape

from govgraph.formats import HTML
from govgraph.namespaces import GID
from govgraph.web import negotiation
from govgraph.web.i18n import pick_language, texts

VARY = "Accept, Accept-Language"  # a page and its JSON twin are chosen by both
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "svg"]))


# IRIs from data may be anything (a contribution, a VALUES clause): only these schemes become links, since
# `javascript:`, `data:` and their kind run script when clicked. Checked on the raw text: a browser only
# removes characters before reading the scheme, so a text that begins with one of these keeps it.
_LINKABLE = re.compile(r"(?:https?|mailto):", re.IGNORECASE)


def entity_href(iri: str, lang: str) -> str | None:
    """Where a browser reads about an IRI: govgraph's own page for its entities, the IRI itself for a web or
    mail address, and None for anything else (shown as text, never as a link)."""
    if iri.startswith(GID):
        return f"/id/{quote(iri[len(GID) :])}?lang={lang}"
    return iri if _LINKABLE.match(iri) else None


def link(iri: str, text: object, lang: str) -> Markup:
    """`<a href>` to the IRI's page (entity_href) with `text`, or the text alone where it may not be a link."""
    href = entity_href(iri, lang)
    return Markup('<a href="{}">{}</a>').format(href, text) if href else escape(text)


_env.globals["link"] = link
_env.globals["entity_base"] = GID


def template(name: str) -> Template:
    return _env.get_template(name)


def language(request: Request) -> str:
    return pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))


def wants_html(request: Request, fmt: str | None) -> bool:
    """Whether a route with a page and JSON (`fmt` its PageFormat) answers with the page; 406 for neither."""
    return negotiation.choose(request, negotiation.PAGES, fmt) is HTML


def page_json(content: Any) -> JSONResponse:
    """The JSON a route with a page answers when the page is not wanted: it varies as the page does."""
    return JSONResponse(content, headers={"Vary": VARY})


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    others = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    page = _env.get_template(template).render(
        lang=lang,
        t=texts(lang),
        query_without_lang=(urlencode(others) + "&") if others else "",
        **context,
    )
    return HTMLResponse(page, status_code=status_code, headers={"Vary": VARY})
