"""Documented settings: every threshold the tool uses, with its default and why.

Override from the environment as ``NEWSCLAIMS_<NAME>`` (e.g. ``NEWSCLAIMS_MAX_INPUT_BYTES``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: float | int | str
    help: str

    @property
    def value(self):
        raw = os.environ.get(f"NEWSCLAIMS_{self.name.upper()}")
        if raw is None:
            return self.default
        return type(self.default)(raw)


SETTINGS = {
    s.name: s
    for s in [
        Setting("max_input_bytes", 10_000_000, "Largest input file or text accepted (bytes)."),
        Setting("binary_control_ratio", 0.05, "Share of control characters above which input is binary junk."),
        Setting("heading_max_words", 14, "A block longer than this is never a heading."),
        Setting("lead_max_words", 70, "The first paragraph after the headline is the lead if it is at most this long."),
        Setting("full_line_ratio", 0.75, "A line at least this share of the typical line width was wrapped, so a blank line after it is a page break."),
        Setting("langid_min_letters", 20, "Language detection is unreliable on shorter texts (\"OK\" reads as Polish): below this many letters the default language is used, or the language must be given."),
        Setting("default_lang", "", "Language for texts too short to detect (e.g. de); empty: such a text needs --lang."),
        Setting("chunk_chars", 50_000, "Texts longer than this are analysed in chunks of at most this many characters, cut at paragraph ends (keeps cost linear and any length under max_input_bytes possible)."),
        Setting("max_sentence_chars", 1_500, "A sentence longer than this is cut at a clause mark (crafted or broken text): every stage works per sentence, so this keeps costs linear."),
        Setting("cache_dir", "", "Where results worth keeping between runs are kept (the analysis of the language data's patterns); empty: $XDG_CACHE_HOME/newsclaims or ~/.cache/newsclaims; off: nowhere."),
        Setting("url_timeout_s", 20.0, "Timeout for fetching a URL (seconds)."),
        Setting("url_max_bytes", 20_000_000, "Largest response body fetched from a URL (bytes)."),
        Setting("url_max_redirects", 5, "Redirects followed when fetching a URL."),
        Setting("web_request_timeout_s", 60.0, "Web server: longest time one analysis request may take before it is answered with E112 (seconds)."),
        Setting("web_max_concurrent", 8, "Web server: analyses run at the same time; further requests wait their turn."),
        Setting("web_header_timeout_s", 10.0, "Web server: a connection that has not sent a whole request head (request line and headers) this long after it opened or after its last answer is closed (slow-header clients)."),
        Setting("web_keep_alive_s", 5, "Web server: an idle kept-alive connection is closed after this long (seconds)."),
    ]
}


def get(name: str):
    return SETTINGS[name].value
