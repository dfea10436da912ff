"""Every kind of page under its Content-Security-Policy in headless Chromium: nothing the pages need is
blocked (no `securitypolicyviolation` event, no console error about the policy), and nothing else loads."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.browser import Watched
from tests.fixtures import Server

# Each page, and what shows it has done its work (scripts run, styles applied).
PAGES = {
    "/?lang=es": "main h1, main h2",
    "/questions?lang=en": "main a[href^='/questions/']",
    "/questions/who-hosted-igf?year=2015&sources=true&lang=en": "table tbody td a",
    "/sparql?format=html&lang=en&query=SELECT+%3Fs+WHERE+%7B+%3Fs+a+gg%3AForum+%7D+LIMIT+3": "tbody tr",
    "/id/icann?lang=es": "iframe.view",
    "/id/no-such-entity?lang=en": "form.search",
    "/search?q=icann&lang=en": "ul.hits a",
    "/releases?lang=en": "main h1",
    "/analysis?lang=en": "main h1",
    "/contribute?lang=en": "input[name=token]",
    "/embed/forum/igf?lang=en": "#graph[data-ready=true] canvas",
    "/embed/lineage/igf?lang=es": "#graph[data-ready=true] canvas",
    "/embed/entity/icann?format=svg": "svg",
}


def clean(watched: Watched) -> None:
    assert watched.violations == []
    assert [e for e in watched.errors if "Content Security Policy" in e] == []


@pytest.mark.parametrize("path", PAGES)
def test_page_works_under_its_policy(browser: Browser, server: Server, path: str) -> None:
    watched = Watched(browser)
    response = watched.page.goto(f"{server.base_url}{path}")
    assert response is not None and "default-src 'self'" in response.headers["content-security-policy"]
    watched.page.locator(PAGES[path]).first.wait_for()
    if path.startswith("/id/icann"):  # the framed view draws too
        watched.page.frame_locator("iframe.view").locator("#graph[data-ready=true] canvas").first.wait_for()
    clean(watched)
    assert watched.hosts == {urlsplit(server.base_url).netloc}


def test_query_page_runs_and_resizes_a_yasgui_table(browser: Browser, server: Server) -> None:
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/sparql?lang=en")
    watched.page.wait_for_selector(".yasqe .CodeMirror")
    watched.page.click("#examples a >> nth=0")
    watched.page.wait_for_selector(".yasr table tbody tr")
    grip = watched.page.locator(".grip-handle .grip-resizable").first.bounding_box()
    assert grip is not None and grip["width"] < 50  # the resizer's own styles applied
    watched.page.mouse.move(grip["x"] + 5, grip["y"] + 5)
    watched.page.mouse.down()
    watched.page.mouse.move(grip["x"] + 60, grip["y"] + 5)
    watched.page.mouse.up()
    clean(watched)


def test_api_docs_work_from_vendored_files(browser: Browser, server: Server) -> None:
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/docs")
    assert "govgraph" in watched.page.locator(".swagger-ui .info .title").inner_text()
    watched.page.locator("#operations-default-health_health_get").click()
    watched.page.click("text=Try it out")
    watched.page.click("text=Execute")
    assert watched.page.locator(".live-responses-table tbody .response-col_status").first.inner_text().strip() == "200"
    watched.shot("api-docs")
    clean(watched)
    assert watched.hosts == {urlsplit(server.base_url).netloc}


def test_contribution_form_posts_to_itself(browser: Browser, server: Server) -> None:
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/contribute?lang=en")
    watched.page.fill("input[name=token]", "not-a-token")
    watched.page.fill(
        "textarea[name=text]", "<https://w3id.org/govgraph/id/x> a <https://w3id.org/govgraph/ontology#Forum> ."
    )
    watched.page.click("form.params button")
    watched.page.wait_for_selector(".result .warning")
    clean(watched)
    assert [e for e in watched.errors if "401" not in e] == []


def test_a_policy_violation_is_seen(browser: Browser, server: Server) -> None:
    """The watch itself: an inline script the policy does not name is reported."""
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/releases")
    watched.page.evaluate(
        "() => { const s = document.createElement('script'); s.text = '1'; document.body.append(s); }"
    )
    watched.page.wait_for_function("() => true")
    watched.page.wait_for_timeout(200)
    assert any("script-src" in v for v in watched.violations)
