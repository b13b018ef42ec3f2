"""Golden master of the extractors: the Report JSON of every gold document.

Writes (with ``--update``) or checks ``tests/data/gold_snapshot.jsonl.gz``: one line per
document of ``gold/dev`` and ``gold/test``, the Report as JSON without the volatile generator
version and without the document text (the input, already in ``docs.jsonl``).
``tests/test_gold_snapshot.py`` recomputes it and names the first field that differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("dev", "test")
SNAPSHOT = ROOT / "tests" / "data" / "gold_snapshot.jsonl.gz"


def gold_documents():
    for split in SPLITS:
        for line in (ROOT / "gold" / split / "docs.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def report_json(doc: dict) -> dict:
    """The Report of one gold document, without what changes from run to run or is input."""
    from newsclaims import analyze

    published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
    report = analyze(text=doc["text"], lang=doc["lang"], published=published)
    data = json.loads(report.model_dump_json())
    data.pop("generator", None)
    data["document"].pop("text", None)
    data["document"]["id"] = doc["id"]
    return data


def compute() -> list[dict]:
    return [report_json(doc) for doc in gold_documents()]


def read() -> list[dict]:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write(reports: list[dict]) -> None:
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(SNAPSHOT, "wb", mtime=0) as f:
        for data in reports:
            f.write((json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode())


def first_difference(old, new, path: str = "") -> str | None:
    """Path of the first field where ``old`` and ``new`` differ, with both values."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            where = f"{path}.{key}" if path else key
            if key not in old or key not in new:
                return f"{where}: only in {'new' if key in new else 'snapshot'}"
            found = first_difference(old[key], new[key], where)
            if found:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        if len(old) != len(new):
            return f"{path}: {len(old)} items in snapshot, {len(new)} now"
        return None
    return None if old == new else f"{path}: snapshot {old!r}, now {new!r}"


def differences(expected: list[dict], actual: list[dict]) -> list[str]:
    if len(expected) != len(actual):
        return [f"{len(expected)} documents in snapshot, {len(actual)} now"]
    found = (first_difference(a, b) for a, b in zip(expected, actual))
    return [f"{a['document']['id']}: {d}" for a, d in zip(expected, found) if d]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="regenerate the snapshot from the current code")
    args = parser.parse_args()
    reports = compute()
    if args.update:
        write(reports)
        print(f"wrote {len(reports)} reports to {SNAPSHOT.relative_to(ROOT)}")
        return 0
    diffs = differences(read(), reports)
    print("\n".join(diffs) or f"{len(reports)} reports unchanged")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
