"""``newsclaims eval``: scores the pipeline against a gold set (see docs/quality.md).

A gold set is a folder with ``docs.jsonl`` and ``gold.jsonl`` in the format of the annotation
contract (docs/annotation.md), or a folder of such folders (``gold/`` holds ``dev/`` and ``test/``).

Matching rule (figure detection): a predicted figure matches a gold figure when their spans
overlap and one span contains the other's *number token*: the first whitespace-separated token
that holds a digit, or, in a figure written in words only, its last token ("mehrere hundert" ->
"hundert", "Tausende" -> "Tausende"); when only one of the two spans holds a digit, that span's number token must lie
inside the other ("mehr als" alone does not match "mehr als 1.000"). Pairs are matched one to one, greedily, largest overlap
first. Unmatched gold figures are misses (false negatives), unmatched predictions false positives.

Of matched pairs, each attribute is right when:

* interval: ``low``, ``high`` and ``approx`` all equal (numbers to a relative 1e-6);
* category: equal;
* counted: both absent, or both present with overlapping spans;
* source: both unattributed, or both attributed with overlapping source mention spans;
* source_kind: equal (``none`` for an unattributed figure);
* certainty: equal;
* time: both absent, or both present with overlapping spans;
* all: every one of the above right for the same figure.

Precision, recall and F1 are micro-averaged over all figures of the selected documents;
attribute accuracies are shares of matched pairs. Everything here but the click command is a
pure function over plain dicts, testable without spaCy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from pathlib import Path

import click

from .errors import E101, E501, E502, NewsclaimsError

ATTRIBUTES = ("interval", "category", "counted", "source", "source_kind", "certainty", "time")
REL_TOL = 1e-6
_TOKEN = re.compile(r"\S+")


# ---------------------------------------------------------------- loading

def load_gold(path: str | Path) -> tuple[list[dict], list[dict]]:
    """(docs, gold records) of a gold folder, or of every gold folder directly under it."""
    path = Path(path)
    if not path.exists():
        raise NewsclaimsError(E101, f"no such gold folder: {path}")
    folders = [path] if (path / "docs.jsonl").exists() else sorted(p.parent for p in path.glob("*/docs.jsonl"))
    if not folders:
        raise NewsclaimsError(E501, f"{path} holds no docs.jsonl (nor do its subfolders)")
    docs, gold = [], []
    for folder in folders:
        docs.extend(_read_jsonl(folder / "docs.jsonl"))
        if (folder / "gold.jsonl").exists():
            gold.extend(_read_jsonl(folder / "gold.jsonl"))
    texts = {d["id"]: d["text"] for d in docs}
    for g in gold:
        if g["doc"] not in texts:
            raise NewsclaimsError(E501, f"gold record {g['text']!r} names unknown doc {g['doc']!r}")
        text = texts[g["doc"]]
        for key, s, e in (("text", "start", "end"), ("source_text", "source_start", "source_end")):
            if g.get(key) is not None and text[g[s]:g[e]] != g[key]:
                raise NewsclaimsError(E501, f"doc {g['doc']}: {key} {g[key]!r} does not match the text at {g[s]}:{g[e]}")
    return docs, gold


def _read_jsonl(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise NewsclaimsError(E501, f"{path}:{n}: not JSON ({exc.msg})") from None
    return out


# ---------------------------------------------------------------- predictions

def predictions(report) -> list[dict]:
    """A Report's quantities as records shaped like gold records."""
    out = []
    for q in report.quantities:
        src = q.source
        out.append({
            "text": q.text, "start": q.start, "end": q.end, "low": q.low, "high": q.high, "approx": q.approx,
            "counted": q.counted.text if q.counted else None,
            "counted_start": q.counted.start if q.counted else None,
            "counted_end": q.counted.end if q.counted else None,
            "category": q.category,
            "source": src.name if src else None,
            "source_text": src.text if src else None,
            "source_start": src.start if src else None,
            "source_end": src.end if src else None,
            "source_kind": src.kind if src else "none",
            "certainty": q.certainty,
            "time": q.time.text if q.time else None,
            "time_start": q.time.start if q.time else None,
            "time_end": q.time.end if q.time else None,
        })
    return out


# ---------------------------------------------------------------- matching

def overlap(a_start, a_end, b_start, b_end) -> int:
    """Characters two half-open spans share (0 when either is missing)."""
    if None in (a_start, a_end, b_start, b_end):
        return 0
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def number_token(text: str, start: int) -> tuple[int, int]:
    """Absolute span of a figure's number token (see the module docstring)."""
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return start, start
    tok = next((t for t in tokens if any(c.isdigit() for c in t.group())), tokens[-1])
    return start + tok.start(), start + tok.end()


