"""Adding a language is a data folder and a spec folder: a toy language from a temporary folder.

``tests/data/toy_language`` holds ``lang/tq/`` (made-up words, the keys the schema requires) and
``specs/tq/``. The test copies both outside the package, points ``NEWSCLAIMS_LANG_PATH`` at the
data and runs the specs through the unchanged pipeline (spaCy has no class for ``tq``: its
multi-language tokenizer is used).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_specs import check_case, spec_cases

from newsclaims.lang import PATH_ENV, languages, supported

TOY = Path(__file__).parent / "data" / "toy_language"


@pytest.fixture
def toy(tmp_path, monkeypatch):
    shutil.copytree(TOY, tmp_path / "toy")
    monkeypatch.setenv(PATH_ENV, str(tmp_path / "toy" / "lang"))
    return tmp_path / "toy"


def test_toy_language_joins_the_registry(toy):
    assert supported() == ["de", "en", "tq"]
    assert languages()["tq"].name == "Toyish"


def test_toy_language_specs_pass(toy):
    cases = list(spec_cases(toy / "specs"))
    assert len(cases) == 4
    for param in cases:
        check_case(*param.values)
