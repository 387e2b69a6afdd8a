"""Scale: query latency on a 1,000,000-claim store, ingest memory, re-ingest speed.

    python bench/scale.py [--claims 1000000] [--entities 50000] [--store PATH] [--skip-memory] [--skip-queries]

Queries. Generates a store through the real schema (``Store`` runs the
migrations) with SQL ``executemany``: documents, entities with aliases
(``norm``/``skeleton`` keys as the resolver writes them), mentions, claims
with ids from ``claim_id`` and the edge summary aggregated as the writer
aggregates it. Entity popularity is Zipf-like, so there are hubs with tens of
thousands of claims next to a long tail. Then times the real query functions
of ``proxygraph.query`` -- ``entity_detail`` (``show``), ``claims`` with
filters, and ``ego(depth=2)`` -- on entities drawn half uniformly and half by
number of claims, and prints p50/p95/max per query. Target: p95 < 50 ms.

Memory. Ingests 1,000 and 10,000 generated short documents (sentences of the
bundled corpus recombined, every text unique), each in a fresh single
process doing everything (read, extract, resolve, store), and reports peak
RSS and RSS after every 1,000 documents. Target: peak at 10,000 within 10%
of the peak at 1,000.

Re-ingest. Ingests the 10,000-document folder again into its store: all
documents known. Target: at least 1,000 documents/s.

Writes the tables to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import mib, synthetic_corpus, table, write_section

P95_TARGET_MS = 50.0

FIRST = ["Ali", "Hassan", "Mohammad", "Reza", "Qassem", "Abu", "Hussein", "Mahdi", "Jafar", "Karim", "Nasser",
         "Omar", "Yusuf", "Ibrahim", "Samir", "Tariq", "Walid", "Zaid", "Faisal", "Hamid", "Majid", "Saeed",
         "Khalil", "Rashid", "Adel", "Bashir", "Ghazi", "Imad", "Jamal", "Louay"]
LAST = ["Soleimani", "Nasrallah", "Muhandis", "Khazali", "Zahedi", "Musavi", "Hejazi", "Shahlai", "Fallahzadeh",
        "Kawtharani", "Badr", "Amiri", "Fayyad", "Hamidawi", "Saburi", "Bakhtiari", "Ghasemi", "Karimi", "Rahimi",
        "Tehrani", "Haidari", "Jabiri", "Kadhimi", "Maliki", "Sadr", "Asadi", "Daqduq", "Mughniyeh", "Safi", "Qaani"]
ORG_A = ["Islamic", "Popular", "Revolutionary", "National", "Martyrs", "Resistance", "Holy", "Free", "United",
         "Southern", "Northern", "Eastern", "Western", "Supreme", "Victory", "Vanguard", "Liberation", "Defense"]
ORG_B = ["Brigade", "Front", "Movement", "Battalion", "Council", "Committee", "Foundation", "Company", "Army",
         "Forces", "League", "Party", "Guard", "Network", "Organization", "Bank", "Trading", "Exchange"]
ORG_C = ["of Kata'ib", "of Asa'ib", "al-Haq", "al-Nujaba", "Sayyid al-Shuhada", "of the Imam", "of Lebanon",
         "of Iraq", "of Yemen", "of Syria", "of Bahrain", "al-Khorasani", "al-Abbas", "Zainabiyoun", "Fatemiyoun"]
PLACES = ["Basra", "Najaf", "Karbala", "Aleppo", "Homs", "Sanaa", "Hodeidah", "Beirut", "Tyre", "Sidon", "Mosul",
          "Erbil", "Kirkuk", "Deir", "Raqqa", "Idlib", "Daraa", "Qom", "Mashhad", "Tabriz", "Manama", "Muscat"]


# -- generating the store --------------------------------------------------------------

def _names(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` unique (name, type) pairs."""
    out, seen = [], set()
    kinds = ["PERSON"] * 40 + ["ORG"] * 45 + ["GPE"] * 10 + ["LOC"] * 5
    k = 0
    while len(out) < n:
        t = rng.choice(kinds)
        if t == "PERSON":
            name = f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}"
        elif t == "ORG":
            name = f"{rng.choice(ORG_A)} {rng.choice(ORG_B)} {rng.choice(ORG_C)}"
        else:
            name = f"{rng.choice(PLACES)} {rng.choice(['Province', 'District', 'Governorate', 'Region', 'City'])}"
        if name in seen:
            k += 1
            name = f"{name} {k}"
        seen.add(name)
        out.append((name, t))
    return out


