"""Extraction in worker processes or on a Dask cluster, results in input order.

Extraction is a pure function of a document, the model and the knowledge
base (``extract_batch``), so it can run anywhere; resolution and storage stay
in the one writer (``runner.ingest``), which receives the results in input
order and so builds the same store, claim for claim, as a single process.

``make_extract`` returns a callable ``list[Document] -> list[DocResult]``
with two more methods the runner uses:

* ``imap(chunks, kb=...)`` yields ``(chunk, results)`` in order while keeping
  several batches in flight, so extraction never waits for the writer;
  ``results`` is the ``ProxygraphError`` instead when a batch failed, and the
  runner retries that chunk one document at a time to name the bad one;
* ``close()`` shuts the workers down (a Dask cluster is left running).

Each worker process, or Dask worker, loads the model once and keeps it.
"""
from __future__ import annotations

import os
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator

from .errors import ConfigError, ProxygraphError, missing_extra
from .model import DocResult, Document

BATCH = 8  # documents per task: small enough to balance two workers on a 32-document chunk
AHEAD = 4  # tasks in flight per worker
START_METHOD = "spawn"  # a fresh interpreter: no inherited threads, locks or model state

_lock = threading.Lock()
_extractors: dict = {}


def _extractor(kb_key: str | None, kb=None, model: str | None = None):
    """This process's extractor for one knowledge base; loaded on first use, then kept."""
    key = (kb_key, model)
    ex = _extractors.get(key)
    if ex is None:
        if kb_key is not None and kb is None:
            raise ConfigError(f"this worker has no copy of knowledge base {kb_key}; restart the ingest")
        from .extract import get_extractor

        ex = _extractors[key] = get_extractor(kb=kb, model=model)
    return ex


def extract_batch(docs: list[Document], kb_key: str | None = None, kb=None, model: str | None = None) -> list[DocResult]:
    """The pure function a worker runs: Documents in, their DocResults out, in order.

    ``kb_key`` names the knowledge base (None: the bundled one); ``kb`` is
    only read the first time a process meets that key.
    """
    with _lock:  # one spaCy pipeline per process is not shared between threads
        return list(_extractor(kb_key, kb, model).extract_many(docs))


def _init_worker(kb_key, kb, model) -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    _extractor(kb_key, kb, model)


def _batches(docs: list, n: int) -> list[list]:
    return [docs[i:i + n] for i in range(0, len(docs), n)]


def _kb_key(kb) -> str | None:
    """None for the bundled knowledge base (workers load it themselves), else a fresh key."""
    if kb is None:
        return None
    from .resolve.knowledge_base import default_knowledge_base

    if kb is default_knowledge_base():
        return None
    return f"kb-{uuid.uuid4().hex}"


