"""The command line. Thin: every command calls the Python API and prints one line per error."""

from __future__ import annotations

import datetime as dt
import importlib
import sys

import click

from .batch import FORMATS
from .errors import NewsclaimsError
from .lang import supported

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
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def fail(exc: NewsclaimsError) -> None:
    click.echo(f"newsclaims: {exc}", err=True)
    sys.exit(1)


@click.group(cls=LazyGroup)
@click.version_option(package_name="newsclaims")
def cli():
    """Reads news reports and lays out every checkable claim."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(supported()), help="Language of the input (detected when omitted).")
@click.option("--published", callback=parse_date, help="Publication date YYYY-MM-DD, for resolving relative times.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format: json for one input, jsonl for several (default), text, csv (one row per figure), html (annotated article).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Parallel worker processes; 0 = one per core when there are many inputs.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write one file per input (<document id>.json, or .csv/.txt with --format) into this folder.")
def analyze(paths, lang, published, fmt, jobs, out_dir):
    """Analyse reports (files, folders, globs, URLs, or - for standard input).

    A bad input is reported on stderr (and as an error record in JSON Lines); the others go on.
    Exit code 1 when any input failed."""
    from .batch import run_batch

    sys.exit(run_batch(list(paths), lang=lang, published=published, fmt=fmt, jobs=jobs, out_dir=out_dir))


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


if __name__ == "__main__":
    main()
