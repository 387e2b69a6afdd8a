import sys
from pathlib import Path

import click

from ..api import open as open_graph
from ..ingest import read_documents
from ..store import DEFAULT_DB
from .ingest import print_report

DEMO_CORPUS = Path(__file__).resolve().parent.parent / "data" / "demo"


def print_summary(s: dict, top: int) -> None:
    click.echo(f"documents  {s['documents']}")
    click.echo(f"entities   {s['entities']}  (" + ", ".join(f"{k} {v}" for k, v in s["entities_by_type"].items()) + ")")
    click.echo(f"claims     {s['claims']}")
    click.echo("\nclaims by predicate")
    for p, n in s["claims_by_predicate"].items():
        click.echo(f"  {p:<12} {n}")
    click.echo("\nbest-supported sponsor -> proxy links (independent documents)")
    for e in s["top_sponsor_links"][:top]:
        hedge = "  (hedged)" if e["hedged"] else ""
        click.echo(f"  {e['n_docs']:>3}  {e['subject']['name']} --{e['predicate']}--> {e['object']['name']}{hedge}")


@click.command()
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="Where to build the demo store.")
@click.option("--top", default=15, show_default=True, help="How many links to list.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
def demo(db, top, progress):
    """Build a fresh store from the bundled corpus (32 US government releases) and summarise it."""
    path = Path(db)
    if path.exists():
        demo_ids = {d.id for d in read_documents([DEMO_CORPUS]) if not isinstance(d, Exception)}
        with open_graph(path) as g:
            others = g.store.document_ids() - demo_ids
        if others:
            raise click.ClickException(
                f"{path} holds {len(others)} document(s) that are not the demo corpus; "
                "pass --db with another file name so they are not overwritten"
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    if progress is None:
        progress = sys.stderr.isatty()
    with open_graph(path) as g:
        report = g.ingest(DEMO_CORPUS, progress=progress)
        print_report(report)
        click.echo()
        print_summary(g.summary(top=top), top)
    click.echo(f"\nstore: {path}   next: proxygraph show Soleimani --db {path}   |   proxygraph serve --db {path}")