def _contains(rec: dict, span: tuple[int, int]) -> bool:
    return rec["start"] <= span[0] and span[1] <= rec["end"]


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def is_match(g: dict, p: dict) -> bool:
    if not overlap(g["start"], g["end"], p["start"], p["end"]):
        return False
    g_digit, p_digit = _has_digit(g["text"]), _has_digit(p["text"])
    g_in_p = _contains(p, number_token(g["text"], g["start"]))
    p_in_g = _contains(g, number_token(p["text"], p["start"]))
    if g_digit != p_digit:  # a word-only span cannot stand in for a written number
        return g_in_p if g_digit else p_in_g
    return g_in_p or p_in_g


def match(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(matched pairs, missed gold, false positives) for the figures of one document."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if is_match(g, p):
                cands.append((-overlap(g["start"], g["end"], p["start"], p["end"]), abs(g["start"] - p["start"]), i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    pairs.sort()
    matched = [(gold[i], pred[j]) for i, j in pairs]
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    false_pos = [p for j, p in enumerate(pred) if j not in used_p]
    return matched, missed, false_pos


# ---------------------------------------------------------------- attributes

def _num_eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-9)


def _span_agree(g: dict, p: dict, key: str, s: str, e: str) -> bool:
    if g.get(key) is None or p.get(key) is None:
        return g.get(key) is None and p.get(key) is None
    return overlap(g[s], g[e], p[s], p[e]) > 0


def attribute_ok(g: dict, p: dict, attr: str) -> bool:
    if attr == "interval":
        return _num_eq(g["low"], p["low"]) and _num_eq(g["high"], p["high"]) and g["approx"] == p["approx"]
    if attr == "counted":
        return _span_agree(g, p, "counted", "counted_start", "counted_end")
    if attr == "source":
        return _span_agree(g, p, "source_text", "source_start", "source_end")
    if attr == "time":
        return _span_agree(g, p, "time", "time_start", "time_end")
    if attr == "source_kind":
        return (g.get("source_kind") or "none") == (p.get("source_kind") or "none")
    return g.get(attr) == p.get(attr)


# ---------------------------------------------------------------- scores

def new_tally() -> dict:
    return {"docs": 0, "gold": 0, "pred": 0, "tp": 0, "all_ok": 0, **{f"{a}_ok": 0 for a in ATTRIBUTES}}


def tally_doc(tally: dict, gold: list[dict], pred: list[dict]) -> dict:
    """Adds one document's counts to ``tally``; returns the document's errors."""
    matched, missed, false_pos = match(gold, pred)
    tally["docs"] += 1
    tally["gold"] += len(gold)
    tally["pred"] += len(pred)
    tally["tp"] += len(matched)
    wrong = []
    for g, p in matched:
        right = 0
        for attr in ATTRIBUTES:
            if attribute_ok(g, p, attr):
                tally[f"{attr}_ok"] += 1
                right += 1
            else:
                wrong.append((attr, g, p))
        tally["all_ok"] += right == len(ATTRIBUTES)
    return {"missed": missed, "false_positives": false_pos, "wrong": wrong}


def prf(tp: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    """Precision, recall, F1. With nothing predicted precision is 1 only if nothing was to find; with nothing to find recall is 1."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def scores(tally: dict) -> dict:
    p, r, f = prf(tally["tp"], tally["gold"], tally["pred"])
    out = {"docs": tally["docs"], "gold": tally["gold"], "pred": tally["pred"], "tp": tally["tp"],
           "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    for attr in ATTRIBUTES + ("all",):
        out[attr] = round(tally[f"{attr}_ok"] / tally["tp"], 4) if tally["tp"] else None
    return out


def score(docs: list[dict], gold: list[dict], preds: dict[str, list[dict]]) -> tuple[dict, list[dict]]:
    """Scores per language and overall, and each document's errors. ``preds``: doc id -> records."""
    by_doc: dict[str, list[dict]] = {}
    for g in gold:
        by_doc.setdefault(g["doc"], []).append(g)
    tallies = {"overall": new_tally()}
    errors = []
    for d in docs:
        g, p = by_doc.get(d["id"], []), preds.get(d["id"], [])
        lang_tally = tallies.setdefault(d["lang"], new_tally())
        err = tally_doc(tallies["overall"], g, p)
        tally_doc(lang_tally, g, p)
        errors.append({"doc": d["id"], **err})
    return {k: scores(v) for k, v in tallies.items()}, errors


# ---------------------------------------------------------------- running the pipeline

def run_pipeline(docs: list[dict]) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Predictions per doc id, and doc id -> failure message for documents the pipeline failed on."""
    from .ingest.text import as_it_stands
    from .pipeline import analyze_document

    preds, failures = {}, {}
    for d in docs:
        published = dt.date.fromisoformat(d["published"]) if d.get("published") else None
        try:
            # The gold offsets point into the text as it stands: no layout repair.
            document = as_it_stands(d["text"], lang=d["lang"], published=published)
            report = analyze_document(document, lang=d["lang"], published=published)
        except Exception as exc:  # a measuring instrument keeps going and reports the failure
            failures[d["id"]] = f"{type(exc).__name__}: {exc}".splitlines()[0]
            continue
        preds[d["id"]] = predictions(report)
    return preds, failures


def evaluate(gold_dir: str | Path, lang: str | None = None) -> dict:
    """Runs the pipeline over a gold set and scores it: {"scores", "errors", "failures"}."""
    docs, gold = load_gold(gold_dir)
    if lang:
        docs = [d for d in docs if d["lang"] == lang]
        ids = {d["id"] for d in docs}
        gold = [g for g in gold if g["doc"] in ids]
    preds, failures = run_pipeline(docs)
    result, errors = score(docs, gold, preds)
    return {"scores": result, "errors": errors, "failures": failures, "docs": docs}


# ---------------------------------------------------------------- presentation

# "all": the share of matched figures with every attribute right.
COLUMNS = ("docs", "gold", "pred", "tp", "precision", "recall", "f1") + ATTRIBUTES + ("all",)


def format_table(result: dict) -> str:
    head = ["set", *COLUMNS]
    rows = [head]
    for name in ["overall"] + sorted(k for k in result if k != "overall"):
        s = result[name]
        rows.append([name] + [("-" if s[c] is None else f"{s[c]:.3f}" if isinstance(s[c], float) else str(s[c])) for c in COLUMNS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths))) for r in rows)


def _ctx(text: str, start: int, end: int, width: int = 50) -> str:
    return (text[max(0, start - width):start] + "[" + text[start:end] + "]" + text[end:end + width]).replace("\n", " ")


def _brief(r: dict, attr: str):
    if attr == "interval":
        return f"{r['low']}..{r['high']} {r['approx']}"
    if attr == "counted":
        return r.get("counted")
    if attr == "source":
        return f"{r.get('source_text')}@{r.get('source_start')}" if r.get("source_text") is not None else None
    if attr == "time":
        return f"{r.get('time')}@{r.get('time_start')}" if r.get("time") is not None else None
    return r.get(attr)


def format_errors(evaluation: dict) -> str:
    texts = {d["id"]: d["text"] for d in evaluation["docs"]}
    lines = []
    for e in evaluation["errors"]:
        text = texts[e["doc"]]
        if not (e["missed"] or e["false_positives"] or e["wrong"]) and e["doc"] not in evaluation["failures"]:
            continue
        lines.append(f"== {e['doc']}")
        if e["doc"] in evaluation["failures"]:
            lines.append(f"  FAILED  {evaluation['failures'][e['doc']]}")
        for g in e["missed"]:
            lines.append(f"  MISS    {g['text']!r}  …{_ctx(text, g['start'], g['end'])}…")
        for p in e["false_positives"]:
            lines.append(f"  FALSE+  {p['text']!r}  …{_ctx(text, p['start'], p['end'])}…")
        for attr, g, p in e["wrong"]:
            lines.append(f"  WRONG   {g['text']!r} {attr}: gold={_brief(g, attr)!r} pred={_brief(p, attr)!r}")
    return "\n".join(lines)


@click.command("eval")
@click.argument("gold_dir", type=click.Path())
@click.option("--show-errors", is_flag=True, help="List misses, false positives and wrong attributes with context.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON (for CI trends).")
@click.option("--lang", help="Only documents in this language (a code such as de or en).")
def eval_command(gold_dir, show_errors, as_json, lang):
    """Score the pipeline against a gold set (precision/recall/F1 and attribute accuracy).

    Exits with 1 when the pipeline failed on any document (each is named on stderr): a score
    over fewer documents than the set holds is not a score of the set."""
    evaluation = evaluate(gold_dir, lang=lang)
    _report(evaluation, gold_dir, lang, show_errors, as_json)
    for doc_id, msg in evaluation["failures"].items():
        click.echo(f"newsclaims: {E502}: pipeline failed on {doc_id}: {msg}", err=True)
    if evaluation["failures"]:
        sys.exit(1)


def _report(evaluation: dict, gold_dir, lang, show_errors: bool, as_json: bool) -> None:
    if as_json:
        out = {"gold_dir": str(gold_dir), "lang": lang, "scores": evaluation["scores"],
               "failures": evaluation["failures"]}
        if show_errors:
            out["errors"] = [
                {"doc": e["doc"], "missed": [g["text"] for g in e["missed"]],
                 "false_positives": [p["text"] for p in e["false_positives"]],
                 "wrong": [{"figure": g["text"], "attribute": a, "gold": _brief(g, a), "pred": _brief(p, a)}
                           for a, g, p in e["wrong"]]}
                for e in evaluation["errors"]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if show_errors:
        shown = format_errors(evaluation)
        if shown:
            click.echo(shown)
            click.echo()
    click.echo(format_table(evaluation["scores"]))


if __name__ == "__main__":  # pragma: no cover
    eval_command(sys.argv[1:])
