"""The interactive API documentation at /docs: Swagger UI from govgraph's own static files, never a CDN, so
it works on a closed classroom network and under the strict Content-Security-Policy (security.py)."""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER_UI = "/static/vendor/swagger-ui"

PAGE = bytes(
    get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="govgraph API",
        swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png",
        # No badge fetched from the public validator: the page talks to this server only.
        swagger_ui_parameters={"validatorUrl": None},
    ).body
)
# FastAPI writes Swagger UI's start-up as one inline script; the policy allows exactly this text by its hash.
_INLINE = re.search(rb"<script>(.*?)</script>", PAGE, re.DOTALL)
assert _INLINE is not None, "FastAPI's Swagger UI page starts Swagger UI from an inline script"
INLINE_SCRIPT = _INLINE.group(1).decode()


router = APIRouter()


@router.get("/docs", include_in_schema=False)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
