"""The Python API: ``proxygraph.open(path)`` and what a Graph can do.

The CLI, the web server and the exporters are thin layers over this.
"""
from __future__ import annotations

from pathlib import Path

from . import query
from .resolve.knowledge_base import KnowledgeBase, load_knowledge_base
from .runner import IngestReport, ingest as _ingest
from .store import DEFAULT_DB, Store


class Graph:
    """An evidence-linked claim graph stored in one SQLite file."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False, kb: KnowledgeBase | str | Path | None = None):
        if isinstance(kb, (str, Path)):
            kb = load_knowledge_base(kb)
        self.store = Store(path, readonly=readonly, kb=kb)

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def ingest(self, *sources, workers: int = 1, scheduler: str | None = None, progress: bool = False) -> IngestReport:
        """Read files, folders or Documents, extract claims and store them.

        ``workers`` > 1 extracts in that many processes; ``scheduler`` names
        a Dask distributed scheduler to extract on. Either way one writer
        stores the results in input order.
        """
        extract = None
        if workers > 1 or scheduler:
            from .parallel import make_extract

            extract = make_extract(workers=workers, scheduler=scheduler)
        try:
            return _ingest(self.store, sources, extract=extract, progress=progress)
        finally:
            close = getattr(extract, "close", None)
            if close:
                close()

    def entities(self, type: str | None = None, search: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        return query.entities(self.store, type=type, search=search, limit=limit, offset=offset)

    def entity(self, ref: str) -> dict:
        return query.entity_detail(self.store, ref)

    def claims(self, **filters) -> list[dict]:
        return query.claims(self.store, **filters)

    def edges(self, **filters) -> list[dict]:
        return query.edges(self.store, **filters)

    def ego(self, ref: str, depth: int = 1, limit: int = 200) -> dict:
        return query.ego(self.store, ref, depth=depth, limit=limit)

    def timeline(self, ref: str) -> list[dict]:
        return query.timeline(self.store, ref)

    def document(self, doc_id: str) -> dict:
        return query.document(self.store, doc_id)

    def summary(self, top: int = 10) -> dict:
        return query.summary(self.store, top=top)

    def to_networkx(self, min_sources: int = 1):
        return query.to_networkx(self.store, min_sources=min_sources)


def open(path: str | Path = DEFAULT_DB, *, readonly: bool = False, kb=None) -> Graph:  # noqa: A001
    """Open (or create) a proxygraph store."""
    return Graph(path, readonly=readonly, kb=kb)
