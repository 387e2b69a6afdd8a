"""GraphML and GEXF for Gephi, yEd, Cytoscape and networkx.

Nodes are entities (label, type, QID, KB id, aliases); edges are the selected
asserted claims summed per (subject, predicate, object): predicate, family,
hedged (every claim hedged), claims, hedged claims, independent sources,
source document ids, first/last time and the best confidence.

Both files are written as a stream of XML, not through ``networkx.write_*``,
which would need the whole graph in memory first: nodes come from one SQLite
cursor, edges (aggregated by SQLite) from another. ``networkx.read_graphml``
and ``networkx.read_gexf`` read them back as a MultiDiGraph (see
docs/export.md); ``proxygraph.Graph.to_networkx()`` builds the same edge
summary in memory when that is what you want.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from .base import Exporter, Record
from .selection import iter_edges, iter_entities

# (attribute name, GraphML type, GEXF type)
NODE_ATTRS = [("label", "string", None), ("type", "string", "string"), ("qid", "string", "string"),
              ("kb_id", "string", "string"), ("aliases", "string", "string")]
EDGE_ATTRS = [("predicate", "string", "string"), ("family", "string", "string"), ("hedged", "boolean", "boolean"),
              ("claims", "int", "integer"), ("hedged_claims", "int", "integer"), ("sources", "int", "integer"),
              ("documents", "string", "string"), ("first_time", "string", "string"),
              ("last_time", "string", "string"), ("confidence", "double", "double")]

ALIAS_SEPARATOR = "; "


def node_values(e: dict) -> dict:
    return {"label": e["name"], "type": e["type"], "qid": e["qid"], "kb_id": e["kb_id"],
            "aliases": ALIAS_SEPARATOR.join(a["alias"] for a in e["aliases"])}


def edge_id(e: dict) -> str:
    return f"{e['subject_id']}:{e['predicate']}:{e['object_id']}"


def edge_values(e: dict) -> dict:
    return {"predicate": e["predicate"], "family": e["family"], "hedged": e["hedged"], "claims": e["n_claims"],
            "hedged_claims": e["n_hedged"], "sources": e["n_sources"], "documents": " ".join(e["documents"]),
            "first_time": e["first_time"], "last_time": e["last_time"], "confidence": e["confidence"]}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(round(v, 4))
    return _NOT_XML.sub(" ", str(v))


class _GraphExporter(Exporter):
    """Nodes first, then edges: one cursor each."""

    def records(self) -> Iterator[Record]:
        for e in iter_entities(self.store, self.selection, negated=False):
            yield Record("entity", e)
        for e in iter_edges(self.store, self.selection):
            yield Record("edge", e)

    def __init__(self, fh, store, selection):
        super().__init__(fh, store, selection)
        self._section: str | None = None

    def write(self, record: Record) -> None:
        if record.kind != self._section:
            self._switch(record.kind)
        if record.kind == "entity":
            self._node(record.data)
            self.counts["node"] += 1
        else:
            self._edge(record.data)
            self.counts["edge"] += 1

    def finalize(self) -> None:
        self._switch(None)
        self.fh.flush()

    def _switch(self, kind: str | None) -> None:
        raise NotImplementedError

    def _node(self, e: dict) -> None:
        raise NotImplementedError

    def _edge(self, e: dict) -> None:
        raise NotImplementedError


class GraphMLExporter(_GraphExporter):
    name = "graphml"
    extension = "graphml"
    description = "GraphML (yEd, Cytoscape, networkx), the edge summary of the selection"

    def __init__(self, fh, store, selection):
        super().__init__(fh, store, selection)
        w = fh.write
        w("<?xml version='1.0' encoding='utf-8'?>\n")
        w('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
          ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
          ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
          ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        w(f"  <!-- proxygraph export; selection: {escape(selection.describe()).replace('--', '- -')} -->\n")
        for name, gtype, _ in NODE_ATTRS:
            w(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{gtype}"/>\n')
        for name, gtype, _ in EDGE_ATTRS:
            w(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{gtype}"/>\n')
        w('  <graph edgedefault="directed">\n')

    def _switch(self, kind):
        self._section = kind
        if kind is None:
            self.fh.write("  </graph>\n</graphml>\n")

    def _data(self, prefix: str, values: dict) -> str:
        return "".join(f'<data key="{prefix}_{k}">{escape(_text(v))}</data>'
                       for k, v in values.items() if v is not None and v != "")

    def _node(self, e):
        self.fh.write(f"    <node id={quoteattr(_text(e['id']))}>{self._data('n', node_values(e))}</node>\n")

    def _edge(self, e):
        self.fh.write(f"    <edge id={quoteattr(edge_id(e))} source={quoteattr(e['subject_id'])}"
                      f" target={quoteattr(e['object_id'])}>{self._data('e', edge_values(e))}</edge>\n")


class GexfExporter(_GraphExporter):
    name = "gexf"
    extension = "gexf"
    description = "GEXF 1.2 (Gephi), the edge summary of the selection"

    def __init__(self, fh, store, selection):
        super().__init__(fh, store, selection)
        w = fh.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
          ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
        w(f"  <meta><creator>proxygraph</creator><description>{escape(selection.describe())}</description></meta>\n")
        w('  <graph defaultedgetype="directed" mode="static">\n')
        w('    <attributes class="node">\n')
        for i, (name, _, xtype) in enumerate(NODE_ATTRS):
            if xtype:
                w(f'      <attribute id="{i}" title="{name}" type="{xtype}"/>\n')
        w('    </attributes>\n    <attributes class="edge">\n')
        for i, (name, _, xtype) in enumerate(EDGE_ATTRS):
            w(f'      <attribute id="{i}" title="{name}" type="{xtype}"/>\n')
        w('    </attributes>\n')
        self._node_ids = {name: i for i, (name, _, _) in enumerate(NODE_ATTRS)}
        self._edge_ids = {name: i for i, (name, _, _) in enumerate(EDGE_ATTRS)}

    def _switch(self, kind):
        w = self.fh.write
        if self._section == "entity":
            w("    </nodes>\n")
        elif self._section == "edge":
            w("    </edges>\n")
        if kind == "entity":
            w("    <nodes>\n")
        elif kind == "edge":
            w("    <edges>\n")
        else:
            w("  </graph>\n</gexf>\n")
        self._section = kind

    @staticmethod
    def _attvalues(ids: dict, values: dict) -> str:
        vals = "".join(f'<attvalue for="{ids[k]}" value={quoteattr(_text(v))}/>'
                       for k, v in values.items() if v is not None and v != "")
        return f"<attvalues>{vals}</attvalues>" if vals else ""

    def _node(self, e):
        values = node_values(e)
        label = values.pop("label")
        self.fh.write(f"      <node id={quoteattr(_text(e['id']))} label={quoteattr(_text(label))}>"
                      f"{self._attvalues(self._node_ids, values)}</node>\n")

    def _edge(self, e):
        self.fh.write(f"      <edge id={quoteattr(edge_id(e))} source={quoteattr(e['subject_id'])}"
                      f" target={quoteattr(e['object_id'])} label={quoteattr(e['predicate'])}>"
                      f"{self._attvalues(self._edge_ids, edge_values(e))}</edge>\n")
