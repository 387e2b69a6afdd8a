import click

from ..store import DEFAULT_DB

db_option = click.option(
    "--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    envvar="PROXYGRAPH_DB", help="The SQLite store (env PROXYGRAPH_DB).",
)
