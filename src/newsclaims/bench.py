"""Benchmark: ``python -m newsclaims.bench [--json] [--quick]`` (see docs/quality.md).

Measures in one run, on a corpus of seed-sized reports generated here from template sentences
written for this purpose (randomised figures, sources and times; no third-party text):

* analysis throughput on one core and on all cores (a process pool);
* the same corpus through spaCy's bare tokenizer (``spacy.blank(lang).tokenizer``): the floor
  any pipeline built on spaCy pays; the ratio says how many tokenizer passes one analysis costs;
* peak memory (``ru_maxrss`` of this process, tracemalloc peak of analysing a few reports);
* cold start of ``newsclaims analyze examples/grenzkrise.txt`` in a fresh process;
* PDF pages/s through ``newsclaims.ingest.load`` on a PDF built with reportlab;
* a folder of 1,000 reports (100 with ``--quick``) and one corrupt PDF through ``newsclaims analyze
  DIR --jobs <cores> --out OUT``, as a user runs it;
* corpus add rate and timeline query latency at 100,000 figures (10,000 with ``--quick``);
* web API load (``newsclaims.web.load.run_load``).

A row whose module is missing prints ``n/a (module missing)``; a row that fails prints its error;
the other rows still run. Timings are wall-clock seconds on the machine it runs on; say which.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# ----------------------------------------------------------------------------- corpus

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


# ----------------------------------------------------------------------------- workers

def _analyze_one(item: tuple[str, str]) -> int:
    from newsclaims import analyze

    lang, text = item
    return len(analyze(text, lang=lang).quantities)


def _warm(langs=("de", "en")) -> int:
    from newsclaims.pipeline import get_nlp

    for lang in langs:
        get_nlp(lang)
    return os.getpid()


# ----------------------------------------------------------------------------- rows

class Missing(Exception):
    pass


def _require(module: str, attr: str | None = None):
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise Missing(f"{module}: {exc}") from None
    if attr and not hasattr(mod, attr):
        raise Missing(f"{module}.{attr}")
    return getattr(mod, attr) if attr else mod


def bench_analysis(corpus) -> dict:
    _warm()
    _analyze_one(corpus[0])
    t0 = time.perf_counter()
    figures = sum(_analyze_one(item) for item in corpus)
    secs = time.perf_counter() - t0
    words = sum(len(t.split()) for _, t in corpus)
    return {"reports": len(corpus), "seconds": round(secs, 3), "reports_per_s": round(len(corpus) / secs, 2),
            "words_per_s": round(words / secs), "figures": figures}


def bench_parallel(corpus, workers: int) -> dict:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, [("de", "en")] * workers))  # start and warm every worker before timing
        t0 = time.perf_counter()
        figures = sum(pool.map(_analyze_one, corpus, chunksize=max(1, len(corpus) // (workers * 8))))
        secs = time.perf_counter() - t0
    return {"workers": workers, "reports": len(corpus), "seconds": round(secs, 3),
            "reports_per_s": round(len(corpus) / secs, 2), "figures": figures}


def bench_tokenizer(corpus) -> dict:
    import spacy

    toks = {lang: spacy.blank(lang).tokenizer for lang in {lang for lang, _ in corpus}}
    for lang, text in corpus[:5]:
        toks[lang](text)
    t0 = time.perf_counter()
    n = 0
    for lang, text in corpus:
        n += len(toks[lang](text))
    secs = time.perf_counter() - t0
    return {"reports": len(corpus), "seconds": round(secs, 4), "reports_per_s": round(len(corpus) / secs, 1),
            "tokens": n}


def bench_memory(corpus) -> dict:
    gc.collect()
    tracemalloc.start()
    for item in corpus[:10]:
        _analyze_one(item)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"ru_maxrss_mib": round(maxrss_kib / 1024, 1), "tracemalloc_peak_mib_10_reports": round(peak / 2**20, 1)}


def bench_cold_start(runs: int) -> dict:
    exe = shutil.which("newsclaims")
    cmd = [exe] if exe else [sys.executable, "-m", "newsclaims.cli"]
    path = ROOT / "examples" / "grenzkrise.txt"
    if not path.exists():
        raise Missing(str(path))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd + ["analyze", str(path)], capture_output=True, text=True, timeout=120)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"newsclaims analyze exited {proc.returncode}: {proc.stderr.strip()[:200]}")
    return {"runs": runs, "median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3)}


def build_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for p in range(pages):
        text = make_report(10_000 + p, "de")
        head, *paras = text.strip().split("\n\n")
        story.append(Paragraph(head, styles["Heading1"]))
        story.extend(Paragraph(x, styles["BodyText"]) for x in paras)
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, title="Benchmark").build(story)


def bench_pdf(pages: int, tmp: Path) -> dict:
    _require("reportlab")
    _require("newsclaims.ingest.pdf", "from_pdf")
    from newsclaims.ingest import load

    path = tmp / "bench.pdf"
    build_pdf(path, pages)
    load(path, lang="de")  # warm imports
    t0 = time.perf_counter()
    doc = load(path, lang="de")
    secs = time.perf_counter() - t0
    n_pages = len(doc.pages) or pages
    return {"pages": n_pages, "seconds": round(secs, 3), "pages_per_s": round(n_pages / secs, 1),
            "chars": len(doc.text)}


def bench_folder(n: int, jobs: int, tmp: Path) -> dict:
    """``newsclaims analyze DIR --jobs N --out OUT`` over n generated reports and one corrupt PDF,
    as a user runs it (a subprocess, cold start included): the bad file is reported, the rest done."""
    folder, out = tmp / "folder", tmp / "folder-out"
    folder.mkdir()
    for i, (_, text) in enumerate(make_corpus(n, seed=7)):
        (folder / f"report-{i:05d}.txt").write_text(text, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n")  # truncated
    exe = shutil.which("newsclaims")
    cmd = ([exe] if exe else [sys.executable, "-m", "newsclaims.cli"]) + [
        "analyze", str(folder), "--jobs", str(jobs), "--out", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    secs = time.perf_counter() - t0
    written = len(list(out.glob("*.json")))
    if proc.returncode != 1 or "broken.pdf" not in proc.stderr:
        raise RuntimeError(f"expected exit 1 naming broken.pdf, got {proc.returncode}: {proc.stderr.strip()[-200:]}")
    return {"reports": n, "jobs": jobs, "seconds": round(secs, 2), "reports_per_s": round(n / secs, 1),
            "written": written, "failed_reported": True}


def bench_corpus(target_figures: int, tmp: Path, templates: list) -> dict:
    corpus = _require("newsclaims.corpus")
    for name in ("open_store", "add_reports", "tracks", "timeline"):
        if not hasattr(corpus, name):
            raise Missing(f"newsclaims.corpus.{name}")
    store = corpus.open_store(f"sqlite:///{tmp / 'bench-corpus.db'}")
    per_report = sum(len(r.quantities) for r in templates) / len(templates)
    if per_report == 0:
        raise RuntimeError("the template reports have no figures")
    base = dt.date(2024, 1, 1)
    added_figures, n, t_add = 0, 0, 0.0
    try:
        while added_figures < target_figures:
            batch = []
            for _ in range(200):
                tpl = templates[n % len(templates)]
                r = tpl.model_copy(deep=True)
                # A distinct text (appended, so every offset stays valid) and a spread of dates.
                r.document.text = tpl.document.text + f"\n\nBenchmark {n}"
                r.document.published = base + dt.timedelta(days=n % 365)
                batch.append(r)
                added_figures += len(r.quantities)
                n += 1
            t0 = time.perf_counter()
            corpus.add_reports(store, batch, dedupe=False)
            t_add += time.perf_counter() - t0
        t0 = time.perf_counter()
        summaries = corpus.tracks(store)
        t_tracks = time.perf_counter() - t0
        if not summaries:
            raise RuntimeError("no tracks in the corpus")
        biggest = max(summaries, key=lambda s: s.points)
        lat = []
        for _ in range(5):
            t0 = time.perf_counter()
            tl = corpus.timeline(store, biggest.name)
            lat.append(time.perf_counter() - t0)
    finally:
        store.close()
    return {"reports": n, "figures": added_figures, "add_seconds": round(t_add, 2),
            "reports_per_s": round(n / t_add, 1), "figures_per_s": round(added_figures / t_add),
            "tracks_list_s": round(t_tracks, 3), "tracks": len(summaries), "timeline_track": biggest.name,
            "timeline_points": len(tl.points), "timeline_conflicts": len(tl.conflicts),
            "timeline_median_ms": round(statistics.median(lat) * 1000, 1),
            "timeline_min_ms": round(min(lat) * 1000, 1)}


def bench_web(clients: int, requests: int) -> dict:
    run_load = _require("newsclaims.web.load", "run_load")
    return run_load(n_clients=clients, n_requests=requests)


# ----------------------------------------------------------------------------- driver

def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "python": platform.python_version(),
            "platform": platform.platform()}


def run(quick: bool = False, progress=print) -> dict:
    n_reports = 40 if quick else 200
    results: dict = {"quick": quick, "machine": machine(), "rows": {}}
    rows = results["rows"]
    corpus = make_corpus(n_reports)
    results["corpus"] = {"reports": n_reports, "words": sum(len(t.split()) for _, t in corpus)}

    def row(name, fn, *args):
        progress(f"bench: {name} ...")
        t0 = time.perf_counter()
        try:
            rows[name] = fn(*args)
        except Missing as exc:
            rows[name] = {"na": f"n/a (module missing: {exc})"}
        except Exception as exc:  # noqa: BLE001 - one failing row must not stop the others
            rows[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
        rows[name]["_wall_s"] = round(time.perf_counter() - t0, 2)

    row("analysis_1_core", bench_analysis, corpus)
    row("analysis_all_cores", bench_parallel, corpus, os.cpu_count() or 1)
    row("spacy_tokenizer", bench_tokenizer, corpus)
    a, tk = rows.get("analysis_1_core", {}), rows.get("spacy_tokenizer", {})
    if "reports_per_s" in a and "reports_per_s" in tk:
        results["tokenizer_ratio"] = round(tk["reports_per_s"] / a["reports_per_s"], 1)
    row("memory", bench_memory, corpus)
    row("cold_start", bench_cold_start, 1 if quick else 3)
    with tempfile.TemporaryDirectory(prefix="newsclaims-bench-") as tmp:
        row("pdf", bench_pdf, 5 if quick else 20, Path(tmp))
        row("folder", bench_folder, 100 if quick else 1000, os.cpu_count() or 1, Path(tmp))
        templates = []
        try:
            from newsclaims import analyze

            templates = [analyze(t, lang=lang) for lang, t in corpus[:20]]
        except Exception:  # noqa: BLE001 - reported by the corpus row
            pass
        row("corpus", bench_corpus, 10_000 if quick else 100_000, Path(tmp), templates)
    row("web_load", bench_web, *((10, 40) if quick else (20, 200)))
    return results


def format_table(results: dict) -> str:
    r = results["rows"]
    m = results["machine"]
    lines = [f"newsclaims benchmark ({'quick' if results['quick'] else 'full'}) on {m['cpus']} CPUs, {m['cpu_model']}, "
             f"Python {m['python']}; corpus {results['corpus']['reports']} generated reports, "
             f"{results['corpus']['words']} words"]

    def show(name, label, fmt):
        d = r.get(name, {})
        if "na" in d:
            val = d["na"]
        elif "error" in d:
            val = f"failed: {d['error']}"
        else:
            try:
                val = fmt(d)
            except (KeyError, TypeError, ValueError) as exc:
                val = f"failed: {exc}"
        lines.append(f"  {label:<34} {val}")

    show("analysis_1_core", "analysis, 1 core", lambda d: f"{d['reports_per_s']} reports/s ({d['words_per_s']} words/s)")
    show("analysis_all_cores", "analysis, all cores (process pool)",
         lambda d: f"{d['reports_per_s']} reports/s with {d['workers']} workers")
    show("spacy_tokenizer", "spaCy bare tokenizer (floor)", lambda d: f"{d['reports_per_s']} reports/s")
    lines.append(f"  {'ratio tokenizer / analysis':<34} "
                 f"{str(results['tokenizer_ratio']) + 'x' if 'tokenizer_ratio' in results else 'n/a'}")
    show("memory", "peak memory", lambda d: f"ru_maxrss {d['ru_maxrss_mib']} MiB; tracemalloc peak "
                                              f"{d['tracemalloc_peak_mib_10_reports']} MiB (10 reports)")
    show("cold_start", "cold start `newsclaims analyze`", lambda d: f"{d['median_s']} s (median of {d['runs']})")
    show("pdf", "PDF ingest", lambda d: f"{d['pages_per_s']} pages/s ({d['pages']} pages)")
    show("folder", "folder via CLI (one corrupt file)", lambda d: f"{d['reports_per_s']} reports/s, {d['reports']} "
                                                          f"reports with --jobs {d['jobs']}, {d['written']} written, bad file reported")
    show("corpus", "corpus add", lambda d: f"{d['figures_per_s']} figures/s, {d['reports_per_s']} reports/s "
                                           f"({d['figures']} figures)")
    show("corpus", "corpus timeline query", lambda d: f"{d['timeline_median_ms']} ms median "
                                                      f"({d['timeline_points']} points); tracks list {d['tracks_list_s']} s")
    show("web_load", "web API load", lambda d: f"{d['req_per_s']} req/s, p50 {d['p50_ms']} ms, p99 {d['p99_ms']} ms, "
                                               f"{d['errors']} errors ({d['clients']} clients)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsclaims.bench", description="newsclaims benchmark")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--quick", action="store_true", help="a smaller corpus and fewer repetitions (about a minute)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = run(args.quick, progress=lambda msg: print(msg, file=sys.stderr, flush=True))
    results["total_s"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(format_table(results))
        print(f"  {'total benchmark time':<34} {results['total_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
