"""The spaCy component: sentences that respect blocks (a heading never runs into the sentence after it)."""

from __future__ import annotations

import bisect

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language

from ...report import Sentence
from .. import doc_text, findings


@Language.factory("newsclaims_structure", requires=["token.is_sent_start"], assigns=["token.is_sent_start", "doc._.nc"],
                  default_config={})
def make_structure(nlp: Language, name: str):
    """Reads Findings blocks; writes sentences (and sentence starts on the tokens)."""
    return structure


def structure(doc):
    found = findings(doc)
    # Token offsets as arrays: iterating a Doc creates a Python object per token (slow).
    idx = doc.to_array(IDX).tolist()
    for b in found.blocks:
        i = bisect.bisect_left(idx, b.start)
        if i < len(idx) and idx[i] == b.start:
            doc[i].is_sent_start = True
    if not idx:
        found.sentences = []
        return doc
    lengths = doc.to_array(LENGTH).tolist()
    sent_start = doc.to_array(SENT_START).tolist()
    # doc.sents: a sentence starts at token 0 and at every later token marked as a start.
    firsts = [0] + [i for i in range(1, len(idx)) if sent_start[i] == 1]
    lasts = [i - 1 for i in firsts[1:]] + [len(idx) - 1]
    text_all = doc_text(doc)
    block_ends = [b.end for b in found.blocks]
    sentences = []
    bi = 0
    for first, last in zip(firsts, lasts):
        s_start, s_end = idx[first], idx[last] + lengths[last]
        raw = text_all[s_start:s_end]
        text = raw.strip()
        if not text:
            continue
        start = s_start + (len(raw) - len(raw.lstrip()))
        while bi < len(block_ends) - 1 and start >= block_ends[bi]:
            bi += 1
        sentences.append(Sentence(index=len(sentences), block=bi, text=text, start=start, end=start + len(text)))
    found.sentences = sentences
    return doc
