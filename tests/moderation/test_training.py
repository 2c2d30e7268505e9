"""How thresholds are chosen from cross-validated probabilities (`moderation/training.py`)."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from gazette.moderation import classifier, embedding, training
from gazette.moderation.text import normalise
from gazette.moderation.training import threshold_within

ROOT = Path(__file__).resolve().parents[2]


def test_threshold_within_holds_at_most_the_limit_of_civil_examples():
    civil = np.linspace(0.0, 0.99, 100)  # 100 civil scores
    calls = np.array([0.995, 0.9, 0.5])
    probabilities = np.concatenate([civil, calls])
    labels = np.array([False] * 100 + [True] * 3)

    threshold = threshold_within(probabilities, labels, None, 0.02)

    assert (probabilities[~labels] >= threshold).sum() == 2
    assert threshold_within(probabilities, labels, None, 0.0) > civil.max()


def test_civil_examples_the_rules_hold_count_against_the_limit():
    probabilities = np.array([0.1, 0.2, 0.3, 0.4, 0.9])
    labels = np.array([False, False, False, False, True])
    held_by_rules = np.array([True, False, False, False, False])

    # 2 of 4 civil may be held; the rules already hold one, so the model may hold one more.
    threshold = threshold_within(probabilities, labels, held_by_rules, 0.5)

    assert threshold > 0.3
    assert threshold <= 0.4
    # The rules alone hold more than 1 in 10: no threshold of the model keeps within it.
    assert threshold_within(probabilities, labels, held_by_rules, 0.1) > 1.0


def test_read_examples_reads_the_contrast_flag(tmp_path):
    path = tmp_path / "examples.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(line)
            for line in [
                {"text": "Shoot down their drones.", "label": "civil"},
                {"text": "Shoot their boats.", "label": "incitement", "contrast": True},
            ]
        ),
        encoding="utf-8",
    )

    assert [example.contrast for example in training.read_examples(path)] == [False, True]


def test_a_contrast_flag_that_is_not_true_or_false_is_refused_with_its_line(tmp_path):
    path = tmp_path / "examples.jsonl"
    path.write_text(
        json.dumps({"text": "Fine.", "label": "civil"})
        + "\n"
        + json.dumps({"text": "Odd flag.", "label": "civil", "contrast": "yes"})
        + "\n",
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match="line 2: contrast must be true or false"):
        training.read_examples(path)


def test_the_shipped_thresholds_were_set_on_the_examples_that_are_not_minimal_pairs():
    shipped = classifier.current()
    examples = training.read_examples()
    natural = [example for example in examples if not example.contrast]
    with_rules = shipped.metrics["with_rules"]

    assert len(natural) < len(examples)
    assert with_rules["incitement"] + with_rules["civil"] == len(natural)
    assert "not minimal pairs" in shipped.metrics["method"]


def test_the_shipped_classifier_records_a_threshold_for_every_civil_held_limit():
    points = classifier.current().metrics["civil_held_points"]

    assert [point["civil_held_limit"] for point in points] == list(training.CIVIL_HELD_LIMITS)
    assert all(point["civil_held_share"] <= point["civil_held_limit"] for point in points)
    thresholds = [point["threshold"] for point in points]
    assert thresholds == sorted(thresholds, reverse=True)  # a larger share, a lower threshold


@pytest.mark.parametrize(
    ("civil_count", "recorded"),
    [
        (18, []),
        (99, [0.06, 0.07, 0.08, 0.1]),
        (250, [0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1]),
    ],
)
def test_a_limit_allowing_too_few_civil_examples_is_not_recorded(civil_count, recorded):
    """On a few dozen moderator decisions a 2 % limit would hold no civil example at all, and its
    threshold would hug the highest civil score: such limits are left out."""
    rng = np.random.default_rng(7)
    probabilities = np.concatenate([rng.uniform(0, 0.5, civil_count), rng.uniform(0.5, 1, 20)])
    labels = np.array([False] * civil_count + [True] * 20)
    examples = [
        training.Example(f"comment {number}", "incitement" if label else "civil")
        for number, label in enumerate(labels)
    ]

    fitted = training.summarise(
        examples,
        weights=np.zeros(384),
        bias=0.0,
        cross_validated=probabilities,
        already_held=np.zeros(len(labels), dtype=bool),
        encoder=embedding.default_encoder(),
        method="test",
    )

    assert [point["civil_held_limit"] for point in fitted.metrics["civil_held_points"]] == recorded


def test_no_evaluation_comment_is_also_a_training_comment():
    """The benchmark's sets are kept apart from what the model learns from: no comment of one is
    the same text as a training example, after folding case, spacing and punctuation."""
    evaluation_sets = sorted((ROOT / "bench" / "data").glob("moderation_eval*.jsonl"))
    assert len(evaluation_sets) >= 3

    def folded(text: str) -> str:
        return " ".join(re.findall(r"\w+", normalise(text)))  # normalise casefolds

    training_texts = {folded(example.text) for example in training.read_examples()}
    shared = [
        (path.name, number)
        for path in evaluation_sets
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and folded(json.loads(line)["text"]) in training_texts
    ]
    assert shared == []
