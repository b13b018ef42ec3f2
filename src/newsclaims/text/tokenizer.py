"""spaCy's tokenizer with a bound on one token's cost.

spaCy strips prefixes and suffixes from a whitespace-delimited run one character at a time,
copying the rest each time: quadratic in the length of one run ("Rund " + "(" * 8000 took
seconds to minutes). Runs longer than ``MAX_RUN`` characters never occur in prose; they are cut
into plain pieces of ``PIECE`` characters without affix analysis, and the rest of the text is
tokenised as before. Offsets are unchanged: the Doc's text is the input text.

The pipeline's tokenizer is registered here (``TOKENIZER``): spaCy's own, built from the
language's defaults as ``spacy.Tokenizer.v1`` builds it, its affix regexes compiled through
:mod:`.regexes` (their code kept in the user cache), and bounded.
"""

from __future__ import annotations

import re

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from . import regexes

MAX_RUN = 200
PIECE = 50
_LONG = re.compile(r"\S{%d,}" % (MAX_RUN + 1))
TOKENIZER = "newsclaims.Tokenizer.v1"


@registry.tokenizers(TOKENIZER)
def bounded_tokenizer():
    def build(nlp) -> BoundedTokenizer:
        defaults = nlp.Defaults
        # the expressions of spacy.util.compile_prefix_regex, _suffix_regex and _infix_regex
        prefixes = "|".join("^" + p for p in defaults.prefixes or () if p.strip())
        suffixes = "|".join(p + "$" for p in defaults.suffixes or () if p.strip())
        infixes = "|".join(p for p in defaults.infixes or () if p.strip())
        return BoundedTokenizer(Tokenizer(
            nlp.vocab, rules=defaults.tokenizer_exceptions,
            prefix_search=regexes.compile(prefixes).search if defaults.prefixes else None,
            suffix_search=regexes.compile(suffixes).search if defaults.suffixes else None,
            infix_finditer=regexes.compile(infixes).finditer if defaults.infixes else None,
            token_match=defaults.token_match, url_match=defaults.url_match))

    return build


class BoundedTokenizer:
    def __init__(self, inner):
        self.inner = inner
        self.vocab = inner.vocab

    def __call__(self, text: str) -> Doc:
        if not _LONG.search(text):
            return self.inner(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in _LONG.finditer(text):
            self._plain(text[pos:m.start()], words, spaces)
            run = m.group()
            words.extend(run[i:i + PIECE] for i in range(0, len(run), PIECE))
            spaces.extend([False] * -(-len(run) // PIECE))
            pos = m.end()
            if text.startswith(" ", pos):  # the single space after the run belongs to its last piece
                spaces[-1] = True
                pos += 1
        self._plain(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _plain(self, segment: str, words: list[str], spaces: list[bool]) -> None:
        if segment:
            for token in self.inner(segment):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    # spaCy's Language calls these when saving or configuring a pipeline.
    def to_bytes(self, **kwargs):
        return self.inner.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        self.inner.from_bytes(data, **kwargs)
        return self