class _ParallelExtract:
    """Batches in flight on some executor; subclasses say how to submit one."""

    def __init__(self, slots: int, batch: int = BATCH, ahead: int = AHEAD, kb=None, model: str | None = None):
        self.batch = max(1, batch)
        self.max_in_flight = max(2, slots * ahead)
        self.model = model
        self.kb = kb
        self.kb_key = _kb_key(kb)
        self._started = False

    # -- what a backend provides -------------------------------------------------
    def _start(self) -> None:
        raise NotImplementedError

    def _submit(self, docs: list[Document]):
        raise NotImplementedError

    def _cancel(self, futures) -> None:
        for f in futures:
            f.cancel()

    def close(self) -> None:
        raise NotImplementedError

    # -- the protocol the runner uses -------------------------------------------
    def bind(self, kb) -> None:
        """Extract with this knowledge base (the store's); only before the first batch."""
        if kb is None or kb is self.kb:
            return
        if self._started:
            raise ConfigError("the knowledge base of a parallel extractor is fixed once it has started; make a new one")
        self.kb, self.kb_key = kb, _kb_key(kb)

    def _ensure_started(self) -> None:
        if not self._started:
            self._start()
            self._started = True

    def __call__(self, docs: list[Document]) -> list[DocResult]:
        self._ensure_started()
        futures = [self._submit(b) for b in _batches(list(docs), self.batch)]
        try:
            return [r for f in futures for r in f.result()]
        finally:
            self._cancel(futures)

    def imap(self, chunks: Iterable[list[Document]], kb=None) -> Iterator[tuple[list[Document], list[DocResult] | ProxygraphError]]:
        """(chunk, its results in order) for each chunk, with batches of later chunks in flight."""
        self.bind(kb)
        self._ensure_started()
        pending: deque = deque()  # (chunk, [futures])
        in_flight = 0
        try:
            for chunk in chunks:
                futures = [self._submit(b) for b in _batches(chunk, self.batch)]
                pending.append((chunk, futures))
                in_flight += len(futures)
                while pending and in_flight >= self.max_in_flight:
                    done, futures = pending.popleft()
                    in_flight -= len(futures)
                    yield done, self._gather(futures)
            while pending:
                done, futures = pending.popleft()
                yield done, self._gather(futures)
        finally:
            for _, futures in pending:
                self._cancel(futures)

    def _gather(self, futures) -> list[DocResult] | ProxygraphError:
        out: list[DocResult] = []
        error = None
        for f in futures:
            try:
                out += f.result()
            except ProxygraphError as exc:
                error = error or exc
        return error if error is not None else out

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class ProcessExtract(_ParallelExtract):
    """N worker processes on this machine, each loading the model once."""

    def __init__(self, workers: int, **kw):
        super().__init__(workers, **kw)
        self.workers = workers
        self._pool = None

    def _start(self) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=mp.get_context(START_METHOD),
            initializer=_init_worker, initargs=(self.kb_key, self.kb if self.kb_key else None, self.model),
        )

    def _submit(self, docs):
        return self._pool.submit(extract_batch, docs, self.kb_key, None, self.model)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExtract(_ParallelExtract):
    """Extraction on an existing Dask distributed cluster; results come back in order."""

    def __init__(self, scheduler, **kw):
        try:
            from distributed import Client
        except ImportError as exc:
            raise missing_extra("dask", "dask") from exc
        if isinstance(scheduler, Client):
            self.client, self._own_client = scheduler, False
        else:
            try:
                self.client = Client(scheduler, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with 'dask scheduler'"
                    " and workers with 'dask worker ADDRESS --nthreads 1', or give --workers N to use this machine"
                ) from exc
            self._own_client = True
        slots = max(1, sum(self.client.nthreads().values()))
        super().__init__(slots, **kw)
        self._kb_future = None
        self._run = uuid.uuid4().hex[:12]
        self._n = 0

    def _start(self) -> None:
        if self.kb_key is not None:
            # one copy per worker, shipped once; tasks refer to it by key
            self._kb_future = self.client.scatter(self.kb, broadcast=True, hash=False)

    def _submit(self, docs):
        self._n += 1
        return self.client.submit(
            extract_batch, docs, self.kb_key, self._kb_future, self.model,
            key=f"proxygraph-extract-{self._run}-{self._n}", pure=False, retries=1,
        )

    def close(self) -> None:
        if self._kb_future is not None:
            self._kb_future.release()
            self._kb_future = None
        if self._own_client:
            self.client.close()


def make_extract(workers: int = 1, scheduler=None, *, kb=None, model: str | None = None, batch: int = BATCH):
    """A callable extracting lists of Documents in worker processes or on a Dask cluster.

    ``scheduler`` (an address such as ``tcp://host:8786``, or a
    ``distributed.Client``) wins over ``workers``. The knowledge base is the
    bundled one unless ``kb`` is given or the runner binds the store's.
    """
    if scheduler:
        return DaskExtract(scheduler, kb=kb, model=model, batch=batch)
    if workers < 1:
        raise ConfigError(f"workers must be 1 or more, not {workers}")
    return ProcessExtract(workers, kb=kb, model=model, batch=batch)


__all__ = ["DaskExtract", "ProcessExtract", "extract_batch", "make_extract"]
