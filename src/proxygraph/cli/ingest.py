import sys

import click

from ..api import open as open_graph
from .options import db_option


def print_report(report) -> None:
    click.echo(
        f"{report.documents} new document(s), {report.known} already stored, {report.claims} claim(s), "
        f"{report.failed} failed, in {report.seconds:.1f}s",
        err=True,
    )
    for e in report.errors:
        click.secho(f"  skipped {e}", fg="yellow", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64), help="Extract in N processes.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Extract on a Dask distributed scheduler (tcp://host:8786).")
@click.option("--kb", "kb", default=None, type=click.Path(exists=True, dir_okay=False), help="An extra knowledge-base YAML file.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
def ingest(paths, db, workers, scheduler, kb, progress):
    """Read text, Markdown, HTML and JSON Lines files and folders into the store.

    Documents already stored are skipped; a file that cannot be read is
    named, skipped and counted, and the command then exits with status 1.
    """
    if progress is None:
        progress = sys.stderr.isatty()
    with open_graph(db, kb=kb) as g:
        report = g.ingest(*paths, workers=workers, scheduler=scheduler, progress=progress)
    print_report(report)
    if report.failed:
        sys.exit(1)
