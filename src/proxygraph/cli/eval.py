import json

import click

from ..evaluate import BASELINE_NAMES, SYSTEM, evaluate, load_gold, write_dump
from ..evaluate.report import to_json, to_table


@click.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--baseline", "baseline", type=click.Choice([*BASELINE_NAMES, "all"]), default=None,
              help="Also score a baseline on the same parse and entities.")
@click.option("--verbose", "-v", is_flag=True, help="List each miss and false positive with its sentence.")
@click.option("--dump", "dump", default=None, type=click.Path(file_okay=False),
              help="Write <doc>.json per gold document: the entities and claims produced.")
@click.option("--kb", "kb", default=None, type=click.Path(exists=True, dir_okay=False),
              help="The knowledge-base YAML file, as given to 'ingest --kb'.")
def eval_command(gold, fmt, baseline, verbose, dump, kb):
    """Score extraction against gold files (folders of *.json, or files).

    Each gold file's text_file is ingested, as 'ingest' would, into a
    temporary store; the gold is read only to score. Strict and relaxed
    precision, recall and F1 are micro-averaged over all documents given.
    """
    baselines = BASELINE_NAMES if baseline == "all" else (baseline,) if baseline else ()
    ev = evaluate(load_gold(gold), baselines=baselines, kb=kb)
    if dump:
        paths = write_dump(ev.outputs[SYSTEM], dump)
        click.echo(f"wrote {len(paths)} file(s) to {dump}", err=True)
    if fmt == "json":
        click.echo(json.dumps(to_json(ev, verbose), ensure_ascii=False, indent=1))
    else:
        click.echo(to_table(ev, verbose))
