"""The corpus store and tracks, on SQLite and on a real PostgreSQL server (same tests, both backends).

The story corpus (tests/data/story/) is one developing story over twelve months in German and
English: figures that grow, several sources, relays, a revision, inflected and derived heads
('Gefallenen', 'Nordkoreanern', 'Kampfopfer', 'losses'), reports dated only by their dateline or
not at all, one wire story printed by two outlets, and sources that contradict each other.
``tests/data/story.yaml`` annotates its figures by hand and says which tracks, points, conflicts
and revisions they must give; the tests build Reports from the annotation (so they do not depend
on how far the extractors are) and compare; the end-to-end test runs the real pipeline.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from newsclaims import corpus as nc
from newsclaims.corpus import store as store_mod
from newsclaims.corpus.cli import corpus as corpus_cli
from newsclaims.errors import NewsclaimsError
from newsclaims.corpus.tracks import (
    Conflict, Point, Rules, conflict, conflicts, countable, group, interval, intervals, order, revisions,
)
from newsclaims.ingest import load
from newsclaims.ingest.dateline import dateline_date
from newsclaims.report import (
    Attribution, Document, Entity, EntityNorm, Generator, Quantity, Report, Sentence, Span,
)

pytest_plugins = ["conftest_postgres"]

STORY_DIR = Path(__file__).parent / "data" / "story"
STORY_DATA = yaml.safe_load((Path(__file__).parent / "data" / "story.yaml").read_text(encoding="utf-8"))
STORY = STORY_DATA["reports"]
EXPECTED = STORY_DATA["tracks"]
CASUALTIES = "casualties/soldier/KP"
TROOPS = "troops/soldier/KP"
KILLED = "killed/soldier/KP"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    start = 0 if start < 0 else start + (2 if text[start] == "." else 1)
    m = re.compile(r"[.!?](?=\s|$)").search(text, pos)
    return start, (m.end() if m else len(text))


def _find_in_sentence(text: str, part: str, s0: int, s1: int, inside: tuple[int, int] | None, at: int) -> int:
    """Where ``part`` is: inside the span ``inside`` if there, else the nearest before ``at`` in the
    sentence, else after it."""
    if inside is not None and (i := text.find(part, *inside)) >= 0:
        return i
    before = text.rfind(part, s0, at)
    return before if before >= 0 else text.index(part, at, s1)


def _published(path: Path, text: str) -> dt.date | None:
    return nc.date_from_name(path.name) or dateline_date(text, _lang(path))


def _lang(path: Path) -> str:
    return re.search(r"(?:^|-)(de|en)-", path.name).group(1)


def build_report(path: Path) -> Report:
    """A Report for a story file with the figures annotated in story.yaml (real ingest, hand-made figures)."""
    d = load(path)
    text = d.text
    entities, quantities, sentences = [], [], []
    cursor = 0
    for i, fig in enumerate(STORY[path.name]):
        qtext, low, high, approx, counted, cat, src, actor, certainty = fig[:9]
        relay = fig[9] if len(fig) > 9 else None
        start = text.index(qtext, cursor)
        cursor = start + len(qtext)
        s0, s1 = _sentence_bounds(text, start)
        sentences.append(Sentence(text=text[s0:s1], start=s0, end=s1, index=i, block=0))
        cspan = None
        if counted:
            c0 = _find_in_sentence(text, counted, s0, s1, (start, s1), start)
            cspan = Span(text=counted, start=c0, end=c0 + len(counted))
        if actor:
            atext, code = actor if isinstance(actor, list) else (actor, "KP")
            a0 = _find_in_sentence(text, atext, s0, s1, (cspan.start, cspan.end) if cspan else None, start)
            entities.append(Entity(id=f"e{len(entities)}", text=atext, start=a0, end=a0 + len(atext), kind="country",
                                   norm=EntityNorm(name=code, code=code)))
        att = None
        if src:
            r = None
            if relay:
                r0 = text.index(relay, s0, s1)
                r = Span(text=relay, start=r0, end=r0 + len(relay))
            att = Attribution(text=text[s0:s0 + 1], start=s0, end=s0 + 1, name=src, kind=STORY_DATA["sources"][src],
                              relay=r)
        quantities.append(Quantity(id=f"q{i}", text=qtext, start=start, end=start + len(qtext), sentence=i, low=low,
                                   high=high, approx=approx, counted=cspan, category=cat, source=att, certainty=certainty))
    return Report(
        generator=Generator(version="test"),
        document=Document(id=d.id, source=d.source, lang=_lang(path), title=d.title, published=_published(path, text),
                          text=text, blocks=d.blocks, sentences=sentences),
        entities=entities, quantities=quantities,
    )


@pytest.fixture(scope="module")
def story_reports() -> list[Report]:
    return [build_report(p) for p in sorted(STORY_DIR.glob("*.txt"))]


@pytest.fixture
def store(db_url):
    with nc.open_store(db_url) as s:
        yield s


def _summary(points):
    return [(p.date.isoformat(), p.text, p.source) for p in points]


def test_story_corpus_is_what_the_issue_asks():
    """At least 30 reports in German and English over at least 10 months, some undated."""
    files = sorted(STORY_DIR.glob("*.txt"))
    assert sorted(STORY) == sorted(p.name for p in files) and len(files) >= 30
    assert {_lang(p) for p in files} == {"de", "en"}
    dates = [d for p in files if (d := _published(p, p.read_text(encoding="utf-8")))]
    assert (max(dates) - min(dates)).days >= 300 and len(dates) < len(files)


DATELINES = yaml.safe_load((Path(__file__).parent / "data" / "datelines.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang,text,expected", [(lang, t, d) for lang, cases in DATELINES.items() for t, d in cases])
def test_dateline_date(lang, text, expected):
    assert dateline_date(text, lang) == expected


# ---------------------------------------------------------------------------------------------
# Store and tracks on both backends


def _as_expected(tl) -> dict:
    return {"points": [[p.date.isoformat(), p.text, p.source] for p in tl.points],
            "undated": [[p.text, p.source] for p in tl.undated],
            "conflicts": [[c.a.text, c.b.text] for c in tl.conflicts],
            "revisions": [[r.old.text, r.new.text, r.direction] for r in tl.revisions]}


def test_story_tracks(store, story_reports):
    result = nc.add_reports(store, story_reports)
    assert (result.added, result.duplicates, result.skipped) == (len(STORY), 2, 0)
    summaries = {t.name: t for t in nc.tracks(store)}
    assert set(summaries) == set(EXPECTED)
    for name, want in EXPECTED.items():
        tl = nc.timeline(store, name)
        assert _as_expected(tl) == {k: want[k] for k in ("points", "undated", "conflicts", "revisions")}, name
        s = summaries[name]
        assert (s.sources, s.relays, s.unattributed) == (want["sources"], want["relays"], want["unattributed"]), name
        assert (s.points, s.undated, s.conflicts, s.revisions) == (
            len(want["points"]) + len(want["undated"]), len(want["undated"]), len(want["conflicts"]),
            len(want["revisions"]))


def test_conflicts_name_both_figures_with_sentences_and_documents(store, story_reports):
    nc.add_reports(store, story_reports)
    c = nc.timeline(store, KILLED).conflicts[0]
    d = c.as_dict()
    assert (d["a"]["source"], d["b"]["source"]) == ("Volodymyr Zelensky", "NIS")
    assert "2,000 North Korean soldiers" in d["a"]["sentence"] and "etwa 600" in d["b"]["sentence"]
    assert d["a"]["document"].endswith("2025-07-07-en-globalnews-zelensky.txt")
    assert d["b"]["document"].endswith("2025-07-14-de-abendecho-nis.txt")
    assert "lower" in c.reason


def test_a_point_says_why_it_joined(store, story_reports):
    nc.add_reports(store, story_reports)
    pts = {p.text: p for p in nc.timeline(store, KILLED).points}
    why = pts["rund 400"].why
    assert "'Gefallenen' names killed (stem 'gefallen')" in why
    assert "joins the only class of killed/KP: soldier" in why and "actor KP from 'nordkoreanischen'" in why
    pts = {p.text: p for p in nc.timeline(store, CASUALTIES).points}
    assert "'Kampfopfer' names casualties (stem 'opfer')" in pts["rund 4.500"].why
    assert "'losses' names casualties (stem 'loss')" in pts["roughly 4,000"].why


def test_user_merges_tracks_and_excludes_a_figure(store, story_reports):
    nc.add_reports(store, story_reports)
    pts = nc.timeline(store, KILLED).points
    zelensky = next(p for p in pts if p.source == "Volodymyr Zelensky")
    nc.exclude_figure(store, zelensky.figure_id)
    killed = nc.timeline(store, KILLED)
    assert zelensky.figure_id not in [p.figure_id for p in killed.points] and killed.conflicts == []
    nc.merge_tracks(store, CASUALTIES, "wounded/-/-")
    names = {t.name for t in nc.tracks(store)}
    assert "wounded/-/-" not in names
    merged = nc.timeline(store, CASUALTIES)
    (wounded,) = [p for p in merged.points if p.text == "2,700"]
    assert "track wounded/-/- merged into casualties/soldier/KP by the user" in wounded.why
    with pytest.raises(NewsclaimsError, match="E402"):
        nc.merge_tracks(store, CASUALTIES, "no/such/track")
    with pytest.raises(NewsclaimsError, match="E402"):
        nc.exclude_figure(store, 10**6)


def _all_timelines(store) -> dict:
    return {name: tl.as_dict() for name, tl in nc.timelines(store).items()}


def test_track_keys_are_cached_per_rule_version(store, story_reports, monkeypatch):
    """The track rule's result is stored per rule version: a read after a rule change (another
    version) places every figure again and replaces the keys; the tracks are the same either way."""
    from sqlalchemy import func, select

    from newsclaims.corpus import measure, points
    from newsclaims.corpus.store import TrackKeyRow

    def keys():
        with store.session() as s:
            return dict(s.execute(select(TrackKeyRow.rule, func.count()).group_by(TrackKeyRow.rule)).all())

    nc.add_reports(store, story_reports)
    fresh = _all_timelines(store)
    version = measure.rule_version()
    stored = keys()
    assert list(stored) == [version] and stored[version] > 30
    assert _all_timelines(store) == fresh                          # from the cache
    monkeypatch.setattr(measure, "rule_version", lambda: "changed-rule")
    assert _all_timelines(store) == fresh and keys() == {"changed-rule": stored[version]}
    monkeypatch.undo()
    points.forget(store)
    assert keys() == {} and [t.as_dict() for t in nc.tracks(store)] == [t.as_dict() for t in nc.tracks(store)]


def test_a_store_the_cache_cannot_be_written_to_reads_the_same(store, story_reports, monkeypatch):
    from sqlalchemy import text

    from newsclaims.corpus import points

    nc.add_reports(store, story_reports)
    want = _all_timelines(store)
    points.forget(store)
    monkeypatch.setattr(points, "_insert_new", lambda dialect: text("INSERT INTO no_such_table VALUES (1)"))
    assert _all_timelines(store) == want
    assert store.count(store_mod.TrackKeyRow) == 0


def test_one_timeline_equals_the_listing(store, story_reports):
    """``timeline(name)`` reads only the figures of its (measure, actor) pairs, merged tracks
    included; the result is that track of the whole listing."""
    nc.add_reports(store, story_reports)
    nc.merge_tracks(store, CASUALTIES, "wounded/-/-")
    nc.define_track(store, "nk", entity="KP")
    listing = _all_timelines(store)
    assert {name: nc.timeline(store, name).as_dict() for name in listing} == listing
    with pytest.raises(NewsclaimsError, match="E402"):
        nc.timeline(store, "wounded/-/-")


def test_adding_twice_stores_once(store, story_reports):
    nc.add_reports(store, story_reports[:5])
    again = nc.add_reports(store, story_reports[:5])
    assert (again.added, again.skipped) == (0, 5)
    assert store.count() == 5
    assert store.count(store_mod.FigureRow) == 5


def test_near_duplicate_is_linked(store, story_reports):
    nc.add_reports(store, story_reports)
    docs = {Path(d["path"]).name: d for d in nc.documents(store)}
    for orig, copy in (("2024-12-02-en-wire-dailyherald.txt", "2024-12-02-en-wire-globalnews.txt"),
                       ("2025-06-16-de-rundschau-nis-bilanz.txt", "2025-06-16-de-tagesblatt-nis-bilanz.txt")):
        assert docs[copy]["near_duplicate_of"] == docs[orig]["id"] and docs[copy]["similarity"] >= 90
    assert sum(1 for d in docs.values() if d["near_duplicate_of"]) == 2


def _snapshot(store):
    figs = nc.search(store)
    docs = nc.documents(store)
    return (sorted((d["content_hash"], d["near_duplicate_of"] is not None) for d in docs),
            sorted((f["content_hash"], f["text"], f["low"], f["high"], f["source_name"]) for f in figs),
            [(t.name, t.points, t.conflicts) for t in nc.tracks(store)])


def test_interrupted_run_completes_on_rerun(db_url, tmp_path, story_reports, monkeypatch):
    real = store_mod._insert_children
    calls = {"n": 0}

    def dying(s, doc_id, report, bands):
        calls["n"] += 1
        real(s, doc_id, report, bands)          # rows written inside the open transaction ...
        if calls["n"] == 6:
            raise KeyboardInterrupt              # ... then the process "dies" before the commit

    with nc.open_store(db_url) as s:
        monkeypatch.setattr(store_mod, "_insert_children", dying)
        with pytest.raises(KeyboardInterrupt):
            nc.add_reports(s, story_reports)
        monkeypatch.setattr(store_mod, "_insert_children", real)
        assert s.count() == 5                                   # no half-written sixth document
        assert s.count(store_mod.FigureRow) == 5
        nc.add_reports(s, story_reports)
        interrupted = _snapshot(s)
    with nc.open_store(tmp_path / "clean.db") as clean:
        nc.add_reports(clean, story_reports)
        assert _snapshot(clean) == interrupted


def test_defined_track(store, story_reports):
    nc.add_reports(store, story_reports)
    d = nc.define_track(store, "nk-losses", category="casualties", entity="kp", counted="Soldaten")
    assert (d.entity, d.counted_class) == ("KP", "soldier")
    tl = nc.timeline(store, "nk-losses")
    assert [p.text for p in tl.points] == [p.text for p in nc.timeline(store, CASUALTIES).points]
    assert len(tl.conflicts) == len(EXPECTED[CASUALTIES]["conflicts"])
    # A broader track: every dated figure that names North Korean soldiers, whatever the measure
    # (6 troops, 6 casualties, 4 killed; without a measure, figures that name no class stay out).
    nc.define_track(store, "nk-all", entity="KP", counted="soldiers")
    assert len(nc.timeline(store, "nk-all").points) == 16
    assert [t.name for t in nc.tracks(store) if t.defined] == ["nk-all", "nk-losses"]
    nc.delete_track(store, "nk-all")
    with pytest.raises(NewsclaimsError) as exc:
        nc.timeline(store, "nk-all")
    assert "E402" in str(exc.value)


def test_search_and_export(store, story_reports, tmp_path):
    nc.add_reports(store, story_reports)
    jcs = nc.search(store, entity="KP", source="jcs", category="casualties")
    assert [(r["date"].isoformat(), r["text"]) for r in jcs] == [
        ("2024-12-02", "More than 1,000"), ("2024-12-02", "More than 1,000"),
        ("2024-12-09", "etwa 1.100"), ("2025-01-20", "rund 4.000"), ("2025-04-14", "etwa 4.700"),
        ("2025-10-13", "about 5,000")]
    dec = nc.search(store, since=dt.date(2024, 12, 1), until=dt.date(2024, 12, 31))
    assert len(dec) == 7 and all(dt.date(2024, 12, 1) <= r["date"] <= dt.date(2024, 12, 31) for r in dec)
    figures = sum(len(v) for v in STORY.values())
    assert nc.export(store, "parquet", tmp_path / "f.parquet") == figures == 36
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "f.parquet")
    assert table.num_rows == figures and "near_duplicate_of" in table.column_names
    assert nc.export(store, "csv", tmp_path / "f.csv") == figures
    assert (tmp_path / "f.csv").read_text().splitlines()[0].startswith("figure_id,document_id,date")


def test_migrations_are_at_head(store):
    from newsclaims.corpus.migrate import current, head

    assert current(store.engine) == head() == "0003"


# ---------------------------------------------------------------------------------------------
# Conflict rule (pure)


def _pt(i, day, low, high, approx, source, category="casualties"):
    return Point(figure_id=i, document_id=i, date=dt.date(2024, 12, day), date_from="published", low=low, high=high,
                 approx=approx, text=str(low), category=category, counted_class="soldier", actor="KP",
                 source_name=source, source_kind=None, certainty="reported")


def test_conflict_rule():
    older, newer_larger = _pt(1, 1, 1000, 1000, "exact", "A"), _pt(2, 9, 3000, 3000, "exact", "B")
    assert conflict(older, newer_larger, "casualties") is None                  # an update
    assert "lower" in conflict(older, _pt(3, 9, 200, 200, "exact", "B"), "casualties")
    assert conflict(older, _pt(4, 9, 200, 200, "exact", "A"), "casualties") is None   # same source
    assert "same date" in conflict(older, _pt(5, 1, 3000, 3000, "exact", "B"), "casualties")
    assert conflict(older, _pt(6, 9, 1050, 1050, "about", "B"), "casualties") is None  # about: +-10 %
    assert conflict(_pt(7, 1, 1000, None, "more_than", "A"), _pt(8, 9, 5000, 5000, "exact", "B"), "casualties") is None
    # troops are a stock, not a running count: a change within the window is a conflict, later it is news
    t1, t2, t3 = _pt(9, 1, 10000, 10000, "exact", "A", "troops"), _pt(10, 5, 20000, 20000, "exact", "B", "troops"), \
        _pt(11, 30, 20000, 20000, "exact", "B", "troops")
    assert conflict(t1, t2, "troops") and conflict(t1, t3, "troops") is None
    assert [(c.a.figure_id, c.b.figure_id) for c in conflicts([t1, t2, t3], "troops")] == [(9, 10)]
    # an unattributed figure is no source; figures about no known or another actor are another measure
    unattributed, no_actor, other_actor = (_pt(12, 9, 200, 200, "exact", None), _pt(13, 9, 200, 200, "exact", "B"),
                                           _pt(14, 9, 200, 200, "exact", "C"))
    no_actor.actor, other_actor.actor = None, "UA"
    for p in (unattributed, no_actor, other_actor):
        assert conflict(older, p, "casualties") is None
    assert conflicts([older, unattributed, no_actor, other_actor], "casualties") == []


def test_a_figure_without_a_class_joins_the_only_class():
    a, b = _pt(1, 1, 10, 10, "exact", "A"), _pt(2, 2, 20, 20, "exact", "A")
    b.counted_class = None
    assert list(group([a, b])) == ["casualties/soldier/KP"]
    c = _pt(3, 3, 30, 30, "exact", "A")
    c.counted_class = "civilian"
    assert sorted(group([a, b, c])) == ["casualties/-/KP", "casualties/civilian/KP", "casualties/soldier/KP"]
    assert list(group([a, b, c], Rules(merged={"casualties/-/KP": "casualties/soldier/KP"}, excluded={3}))) == [
        "casualties/soldier/KP"]


def test_revisions():
    """A source replacing its own estimate: for a count that only grows, only a lower one is a
    revision; for a stock (troops) either way; overlapping figures and other sources are not."""
    old, grown, lowered = _pt(1, 1, 1000, 1000, "exact", "A"), _pt(2, 5, 3000, 3000, "exact", "A"), \
        _pt(3, 9, 500, 500, "exact", "A")
    other = _pt(4, 10, 100, 100, "exact", "B")
    found = revisions([old, grown, lowered, other], "casualties")
    assert [(r.old.figure_id, r.new.figure_id, r.direction) for r in found] == [(2, 3, "down")]
    assert lowered.revises == 2 and grown.revises is None
    found = revisions([old, grown, lowered], "troops")
    assert [(r.old.figure_id, r.new.figure_id, r.direction) for r in found] == [(1, 2, "up"), (2, 3, "down")]


def test_document_restating_a_figure_counts_once():
    headline, body, other = _pt(1, 2, 1000, 1000, "exact", None), _pt(2, 2, 1000, None, "more_than", "JCS"), \
        _pt(3, 2, 5000, 5000, "exact", "JCS")
    headline.counted, body.counted, other.counted = None, "soldiers", "soldiers"
    body.document_id = other.document_id = headline.document_id
    body.start, other.start = 50, 100
    (only,) = group([headline, body]).values()
    assert [(p.figure_id, p.restated) for p in only] == [(2, [1])]
    headline.restated = body.restated = []
    (both,) = group([headline, other]).values()   # 1,000 and 5,000 in one text: two figures
    assert [p.figure_id for p in both] == [1, 3]


# ---------------------------------------------------------------------------------------------
# Command line (SQLite file; CliRunner in-process)


@pytest.fixture
def cli_db(tmp_path, story_reports):
    db = tmp_path / "cli.db"
    with nc.open_store(db) as s:
        nc.add_reports(s, story_reports)
    return str(db)


def test_cli_tracks_timeline_chart(cli_db, tmp_path):
    run = CliRunner().invoke
    out = run(corpus_cli, ["tracks", "--db", cli_db])
    assert out.exit_code == 0 and CASUALTIES in out.output and TROOPS in out.output
    out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db, "--format", "json"])
    data = json.loads(out.output)
    assert [p["text"] for p in data["points"]][:2] == ["Hunderte", "More than 1,000"]
    assert data["conflicts"][0]["a"]["source"] == "JCS" and data["conflicts"][0]["b"]["source"] == "Russian defence ministry"
    assert data["undated"][0]["text"] == "mehr als 5.000" and data["revisions"] == []
    out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert len(rows) == 17 and rows[-1]["date"] == "" and rows[-1]["text"] == "mehr als 5.000"
    moscow = rows[3]
    assert [moscow[k] for k in ("date", "low", "high", "approx", "text", "source", "conflicts_with")] == [
        "2024-12-10", "200", "200", "about", "around 200", "Russian defence ministry", "JCS"]
    assert "actor KP from 'North Korean' in the counted phrase" in moscow["why"]
    assert rows[7]["relay"] == "Yonhap" and rows[7]["source"] == "NIS"
    out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db, "--why"])
    assert "conflict: JCS (etwa 1.100, 2024-12-09) vs Russian defence ministry (around 200, 2024-12-10)" in out.output
    assert "NIS (via Yonhap)" in out.output and "undated (no date of their own" in out.output
    assert "'Kampfopfer' names casualties" in out.output
    out = run(corpus_cli, ["timeline", KILLED, "--db", cli_db])
    assert "revision: NIS revised down: rund 400 (2025-02-03) -> etwa 250 (2025-03-17)" in out.output
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        chart = tmp_path / f"c{suffix}"
        out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db, "--chart", str(chart)])
        assert out.exit_code == 0 and chart.read_bytes().startswith(magic)
    out = run(corpus_cli, ["timeline", "no/such/track", "--db", cli_db])
    assert out.exit_code == 1 and "E402" in out.output


def test_cli_define_search_export(cli_db, tmp_path):
    run = CliRunner().invoke
    out = run(corpus_cli, ["track", "define", "nk", "--category", "casualties", "--entity", "KP", "--counted", "Soldaten", "--db", cli_db])
    assert out.exit_code == 0 and "counted=soldier" in out.output
    out = run(corpus_cli, ["tracks", "--db", cli_db, "--format", "json"])
    assert json.loads(out.output)[0]["name"] == "nk"
    out = run(corpus_cli, ["search", "--db", cli_db, "--source", "NIS", "--format", "json"])
    assert [r["text"] for r in json.loads(out.output)] == [
        "Mindestens 100", "At least 300", "2,700", "rund 400", "about 3,000", "etwa 250", "rund 600", "rund 600",
        "etwa 600", "rund 4.700"]
    out = run(corpus_cli, ["search", "--db", cli_db, "--source", "NIS"])
    lines = out.output.splitlines()
    assert out.exit_code == 0 and lines[0].split() == ["date", "figure", "category", "counted", "source", "certainty",
                                                       "document"]
    assert len(lines) == 12 and lines[2].startswith("2024-12-19  Mindestens 100")
    out = run(corpus_cli, ["tracks", "--db", cli_db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert out.exit_code == 0 and rows[0]["track"] == "nk" and rows[0]["kind"] == "defined"
    out = run(corpus_cli, ["export", "--db", cli_db, "--format", "jsonl"])
    lines = [json.loads(x) for x in out.output.splitlines() if x.startswith("{")]
    assert len(lines) == 36 and {"low", "high", "source_name", "published"} <= set(lines[0])
    out = run(corpus_cli, ["export", "--db", cli_db, "--format", "parquet"])
    assert out.exit_code == 1 and "E301" in out.output


def test_chart_svg_for_the_web_escapes_article_text():
    """The one chart, as inline SVG: a bar per dated point in a <g class="point"> with a tooltip
    and a link to its document, conflicts marked, article text escaped, undated points counted."""
    from newsclaims.corpus.chart import svg

    hostile_source, hostile_text = '<img src=x onerror="alert(1)"> $x$', "<script>alert(1)</script>"
    a, b, c = _pt(1, 1, 200, 999, "vague", "NIS"), _pt(2, 9, 1000, None, "more_than", hostile_source), \
        _pt(3, 20, 1100, 1100, "exact", "JCS")
    a.text = hostile_text
    undated = _pt(4, 1, 5, 5, "exact", "X")
    undated.date = None
    tl = nc.Timeline("casualties/soldier/KP", None, [a, b, c], [undated], [Conflict(a, c, "why")])
    out = svg(tl, href=lambda p: f"/corpus/documents/{p.document_id}")
    assert out.startswith("<svg") and out.count("<svg") == 1 and 'class="timeline"' in out
    assert out.count('class="point conflict"') == 2 and out.count('class="point"') == 1
    assert "<script" not in out and "<img" not in out and "&lt;img src=x" in out
    assert 'xlink:href="/corpus/documents/3"' in out and "1 undated point not shown" in out


def test_cli_merge_and_exclude(cli_db):
    run = CliRunner().invoke
    out = run(corpus_cli, ["timeline", KILLED, "--db", cli_db, "--format", "json"])
    zelensky = next(p for p in json.loads(out.output)["points"] if p["source"] == "Volodymyr Zelensky")
    out = run(corpus_cli, ["track", "exclude", str(zelensky["figure_id"]), "--db", cli_db])
    assert out.exit_code == 0
    out = run(corpus_cli, ["track", "merge", CASUALTIES, "wounded/-/-", "--db", cli_db])
    assert out.exit_code == 0 and "merged" in out.output
    out = run(corpus_cli, ["tracks", "--db", cli_db, "--format", "json"])
    tracks = {t["name"]: t for t in json.loads(out.output)}
    assert "wounded/-/-" not in tracks and tracks[KILLED]["sources"] == ["NIS", "Pentagon"]
    assert tracks[KILLED]["conflicts"] == 0 and tracks[CASUALTIES]["points"] == 18
    out = run(corpus_cli, ["track", "merge", CASUALTIES, "nothing/-/-", "--db", cli_db])
    assert out.exit_code == 1 and "E402" in out.output and "Traceback" not in out.output


def test_cli_store_that_cannot_be_opened(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    for args in (["add", str(tmp_path / "none.txt")], ["tracks"]):
        for db in (str(blocker / "sub" / "c.db"), "postgresql://nobody@/x?host=/nonexistent&port=1"):
            out = CliRunner().invoke(corpus_cli, [*args, "--db", db])
            if args == ["tracks"] and "://" not in db:   # read-only: a missing file is not created
                assert out.exit_code == 1 and out.output.startswith("newsclaims: E403: no corpus at "), out.output
                continue
            assert out.exit_code == 1 and out.output.startswith("newsclaims: E401: cannot open corpus"), out.output
            assert "Traceback" not in out.output


def test_cli_add_end_to_end(tmp_path):
    """The real pipeline over the story corpus: stored once, duplicate linked, bad input reported."""
    db = str(tmp_path / "e2e.db")
    run = CliRunner().invoke
    out = run(corpus_cli, ["add", str(STORY_DIR), str(tmp_path / "missing.txt"), "--db", db])
    assert out.exit_code == 1
    errors = [line for line in out.output.splitlines() if "missing.txt" in line and "E101" in line]
    assert len(errors) == 1
    with nc.open_store(db) as s:
        docs = nc.documents(s)
        assert len(docs) == len(STORY)
        # the file name's date, else the dateline's; the undated reports stay undated
        published = {Path(d["path"]).name: d["published"] for d in docs}
        assert published == {p.name: _published(p, load(p).text) for p in STORY_DIR.glob("*.txt")}
        assert published["de-wire-seoul-dateline.txt"] == dt.date(2025, 4, 14)
        assert published["en-wire-kyiv-dateline.txt"] == dt.date(2025, 6, 2)
        assert published["de-nachtkurier-undatiert.txt"] is None
        assert [Path(d["path"]).name for d in docs if d["near_duplicate_of"]] == [
            "2024-12-02-en-wire-globalnews.txt", "2025-06-16-de-tagesblatt-nis-bilanz.txt"]
    out = run(corpus_cli, ["add", str(STORY_DIR), "--db", db])
    assert out.exit_code == 0 and "0 added" in out.output and f"{len(STORY)} already stored" in out.output


KILL_AFTER_WRITING = """
import os, signal, sys
from newsclaims import corpus as nc
from newsclaims.corpus import store as store_mod
real, calls = store_mod._insert_children, [0]
def dying(*args):
    calls[0] += 1
    real(*args)                                   # rows written, transaction still open
    if calls[0] == 6:
        os.kill(os.getpid(), signal.SIGKILL)
