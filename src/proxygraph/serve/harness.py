"""Run the server in the background and point a headless browser at it.

Used by the end-to-end tests, ``bench/web_graph.py`` and
``scripts/screenshot.py``. The browser is the system's Chromium (Debian's
package ``chromium``), driven by the Python ``playwright`` package with its
executable path: nothing downloads a browser.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def find_chromium() -> str | None:
    """The Chromium executable: $PROXYGRAPH_CHROMIUM, else chromium on PATH, else None."""
    env = os.environ.get("PROXYGRAPH_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def background_server(db: str | Path, *, host: str = "127.0.0.1", port: int = 0, timeout: float = 30.0):
    """Serve `db` with uvicorn in a thread; yields the base URL (port 0 picks a free port)."""
    import uvicorn

    from .app import LOOPBACK_HOSTS, create_app

    app = create_app(db, allowed_hosts=LOOPBACK_HOSTS)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="proxygraph-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium_browser(executable: str | None = None):
    """A headless Chromium under Playwright, launched from the system's executable."""
    from playwright.sync_api import sync_playwright

    executable = executable or find_chromium()
    if not executable:
        raise RuntimeError("no Chromium found: apt-get install chromium (or set PROXYGRAPH_CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
