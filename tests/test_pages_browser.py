"""The HTML pages in a real browser: headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser

from tests.browser import Watched
from tests.fixtures import Server


def test_query_page_runs_an_example_with_yasgui(browser: Browser, server: Server) -> None:
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/sparql?lang=es")
    watched.page.wait_for_selector(".yasqe .CodeMirror")
    assert watched.page.locator("#plain-query").is_hidden()  # the editor replaced the plain form
    watched.page.click("text=¿Quién acogió el IGF en un año dado?")
    watched.page.wait_for_selector(".yasr table tbody tr")
    table = watched.page.locator(".yasr table").inner_text()
    assert "igf-2015" in table and "government-br" in table
    watched.shot("sparql-page")
    # a govgraph IRI in the results opens its page on this server, not on w3id.org
    with watched.page.context.expect_page() as opened:
        watched.page.locator(".yasr table a", has_text="government-br").first.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == f"{server.base_url}/id/government-br?lang=es"
    assert "Brasil" in opened.value.locator("h1").inner_text()
    assert watched.errors == []
    assert watched.hosts == {urlsplit(server.base_url).netloc}


def test_query_page_works_without_script(browser: Browser, server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.base_url}/sparql?lang=en")
    page.fill("#query", "SELECT ?forum WHERE { ?forum a gg:Forum } ORDER BY ?forum LIMIT 3")
    page.click("#plain-query button")
    page.wait_for_selector("table tbody tr")
    assert page.locator("table tbody tr").count() == 3
    context.close()


def test_question_page_in_spanish(browser: Browser, server: Server) -> None:
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/questions/who-hosted-igf?year=2015&lang=es")
    assert watched.page.locator("html").get_attribute("lang") == "es"
    assert "Gobierno de Brasil" in watched.page.locator("table").inner_text()
    watched.page.fill("input[name=year]", "2019")
    watched.page.click("form.params button")
    watched.page.wait_for_url("**year=2019**")
    assert "Gobierno de Alemania" in watched.page.locator("table").inner_text()
    watched.shot("question-page-es")
    assert watched.errors == []
    assert watched.hosts == {urlsplit(server.base_url).netloc}
