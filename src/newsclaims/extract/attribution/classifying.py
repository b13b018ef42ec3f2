"""Classifying: a frame's mention -> ``report.Attribution`` (kind, canonical name, entity)."""

from __future__ import annotations

import bisect
import re

from ...report import Attribution, Entity, Span
from .frame import Frame
from .rules import Rules
from .subjects import is_title, title_prefix

# A first word counts as a class noun ("Hilfsorganisation") when its matched part ends it,
# at most this many characters from its end.
CLASS_NOUN_TAIL = 14
# ... or when its matched part ends at most this many characters before the word's end
# ("Hilfsorganisation", "Nachrichtenagentur", "Verteidigungsministeriums").
CLASS_NOUN_END = 3
# A mention of more capitalised words than this is not taken for a person's name.
PERSON_MAX_WORDS = 4
# A person entity names the source only when it covers this share of the mention.
PERSON_COVER = 0.5
# A country or place stands for its government only when it covers this share of the mention
# ("Kiew", "Southern Lebanon"), not when it is an adjective inside a name ("Deutsche Bahn").
PLACE_COVER = 0.8
# At most this many words' kind-pattern answers are kept per language (``_names_kind``).
KIND_WORDS_KEPT = 50_000
# The kinds a spokesperson or a class noun speaks for, in the order they are tried.
BODY_KINDS = ("media_report", "named_organization", "government_or_military")
# Entity kinds preferred as the entity of a source mention, best first.
ENTITY_PREFERENCE = ["person", "organization", "group", "country", "place"]
# Entity subtypes (from the entity extractor) that map to a source kind.
SUBTYPE_KIND = {
    "government_or_military": "government_or_military", "intelligence": "government_or_military",
    "ministry": "government_or_military", "armed_group": "named_organization",
    "media": "media_report", "international": "named_organization", "party": "named_organization",
    "company": "named_organization", "ngo": "named_organization", "research": "named_organization",
    "parliament": "government_or_military",
}



class EntityIndex:
    """Entities by position: those that may touch a span without a scan over all of them."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.order = sorted(range(len(entities)), key=lambda i: entities[i].start)
        self.starts = [entities[i].start for i in self.order]
        self.longest = max((e.end - e.start for e in entities), default=0)

    def near(self, a: int, b: int) -> list[Entity]:
        """Every entity with start <= b and end >= a (and perhaps others), in list order."""
        lo = bisect.bisect_left(self.starts, a - self.longest)
        hi = bisect.bisect_right(self.starts, b)
        return [self.entities[i] for i in sorted(self.order[lo:hi])]


def _entity_in(span: tuple[int, int], entities: list[Entity]) -> Entity | None:
    best, best_key = None, None
    for e in entities:
        overlap = min(span[1], e.end) - max(span[0], e.start)
        if overlap <= 0:
            continue
        rank = ENTITY_PREFERENCE.index(e.kind) if e.kind in ENTITY_PREFERENCE else len(ENTITY_PREFERENCE)
        key = (bool(getattr(e, "generic", False)), rank, -overlap)
        if best_key is None or key < best_key:
            best, best_key = e, key
    return best


def classify(mention: str, entity: Entity | None, titled: bool, rules: Rules, determined: bool = False,
             indefinite: bool = False, geo: frozenset = frozenset()) -> str:
    """The source kind of a mention (docs/annotation.md G), first that applies: an estimate; a
    titled person; the language's word patterns (anonymous, media, organisation, government
    or military); the entity's kind and subtype; the mention's shape (acronym, compound or
    long: organisation; a few capitalised words: a person)."""
    pats = rules.kind_patterns
    if pats["estimate_unattributed"].search(mention):
        return "estimate_unattributed"
    if titled or rules.person_head and not indefinite and rules.person_head.search(mention):
        return "named_person"  # also "der CSU-Mann", "die Grünen-Politikerin": a person named before
    words = mention.split()
    if words and is_title(words[-1], rules) and not pats["anonymous_officials"].search(mention):
        return _office_kind(words, rules, indefinite)
    kind = _body_of_role(mention, words, rules) or _class_noun_kind(words, pats)
    if kind:
        return kind
    return _kind_by_shape(mention, words, entity, rules, determined, indefinite, geo)


def _office_kind(words: list[str], rules: Rules, indefinite: bool = False) -> str:
    """A mention ending in a title: the body a spokesperson speaks for, else a person; an
    unnamed holder ("ein Regierungssprecher", "a spokesman") is no named person."""
    if words[-1][:1].islower() and rules.plural_head and rules.plural_head.search(words[-1]):
        return "anonymous_officials"  # "Ambulance chiefs", "party leaders": unnamed office holders
    # the body a spokesperson speaks for: "Polizeisprecher", "police spokesperson", "Pentagon-Sprecher"
    body = " ".join(words[:-1]) or title_prefix(words[-1], rules)
    if body:
        inner = classify(body, None, False, rules, determined=True)
        if inner in BODY_KINDS:
            return inner
    return "anonymous_officials" if indefinite else "named_person"  # "des Bürgermeisters", "the spokesman"


def _body_of_role(mention: str, words: list[str], rules: Rules) -> str | None:
    """"Sprecher der Wasserwacht", "Ökonomen des Instituts der deutschen Wirtschaft": the body speaks."""
    member = words and words[0] not in rules.anonymous_heads and not _names_kind(words[0], rules)
    role = rules.role_of.match(mention) or (rules.member_of.match(mention) if member else None)
    if not role or role.end() >= len(mention):
        return None
    inner = classify(mention[role.end():], None, False, rules, determined=True)
    if inner in BODY_KINDS or rules.role_of.match(mention):
        return inner
    return None


def _names_kind(word: str, rules: Rules) -> bool:
    """A kind pattern other than the anonymous officials' finds something in ``word`` (kept per
    word: the patterns are tried on a mention's first word ~15 times a report)."""
    hit = rules.kind_word_cache.get(word)
    if hit is None:
        hit = any(p.search(word) for k, p in rules.kind_patterns.items() if k != "anonymous_officials")
        if len(rules.kind_word_cache) < KIND_WORDS_KEPT:
            rules.kind_word_cache[word] = hit
    return hit


