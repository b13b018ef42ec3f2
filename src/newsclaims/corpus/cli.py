"""``newsclaims corpus``: a thin shell over the corpus API (newsclaims.corpus)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import scheduler_option
from ..errors import E301, NewsclaimsError
from ..lang import supported
from ..render import LISTING, TABLE, count, formats
from ..render.listing import Listing, Table, cell

CATEGORIES = ["casualties", "killed", "wounded", "missing", "captured", "troops", "civilians_displaced",
              "weapons_munitions", "money", "percent", "people_other", "other"]


def _date(ctx, param, value):
    from ..cli import parse_date

    return parse_date(ctx, param, value)


def db_option(f):
    return click.option("--db", "db", default=None, metavar="PATH|URL",
                        help="Corpus database: a SQLite file path or a postgresql:// URL "
                             "(default $NEWSCLAIMS_CORPUS_DB or ~/.local/share/newsclaims/corpus.db).")(f)


def _open(db, *, create: bool = False):
    """The store; read-only commands (the default) never create one: E403 when there is none."""
    from . import open_store

    return open_store(db, create=create)


def _on_store(db, action, *, create: bool = False):
    """``action(store)`` on the opened store; a project error ends the command with one line."""
    try:
        with _open(db, create=create) as store:
            return action(store)
    except NewsclaimsError as exc:
        _fail(exc)


def _fail(exc: NewsclaimsError):
    from ..run import shown

    click.echo(shown(f"newsclaims: {exc}"), err=True)
    sys.exit(1)


def format_option(f):
    """``--format``: the listing formats of the renderer registry (``render.listing``)."""
    return click.option("--format", "fmt", type=click.Choice(list(formats(LISTING))), default="table",
                        show_default=True)(f)


def _show(listing: Listing, fmt: str) -> None:
    click.echo(formats(LISTING)[fmt].render(listing), nl=False)


def _interval(p) -> str:
    if p.low is not None and p.high is not None:
        return cell(p.low) if p.low == p.high else f"{cell(p.low)}-{cell(p.high)}"
    if p.low is not None:
        return f">={cell(p.low)}"
    if p.high is not None:
        return f"<={cell(p.high)}"
    return "?"


@click.group()
def corpus():
    """Store many reports and follow figures over time and across sources."""


@corpus.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", callback=_date, help="Publication date YYYY-MM-DD for every input "
              "(default: the input's own date, else an ISO date in the file name).")
@click.option("--lang", type=click.Choice(supported()), help="Language of the inputs (detected when omitted).")
@click.option("--site", help="Outlet name stored with the documents.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Analyse in this many worker processes (0: the rule of 'newsclaims analyze --jobs'); "
                   "this process writes every document, in input order, one transaction each.")
@scheduler_option
def add(paths, db, published, lang, site, jobs, scheduler):
    """Analyse reports (files, folders, URLs, JSON Lines or Parquet files of records) and store
    them; already stored texts are skipped. With --scheduler the analyses run on the cluster and
    this process writes."""
    from ..run import shown
    from . import add_paths

    try:
        store = _open(db, create=True)
        executor = _executor(scheduler, lang)
    except NewsclaimsError as exc:
        _fail(exc)

    def on_error(item, exc):
        click.echo(shown(f"newsclaims: {item}: {exc}" if item else f"newsclaims: {exc}"), err=True)

    def on_added(item, added):
        dup = f" (near-duplicate of document {added.near_duplicate_of})" if added.near_duplicate_of else ""
        click.echo(shown(f"added {item} as document {added.document_id}{dup}"), err=True)

    with store:
        result = add_paths(store, paths, published=published, lang=lang, site=site, on_error=on_error,
                           on_added=on_added, jobs=jobs, executor=executor)
    click.echo(f"newsclaims: {result.added} added ({count(result.duplicates, 'near-duplicate')}), "
               f"{result.skipped} already stored, {len(result.failed)} failed", err=True)
    sys.exit(1 if result.failed else 0)


def _executor(scheduler, lang):
    if not scheduler:
        return None
    from ..run.console import open_executor

    return open_executor(scheduler, 0, 0, lang)


def _sources(t) -> str:
    """Origins with the outlets that relayed them: 'NIS (via Yonhap)'."""
    named = [f"{s} (via {', '.join(t.relays[s])})" if s in t.relays else s for s in t.sources]
    return ", ".join(named)


TRACK_COLUMNS = ["track", "kind", "points", "sources", "unattributed", "undated", "first", "last", "conflicts",
                 "revisions"]


@corpus.command("tracks")
@db_option
@format_option
def tracks_command(db, fmt):
    """List tracks: defined ones first, then the automatic ones (measure/counted/actor)."""
    from . import tracks

    ts = _on_store(db, tracks)
    rows = [[t.name, "defined" if t.defined else "auto", t.points, _sources(t), t.unattributed, t.undated,
             t.first, t.last, t.conflicts, t.revisions] for t in ts]
    _show(Listing(data=[t.as_dict() for t in ts], records=Table(TRACK_COLUMNS, rows),
                  tables=[Table(TRACK_COLUMNS, rows)],
                  empty="no tracks yet (add reports with 'newsclaims corpus add')"), fmt)


@corpus.group()
def track():
    """Define, delete or merge tracks; keep a figure out of them."""


@track.command("define")
@click.argument("name")
@db_option
@click.option("--category", type=click.Choice(CATEGORIES), help="The measure (a figure's category, or what its counted word names).")
@click.option("--entity", help="ISO code of the entity the figures are about (e.g. KP).")
@click.option("--counted", help="What is counted, as written (e.g. Soldaten); read like the figures' counted words.")
def track_define(name, db, category, entity, counted):
    """Define (or redefine) track NAME by measure, entity and what is counted."""
    from . import define_track

    d = _on_store(db, lambda store: define_track(store, name, category=category, entity=entity, counted=counted),
                  create=True)
    click.echo(f"track {d.name}: category={d.category or '*'} entity={d.entity or '*'} counted={d.counted_class or '*'}")


@track.command("delete")
@click.argument("name")
@db_option
def track_delete(name, db):
    """Delete the defined track NAME."""
    from . import delete_track

    _on_store(db, lambda store: delete_track(store, name))
    click.echo(f"deleted track {name}")


@track.command("merge")
@click.argument("into")
@click.argument("other")
@db_option
def track_merge(into, other, db):
    """Show the points of automatic track OTHER under automatic track INTO from now on."""
    from . import merge_tracks

    _on_store(db, lambda store: merge_tracks(store, into, other))
    click.echo(f"track {other} merged into {into}")


@track.command("exclude")
@click.argument("figure_id", type=int)
@db_option
def track_exclude(figure_id, db):
    """Keep figure FIGURE_ID (see 'timeline --format json') out of every track from now on."""
    from . import exclude_figure

    _on_store(db, lambda store: exclude_figure(store, figure_id))
    click.echo(f"figure {figure_id} excluded from tracks")


def _source(p) -> str:
    return f"{p.source} (via {p.source_relay})" if p.source_relay else p.source


@corpus.command("timeline")
@click.argument("name")
@db_option
@format_option
@click.option("--why", is_flag=True, help="Say for each point why it joined the track (table format).")
@click.option("--chart", type=click.Path(dir_okay=False), help="Also draw the timeline to a .png or .svg file.")
def timeline_command(name, db, fmt, why, chart):
    """Show the points of track NAME in date order (undated ones apart), with conflicts between
    sources and revisions within one."""
    from . import timeline

    if chart and Path(chart).suffix.lower() not in (".png", ".svg"):
        _fail(NewsclaimsError(E301, f"--chart {chart}: use a .png or .svg file name"))
    tl = _on_store(db, lambda store: timeline(store, name))
    _show(Listing(data=tl.as_dict(), records=_timeline_records(tl), tables=_timeline_tables(tl),
                  notes=_timeline_notes(tl, why)), fmt)
    if chart:
        from .chart import draw

        draw(tl, chart)
        click.echo(f"newsclaims: chart written to {chart}", err=True)


def _against(tl) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for c in tl.conflicts:
        out.setdefault(c.a.figure_id, []).append(c.b.source)
        out.setdefault(c.b.figure_id, []).append(c.a.source)
    return out


TIMELINE_COLUMNS = ["date", "date_from", "low", "high", "approx", "text", "source", "relay", "source_kind",
                    "certainty", "document_id", "document", "figure_id", "conflicts_with", "revises", "why"]


def _timeline_records(tl) -> Table:
    against = _against(tl)
    return Table(TIMELINE_COLUMNS, [
        [p.date or "", p.date_from, cell(p.low).replace(",", ""), cell(p.high).replace(",", ""), p.approx, p.text,
         p.source, p.source_relay or "", p.source_kind or "", p.certainty, p.document_id, p.document, p.figure_id,
         "; ".join(against.get(p.figure_id, [])), p.revises or "", p.why] for p in tl.points + tl.undated])


def _timeline_tables(tl) -> list[Table]:
    against = _against(tl)
    header = ["id", "date", "interval", "as written", "source", "certainty", "document", "conflict"]

    def rows(pts):
        return [[p.figure_id, p.date or "", _interval(p), p.text, _source(p), p.certainty, p.document,
                 "!" + ", ".join(against[p.figure_id]) if p.figure_id in against else ""] for p in pts]

    title = (f"track {tl.track}: {count(len(tl.points), 'dated point')}, {len(tl.undated)} undated, "
             f"{count(len(tl.conflicts), 'conflict')}, {count(len(tl.revisions), 'revision')}")
    tables = [Table(header, rows(tl.points), title)]
    if tl.undated:
        tables.append(Table(header, rows(tl.undated),
                            "\nundated (no date of their own nor a publication date; not placed on the time axis):"))
    return tables


def _timeline_notes(tl, why: bool) -> list[str]:
    """The lines under the tables: why each point joined (--why), revisions, conflicts."""
    notes = [""] + [f"why {p.figure_id}: {p.why}" for p in tl.points + tl.undated] if why else []
    notes += [f"revision: {r}" for r in tl.revisions]
    for c in tl.conflicts:
        notes.append(f"conflict: {c}")
        notes += [f"  {side.source}, {side.document}: {side.sentence or side.text}" for side in (c.a, c.b)]
    return notes


@corpus.command("search")
@db_option
@click.option("--entity", help="Country: ISO code or name, adjective or demonym in English or German, "
                               "e.g. KP, \"North Korea\", Nordkorea, nordkoreanisch.")
@click.option("--source", help="Source name or a whole word of it, e.g. JCS (case-insensitive).")
@click.option("--category", type=click.Choice(CATEGORIES))
@click.option("--since", callback=_date, help="First date YYYY-MM-DD (inclusive).")
@click.option("--until", callback=_date, help="Last date YYYY-MM-DD (inclusive).")
@click.option("--limit", type=int)
@format_option
def search_command(db, entity, source, category, since, until, limit, fmt):
    """Find figures by entity, source, category and date."""
    from . import EXPORT_COLUMNS, search

    rows = _on_store(db, lambda store: search(store, entity=entity, source=source, category=category,
                                              since=since, until=until, limit=limit))
    # no actor column: a figure's actor is not stored (tracks compute it when read, corpus.measure)
    shown = [[r["date"], r["text"], r["category"], r["counted"], r["source_name"], r["certainty"],
              r["path"] or r["url"] or r["title"]] for r in rows]
    _show(Listing(data=rows, records=Table(EXPORT_COLUMNS, [[r.get(c) for c in EXPORT_COLUMNS] for r in rows]),
                  tables=[Table(["date", "figure", "category", "counted", "source", "certainty", "document"],
                                shown)]), fmt)


@corpus.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(list(formats(TABLE))), required=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Output file (required for parquet; default stdout).")
def export_command(db, fmt, out):
    """Export every figure with its document: one row per figure."""
    from . import export

    n = _on_store(db, lambda store: export(store, fmt, out if out else (None if fmt == "parquet" else sys.stdout)))
    click.echo(f"newsclaims: {count(n, 'figure')} exported" + (f" to {out}" if out else ""), err=True)
