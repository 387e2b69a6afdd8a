"""The exporter contract: ``write(record)`` for each record, then ``finalize()``.

An exporter is given an open text stream, the store and a
:class:`~proxygraph.export.selection.Selection`. :meth:`Exporter.records`
says what it consumes (entities, claims or edge summaries, in that order,
straight from SQLite cursors); :func:`run` feeds them to :meth:`write` and
calls :meth:`finalize`, which closes whatever the format keeps open (a JSON
array, an XML element). Exporters write as they go and keep nothing that
grows with the store, so memory stays flat however large the store is.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, NamedTuple, TextIO

from ..errors import ExportError
from ..store import Store
from .selection import Selection


class Record(NamedTuple):
    kind: str  # "entity" | "claim" | "edge"
    data: dict


class Exporter:
    name: ClassVar[str] = ""
    extension: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, fh: TextIO, store: Store, selection: Selection):
        self.fh = fh
        self.store = store
        self.selection = selection
        self.counts: Counter = Counter()  # what was written, by kind of output object

    def records(self) -> Iterator[Record]:
        """The records this format consumes, in the order it needs them."""
        raise NotImplementedError

    def write(self, record: Record) -> None:
        raise NotImplementedError

    def finalize(self) -> None:
        """Close what the format keeps open; called once, after the last write."""


def run(exporter: Exporter) -> Counter:
    for record in exporter.records():
        exporter.write(record)
    exporter.finalize()
    return exporter.counts


@contextmanager
def open_output(path: str | Path | None) -> Iterator[TextIO]:
    """A text stream for ``-o``: stdout for None or "-", else a file replaced only on success.

    Writing goes to a temporary file beside the target, renamed over it at the
    end, so a failed export never leaves half a file where a good one was.
    """
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: is a directory; give a file name with -o")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the export ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
