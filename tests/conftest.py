"""Shared fixtures: the bundled corpus, one extractor per session, a demo store."""
from __future__ import annotations

from pathlib import Path

import pytest

import proxygraph
from proxygraph.ingest import make_document

CORPUS = Path(proxygraph.__file__).resolve().parent / "data" / "demo"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def extractor():
    from proxygraph.extract import get_extractor

    return get_extractor()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The bundled corpus ingested once for the whole session (about 10 s)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with proxygraph.open(path) as g:
        report = g.ingest(CORPUS)
    assert report.failed == 0 and report.documents == len(list(CORPUS.glob("*.txt")))
    return path


@pytest.fixture(scope="session")
def demo_store(demo_db):
    """The demo store, opened read-only once for every test that only reads it."""
    from proxygraph.store import Store

    with Store(demo_db, readonly=True) as s:
        yield s


@pytest.fixture()
def read(extractor):
    """Extract one text and return its claims as (subject, predicate, object, claim) tuples by name."""

    def _read(text: str, **meta):
        result = extractor.extract(make_document(text, **meta))
        names = {e.key: e.name for e in result.entities}
        return [(names[c.subject], c.predicate, names[c.object], c) for c in result.claims], result

    return _read


def triples(claims) -> set[tuple[str, str, str]]:
    return {(s, p, o) for s, p, o, _ in claims}
