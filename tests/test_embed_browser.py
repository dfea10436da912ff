"""The embeddable views in headless Chromium, framed by a course page served from another port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.browser import Watched
from tests.fixtures import Server, free_port

VIEWS = {
    "entity-icann-es": "/embed/entity/icann?lang=es&depth=2",
    "forum-igf": "/embed/forum/igf?lang=en",
    "lineage-igf": "/embed/lineage/igf?lang=en",
    "stewardship-es": "/embed/stewardship?lang=es",
}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def course(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A course page on its own port that frames every view, as an educator's page would."""
    folder: Path = tmp_path_factory.mktemp("course")
    frames = "\n".join(
        f'<h2>{name}</h2><iframe id="{name}" src="{server.base_url}{path}" width="100%" height="640"></iframe>'
        for name, path in VIEWS.items()
    )
    head = '<!doctype html><title>Course</title><link rel="icon" href="data:,">'
    (folder / "index.html").write_text(f"{head}<h1>Who governs?</h1>{frames}")
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
    httpd.server_close()


def test_views_load_in_iframes_of_another_site(browser: Browser, server: Server, course: str) -> None:
    watched = Watched(browser)
    watched.page.set_viewport_size({"width": 1100, "height": 900})
    watched.page.goto(course)
    for name in VIEWS:
        frame = watched.page.frame_locator(f"#{name}")
        frame.locator("#graph[data-ready=true] canvas").first.wait_for()
        assert frame.locator(".legend li").count() >= 2
        assert frame.locator(".alternative tbody tr").count() >= 2
        assert "iframe" in frame.locator("#embed-code").input_value()
        watched.page.locator(f"#{name}").scroll_into_view_if_needed()
        watched.page.locator(f"#{name}").screenshot(path=str(watched.artefact(f"embed-{name}")))
    assert watched.errors == []
    assert watched.hosts == {urlsplit(course).netloc, urlsplit(server.base_url).netloc}
    course_host = urlsplit(course).netloc
    assert watched.requests_to(course_host) == ["/index.html"]  # the views fetch everything from govgraph


def test_keyboard_walks_the_nodes_and_opens_one(browser: Browser, server: Server) -> None:
    watched = Watched(browser)
    watched.page.goto(f"{server.base_url}/embed/forum/igf?lang=en")
    watched.page.wait_for_selector("#graph[data-ready=true]")
    watched.page.focus("#graph")
    watched.page.keyboard.press("n")
    first = watched.page.locator("#graph-detail").inner_text()
    watched.page.keyboard.press("n")
    second = watched.page.locator("#graph-detail").inner_text()
    assert first and second and first != second
    labels = {
        n["label"]
        for n in watched.page.evaluate("JSON.parse(document.getElementById('view-data').textContent)")["nodes"]
    }
    assert any(second.startswith(label) for label in labels)
    assert "/id/" in watched.page.locator("#graph-detail a").get_attribute("href")  # click-through link
    watched.page.keyboard.press("+")
    with watched.page.expect_navigation():
        watched.page.keyboard.press("Enter")
    assert "/id/" in watched.page.url
    assert watched.errors == []


def test_png_export_downloads_a_picture(browser: Browser, server: Server) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server.base_url}/embed/lineage/igf?lang=es")
    page.wait_for_selector("#graph[data-ready=true]")
    with page.expect_download() as download:
        page.click("#png-export")
    path = download.value.path()
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    context.close()


def test_without_javascript_the_static_drawing_and_table_remain(browser: Browser, server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.base_url}/embed/stewardship?lang=en")
    assert page.locator("#graph svg.static-view a").count() >= 20
    assert page.locator(".alternative tbody tr").count() >= 20
    page.screenshot(path=str(Watched.artefact("embed-stewardship-no-script")), full_page=False)
    context.close()
