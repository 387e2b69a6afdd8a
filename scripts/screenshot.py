"""Take the README's screenshot of the graph page: docs/screenshot.png.

Builds the demo store (or uses --db), serves it, opens the page in headless
Chromium (Debian's package), searches an entity and shoots the graph with
its side panel open:

    python scripts/screenshot.py [--db proxygraph.db] [--query Soleimani] [--out docs/screenshot.png]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import proxygraph
from proxygraph.serve.harness import background_server, chromium_browser, find_chromium

ROOT = Path(__file__).resolve().parent.parent
DEMO = Path(proxygraph.__file__).resolve().parent / "data" / "demo"


def shoot(db: Path, out: Path, query: str, width: int, height: int) -> None:
    with background_server(db) as url, chromium_browser() as browser:
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        page.goto(url + "/")
        page.wait_for_function("() => window.proxygraph && window.proxygraph.ready", timeout=120_000)
        page.fill("#search", query)
        page.wait_for_selector("#search-results li[role=option]")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.proxygraph.panelEntity", timeout=60_000)
        page.locator("#search").blur()
        page.wait_for_timeout(400)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="a store to show (default: build the demo corpus into a temporary one)")
    ap.add_argument("--query", default="Soleimani")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=860)
    args = ap.parse_args(argv)
    if find_chromium() is None:
        print("chromium not found: apt-get install chromium (or set PROXYGRAPH_CHROMIUM)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "demo.db"
            with proxygraph.open(db) as g:
                g.ingest(DEMO)
        shoot(db, args.out, args.query, args.width, args.height)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