store_mod._insert_children = dying
sys.path.insert(0, sys.argv[2])
from test_corpus import STORY_DIR, build_report
with nc.open_store(sys.argv[1]) as s:
    nc.add_reports(s, [build_report(p) for p in sorted(STORY_DIR.glob("*.txt"))])
"""


def test_killed_process_then_rerun_equals_clean_run(db_url, tmp_path, story_reports):
    """A process killed (SIGKILL) in the middle of writing its sixth document; running the same
    additions again completes the corpus exactly as one uninterrupted run."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", KILL_AFTER_WRITING, db_url, str(Path(__file__).parent)],
                          capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr[-2000:]
    with nc.open_store(db_url) as s:
        assert s.count() == 5
        stored = {d["id"] for d in nc.documents(s)}
        assert {f["document_id"] for f in nc.search(s)} <= stored
        result = nc.add_reports(s, story_reports)
        assert (result.added, result.skipped) == (len(STORY) - 5, 5)
        rerun = _snapshot(s)
    with nc.open_store(tmp_path / "clean.db") as clean:
        nc.add_reports(clean, story_reports)
        assert _snapshot(clean) == rerun


def test_pipeline_story_end_to_end(tmp_path):
    """What the real pipeline gives over the story corpus: one track per measure of North Korea's
    soldiers across wording and language, with at least 80 % of the hand-annotated points (the
    rest are the extractors' misses: a category, an attribution), undated reports apart, and the
    conflicts between Kyiv's and Seoul's totals."""
    with nc.open_store(tmp_path / "p.db") as s:
        nc.add_paths(s, [STORY_DIR])
        names = [t.name for t in nc.tracks(s)]
        for m in ("casualties", "killed", "troops"):
            assert [n for n in names if n.startswith(f"{m}/") and n.endswith("/KP")] == [f"{m}/soldier/KP"]
        for name in (CASUALTIES, KILLED, TROOPS):
            tl = nc.timeline(s, name)
            dates = [p.date for p in tl.points]
            assert dates == sorted(dates)
            got = {(p.date.isoformat(), p.text.lower()) for p in tl.points}
            want = {(d, text.lower()) for d, text, _source in EXPECTED[name]["points"]}
            assert len(got & want) >= 0.8 * len(want), sorted(want - got)
            assert [p.text for p in tl.undated] == [text for text, _source in EXPECTED[name]["undated"]]
        cas = nc.timeline(s, CASUALTIES)
        assert not any(p.path.endswith("globalnews.txt") and p.date == dt.date(2024, 12, 2) for p in cas.points)
        pairs = {(c.a.text, c.b.text) for c in cas.conflicts}
        assert {("etwa 1.100", "around 200"), ("about 6,000", "rund 4.700"), ("more than 6,000", "about 5,000")} <= pairs


