"""Time resolvers (pure, no spaCy) and time linking on hand-made findings.

Extraction itself is covered by tests/specs/<lang>/times.yaml; figure links by
tests/specs/<lang>/time_links.yaml once quantities are extracted. These tests pin the
resolution rules of docs/times.md and the linking order without depending on other extractors.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newsclaims.extract import Findings
from newsclaims.extract.times.dates import Parsed, resolve
from newsclaims.extract.time_links import link_times
from newsclaims.extract.times import extract_times
from newsclaims.report import Attribution, Quantity, Sentence

D = dt.date
TUE = D(2025, 1, 14)  # a Tuesday


@pytest.mark.parametrize("parsed,ref,expected", [
    # weekday: the most recent one on or before publication; the publication weekday is that day
    (Parsed(weekday=0), TUE, (D(2025, 1, 13), D(2025, 1, 13), "day", True)),
    (Parsed(weekday=1), TUE, (TUE, TUE, "day", True)),
    (Parsed(weekday=2), TUE, (D(2025, 1, 8), D(2025, 1, 8), "day", True)),
    (Parsed(weekday=1, rel=-1), TUE, (D(2025, 1, 7), D(2025, 1, 7), "day", True)),
    (Parsed(weekday=1, rel=1), TUE, (D(2025, 1, 21), D(2025, 1, 21), "day", True)),
    # months: most recent one that began on or before publication; until looks forward
    (Parsed(month=1), TUE, (D(2025, 1, 1), D(2025, 1, 31), "month", True)),
    (Parsed(month=2), TUE, (D(2024, 2, 1), D(2024, 2, 29), "month", True)),
    (Parsed(month=12, open="since"), TUE, (D(2024, 12, 1), None, "open", True)),
    (Parsed(month=12, open="until"), TUE, (None, D(2025, 12, 31), "open", True)),
    (Parsed(month=2, part="late"), TUE, (D(2024, 2, 21), D(2024, 2, 29), "month", True)),
    # day dates without a year: window of 11 months back, one month ahead
    (Parsed(day=29, month=2), TUE, (D(2024, 2, 29), D(2024, 2, 29), "day", True)),
    (Parsed(day=10, month=2), TUE, (D(2025, 2, 10), D(2025, 2, 10), "day", True)),
    (Parsed(day=20, month=2), TUE, (D(2024, 2, 20), D(2024, 2, 20), "day", True)),
    # weeks are ISO weeks, Monday to Sunday
    (Parsed(rel=-1, unit="week"), D(2025, 1, 13), (D(2025, 1, 6), D(2025, 1, 12), "week", True)),
    (Parsed(rel=-1, unit="week"), D(2025, 1, 19), (D(2025, 1, 6), D(2025, 1, 12), "week", True)),
    (Parsed(rel=0, unit="month", part="before"), TUE, (D(2025, 1, 1), D(2025, 1, 13), "month", True)),
    (Parsed(amount=3, unit="day", direction=-1), TUE, (D(2025, 1, 11), D(2025, 1, 11), "day", True)),
    (Parsed(amount=1, unit="month", direction=-1), D(2025, 3, 31), (D(2025, 2, 1), D(2025, 2, 28), "month", True)),
    # seasons: meteorological; winter Y runs December Y to February Y+1
    (Parsed(season="winter"), TUE, (D(2024, 12, 1), D(2025, 2, 28), "season", True)),
    (Parsed(season="winter", rel=-1), TUE, (D(2023, 12, 1), D(2024, 2, 29), "season", True)),
    (Parsed(season="summer", year=2023), None, (D(2023, 6, 1), D(2023, 8, 31), "season", True)),
    # absolute expressions resolve without a reference date, relative ones do not
    (Parsed(day=3, month=5, year=2024), None, (D(2024, 5, 3), D(2024, 5, 3), "day", True)),
    (Parsed(weekday=0), None, (None, None, "day", False)),
    (Parsed(month=12, open="since"), None, (None, None, "open", False)),
    # quarters, halves, first months: the most recent such period that began on or before
    (Parsed(period="quarter", ordinal=4), TUE, (D(2024, 10, 1), D(2024, 12, 31), "month", True)),
    (Parsed(period="quarter", ordinal=1), TUE, (D(2025, 1, 1), D(2025, 3, 31), "month", True)),
    (Parsed(period="half", ordinal=2, year=2023), None, (D(2023, 7, 1), D(2023, 12, 31), "month", True)),
    (Parsed(period="half", ordinal=1, rel=-1), TUE, (D(2024, 1, 1), D(2024, 6, 30), "month", True)),
    (Parsed(period="first", amount=9), D(2025, 10, 15), (D(2025, 1, 1), D(2025, 9, 30), "month", True)),
    # "in the 12 months to March", "in the three months to April"
    (Parsed(span_to=True, amount=12, unit="month", month=3), TUE, (D(2023, 4, 1), D(2024, 3, 31), "month", True)),
    (Parsed(span_to=True, amount=3, unit="month", month=4, year=2025), None, (D(2025, 2, 1), D(2025, 4, 30), "month", True)),
    # ranges inside a month, ranges of years
    (Parsed(day_from=3, day=5, month=5, year=2024), None, (D(2024, 5, 3), D(2024, 5, 5), "day", True)),
    (Parsed(year_from=2014, year=2022), None, (D(2014, 1, 1), D(2022, 12, 31), "year", True)),
    # events have no value; "this century"
    (Parsed(event=True, open="since"), TUE, (None, None, "open", False)),
    (Parsed(rel=0, unit="century"), TUE, (D(2000, 1, 1), D(2099, 12, 31), "year", True)),
    # an until-time looks forward, unless the sentence looks back (past)
    (Parsed(month=12, part="mid", open="until", past=True), TUE, (None, D(2024, 12, 20), "open", True)),
    # a sentence about the future: the first such day, month or quarter on or after publication
    (Parsed(weekday=4, future=True), TUE, (D(2025, 1, 17), D(2025, 1, 17), "day", True)),
    (Parsed(weekday=1, future=True), TUE, (TUE, TUE, "day", True)),
    (Parsed(weekday=4, open="until"), TUE, (None, D(2025, 1, 17), "open", True)),
    (Parsed(day=3, month=5, future=True), TUE, (D(2025, 5, 3), D(2025, 5, 3), "day", True)),
    (Parsed(period="quarter", ordinal=3, future=True), TUE, (D(2025, 7, 1), D(2025, 9, 30), "month", True)),
    # ranges: the end chosen as alone (looking back), the start within the days/months before it
    (Parsed(weekday=2, rel=1, unit="week"), TUE, (D(2025, 1, 22), D(2025, 1, 22), "day", True)),
    (Parsed(weekday_from=0, weekday=2), TUE, (D(2025, 1, 6), D(2025, 1, 8), "day", True)),
    (Parsed(weekday_from=0, weekday=2, future=True), TUE, (D(2025, 1, 20), D(2025, 1, 22), "day", True)),
    (Parsed(month_from=12, month=2), D(2025, 3, 10), (D(2024, 12, 1), D(2025, 2, 28), "month", True)),
    (Parsed(month_from=3, month=5, year=2024), None, (D(2024, 3, 1), D(2024, 5, 31), "month", True)),
    (Parsed(month_from=12, day_from=20, month=1, day=5), TUE, (D(2024, 12, 20), D(2025, 1, 5), "day", True)),
    (Parsed(rel=1, unit="month", day_from=4, day=23), TUE, (D(2025, 2, 4), D(2025, 2, 23), "day", True)),
    # before/after: open at the far end, the named period excluded
    (Parsed(year=2000, open="before"), None, (None, D(1999, 12, 31), "open", True)),
    (Parsed(month=2, year=2018, open="after"), None, (D(2018, 3, 1), None, "open", True)),
    # quarters as units; weeks of a month (-1: its last seven days)
    (Parsed(rel=0, unit="quarter"), TUE, (D(2025, 1, 1), D(2025, 3, 31), "month", True)),
    (Parsed(amount=4, unit="quarter", direction=-1), D(2024, 8, 1), (D(2023, 7, 1), D(2023, 9, 30), "month", True)),
    (Parsed(period="week", ordinal=-1, month=7), TUE, (D(2024, 7, 25), D(2024, 7, 31), "week", True)),
    (Parsed(period="week", ordinal=2, month=3, year=2024), None, (D(2024, 3, 8), D(2024, 3, 14), "week", True)),
    # holidays: Easter-based and nth weekday of a month (Thanksgiving, Memorial Day)
    (Parsed(holiday="easter+1", year=2025), None, (D(2025, 4, 21), D(2025, 4, 21), "day", True)),
    (Parsed(holiday="11-01+TH(4)", year=2024), None, (D(2024, 11, 28), D(2024, 11, 28), "day", True)),
    (Parsed(holiday="05-31+MO(-1)", year=2024), None, (D(2024, 5, 27), D(2024, 5, 27), "day", True)),
])
def test_resolve(parsed, ref, expected):
    assert resolve(parsed, ref) == expected


def test_invalid_dates_are_not_times():
    times, _ = extract_times("Am 31. Februar und am 45.13.2020 geschah nichts.", "de", TUE)
    assert times == []


def test_unresolved_flag_only_for_relative():
    assert extract_times("Im Februar 2022 begann es.", "de", None)[1] is False
    assert extract_times("Am Montag begann es.", "de", None)[1] is True


def _findings(text: str, lang: str, ref=TUE) -> Findings:
    sentences = []
    for m in re.finditer(r".+?[.!?](?=\s|$)", text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        sentences.append(Sentence(index=len(sentences), block=0, text=text[start:m.end()], start=start, end=m.end()))
    found = Findings(published=ref, sentences=sentences)
    found.times, _ = extract_times(text, lang, ref)
    return found


def _quantity(found: Findings, text: str, figure: str, source: str | None = None, nth: int = 0) -> Quantity:
    start = [m.start() for m in re.finditer(re.escape(figure), text)][nth]
    attribution = None
    if source:
        s = text.index(source)
        attribution = Attribution(text=source, start=s, end=s + len(source), name=source, kind="government_or_military")
    q = Quantity(id=f"q{len(found.quantities) + 1}", text=figure, start=start, end=start + len(figure),
                 sentence=found.sentence_at(start), low=1, high=1, approx="exact", source=attribution)
    found.quantities.append(q)
    return q


def test_link_same_clause_beats_same_sentence():
    text = ("Die Geheimdienste haben letzte Woche berichtet, dass mindestens 100 Soldaten "
            "seit ihrem Eintritt in die Kämpfe im Dezember gefallen sind.")
    found = _findings(text, "de")
    q = _quantity(found, text, "mindestens 100")
    link_times(text, "de", found)
    assert q.time.text == "im Dezember"


def test_link_falls_back_to_sentence():
    text = "Letzte Woche meldete das Ministerium, es seien 300 Soldaten verletzt worden."
    found = _findings(text, "de")
    q = _quantity(found, text, "300")
    link_times(text, "de", found)
    assert q.time.text == "Letzte Woche"


def test_link_through_figure_anaphora_with_attribution():
    text = ("Mehr als 1.000 Soldaten sollen getötet worden sein. "
            "Diese Zahlen wurden am Montag vom Generalstab veröffentlicht.")
    found = _findings(text, "de")
    q = _quantity(found, text, "Mehr als 1.000", source="Generalstab")
    link_times(text, "de", found)
    assert (q.time.text, q.time.id) == ("am Montag", "t1")


def test_attribution_in_next_sentence_alone_does_not_link():
    # docs/annotation.md I: the time comes from the figure's own sentence.
    text = "Das Feuer hat mindestens 24 Menschen getötet. Das teilte die Behörde am Sonntag mit."
    found = _findings(text, "de")
    q = _quantity(found, text, "mindestens 24", source="Behörde")
    link_times(text, "de", found)
    assert q.time is None


def test_anaphora_sentence_with_figures_keeps_its_time():
    text = "Inflation held at 4.7%. The figures make a cut from 4.25% next month less likely."
    found = _findings(text, "en")
    q = _quantity(found, text, "4.7%")
    _quantity(found, text, "4.25%")
    link_times(text, "en", found)
    assert q.time is None


def test_event_times_do_not_warn_without_date():
    times, unresolved = extract_times("Seit Beginn des Krieges flohen 300 Menschen.", "de", None)
    assert [t.text for t in times] == ["Seit Beginn des Krieges"] and unresolved is False


def test_link_through_anaphora_without_attribution():
    text = "Rund 400 Drohnen wurden abgeschossen. The figures were released on Monday."
    found = _findings(text, "en")
    q = _quantity(found, text, "400")
    link_times(text, "en", found)
    assert q.time.text == "on Monday"


def test_no_time_in_reach_stays_none():
    text = ("Laut JCS erlitten die Truppen etwa 1.100 Verluste. Eine erschreckende Bilanz. "
            "Am Montag tagte das Parlament.")
    found = _findings(text, "de")
    q = _quantity(found, text, "etwa 1.100", source="JCS")
    link_times(text, "de", found)
    assert q.time is None


def test_nearest_in_clause_en():
    text = "In December, 100 soldiers were killed, and in January 200 more died."
    found = _findings(text, "en")
    first = _quantity(found, text, "100")
    second = _quantity(found, text, "200")
    link_times(text, "en", found)
    assert (first.time.text, second.time.text) == ("In December", "in January")


# Floor for the share of gold figures with a time whose time span is found (exact offsets) and
# linked, with gold figures and sources injected so that only times are measured.
GOLD_TIME_FLOOR = 0.90
GOLD = __import__("pathlib").Path(__file__).parent.parent / "gold"


def _gold_time_scores(split: str):
    import json

    from newsclaims.extract.times import extract_times as find
    from newsclaims.ingest import load as load_document
    from newsclaims.pipeline import get_nlp

    docs = [json.loads(x) for x in (GOLD / split / "docs.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    gold = [json.loads(x) for x in (GOLD / split / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    n = found_n = linked_n = 0
    for d in docs:
        ref = dt.date.fromisoformat(d["published"]) if d.get("published") else None
        nlp = get_nlp(d["lang"])
        document = load_document(d["text"], lang=d["lang"])
        if document.text != d["text"]:
            continue
        doc = nlp.make_doc(d["text"])
        doc._.nc = Findings(published=ref, blocks=document.blocks)
        doc = nlp.get_pipe("newsclaims_structure")(nlp.get_pipe("sentencizer")(doc))
        f = doc._.nc
        f.times, _ = find(d["text"], d["lang"], ref)
        figures = [g for g in gold if g["doc"] == d["id"]]
        for i, g in enumerate(figures):
            src = None
            if g.get("source_start") is not None:
                src = Attribution(text=g["source_text"], start=g["source_start"], end=g["source_end"],
                                  name=g.get("source") or "source", kind="none")
            f.quantities.append(Quantity(id=f"q{i}", text=g["text"], start=g["start"], end=g["end"],
                                         sentence=f.sentence_at(g["start"]), low=None, high=None,
                                         approx="exact", source=src))
        link_times(d["text"], d["lang"], f)
        spans = {(t.start, t.end) for t in f.times}
        for g, q in zip(figures, f.quantities):
            if g.get("time") is None:
                continue
            n += 1
            found_n += (g["time_start"], g["time_end"]) in spans
            linked_n += q.time is not None and (q.time.start, q.time.end) == (g["time_start"], g["time_end"])
    return n, found_n / max(n, 1), linked_n / max(n, 1)


@pytest.mark.skipif(not (GOLD / "dev" / "gold.jsonl").is_file(), reason="no gold set")
def test_gold_time_recall_floor():
    n, found, linked = _gold_time_scores("dev")
    print(f"\ngold dev: {n} figures with a time; span found {found:.3f}; linked {linked:.3f}")
    assert n == 0 or found >= GOLD_TIME_FLOOR