def _class_noun_kind(words: list[str], pats: dict) -> str | None:
    """A class noun before a name: "Nachrichtenagentur Yonhap", "Hilfsorganisation Ärzte ohne Grenzen"."""
    if not (len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper()):
        return None
    for kind in BODY_KINDS:
        hit = [m for m in pats[kind].finditer(words[0])]
        if hit and (len(words[0]) - hit[-1].end() <= CLASS_NOUN_END
                    or words[0].lower().endswith(hit[-1].group(0).lower()[-4:]) and len(words[0]) - hit[-1].start() <= CLASS_NOUN_TAIL):
            return kind
    return None


def _kind_by_shape(mention: str, words: list[str], entity: Entity | None, rules: Rules, determined: bool,
                   indefinite: bool, geo: frozenset) -> str:
    """The kind from the language's patterns, the entity and the mention's shape."""
    pats = rules.kind_patterns
    named = entity is not None and entity.kind in ("organization", "group") and not entity.generic
    # an acronym names a body; a country's code ("US officials") does not
    acronym = any(a not in geo for a in _acronyms(mention))
    sub = SUBTYPE_KIND.get(entity.subtype) if entity is not None and entity.subtype else None
    caps = [w for i, w in enumerate(words) if w[:1].isupper() and not (i == 0 and w.lower() in rules.indefinites)]
    if len(caps) >= 2 and words[-1][:1].isupper() and pats["named_organization"].search(words[-1]) \
            and not rules.capitalised_nouns and not pats["government_or_military"].search(" ".join(caps)):
        # a name ending in an organisation's head: "Sudan Doctors Network"; not "Election Commission"
        return "named_organization"
    if pats["anonymous_officials"].search(mention) and (not named and not acronym or indefinite and pats["anonymous_officials"].search(words[-1])):
        return "anonymous_officials"  # also "a UN official": one unnamed official of a named body
    unnamed = not named and not acronym and (entity is None or entity.kind not in ("person",)) and (
        len(caps) <= 1 if rules.capitalised_nouns else not caps)
    if indefinite and unnamed and not pats["media_report"].search(mention) and not any(is_title(w, rules) for w in words):
        return "anonymous_officials"  # "a business group", "eine Hilfsorganisation": no one named
    if named and sub:
        return sub  # a body the gazetteer knows by name: its subtype beats the words of its name ("Institut")
    for kind in ("media_report", "named_organization", "government_or_military"):
        if (kind == "media_report" and sub == "media_report") or pats[kind].search(mention):
            return kind
    if entity is not None and entity.kind == "person" and not determined and not acronym and (entity.end - entity.start) >= PERSON_COVER * len(mention):
        return "named_person"
    if sub:
        return sub
    return _kind_by_entity_and_words(mention, words, entity, rules, determined, named or acronym)


def _kind_by_entity_and_words(mention: str, words: list[str], entity: Entity | None, rules: Rules,
                              determined: bool, named: bool) -> str:
    if entity is not None and entity.kind in ("country", "place") and (
            len(words) == 1 or (entity.end - entity.start) >= PLACE_COVER * len(mention)):
        # metonymy ("Kiew meldete", "Russia said"), not an adjective in a name ("Deutsche Bahn")
        return "government_or_military"
    if entity is not None and entity.kind in ("country", "place") and len(words) > 1 and entity.text == words[0]:
        return "named_organization"  # "Deutsche Bahn", "Deutscher Bahn": a country's adjective in a name
    if rules.plural_head and rules.plural_head.search(mention) and (words[-1][:1].islower() or (len(words) == 1 and not determined)):
        return "anonymous_officials"  # "Critics", "aid agencies"; not "opposition Conservatives"
    if named or determined or "-" in mention or len(words) > PERSON_MAX_WORDS \
            or any(w[:1].islower() for w in words[1:]):
        return "named_organization"
    return "named_person"


