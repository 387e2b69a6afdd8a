"""End to end in a real headless Chromium: the page over a real uvicorn server.

Chromium is Debian's package (``apt-get install chromium``), driven by the
Python ``playwright`` package through its executable path; nothing here
downloads a browser. Without Chromium these tests are skipped. The demo
store is conftest's session-wide ``demo_db`` (the bundled corpus, ingested once).
"""
import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("playwright.sync_api")

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

import proxygraph  # noqa: E402
from proxygraph.serve.harness import background_server, chromium_browser, find_chromium  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None,
                       reason="Chromium is not installed: apt-get install chromium (or set PROXYGRAPH_CHROMIUM)"),
]

PAYLOAD = "window.__pwned=1"
HOSTILE = {
    "title": f"Hezbollah <script>{PAYLOAD}</script><img src=x onerror=\"{PAYLOAD}\">",
    "url": f"javascript:{PAYLOAD}",
    "date": "2020-01-15",
    "publisher": f"<b onmouseover=\"{PAYLOAD}\">Hostile Wire</b>",
    "text": (
        f"Iran's Quds Force armed Hezbollah in 2019, according to officials <script>{PAYLOAD}</script>.\n\n"
        f"The Quds Force trained Hezbollah fighters in Lebanon <img src=x onerror=\"{PAYLOAD}\"> last year.\n\n"
        f"Hezbollah <svg onload=\"{PAYLOAD}\"></svg> receives money from Iran."
    ),
}


def _ingest(path: Path, *sources) -> Path:
    with proxygraph.open(path) as g:
        report = g.ingest(*sources)
    assert not report.errors, report.errors
    return path


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    src = folder / "hostile.jsonl"
    src.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return _ingest(folder / "hostile.db", src)


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


@pytest.fixture(scope="module")
def demo_url(demo_db):
    with background_server(demo_db) as url:
        yield url


class Watch:
    """Console errors, page errors, CSP violations and dialogs seen by a page."""

    def __init__(self, page):
        self.problems = []
        self.dialogs = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)


def _open(browser, url, **context):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, **context)
    page = ctx.new_page()
    watch = Watch(page)
    page.goto(url + "/")
    try:
        page.wait_for_function("() => window.proxygraph && window.proxygraph.ready", timeout=60_000)
    except PlaywrightTimeout:
        ctx.close()
        pytest.fail(f"the page did not draw the graph; console: {watch.problems}")
    return ctx, page, watch


def _search(page, text):
    page.fill("#search", text)
    page.wait_for_selector("#search-results li[role=option]", timeout=15_000)
    page.keyboard.press("Enter")


def test_search_click_node_and_read_evidence(browser, demo_url):
    import httpx

    hit = httpx.get(demo_url + "/api/entities", params={"q": "Soleimani"}).json()["items"][0]
    detail = httpx.get(f"{demo_url}/api/entities/{hit['id']}").json()
    evidence = {" ".join(c["evidence"].split()) for cs in detail["claims"].values() for c in cs}
    assert evidence, "the demo store has claims about Soleimani"

    ctx, page, watch = _open(browser, demo_url)
    try:
        _search(page, "Soleimani")
        page.wait_for_function("(id) => window.proxygraph.panelEntity === id", arg=hit["id"])
        # close the panel, then open it again by clicking the node itself on the canvas
        page.click("#panel-close")
        page.wait_for_function("() => window.proxygraph.panelEntity === null")
        pos = page.evaluate("(id) => window.proxygraph.nodeDOMPosition(id)", hit["id"])
        assert pos is not None
        page.mouse.click(pos["x"], pos["y"])
        page.wait_for_function("(id) => window.proxygraph.panelEntity === id", arg=hit["id"], timeout=15_000)

        assert "Soleimani" in page.inner_text("#entity-name")
        shown = {" ".join(t.split()) for t in page.locator("#panel .evidence").all_inner_texts()}
        assert shown & evidence, "an evidence sentence from the API is in the panel"
        assert page.locator("#panel .timeline").count() == 1

        # the evidence links to the document with that sentence highlighted
        first = page.locator("#panel .claim").first
        quote = " ".join(first.locator(".evidence").inner_text().split())
        first.locator("a.source").click()
        page.wait_for_selector("#doc-view:not([hidden]) #doc-target", timeout=15_000)
        highlighted = " ".join(page.evaluate(
            "() => [...document.querySelectorAll('#doc-text mark.target')].map((m) => m.textContent).join('')").split())
        assert quote and quote in highlighted
        assert page.locator("#doc-target").is_visible()
        page.keyboard.press("Escape")
        page.wait_for_selector("#doc-view", state="hidden")
        assert not watch.problems, watch.problems
    finally:
        ctx.close()


