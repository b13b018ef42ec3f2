"""HTML in, Document out: the article's text and metadata, boilerplate gone (trafilatura).

trafilatura finds the main text (navigation, cookie banners, teasers, comments and footers are
dropped) and the metadata: title, author, date, site name, canonical URL. Its XML body keeps the
structure, which becomes the Document's blocks: ``<head>`` -> headline (the first, when it is
the title) or subheading, ``<p>``, list items and quotes -> paragraphs. The title is put first as
the headline when the body does not start with it.
"""

from __future__ import annotations

import datetime as dt

from .. import settings
from ..errors import E102, E103, E109, NewsclaimsError
from ..report import SourceInfo
from .document import Document
from .text import assemble

# An article has at least this many words outside headings; fewer is a navigation page.
MIN_ARTICLE_WORDS = 20
# Below this many characters of text, lingua is unreliable: trust the page's declared language.
DECLARED_LANG_MAX_CHARS = 200
# trafilatura options: precision over recall (bylines, teasers and link lists stay out). The
# date only from the page's markup (meta tags, <time>, URL): htmldate's extensive search takes
# "© 2025" in a footer for 2025-01-01, and a wrong date misplaces every relative time.
EXTRACT_OPTIONS = dict(with_metadata=True, include_comments=False, include_tables=False,
                       include_images=False, include_links=False, favor_precision=True,
                       date_extraction_params={"extensive_search": False, "original_date": True})


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _blocks(body, title: str | None) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    for el in body:
        tag = el.tag
        if tag == "list":
            parts.extend(("paragraph", _text(item)) for item in el if item.tag == "item")
            continue
        text = _text(el)
        if not text:
            continue
        if tag == "head":
            heading = not parts and title and " ".join(title.split()) == text
            parts.append(("headline" if heading else "subheading", text))
        elif tag in ("p", "quote", "code"):
            parts.append(("paragraph", text))
    parts = [(k, t) for k, t in parts if t]
    if title and not (parts and parts[0][0] == "headline"):
        title = " ".join(title.split())
        if parts and parts[0][1] == title:
            parts[0] = ("headline", title)
        else:
            parts.insert(0, ("headline", title))
    return parts


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _declared_lang(data: bytes | str) -> str | None:
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(data)
    except Exception:  # lxml raises several kinds on junk; the language is only a hint
        return None
    code = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "")[:2].lower()
    return code or None


def from_html(data: bytes | str, source: SourceInfo | None = None, *, lang: str | None = None) -> Document:
    """Bytes (or text) of a web page to a Document (E109 when there is no article)."""
    import trafilatura

    from ..lang import supported
    from . import langid

    source = source or SourceInfo(kind="html")
    limit = settings.get("max_input_bytes")
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > limit:
        raise NewsclaimsError(E103, f"input is {size:,} bytes, over the limit of {limit:,} (set NEWSCLAIMS_MAX_INPUT_BYTES)")
    if not data.strip():
        raise NewsclaimsError(E102, "input is empty")
    found = trafilatura.bare_extraction(data, url=source.url, **EXTRACT_OPTIONS)
    if found is None or found.body is None:
        raise NewsclaimsError(E109, "no article text found on the page")
    parts = _blocks(found.body, found.title)
    lead = " ".join((found.description or "").split())
    if lead and len(parts) > 2 and parts[0][0] == "headline" and parts[1][0] == "paragraph" and parts[1][1] == lead:
        parts[1] = ("standfirst", lead)  # the page's own summary opens the article: the standfirst
    words = sum(len(t.split()) for kind, t in parts if kind == "paragraph")
    if words < MIN_ARTICLE_WORDS:
        raise NewsclaimsError(E109, f"no article text found on the page ({words} words outside headings)")
    text = "\n\n".join(t for _, t in parts)
    if lang is None:
        declared = _declared_lang(data)
        if declared in supported() and len(text) < DECLARED_LANG_MAX_CHARS:
            lang = declared
        else:
            lang = langid.detect(text)
    if found.url and not source.url:
        source.url = found.url  # the canonical URL the page names for itself
    return assemble(parts, source, lang=lang, title=found.title, published=_date(found.date),
                    author=found.author or None, site=found.sitename or None)
