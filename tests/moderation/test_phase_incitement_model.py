"""The incitement model phase: a reason a moderator can read when the classifier holds a comment,
and optional heavier scorers configured beside it."""

from dataclasses import replace

import pytest
from django.utils import timezone

from gazette.moderation import classifier
from gazette.moderation.embedding import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_MODEL_PATH,
    DEFAULT_TOKENIZER_PATH,
)
from gazette.moderation.phases import incitement_model
from gazette.moderation.pipeline import Category, Decision, Draft
from gazette.moderation.policies import Policy
from gazette.moderation.text import normalise

INCITEMENT = "Round up every last one of those refugees and burn them alive."
VEILED = "Someone should teach the editor a lesson."
CIVIL = "The regional rail timetable changes on Sunday; check the operator's website for details."
BUNDLED_SCORER = {
    "name": "bundled",
    "model_path": str(DEFAULT_MODEL_PATH),
    "tokenizer_path": str(DEFAULT_TOKENIZER_PATH),
    "classifier_path": str(classifier.BUNDLED_PATH),
    "max_tokens": DEFAULT_MAX_TOKENS,
}


def draft(text: str, policy: Policy | None = None) -> Draft:
    return Draft(
        text=text, normalised=normalise(text), policy=policy or Policy(), now=timezone.now()
    )


def test_a_call_for_violence_is_held_with_the_models_score_and_threshold():
    probability = classifier.incitement_probability(INCITEMENT)
    hold_from = incitement_model.hold_threshold(classifier.current())

    [reason] = incitement_model.check(draft(INCITEMENT))

    assert reason.name == "violence.model"
    assert reason.category == Category.VIOLENCE
    assert reason.action == Decision.HOLD
    assert reason.score == probability
    assert reason.severity == (2 if probability >= 0.9 else 1)
    assert reason.detail == (
        f"The incitement model scores this {probability:.2f} (holds from {hold_from:.2f})."
    )


def test_the_hold_threshold_is_the_one_recorded_for_the_civil_held_setting(settings):
    model = classifier.current()
    recorded = {
        point["civil_held_limit"]: point["threshold"]
        for point in model.metrics["civil_held_points"]
    }
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.02

    assert incitement_model.hold_threshold(model) == max(model.threshold, recorded[0.02])
    assert incitement_model.hold_threshold(model) >= model.threshold


def test_a_civil_held_setting_between_the_recorded_ones_takes_the_stricter(settings):
    model = classifier.current()
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.025
    between = incitement_model.hold_threshold(model)
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.02

    assert between == incitement_model.hold_threshold(model)


def test_a_setting_below_every_recorded_limit_uses_the_recall_points(settings):
    """A retraining on a few hundred civil decisions records only the larger limits: a setting
    below them must not take the 3 % or 10 % point, but the recall points within it."""
    model = classifier.current()
    points = [
        {"threshold": 0.5, "recall": 0.9, "civil_held_share": 0.08},
        {"threshold": 0.8, "recall": 0.7, "civil_held_share": 0.017},
        {"threshold": 0.95, "recall": 0.5, "civil_held_share": 0.004},
    ]
    recorded = [
        {"civil_held_limit": 0.05, "threshold": 0.6, "recall": 0.85, "civil_held_share": 0.05},
        {"civil_held_limit": 0.1, "threshold": 0.35, "recall": 0.92, "civil_held_share": 0.1},
    ]
    retrained = replace(model, metrics={"operating_points": points, "civil_held_points": recorded})
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.02

    assert incitement_model.hold_threshold(retrained) == max(model.threshold, 0.8)
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.05
    assert incitement_model.hold_threshold(retrained) == max(model.threshold, 0.6)


def test_a_file_with_only_recall_points_never_falls_back_to_holding_the_review_band(settings):
    """An older classifier file records points by recall only: when none held as few civil
    comments as the setting, the strictest holds, not the review threshold (which would hold
    every comment the model queues for review)."""
    model = classifier.current()
    points = [
        {"threshold": 0.6, "recall": 0.5, "civil_held_share": 0.04},
        {"threshold": 0.9, "recall": 0.4, "civil_held_share": 0.03},
    ]
    older = replace(model, metrics={"operating_points": points})
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.01
    assert incitement_model.hold_threshold(older) == max(model.threshold, 0.9)
    settings.MODERATION_MODEL_MAX_CIVIL_HELD = 0.04
    assert incitement_model.hold_threshold(older) == max(model.threshold, 0.6)