def canonical_name(mention: str, entity: Entity | None, entities_inside: list[Entity], rules: Rules) -> str:
    country = next((e.norm.name for e in entities_inside if e.kind == "country"), None)
    if entity is not None and entity.kind not in ("country", "place"):
        if getattr(entity, "generic", False) and country:
            return f"{country} {entity.norm.name}"
        return entity.norm.name
    body = next((e for e in entities_inside if e.kind not in ("country", "place")), None)
    if body is not None:  # "finnischen Grenzschutzes": the body, qualified by its country
        return f"{country} {body.norm.name}" if country and getattr(body, "generic", False) else body.norm.name
    acr = re.search(r"\(([^)]+)\)", mention)
    if acr and acr.group(1).strip() in rules.names:
        return rules.names[acr.group(1).strip()]
    for key in (mention, mention.split()[-1] if mention.split() else mention):
        if key in rules.names:
            head = rules.names[key]
            return f"{country} {head}" if country else head
    return entity.norm.name if entity is not None else mention


def _acronyms(mention: str) -> list[str]:
    """Words of two or more capital letters ("NIS", "UN"), in any script."""
    return [w for w in re.findall(r"\w{2,}", mention) if w.isalpha() and w.isupper()]


def _lone_name(mention: str) -> bool:
    """One capitalised word, not an acronym ("Siemens", "Benes")."""
    return len(mention.split()) == 1 and mention[:1].isupper() and not mention.isupper()


def _introduced_person(word: str, text: str, entities: list[Entity], rules: Rules) -> bool:
    """Whether a lone capitalised word is a person's surname introduced in the text: a person
    entity ending in it, or (where capitals mark names) a capitalised word before it inside a
    sentence ("... said Tomas Benes"). News introduce a person by full name before using the
    surname alone; an organisation ("Siemens", "Oxfam") stands alone from its first mention."""
    if any(e.kind == "person" and len(e.text.split()) > 1 and e.text.split()[-1] == word for e in entities):
        return True
    # an age after the name: "Rahimullah, a 35-year-old farmer" (the number ends at "-"), "Brenner (54)", "Benes, 51,"
    if re.search(re.escape(word) + r"(?:\s*\(\d{1,3}\)|,\s+(?:\w+\s+)?\d{1,3}\b)", text):
        return True
    if rules.capitalised_nouns:
        return False
    return any(_after_capitalised_words(text, m.start()) for m in re.finditer(r"(?<=\s)" + re.escape(word) + r"\b", text))


def _after_capitalised_words(text: str, pos: int) -> bool:
    """Whether one or two capitalised words ("Tomas", "Anna Lena") stand right before ``pos``
    inside a sentence: after a lowercase word or a comma, colon or semicolon and one space."""
    for _ in range(2):
        word = re.search(r"(\w+)\s+\Z", text[max(0, pos - 80):pos])
        if word is None or not _capitalised(word.group(1)):
            return False
        pos -= len(word.group(0))
        if pos >= 2 and text[pos - 1].isspace() and (text[pos - 2].islower() or text[pos - 2] in ",;:"):
            return True
    return False


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word[0].isupper() and word[1:].islower()


def to_attribution(frame: Frame, text: str, entities: list[Entity], rules: Rules,
                   near: list[Entity] | None = None) -> Attribution:
    """``near``: the entities that may overlap the source mention, in their order (all: None)."""
    a, b = frame.src
    mention = text[a:b]
    entity = _entity_in((a, b), entities if near is None else near)
    inside = [e for e in (entities if near is None else near) if e.start >= a and e.end <= b]
    geo = frozenset(e.text for e in inside if e.kind in ("country", "place"))
    kind = classify(mention, entity, frame.titled, rules, frame.determined, frame.indefinite, geo)
    guessed = entity is None or (entity.kind == "person" and len(entity.text.split()) == 1)
    if frame.bare and kind in ("named_person", "named_organization"):
        kind = "anonymous_officials"  # "nach vorläufigen Zahlen", "aus der Statistik": no one named
    elif kind == "named_person" and not frame.titled and guessed and _lone_name(mention) and not is_title(mention, rules):
        kind = "named_person" if _introduced_person(mention, text, entities, rules) else "named_organization"
    relay = Span(text=text[frame.relay[0]:frame.relay[1]], start=frame.relay[0], end=frame.relay[1]) if frame.relay else None
    return Attribution(
        text=mention, start=a, end=b, name=canonical_name(mention, entity, inside, rules), kind=kind,
        entity=entity.id if entity is not None else None, relay=relay,
        frame=Span(text=text[frame.start:frame.end], start=frame.start, end=frame.end),
    )