def generate(path: Path, n_claims: int, n_entities: int, claims_per_doc: int = 10, seed: int = 11) -> dict:
    """A consistent store of ``n_claims`` claims over ``n_entities`` entities."""
    import numpy as np

    from proxygraph.model import PREDICATES
    from proxygraph.resolve.normalize import norm, skeleton, skeleton_is_specific, slug
    from proxygraph.store import Store, claim_id

    t0 = time.perf_counter()
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    if path.exists():
        path.unlink()
    store = Store(path)  # runs the migrations
    c = store.conn
    c.execute("PRAGMA synchronous = OFF")
    c.execute("BEGIN")

    names = _names(n_entities, rng)
    ids, ent_rows, alias_rows = [], [], []
    used_ids = set()
    for i, (name, etype) in enumerate(names):
        eid = slug(name)
        if eid in used_ids:
            eid = f"{eid}-{i}"
        used_ids.add(eid)
        ids.append(eid)
        qid = f"Q{1000000 + i}" if i % 20 == 0 else None
        ent_rows.append((eid, name, etype, qid, eid if qid else None, "", "2024-01-01T00:00:00+00:00"))
        forms = {name, name.upper() if etype == "ORG" else name.split()[-1], name.replace("a", "e", 1)}
        for form in forms:
            sk = skeleton(form)
            alias_rows.append((eid, form, norm(form), sk if skeleton_is_specific(sk) else "", "text", None))
    c.executemany("INSERT INTO entities (id, name, type, qid, kb_id, description, created_at) VALUES (?,?,?,?,?,?,?)",
                  ent_rows)
    c.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, norm, skel, source, doc_id) VALUES (?,?,?,?,?,?)",
                  alias_rows)

    # Zipf-like popularity: a few hubs, a long tail
    ranks = np.arange(1, n_entities + 1)
    weights = 1.0 / ranks ** 0.85
    weights /= weights.sum()
    order = nrng.permutation(n_entities)  # hubs anywhere in the id space
    subj = order[nrng.choice(n_entities, size=n_claims, p=weights)]
    obj = order[nrng.choice(n_entities, size=n_claims, p=weights)]
    same = subj == obj
    obj[same] = (obj[same] + 1) % n_entities
    pred_w = np.array([3, 4, 4, 2, 3, 4, 2, 2, 1, 3, 2, 2, 1, 3, 3, 1], dtype=float)
    preds = nrng.choice(len(PREDICATES), size=n_claims, p=pred_w / pred_w.sum())
    years = nrng.integers(1990, 2025, size=n_claims)
    dated = nrng.random(n_claims) < 0.6
    ranged = nrng.random(n_claims) < 0.2
    hedged = nrng.random(n_claims) < 0.15
    negated = nrng.random(n_claims) < 0.03
    attributed = nrng.random(n_claims) < 0.1
    att_who = order[nrng.choice(n_entities, size=n_claims, p=weights)]
    rules = ["svo", "role", "appos", "noun", "passive"]

    n_docs = -(-n_claims // claims_per_doc)
    doc_rows, mention_rows, claim_rows = [], {}, []
    for d in range(n_docs):
        doc_id = f"{d:024x}"
        lo, hi = d * claims_per_doc, min(n_claims, (d + 1) * claims_per_doc)
        sentences, ents = [], set()
        for k in range(lo, hi):
            s, o, p = ids[subj[k]], ids[obj[k]], PREDICATES[preds[k]]
            sname, oname = names[subj[k]][0], names[obj[k]][0]
            sent = f"{sname} {p.replace('_', ' ')} {oname}, officials said in a statement on the matter."
            start = sum(len(x) + 1 for x in sentences)
            sentences.append(sent)
            end = start + len(sent)
            mention_rows[(doc_id, s, start, start + len(sname))] = sname
            ostart = start + len(sname) + len(p) + 2
            mention_rows[(doc_id, o, ostart, ostart + len(oname))] = oname
            ents.update((s, o))
            t0_ = f"{years[k]:04d}" if dated[k] else None
            t1_ = f"{years[k] + 2:04d}" if dated[k] and ranged[k] else None
            att = ids[att_who[k]] if attributed[k] and ids[att_who[k]] not in (s, o) else None
            cid = claim_id(doc_id, s, p, o, start, end, bool(negated[k]))
            claim_rows.append((cid, doc_id, s, p, o, int(hedged[k]), int(negated[k]), att, t0_, t1_, None, sent,
                               start, end, rng.choice(rules), 0.7))
        year = 1990 + d % 35
        doc_rows.append((doc_id, f"Report {d}", f"https://example.org/r/{d}", f"{year:04d}-{1 + d % 12:02d}-{1 + d % 28:02d}",
                         "Example Wire", None, " ".join(sentences), "{}", "2024-01-01T00:00:00+00:00", len(ents),
                         hi - lo))
        if len(claim_rows) >= 50_000 or d == n_docs - 1:
            c.executemany("INSERT INTO documents (id, title, url, date, publisher, source, text, meta, ingested_at,"
                          " n_entities, n_claims) VALUES (?,?,?,?,?,?,?,?,?,?,?)", doc_rows)
            c.executemany("INSERT OR IGNORE INTO mentions (doc_id, entity_id, start, end, text, coref)"
                          " VALUES (?,?,?,?,?,0)", [(*k, v) for k, v in mention_rows.items()])
            c.executemany("INSERT OR IGNORE INTO claims (id, doc_id, subject_id, predicate, object_id, hedged, negated,"
                          " attributed_to, time_start, time_end, quantity, evidence, start, end, rule, confidence)"
                          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", claim_rows)
            doc_rows, mention_rows, claim_rows = [], {}, []
    # the edge summary, aggregated as Store._update_edges does it document by document
    c.execute("""
        INSERT INTO edges (subject_id, predicate, object_id, n_claims, n_hedged, n_docs, n_denied, first_time, last_time)
        SELECT subject_id, predicate, object_id,
               SUM(n_asserted), SUM(n_hedged), SUM(n_asserted > 0), SUM(n_denied > 0), MIN(t0), MAX(t1)
        FROM (
            SELECT doc_id, subject_id, predicate, object_id,
                   SUM(negated = 0) AS n_asserted,
                   SUM(CASE WHEN negated = 0 THEN hedged ELSE 0 END) AS n_hedged,
                   SUM(negated) AS n_denied,
                   MIN(CASE WHEN negated = 0 THEN MIN(COALESCE(time_start, time_end), COALESCE(time_end, time_start)) END) AS t0,
                   MAX(CASE WHEN negated = 0 THEN MAX(COALESCE(time_start, time_end), COALESCE(time_end, time_start)) END) AS t1
            FROM claims GROUP BY doc_id, subject_id, predicate, object_id
        ) GROUP BY subject_id, predicate, object_id
    """)
    c.execute("COMMIT")
    counts = {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("documents", "entities", "aliases", "mentions", "claims", "edges")}
    store.close()
    counts["seconds"] = round(time.perf_counter() - t0, 1)
    counts["bytes"] = path.stat().st_size
    return counts


# -- timing the queries ---------------------------------------------------------------------

def _targets(store, n: int, seed: int = 5) -> list[tuple[str, str, int]]:
    """(id, name, n_claims) of ``n`` entities: half drawn uniformly, half weighted by claims."""
    rng = random.Random(seed)
    rows = store.conn.execute(
        "SELECT e.id, e.name, COALESCE(s.n, 0) FROM entities e LEFT JOIN ("
        " SELECT id, SUM(n) AS n FROM (SELECT subject_id AS id, n_claims AS n FROM edges"
        " UNION ALL SELECT object_id, n_claims FROM edges) GROUP BY id) s ON s.id = e.id").fetchall()
    rows = [tuple(r) for r in rows]
    uniform = rng.sample(rows, n // 2)
    weighted = rng.choices(rows, weights=[r[2] + 1 for r in rows], k=n - n // 2)
    out = uniform + weighted
    rng.shuffle(out)
    return out


def time_queries(path: Path, n: int) -> tuple[list[list], dict]:
    from proxygraph import query
    from proxygraph.store import Store

    store = Store(path, readonly=True)
    targets = _targets(store, n)
    hub = max(targets, key=lambda t: t[2])
    years = [(y, y + 4) for y in range(1992, 2022, 3)]
    queries = {
        "show (entity_detail by name)": lambda t, i: query.entity_detail(store, t[1]),
        "claims entity=X": lambda t, i: query.claims(store, entity=t[0]),
        "claims subject=X family=support": lambda t, i: query.claims(store, subject=t[0], family="support"),
        "claims object=X negated=False": lambda t, i: query.claims(store, object=t[0], negated=False),
        "claims predicate year_from/to": lambda t, i: query.claims(
            store, predicate=("funds", "arms", "trains", "commands")[i % 4], year_from=years[i % len(years)][0],
            year_to=years[i % len(years)][1]),
        "claims family=control min_sources=2": lambda t, i: query.claims(
            store, family=("control", "support", "hostile")[i % 3], min_sources=2, hedged=False, offset=(i % 5) * 100),
        "claims, no filter (pages 1-5)": lambda t, i: query.claims(store, offset=(i % 5) * 100),
        "claims negated=True hedged=True": lambda t, i: query.claims(
            store, negated=True, hedged=True, family=(None, "support", "hostile")[i % 3]),
        "ego depth=2": lambda t, i: query.ego(store, t[0], depth=2),
        "edges top 10 (support, control)": lambda t, i: query.edges(store, family="support,control", limit=10),
    }
    rows, raw = [], {}
    for label, fn in queries.items():
        fn(targets[0], 0)  # warm the page cache
        ms = []
        for i, t in enumerate(targets):
            t0 = time.perf_counter()
            fn(t, i)
            ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        fn(hub, 0)
        hub_ms = (time.perf_counter() - t0) * 1000
        q = statistics.quantiles(ms, n=100)
        raw[label] = {"p50": q[49], "p95": q[94], "max": max(ms), "hub": hub_ms}
        rows.append([label, len(ms), f"{q[49]:.1f}", f"{q[94]:.1f}", f"{max(ms):.1f}", f"{hub_ms:.1f}",
                     "yes" if q[94] < P95_TARGET_MS else "**no**"])
    t0 = time.perf_counter()
    query.summary(store)
    summary_ms = (time.perf_counter() - t0) * 1000
    store.close()
    return rows, {"hub": hub, "raw": raw, "summary_ms": summary_ms}


# -- memory and re-ingest ---------------------------------------------------------------------

def ingest_child(folder: Path, db: Path, workers: int, every: int) -> dict:
    """Ingest a folder in this process, sampling RSS every ``every`` stored documents."""
    import sqlite3

    import psutil

    import proxygraph

    proc = psutil.Process()
    samples, peak = [], [0]
    stop = threading.Event()

    def sample():
        conn = None
        next_mark = every
        while not stop.wait(0.05):
            rss = proc.memory_info().rss + sum(ch.memory_info().rss for ch in proc.children(recursive=True))
            peak[0] = max(peak[0], rss)
            if conn is None and db.exists():
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            if conn is not None:
                try:
                    n = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                except sqlite3.Error:
                    continue
                while n >= next_mark:
                    samples.append((next_mark, rss))
                    next_mark += every

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t0 = time.perf_counter()
    with proxygraph.open(db) as g:
        report = g.ingest(folder, workers=workers)
    seconds = time.perf_counter() - t0
    stop.set()
    th.join()
    import resource

    return {"seconds": seconds, "report": report.as_dict(), "peak_rss": peak[0],
            "ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "samples": samples}


def _child(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, __file__, *args], check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def memory(workdir: Path, sizes: list[int], workers: int) -> tuple[str, dict]:
    rows, out = [], {}
    for n in sizes:
        folder = workdir / f"docs{n}"
        if not folder.exists():
            synthetic_corpus(folder, n, sentences=3, seed=n)
        db = workdir / f"mem{n}.db"
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            if p.exists():
                p.unlink()
        print(f"ingesting {n} documents ...", file=sys.stderr)
        r = _child(["--ingest-child", str(folder), "--db", str(db), "--workers", str(workers),
                    "--every", str(max(100, n // 10))])
        out[n] = {**r, "folder": str(folder), "db": str(db)}
        rows.append([f"{n:,}", f"{r['report']['documents']:,}", f"{r['report']['claims']:,}", f"{r['seconds']:.0f}",
                     f"{r['report']['documents'] / r['seconds']:.1f}", mib(r["peak_rss"])])
    small, big = out[sizes[0]]["peak_rss"], out[sizes[-1]]["peak_rss"]
    growth = big / small - 1
    samples = out[sizes[-1]]["samples"]
    curve = ", ".join(f"{n:,}: {mib(rss)}" for n, rss in samples)
    slope = ((samples[-1][1] - samples[0][1]) / (samples[-1][0] - samples[0][0]) * 1000
             if len(samples) > 1 else 0.0)
    body = (table(["documents", "stored", "claims", "seconds", "docs/s", "peak RSS"], rows)
            + f"\n\nPeak RSS at {sizes[-1]:,} documents is **{growth:+.1%}** against {sizes[0]:,} "
            f"({'within' if abs(growth) <= 0.10 else 'outside'} the 10% target). "
            f"RSS as the {sizes[-1]:,}-document ingest went: {curve} "
            f"({slope / 2**20:+.1f} MiB per 1,000 documents after the first {samples[0][0] if samples else 0:,}).")
    return body, out


def reingest(folder: Path, db: Path) -> tuple[str, dict]:
    print("re-ingesting ...", file=sys.stderr)
    r = _child(["--ingest-child", str(folder), "--db", str(db), "--workers", "1", "--every", "1000000000"])
    rate = r["report"]["known"] / r["seconds"]
    body = (f"Re-ingesting the {r['report']['known']:,}-document folder into its own store (every document known):"
            f" **{rate:,.0f} documents/s** ({r['seconds']:.1f} s; target 1,000/s).")
    return body, {**r, "rate": rate}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--entities", type=int, default=50_000)
    ap.add_argument("--store", type=Path, help="Where to keep the generated store (reused when its size matches).")
    ap.add_argument("--samples", type=int, default=200, help="Entities each query is timed on.")
    ap.add_argument("--docs", default="1000,10000", help="Document counts for the memory runs.")
    ap.add_argument("--workers", type=int, default=1, help="Extraction processes for the memory runs.")
    ap.add_argument("--workdir", type=Path, help="Where to keep the generated documents and stores.")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--no-results", action="store_true", help="Do not rewrite bench/RESULTS.md.")
    ap.add_argument("--ingest-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--every", type=int, default=1000, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.ingest_child:
        print(json.dumps(ingest_child(args.ingest_child, args.db, args.workers, args.every)))
        return

    workdir = args.workdir or Path(tempfile.gettempdir()) / "proxygraph-bench-scale"
    workdir.mkdir(parents=True, exist_ok=True)
    sections = []
    if not args.skip_queries:
        path = args.store or workdir / f"store-{args.claims}-{args.entities}.db"
        meta = path.with_suffix(".json")
        counts = json.loads(meta.read_text()) if meta.exists() and path.exists() else None
        if counts is None or counts.get("claims") != args.claims:
            print(f"generating {path} ...", file=sys.stderr)
            counts = generate(path, args.claims, args.entities)
            meta.write_text(json.dumps(counts))
        print(f"store: {counts}", file=sys.stderr)
        from proxygraph.store import Store

        Store(path).close()  # apply any new migration (indexes) to a kept store
        with open(path, "rb") as f:  # a warm OS file cache, as on a server that has been answering queries
            while f.read(1 << 24):
                pass
        rows, info = time_queries(path, args.samples)
        hub = info["hub"]
        body = (
            f"Store: {counts['claims']:,} claims, {counts['entities']:,} entities, {counts['edges']:,} edges,"
            f" {counts['documents']:,} documents, {counts['mentions']:,} mentions, {counts['aliases']:,} aliases"
            f" ({counts['bytes'] / 2**20:,.0f} MiB; generated in {counts['seconds']:.0f} s)."
            f" Each query ran on {args.samples} entities, half drawn uniformly and half weighted by claims;"
            f" the biggest hub drawn has {hub[2]:,} claims.\n\n"
            + table(["query", "n", "p50 ms", "p95 ms", "max ms", "hub ms", f"p95 < {P95_TARGET_MS:.0f} ms"], rows)
            + f"\n\n`hub ms` is the same query on that hub. `summary` (every count, the top links) takes"
            f" {info['summary_ms']:.0f} ms. The store file is read once before timing (a warm OS file cache, as on"
            " a server that has been answering queries); it has no ANALYZE statistics, as a store written by"
            " `proxygraph ingest` has none."
        )
        print(body + "\n")
        sections.append(("Query latency on a generated store", body))
    if not args.skip_memory:
        sizes = [int(x) for x in args.docs.split(",")]
        body, out = memory(workdir, sizes, args.workers)
        what = ("Each run is a fresh single process that reads, extracts, resolves and stores"
                if args.workers <= 1 else f"Each run is a fresh writer process with {args.workers} extraction workers"
                " (RSS summed)")
        body = (f"{what} synthetic documents of 3 sentences drawn from the bundled corpus (every text unique).\n\n"
                + body)
        big = out[sizes[-1]]
        rbody, _ = reingest(Path(big["folder"]), Path(big["db"]))
        print(body + "\n\n" + rbody)
        sections.append(("Ingest memory and re-ingest", body + "\n\n" + rbody))
    if not args.no_results:
        for title, body in sections:
            name = "scale" if title.startswith("Query") else "scale-memory"
            write_section(name, title, body, script="scale")


if __name__ == "__main__":
    main()
