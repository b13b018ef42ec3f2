#!/usr/bin/env python
"""Builds the gold set (gold/<split>/docs.jsonl, gold.jsonl) from hand-written sources.

Each source is ``gold/src/<id>.yaml``::

    id: de-agentur-erdbeben          # optional, defaults to the file stem
    lang: de
    published: 2025-02-10            # or null
    split: dev                       # dev | test
    text: |
      Headline

      Paragraph one ...
    figs:
      # figure | low high approx | counted | category | source | certainty | time
      - "mehr als 1.000 | 1000 - more_than | Soldaten | casualties | JCS = Generalstab (JCS) : government_or_military | alleged | am Montag"

Fields are separated by `` | ``; ``-`` means null. ``low``/``high`` are numbers (``1.5e6``
allowed) or ``-``. The source field is ``Canonical name = mention : kind`` or ``-``.

Offsets are computed here, never typed by hand:

* figure text: the first occurrence at or after the previous figure's start (figures are listed
  in document order); ``text@n`` picks the n-th occurrence (0-based) in the whole text instead;
* counted: the first occurrence starting at or after the figure's end within COUNTED_WINDOW
  characters, else the nearest occurrence before the figure; ``@n`` overrides;
  ``<noun`` marks a counted noun that comes BEFORE the figure in the same sentence (carried
  over: "Mehr als 600 Zivilisten wurden getötet und 4.000 verwundet" -> 4.000 is
  ``<Zivilisten``; a frame: "die Zahl der Toten stieg auf 12" -> ``<Toten``): the nearest
  occurrence that ends at or before the figure's start and starts at or after the sentence
  start (the last ``.``/``!``/``?`` + space or line break before the figure); not found there
  is an error (an abbreviation such as "Dr. " also ends the sentence: use ``@n`` then);
* source and time mentions: the occurrence nearest to the figure; ``@n`` overrides.

Everything is checked: each text must be found, ``doc_text[start:end] == text`` for every span,
the values must be valid report literals, the document text must survive ``newsclaims`` ingest
unchanged (so offsets into the gold text are offsets into ``report.document.text``).
Any problem stops the build with a message naming the file and the figure.

    python scripts/gold_build.py            # build gold/dev and gold/test
    python scripts/gold_build.py --review   # also print every figure in context
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import typing
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
COUNTED_WINDOW = 120
SPLITS = ("dev", "test")


class GoldError(Exception):
    pass


def _literals(name: str) -> set[str]:
    from newsclaims import report

    return set(typing.get_args(getattr(report, name)))


def _split_ref(s: str) -> tuple[str, int | None]:
    m = re.fullmatch(r"(.*?)@(\d+)", s.strip())
    if m:
        return m.group(1).strip(), int(m.group(2))
    return s.strip(), None


def _occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _nth(text: str, needle: str, n: int, what: str) -> int:
    occ = _occurrences(text, needle)
    if n >= len(occ):
        raise GoldError(f"{what} {needle!r}@{n}: only {len(occ)} occurrence(s)")
    return occ[n]


def _embedded(text: str, start: int, end: int) -> bool:
    """Is text[start:end] part of a longer word or number ("9,000" inside "29,000")?"""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or after.isalnum() or (before in ".," and start > 1 and text[start - 2].isdigit())


def _num(s: str, what: str):
    if s == "-":
        return None
    try:
        v = float(s)
    except ValueError:
        raise GoldError(f"{what}: {s!r} is not a number or '-'") from None
    return int(v) if v.is_integer() else v


def _nearest(text: str, needle: str, start: int, end: int, what: str) -> int:
    occ = _occurrences(text, needle)
    if not occ:
        raise GoldError(f"{what} {needle!r} not found in the text")

    def dist(i):
        j = i + len(needle)
        return 0 if (i < end and j > start) else min(abs(i - end), abs(start - j))

    return min(occ, key=dist)


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) plus whitespace, or at
# a line break. Dots inside numbers ("4.000", "3.40 Uhr") are not followed by whitespace.
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201c\u201d\u201e\u00bb\u00ab\u2019)\]]*\s|\n")


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _before_in_sentence(text: str, needle: str, fig_start: int, what: str) -> int:
    """The nearest occurrence of needle ending at or before fig_start in the figure's sentence."""
    if not needle:
        raise GoldError(f"{what}: empty counted mention after '<'")
    lo = _sentence_start(text, fig_start)
    i = text.rfind(needle, lo, fig_start)
    if i < 0:
        raise GoldError(f"{what} <{needle!r} not found before the figure in its sentence: "
                        f"{text[lo:fig_start]!r}")
    return i


