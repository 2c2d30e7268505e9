"""The incitement model: a classifier over the sentence embedding holds what reads like a call
for violence even with no word a rule knows (veiled threats, dehumanising comparisons).

It holds for a person, never rejects: even the best threshold holds some civil comments. The
threshold is the policy's (`Policy.model_threshold`) when set, else the one chosen when the
classifier was fitted (`training.py`).

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


def check(draft: Draft) -> list[Reason]:
    reasons = []
    threshold = getattr(draft.policy, "model_threshold", None)
    if threshold is None:
        threshold = classifier.current().threshold
    probability = classifier.incitement_probability(draft.text)
    if probability >= threshold:
        reasons.append(_reason("violence.model", "The incitement model", probability, threshold))
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
        encoder = SentenceEncoder(
            entry["model_path"],
            entry["tokenizer_path"],
            int(entry.get("max_tokens", DEFAULT_MAX_TOKENS)),
        )
        path = Path(entry["classifier_path"])
        scorers.append(
            classifier.Scorer(
                str(entry["name"]), encoder, functools.partial(classifier.read_classifier, path)
            )
        )
    return tuple(scorers)
