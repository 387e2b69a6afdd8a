"""The quality gate: dev-set extraction scores may not fall below the floors pinned in quality_floors.json."""
import json
from pathlib import Path

import pytest

from proxygraph.evaluate import SYSTEM, evaluate, load_gold

FLOORS_FILE = Path(__file__).resolve().parent / "quality_floors.json"
CONFIG = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
GOLD_DEV = (Path(__file__).resolve().parents[1] / CONFIG["gold"]).resolve()
METRICS = {
    "strict_f1": lambda s: s.strict.f1,
    "strict_precision": lambda s: s.strict.precision,
}


def test_every_floor_names_a_known_metric_with_a_score_between_0_and_1():
    assert set(CONFIG["floors"]) == set(METRICS)
    assert all(isinstance(v, float) and 0 < v <= 1 for v in CONFIG["floors"].values())


@pytest.fixture(scope="module")
def dev_scores():
    if not GOLD_DEV.is_dir():
        pytest.skip(f"the quality gate needs the dev gold at {GOLD_DEV} (../shared beside the repository)")
    return evaluate(load_gold([GOLD_DEV])).scores[SYSTEM]


@pytest.mark.slow
@pytest.mark.parametrize("metric", sorted(METRICS))
def test_dev_set_score_holds_its_floor(dev_scores, metric):
    value, floor = METRICS[metric](dev_scores), CONFIG["floors"][metric]
    assert value >= floor, (
        f"dev-set {metric} is {value:.4f}, below the floor {floor} in {FLOORS_FILE.name}; "
        f"run 'proxygraph eval {CONFIG['gold']} --verbose' to see what was lost"
    )
