"""No regex with catastrophic backtracking (issue 17): every pattern of every language's data and
every module-level compiled pattern of the package is run over adversarial strings built from
its own alphabet (6,000-character runs of letters, digits, separators, brackets and the literal
words the pattern itself contains) and must scan each in under a generous budget. A linear
pattern takes milliseconds; nested or adjacent unbounded repetition over the same characters
takes seconds (quadratic) or for ever (exponential).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import time

import pytest

import newsclaims
from newsclaims.lang import languages, load

# 3,000 characters in CI (each run scans in milliseconds when linear); maintainers raise it, e.g.
# NEWSCLAIMS_REGEX_RUN=6000. The budget grows with the run, so a quadratic pattern still fails.
RUN = int(os.environ.get("NEWSCLAIMS_REGEX_RUN", "3000"))
BUDGET_S = 2.0 * RUN / 6000
# Files whose patterns the engines compile case-sensitively (capitals carry meaning there);
# the others with IGNORECASE. quantities.yaml's ``patterns_cased`` key is case-sensitive too.
CASED_FILES = {"attribution", "certainty", "claims", "entities"}
PATTERN_KEYS = ("patterns", "patterns_cased")
UNITS = ["A", "a", "1", "1 ", "1,", "1.", "A ", "Ab ", "(", "-", "'", " ", ". "]
WORD = re.compile(r"[^\W\d_]{2,}")


def _runs(source: str) -> list[tuple[str, str]]:
    """(label, text) pairs: runs of each unit and of the pattern's own literal words."""
    words = sorted(set(WORD.findall(re.sub(r"\\.", " ", source))), key=lambda w: (-len(w), w))[:4]
    units = UNITS + [w + " " for w in words] + [w.capitalize() + " " for w in words[:1]] + ["1 " + w + " " for w in words[:1]]
    return [(repr(u[:12]), (u * (RUN // len(u) + 1))[:RUN]) for u in units]


def _language_patterns():
    for code in languages():
        data = load(code)
        for folder_file in sorted(data.folder.iterdir(), key=lambda p: p.name):
            name = folder_file.name.removesuffix(".yaml")
            if not folder_file.name.endswith(".yaml"):
                continue
            for key in PATTERN_KEYS:
                if not isinstance(data.file(name).get(key), dict):
                    continue
                flags = 0 if name in CASED_FILES or key == "patterns_cased" else re.IGNORECASE
                pats = data.patterns(name, key, flags)
                for frag in pats:
                    yield f"{code}/{name}.yaml {key}.{frag}", pats[frag]


def _module_patterns():
    for info in pkgutil.walk_packages(newsclaims.__path__, "newsclaims."):
        if ".migrations" in info.name:  # alembic scripts, run only inside alembic
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and getattr(module, "__name__", "") == info.name:
                yield f"{info.name}.{attr}", value


def _all_patterns() -> dict[str, re.Pattern]:
    found = dict(_language_patterns())
    found.update(_module_patterns())
    return found


PATTERNS = _all_patterns()


def test_patterns_were_collected():
    """Every language contributes its data patterns and the engines their compiled ones."""
    for code in languages():
        assert sum(name.startswith(f"{code}/times.yaml") for name in PATTERNS) > 20
        assert any(name.startswith(f"{code}/entities.yaml") for name in PATTERNS)
    assert any(name.startswith("newsclaims.text.") for name in PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_its_own_alphabet(name):
    rx = PATTERNS[name]
    for label, text in _runs(rx.pattern):
        t0 = time.process_time()
        for _ in rx.finditer(text):
            if time.process_time() - t0 > BUDGET_S:
                break
        took = time.process_time() - t0
        assert took < BUDGET_S, f"{name}: {took:.1f} s over {len(text)} characters of {label} (budget {BUDGET_S} s)"
