"""How the graph page holds up at 5,000 nodes, in headless Chromium.

Builds a synthetic store (a scale-free network of N entities, about 1.5
links each, one to three source documents per link, some hedged, some
dated), serves it with the real server, opens the page in Debian's
Chromium and prints:

- the server's /api/graph time, cold (layout computed) and warm, and its size;
- time to first render: navigation start -> graph drawn, as the page measures it;
- click -> panel: a node is clicked on the canvas until its profile, claims
  and timeline are in the side panel (median and worst of several nodes);
- filter -> redraw: unticking a predicate family until the graph is redrawn;
- the time of one full redraw (what panning and zooming cost), zoomed out and in.

Numbers only; nothing here asserts a time. Run from a checkout with the
serve and test extras installed and chromium on PATH:

    python bench/web_graph.py [--nodes 5000] [--keep /tmp/web5k.db]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from proxygraph.model import FAMILY_OF
from proxygraph.resolve.normalize import norm, skeleton
from proxygraph.serve.harness import background_server, chromium_browser, find_chromium
from proxygraph.store import Store

SYLLABLES = ["al", "ka", "ta", "ib", "haz", "ra", "qu", "ds", "sa", "rya", "mah", "di", "ja", "ish", "ba", "dr",
             "nu", "jaba", "zai", "nab", "fat", "im", "yun", "asa", "ib", "hash", "id", "sha", "bi", "ban"]
KINDS = {"ORG": ["Brigade", "Battalion", "Front", "Movement", "Company", "Foundation", "Corps", "Council"],
         "PERSON": [""], "GPE": ["Province", "State", "City"], "LOC": ["Base", "Airport", "Port"]}
PREDICATES_BY_PAIR = {
    ("ORG", "ORG"): ["supports", "funds", "arms", "trains", "commands", "part_of", "allied_with", "opposes"],
    ("GPE", "ORG"): ["supports", "funds", "arms", "designated", "opposes"],
    ("PERSON", "ORG"): ["leads", "member_of", "founded"],
    ("ORG", "GPE"): ["operates_in"], ("ORG", "LOC"): ["operates_in", "attacked"],
    ("PERSON", "PERSON"): ["succeeded", "allied_with"], ("ORG", "PERSON"): ["killed", "supports"],
}


def _name(rng: random.Random, etype: str, seen: set) -> str:
    while True:
        word = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()  # noqa: E731
        kind = rng.choice(KINDS[etype])
        name = f"{word()} {word()}" if etype == "PERSON" else f"{word()} {kind}".strip()
        if name not in seen:
            seen.add(name)
            return name


def build_store(path: Path, n_nodes: int, seed: int = 7) -> dict:
    """A scale-free claim graph written straight into a fresh store; returns its counts."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    types = ["GPE"] * 30 + rng.choices(["ORG", "PERSON", "GPE", "LOC"], weights=[50, 40, 5, 5], k=n_nodes - 30)
    seen: set[str] = set()
    ents = [(f"e{i:05d}", _name(rng, t, seen), t) for i, t in enumerate(types)]
    # preferential attachment: each new node links to one or two earlier ones, hubs more likely
    targets: list[int] = list(range(30))
    pairs: set[tuple[int, int, str]] = set()
    for i in range(30, n_nodes):
        for _ in range(1 if rng.random() < 0.5 else 2):
            j = rng.choice(targets)
            a, b = (i, j) if rng.random() < 0.5 else (j, i)
            options = PREDICATES_BY_PAIR.get((types[a], types[b])) or PREDICATES_BY_PAIR.get((types[b], types[a]))
            if options is None:
                options = ["supports"]
            elif (types[a], types[b]) not in PREDICATES_BY_PAIR:
                a, b = b, a
            pairs.add((a, b, rng.choice(options)))
            targets += [i, j]
    n_docs = max(50, n_nodes // 15)
    docs = [[] for _ in range(n_docs)]
    claims, edges = [], []
    for a, b, pred in sorted(pairs):
        sources = rng.sample(range(n_docs), k=rng.choices([1, 2, 3], weights=[70, 20, 10])[0])
        hedged = rng.random() < 0.15
        year = rng.randint(1990, 2024) if rng.random() < 0.3 else None
        sa, sb = ents[a][1], ents[b][1]
        for d in sources:
            evidence = f"{sa} {'reportedly ' if hedged else ''}{pred.replace('_', ' ')} {sb}" + (f" in {year}." if year else ".")
            docs[d].append((a, b, pred, hedged, year, evidence))
        edges.append((ents[a][0], pred, ents[b][0], len(sources), len(sources) if hedged else 0, len(sources),
                      str(year) if year else None))
    with Store(path) as store:
        c = store.conn
        c.execute("BEGIN")
        c.executemany("INSERT INTO entities (id, name, type, qid, kb_id, description, created_at) VALUES (?,?,?,?,?,?,?)",
                      [(eid, name, t, None, None, "", now) for eid, name, t in ents])
        c.executemany("INSERT INTO aliases (entity_id, alias, norm, skel, source, doc_id) VALUES (?,?,?,?,?,?)",
                      [(eid, name, norm(name), skeleton(name), "text", None) for eid, name, _ in ents])
        for d, rows in enumerate(docs):
            doc_id = f"d{d:05d}"
            text, spans = "", []
            for row in rows:
                start = len(text)
                text += row[5] + " "
                spans.append((row, start, start + len(row[5])))
            c.execute("INSERT INTO documents (id, title, url, date, publisher, source, text, meta, ingested_at, n_entities,"
                      " n_claims) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (doc_id, f"Synthetic report {d}", None, f"20{10 + d % 15}-01-01", "bench", None, text or ".", "{}",
                       now, 0, len(rows)))
            for (a, b, pred, hedged, year, evidence), start, end in spans:
                claims.append((f"c{len(claims):07d}", doc_id, ents[a][0], pred, ents[b][0], int(hedged), 0, None,
                               str(year) if year else None, None, None, evidence, start, end, "bench", 0.5))
        c.executemany("INSERT INTO claims (id, doc_id, subject_id, predicate, object_id, hedged, negated, attributed_to,"
                      " time_start, time_end, quantity, evidence, start, end, rule, confidence)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", claims)
        c.executemany("INSERT INTO edges (subject_id, predicate, object_id, n_claims, n_hedged, n_docs, n_denied,"
                      " first_time, last_time) VALUES (?,?,?,?,?,?,0,?,?)",
                      [(s, p, o, nc, nh, nd, t, t) for s, p, o, nc, nh, nd, t in edges])
        c.execute("COMMIT")
    return {"entities": n_nodes, "links": len(edges), "claims": len(claims), "documents": n_docs,
            "families": sorted({FAMILY_OF[p] for _, p, _, *_ in edges})}


