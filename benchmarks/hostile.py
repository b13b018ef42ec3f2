"""Hostile-input benchmark (issues 17 and 18): ``python benchmarks/hostile.py [--json] [--quick]``
from the repository root.

CPU time (``time.process_time``) of the full analysis, language given, of:

* each crafted input of tests/test_fuzz.py's ``CRAFTED`` (read from that file, one list for both)
  plus ``"the ministry said " * 500``; aim: none over 0.5 s;
* a seed-like report (``benchmarks/corpus.py``) repeated to 1 KB, 10 KB, 100 KB and 1 MB: cost per
  KB and the ratio of the 1 MB per-KB cost to the 10 KB one; aim: at most 1.5;
* N fuzz inputs under 20 KB built from test_fuzz.py's ``NEWS`` pieces with a fixed seed: the
  slowest, and how many took over 0.5 s; aim: none.

Every time is also given as a ratio to spaCy's bare tokenizer over the same text (the floor,
``bench.tokenizer_seconds``). A text refused with a project error counts its time to the refusal.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(ROOT))

from benchmarks.bench import _warm, machine, tokenizer_seconds  # noqa: E402
from benchmarks.corpus import make_report  # noqa: E402

BUDGET_S = 0.5
SIZES_KB = (1, 10, 100, 1000)
EXTRA = {"a reporting frame repeated 500 times": ("the ministry said " * 500, "en")}


def fuzz_module_values(*names: str) -> dict:
    """The named top-level values of tests/test_fuzz.py, evaluated from its source (plain string
    expressions), so that the benchmark needs neither pytest nor hypothesis."""
    tree = ast.parse((ROOT / "tests" / "test_fuzz.py").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and getattr(node.targets[0], "id", None) in names:
            found[node.targets[0].id] = eval(compile(ast.Expression(node.value), "test_fuzz.py", "eval"),  # noqa: S307
                                             {"__builtins__": {}})
    return found


def cpu_analysis(text: str, lang: str) -> tuple[float, str | None]:
    """CPU seconds of reading and analysing ``text``; the error code when it is refused."""
    from newsclaims.errors import NewsclaimsError
    from newsclaims.ingest.text import from_text
    from newsclaims.pipeline import analyze_document

    t0 = time.process_time()
    try:
        analyze_document(from_text(text, lang=lang), lang=lang)
        code = None
    except NewsclaimsError as exc:
        code = getattr(exc, "code", "error")
    return time.process_time() - t0, code


def timed(text: str, lang: str) -> dict:
    secs, code = cpu_analysis(text, lang)
    try:
        floor, _ = tokenizer_seconds([(lang, text)], clock=time.process_time)
    except UnicodeEncodeError:  # spaCy cannot hash a lone surrogate: no floor for that text
        floor = 0.0
    return {"chars": len(text), "cpu_s": round(secs, 4), "tokenizer_s": round(floor, 5) if floor > 0 else None,
            "x_tokenizer": round(secs / floor, 1) if floor > 0 else None, "refused": code}


def crafted() -> dict:
    inputs = dict(fuzz_module_values("CRAFTED")["CRAFTED"], **EXTRA)
    return {name: dict(timed(text, lang), lang=lang) for name, (text, lang) in sorted(inputs.items())}


def scaling(sizes_kb) -> dict:
    seed = make_report(0, "de")
    rows = {}
    for kb in sizes_kb:
        text = (seed * (kb * 1024 // len(seed) + 1))[:kb * 1024]
        row = timed(text, "de")
        row["cpu_ms_per_kb"] = round(row["cpu_s"] * 1000 / kb, 2)
        rows[f"{kb} KB"] = row
    out = {"rows": rows}
    if "10 KB" in rows and "1000 KB" in rows:
        out["ratio_1mb_to_10kb_per_kb"] = round(rows["1000 KB"]["cpu_ms_per_kb"] / rows["10 KB"]["cpu_ms_per_kb"], 2)
    return out


def fuzz_inputs(n: int, seed: int = 17) -> list[tuple[str, str]]:
    """``n`` texts under 20 KB: runs of test_fuzz.py's news pieces and random characters."""
    news = fuzz_module_values("NEWS")["NEWS"]
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        pieces = [rnd.choice(news) if rnd.random() < 0.8 else "".join(chr(rnd.randint(32, 0x2FF)) for _ in range(rnd.randint(1, 6)))
                  for _ in range(rnd.randint(1, rnd.choice((80, 800, 3000))))]
        out.append((" ".join(pieces)[:20_000], rnd.choice(("de", "en"))))
    return out


