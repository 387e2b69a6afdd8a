"""The proxygraph command line: a thin layer over the Python API.

Commands live in small modules and load only when used, so `--help` stays
fast and optional extras are needed only by the commands that use them.
"""
from __future__ import annotations

import importlib
import sys

import click

from ..errors import ProxygraphError

# command name -> "module:function"
COMMANDS = {
    "ingest": "proxygraph.cli.ingest:ingest",
    "demo": "proxygraph.cli.demo:demo",
    "entities": "proxygraph.cli.query:entities",
    "show": "proxygraph.cli.query:show",
    "claims": "proxygraph.cli.query:claims",
    "eval": "proxygraph.cli.eval:eval_command",
    "serve": "proxygraph.cli.serve:serve",
    "export": "proxygraph.cli.export:export",
    "import": "proxygraph.cli.export:import_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx, name):
        return self._load(name)

    def _load(self, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None  # that command is not part of this build
            raise
        return getattr(mod, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="proxygraph")
def group():
    """Evidence-linked graphs of state-sponsored proxy networks, read from text.

    Ingest articles and press releases, then query the claims (who founds,
    funds, arms, trains and commands whom), each traced to its sentence.
    """


def cli():
    try:
        group.main(standalone_mode=False)
    except ProxygraphError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
