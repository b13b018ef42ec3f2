"""The pure figure resolvers (extract/quantities/numbers.py), without spaCy."""

from __future__ import annotations

import pytest
from babel.numbers import NumberFormatError, parse_decimal

from newsclaims.extract.quantities import numbers as N

SAMPLES = ["1.000", "12,000", "1,5", "1.5", "0,5", "1000", "1.000.000", "30.10.2020", "10.30",
           "12.000,5", "2.5", "1,000.5", "12.0000", "1.00", "100.000,25", "007"]


@pytest.mark.parametrize("locale", ["de_DE", "en_US"])
@pytest.mark.parametrize("text", SAMPLES)
def test_parse_digits_matches_babel_strict(locale, text):
    try:
        want = float(parse_decimal(text, locale=locale, strict=True))
    except NumberFormatError:
        want = None
    assert N.parse_digits(text, locale) == want


def test_parse_words():
    assert N.parse_words("zwölftausend", "de") == 12000
    assert N.parse_words("zweihundertfünfzig", "de") == 250
    assert N.parse_words("two hundred and fifty", "en") == 250
    assert N.parse_words("und", "de") is None


def test_interval_and_scales():
    assert N.interval("exact", 600) == (600, 600)
    assert N.interval("about", 1100) == (1100, 1100)
    assert N.interval("more_than", 1000) == (1000, None)
    assert N.interval("at_least", 100) == (100, None)
    assert N.interval("almost", 40) == (None, 40)
    assert N.interval("at_most", 500) == (None, 500)
    assert N.interval("range", 10, 12) == (10, 12)
    assert N.range_scale(1.5, 2, None, 1e6) == (1.5e6, 2e6)
    assert N.tidy(1000.0) == 1000 and isinstance(N.tidy(1000.0), int)
    assert N.tidy(1 / 3) == 0.333333


def test_parse_digits_either_reads_ambiguous_german_commas():
    # "12,000" in a German text: twelve thousand (nobody writes twelve as "12,000")
    assert N.parse_digits_either("12,000", "de_DE", "en_US") == 12000
    # other decimals keep the German reading unless the document writes English-style numbers
    assert N.parse_digits_either("1,250", "de_DE", "en_US") == 1.25
    assert N.parse_digits_either("1,250", "de_DE", "en_US", prefer_alt=True) == 1250
    # only the other convention can read it
    assert N.parse_digits_either("1,200,000", "de_DE", "en_US") == 1200000
    # not in question: no German decimal mark, or one reading only
    assert N.parse_digits_either("1.000", "de_DE", "en_US", prefer_alt=True) == 1000
    assert N.parse_digits_either("1,5", "de_DE", "en_US", prefer_alt=True) == 1.5
    assert N.parse_digits_either("12,000", "de_DE", None) == 12
    assert N.parse_digits_either("12,000", "en_US", None) == 12000
