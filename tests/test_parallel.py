"""Parallel extraction: worker processes and a Dask cluster build the same store as one process.

The fast tests drive the in-flight protocol (``imap``) and the runner with a
stand-in extractor on threads; the slow ones ingest the bundled corpus with
the real model three ways and compare the stores claim for claim.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import proxygraph
from proxygraph.errors import ConfigError, ExtractError
from proxygraph.model import Claim, DocResult, Document, LocalEntity, Mention
from proxygraph.parallel import _ParallelExtract, make_extract
from proxygraph.runner import ingest
from proxygraph.store import Store

DEMO = Path(proxygraph.__file__).resolve().parent / "data" / "demo"


# -- the protocol, without a model ------------------------------------------------

def fake_extract(docs: list[Document]) -> list[DocResult]:
    """One entity per document named by its text, one claim to a shared actor; 'bad' fails."""
    out = []
    for d in docs:
        time.sleep(0.001 * (hash(d.id) % 5))  # finish out of order
        if "bad" in d.text:
            raise ExtractError(f"{d.id}: extraction failed: bad text")
        name = d.text.split()[0]
        a = LocalEntity(f"new:{name}", name, "ORG", mentions=[Mention(0, len(name), name)])
        b = LocalEntity("new:hub", "Hub Group", "ORG", mentions=[Mention(len(d.text) - 9, len(d.text), "Hub Group")])
        c = Claim(a.key, "supports", b.key, evidence=d.text, start=0, end=len(d.text))
        out.append(DocResult(d, [a, b], [c]))
    return out


class ThreadExtract(_ParallelExtract):
    """The parallel protocol on threads, running ``fake_extract``."""

    def __init__(self, **kw):
        super().__init__(2, **kw)
        self.submitted = 0
        self.pool = None

    def _start(self):
        self.pool = ThreadPoolExecutor(2)

    def _submit(self, docs):
        self.submitted += 1
        return self.pool.submit(fake_extract, docs)

    def close(self):
        self.pool.shutdown(cancel_futures=True)


def docs(n: int, bad: set[int] = frozenset()) -> list[Document]:
    words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]
    out = []
    for i in range(n):
        text = f"{words[i % len(words)]}{i} {'bad ' if i in bad else ''}backs the Hub Group"
        out.append(Document(id=f"d{i:03d}", text=text, source=f"doc{i}.txt"))
    return out


def test_imap_returns_chunks_in_order_with_batches_in_flight():
    ex = ThreadExtract(batch=3, ahead=2)
    chunks = [docs(40)[i:i + 7] for i in range(0, 40, 7)]
    seen, batches = [], 0
    with ex:
        for chunk, results in ex.imap(iter(chunks)):
            seen.append(chunk)
            batches += -(-len(chunk) // 3)
            assert [r.doc.id for r in results] == [d.id for d in chunk]
            if len(seen) < len(chunks):  # the next chunk was in flight before this one was handed over
                assert ex.submitted > batches
    assert seen == chunks


def test_imap_hands_back_the_error_of_a_failed_batch():
    ex = ThreadExtract(batch=4)
    with ex:
        out = list(ex.imap(iter([docs(8, bad={5})])))
    [(_, results)] = out
    assert isinstance(results, ExtractError)
    assert "d005" in str(results)


def test_runner_writes_in_input_order_and_names_a_bad_document(tmp_path):
    """The runner retries a failed chunk document by document: the bad one is
    named and skipped, the rest stored as if extracted in one process."""
    serial = Store(tmp_path / "serial.db")
    parallel = Store(tmp_path / "parallel.db")
    items = docs(70, bad={33})
    r1 = ingest(serial, items, extract=fake_extract)
    with ThreadExtract(batch=5) as ex:
        r2 = ingest(parallel, items, extract=ex)
    assert [e.path for e in r1.errors] == [e.path for e in r2.errors] == ["doc33.txt"]
    assert r1.documents == r2.documents == 69
    assert dump(serial) == dump(parallel)
    # one writer resolved the shared actor once, in input order
    assert [r[0] for r in parallel.conn.execute("SELECT id FROM entities WHERE name = 'Hub Group'")] == ["hub-group"]


def test_parallel_extractor_binds_the_store_knowledge_base_once():
    from proxygraph.resolve.knowledge_base import (
        KBEntry,
        KnowledgeBase,
        default_knowledge_base,
    )

    ex = ThreadExtract()
    ex.bind(default_knowledge_base())
    assert ex.kb_key is None  # workers load the bundled one themselves
    custom = KnowledgeBase([KBEntry("x", "Example Front", "ORG")])
    ex.bind(custom)
    assert ex.kb is custom and ex.kb_key.startswith("kb-")
    with ex:
        list(ex.imap(iter([docs(2)])))
        with pytest.raises(ConfigError, match="fixed once it has started"):
            ex.bind(KnowledgeBase([]))


def test_missing_dask_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError, match=r"pip install 'proxygraph\[dask\]'"):
        make_extract(scheduler="tcp://127.0.0.1:1")


def test_unreachable_scheduler_says_what_to_do():
    pytest.importorskip("distributed")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        make_extract(scheduler="tcp://127.0.0.1:9")


# -- the real thing ---------------------------------------------------------------------

TABLES = {
    "documents": "SELECT id, title, url, date, publisher, source, text, meta, n_entities, n_claims FROM documents",
    "entities": "SELECT id, name, type, qid, kb_id, description FROM entities",
    "aliases": "SELECT entity_id, alias, norm, skel, source, doc_id FROM aliases",
    "mentions": "SELECT doc_id, entity_id, start, end, text, coref FROM mentions",
    "claims": "SELECT id, doc_id, subject_id, predicate, object_id, hedged, negated, attributed_to, time_start, time_end,"
              " quantity, evidence, start, end, rule, confidence FROM claims",
    "edges": "SELECT * FROM edges",
}


def dump(store: Store) -> dict[str, list[tuple]]:
    """Everything a store holds except the wall-clock timestamps."""
    return {t: sorted(tuple(r) for r in store.conn.execute(sql)) for t, sql in TABLES.items()}


def _short(rows) -> str:
    return "; ".join(repr(tuple(str(c)[:60] for c in r)) for r in rows)


def assert_same_store(expected: dict, got: dict) -> None:
    assert expected["claims"], "the reference ingest stored no claims"
    for table in TABLES:
        if expected[table] != got[table]:
            missing = sorted(set(expected[table]) - set(got[table]))
            extra = sorted(set(got[table]) - set(expected[table]))
            pytest.fail(f"{table} differ: {len(missing)} missing, e.g. {_short(missing[:3])}; "
                        f"{len(extra)} extra, e.g. {_short(extra[:3])}")


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("single") / "g.db"
    with proxygraph.open(path) as g:
        report = g.ingest(DEMO)
    assert report.documents == 32 and not report.errors
    with Store(path) as s:
        return dump(s)


@pytest.mark.slow
def test_workers_build_the_same_store(single, tmp_path):
    with proxygraph.open(tmp_path / "w.db") as g:
        report = g.ingest(DEMO, workers=2)
        again = g.ingest(DEMO, workers=2)
    assert report.documents == 32 and not report.errors
    assert again.known == 32 and again.documents == 0
    with Store(tmp_path / "w.db") as s:
        assert_same_store(single, dump(s))


@pytest.mark.slow
def test_dask_cluster_builds_the_same_store(single, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, proxygraph.open(tmp_path / "d.db") as g:
        report = g.ingest(DEMO, scheduler=cluster.scheduler_address)
    assert report.documents == 32 and not report.errors
    with Store(tmp_path / "d.db") as s:
        assert_same_store(single, dump(s))


@pytest.mark.slow
def test_workers_extract_with_the_store_knowledge_base(tmp_path):
    """An extra knowledge-base file reaches the workers: a name the bundled
    knowledge base does not know becomes that KB actor in both runs."""
    kb_file = tmp_path / "extra.yaml"
    kb_file.write_text("- id: test-treasury-fact-sheet\n  name: Executive Order 13382\n  type: ORG\n  qid: Q999999999\n",
                       encoding="utf-8")
    files = [DEMO / "A01.txt", DEMO / "A02.txt"]
    stores = {}
    for name, workers in (("one", 1), ("two", 2)):
        with proxygraph.open(tmp_path / f"{name}.db", kb=kb_file) as g:
            g.ingest(*files, workers=workers)
        with Store(tmp_path / f"{name}.db") as s:
            stores[name] = dump(s)
    assert ("test-treasury-fact-sheet", "Executive Order 13382", "ORG", "Q999999999", "test-treasury-fact-sheet", "") \
        in stores["one"]["entities"]
    assert_same_store(stores["one"], stores["two"])


SEED_SCRIPT = """
import json, sys
from pathlib import Path
from dataclasses import asdict
from proxygraph.ingest.readers import read_documents
from proxygraph.extract import get_extractor
docs = [d for d in read_documents([Path(sys.argv[1])])]
out = [asdict(r) for r in get_extractor().extract_many(docs)]
for r in out:
    r.pop("doc")
print(json.dumps(out))
"""


@pytest.mark.slow
def test_extraction_does_not_depend_on_the_hash_seed():
    """Workers are other interpreters with other string-hash seeds: extraction
    must not depend on set order, or no two runs build the same store."""
    procs = [
        subprocess.Popen([sys.executable, "-c", SEED_SCRIPT, str(DEMO)], stdout=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONHASHSEED": seed})
        for seed in ("1", "2")
    ]
    outs = [json.loads(p.communicate()[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0], "no documents extracted"
    differ = [i for i, (a, b) in enumerate(zip(*outs)) if a != b]
    assert not differ, f"documents {differ} extract differently under PYTHONHASHSEED=1 and 2"
