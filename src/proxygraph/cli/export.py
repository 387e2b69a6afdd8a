"""`proxygraph export` and `proxygraph import`: thin wrappers over proxygraph.export."""
import json

import click

from ..model import FAMILIES, PREDICATES
from ..store import Store
from .options import db_option

FORMAT_CHOICES = ["stix", "ftm", "graphml", "gexf", "csv", "jsonl"]


def _split_multi(values: tuple[str, ...]) -> list[str] | None:
    out = [v.strip() for item in values for v in item.split(",") if v.strip()]
    return out or None


@click.command()
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), required=True,
              help="stix (STIX 2.1 bundle), ftm (FollowTheMoney JSON lines), graphml, gexf, csv or jsonl.")
@db_option
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write; '-' for stdout. A file is replaced only when the export succeeds.")
@click.option("--entity", "-e", help="Only this entity (name, alias, id or QID) and its neighbourhood.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="With --entity: 1 = claims touching it, 2 = also claims touching its neighbours.")
@click.option("--family", multiple=True, metavar="FAMILY",
              help=f"Only these predicate families (repeat or comma-separate): {', '.join(FAMILIES)}.")
@click.option("--predicate", "-p", multiple=True, metavar="PREDICATE",
              help=f"Only these predicates (repeat or comma-separate): {', '.join(PREDICATES)}.")
@click.option("--min-sources", type=click.IntRange(min=1), default=None,
              help="Only links asserted by at least this many independent documents.")
@click.option("--year-from", type=int, default=None, help="Only claims dated in or after this year (undated claims drop out).")
@click.option("--year-to", type=int, default=None, help="Only claims dated in or before this year (undated claims drop out).")
@click.option("--exclude-hedged", is_flag=True, help="Leave out hedged claims (alleged, reportedly, plots).")
def export(fmt, db, output, entity, depth, family, predicate, min_sources, year_from, year_to, exclude_hedged):
    """Export claims and entities to STIX 2.1, FollowTheMoney, GraphML, GEXF, CSV or JSON Lines.

    Exports stream from the store, so memory stays flat however large it is.
    The mappings are described in docs/export.md.

    \b
      proxygraph export -f stix -o proxies.json
      proxygraph export -f graphml --entity "Quds Force" --depth 2 --family support,control -o qf.graphml
      proxygraph export -f csv --min-sources 2 --year-from 2010 --year-to 2020
    """
    from ..export import export as run_export
    from ..export.selection import make_selection

    with Store(db, readonly=True) as store:
        selection = make_selection(
            store, entity=entity, depth=depth, family=_split_multi(family), predicate=_split_multi(predicate),
            min_sources=min_sources, year_from=year_from, year_to=year_to, include_hedged=not exclude_hedged,
        )
        counts = run_export(store, fmt, output, selection=selection)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing matched the filters"
    where = "" if output == "-" else f" to {output}"
    click.echo(f"exported {summary}{where} ({selection.describe()})", err=True)


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "-f", "fmt", default="stix", show_default=True, metavar="[stix]",
              help="The input format: stix (STIX 2.x bundles, e.g. an OpenCTI export).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_command(file, fmt, db, as_json):
    """Seed the knowledge base with the actors of a STIX bundle (e.g. an OpenCTI export).

    Identities, threat actors, intrusion sets and locations, with their
    aliases and Wikidata QIDs, become knowledge-base entries of this store, so
    the next ingest recognises them; actors already in the store get the new
    names as aliases. One transaction: a failed import changes nothing.
    """
    from ..errors import ExportError
    from ..export.stix_import import import_stix

    if fmt != "stix":
        raise ExportError(f"{file}: cannot import format {fmt!r}; proxygraph imports stix (STIX 2.x bundles)")
    with Store(db) as store:
        report = import_stix(store, file)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=1))
        return
    click.echo(f"{file}: {report.objects} objects, {report.entries} actors and places: "
               f"{report.new} new knowledge-base entries, {report.merged} merged into known ones, "
               f"{report.aliases} aliases and {report.qids} QIDs added to stored entities")
    if report.skipped:
        click.echo("skipped: " + ", ".join(f"{n} {kind}" for kind, n in report.skipped.most_common()))