def build_doc(path: Path) -> tuple[dict, list[dict], str]:
    src = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc_id = src.get("id") or path.stem
    lang, split = src["lang"], src.get("split")
    if split not in SPLITS:
        raise GoldError(f"split must be one of {SPLITS}, not {split!r}")
    text = src["text"].strip("\n")
    if "\t" in text or "  " in text or re.search(r"[^\n]\n[^\n]", text):
        raise GoldError("text must be paragraphs separated by one blank line, single spaces, no hard wraps")
    published = src.get("published")
    doc = {"id": doc_id, "lang": lang, "published": str(published) if published else None, "text": text}

    approx_ok, cat_ok = _literals("Approx"), _literals("Category")
    kind_ok, cert_ok = _literals("SourceKind"), _literals("Certainty")
    gold, cursor = [], 0
    for k, line in enumerate(src.get("figs") or []):
        where = f"fig {k} {line!r}"
        parts = [p.strip() for p in line.split(" | ")]
        if len(parts) != 7:
            raise GoldError(f"{where}: expected 7 fields separated by ' | ', got {len(parts)}")
        ftext, interval, counted, category, source, certainty, time = parts
        ftext, n = _split_ref(ftext)
        if n is None:
            start = next((i for i in _occurrences(text, ftext) if i >= cursor and not _embedded(text, i, i + len(ftext))), -1)
            if start < 0:
                raise GoldError(f"{where}: figure {ftext!r} not found (as a whole word) after offset {cursor}")
        else:
            start = _nth(text, ftext, n, where)
        end = start + len(ftext)
        cursor = start + 1
        # A figure must not be cut out of a longer number ("1.000" inside "11.000").
        if _embedded(text, start, end):
            raise GoldError(f"{where}: {ftext!r} at {start} is part of a longer word: {text[max(0, start-10):end+10]!r}")
        iv = interval.split()
        if len(iv) != 3:
            raise GoldError(f"{where}: interval field must be 'low high approx'")
        low, high, approx = _num(iv[0], where), _num(iv[1], where), iv[2]
        if approx not in approx_ok:
            raise GoldError(f"{where}: approx {approx!r} not in {sorted(approx_ok)}")
        if low is None and high is None:
            raise GoldError(f"{where}: low and high are both null")
        if low is not None and high is not None and low > high:
            raise GoldError(f"{where}: low > high")
        if category not in cat_ok:
            raise GoldError(f"{where}: category {category!r} not in {sorted(cat_ok)}")
        if certainty not in cert_ok:
            raise GoldError(f"{where}: certainty {certainty!r} not in {sorted(cert_ok)}")
        rec = {"doc": doc_id, "text": ftext, "start": start, "end": end, "low": low, "high": high,
               "approx": approx}
        # counted
        if counted == "-":
            rec.update(counted=None, counted_start=None, counted_end=None)
        else:
            ctext, n = _split_ref(counted)
            if ctext.startswith("<"):
                if n is not None:
                    raise GoldError(f"{where}: counted {counted!r}: use either '<' or '@n', not both")
                ctext = ctext[1:].strip()
                cs = _before_in_sentence(text, ctext, start, where + " counted")
            elif n is not None:
                cs = _nth(text, ctext, n, where + " counted")
            else:
                after = text.find(ctext, end)
                if 0 <= after <= end + COUNTED_WINDOW:
                    cs = after
                else:
                    before = text.rfind(ctext, 0, start)
                    if before < 0:
                        raise GoldError(f"{where}: counted {ctext!r} not found near the figure")
                    cs = before
            rec.update(counted=ctext, counted_start=cs, counted_end=cs + len(ctext))
        rec["category"] = category
        # source
        if source == "-":
            rec.update(source=None, source_text=None, source_start=None, source_end=None, source_kind="none")
        else:
            m = re.fullmatch(r"(.+?)\s*=\s*(.+?)\s*:\s*(\w+)", source)
            if not m:
                raise GoldError(f"{where}: source must be 'Canonical = mention : kind'")
            name, mention, kind = m.groups()
            if kind not in kind_ok:
                raise GoldError(f"{where}: source kind {kind!r} not in {sorted(kind_ok)}")
            stext, n = _split_ref(mention)
            ss = _nth(text, stext, n, where + " source") if n is not None else _nearest(text, stext, start, end, where + " source")
            rec.update(source=name, source_text=stext, source_start=ss, source_end=ss + len(stext), source_kind=kind)
        rec["certainty"] = certainty
        if time == "-":
            rec.update(time=None, time_start=None, time_end=None)
        else:
            ttext, n = _split_ref(time)
            ts = _nth(text, ttext, n, where + " time") if n is not None else _nearest(text, ttext, start, end, where + " time")
            rec.update(time=ttext, time_start=ts, time_end=ts + len(ttext))
        verify(text, rec, where)
        gold.append(rec)
    starts = [g["start"] for g in gold]
    if len(set(starts)) != len(starts):
        raise GoldError("two figures start at the same offset")
    return doc, gold, split