def test_a_score_between_the_two_thresholds_is_published_and_queued_for_review():
    model = classifier.current()
    probability = classifier.incitement_probability(VEILED)
    assert probability >= model.threshold, "the example must reach the review threshold"
    # The policy's hold threshold, set above the score, puts it between the two.
    hold_from = (probability + 1.0) / 2
    policy = replace(Policy(), model_threshold=hold_from)

    [reason] = incitement_model.check(draft(VEILED, policy))

    assert reason.name == "violence.model_review"
    assert reason.category == Category.VIOLENCE
    assert reason.action == Decision.PUBLISH
    assert reason.score == probability
    assert reason.detail == (
        f"The incitement model scores this {probability:.2f}: published, but queued for a "
        f"second look (reviewed from {model.threshold:.2f}, held from {hold_from:.2f})."
    )


def test_a_civil_comment_gives_no_reason():
    assert incitement_model.check(draft(CIVIL)) == []


def test_the_policys_threshold_overrides_the_classifiers():
    probability = classifier.incitement_probability(CIVIL)
    lenient = replace(Policy(), model_threshold=min(probability + 0.05, 1.0))
    strict = replace(Policy(), model_threshold=max(probability - 0.05, 0.0))

    assert incitement_model.check(draft(CIVIL, lenient)) == []
    [reason] = incitement_model.check(draft(CIVIL, strict))
    assert reason.detail.endswith(f"(holds from {strict.model_threshold:.2f}).")


def test_a_very_likely_call_for_violence_is_graded_severity_two():
    text = "They are vermin. Exterminate them before they breed."
    probability = classifier.incitement_probability(text)
    assert probability >= 0.9, "the example must score very high for this test"

    [reason] = incitement_model.check(draft(text))

    assert reason.severity == 2


def test_an_extra_scorer_loads_from_settings_and_gives_its_own_reason(settings):
    settings.MODERATION_EXTRA_SCORERS = [BUNDLED_SCORER]

    reasons = incitement_model.check(draft(INCITEMENT))

    assert [reason.name for reason in reasons] == ["violence.model", "violence.model.bundled"]
    main, extra = reasons
    assert extra.score == pytest.approx(main.score, abs=1e-6)
    assert extra.detail.startswith("The incitement model bundled scores this ")
    assert incitement_model.check(draft(CIVIL)) == []


def test_extra_scorers_are_built_once_per_configuration(settings):
    settings.MODERATION_EXTRA_SCORERS = [BUNDLED_SCORER]

    first = incitement_model.extra_scorers()

    assert incitement_model.extra_scorers() is first
    assert first[0].encoder.max_tokens == DEFAULT_MAX_TOKENS
    settings.MODERATION_EXTRA_SCORERS = [{**BUNDLED_SCORER, "max_tokens": 64}]
    assert incitement_model.extra_scorers()[0].encoder.max_tokens == 64


def test_an_extra_scorer_without_a_token_limit_reads_as_its_classifier_was_fitted(
    settings, tmp_path
):
    fitted_at_64 = replace(classifier.current(), encoder={"max_tokens": 64})
    path = tmp_path / "heavier.json"
    fitted_at_64.write(path)
    entry = {key: value for key, value in BUNDLED_SCORER.items() if key != "max_tokens"}
    settings.MODERATION_EXTRA_SCORERS = [{**entry, "classifier_path": str(path)}]

    assert incitement_model.extra_scorers()[0].encoder.max_tokens == 64


def test_no_extra_scorers_by_default():
    assert incitement_model.extra_scorers() == ()


def test_an_extra_scorer_missing_a_file_setting_is_refused(settings):
    settings.MODERATION_EXTRA_SCORERS = [{"name": "heavy", "model_path": "/models/heavy.onnx"}]

    with pytest.raises(ValueError, match="heavy.*missing"):
        incitement_model.extra_scorers()
