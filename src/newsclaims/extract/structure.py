"""Sentences that respect blocks: a heading never runs into the sentence after it."""

from __future__ import annotations

from spacy.language import Language

from ..report import Sentence
from . import findings


@Language.component("newsclaims_structure", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def structure(doc):
    found = findings(doc)
    starts = {b.start for b in found.blocks}
    for token in doc:
        if token.idx in starts:
            token.is_sent_start = True
    block_ends = [b.end for b in found.blocks]
    sentences = []
    bi = 0
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        while bi < len(block_ends) - 1 and start >= block_ends[bi]:
            bi += 1
        sentences.append(Sentence(index=len(sentences), block=bi, text=text, start=start, end=start + len(text)))
    found.sentences = sentences
    return doc
