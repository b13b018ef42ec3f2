"""PLACEHOLDER, to be replaced by the extractor itself: passes the Doc through."""

from spacy.language import Language


@Language.component("newsclaims_attribution")
def placeholder(doc):
    return doc
