"""Running what is scored: the ingest pipeline, in a temporary store, on the gold texts.

The gold files give only the paths of the texts; the texts are read with
the same readers as ``ingest`` (front matter, dates and publishers
included), stored through ``Graph.ingest`` into one temporary store, and
read back from it, so what is scored is exactly what a user's store would
hold, cross-document resolution included.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import query
from ..api import open as open_graph
from ..errors import ConfigError, ExtractError, IngestError
from ..ingest import read_documents
from ..model import Document
from ..store import Store
from .gold import GoldDoc
from .output import SystemClaim, SystemDoc, SystemEntity
from .scorer import Scores, score

SYSTEM = "proxygraph"


def read_text(gold: GoldDoc) -> Document:
    """The one document a gold file's ``text_file`` holds, read as ``ingest`` reads it."""
    items = list(read_documents([gold.text_path]))
    for item in items:
        if isinstance(item, IngestError):
            raise ConfigError(f"{gold.path}: text_file {gold.text_path}: {item.reason}")
    if len(items) != 1:
        raise ConfigError(f"{gold.path}: text_file {gold.text_path} holds {len(items)} documents; a gold file scores exactly one")
    return items[0]


def read_output(store: Store, doc: str, document_id: str) -> SystemDoc:
    """What the store holds for one document, in the scorer's (and --dump) form."""
    stored = query.document(store, document_id)
    forms: dict[str, list[str]] = {}
    for m in stored["mentions"]:
        seen = forms.setdefault(m["entity_id"], [])
        if not m["coref"] and m["text"] not in seen:
            seen.append(m["text"])
    rows = sorted(stored["claims"], key=lambda c: (c["start"], c["subject"]["id"], c["predicate"], c["object"]["id"], c["negated"]))
    claims = [
        SystemClaim(
            c["subject"]["id"], c["predicate"], c["object"]["id"], hedged=c["hedged"], negated=c["negated"],
            attributed_to=c["attributed_to"]["id"] if c["attributed_to"] else None, time=c["time"],
            evidence=c["evidence"], start=c["start"], end=c["end"], rule=c["rule"],
        )
        for c in rows
    ]
    for cl in claims:
        for e in (cl.subject, cl.object, cl.attributed_to):
            if e is not None:
                forms.setdefault(e, [])
    entities = []
    for eid, seen in forms.items():
        e = query.find_entity(store, eid)
        entities.append(SystemEntity(e["id"], e["name"], e["type"], e["qid"], tuple(seen)))
    return SystemDoc(doc, entities, claims, document_id)


def _run_baselines(store: Store, documents: list[Document], outputs: list[SystemDoc], names) -> dict[str, list[SystemDoc]]:
    from ..extract import get_extractor
    from ..extract.pipeline import prepare
    from .baselines import BASELINES, DocView, token_entities

    nlp = get_extractor(kb=store.kb).nlp
    authorities = {
        r["id"] for r in store.conn.execute("SELECT id, kb_id FROM entities WHERE kb_id IS NOT NULL")
        if (e := store.kb.get(r["kb_id"])) is not None and e.authority
    }
    texts = {d.id: d.text for d in documents}
    parses = dict(zip(texts, nlp.pipe(prepare(t) for t in texts.values())))
    out: dict[str, list[SystemDoc]] = {name: [] for name in names}
    for document, system in zip(documents, outputs):
        doc = parses[document.id]
        mentions = store.conn.execute(
            "SELECT entity_id, start, end FROM mentions WHERE doc_id = ? AND coref = 0 ORDER BY start", (document.id,)
        ).fetchall()
        view = DocView(doc, document.text, token_entities(doc, mentions), {e.id: e.type for e in system.entities}, authorities)
        for name in names:
            out[name].append(SystemDoc(system.doc, system.entities, BASELINES[name](view), document.id))
    return out


def run(golds: list[GoldDoc], *, baselines=(), kb=None) -> dict[str, list[SystemDoc]]:
    """System output per gold document: proxygraph's, then each baseline's on the same entities."""
    documents = [read_text(g) for g in golds]
    with tempfile.TemporaryDirectory(prefix="proxygraph-eval-") as tmp:
        with open_graph(Path(tmp) / "eval.db", kb=kb) as graph:
            report = graph.ingest(*documents)
            if report.errors:
                raise ExtractError("the pipeline failed on gold text(s): " + "; ".join(map(str, report.errors)))
            outputs = [read_output(graph.store, g.doc, d.id) for g, d in zip(golds, documents)]
            result = {SYSTEM: outputs}
            if baselines:
                result.update(_run_baselines(graph.store, documents, outputs, baselines))
    return result


@dataclass
class Evaluation:
    gold: list[GoldDoc]
    outputs: dict[str, list[SystemDoc]]  # proxygraph first, then the baselines
    scores: dict[str, Scores]


def evaluate(golds: list[GoldDoc], *, baselines=(), kb=None) -> Evaluation:
    outputs = run(golds, baselines=baselines, kb=kb)
    scores = {name: score(list(zip(golds, docs))) for name, docs in outputs.items()}
    return Evaluation(golds, outputs, scores)


def write_dump(outputs: list[SystemDoc], folder: str | Path) -> list[Path]:
    """``<doc>.json`` per document: the entities and claims the system produced."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for d in outputs:
            path = folder / f"{d.doc}.json"
            path.write_text(json.dumps(d.as_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            paths.append(path)
    except OSError as exc:
        raise ConfigError(f"{folder}: cannot write the dump ({exc.strerror})") from exc
    return paths
