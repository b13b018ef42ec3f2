"""Extractors: spaCy components that find spans and resolve them into Report records.

Each stage is a package ``extract/<name>/`` whose ``component.py`` registers the factory
``newsclaims_<name>``; it reads its language's data from ``newsclaims.lang``, reads and writes
the typed fields of ``Findings`` (``doc._.nc``) and mirrors its records as spans in
``doc.spans["newsclaims_<name>"]`` for spaCy users. Components contain no words. See
docs/architecture.md for what each stage reads and writes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..report import Attribution, Claim, Cue, Entity, Quantity, Sentence, TimeExpr, Tone

# Pipeline order: each may read what the ones before it wrote. Package ``extract/<name>/``
# registers the component ``newsclaims_<name>``.
MODULES = ["structure", "entities", "times", "quantities", "attribution", "certainty", "time_links", "claims", "tone"]
COMPONENTS = [f"newsclaims_{name}" for name in MODULES]


@dataclass
class Findings:
    """What the components found in one Doc; the pipeline turns it into a Report."""

    published: dt.date | None = None
    blocks: list = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    tone: Tone = field(default_factory=Tone)
    # attribution -> claims: the source of each whole sentence (by sentence index)
    sentence_sources: dict[int, Attribution | None] = field(default_factory=dict)
    # attribution -> claims: further speakers of a sentence, each in a clause of its own
    sentence_more_sources: dict[int, list[Attribution]] = field(default_factory=dict)
    # certainty -> claims: every certainty cue of each sentence (by sentence index)
    sentence_cues: dict[int, list[Cue]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    text: str | None = None  # doc.text, cached: spaCy rebuilds it from the tokens on every access
    spans: bool = True  # mirror the records as doc.spans; not where the Doc is dropped for a Report
    _starts: list[int] = field(default_factory=list)

    def sentence_at(self, char: int) -> int:
        """Index of the sentence containing character offset ``char``."""
        if len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        return max(0, bisect.bisect_right(self._starts, char) - 1)


if not Doc.has_extension("nc"):
    Doc.set_extension("nc", default=None)


def findings(doc: Doc) -> Findings:
    if doc._.nc is None:
        doc._.nc = Findings()
    return doc._.nc


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (spaCy joins every token's text on each access)."""
    found = findings(doc)
    if found.text is None:
        found.text = doc.text
    return found.text


def mirror_spans(doc: Doc, key: str, records, label=None) -> None:
    """Expose records as a spaCy SpanGroup (token-aligned; the record keeps exact offsets),
    labelled by ``label(record)``, else by the record's kind, else by the group's key."""
    if not findings(doc).spans:
        return
    spans = []
    for r in records:
        name = label(r) if label is not None else getattr(r, "kind", None) or key
        span = doc.char_span(r.start, r.end, label=str(name), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[key] = spans
