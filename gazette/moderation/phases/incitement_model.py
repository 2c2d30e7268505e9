"""The incitement model: a classifier over the sentence embedding, blended with one over the
comment's word and character n-grams (`classifier.py`, `ngrams.py`), holds what reads like a call
for violence even with no word a rule knows (veiled threats, dehumanising comparisons).

It never rejects, and it has two bands, because no threshold of a model this small catches 95 %
of calls for violence while holding under 5 % of heated civil comments (see bench/moderation.py):
- from the hold threshold (the lowest at which the classifier's cross-validation held at most
  settings.MODERATION_MODEL_MAX_CIVIL_HELD of civil comments, as recorded in its
  "civil_held_points"; or the policy's `model_threshold`), the comment is held for a moderator,
  and its author is nudged first;
- from the review threshold (the one chosen for 95 % recall when the classifier was fitted,
  `training.py`) up to the hold threshold, the comment is published but put in the moderators'
  queue for a second look, so a person sees nearly every call for violence without civil
  readers waiting.

Heavier scorers can run beside it, each behind the same interface and each giving its own reason
`violence.model.<name>`: settings.MODERATION_EXTRA_SCORERS lists them, as dictionaries with a
`name`, the ONNX sentence model (`model_path`), its `tokenizer_path`, the classifier fitted on its
embeddings (`classifier_path`, a file written by `training.py`; its threshold applies) and
`max_tokens`. Each is loaded once per process, on first use.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

from .. import classifier
from ..embedding import DEFAULT_MAX_TOKENS, SentenceEncoder
from ..pipeline import Category, Decision, Draft, Reason

VERY_LIKELY = 0.9  # from this probability the reason is graded severity 2

_SCORER_KEYS = {"name", "model_path", "tokenizer_path", "classifier_path", "max_tokens"}


def hold_threshold(model: classifier.Classifier) -> float:
    """The threshold recorded for the largest civil-held limit within the setting; when none is
    (an older file, or a retraining on too few civil decisions to record small limits), the
    lowest operating point whose civil-held share stayed within the setting (the strictest when
    none did). Never below the review threshold."""
    limit = settings.MODERATION_MODEL_MAX_CIVIL_HELD
    by_limit = sorted(
        model.metrics.get("civil_held_points", []), key=lambda point: point["civil_held_limit"]
    )
    within_limit = [point for point in by_limit if point["civil_held_limit"] <= limit]
    if within_limit:
        chosen = within_limit[-1]["threshold"]
    else:
        points = model.metrics.get("operating_points", [])
        within = [p["threshold"] for p in points if p["civil_held_share"] <= limit]
        everything = [p["threshold"] for p in points]
        chosen = min(within) if within else max(everything, default=model.threshold)
    return max(model.threshold, chosen)


def check(draft: Draft) -> list[Reason]:
    reasons = []
    model = classifier.current()
    hold_from = getattr(draft.policy, "model_threshold", None)
    if hold_from is None:
        hold_from = hold_threshold(model)
    review_from = min(model.threshold, hold_from)
    probability = classifier.incitement_probability(draft.text)
    if probability >= hold_from:
        reasons.append(_reason("violence.model", "The incitement model", probability, hold_from))
    elif probability >= review_from:
        reasons.append(
            Reason(
                "violence.model_review",
                Category.VIOLENCE,
                1,
                probability,
                f"The incitement model scores this {probability:.2f}: published, but queued "
                f"for a second look (reviewed from {review_from:.2f}, held from "
                f"{hold_from:.2f}).",
                Decision.PUBLISH,
            )
        )
    for scorer in extra_scorers():
        probability = scorer.probabilities([draft.text])[0]
        threshold = scorer.classifier().threshold
        if probability >= threshold:
            reasons.append(
                _reason(
                    f"violence.model.{scorer.name}",
                    f"The incitement model {scorer.name}",
                    probability,
                    threshold,
                )
            )
    return reasons


def _reason(name: str, label: str, probability: float, threshold: float) -> Reason:
    return Reason(
        name,
        Category.VIOLENCE,
        2 if probability >= max(VERY_LIKELY, threshold) else 1,
        probability,
        f"{label} scores this {probability:.2f} (holds from {threshold:.2f}).",
        Decision.HOLD,
    )


def extra_scorers() -> tuple[classifier.Scorer, ...]:
    """The scorers of settings.MODERATION_EXTRA_SCORERS, built once per configuration."""
    configured = getattr(settings, "MODERATION_EXTRA_SCORERS", None) or []
    key = tuple(tuple(sorted(entry.items())) for entry in configured)
    return _build_scorers(key)


@functools.cache
def _build_scorers(key: tuple) -> tuple[classifier.Scorer, ...]:
    scorers = []
    for items in key:
        entry = dict(items)
        unknown = set(entry) - _SCORER_KEYS
        missing = {"name", "model_path", "tokenizer_path", "classifier_path"} - set(entry)
        if unknown or missing:
            raise ValueError(
                f"MODERATION_EXTRA_SCORERS entry {entry.get('name', entry)!r}: "
                + ", ".join(
                    part
                    for part in (
                        f"missing {sorted(missing)}" if missing else "",
                        f"unknown {sorted(unknown)}" if unknown else "",
                    )
                    if part
                )
            )
        path = Path(entry["classifier_path"])
        encoder = SentenceEncoder(
            entry["model_path"],
            entry["tokenizer_path"],
            int(entry.get("max_tokens") or _fitted_max_tokens(path)),
        )
        scorers.append(
            classifier.Scorer(
                str(entry["name"]), encoder, functools.partial(classifier.read_classifier, path)
            )
        )
    return tuple(scorers)


def _fitted_max_tokens(classifier_path: Path) -> int:
    """The token limit the classifier was fitted with (a scorer configured without one reads as
    it was fitted), else the default."""
    try:
        fitted = classifier.read_classifier(classifier_path).encoder.get("max_tokens")
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_MAX_TOKENS
    return int(fitted) if isinstance(fitted, int) else DEFAULT_MAX_TOKENS
