import csv
import json
import sys

import click

from ..api import open as open_graph
from ..model import ENTITY_TYPES, PREDICATES
from .options import db_option


def _flags(c: dict) -> str:
    bits = []
    if c["negated"]:
        bits.append("DENIED")
    if c["hedged"]:
        bits.append("hedged")
    if c["time"]:
        bits.append(c["time"])
    if c["attributed_to"]:
        bits.append(f"per {c['attributed_to']['name']}")
    if c["quantity"]:
        bits.append(c["quantity"])
    return ", ".join(bits)


@click.command()
@db_option
@click.option("--type", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="Only this entity type.")
@click.option("--search", "-s", help="Name or alias contains this (spelling variants allowed).")
@click.option("--limit", default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def entities(db, etype, search, limit, fmt):
    """List entities, most connected first."""
    with open_graph(db, readonly=True) as g:
        rows = g.entities(type=etype, search=search, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        click.echo(f"{r['n_claims']:>5}  {r['type']:<6} {r['name']}  [{r['id']}]" + (f"  {r['qid']}" if r["qid"] else ""))


@click.command()
@click.argument("entity")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(entity, db, fmt):
    """Profile of one entity: aliases, QID, and every claim with its evidence."""
    with open_graph(db, readonly=True) as g:
        d = g.entity(entity)
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=1))
        return
    click.secho(f"{d['name']}  ({d['type']})", bold=True)
    click.echo(f"id {d['id']}   QID {d['qid'] or '-'}   in {d['n_documents']} document(s)")
    by_source: dict[str, list[str]] = {}
    for a in d["aliases"]:
        by_source.setdefault(a["source"], []).append(a["alias"])
    for src, names in by_source.items():
        click.echo(f"aliases ({src}): " + "; ".join(names))
    for pred, rows in d["claims"].items():
        click.secho(f"\n{pred}", bold=True)
        for c in rows:
            other = c["object"] if c["direction"] == "out" else c["subject"]
            arrow = "->" if c["direction"] == "out" else "<-"
            flags = _flags(c)
            click.echo(f"  {arrow} {other['name']}   [{c['n_docs']} doc(s)]" + (f"  ({flags})" if flags else ""))
            click.echo(f"     \u201c{c['evidence'].strip()}\u201d")
            doc = c["document"]
            click.echo(f"     \u2014 {doc['title'] or doc['id']}" + (f", {doc['date']}" if doc["date"] else "") + (f"  {doc['url']}" if doc["url"] else ""))


CSV_FIELDS = ["subject", "predicate", "object", "hedged", "negated", "attributed_to", "time", "quantity", "n_docs",
              "evidence", "doc_title", "doc_date", "doc_url"]


@click.command()
@db_option
@click.option("--subject", help="Subject entity (name, alias, id or QID).")
@click.option("--predicate", type=click.Choice(PREDICATES), help="One predicate.")
@click.option("--object", "obj", help="Object entity.")
@click.option("--family", type=click.Choice(["support", "control", "hostile", "designated", "allied_with", "operates_in", "succeeded"]))
@click.option("--min-sources", type=int, default=None, help="At least this many independent documents assert the link.")
@click.option("--limit", default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def claims(db, subject, predicate, obj, family, min_sources, limit, fmt):
    """Filter claims; every row carries its evidence sentence."""
    with open_graph(db, readonly=True) as g:
        rows = g.claims(subject=subject, predicate=predicate, object=obj, family=family, min_sources=min_sources, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS)
        w.writeheader()
        for c in rows:
            w.writerow({
                "subject": c["subject"]["name"], "predicate": c["predicate"], "object": c["object"]["name"],
                "hedged": c["hedged"], "negated": c["negated"],
                "attributed_to": c["attributed_to"]["name"] if c["attributed_to"] else "", "time": c["time"] or "",
                "quantity": c["quantity"] or "", "n_docs": c["n_docs"], "evidence": c["evidence"],
                "doc_title": c["document"]["title"] or "", "doc_date": c["document"]["date"] or "",
                "doc_url": c["document"]["url"] or "",
            })
    else:
        for c in rows:
            flags = _flags(c)
            click.echo(f"{c['subject']['name']} --{c['predicate']}--> {c['object']['name']}" + (f"  ({flags})" if flags else ""))
            click.echo(f"    \u201c{c['evidence'].strip()[:300]}\u201d  \u2014 {c['document']['title'] or c['document']['id']}")
