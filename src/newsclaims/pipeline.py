"""Builds the spaCy pipeline for a language and turns a Document into a Report."""

from __future__ import annotations

import datetime as dt
import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from . import __version__
from .extract import COMPONENTS, MODULES, Findings
from .ingest import Document
from .lang import load as load_language
from .report import Document as DocumentModel, Generator, Report
from .text.tokenizer import BoundedTokenizer


def _register() -> None:
    for module in MODULES:
        importlib.import_module(f"newsclaims.extract.{module}")


@lru_cache(maxsize=None)
def get_nlp(lang: str) -> Language:
    """A blank spaCy pipeline for ``lang`` with the sentencizer and every newsclaims component."""
    load_language(lang)  # E201 for an unsupported language
    _register()
    nlp = spacy.blank(lang)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    nlp.add_pipe("sentencizer")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def analyze_document(document: Document, *, lang: str | None = None, published: dt.date | None = None) -> Report:
    """The Report for ``document``; ``published`` as decided by ``run.publication_date``."""
    lang = lang or document.lang
    if lang is None:
        from .ingest.langid import detect

        lang = detect(document.text)
    nlp = get_nlp(lang)
    doc = nlp.make_doc(document.text)
    doc._.nc = Findings(published=published, blocks=document.blocks, warnings=list(document.warnings),
                        text=document.text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
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

