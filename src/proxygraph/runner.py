"""Ingest orchestration: read -> skip known -> extract -> resolve and store.

Reading and writing happen here, in one process; extraction may run here,
in worker processes, or on a Dask cluster (see ``parallel``). Results are
always written in input order by this single writer, so every way of
running gives the same store.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import IngestError, ProxygraphError
from .model import Document
from .store import Store

CHUNK = 32


@dataclass
class IngestReport:
    files: int = 0
    documents: int = 0  # new documents stored
    known: int = 0  # already in the store, skipped
    claims: int = 0
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.errors)

    def as_dict(self) -> dict:
        return {
            "files": self.files, "documents": self.documents, "known": self.known, "claims": self.claims,
            "failed": self.failed, "errors": [str(e) for e in self.errors], "seconds": round(self.seconds, 2),
        }


class Progress:
    """A tqdm bar over files showing docs/s and claims, or nothing."""

    def __init__(self, enabled: bool, total: int | None = None):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", dynamic_ncols=True, desc="ingest")
        self.start = time.monotonic()

    def update(self, report: IngestReport, files: int = 0) -> None:
        if self.bar is None:
            return
        dt = max(time.monotonic() - self.start, 1e-6)
        self.bar.set_postfix(docs=report.documents, known=report.known, claims=report.claims,
                             failed=report.failed, docs_s=f"{(report.documents + report.known) / dt:.1f}")
        self.bar.update(files)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _chunks(items: Iterable, n: int) -> Iterator[list]:
    chunk = []
    for x in items:
        chunk.append(x)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extracted(extract, chunks: Iterator[list[Document]], store: Store) -> Iterator[tuple[list[Document], object]]:
    """(chunk, its results or the ProxygraphError that stopped them), in order.

    An extractor with ``imap`` (see ``parallel``) is handed the whole stream so
    it can keep later chunks in flight while this process writes.
    """
    imap = getattr(extract, "imap", None)
    if imap is not None:
        yield from imap(chunks, kb=store.kb)
        return
    for chunk in chunks:
        try:
            yield chunk, list(extract(chunk))
        except ProxygraphError as exc:
            yield chunk, exc


def ingest(
    store: Store,
    sources: Iterable,
    *,
    extract: Callable[[list[Document]], Iterable] | None = None,
    progress: bool = False,
    report: IngestReport | None = None,
) -> IngestReport:
    """Ingest files, folders or Document objects into the store.

    ``extract`` maps a list of Documents to their DocResults in order; the
    default runs the extractor in this process.
    """
    from .ingest.readers import iter_files, read_path

    report = report or IngestReport()
    t0 = time.monotonic()
    if extract is None:
        from .extract import get_extractor

        extractor = None

        def extract(docs):
            nonlocal extractor
            extractor = extractor or get_extractor(kb=store.kb)
            return extractor.extract_many(docs)

    sources = list(sources)
    paths = [s for s in sources if not isinstance(s, Document)]
    direct = [s for s in sources if isinstance(s, Document)]
    files = list(iter_files(paths)) if paths else []
    bar = Progress(progress, total=len(files) + (1 if direct else 0))
    seen: set[str] = set()

    def documents() -> Iterator[Document]:
        for f in files:
            if isinstance(f, IngestError):
                report.errors.append(f)
                bar.update(report, 1)
                continue
            report.files += 1
            for item in read_path(f):
                if isinstance(item, IngestError):
                    report.errors.append(item)
                elif item.id in seen or store.has_document(item.id):
                    report.known += 1
                else:
                    seen.add(item.id)
                    yield item
            bar.update(report, 1)
        for d in direct:
            if d.id in seen or store.has_document(d.id):
                report.known += 1
            else:
                seen.add(d.id)
                yield d

    try:
        for chunk, results in _extracted(extract, _chunks(documents(), CHUNK), store):
            if isinstance(results, ProxygraphError):
                # retry one by one so a single bad document is named and skipped
                results = []
                for d in chunk:
                    try:
                        results += list(extract([d]))
                    except ProxygraphError as one:
                        report.errors.append(IngestError(d.source or d.id, str(one)))
            for r in results:
                n = store.write(r)
                if n is None:
                    report.known += 1
                else:
                    report.documents += 1
                    report.claims += n
            bar.update(report, 0)
    finally:
        bar.close()
        report.seconds = time.monotonic() - t0
    return report
