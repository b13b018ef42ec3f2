"""The pure figure resolvers (extract/quantities/numbers.py), without spaCy."""

from __future__ import annotations

import re

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
    # English decimals in a German report: only the other convention reads them
    assert N.parse_digits_either("6.8", "de_DE", "en_US") == 6.8
    assert N.parse_digits_either("18.5", "de_DE", "en_US") == 18.5
    assert N.parse_digits_either("1.000", "de_DE", "en_US") == 1000
    assert N.parse_digits_either("6.8", "de_DE", None) is None


@pytest.mark.parametrize("locale", ["de_DE", "en_US"])
@pytest.mark.parametrize("text,want", [
    ("12 500", 12500), ("1 234 567", 1234567), ("12\u00a0500", 12500), ("12\u202f500", 12500),
    ("11'000", 11000), ("11\u2019000", 11000), ("1'250'000", 1250000),
    ("1 23", None), ("12 5000", None), ("1 000'000", None), ("1234 567", None),  # groups of three, one mark
    ("-1", -1), ("\u22123", -3), ("\u201312", -12), ("+2", 2),
])
def test_parse_digits_reads_spaces_apostrophes_and_signs(locale, text, want):
    assert N.parse_digits(text, locale) == want


def test_parse_digits_decimals_with_space_groups_and_leading_marks():
    assert N.parse_digits("12 500,5", "de_DE") == 12500.5
    assert N.parse_digits("\u22123,5", "de_DE") == -3.5
    assert N.parse_digits(".08", "en_US") == 0.08
    assert N.parse_digits(",5", "de_DE") == 0.5
    assert N.parse_digits(".", "en_US") is None


def test_numbers_too_large_for_a_float_are_refused():
    assert N.parse_digits("9" * 400, "de_DE") is None
    assert N.parse_digits("9" * 300, "de_DE") == float("9" * 300)
    assert N.scaled(1e300, 1e12) is None
    assert N.tidy(float("inf")) is None


def test_parse_words_in_full_and_with_fraction_suffixes():
    half = (("einhalb", 0.5),)
    assert N.parse_words("one hundred and sixteen", "en") == 116
    assert N.parse_words("four-thousand", "en") == 4000
    assert N.parse_words("siebeneinhalb", "de", half) == 7.5
    assert N.parse_words("einhalb", "de", half) is None


def test_longest_words_cuts_a_run_that_is_not_one_number():
    cut = re.compile(r"\s+and\s+|[\s-]+")
    assert N.longest_words("five and seven", "en", cut) == (5, 4)
    assert N.longest_words("two hundred and fifty", "en", cut) == (250, 21)
    assert N.longest_words("and", "en", cut) is None


def test_share_is_the_fraction_as_a_percentage():
    assert N.share(1 / 3) == 33.33
    assert N.share(2 / 3) == 66.67
    assert N.share(0.5) == 50
