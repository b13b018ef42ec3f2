"""Claim sources on speech events: ``python benchmarks/speech_events.py DIR [--show-errors]``.

DIR holds documents in the JSON format of the SpkAtt-2023 task 2 data (German Wikinews articles,
every speech, thought and writing event with its source annotated; CC BY-NC-SA 4.0, published
by uhh-lt/news-speaker-attribution-2023). The data is not part of this repository and is never
fetched by it: pass the folder of files you have.

Each document's tokens are joined into text (no space before closing punctuation, none after an
opening quote or bracket) and analysed as one paragraph. Every event that is not nested and has
a source counts once, at the claim of the sentence holding the first word of its message:

* found: that claim has a source;
* right: a found source overlaps the annotated source words, or its last word is one of them
  (the same speaker named again: "Sarkozy" for "Nicolas Sarkozy"). A speaker named by a pronoun
  in the sentence ("Er betonte") is spanned at the pronoun, as the data annotates it; whom the
  pronoun is resolved to (``source.antecedent``) is not annotated, so not scored: the count of
  such sources is printed.

Prints events, found %, right % (of found) and right % of all events, and the same without the
events whose annotated source is a lone pronoun (its speaker is named only through coreference).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NO_SPACE_BEFORE = set(",.:;!?)“”«")
# A gold source that is a lone personal pronoun ("Er fürchtet, ...") names its speaker only
# through coreference, which the data does not annotate: such events are also counted apart.
PRONOUNS = {"er", "sie", "es", "ich", "wir", "ihr"}
NO_SPACE_AFTER = set("„(»")


def detokenize(sentences: list[list[str]]) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """The text and each (sentence, token) -> (start, end) in it."""
    text, offsets = "", {}
    for si, tokens in enumerate(sentences):
        for ti, tok in enumerate(tokens):
            if text and not (tok[:1] in NO_SPACE_BEFORE and len(tok) == 1) and text[-1] not in NO_SPACE_AFTER:
                text += " "
            offsets[(si, ti)] = (len(text), len(text) + len(tok))
            text += tok
    return text, offsets


def _span(refs: list[str], offsets) -> list[tuple[int, int]]:
    return [offsets[tuple(map(int, r.split(":")))] for r in refs]


def score_document(doc: dict, analyze) -> list[dict]:
    text, offsets = detokenize([s["Tokens"] for s in doc["Sentences"]])
    report = analyze(text, lang="de")
    rows = []
    for ann in doc["Annotations"]:
        if ann.get("IsNested") or not ann.get("Source") or not ann.get("Message"):
            continue
        first = _span(ann["Message"][:1], offsets)[0][0]
        claim = next((c for c in report.claims if c.start <= first < c.end), None)
        gold = _span(ann["Source"], offsets)
        gold_words = {text[a:b] for a, b in gold}
        src = claim.source if claim is not None else None
        right = src is not None and (any(a < src.end and src.start < b for a, b in gold)
                                      or src.text.split()[-1] in gold_words)
        rows.append({"doc": doc.get("DocumentName", "?"), "sentence": claim.text if claim else "",
                     "pronoun": len(gold) == 1 and text[gold[0][0]:gold[0][1]].lower() in PRONOUNS,
                     "gold": " ".join(text[a:b] for a, b in gold), "found": src.text if src else None, "right": right,
                     "resolved": src is not None and src.antecedent is not None})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    files = sorted(args.folder.glob("*.json"))
    if not files:
        print(f"E_NO_DATA: no *.json files in {args.folder}", file=sys.stderr)
        return 2
    from newsclaims import analyze

    rows = []
    for path in files:
        rows += score_document(json.loads(path.read_text(encoding="utf-8")), analyze)
    found = [r for r in rows if r["found"] is not None]
    right = [r for r in found if r["right"]]
    if args.show_errors:
        for r in rows:
            if not r["right"]:
                print(f"- gold {r['gold']!r} found {r['found']!r}: {r['sentence'][:110]}")
    n = len(rows)
    print(f"events {n}  found {len(found) / n:.1%}  right {len(right) / max(1, len(found)):.1%} of found"
          f"  ({len(right) / n:.1%} of all)")
    named = [r for r in found if not r["pronoun"]]
    print(f"without pronoun gold sources: found {len(named)} of {sum(not r['pronoun'] for r in rows)}"
          f"  right {sum(r['right'] for r in named) / max(1, len(named)):.1%} of found")
    print(f"found sources that are a pronoun resolved to an earlier mention (resolution not scored): "
          f"{sum(r['resolved'] for r in found)}, {sum(r['resolved'] and r['right'] for r in found)} of them right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