@pytest.mark.xfail(reason="attribution: 'Ukraine's General Staff now puts the number ... at about 4,000' is not "
                          "attributed, so the German and English General Staff figures carry different sources", strict=True)
def test_pipeline_story_sources_across_languages(tmp_path):
    with nc.open_store(tmp_path / "p.db") as s:
        nc.add_paths(s, [STORY_DIR])
        pts = {p.date.isoformat(): p for p in nc.timeline(s, CASUALTIES).points}
        assert pts["2024-12-23"].source == pts["2025-01-06"].source != "unattributed"


# ---------------------------------------------------------------------------------------------
# Speed work: the fast paths must give exactly what the plain rule gives, on larger inputs


def reference_conflicts(points, category=None):
    """The conflict rule as a plain all-pairs scan (the reference for the O(n log n) ``conflicts``):
    for each point, the last point in order (up to its date) of each other source that ``conflict``
    accepts; a pair found from both ends counts once (the first finder's category decides)."""
    pts = order([p for p in points if countable(p) and p.date is not None])
    out, seen = [], set()
    for i, b in enumerate(pts):
        cat = category or b.category
        last = {}
        for j, a in enumerate(pts):
            if a.date > b.date:
                break
            if j == i:
                continue
            older, newer = (a, b) if j < i else (b, a)
            why = conflict(older, newer, cat)
            if why is not None:
                last[a.source.lower()] = (older, newer, why)
        for older, newer, why in last.values():
            if (older.figure_id, newer.figure_id) not in seen:
                seen.add((older.figure_id, newer.figure_id))
                out.append(Conflict(older, newer, why))
    return sorted(out, key=lambda c: (c.b.date, c.a.date, c.a.figure_id, c.b.figure_id))


