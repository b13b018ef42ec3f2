"""A frame: the words that attribute ("laut", "sagte") and the source mention they name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Frame:
    name: str
    scope: str  # clause | sentence | speech | prev
    sentence: int
    start: int  # the frame words, doc offsets
    end: int
    src: tuple[int, int] | None = None
    relay: tuple[int, int] | None = None
    link_next: bool = False  # the sentence names the origin of the sentence before's figures
    pronoun: bool = False
    titled: bool = False  # a person title was stripped from the mention
    determined: bool = False  # an article stood before the mention ("die Versicherer")
    indefinite: bool = False  # an indefinite article or "one" stood before it ("a business group")
    bare: bool = False  # the mention is an information word naming no origin ("vorläufigen Zahlen")
    own: tuple[int, int] | None = None  # a link back's own information word ("den Angaben zufolge")

    @property
    def first(self) -> int:
        return min(self.start, self.src[0]) if self.src else self.start

    @property
    def last(self) -> int:
        return max(self.end, self.src[1]) if self.src else self.end