def fuzz(n: int) -> dict:
    times = []
    for text, lang in fuzz_inputs(n):
        secs, _ = cpu_analysis(text, lang)
        times.append((secs, len(text), lang))
    slowest = max(times)
    return {"inputs": n, "slowest_cpu_s": round(slowest[0], 3), "slowest_chars": slowest[1], "slowest_lang": slowest[2],
            "over_budget": sum(t > BUDGET_S for t, _, _ in times), "budget_s": BUDGET_S,
            "mean_cpu_s": round(sum(t for t, _, _ in times) / n, 4)}


def run(quick: bool, progress=print) -> dict:
    _warm()
    for lang in ("de", "en"):  # the first analysis loads lazy models (tagger, lexicons): not a hostile cost
        cpu_analysis(make_report(1, lang), lang)
    results = {"quick": quick, "machine": machine()}
    progress("hostile: crafted inputs ...")
    results["crafted"] = crafted()
    progress("hostile: scaling ...")
    results["scaling"] = scaling(SIZES_KB)
    progress("hostile: fuzz inputs ...")
    results["fuzz"] = fuzz(50 if quick else 500)
    return results


def format_table(results: dict) -> str:
    m = results["machine"]
    lines = [f"newsclaims hostile-input benchmark ({'quick' if results['quick'] else 'full'}) on {m['cpus']} CPUs, "
             f"{m['cpu_model']}, Python {m['python']}; CPU seconds, language given",
             f"  {'input':<42} {'chars':>8} {'cpu s':>8} {'x tokenizer':>12}  note"]
    for name, r in results["crafted"].items():
        note = f"refused {r['refused']}" if r["refused"] else ("OVER 0.5 s" if r["cpu_s"] > BUDGET_S else "")
        lines.append(f"  {name:<42} {r['chars']:>8} {r['cpu_s']:>8.3f} {str(r['x_tokenizer']):>12}  {note}")
    lines.append(f"  {'seed-like report repeated to':<42} {'chars':>8} {'cpu s':>8} {'x tokenizer':>12}  ms/KB")
    for name, r in results["scaling"]["rows"].items():
        lines.append(f"  {name:<42} {r['chars']:>8} {r['cpu_s']:>8.3f} {str(r['x_tokenizer']):>12}  {r['cpu_ms_per_kb']}")
    ratio = results["scaling"].get("ratio_1mb_to_10kb_per_kb")
    lines.append(f"  per-KB cost 1 MB / 10 KB: {ratio} (aim <= 1.5)")
    f = results["fuzz"]
    lines.append(f"  fuzz: {f['inputs']} inputs under 20 KB, slowest {f['slowest_cpu_s']} s ({f['slowest_chars']} chars, "
                 f"{f['slowest_lang']}), {f['over_budget']} over {f['budget_s']} s, mean {f['mean_cpu_s']} s")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/hostile.py", description="newsclaims hostile-input benchmark")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--quick", action="store_true", help="50 fuzz inputs instead of 500")
    args = ap.parse_args(argv)
    results = run(args.quick, progress=lambda msg: print(msg, file=sys.stderr, flush=True))
    print(json.dumps(results, indent=2, ensure_ascii=False) if args.json else format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