def _ms(x: float) -> str:
    return f"{x:,.0f} ms"


def run(db: Path, clicks: int) -> None:
    with background_server(db) as url:
        t = time.perf_counter()
        r = httpx.get(url + "/api/graph", timeout=300)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        r = httpx.get(url + "/api/graph", headers={"Accept-Encoding": "gzip"}, timeout=300)
        warm = time.perf_counter() - t
        data = r.json()
        print(f"/api/graph          cold {_ms(cold * 1000)} (layout of {len(data['nodes']):,} nodes), "
              f"warm {_ms(warm * 1000)}, {len(r.content) / 1e6:.1f} MB JSON, "
              f"{int(r.headers.get('content-length') or 0) / 1e6 or len(r.content) / 1e6:.2f} MB sent")

        with chromium_browser() as browser:
            ctx = browser.new_context(viewport={"width": 1440, "height": 900})
            page = ctx.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            t = time.perf_counter()
            page.goto(url + "/")
            page.wait_for_function("() => window.proxygraph && window.proxygraph.ready", timeout=300_000)
            wall = time.perf_counter() - t
            ready = page.evaluate("() => window.proxygraph.readyAt")
            data_at = page.evaluate("() => window.proxygraph.dataAt")
            print(f"first render        {_ms(ready)} after navigation start (data in at {_ms(data_at)}, "
                  f"drawing {_ms(ready - data_at)}); {wall:.2f} s wall clock")

            # click -> panel, on hubs and on leaves, at a zoom where the node is visible
            rng = random.Random(1)
            picks = [n["id"] for n in data["nodes"][:clicks // 2]]
            picks += rng.sample([n["id"] for n in data["nodes"][clicks:]], clicks - len(picks))
            latencies, to_event = [], []
            for nid in picks:
                page.evaluate("(id) => window.proxygraph.focus(id)", nid)
                page.wait_for_timeout(100)
                pos = page.evaluate("(id) => window.proxygraph.nodeDOMPosition(id)", nid)
                page.evaluate("() => { window.__t0 = performance.now(); }")
                page.mouse.click(pos["x"], pos["y"])
                page.wait_for_function("(id) => window.proxygraph.panelEntity === id", arg=nid, timeout=60_000)
                latencies.append(page.evaluate("() => window.proxygraph.panelAt - window.__t0"))
                to_event.append(page.evaluate("() => window.proxygraph.clickAt - window.__t0"))
                page.click("#panel-close")
            latencies.sort()
            print(f"click -> panel      median {_ms(statistics.median(latencies))}, "
                  f"worst {_ms(latencies[-1])} over {len(latencies)} nodes (hubs and leaves); "
                  f"the graph library reports the click after {_ms(statistics.median(to_event))}")

            page.evaluate("() => { window.__t0 = performance.now(); }")
            page.locator("#family-filters input[value=support]").uncheck()
            page.wait_for_function("() => window.proxygraph.drawnAt > window.__t0 && window.proxygraph.filterAt > window.__t0")
            page.wait_for_timeout(200)
            filt = page.evaluate("() => window.proxygraph.drawnAt - window.__t0")
            page.locator("#family-filters input[value=support]").check()
            print(f"filter -> redraw    {_ms(filt)} (untick 'support', {len(data['edges']):,} links re-filtered)")

            page.evaluate("(id) => window.proxygraph.focus(id)", data["nodes"][0]["id"])
            zoomed_in = page.evaluate("() => window.proxygraph.redrawTimes(10)")
            page.evaluate("() => window.proxygraph.fit()")
            zoomed_out = page.evaluate("() => window.proxygraph.redrawTimes(10)")
            print(f"one full redraw     zoomed out (all {len(data['nodes']):,} nodes in view) median "
                  f"{_ms(statistics.median(zoomed_out))} (~{1000 / max(statistics.median(zoomed_out), 1):.0f} fps); "
                  f"zoomed in {_ms(statistics.median(zoomed_in))}")
            # a real pan (drag) and zoom (wheel): links are hidden while moving when there are many
            box = page.locator("#graph").bounding_box()
            cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.evaluate("() => { window.proxygraph.drawTimes.length = 0; }")
            page.mouse.move(cx, cy)
            page.mouse.down()
            page.mouse.move(cx + 300, cy + 150, steps=30)
            page.mouse.up()
            page.wait_for_timeout(300)
            drag = page.evaluate("() => window.proxygraph.drawTimes.slice()")
            page.evaluate("() => { window.proxygraph.drawTimes.length = 0; }")
            for _ in range(8):
                page.mouse.wheel(0, -200)
                page.wait_for_timeout(40)
            page.wait_for_timeout(500)
            wheel = page.evaluate("() => window.proxygraph.drawTimes.slice()")
            for what, times in (("pan (drag)", drag), ("zoom (wheel)", wheel)):
                if times:
                    print(f"{what:<19} {len(times)} frames, median {_ms(statistics.median(times))}, "
                          f"worst {_ms(max(times))} per frame")
            if errors:
                print("page errors:", *errors, sep="\n  ")
            ctx.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--clicks", type=int, default=10, help="nodes to click for the panel latency")
    ap.add_argument("--keep", type=Path, help="build the store here and keep it (default: a temporary file)")
    args = ap.parse_args(argv)
    if find_chromium() is None:
        print("chromium not found: apt-get install chromium (or set PROXYGRAPH_CHROMIUM)", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"headless Chromium with software rendering (--disable-gpu)")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "web.db"
        if db.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        t = time.perf_counter()
        counts = build_store(db, args.nodes)
        print(f"store               {counts['entities']:,} entities, {counts['links']:,} links, "
              f"{counts['claims']:,} claims, {counts['documents']:,} documents (built in {time.perf_counter() - t:.1f} s)")
        run(db, args.clicks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
