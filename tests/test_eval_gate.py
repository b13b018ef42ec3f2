"""Quality gate: ``newsclaims eval gold/test`` must not drop below the floors pinned in
``gold/eval_baseline.json`` (see docs/quality.md). Lowering a floor means editing that file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclaims.eval import ATTRIBUTES, evaluate
from newsclaims.lang import supported

ROOT = Path(__file__).parent.parent
BASELINE = json.loads((ROOT / "gold" / "eval_baseline.json").read_text(encoding="utf-8"))
METRICS = ("precision", "recall", "f1") + ATTRIBUTES


@pytest.fixture(scope="module")
def result():
    return evaluate(ROOT / BASELINE["gold_dir"])


def _floors():
    for group, floors in BASELINE["floors"].items():
        for metric, floor in floors.items():
            yield pytest.param(group, metric, floor, id=f"{group}.{metric}>={floor}")


def test_baseline_names_known_metrics():
    for group, floors in BASELINE["floors"].items():
        assert group in ("overall", *supported()), group
        for metric, floor in floors.items():
            assert metric in METRICS, metric
            assert 0.0 <= floor <= 1.0


def test_pipeline_runs_on_every_gold_document(result):
    assert result["failures"] == {}, result["failures"]


@pytest.mark.parametrize("group,metric,floor", list(_floors()))
def test_floor(result, group, metric, floor):
    value = result["scores"][group][metric]
    value = 0.0 if value is None else value
    assert value >= floor, (f"{group} {metric} = {value:.3f} fell below its floor {floor:.3f} "
                            f"(run `newsclaims eval {BASELINE['gold_dir']} --show-errors`)")
