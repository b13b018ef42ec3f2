"""The spaCy component: ``Findings.entities``."""

from __future__ import annotations

from spacy.language import Language

from .. import doc_text, findings, mirror_spans
from .gazetteer import SPAN_KEY, gazetteer
from .linking import link
from .persons import PERSON_PATTERNS, find_persons, role_led
from .resolving import from_ents, to_entities


@Language.factory("newsclaims_entities", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_entities(nlp: Language, name: str):
    """Reads Findings text; writes entities."""
    return EntitiesComponent(nlp.lang)


class EntitiesComponent:
    def __init__(self, lang: str):
        self.lang = lang
        gz = gazetteer(lang)  # compile at pipeline build time, with the patterns every text runs
        for key in PERSON_PATTERNS:
            gz.patterns.get(key)
        role_led(lang)  # and the role pattern's Scanner: its strings join the text pass now, not at the first text

    def __call__(self, doc):
        gz = gazetteer(self.lang)
        text = doc_text(doc)
        found = gz.find(text)
        found = sorted(found + find_persons(gz, text, found), key=lambda f: f.start)
        if doc.has_annotation("ENT_IOB"):
            found = sorted(found + from_ents(doc, found), key=lambda f: f.start)
        found = link(gz, text, found)
        records = to_entities(text, found)
        findings(doc).entities = records
        mirror_spans(doc, SPAN_KEY, records)
        return doc
