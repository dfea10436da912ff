"""Headless Chromium (Debian's) driven by Playwright, and a page wrapper that records errors and hosts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request, sync_playwright

ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # kept by CI as the screenshots of record
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium package is needed (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


# Every frame of a watched page reports what its Content-Security-Policy blocked.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
  window.reportViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} ${e.sample} on ${e.documentURI} ` +
    `(${e.sourceFile}:${e.lineNumber}:${e.columnNumber})`));"""


class Watched:
    """A page that records console errors, Content-Security-Policy violations and every host it talks to."""

    def __init__(self, browser: Browser):
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.hosts: set[str] = set()
        self.urls: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._requested)
        self.page.expose_function("reportViolation", lambda text: self.violations.append(text))
        self.page.add_init_script(REPORT_VIOLATIONS)

    def _requested(self, request: Request) -> None:
        self.urls.append(request.url)
        self.hosts.add(urlsplit(request.url).netloc)

    def requests_to(self, host: str) -> list[str]:
        return [urlsplit(u).path for u in self.urls if urlsplit(u).netloc == host]

    @staticmethod
    def artefact(name: str) -> Path:
        ARTEFACTS.mkdir(exist_ok=True)
        return ARTEFACTS / f"{name}.png"

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.artefact(name)), full_page=True)
