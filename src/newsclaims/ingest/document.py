"""The Document every input kind arrives as: one normalised text plus structure and metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..report import Block, Page, SourceInfo


@dataclass
class Document:
    text: str
    blocks: list[Block]
    source: SourceInfo
    lang: str | None = None
    title: str | None = None
    standfirst: str | None = None
    published: dt.date | None = None
    author: str | None = None
    site: str | None = None
    pages: list[Page] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]
