"""Entities outside the spec files: merging a trained NER's doc.ents, the pure resolver, mirroring."""

from __future__ import annotations

import spacy

from newsclaims.extract import entities as ent_mod, findings


def _nlp_with_ner(lang: str, patterns):
    import newsclaims.extract.entities  # noqa: F401  registers the factory

    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")  # stands in for a trained `ner`
    ruler.add_patterns(patterns)
    nlp.add_pipe("newsclaims_entities")
    return nlp


def test_doc_ents_fill_what_data_missed():
    nlp = _nlp_with_ner("de", [{"label": "PER", "pattern": "Erika Muster"},
                               {"label": "ORG", "pattern": "Nordkorea"}])
    doc = nlp("Erika Muster sprach über Nordkorea.")
    got = {(e.text, e.kind, e.norm.code) for e in findings(doc).entities}
    # the NER person is added; the data's country wins over the NER's ORG label
    assert got == {("Erika Muster", "person", None), ("Nordkorea", "country", "KP")}
    assert [s.text for s in doc.spans["newsclaims_entities"]] == ["Erika Muster", "Nordkorea"]


def test_resolver_is_pure():
    found = ent_mod.resolve("en", "Pentagon spokesman John Kirby said North Korean troops moved.")
    assert [(f.text, f.info.kind, f.code, f.role) for f in found] == [
        ("Pentagon", "organization", "US", None),
        ("John Kirby", "person", None, "spokesman"),
        ("North Korean", "country", "KP", None),
    ]


def test_trie_regex_prefers_longest():
    import re

    rx = re.compile(r"(?<!\w)(?:" + ent_mod.trie_regex(["US", "USA", "Vereinigte Staaten"]) + r")(?!\w)")
    assert [m.group() for m in rx.finditer("USA, US-Regierung, Vereinigte\nStaaten")] == ["USA", "US", "Vereinigte\nStaaten"]
