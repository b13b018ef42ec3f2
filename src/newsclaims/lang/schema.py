"""The schema of every language data file: one pydantic model per file name, checked on first read.

A field without a default is required (the engine cannot work without it); a field with a
default is optional: a language with nothing to say leaves it out and the engine reads the
default (an empty list or map, or None, which the engine skips). A file may hold further word
lists and maps only when one of its patterns refers to them as ``{name}`` (helper lists), and a
``patterns`` block may hold further helper fragments; anything else is a misspelt key.
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..report import Approx, Category
from . import REFERENCE

Words = list[str]
Regex = str  # compiled lazily by newsclaims.lang.Patterns (compiling is most of a cold start)
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]  # ISO 3166-1 alpha-2
HelperList = list[str] | dict[str, Any]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Fragments(BaseModel):
    """A ``patterns`` block: the fragments the engine reads are fields, helpers are extra."""
    model_config = ConfigDict(extra="allow", defer_build=True)
    __pydantic_extra__: dict[str, Regex]


class DataFile(BaseModel):
    """A data file whose unnamed keys must be helper lists referred to by its patterns."""
    model_config = ConfigDict(extra="allow", defer_build=True)
    __pydantic_extra__: dict[str, HelperList]

    @model_validator(mode="after")
    def _helpers_are_referred_to(self):
        extra = self.__pydantic_extra__ or {}
        if extra:
            refs = set()
            for block in ("patterns", "patterns_cased"):
                fragments = getattr(self, block, None)
                if fragments is not None:
                    refs |= {r for src in fragments.model_dump().values() if src for r in REFERENCE.findall(src)}
            unknown = sorted(set(extra) - refs)
            if unknown:
                raise ValueError(f"key '{unknown[0]}' is not in the schema and no pattern refers to it")
        return self


# --- attribution.yaml ---------------------------------------------------------------------------

class AttributionSettings(Strict):
    subject_position: Literal["first", "last"] = "first"
    capitalised_nouns: bool = False
    dateline: Regex | None = None
    inversion_marks: str = ","
    speech_complement: Regex | None = None
    subject_gap: Words = []
    subject_pp: Words = []
    verb_coordinators: Words = []
    recipient_verbs: Words = []
    recipient_connectors: Words = []
    dative_articles: Words = []
    indefinites: Words = []
    verb_particles: dict[str, Words] = {}  # "gab" reports only with "an"/"bekannt" later in the sentence
    figure_actions: Words = []  # verbs that act, not report, when a figure follows ("added 120,000 jobs")
    listener_articles: Words = []  # "Der Zeitung sagte X": an outlet after one of these was told
    listener_verbs: Words = []  # ... by one of these verbs
    object_articles: Words = []  # articles of an object, never of a subject ("den Ausbau")
    subject_articles: Words = []  # an article marking a subject after the verb ("bestätigte der Kassenwart")
    verb_adverbs: Words = []  # adverbs between a reporting verb and its subject ("erklärte gestern ein Sprecher")
    # other words between a reporting verb and its subject after it: unstressed pronouns, time
    # phrases ("sah es Meier an", "hatte im März der Landrat ... gefordert")
    verb_skip: Regex | None = None
    # articles that also stand alone as a demonstrative ("Das bestätigte Müller"): a verb form
    # after one of them is no adjective, unlike "die kritisierte Reform"
    article_pronouns: Words = []
    clause_dashes: Words = []  # a dash between spaces joining two main clauses: a claim verb's subject is after it
    impersonal_subjects: Words = []  # "habe man festgestellt": an unnamed speaker, no claim speaker from a noun nearby
    # conjunctions opening a verb-final clause: a pronoun right after one is the clause's subject
    subordinators: Words = []
    # auxiliaries of reported mood: a claim event in a clause with one is itself reported and does not
    # replace the speaker it is carried over from ("X sagte ... . Die Polizei habe 500 Menschen zurückgewiesen.")
    reported_auxiliaries: Words = []
    infinitive_markers: Words = []  # a verb form right after one is an infinitive, no claim speech event ("zu fordern")
    # A frameless sentence whose figures count what a sourced figure of the sentence right before
    # counts ("... homes destroyed, the service said. / 259 homes were razed") continues that
    # source, over a paragraph break too (web copy sets one sentence per paragraph).
    carry_same_counted: bool = False


FrameScope = Literal["sentence", "clause", "speech", "prev"]


class AttributionFrame(Strict):
    """A frame whose engine behaviour goes beyond its scope (the short form is the scope alone)."""
    scope: FrameScope
    # A bare reporting verb ("sagte", "said"): a frame only when it reports (report_verbs,
    # speech_complement, verb_particles, no passive), and a link back in the next sentence names the
    # origin over its subject ("Das Bamf registrierte 6.850 Anträge. Das teilte X mit.").
    reporting_verb: bool = False
    # Its source is the subject opening the sentence ("Die Armee hat nach eigenen Angaben ...").
    sentence_subject: bool = False
    # It announces figures: in a sentence without figures ("Die Polizei hat Bilanz gezogen."), its
    # source covers the unattributed figures of the sentences after it in its paragraph.
    announces: bool = False


class ReportedForm(Strict):
    """Reported speech told by the form of the finite verb of a sentence's main clause, where no
    word list can hold every verb (German Konjunktiv: "Der Zugriff funktioniere weiterhin"): the
    tagger names the finite verb and its lemma, the forms below tell its mood (speakers.py)."""
    model: str  # the HanTa model
    finite_tag: Regex  # a finite verb's tag
    subordinator_tag: Regex  # a conjunction opening a subordinate clause: the first clause is not the main one
    lemma_endings: Words  # removed from a lemma for the stem ("nehmen" -> "nehm"), longest first
    present_ending: str  # stem + this: the present subjunctive, 3rd person singular ("nehme")
    first_person: Words  # a subject with which stem + ending is indicative ("ich nehme")
    # the past subjunctive: a form ending so ("bliebe", "hätte") that is not the weak past
    # indicative (stem + past_endings: "sagte") nor an irregular one (past_indicative: "wurde")
    past_ending: str | None = None
    past_endings: Words = []
    past_indicative: Words = []
    # a finite form with one of these that its lemma lacks, ending so, is past subjunctive ("wären")
    past_umlauts: str = ""
    past_umlaut_endings: Words = []
    reportive: Words = []  # finite forms that report by themselves ("soll": it is said to) ...
    reportive_close: Words = []  # ... when the main clause closes with one of these ("gewesen sein")


class AttributionKinds(Fragments):
    media_report: Regex
    estimate_unattributed: Regex
    anonymous_officials: Regex
    named_organization: Regex
    government_or_military: Regex


class AttributionPatterns(Fragments):
    det: Regex
    np: Regex
    anaphor: Regex
    relay: Regex


class Attribution(DataFile):
    settings: AttributionSettings = AttributionSettings()
    info_nouns: Words
    speech_verbs: Words
    report_verbs: Words
    publish_participles: Words
    passive_auxiliaries: Words
    prepositions: Words
    non_source_nouns: Words
    person_titles: Words
    pronouns: Words
    # pronoun -> the articles of a subject it agrees with in gender and number ("er": der, ein):
    # a pronoun refers to such a subject of the sentence right before it (optional)
    pronoun_articles: dict[str, Words] = {}
    # pronoun -> articles of a mention it cannot refer to ("er": die, eine) (optional)
    pronoun_excludes: dict[str, Words] = {}
    # pronouns that are only ever a subject: right after the verb that follows the noun phrase
    # opening the sentence, they are its subject ("Mit X lenkte er ...") (optional)
    nominative_pronouns: Words = []
    info_connectors: Words
    anonymous_heads: Words
    # class nouns that, bare, name the body named as a source before them ("das Büro berichtete")
    anaphoric_bodies: Words = []
    relative_openers: Words
    clause_breaks: Words
    carry_mood: Regex
    reported_form: ReportedForm | None = None  # claim speakers only: figures keep carry_mood
    carry_compare: Regex
    # A sentence opening with this adds to the figures of the sentence right before ("Another 40
    # ..."): it continues their source, over a paragraph break too.
    carry_continue: Regex | None = None
    # Frame words of an expectation: the next sentence states the outcome, not more of the same
    # ("Economists expected 200,000 jobs. / Businesses added 171,000 jobs.").
    carry_not_after: Regex | None = None
    # A sentence hedged on its own ("are said to", "reportedly") rests on unnamed sources: it does
    # not go on with the source before it.
    carry_hedged: Regex | None = None
    clause_continuation: Regex
    speech_goes_on: Regex
    plural_head: Regex | None = None
    # a definite description of a person introduced before ("der CSU-Mann", "die Grünen-Politikerin")
    person_head: Regex | None = None
    quotes: dict[str, str]
    quote_openers: Words = []  # marks that only open a quote: a sentence starts before them
    # marks of quoted speech that may run over paragraphs: after a speaker's colon, at a paragraph's start
    paragraph_quotes: dict[str, str] = {}
    kind_patterns: AttributionKinds
    names: dict[str, str] = {}
    patterns: AttributionPatterns
    frames: dict[str, FrameScope | AttributionFrame]  # the scope a frame attributes, and its flags
    # Patterns (in ``patterns``) of speech events that give a claim sentence its speaker when no
    # frame does, and their kind: act (its object is what is claimed: "X kritisierte ..."),
    # report (a verb of saying: needs a complement or an inversion), quoted (its subject is the
    # speaker even in the passive: "Sie wird mit den Worten zitiert"). Figures never use them.
    claim_frames: dict[str, Literal["act", "report", "quoted"]] = {}
    # Separable verbs of saying: a claim frame on one of these stems counts only when one of its
    # particles later closes a clause ("schlug ... vor, ...", "griff X an: ..."; not "schlug zu").
    claim_particles: dict[str, Words] = {}
    # First person plural subject or possessive words ("wir", "unsere"; "we", "our"): a figure in
    # such a sentence is stated by the organisation named before it (attribution/first_person.py).
    first_person: Regex | None = None
    # Verbs of recording right before an inverted first person ("Im Mai verzeichnen wir ..."): the
    # institution still speaks; other inverted "we" ("liegen wir im Mittelfeld") are no speaker.
    first_person_verbs: Regex | None = None

    @model_validator(mode="after")
    def _frames_have_patterns(self):
        missing = [f for f in [*self.frames, *self.claim_frames] if f not in self.patterns.model_dump()]
        if missing:
            raise ValueError(f"frame '{missing[0]}' has no pattern of that name")
        return self


# --- certainty.yaml, claims.yaml, tone.yaml -----------------------------------------------------

class CertaintyPatterns(Fragments):
    speculative: Regex
    alleged: Regex
    estimated: Regex
    negation: Regex
    reported: Regex | None = None
    baseline: Regex | None = None  # words before a figure that is the starting point of a change
    attributive: Regex | None = None  # a cue's words that tie it to the one figure they lead to


class Certainty(DataFile):
    patterns: CertaintyPatterns


class ClaimsPatterns(Fragments):
    filler: Regex
    opinion: Regex


class Claims(DataFile):
    patterns: ClaimsPatterns


class TonePatterns(Fragments):
    exclamation: Regex
    question: Regex
    shouting: Regex
    second_person: Regex


class Tone(DataFile):
    inflection: Words = []
    emotive: Words
    loaded: Words
    intensifier: Words
    superlative: Words
    clickbait: Words
    danger_metaphor: Words
    patterns: TonePatterns


# --- countries.yaml, organizations.yaml, entities.yaml, corpus.yaml, layout.yaml ----------------

class Country(Strict):
    name: str
    names: Words
    adj: Words = []
    people: Words = []
    capitals: Words = []


class Place(Strict):
    name: str
    code: CountryCode | None
    forms: Words


class Countries(DataFile):
    countries: dict[CountryCode, Country]
    places: list[Place] = []


class Organization(Strict):
    name: str
    forms: Words
    subtype: str | None = None
    code: CountryCode | None = None
    generic: bool = False


class Organizations(DataFile):
    organizations: list[Organization] = []
    groups: list[Organization] = []


class Person(Strict):
    name: str
    forms: Words


class NounLexicon(Strict):
    tagger: Literal["hanta"]
    model: str
    name_tags: Words = []
    known_logprob: float = -20.0


class EntitiesPatterns(Fragments):
    name: Regex
    role: Regex
    person_role: Regex
    person_say_after: Regex
    person_apposition: Regex
    person_say_before: Regex
    modifier_gap: Regex
    qualifier_after: Regex
    qualifier_after_capital: Regex


class Entities(DataFile):
    name_suffixes: Words = []
    adjective_endings: Words = []
    people_endings: Words = []
    persons: list[Person] = []
    name_stopwords: Words = []
    noun_lexicon: NounLexicon | None = None
    patterns: EntitiesPatterns


class Corpus(Strict):
    """How the corpus groups figures into tracks (corpus/measure.py): word stems by what they count."""
    endings: Words = [""]        # inflection endings a stem may take ("soldat" + "en")
    compounds: bool = False      # any word may stand in front of a stem ("Kampf" + "opfer")
    counted: dict[str, str] = {}   # stem -> counted class, shared across languages ("soldat": soldier)
    measures: dict[str, str] = {}  # stem -> measure ("gefallen": killed)


class Dateline(Strict):
    """A dateline opening a report (ingest/dateline.py); named groups day, month or month_num, year.
    ``credit``: an agency's credit line ("Kiew (AFP) -", "(dpa)" closing the text) with the
    named group ``credit``; ``{agencies}`` stands for the ``agencies`` words."""
    dateline: Regex | None = None
    credit: Regex | None = None
    agencies: Words = []
    release: Regex | None = None  # a press-release service's tag: the text is its issuer's release


class Labels(Strict):
    """Words shown to people (render/labels.py); a language without them is shown in English."""
    thousands: str = ","
    decimal: str = "."
    figure: dict[str, str] = {}        # approx (and from/to/between/none) -> "{low}"/"{high}" wording
    approx: dict[str, str] = {}
    categories: dict[str, str] = {}
    source_kinds: dict[str, str] = {}
    units: dict[str, str] = {}


class Layout(DataFile):
    function_words: Words = []
    hyphen_prefixes: Words = []
    particles: Words = []


# --- quantities.yaml ----------------------------------------------------------------------------

class QuantitiesCased(Fragments):
    type_name: Regex
    counted: Regex
    counted_after_link: Regex
    counted_frame: Regex


class QuantitiesPatterns(Fragments):
    digits: Regex
    number_word: Regex
    one_before: Regex
    year: Regex
    year_before: Regex
    phone: Regex
    name_before: Regex
    blocked_before: Regex
    blocked_after: Regex
    frac_blocked_before: Regex
    approx_blocked_before: Regex
    month_before: Regex
    month_number: Regex
    age_before: Regex
    age_after: Regex
    partitive_after: Regex
    in_parens_before: Regex
    elliptic_before: Regex
    elliptic_after: Regex
    coord_between: Regex
    noun_join: Regex
    compound_ok: Regex
    ordinal_before: Regex | None = None  # ordinals written as digits ("the 3rd", "am 3."): skipped
    ordinal_after: Regex | None = None
    ordinal_any: Regex | None = None
    alt_locale_evidence: Regex | None = None  # digits grouped the alt_locale way
    share_link_before: Regex | None = None  # "eine Quote von": the noun before the link is counted
    share_noun_after: Regex | None = None  # where a noun right after a share or sum is counted
    number_alone_before: Regex | None = None  # a lone number word after this is a figure ("killed three")
    sum_noun_after: Regex | None = None  # ... after a sum of money, where it differs ("£40,000 in cash")
    share_change_in: Regex | None = None  # "the drop *in* inflation, from 2.1%": the noun after it is counted
    partitive_between: Regex | None = None  # "116 der 160 Bezirke": the first counts the second's noun
    place_after: Regex | None = None  # "killed 20 people in the north and 13 *in* the south": an elliptical figure's place
    from_before: Regex | None = None  # "von 29 auf 38 Milliarden Euro": before a starting value ...
    to_between: Regex | None = None  # ... and between it and the value it changes to, whose unit it shares


class ShareSubject(Strict):
    """The tagger model and tag classes that find what a share or value is of (quantities/shares.py)."""
    model: str
    noun_tag: Regex
    modifier_tag: Regex
    preposition_tag: Regex
    determiner_tag: Regex
    article_tag: Regex | None = None  # an article before a figure puts it inside a noun phrase
    common_noun_tag: Regex | None = None  # a noun right after a figure ("a 30% chance"); default noun_tag
    time_words: Words = []  # never a subject, besides months and durations ("Vorjahr")
    genitive_words: Words = []  # after a noun: a genitive attribute follows ("Verluste der Armee")
    subject_position: Literal["first", "last"] = "first"  # which free noun phrase of a clause is its subject
    clause_words: Regex | None = None  # words that open a clause ("that", "while"): a subject is not before them
    first_before: Regex | None = None  # right before a figure whose subject is the first phrase ("mit 4,8 Prozent")
    conjunction_tag: Regex | None = None  # "ohne Energie und Lebensmittel": the preposition carries on
    relative_tag: Regex | None = None  # a relative pronoun: its clause names no subject, its antecedent may


class Quantities(DataFile):
    locale: str
    text2num: str
    alt_locale: str | None = None  # a second number format some texts use (German texts quoting 1,000.5)
    scales: dict[str, float]
    scales_attached: dict[str, float] = {}
    fractions: dict[str, float]
    vague: dict[str, tuple[float, float]]
    number_words: Words
    number_word_forms: dict[str, float] = {}
    number_word_suffixes: dict[str, float] = {}  # "sieben" + "einhalb"
    mixed_joiners: Words = []                    # "five *and* a half million"
    mixed_fractions: dict[str, float] = {}       # "... and *a half*"
    attached_measures: dict[str, str] = {}       # "1.8m tall": a scale letter that is a unit here
    months: Words = []                           # a share's subject is never a month
    share_subject: ShareSubject | None = None       # without it, no search for what a share is of
    articles_one: Words
    approximators: dict[str, Approx]
    approximators_after: dict[str, Approx] = {}
    range_pairs: dict[str, str] = {}
    range_joiners: Words = []
    range_not_after: Words = []
    currencies: dict[str, str]
    currency_symbols: dict[str, str] = {}
    units: dict[str, str]
    unit_links: Words = []
    percent_units: Words
    points_units: Words = []
    duration_nouns: Words = []
    counted_links: Words = []
    type_name_category: Category
    category_nouns: dict[Category | Literal["_military", "_people"], Words]  # noun endings per category
    category_nouns_in_word: bool = False
    category_cue_over_noun: list[Category] = []  # noun categories a casualty verb overrides
    category_cues: dict[Category, Regex]
    cues_case_sensitive: bool = False
    cue_join_gap: int
    patterns: QuantitiesPatterns
    patterns_cased: QuantitiesCased

    @model_validator(mode="after")
    def _alt_locale_has_evidence(self):
        if self.alt_locale and self.patterns.alt_locale_evidence is None:
            raise ValueError("alt_locale needs the pattern alt_locale_evidence")
        return self


# --- times.yaml ---------------------------------------------------------------------------------

class TimesPatterns(Fragments):
    """Time expressions are the fragments named ``expr_<kind>`` (each with an optional
    ``reject_before_<kind>``); the rest are optional checks the engine skips when absent."""
    range_join: Regex | None = None
    extend_before: Regex | None = None
    list_next: Regex | None = None
    until_past: Regex | None = None
    not_time: Regex | None = None
    clause_break: Regex | None = None
    figure_anaphora: Regex | None = None
    benchmark_before: Regex | None = None
    benchmark_since_before: Regex | None = None
    benchmark_lead: Regex | None = None
    comparison_clause: Regex | None = None
    comparison_between: Regex | None = None
    signed_change: Regex | None = None


class Times(DataFile):
    months: dict[str, int]
    weekdays: dict[str, int]
    day_offsets: dict[str, int]
    day_offsets_cased: dict[str, int] = {}
    relative: dict[str, int]
    anaphoric: dict[str, int] = {}
    ordinals: dict[str, int] = {}
    number_words: dict[str, int]
    units: dict[str, str]
    parts: dict[str, str] = {}
    seasons: dict[str, str] = {}
    periods: dict[str, str] = {}
    holidays: dict[str, str] = {}
    fixed: dict[str, Annotated[str, Field(pattern=r"^-?\d+ [a-z_]+(?: [a-z_]+)?$")]] = {}  # "-1 year", "0 year early"
    fixed_anaphoric: dict[str, Annotated[str, Field(pattern=r"^-?\d+ [a-z_]+$")]] = {}  # "-1 day"
    patterns: TimesPatterns


class LanguageInfo(Strict):
    name: str  # the language's own name
    spacy: str | None = None  # spaCy's language class, when it is not the code
    # Frequent words of the language that are rare in its neighbours (ingest.langid): where they
    # make up a large share of a text's words, it is taken to be in the language without lingua.
    common_words: Words = []


MODELS: dict[str, type[BaseModel]] = {
    "language": LanguageInfo, "attribution": Attribution, "certainty": Certainty, "claims": Claims,
    "tone": Tone, "countries": Countries, "organizations": Organizations, "entities": Entities,
    "corpus": Corpus, "layout": Layout, "quantities": Quantities, "times": Times,
    "dateline": Dateline, "labels": Labels,
}


def is_optional(name: str) -> bool:
    """Whether a language may leave the file out (every key in it is optional)."""
    model = MODELS.get(name)
    return model is not None and not any(f.is_required() for f in model.model_fields.values())


def validate(name: str, data: dict, error: Callable[[str], Exception]) -> dict:
    """The file's data with the defaults of the optional keys it leaves out; ``error`` on a bad key."""
    model = MODELS.get(name)
    if model is None:
        raise error(f"{name}.yaml is not a known data file ({', '.join(sorted(MODELS))})")
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise error(f"{name}.yaml key '{key}': {message}" if key else f"{name}.yaml: {message}") from None
    absent = {k: f.get_default(call_default_factory=True) for k, f in model.model_fields.items() if k not in data}
    return {**data, **{k: v.model_dump() if isinstance(v, BaseModel) else v for k, v in absent.items()}}