def _random_points(rnd, n, sources, days, categories):
    pts = []
    for i in range(n):
        approx = rnd.choice(["exact", "about", "more_than", "almost", "at_least", "vague"])
        low = float(rnd.randint(1, 60) * 100) if rnd.random() > .1 else None
        if approx in ("exact", "about"):
            high = low
        elif approx in ("more_than", "at_least"):
            high = None
        else:
            high = (low or 0) + rnd.randint(0, 2000)
        if approx == "almost":
            low = None
        date = None if rnd.random() < .05 else dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, days))
        src = rnd.choice([None, "s1"] + [f"S{k}" for k in range(sources)])   # 's1' and 'S1': one source
        pts.append(Point(figure_id=1000 + i, document_id=rnd.randint(1, max(1, n // 2)), date=date,
                         date_from="published", low=low, high=high, approx=approx, text=str(low),
                         category=rnd.choice(categories), counted_class="soldier", actor="KP",
                         source_name=src, source_kind=None, certainty="reported", start=rnd.randint(0, 500),
                         near_duplicate_of=None if rnd.random() > .05 else 1))
    return pts


def _conflict_key(cs):
    return [(c.a.figure_id, c.b.figure_id, c.reason) for c in cs]


@pytest.mark.parametrize("seed", range(6))
def test_conflicts_equal_the_all_pairs_rule(seed):
    import random

    rnd = random.Random(seed)
    total = 0
    for _ in range(25):
        categories = rnd.choice([["casualties"], ["troops"], ["casualties", "troops", "money", "killed"]])
        pts = _random_points(rnd, rnd.choice([0, 1, 2, 7, 40, 150]), rnd.randint(1, 6),
                             rnd.choice([0, 3, 30, 400]), categories)
        for category in ([None] if len(categories) > 1 else [categories[0], None]):
            expected = _conflict_key(reference_conflicts(pts, category))
            assert _conflict_key(conflicts(pts, category)) == expected
            total += len(expected)
    assert total > 100        # the random inputs do produce conflicts


def test_vectorised_intervals_equal_interval():
    import random

    pts = _random_points(random.Random(3), 300, 3, 30, ["casualties"])
    lo, hi = intervals(pts, 0.1)
    assert [(float(a), float(b)) for a, b in zip(lo, hi)] == [interval(p, 0.1) for p in pts]


def test_conflicts_scale_near_linearly():
    """Ten times the points over the same year from 8 sources costs far less than a hundred times
    the time (the all-pairs scan grew with the square): a ratio of two runs in this process, so a
    slow or busy machine does not matter. Each side is the best of three runs."""
    import random
    import time

    def best_time(n):
        pts = _random_points(random.Random(5), n, 8, 365, ["troops"])
        times, found = [], []
        for _ in range(3):
            t0 = time.process_time()
            found = conflicts(pts, "troops")
            times.append(time.process_time() - t0)
        return min(times), len(found)

    small, _ = best_time(2_000)
    large, found = best_time(20_000)
    assert found > 1000
    assert large / max(small, 1e-3) < 30, f"10x the points cost {large / small:.0f}x the time"


def test_a_store_of_the_first_schema_migrates_and_keeps_its_tracks(tmp_path, story_reports):
    """A store written before tracks were computed when read (revision 0001, grouping keys frozen
    in columns): upgrading fills the source spans and relays in from the stored Reports, and the
    tracks come out as for a store written now."""
    import sqlalchemy as sa
    from alembic import command

    from newsclaims.corpus.measure import report_rows
    from newsclaims.corpus.migrate import config

    old = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = config()
    with old.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    meta = sa.MetaData()
    meta.reflect(old)
    docs, figs, ents = meta.tables["documents"], meta.tables["figures"], meta.tables["entities"]
    with old.begin() as conn:
        for r in story_reports:
            doc_id = conn.execute(docs.insert().values(
                content_hash=store_mod.content_hash(r), report_id=r.document.id, path=r.document.source.path,
                published=r.document.published, lang=r.document.lang, added_at=dt.datetime(2025, 1, 1),
                report_json=r.model_dump_json()).returning(docs.c.id)).scalar_one()
            rows = report_rows(r)
            conn.execute(ents.insert(), [dict(e, document_id=doc_id) for e in rows["entities"]])
            for f in rows["figures"]:
                old_row = {k: v for k, v in f.items() if k not in ("source_relay", "source_start", "source_end")}
                conn.execute(figs.insert().values(**old_row, document_id=doc_id, head="x", generic_head=False, actor="ZZ"))
    old.dispose()
    with nc.open_store(tmp_path / "old.db") as migrated, nc.open_store(tmp_path / "new.db") as new:
        nc.add_reports(new, story_reports, dedupe=False)
        assert _snapshot(migrated)[1:] == _snapshot(new)[1:]
        relayed = nc.timeline(migrated, KILLED).points[4]
        assert (relayed.text, relayed.source, relayed.source_relay) == ("rund 600", "NIS", "Yonhap")


def test_add_with_a_process_pool_equals_serial(db_url, tmp_path):
    """``corpus add --jobs 2``: analysis in two worker processes, writes here in input order, one
    transaction each: the same documents, duplicates, figures and tracks as a serial run."""
    items = [str(p) for p in sorted(STORY_DIR.glob("*.txt"))]
    missing = str(tmp_path / "missing.txt")
    errors = []
    with nc.open_store(db_url) as s:
        nc.add_reports(s, [build_report(Path(items[0]))])        # one text already stored: skipped
        result = nc.add_paths(s, [STORY_DIR, missing], jobs=2, on_error=lambda item, exc: errors.append(item))
        assert (result.added, result.skipped, result.duplicates, len(result.failed)) == (len(STORY) - 1, 1, 2, 1)
        assert errors == [missing] and "E101" in result.failed[0][1]
        docs = nc.documents(s)
        assert [Path(d["path"]).name for d in docs] == [Path(p).name for p in items]       # input order
        pooled = [(d["content_hash"], d["near_duplicate_of"] is not None, d["published"]) for d in docs]
        figures = sorted((f["content_hash"], f["text"], f["low"], f["high"], f["source_name"]) for f in nc.search(s))
    with nc.open_store(tmp_path / "serial.db") as serial:
        nc.add_reports(serial, [build_report(Path(items[0]))])
        nc.add_paths(serial, [STORY_DIR])
        assert [(d["content_hash"], d["near_duplicate_of"] is not None, d["published"]) for d in nc.documents(serial)] == pooled
        assert sorted((f["content_hash"], f["text"], f["low"], f["high"], f["source_name"])
                      for f in nc.search(serial)) == figures
