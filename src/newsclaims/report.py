"""The Report: the one public result of an analysis. JSON is its serialisation.

Every span is half-open ``[start, end)`` into ``report.document.text`` and carries the
text it covers, so ``document.text[start:end] == text`` holds everywhere.
Bump SCHEMA_VERSION on any change a consumer could notice.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.2"  # 1.1: block kind "sidebar" (boxes and pull quotes in PDFs); 1.2: Attribution.antecedent, a claim speaker named by a pronoun spanned at the pronoun

Approx = Literal["exact", "about", "more_than", "at_least", "less_than", "at_most", "almost", "range", "vague"]
Category = Literal[
    "casualties", "killed", "wounded", "missing", "captured", "troops", "civilians_displaced",
    "weapons_munitions", "money", "percent", "people_other", "other",
]
SourceKind = Literal[
    "named_person", "named_organization", "government_or_military", "anonymous_officials",
    "media_report", "estimate_unattributed", "none",
]
Certainty = Literal["asserted", "reported", "estimated", "alleged", "speculative"]
CueKind = Literal["speculative", "alleged", "estimated", "reported", "negation"]
EntityKind = Literal["country", "person", "organization", "place", "group"]
BlockKind = Literal["headline", "standfirst", "subheading", "paragraph", "sidebar", "caption", "byline", "dateline"]
Precision = Literal["day", "week", "month", "year", "season", "open"]
Role = Literal["claim", "opinion", "filler"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def clone(self):
        """``model_copy(deep=True)`` without its ``copy.deepcopy`` walk (several times faster):
        these models' fields hold only immutable values, models and lists of them; only the
        fields whose type may hold a model or a list are looked at (``_nested``)."""
        cls = type(self)
        copied = object.__new__(cls)  # what pydantic's __copy__ does, less its generic copy() calls
        values = self.__dict__.copy()
        _setattr(copied, "__dict__", values)
        _setattr(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        _setattr(copied, "__pydantic_extra__", None)  # extra="forbid"
        _setattr(copied, "__pydantic_private__", None)  # no private attributes
        nested = _NESTED.get(cls)
        if nested is None:
            nested = _NESTED[cls] = tuple(name for name, field in cls.model_fields.items() if not _plain(field.annotation))
        for name in nested:
            value = values.get(name)
            if isinstance(value, _Model):
                values[name] = value.clone()
            elif isinstance(value, list):
                values[name] = [v.clone() if isinstance(v, _Model) else v for v in value]
        return copied


_setattr = object.__setattr__
# Model class -> the fields clone() copies into (see _plain).
_NESTED: dict[type, tuple[str, ...]] = {}
_PLAIN_TYPES = (str, int, float, bool, type(None), dt.date)


def _plain(annotation) -> bool:
    """A field type whose values are immutable scalars (str, numbers, dates, None, Literals)."""
    if annotation in _PLAIN_TYPES:
        return True
    if typing.get_origin(annotation) is Literal:
        return True
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and all(_plain(a) for a in args)


class Span(_Model):
    text: str
    start: int
    end: int


class Ref(Span):
    """A span that points at another element of the Report by id."""

    id: str


class SourceInfo(_Model):
    name: str | None = None
    kind: Literal["text", "pdf", "html", "url", "stdin"] = "text"
    path: str | None = None
    url: str | None = None
    sha256: str | None = None


class Block(Span):
    kind: BlockKind
    page: int | None = None


class Page(_Model):
    """Where a PDF page lies in the cleaned text (no text copy: the document holds it)."""

    number: int = Field(description="1-based page number")
    start: int
    end: int


class Sentence(Span):
    index: int
    block: int


class Document(_Model):
    id: str = Field(description="sha256 of the normalised text, first 16 hex digits")
    source: SourceInfo
    lang: str
    title: str | None = None
    standfirst: str | None = None
    published: dt.date | None = None
    author: str | None = None
    site: str | None = None
    text: str
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    pages: list[Page] = Field(default=[], description="page map for PDF input, in order")


class EntityNorm(_Model):
    name: str
    code: str | None = Field(default=None, description="ISO 3166-1 alpha-2 where one applies")


class Entity(Span):
    id: str
    kind: EntityKind
    norm: EntityNorm
    role: str | None = Field(default=None, description="a person's role as written, e.g. 'Präsident'")
    long_form: Span | None = Field(default=None, description="for an acronym, its long form in the same text")
    subtype: str | None = Field(default=None, description="organisation subtype from language data: government_or_military, intelligence, ministry, media, international, parliament, party, company, ngo, research, armed_group")
    generic: bool = Field(default=False, description="a generic, unnamed mention ('der Geheimdienst', 'the ministry')")


class Cue(Span):
    kind: CueKind


class Attribution(Span):
    """Who a figure or claim is attributed to; text/start/end is the mention naming the source."""

    name: str = Field(description="short canonical name of the source")
    kind: SourceKind
    entity: str | None = Field(default=None, description="id of the entity the source mention is")
    relay: Span | None = Field(default=None, description="the outlet that passed it on ('Yonhap unter Berufung auf den NIS')")
    frame: Span | None = Field(default=None, description="the attribution frame ('laut', 'zufolge', 'sagte')")
    antecedent: Span | None = Field(default=None, description="for a claim whose sentence names its speaker by a pronoun "
                                    "('Er betonte'): the earlier mention naming who it is; text/start/end is the pronoun")


class TimeValue(_Model):
    start: dt.date | None
    end: dt.date | None


class TimeExpr(Span):
    id: str
    value: TimeValue | None
    precision: Precision
    resolved: bool


class Quantity(Span):
    id: str
    sentence: int
    low: float | None
    high: float | None
    approx: Approx
    unit: str | None = None
    counted: Span | None = None
    category: Category = "other"
    source: Attribution | None = None
    certainty: Certainty = "asserted"
    cues: list[Cue] = []
    time: Ref | None = None
    negated: bool = False


class Claim(Span):
    id: str
    sentence: int
    role: Role
    quantities: list[str] = []
    entities: list[str] = []
    time: Ref | None = None
    source: Attribution | None = None
    more_sources: list[Attribution] = Field(default=[], description="further speakers the sentence names, each in a clause "
                                            "of its own ('X lobte ..., Y kritisierte ...')")
    certainty: Certainty = "asserted"
    cues: list[Cue] = []
    negated: bool = False
    checkworthiness: float = Field(default=0.0, ge=0.0, le=1.0)


class ToneSignal(Span):
    kind: str
    weight: float


class SentenceTone(_Model):
    index: int
    score: float = Field(ge=0.0, le=100.0)
    role: Role


class Tone(_Model):
    score: float = Field(default=0.0, ge=0.0, le=100.0)
    signals: list[ToneSignal] = []
    sentences: list[SentenceTone] = []


class Generator(_Model):
    name: str = "newsclaims"
    version: str


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    generator: Generator
    document: Document
    entities: list[Entity] = []
    quantities: list[Quantity] = []
    times: list[TimeExpr] = []
    claims: list[Claim] = []
    tone: Tone = Tone()
    warnings: list[str] = []

    def spans(self):
        """Yield every (path, Span) in the report, for provenance checks."""
        yield from _walk(self, "")


def _walk(obj, path):
    if isinstance(obj, Span):
        yield path, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name == "text" and isinstance(obj, Document):
                continue
            yield from _walk(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk(item, f"{path}[{i}]")
