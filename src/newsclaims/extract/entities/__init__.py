"""Entities: countries, organisations, groups, places and persons, with canonical names.

Find, then resolve:

1. a gazetteer (``lang/<code>/countries.yaml``, ``organizations.yaml``, ``entities.yaml``) compiled
   into one case-sensitive trie regex over the text: every surface form (inflected names,
   adjective and demonym forms, metonymic capitals, acronyms, long forms) maps to an entry with
   its kind, canonical English name, ISO code, organisation subtype and generic flag;
2. persons from the language's patterns: a role word before capitalised tokens, a bare name next
   to a speech verb (German bare names pass a lexicon check: HanTa tells "Kirby" from
   "Regierung"), and later mentions of a found person's surname;
3. links: an acronym in parentheses gets the span before it as ``long_form`` (with the country
   that qualifies it: "Südkoreas Generalstab (JCS)"); an acronym known in data links to a long
   form of the same entry elsewhere in the text; an unnamed organisation takes the ISO code of the
   country right before it ("südkoreanische Geheimdienste" -> KR);
4. ``doc.ents`` from a trained NER placed before this component fill what the data missed.

Everything here is a pure function of (language data, text) except the component wrapper.
No words of any language live in this module.
"""

from .component import EntitiesComponent, make_entities
from .gazetteer import Gazetteer, gazetteer, trie_regex
from .resolving import from_ents, resolve, to_entities
from .persons import find_persons
from .linking import link

__all__ = ["EntitiesComponent", "Gazetteer", "find_persons", "from_ents", "gazetteer", "link", "trie_regex", "make_entities", "resolve", "to_entities"]
