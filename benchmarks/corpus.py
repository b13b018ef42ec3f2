"""The benchmark's report generator: seed-sized reports built from template sentences written
for this purpose (randomised figures, sources and times; no third-party text). Used by the
benchmarks and by tests/test_pipeline_equivalence.py.

Also the corpus read benchmark, from the repository root::

    python -m benchmarks.corpus --figures 100000 --db /tmp/bench-100k.db

fills the store (once: an existing one is reused) with copies of 20 generated reports under new
dates, then times ``tracks()`` after a track rule change (no cached track keys), ``tracks()``
again, ``timelines()`` and ``timeline()`` of the biggest track (median and minimum of 5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path

# Template sentences written for the benchmark. {n*} are figures, {src} a source, {when} a time.
TEMPLATES = {
    "de": {
        "headline": ["{place}: Lage an der Front spitzt sich zu", "Neue Zahlen aus {place} alarmieren Europa",
                     "Streit um Hilfsgelder für {place}", "Krisengipfel nach Angriffen in {place}"],
        "body": [
            "Mehr als {n3} Soldaten sollen {when} getötet oder verwundet worden sein.",
            "Nach Angaben {src} wurden {when} mindestens {n2} Drohnen abgeschossen.",
            "{Src} zufolge befinden sich derzeit etwa {n4} Soldaten in der Region.",
            "Schätzungen zufolge mussten rund {n4} Menschen ihre Häuser verlassen.",
            "Die Regierung stellte {when} zusätzliche {d},{d} Milliarden Euro für den Wiederaufbau bereit.",
            "Wie {src} mitteilte, stieg die Zahl der Verletzten auf {n2}.",
            "Dutzende Fahrzeuge wurden nach Augenzeugenberichten zerstört.",
            "Die Inflation lag {when} bei {d},{d} Prozent, knapp {d} Prozentpunkte höher als im Vorjahr.",
            "Doch das ist erst der Anfang!",
            "Experten warnen vor einer weiteren Eskalation des Konflikts.",
            "Die Zahlen lassen sich unabhängig nicht überprüfen.",
            "Laut {src} könnten bis zu {n4} weitere Soldaten in das Gebiet verlegt werden.",
            "Zwischen {n2} und {n3} Gefangene wurden {when} ausgetauscht.",
            "Ein Sprecher sagte, man beobachte die Lage sehr genau.",
        ],
        "src": ["des Verteidigungsministeriums", "des Generalstabs", "der Vereinten Nationen", "der Polizei",
                "des Geheimdienstes", "der Nachrichtenagentur Reuters", "des Roten Kreuzes"],
        "Src": ["Dem Generalstab", "Den Behörden", "Westlichen Geheimdiensten", "Dem Ministerium"],
        "when": ["am Montag", "in der vergangenen Woche", "seit Oktober", "im Dezember", "am Wochenende", "im Juni"],
        "place": ["Kursk", "Charkiw", "Gaza", "Darfur", "Karelien", "Cherson"],
    },
    "en": {
        "headline": ["Fighting intensifies near {place}", "New figures from {place} alarm allies",
                     "Row over aid for {place}", "Emergency summit after strikes on {place}"],
        "body": [
            "More than {n3} soldiers are said to have been killed or wounded {when}.",
            "According to {src}, at least {n2} drones were shot down {when}.",
            "About {n4} troops are currently deployed in the region, {src} said.",
            "An estimated {n4} people have been forced to leave their homes.",
            "The government pledged another {d}.{d} billion dollars for reconstruction {when}.",
            "The number of wounded rose to {n2}, {src} said.",
            "Dozens of vehicles were destroyed, according to witnesses.",
            "Inflation stood at {d}.{d} percent {when}, nearly {d} points higher than a year earlier.",
            "Analysts warned of a further escalation.",
            "The figures could not be independently verified.",
            "Up to {n4} more soldiers could be sent to the area, {src} said.",
            "Between {n2} and {n3} prisoners were exchanged {when}.",
        ],
        "src": ["the defence ministry", "the general staff", "the United Nations", "police officials",
                "intelligence officials", "Reuters", "the Red Cross"],
        "Src": ["The general staff", "Officials", "Western intelligence", "The ministry"],
        "when": ["on Monday", "last week", "since October", "in December", "over the weekend", "in June"],
        "place": ["Kursk", "Kharkiv", "Gaza", "Darfur", "Karelia", "Kherson"],
    },
}
WORDS_PER_REPORT = 320  # the seed report is about 320 words


def _fill(template: str, t: dict, rnd: random.Random) -> str:
    def de_num(n: int, lang: str) -> str:
        return f"{n:,}".replace(",", "." if lang == "de" else ",")

    lang = t["_lang"]
    values = {
        "n2": de_num(rnd.randint(11, 99), lang), "n3": de_num(rnd.randint(100, 999), lang),
        "n4": de_num(rnd.randint(1, 60) * 500, lang), "d": str(rnd.randint(1, 9)),
        "src": rnd.choice(t["src"]), "Src": rnd.choice(t["Src"]), "when": rnd.choice(t["when"]),
        "place": rnd.choice(t["place"]),
    }
    out, i = [], 0
    while i < len(template):  # format each {d} independently
        if template[i] == "{":
            j = template.index("}", i)
            key = template[i + 1:j]
            out.append(str(rnd.randint(1, 9)) if key == "d" else values[key])
            i = j + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def make_report(i: int, lang: str = "de", seed: int = 7) -> str:
    """The i-th generated report: a headline and paragraphs, about WORDS_PER_REPORT words."""
    rnd = random.Random(seed * 100003 + i)
    t = dict(TEMPLATES[lang], _lang=lang)
    paras, words = [], 0
    while words < WORDS_PER_REPORT:
        sents = [_fill(x, t, rnd) for x in rnd.sample(t["body"], rnd.randint(3, 5))]
        para = " ".join(sents)
        paras.append(para)
        words += len(para.split())
    return _fill(rnd.choice(t["headline"]), t, rnd) + "\n\n" + "\n\n".join(paras) + "\n"


def make_corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (lang, text) pairs, four German reports to one English."""
    return [("en" if i % 5 == 4 else "de", make_report(i, "en" if i % 5 == 4 else "de", seed)) for i in range(n)]




