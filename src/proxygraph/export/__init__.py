"""Take the graph elsewhere: STIX 2.1, FollowTheMoney, GraphML, GEXF, CSV and JSON Lines.

    >>> from proxygraph.export import export
    >>> with proxygraph.open("proxygraph.db", readonly=True) as g:
    ...     export(g.store, "stix", "iran.json", entity="Quds Force", depth=2, min_sources=2)

Every format streams (``write(record)`` then ``finalize()``, see ``base``)
over one shared SQL selection (``selection``); ``import_stix`` seeds the
knowledge base from a STIX bundle. Mappings: docs/export.md.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO

from ..errors import ExportError
from ..store import Store
from .base import Exporter, Record, open_output, run
from .selection import Selection, make_selection


def _formats() -> dict[str, type[Exporter]]:
    from .ftm import FtmExporter
    from .graph import GexfExporter, GraphMLExporter
    from .stix import StixExporter
    from .tabular import CsvExporter, JsonlExporter

    return {cls.name: cls for cls in (StixExporter, FtmExporter, GraphMLExporter, GexfExporter, CsvExporter, JsonlExporter)}


FORMATS = ("stix", "ftm", "graphml", "gexf", "csv", "jsonl")


def exporter_class(fmt: str) -> type[Exporter]:
    classes = _formats()
    if fmt not in classes:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return classes[fmt]


def export(store: Store, fmt: str, out: str | Path | TextIO | None = None, selection: Selection | None = None,
           **filters) -> Counter:
    """Export the selected part of a store; returns how many objects of each kind were written.

    ``out`` is a path, "-"/None for stdout, or an open text stream. ``filters``
    are those of :func:`~proxygraph.export.selection.make_selection` (entity,
    depth, family, predicate, min_sources, year_from, year_to, include_hedged).
    """
    cls = exporter_class(fmt)
    if selection is None:
        selection = make_selection(store, **filters)
    elif filters:
        raise ExportError("give either a Selection or filters, not both")
    if hasattr(out, "write"):
        return run(cls(out, store, selection))
    with open_output(out) as fh:
        return run(cls(fh, store, selection))


def import_stix(store: Store, path: str | Path, **kw):
    from .stix_import import import_stix as _import

    return _import(store, path, **kw)


__all__ = ["export", "import_stix", "FORMATS", "Exporter", "Record", "Selection", "make_selection",
           "exporter_class", "open_output", "run"]
