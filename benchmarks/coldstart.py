"""Cold start: ``python benchmarks/coldstart.py [--runs 5] [--json]`` from the repository root.

Runs ``newsclaims analyze examples/grenzkrise.txt --published 2025-11-14 --format json`` in
fresh processes, with ``--lang de`` and with the language detected, and reports the median wall
time and the median CPU time (user + system) of each. On a busy machine wall time mostly
measures the queue for a core, so it also times ``python -c "import spacy"``, the floor every
run pays, and gives each figure as a multiple of it: that ratio carries over between machines
and loads. The first run fills the user's cache (pre-read patterns, see ``newsclaims.cache``)
and is reported apart; the medians are of the runs after it. The package's bytecode is
compiled first, as ``pip install`` does: a checkout run with ``PYTHONDONTWRITEBYTECODE=1``
would otherwise compile every module from source in every run (0.1 s here), a cost no
installed copy pays.
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "grenzkrise.txt"


def _command() -> list[str]:
    exe = shutil.which("newsclaims")
    return [exe] if exe else [sys.executable, "-m", "newsclaims.cli"]


def _timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[-6:])} exited {proc.returncode}: {proc.stderr.strip()[:200]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _series(cmd: list[str], runs: int) -> dict:
    first = _timed(cmd)
    times = [_timed(cmd) for _ in range(runs)]
    walls, cpus = [w for w, _ in times], [c for _, c in times]
    return {"first_wall_s": round(first[0], 3), "median_wall_s": round(statistics.median(walls), 3),
            "median_cpu_s": round(statistics.median(cpus), 3), "min_wall_s": round(min(walls), 3)}


def cold_start(runs: int = 5) -> dict:
    """Median wall and CPU seconds of ``newsclaims analyze`` (language given and detected), and
    of importing spaCy, in fresh processes."""
    if not EXAMPLE.exists():
        raise FileNotFoundError(str(EXAMPLE))
    import newsclaims

    compileall.compile_dir(Path(newsclaims.__file__).parent, quiet=1)
    analyze = _command() + ["analyze", str(EXAMPLE), "--published", "2025-11-14", "--format", "json"]
    out = {"runs": runs,
           "lang_given": _series(analyze + ["--lang", "de"], runs),
           "lang_detected": _series(analyze, runs),
           "spacy_import": _series([sys.executable, "-c", "import spacy"], runs)}
    floor = out["spacy_import"]["median_cpu_s"] or 1e-9
    for key in ("lang_given", "lang_detected"):
        out[key]["cpu_over_spacy_import"] = round(out[key]["median_cpu_s"] / floor, 2)
    # the figures bench.py has always shown
    out["median_s"], out["min_s"] = out["lang_given"]["median_wall_s"], out["lang_given"]["min_wall_s"]
    return out


def describe(d: dict) -> str:
    given, detected, floor = d["lang_given"], d["lang_detected"], d["spacy_import"]
    return (f"{given['median_wall_s']} s wall, {given['median_cpu_s']} s CPU with --lang "
            f"({given['cpu_over_spacy_import']}x `import spacy`); detected: {detected['median_wall_s']} s wall, "
            f"{detected['median_cpu_s']} s CPU ({detected['cpu_over_spacy_import']}x); `import spacy` "
            f"{floor['median_cpu_s']} s CPU (medians of {d['runs']})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/coldstart.py", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    result = cold_start(args.runs)
    print(json.dumps(result, indent=2) if args.json else "cold start `newsclaims analyze`: " + describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