def fill_store(store, target_figures: int, templates: list) -> tuple[int, int, float]:
    """Add copies of ``templates`` (Reports) to ``store`` until it holds ``target_figures``
    figures: a distinct text (appended, so every offset stays valid) and a spread of dates per
    copy, one transaction per document, no near-duplicate lookup. Returns (reports, figures,
    seconds spent adding)."""
    from newsclaims import corpus

    if not sum(len(r.quantities) for r in templates):
        raise RuntimeError("the template reports have no figures")
    base = dt.date(2024, 1, 1)
    figures, n, seconds = 0, 0, 0.0
    while figures < target_figures:
        batch = []
        for _ in range(200):
            tpl = templates[n % len(templates)]
            r = tpl.model_copy(deep=True)
            r.document.text = tpl.document.text + f"\n\nBenchmark {n}"
            r.document.published = base + dt.timedelta(days=n % 365)
            batch.append(r)
            figures += len(r.quantities)
            n += 1
        t0 = time.perf_counter()
        corpus.add_reports(store, batch, dedupe=False)
        seconds += time.perf_counter() - t0
    return n, figures, seconds


def _timed(fn, *args):
    """``fn(*args)``, its wall-clock seconds and this process's CPU seconds (the CPU time says
    more on a shared, loaded machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)


def time_reads(store) -> dict:
    """Read timings of a filled store, [wall, CPU] seconds; the first ``tracks()`` after the cached
    track keys are dropped (as after a change of the track rule or a language's corpus words)."""
    from newsclaims import corpus

    try:
        from newsclaims.corpus.points import forget      # the cached track keys, where there are any
        forget(store)
    except ImportError:
        pass
    summaries, *cold = _timed(corpus.tracks, store)
    _, *warm = _timed(corpus.tracks, store)
    _, *all_ = _timed(corpus.timelines, store)
    biggest = max(summaries, key=lambda s: s.points)
    lat = [_timed(corpus.timeline, store, biggest.name)[1:] for _ in range(5)]
    return {"figures": store.count(corpus.FigureRow), "tracks": len(summaries),
            "tracks_after_rule_change_s": cold, "tracks_s": warm, "timelines_s": all_,
            "timeline_track": biggest.name, "timeline_points": biggest.points,
            "timeline_median_s": [statistics.median(w for w, _ in lat), statistics.median(c for _, c in lat)]}


def main() -> None:
    ap = argparse.ArgumentParser(description="corpus read benchmark")
    ap.add_argument("--figures", type=int, default=10_000)
    ap.add_argument("--db", type=Path, required=True, help="SQLite file; filled when it does not exist yet")
    args = ap.parse_args()
    from newsclaims import analyze, corpus

    fresh = not args.db.exists()
    store = corpus.open_store(args.db)
    try:
        if fresh:
            templates = [analyze(t, lang=lang) for lang, t in make_corpus(20)]
            reports, figures, seconds = fill_store(store, args.figures, templates)
            print(json.dumps({"added_reports": reports, "added_figures": figures, "add_s": round(seconds, 2)}))
        print(json.dumps(time_reads(store)))
    finally:
        store.close()


if __name__ == "__main__":
    main()
