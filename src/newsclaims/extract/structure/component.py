"""The spaCy component: sentences that respect blocks (a heading never runs into the sentence after it).

A "sentence" longer than the ``max_sentence_chars`` setting (a list without full stops, crafted
or broken text) is cut at a clause mark (, ; : –) or, failing that, between tokens: every later
stage works sentence by sentence, and this cap keeps their cost linear in the text.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language

from ... import settings
from ...lang import load
from ...report import Sentence
from .. import doc_text, findings


@Language.factory("newsclaims_structure", requires=["token.is_sent_start"], assigns=["token.is_sent_start", "doc._.nc"],
                  default_config={})
def make_structure(nlp: Language, name: str):
    """Reads Findings blocks; writes sentences (and sentence starts on the tokens)."""
    return structure


def structure(doc):
    found = findings(doc)
    # Token offsets as arrays: iterating a Doc creates a Python object per token (slow), and
    # setting is_sent_start token by token re-checks the doc each time.
    idx = doc.to_array(IDX).tolist()
    if not idx:
        found.sentences = []
        return doc
    lengths = doc.to_array(LENGTH).tolist()
    starts = doc.to_array(SENT_START)  # uint64: 1 start, 0 unknown, -1 (wrapped) not a start
    for b in found.blocks:
        i = bisect.bisect_left(idx, b.start)
        if i < len(idx) and idx[i] == b.start:
            starts[i] = 1
    _quote_opens_next(starts, doc)
    text_all = doc_text(doc)
    _number_ends_sentence(starts, doc, text_all, idx, lengths)
    firsts = _capped([0] + (numpy.flatnonzero(starts[1:] == 1) + 1).tolist(), idx, doc)
    starts[firsts] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))
    lasts = [i - 1 for i in firsts[1:]] + [len(idx) - 1]
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


_CLAUSE_MARKS = {",", ";", ":", "–", "—"}
# A number with the full stop kept on it by the tokenizer ("99.", "6.9.", "2,5.", "13.700."):
# German ordinals keep the stop, so the sentencizer never ends a sentence there.
_NUMBER_STOP = re.compile(r"\d+(?:[.,]\d+)*\.")
# ... a grouped or decimal number or a year is no ordinal ("am 3. Mai" is)
_NO_ORDINAL = re.compile(r"\d+[.,]\d[\d.,]*\.|[12]\d{3}\.")
_YEAR = re.compile(r"[12]\d{3}\.")
# Where such a number ends: every _NUMBER_STOP match ends so
_DIGIT_STOP = re.compile(r"\d\.")


@lru_cache(maxsize=None)
def _openers(code: str) -> frozenset[str]:
    """Marks that only ever open a quote in this language (attribution.yaml ``quote_openers``)."""
    return frozenset(load(code).words("attribution", "quote_openers"))


def _quote_opens_next(starts, doc) -> None:
    """"... fest. „Wer ...": the sentencizer leaves an opening quote with the sentence before
    it; it opens the next one (its speaker frame and its claim are the quote's)."""
    openers = _openers(doc.lang_)
    for i in (numpy.flatnonzero(starts[1:] == 1) + 1).tolist():
        if doc[i - 1].text in openers and i - 1 > 0 and starts[i - 1] != 1 and not doc[i - 1].whitespace_:
            starts[i - 1], starts[i] = 1, 0


@lru_cache(maxsize=None)
def _number_context(code: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Every mark that can open a quote, the words an ordinal or a date follows (attribution.yaml
    ``quotes``, ``determiners``, ``prepositions``) and the function words that, capitalised,
    open a sentence (layout.yaml)."""
    data = load(code)
    lead = data.words("attribution", "determiners") + data.words("attribution", "prepositions")
    return (frozenset(str(k) for k in data.mapping("attribution", "quotes")) | _openers(code),
            frozenset(w.lower() for w in lead), frozenset(data.words("layout", "function_words")))


def _number_ends_sentence(starts, doc, text: str, idx: list[int], lengths: list[int]) -> None:
    """"... waren es gut 13.700. Bei den Zahlen ...", "... genau 99. „Das ...": a number with
    its full stop ends a sentence before an opening quote, a capitalised function word or (no
    ordinal: a grouped or decimal number, a year) any capitalised word, unless an article or a
    preposition makes it an ordinal or a date ("der 3. „Tatort“", "am 6.9. Sonntag"); a decimal
    comma or a year is neither ("von 5,8. Das", "seit 2015. Rund")."""
    marks, lead, words = _number_context(doc.lang_)
    # only a token ending in a digit and a stop can be such a number: found in the text, not
    # by visiting every token
    for m in _DIGIT_STOP.finditer(text):
        j = bisect.bisect_right(idx, m.start()) - 1  # the token holding the stop
        i = j + 1
        if j < 1 or i >= len(idx) or idx[j] + lengths[j] != m.end():
            continue
        prev, tok = doc[j], doc[i]
        if starts[i] == 1 or not prev.whitespace_ or not _NUMBER_STOP.fullmatch(prev.text):
            continue
        if "," not in prev.text and not _YEAR.fullmatch(prev.text) and doc[i - 2].text.lower() in lead:
            continue
        quote = tok.text in marks
        word = doc[i + 1].text if quote and i + 1 < len(doc) else tok.text
        if word[:1].isupper() and (quote or word.lower() in words or _NO_ORDINAL.fullmatch(prev.text)):
            starts[i] = 1


def _capped(firsts: list[int], idx: list[int], doc) -> list[int]:
    """Sentence-start tokens with over-long sentences cut (see the module docstring)."""
    cap = settings.get("max_sentence_chars")
    ends = firsts[1:] + [len(idx)]
    out = []
    for first, end in zip(firsts, ends):
        out.append(first)
        if end - first < 2 or idx[end - 1] - idx[first] <= cap:
            continue
        start, mark = first, None
        for i in range(first + 1, end):
            if doc[i - 1].text in _CLAUSE_MARKS:
                mark = i
            if idx[i] - idx[start] > cap:
                start = mark if mark is not None and mark > start and idx[mark] - idx[start] >= cap // 4 else i
                out.append(start)
                mark = None
    return out