def verify(text: str, rec: dict, where: str = "") -> None:
    """Every span of a gold record points at its own text."""
    for key, s, e in (("text", "start", "end"), ("counted", "counted_start", "counted_end"),
                      ("source_text", "source_start", "source_end"), ("time", "time_start", "time_end")):
        if rec.get(key) is None:
            continue
        if text[rec[s]:rec[e]] != rec[key]:
            raise GoldError(f"{where}: {key} {rec[key]!r} != text[{rec[s]}:{rec[e]}] {text[rec[s]:rec[e]]!r}")


def check_ingest(doc: dict) -> None:
    """The gold text must come out of newsclaims' text ingest unchanged."""
    from newsclaims.ingest import from_text

    out = from_text(doc["text"], lang=doc["lang"]).text
    if out != doc["text"]:
        i = next((i for i, (a, b) in enumerate(zip(out, doc["text"])) if a != b), min(len(out), len(doc["text"])))
        raise GoldError(f"ingest changes the text at {i}: {doc['text'][max(0, i-30):i+30]!r} -> {out[max(0, i-30):i+30]!r}")


def review(doc: dict, gold: list[dict]) -> None:
    text = doc["text"]
    print(f"== {doc['id']} ({doc['lang']}, {len(text.split())} words, {len(gold)} figures)")
    for g in gold:
        ctx = text[max(0, g["start"] - 60):g["end"] + 60].replace("\n", " ")
        print(f"  [{g['text']}] {g['low']}..{g['high']} {g['approx']} | counted={g['counted']!r}@{g['counted_start']} "
              f"| {g['category']} | src={g['source_text']!r}@{g['source_start']} {g['source_kind']} | {g['certainty']} "
              f"| time={g['time']!r}\n      …{ctx}…")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--review", action="store_true", help="print every figure in context")
    ap.add_argument("--no-ingest-check", action="store_true", help="skip the ingest round trip (faster)")
    args = ap.parse_args(argv)
    out = {s: ([], []) for s in SPLITS}
    failed = False
    ids = set()
    for path in sorted((GOLD / "src").glob("*.yaml")):
        try:
            doc, gold, split = build_doc(path)
            if doc["id"] in ids:
                raise GoldError(f"duplicate id {doc['id']}")
            ids.add(doc["id"])
            if not args.no_ingest_check:
                check_ingest(doc)
        except (GoldError, KeyError, yaml.YAMLError) as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
            failed = True
            continue
        if args.review:
            review(doc, gold)
        out[split][0].append(doc)
        out[split][1].extend(gold)
    if failed:
        print("gold_build: errors above, nothing written", file=sys.stderr)
        return 1
    for split, (docs, gold) in out.items():
        d = GOLD / split
        d.mkdir(parents=True, exist_ok=True)
        (d / "docs.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in docs), encoding="utf-8")
        (d / "gold.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in gold), encoding="utf-8")
        langs = {}
        for x in docs:
            langs[x["lang"]] = langs.get(x["lang"], 0) + 1
        words = sum(len(x["text"].split()) for x in docs)
        print(f"{split}: {len(docs)} docs {langs}, {words} words, {len(gold)} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
