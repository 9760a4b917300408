"""The evaluation script runs, and the annotation assistant keeps its goals.

Goals of the issue, on the seeds: precision and recall of at least 0.9 for
countries, threat types, dates and people, 0.85 for quotes with the right
speaker. On the held-out articles (texts about other events, written for the
test, tests/data/annotate) the same fields must stay above 0.8, so that a rule
tuned to the seeds at the expense of other texts shows up here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def evaluation():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("annotate_eval", REPO / "benchmarks" / "annotate_eval.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def annotator(evaluation):  # type: ignore[no-untyped-def]
    from generator.load import load_corpus

    return evaluation.new_annotator(load_corpus(REPO / "seeds"), False)


def test_script_prints_both_tables(evaluation, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert evaluation.main([]) == 0
    out = capsys.readouterr().out
    assert "Seeds, hand annotations" in out and "Held-out articles" in out
    for field in ("countries", "threats", "date", "people", "meetings", "quotes+speaker"):
        assert f"| {field}" in out


@pytest.mark.parametrize("field", ["countries", "threats", "date", "people", "quotes+speaker"])
def test_goals_on_the_seeds(evaluation, annotator, field: str) -> None:  # type: ignore[no-untyped-def]
    score = evaluation.score_set(annotator, evaluation.seeds_set(REPO / "seeds"), False)[field]
    goal = evaluation.GOALS[field]
    assert score.precision >= goal and score.recall >= goal, (field, score)


@pytest.mark.parametrize("field", ["countries", "threats", "date", "people", "quotes+speaker"])
def test_held_out_articles_stay_good(evaluation, annotator, field: str) -> None:  # type: ignore[no-untyped-def]
    items = evaluation.heldout_set(REPO / "tests" / "data" / "annotate")
    assert len(items) >= 4
    languages = {path.name[:2] for path in (REPO / "tests" / "data" / "annotate").glob("*.txt")}
    assert languages == {"fr", "en"}
    score = evaluation.score_set(annotator, items, False)[field]
    assert score.precision >= 0.8 and score.recall >= 0.8, (field, score)