def test_click_a_link_to_read_its_claims(browser, demo_url):
    ctx, page, watch = _open(browser, demo_url)
    try:
        link = page.evaluate("() => window.proxygraph.clickableLink()")
        assert link is not None
        page.mouse.click(link["x"], link["y"])
        page.wait_for_function("() => window.proxygraph.panelLink", timeout=15_000)
        key = page.evaluate("() => window.proxygraph.panelLink")
        assert key == f"link:{link['source']}|{link['predicate']}|{link['target']}"
        assert link["predicate"].replace("_", " ") in page.inner_text("#link-title")
        evidence = page.locator("#panel .evidence").all_inner_texts()
        assert evidence and all(t.strip() for t in evidence)
        # following the evidence and closing the document returns to the link
        page.locator("#panel a.source").first.click()
        page.wait_for_selector("#doc-view:not([hidden]) #doc-target", timeout=15_000)
        page.click("#doc-close")
        page.wait_for_selector("#doc-view", state="hidden")
        assert page.evaluate("() => window.proxygraph.panelLink") == key
        # the state lives in the URL: back reopens the document, forward closes it again
        page.go_back()
        page.wait_for_selector("#doc-view:not([hidden]) #doc-target", timeout=15_000)
        page.go_forward()
        page.wait_for_selector("#doc-view", state="hidden")
        assert not watch.problems, watch.problems
    finally:
        ctx.close()


def test_filters_hide_links_by_family_and_year(browser, demo_url):
    ctx, page, watch = _open(browser, demo_url)
    try:
        count = "() => window.proxygraph.visibleLinks()"
        total = page.evaluate(count)
        assert total > 100
        for box in page.locator("#family-filters input").all():
            if box.get_attribute("value") != "support":
                box.uncheck()
        support_only = page.evaluate(count)
        assert 0 < support_only < total
        page.fill("#year-from", "2015")
        page.uncheck("#undated")
        page.fill("#year-to", "2020")
        page.press("#year-to", "Enter")
        page.locator("#year-to").blur()
        dated = page.evaluate(count)
        assert dated < support_only
        assert "shown" in page.inner_text("#stats")
        assert not watch.problems, watch.problems
    finally:
        ctx.close()


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_hostile_article_runs_nothing(browser, hostile_db, csp):
    """Script and event-handler payloads in a title, text, URL and publisher show as text and never run,
    with the CSP on and, to show the page does not depend on it, with the CSP off."""
    with background_server(hostile_db) as url:
        ctx, page, watch = _open(browser, url, bypass_csp=(csp == "bypassed"))
        try:
            _search(page, "Hezbollah")
            page.wait_for_function("() => window.proxygraph.panelEntity !== null", timeout=15_000)
            page.wait_for_selector("#panel .evidence")
            panel = page.inner_text("#panel")
            assert f"<script>{PAYLOAD}</script>" in panel
            assert f'<img src=x onerror="{PAYLOAD}">' in panel

            page.locator("#panel a.source").first.click()
            page.wait_for_selector("#doc-view:not([hidden]) #doc-target", timeout=15_000)
            assert page.inner_text("#doc-title") == HOSTILE["title"]
            doc = page.inner_text("#doc-text")
            assert f"<script>{PAYLOAD}</script>" in doc and f'<svg onload="{PAYLOAD}"></svg>' in doc
            assert "Hostile Wire" in page.inner_text("#doc-meta")

            page.wait_for_timeout(300)
            assert page.evaluate("() => typeof window.__pwned") == "undefined"
            injected = page.evaluate(
                "() => document.querySelectorAll('#panel script, #panel img, #panel svg b, #doc-view script,"
                " #doc-view img, #doc-view b, a[href^=\"javascript:\"]').length")
            assert injected == 0
            assert page.locator("#doc-text svg").count() == 0
            assert not watch.dialogs
            assert not watch.problems, watch.problems
        finally:
            ctx.close()
