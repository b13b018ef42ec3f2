"""The command line. Thin: every command calls the Python API and prints one line per error."""

from __future__ import annotations

import gc
import importlib
import sys

import click

from .errors import NewsclaimsError
from .lang import supported
from .render import formats

# Subcommands that live with the code they drive, imported only when called (fast start).
LAZY_COMMANDS = {
    "corpus": "newsclaims.corpus.cli:corpus",
    "serve": "newsclaims.web.cli:serve",
    "eval": "newsclaims.eval:eval_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


def parse_date(ctx, param, value):
    """A click callback: YYYY-MM-DD to a date; anything else is a one-line E301 saying what is wrong."""
    if value is None:
        return None
    from .run.dates import parse_date as parse

    try:
        return parse(value)
    except NewsclaimsError as exc:
        fail(NewsclaimsError(exc.code, f"--{param.name}: {exc.message}"))


def fail(exc: NewsclaimsError) -> None:
    click.echo(f"newsclaims: {exc}", err=True)
    sys.exit(1)


def scheduler_option(f):
    return click.option("--scheduler", metavar="tcp://HOST:8786|local:N", default=None,
                        help="Analyse on a Dask cluster (pip install 'newsclaims[cluster]'): a scheduler's address, "
                             "or local:N to start N worker processes here. --jobs is then ignored.")(f)


@click.group(cls=LazyGroup)
@click.version_option(package_name="newsclaims")
def cli():
    """Reads news reports and lays out every checkable claim."""


def _formats_help() -> str:
    return "Output format: " + "; ".join(f"{r.name}: {r.help}" for r in formats().values()) + \
        ". Default: json for one input, jsonl for several."


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(supported()), help="Language of the input (detected when omitted; "
              "a text too short to detect needs it, or NEWSCLAIMS_DEFAULT_LANG).")
@click.option("--published", callback=parse_date, help="Publication date YYYY-MM-DD, for resolving relative times "
              "(default: the input's own date, else an ISO date in the file name).")
@click.option("--format", "fmt", type=click.Choice(list(formats())), default=None, help=_formats_help())
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes. 0: one process, unless every worker would get at least 24 inputs and "
                   "cores are idle (cores minus the load average): then one worker per idle core. "
                   "N: N workers.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write one file per input (<document id>.json, or the format's suffix) into this folder.")
@scheduler_option
def analyze(paths, lang, published, fmt, jobs, out_dir, scheduler):
    """Analyse reports (files, folders, globs, URLs, or - for standard input), and JSON Lines or
    Parquet files of records {id, text, lang?, published?, url?, site?} (one report per record).

    A bad input is reported on stderr (and as an error record in json/jsonl streams); the others
    go on. Exit code 1 when any input failed."""
    from .run.console import analyze_command

    sys.exit(analyze_command(list(paths), lang=lang, published=published, fmt=fmt, jobs=jobs, out_dir=out_dir,
                                     scheduler=scheduler))


@cli.command()
def schema():
    """Print the JSON Schema of the Report."""
    import json

    from .report import Report

    click.echo(json.dumps(Report.model_json_schema(), indent=2, ensure_ascii=False))


def main():
    try:
        cli(standalone_mode=True)
    except NewsclaimsError as exc:
        fail(exc)
    finally:
        # The command is done: the interpreter's collections at exit would walk every object
        # spaCy and the language data made (a tenth of a second) for cycles nobody needs freed.
        # Exit handlers still run, and objects still close as their last reference goes.
        gc.freeze()


if __name__ == "__main__":
    main()
