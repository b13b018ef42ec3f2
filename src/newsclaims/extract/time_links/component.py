"""The spaCy component: ``Quantity.time`` for every figure."""

from __future__ import annotations

from spacy.language import Language

from .. import doc_text, findings
from .linking import benchmark_patterns, link_times


@Language.factory("newsclaims_time_links", assigns=["doc._.nc"], default_config={})
def make_time_links(nlp: Language, name: str):
    """Reads Findings times, sentences, quantities; writes quantities[].time."""
    lang = nlp.lang
    benchmark_patterns(lang)  # read at pipeline build time, as the other components' patterns

    def time_links(doc):
        link_times(doc_text(doc), lang, findings(doc))
        return doc

    return time_links
