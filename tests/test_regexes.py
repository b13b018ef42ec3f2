"""Regexes whose code the user cache keeps (``newsclaims.text.regexes``): the same Pattern as
``re.compile`` from an empty, a filled and an unwritable cache, and the same report from a
fresh ``newsclaims analyze`` in each (the cache only saves time)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsclaims.text import regexes

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = [(r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:Prozent|%)", re.IGNORECASE), (r"(?<!\w)(Straße|Maß)(?!\w)", 0),
            (r"(a)|(?P<b>b)", re.IGNORECASE | re.MULTILINE)]
TEXT = "Rund 12,5 Prozent der STRASSE, 3 % im Maß; ab."


def _fresh(monkeypatch, folder) -> None:
    """A new process's view: nothing compiled in memory, the cache read from ``folder``."""
    monkeypatch.setenv("NEWSCLAIMS_CACHE_DIR", str(folder))
    regexes.compile.cache_clear()
    regexes._codes.cache_clear()


def _same(rx: re.Pattern, pattern: str, flags: int) -> None:
    want = re.compile(pattern, flags)
    assert (rx.pattern, rx.flags, rx.groups, rx.groupindex) == (want.pattern, want.flags, want.groups, want.groupindex)
    assert [m.groups() for m in rx.finditer(TEXT)] == [m.groups() for m in want.finditer(TEXT)]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_the_same_pattern_from_an_empty_a_filled_and_an_unwritable_cache(tmp_path, monkeypatch, pattern, flags):
    _fresh(monkeypatch, tmp_path)
    _same(regexes.compile(pattern, flags), pattern, flags)
    regexes._codes().save()
    assert (tmp_path / "regex.json").is_file()
    _fresh(monkeypatch, tmp_path)
    _same(regexes.compile(pattern, flags), pattern, flags)
    (tmp_path / "file").write_text("")
    _fresh(monkeypatch, tmp_path / "file" / "cache")  # a folder that cannot be made
    _same(regexes.compile(pattern, flags), pattern, flags)
    regexes._codes().save()


def test_a_code_the_engine_rejects_is_compiled_afresh(tmp_path, monkeypatch):
    pattern, flags = PATTERNS[0]
    _fresh(monkeypatch, tmp_path)
    regexes.compile(pattern, flags)
    regexes._codes().save()
    stored = json.loads((tmp_path / "regex.json").read_text(encoding="utf-8"))
    for entry in stored["entries"].values():  # [generation, [flags, groups, groupindex, indexgroup, code]]
        entry[1][-1] = "AAAAAAAAAAA="
    (tmp_path / "regex.json").write_text(json.dumps(stored), encoding="utf-8")
    _fresh(monkeypatch, tmp_path)
    _same(regexes.compile(pattern, flags), pattern, flags)


def test_a_bad_pattern_is_re_error(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    with pytest.raises(re.error):
        regexes.compile("(a", 0)


def _analyze(cache: Path) -> str:
    cmd = [sys.executable, "-m", "newsclaims.cli", "analyze", str(ROOT / "examples" / "grenzkrise.txt"),
           "--published", "2025-11-14", "--format", "json", "--lang", "de"]
    env = {**os.environ, "NEWSCLAIMS_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env, cwd=ROOT).stdout


def test_analyze_gives_the_same_report_cold_warm_and_without_a_writable_cache(tmp_path):
    cold = _analyze(tmp_path / "cache")
    assert (tmp_path / "cache" / "regex.json").is_file()
    assert _analyze(tmp_path / "cache") == cold
    (tmp_path / "file").write_text("")
    assert _analyze(tmp_path / "file" / "cache") == cold


@pytest.mark.parametrize("code", ["de", "en"])
def test_the_tokenizer_has_spacys_affix_regexes(code):
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from newsclaims.pipeline import get_nlp

    nlp = get_nlp(code)
    inner, defaults = nlp.tokenizer.inner, nlp.Defaults
    assert inner.prefix_search.__self__.pattern == compile_prefix_regex(defaults.prefixes).pattern
    assert inner.suffix_search.__self__.pattern == compile_suffix_regex(defaults.suffixes).pattern
    assert inner.infix_finditer.__self__.pattern == compile_infix_regex(defaults.infixes).pattern
