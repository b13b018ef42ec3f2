"""Many inputs through ``analyze``: expansion, per-input errors, output in one format.

A bad input is reported (stderr line and, in JSON Lines, an error record) and the batch goes on;
the exit code is 1 when any input failed.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .errors import E301, NewsclaimsError

SUFFIXES = (".txt", ".text", ".md", ".pdf", ".html", ".htm")


def expand(inputs: list[str]) -> list[str]:
    """Folders become the report files under them (sorted); paths, URLs and '-' stay as given."""
    out = []
    for item in inputs:
        p = Path(item)
        if item != "-" and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(item)
    return out


def analyze_one(item: str, lang: str | None, published: dt.date | None):
    from .pipeline import analyze

    if item == "-":
        data = sys.stdin.buffer.read()
        return analyze(data, lang=lang, published=published)
    return analyze(item if item.startswith(("http://", "https://")) else Path(item), lang=lang, published=published)


def run_batch(inputs: list[str], *, lang=None, published=None, fmt=None, jobs=1, out_dir=None) -> int:
    from .render.json import to_json, to_jsonl
    from .render.text import to_text

    items = expand(inputs)
    if not items:
        click.echo(f"newsclaims: {NewsclaimsError(E301, 'no report files found in the given paths')}", err=True)
        return 1
    fmt = fmt or ("json" if len(items) == 1 else "jsonl")
    failed = 0
    for item in items:
        try:
            report = analyze_one(item, lang, published)
        except NewsclaimsError as exc:
            failed += 1
            click.echo(f"newsclaims: {item}: {exc}", err=True)
            if fmt == "jsonl" and not out_dir:
                click.echo(json.dumps({"input": item, "error": {"code": exc.code, "message": exc.message}}, ensure_ascii=False))
            continue
        if out_dir:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            (Path(out_dir) / f"{report.document.id}.json").write_text(to_json(report), encoding="utf-8")
        elif fmt == "json":
            click.echo(to_json(report))
        elif fmt == "jsonl":
            click.echo(to_jsonl(report))
        elif fmt == "text":
            click.echo(to_text(report))
    if len(items) > 1:
        click.echo(f"newsclaims: {len(items) - failed} of {len(items)} inputs analysed, {failed} failed", err=True)
    return 1 if failed else 0
