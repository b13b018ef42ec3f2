"""The corpus store and tracks, on SQLite and on a real PostgreSQL server (same tests, both backends).

The story corpus (tests/data/story/) is one developing story over eleven weeks: figures that
change, several sources, one wire story printed by two outlets with small edits, and one
contradicting figure (Moscow's ~200 against Seoul's ~1,100). ``STORY`` below is its annotation:
the tests build Reports from it directly (so they do not depend on how far the extractors are),
and the end-to-end test runs the real pipeline over the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclaims import corpus as nc
from newsclaims.corpus import store as store_mod
from newsclaims.corpus.cli import corpus as corpus_cli
from newsclaims.errors import NewsclaimsError
from newsclaims.corpus.tracks import (
    Conflict, Point, conflict, conflicts, count_conflicts, countable, group, interval, intervals, order,
)
from newsclaims.ingest import load
from newsclaims.report import (
    Attribution, Document, Entity, EntityNorm, Generator, Quantity, Report, Sentence, Span,
)

pytest_plugins = ["conftest_postgres"]

STORY_DIR = Path(__file__).parent / "data" / "story"
GS = ("General Staff of Ukraine", "government_or_military")
JCS = ("JCS", "government_or_military")
NIS = ("NIS", "government_or_military")

# file -> figures: (text, low, high, approx, counted, category, (source name, kind) | None, actor text, certainty)
STORY = {
    "2024-11-04-de-tagesblatt-truppen.txt": [
        ("etwa 10.000", 10000, 10000, "about", "nordkoreanische Soldaten", "troops", ("Pentagon", "government_or_military"), "nordkoreanische", "reported")],
    "2024-11-12-en-morningpost-troops.txt": [
        ("About 11,000", 11000, 11000, "about", "North Korean troops", "troops", ("US State Department", "government_or_military"), "North Korean", "reported")],
    "2024-11-20-de-abendecho-hunderte.txt": [
        ("Hunderte", 200, 999, "vague", "nordkoreanische Soldaten", "casualties", ("HUR", "government_or_military"), "nordkoreanische", "alleged")],
    "2024-12-02-en-wire-globalnews.txt": [
        ("More than 1,000", 1000, None, "more_than", "North Korean soldiers", "casualties", JCS, "North Korean", "reported")],
    "2024-12-02-en-wire-dailyherald.txt": [
        ("More than 1,000", 1000, None, "more_than", "North Korean soldiers", "casualties", JCS, "North Korean", "reported")],
    "2024-12-09-de-rundschau-verluste.txt": [
        ("etwa 1.100", 1100, 1100, "about", "Verluste", "casualties", JCS, "nordkoreanischen", "reported")],
    "2024-12-10-en-capitalreview-moscow.txt": [
        ("around 200", 200, 200, "about", "North Korean soldiers", "casualties", ("Russian defence ministry", "government_or_military"), "North Korean", "reported")],
    "2024-12-16-de-tagesblatt-zwoelftausend.txt": [
        ("etwa 12.000", 12000, 12000, "about", "nordkoreanische Soldaten", "troops", None, "nordkoreanische", "estimated")],
    "2024-12-19-de-abendecho-gefallen.txt": [
        ("Mindestens 100", 100, None, "at_least", "nordkoreanische Soldaten", "killed", NIS, "nordkoreanische", "reported")],
    "2024-12-23-de-rundschau-generalstab.txt": [
        ("rund 3.000", 3000, 3000, "about", "nordkoreanische Soldaten", "casualties", GS, "nordkoreanische", "reported")],
    "2025-01-06-en-morningpost-kyiv.txt": [
        ("about 4,000", 4000, 4000, "about", "North Korean soldiers", "casualties", GS, "North Korean", "reported")],
    "2025-01-13-en-globalnews-killed.txt": [
        ("At least 300", 300, None, "at_least", "North Korean soldiers", "killed", NIS, "North Korean", "reported"),
        ("2,700", 2700, 2700, "exact", None, "wounded", NIS, None, "reported")],
    "2025-01-20-de-tagesblatt-bilanz.txt": [
        ("rund 4.000", 4000, 4000, "about", "Verluste", "casualties", JCS, "nordkoreanischen", "reported"),
        ("etwa 11.000", 11000, 11000, "about", "nordkoreanische Soldaten", "troops", JCS, "nordkoreanische", "alleged")],
}
CASUALTIES = "casualties/soldier/KP"
TROOPS = "troops/soldier/KP"
KILLED = "killed/soldier/KP"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    start = 0 if start < 0 else start + (2 if text[start] == "." else 1)
    m = re.compile(r"[.!?](?=\s|$)").search(text, pos)
    return start, (m.end() if m else len(text))


def build_report(path: Path) -> Report:
    """A Report for a story file with the figures annotated in STORY (real ingest, hand-made figures)."""
    d = load(path)
    published = nc.date_from_name(path.name)
    text = d.text
    entities, quantities, sentences = [], [], []
    cursor = 0
    for i, (qtext, low, high, approx, counted, cat, src, actor, certainty) in enumerate(STORY[path.name]):
        start = text.index(qtext, cursor)
        cursor = start + len(qtext)
        s0, s1 = _sentence_bounds(text, start)
        sentences.append(Sentence(text=text[s0:s1], start=s0, end=s1, index=i, block=0))
        cspan = None
        if counted:
            c0 = text.find(counted, start, s1)
            c0 = c0 if c0 >= 0 else text.rindex(counted, s0, start)
            cspan = Span(text=counted, start=c0, end=c0 + len(counted))
        if actor:
            a0 = c0 if counted and counted.startswith(actor) else text.rindex(actor, s0, start)
            entities.append(Entity(id=f"e{len(entities)}", text=actor, start=a0, end=a0 + len(actor), kind="country",
                                   norm=EntityNorm(name="North Korea", code="KP")))
        att = None
        if src:
            att = Attribution(text=text[s0:s0 + 1], start=s0, end=s0 + 1, name=src[0], kind=src[1])
        quantities.append(Quantity(id=f"q{i}", text=qtext, start=start, end=start + len(qtext), sentence=i, low=low,
                                   high=high, approx=approx, counted=cspan, category=cat, source=att, certainty=certainty))
    return Report(
        generator=Generator(version="test"),
        document=Document(id=d.id, source=d.source, lang=path.name.split("-")[3], title=d.title, published=published,
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


# ---------------------------------------------------------------------------------------------
# Store and tracks on both backends


def test_story_tracks(store, story_reports):
    result = nc.add_reports(store, story_reports)
    assert (result.added, result.duplicates, result.skipped) == (13, 1, 0)
    names = {t.name: t for t in nc.tracks(store)}
    assert set(names) == {CASUALTIES, TROOPS, KILLED, "wounded/-/-"}

    cas = nc.timeline(store, CASUALTIES)
    assert _summary(cas.points) == [
        ("2024-11-20", "Hunderte", "HUR"),
        ("2024-12-02", "More than 1,000", "JCS"),          # the wire story, counted once
        ("2024-12-09", "etwa 1.100", "JCS"),               # 'Verluste' joins the soldiers' track
        ("2024-12-10", "around 200", "Russian defence ministry"),
        ("2024-12-23", "rund 3.000", "General Staff of Ukraine"),
        ("2025-01-06", "about 4,000", "General Staff of Ukraine"),
        ("2025-01-20", "rund 4.000", "JCS"),
    ]
    wire = cas.points[1]
    # the copy added first is the story's document (files are added in name order)
    assert wire.path.endswith("2024-12-02-en-wire-dailyherald.txt") and len(wire.copies) == 1
    # One conflict: Moscow's ~200 is newer and lower than Seoul's ~1,100; newer larger figures are updates.
    assert len(cas.conflicts) == 1
    c = cas.conflicts[0]
    assert (c.a.source, c.a.text, c.b.source, c.b.text) == ("JCS", "etwa 1.100", "Russian defence ministry", "around 200")
    assert "JCS" in str(c) and "Russian defence ministry" in str(c)
    assert names[CASUALTIES].conflicts == 1 and names[CASUALTIES].points == 7

    troops = nc.timeline(store, TROOPS)
    assert [(p.date.isoformat(), p.low, p.source) for p in troops.points] == [
        ("2024-11-04", 10000, "Pentagon"), ("2024-11-12", 11000, "US State Department"),
        ("2024-12-16", 12000, "unattributed"), ("2025-01-20", 11000, "JCS")]
    assert troops.conflicts == []
    assert _summary(nc.timeline(store, KILLED).points) == [
        ("2024-12-19", "Mindestens 100", "NIS"), ("2025-01-13", "At least 300", "NIS")]


def test_adding_twice_stores_once(store, story_reports):
    nc.add_reports(store, story_reports[:5])
    again = nc.add_reports(store, story_reports[:5])
    assert (again.added, again.skipped) == (0, 5)
    assert store.count() == 5
    assert store.count(store_mod.FigureRow) == 5


def test_near_duplicate_is_linked(store, story_reports):
    nc.add_reports(store, story_reports)
    docs = {Path(d["path"]).name: d for d in nc.documents(store)}
    orig, copy = docs["2024-12-02-en-wire-dailyherald.txt"], docs["2024-12-02-en-wire-globalnews.txt"]
    assert copy["near_duplicate_of"] == orig["id"] and copy["similarity"] >= 90
    assert sum(1 for d in docs.values() if d["near_duplicate_of"]) == 1


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
    assert (d.entity, d.head) == ("KP", "soldier")
    tl = nc.timeline(store, "nk-losses")
    assert [p.text for p in tl.points] == [p.text for p in nc.timeline(store, CASUALTIES).points]
    assert len(tl.conflicts) == 1
    # A broader track: every figure about North Korean soldiers, whatever the category.
    nc.define_track(store, "nk-all", entity="KP", counted="soldiers")
    assert len(nc.timeline(store, "nk-all").points) == 11
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
        ("2024-12-09", "etwa 1.100"), ("2025-01-20", "rund 4.000")]
    dec = nc.search(store, since=dt.date(2024, 12, 1), until=dt.date(2024, 12, 31))
    assert len(dec) == 7 and all(dt.date(2024, 12, 1) <= r["date"] <= dt.date(2024, 12, 31) for r in dec)
    assert nc.export(store, "parquet", tmp_path / "f.parquet") == 15
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "f.parquet")
    assert table.num_rows == 15 and "near_duplicate_of" in table.column_names
    assert nc.export(store, "csv", tmp_path / "f.csv") == 15
    assert (tmp_path / "f.csv").read_text().splitlines()[0].startswith("figure_id,document_id,date")


def test_migrations_are_at_head(store):
    from newsclaims.corpus.migrate import current, head

    assert current(store.engine) == head() == "0001"


# ---------------------------------------------------------------------------------------------
# Conflict rule (pure)


def _pt(i, day, low, high, approx, source, category="casualties"):
    return Point(figure_id=i, document_id=i, date=dt.date(2024, 12, day), date_from="published", low=low, high=high,
                 approx=approx, text=str(low), category=category, head="soldier", generic_head=False, actor="KP",
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


def test_generic_head_joins_the_only_track():
    a, b = _pt(1, 1, 10, 10, "exact", "A"), _pt(2, 2, 20, 20, "exact", "A")
    b.head, b.generic_head = "-", True
    assert list(group([a, b])) == ["casualties/soldier/KP"]
    c = _pt(3, 3, 30, 30, "exact", "A")
    c.head = "civilian"
    assert sorted(group([a, b, c])) == ["casualties/-/KP", "casualties/civilian/KP", "casualties/soldier/KP"]


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
    out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db, "--format", "csv"])
    rows = out.output.splitlines()
    assert len(rows) == 8 and rows[4].startswith("2024-12-10,published,200,200,about,around 200,Russian defence ministry")
    assert rows[4].endswith(",JCS")
    out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db])
    assert "conflict: JCS (etwa 1.100, 2024-12-09) vs Russian defence ministry (around 200, 2024-12-10)" in out.output
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        chart = tmp_path / f"c{suffix}"
        out = run(corpus_cli, ["timeline", CASUALTIES, "--db", cli_db, "--chart", str(chart)])
        assert out.exit_code == 0 and chart.read_bytes().startswith(magic)
    out = run(corpus_cli, ["timeline", "no/such/track", "--db", cli_db])
    assert out.exit_code == 1 and "E402" in out.output


def test_cli_define_search_export(cli_db, tmp_path):
    run = CliRunner().invoke
    out = run(corpus_cli, ["track", "define", "nk", "--category", "casualties", "--entity", "KP", "--counted", "Soldaten", "--db", cli_db])
    assert out.exit_code == 0 and "head=soldier" in out.output
    out = run(corpus_cli, ["tracks", "--db", cli_db, "--format", "json"])
    assert json.loads(out.output)[0]["name"] == "nk"
    out = run(corpus_cli, ["search", "--db", cli_db, "--source", "NIS", "--format", "json"])
    assert [r["text"] for r in json.loads(out.output)] == ["Mindestens 100", "At least 300", "2,700"]
    out = run(corpus_cli, ["export", "--db", cli_db, "--format", "jsonl"])
    lines = [json.loads(x) for x in out.output.splitlines() if x.startswith("{")]
    assert len(lines) == 15 and {"low", "high", "source_name", "published"} <= set(lines[0])
    out = run(corpus_cli, ["export", "--db", cli_db, "--format", "parquet"])
    assert out.exit_code == 1 and "E301" in out.output


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
        assert len(docs) == 13
        assert {d["published"].isoformat() for d in docs} == {p.name[:10] for p in STORY_DIR.glob("*.txt")}
        assert [Path(d["path"]).name for d in docs if d["near_duplicate_of"]] == ["2024-12-02-en-wire-globalnews.txt"]
    out = run(corpus_cli, ["add", str(STORY_DIR), "--db", db])
    assert out.exit_code == 0 and "0 added" in out.output and "13 already stored" in out.output


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
        assert (result.added, result.skipped) == (8, 5)
        rerun = _snapshot(s)
    with nc.open_store(tmp_path / "clean.db") as clean:
        nc.add_reports(clean, story_reports)
        assert _snapshot(clean) == rerun


def test_pipeline_story_end_to_end(tmp_path):
    """What the real pipeline must already produce over the story corpus."""
    with nc.open_store(tmp_path / "p.db") as s:
        nc.add_paths(s, [STORY_DIR])
        tl = nc.timeline(s, CASUALTIES)
        dates = [p.date for p in tl.points]
        assert dates == sorted(dates) and len(dates) >= 6
        assert not any(p.path.endswith("globalnews.txt") and p.date == dt.date(2024, 12, 2) for p in tl.points)
        moscow = [c for c in tl.conflicts if c.b.text == "around 200"]
        assert moscow and all(c.a.low >= 1000 for c in moscow)
        assert dates == [dt.date.fromisoformat(d) for d in (
            "2024-11-20", "2024-12-02", "2024-12-09", "2024-12-10", "2024-12-23", "2025-01-06", "2025-01-20")]
        assert len(tl.conflicts) == 1                      # the headline's '1,000' restates the body's figure
        troops = nc.timeline(s, TROOPS)
        assert [p.low for p in troops.points] == [10000, 11000, 12000, 11000]
        assert troops.conflicts == []
        assert [p.low for p in nc.timeline(s, KILLED).points] == [100, 300]


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
                         category=rnd.choice(categories), head="soldier", generic_head=False, actor="KP",
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
            assert count_conflicts(pts, category) == len(expected)
            total += len(expected)
    assert total > 100        # the random inputs do produce conflicts


def test_vectorised_intervals_equal_interval():
    import random

    pts = _random_points(random.Random(3), 300, 3, 30, ["casualties"])
    lo, hi = intervals(pts, 0.1)
    assert [(float(a), float(b)) for a, b in zip(lo, hi)] == [interval(p, 0.1) for p in pts]


def test_conflicts_scale():
    """A track of 20,000 points over a year from 8 sources: well under a second (the all-pairs
    scan took many seconds)."""
    import random
    import time

    pts = _random_points(random.Random(5), 20_000, 8, 365, ["troops"])
    t0 = time.perf_counter()
    found = conflicts(pts, "troops")
    assert time.perf_counter() - t0 < 5 and len(found) > 1000


def _insert_random_figures(store, seed=11, docs=120):
    """Documents and figures written straight into the tables: several categories, heads, actors,
    generic heads, negated figures, values missing and near-duplicate copies."""
    import random

    rnd = random.Random(seed)
    d, f = store_mod.DocumentRow.__table__, store_mod.FigureRow.__table__
    with store.engine.begin() as conn:
        for i in range(docs):
            published = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 90))
            dup = rnd.choice([None] * 9 + [1]) if i > 1 else None
            doc_id = conn.execute(d.insert().values(
                content_hash=f"{i:064d}", report_id=f"r{i}", lang="en", published=published, path=f"/d/{i}.txt",
                near_duplicate_of=dup, added_at=dt.datetime(2024, 1, 1), report_json="{}").returning(d.c.id)).scalar_one()
            rows = []
            for k in range(rnd.randint(1, 6)):
                cat = rnd.choice(["casualties", "troops", "killed"])
                generic = rnd.random() < .25
                head = "-" if generic else rnd.choice(["soldier", "civilian"] if cat == "casualties" else ["soldier"])
                low = float(rnd.randint(1, 40) * 50)
                rows.append(dict(
                    document_id=doc_id, qid=f"q{k}", text=str(low), start=k * 40, end=k * 40 + 5,
                    low=None if rnd.random() < .05 else low, high=None if rnd.random() < .3 else low,
                    approx=rnd.choice(["exact", "about", "more_than"]), category=cat,
                    counted=None if generic else head, head=head, generic_head=generic,
                    actor=rnd.choice(["KP", "UA", None]), source_name=rnd.choice([None, "JCS", "NIS", "GS"]),
                    certainty="reported", negated=rnd.random() < .05, sentence_index=k,
                    date=None if rnd.random() < .05 else published - dt.timedelta(days=rnd.randint(0, 3)),
                    date_from="published"))
            conn.execute(f.insert(), rows)


def test_timeline_and_tracks_equal_grouping_all_points(store):
    """timeline() reads only the rows of one track and tracks() light rows; both must equal
    grouping every figure of the store (the plain way) and the all-pairs conflict rule."""
    _insert_random_figures(store)
    everything = group(nc._points(store))
    assert len(everything) >= 10
    summaries = {t.name: t for t in nc.tracks(store)}
    assert set(summaries) == set(everything)
    for name, pts in everything.items():
        tl = nc.timeline(store, name)
        assert [p.as_dict() for p in tl.points] == [p.as_dict() for p in pts]
        expected = reference_conflicts(pts, name.split("/")[0])
        assert _conflict_key(tl.conflicts) == _conflict_key(expected)
        s = summaries[name]
        dated = [p.date for p in pts if p.date]
        assert (s.points, s.sources, s.conflicts, s.first, s.last) == (
            len(pts), sorted({p.source for p in pts}), len(expected), min(dated, default=None), max(dated, default=None))
    assert sum(len(nc.timeline(store, n).conflicts) for n in everything) > 0
    for missing in ("casualties/tank/KP", "troops/-/KP", "troops/soldier/XX", "casualties/-/FR"):
        if missing not in everything:
            with pytest.raises(NewsclaimsError, match="E402"):
                nc.timeline(store, missing)
    # defined tracks (with and without a category) go through the same light path in tracks()
    nc.define_track(store, "kp-any", entity="KP")
    nc.define_track(store, "losses", category="casualties", counted="soldiers")
    summaries = {t.name: t for t in nc.tracks(store)}
    for name in ("kp-any", "losses"):
        tl = nc.timeline(store, name)
        assert summaries[name].points == len(tl.points) > 0
        assert summaries[name].conflicts == len(tl.conflicts) == len(reference_conflicts(tl.points, tl.definition.category))


def test_add_with_a_process_pool_equals_serial(db_url, tmp_path):
    """``corpus add --jobs 2``: analysis in two worker processes, writes here in input order, one
    transaction each: the same documents, duplicates, figures and tracks as a serial run."""
    items = [str(p) for p in sorted(STORY_DIR.glob("*.txt"))]
    missing = str(tmp_path / "missing.txt")
    errors = []
    with nc.open_store(db_url) as s:
        nc.add_reports(s, [build_report(Path(items[0]))])        # one text already stored: skipped
        result = nc.add_paths(s, [STORY_DIR, missing], jobs=2, on_error=lambda item, exc: errors.append(item))
        assert (result.added, result.skipped, result.duplicates, len(result.failed)) == (12, 1, 1, 1)
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
