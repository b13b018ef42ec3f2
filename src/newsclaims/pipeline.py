"""Builds the spaCy pipeline for a language and turns a Document into a Report."""

from __future__ import annotations

import datetime as dt
import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from . import __version__
from .errors import E202, NewsclaimsError
from .extract import COMPONENTS, MODULES, Findings
from .ingest import Document
from .lang import languages, load as load_language
from .report import Document as DocumentModel, Generator, Report
from .chunks import analyse_in_chunks
from .run import collector
from .text.prefilter import Folded
from .text.tokenizer import TOKENIZER


def _register() -> None:
    for module in MODULES:
        importlib.import_module(f"newsclaims.extract.{module}")


@lru_cache(maxsize=None)
def get_nlp(lang: str) -> Language:
    """A blank spaCy pipeline for ``lang`` with the sentencizer and every newsclaims component."""
    load_language(lang)  # E201 for an unsupported language
    _register()
    nlp = _blank(lang)
    nlp.add_pipe("sentencizer")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def prepare(lang: str) -> Language:
    """``get_nlp(lang)`` and the part-of-speech tagger models the language names, which an
    analysis loads only when a text needs them: processes forked after this share them all."""
    from .extract.entities.gazetteer import gazetteer
    from .extract.quantities.grammar import grammar
    from .text.tagger import hanta

    nlp = get_nlp(lang)
    lexicon = gazetteer(lang).lexicon or {}
    models = {grammar(lang).shares.model, lexicon.get("model", "") if lexicon.get("tagger") == "hanta" else ""}
    for model in sorted(models - {""}):
        hanta(model)
    return nlp


def _blank(code: str) -> Language:
    """spaCy's blank pipeline under the language's own code (``doc.lang_`` picks its data). A
    language spaCy has no class for gets the class named in its language.yaml (``spacy:``), else
    spaCy's multi-language tokenizer ``xx``."""
    try:
        spacy.util.get_lang_class(code)
    except ImportError:
        try:
            base = spacy.util.get_lang_class(languages()[code].spacy or "xx")
        except ImportError:
            raise NewsclaimsError(E202, f"language '{code}': language.yaml names no spaCy language class") from None
        spacy.util.registry.languages.register(code, func=type(f"{base.__name__}_{code}", (base,), {"lang": code}))
    return spacy.blank(code, config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})


def analyze_document(document: Document, *, lang: str | None = None, published: dt.date | None = None) -> Report:
    """The Report for ``document``; ``published`` as decided by ``run.publication_date``."""
    lang = lang or document.lang
    if lang is None:
        from .ingest.langid import detect

        lang = detect(document.text)
    return analyse_in_chunks(document, lambda part: _analyse(part, lang, published))


def _analyse(document: Document, lang: str, published: dt.date | None) -> Report:
    """One text no longer than a chunk through the spaCy pipeline (the cycle collector paused:
    ``run.collector``)."""
    with collector.paused():
        return _analyse_text(document, lang, published)


def _analyse_text(document: Document, lang: str, published: dt.date | None) -> Report:
    nlp = get_nlp(lang)
    doc = nlp.make_doc(document.text)
    # the Doc is dropped once the Report is built: no spaCy spans for anyone to read
    doc._.nc = Findings(published=published, blocks=document.blocks, warnings=list(document.warnings),
                        text=document.text, spans=False)
    try:
        for _, proc in nlp.pipeline:
            doc = proc(doc)
    finally:
        Folded.release(document.text)
    found: Findings = doc._.nc
    return Report(
        generator=Generator(version=__version__),
        document=DocumentModel(
            id=document.id, source=document.source, lang=lang, title=document.title,
            standfirst=document.standfirst, published=published, author=document.author,
            site=document.site, text=document.text, blocks=document.blocks,
            sentences=found.sentences, pages=document.pages,
        ),
        entities=found.entities, quantities=found.quantities, times=found.times,
        claims=found.claims, tone=found.tone, warnings=found.warnings,
    )

