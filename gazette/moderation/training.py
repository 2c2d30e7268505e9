"""Fitting the incitement classifier, and refitting it on the newsroom's own moderator decisions.

The examples are short comments labelled "incitement" or "civil": the bundled set
(`data/training.jsonl`, with the traps of the moderation notes: war reporting, idioms, opinions
about violence, quotes, sarcasm, grief, political anger) and, when retraining, the comments a
moderator decided. The model is scikit-learn's logistic regression on the sentence embedding of
each example's normalised text, with balanced class weights (the two labels count the same
whatever their numbers), blended with a second logistic regression on the text's word and
character n-grams (`ngrams.py`), written as plain JSON (`classifier.Classifier`).

The shipped model is fitted by `model/finetune.py`, which first fine-tunes the sentence model
itself on the same examples (a maintainer's step, with torch) and then calls `summarise` here
with probabilities cross-validated through both steps. This module refits only the logistic
regression on the shipped encoder: for the newsroom's decisions (`retrain_from_decisions`, which
keeps the shipped n-gram model and its share), or with `python -m gazette.moderation.training`
when the encoder is not to be fine-tuned again (which refits the n-gram model too).
Refitting on the fine-tuned encoder sees the bundled examples as that encoder learnt them (their
cross-validated scores are too confident), so retraining chooses the threshold on the
cross-validated scores of the moderator decisions alone, which the encoder never saw, for the
model alone (so few decisions, most of them held by the rules too, would otherwise leave the
threshold to a handful); the comparison on held-out decisions, with the rules counted as the
site counts them, then decides whether the retrained model is kept.

The threshold is chosen on cross-validation folds of the training data only, scored by the int8
model we ship (the same `embedding` the site runs), never on the evaluation set: each example is
scored by a model fitted without it, and the threshold is the highest at which TARGET_RECALL of
the incitement examples are held, so that as few civil comments as possible are held with them.
An incitement example the rule phase (`phases.incitement_rules`) already holds is counted as
caught whatever the model says: the model is the rules' second net, and its threshold is set for
the two together. So after the rules change, refit the model (`python -m
gazette.moderation.training` for the shipped one).

Which decisions teach what (`newsroom_examples`): for each comment that a moderator decided and
that is still there, the moderator's latest decision (`comment_approved` or `comment_rejected`
in the audit log) labels it. Approved: civil. Rejected: incitement only when the comment's
verdict holds a reason of category "violence" (a rule or a model flagged it as a call for
violence and the moderator agreed); a comment rejected for anything else (spam, abuse,
profanity, off-topic) is left out, since it would teach the model that spam is incitement.
So a call for violence that no check flagged and readers reported is not learned from: add such
comments to the bundled set by hand.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from . import classifier as classifier_module
from . import embedding, ngrams
from .classifier import Classifier
from .ngrams import NgramModel

TRAINING_PATH = Path(__file__).resolve().parent / "data" / "training.jsonl"
INCITEMENT, CIVIL = "incitement", "civil"
LABELS = (INCITEMENT, CIVIL)

TARGET_RECALL = 0.95
# Recall targets whose thresholds and civil-held shares are recorded in the model's metrics
# ("operating_points"), for choosing Policy.model_threshold with the trade-off in view.
# Every 2 points of recall, so that a civil-held limit (settings.MODERATION_MODEL_MAX_CIVIL_HELD)
# finds a point near it.
OPERATING_POINTS = tuple(round(0.5 + 0.02 * step, 2) for step in range(25))  # 0.50 ... 0.98
# Shares of civil comments held, for each of which the lowest threshold within it is recorded
# ("civil_held_points"): settings.MODERATION_MODEL_MAX_CIVIL_HELD picks one.
CIVIL_HELD_LIMITS = (0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1)
# A limit is recorded only when it allows at least this many civil examples to be held: on fewer
# (a retraining on a few dozen decisions) its threshold would hug the highest civil score, and
# the recall points are used instead.
MIN_CIVIL_HELD_FOR_A_POINT = 5
FOLDS = 5
# The n-gram model's share of the blended log-odds when no shipped file sets it (finetune.py
# chooses it by cross-validation).
NGRAM_SHARE = 0.5
REPEATS = 3  # cross-validation repeated with other shuffles, for a steadier threshold
REGULARISATION = (0.3, 1.0, 3.0, 10.0)  # scikit-learn's C, chosen by cross-validated ROC AUC
MIN_DECISIONS = 20  # of each kind, before retraining on the newsroom's decisions
# A retrained model may hold this much larger a share of the held-out civil comments than the
# current one before it is refused (one comment in fifty: the held-out part is small).
CIVIL_HELD_TOLERANCE = 0.02
# With fewer held-out decisions of either kind than this, the retraining report says that its
# comparison is rough (one comment moves a figure by more than 2 %).
FIRM_COMPARISON = 50


class NotEnoughData(Exception):
    """Too few moderator decisions of one kind to refit and check the model."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # INCITEMENT or CIVIL
    kind: str = ""
    source: str = "bundled"
    # One of a minimal pair (a call and a civil comment that differ in one detail), written to
    # teach the boundary: fitted on, but left out when thresholds are set, because such pairs
    # are far harder than the comments a site receives.
    contrast: bool = False

    @property
    def is_incitement(self) -> bool:
        return self.label == INCITEMENT


@dataclass(frozen=True)
class Figures:
    """How a model's holds compare with the labels: the share of incitement held (recall), the
    share of holds that were incitement (precision) and the share of civil comments held."""

    incitement: int
    civil: int
    incitement_held: int
    civil_held: int

    @classmethod
    def of(cls, held: Sequence[bool] | np.ndarray, labels: Sequence[bool] | np.ndarray) -> Figures:
        held_array, labels_array = np.asarray(held, bool), np.asarray(labels, bool)
        return cls(
            incitement=int(labels_array.sum()),
            civil=int((~labels_array).sum()),
            incitement_held=int((held_array & labels_array).sum()),
            civil_held=int((held_array & ~labels_array).sum()),
        )

    @property
    def recall(self) -> float:
        return self.incitement_held / self.incitement if self.incitement else 0.0

    @property
    def precision(self) -> float:
        held = self.incitement_held + self.civil_held
        return self.incitement_held / held if held else 0.0

    @property
    def civil_held_share(self) -> float:
        return self.civil_held / self.civil if self.civil else 0.0

    @property
    def recall_interval(self) -> tuple[float, float]:
        """The 95 % Wilson interval of the recall: where it may lie on comments like these."""
        return _wilson_interval(self.incitement_held, self.incitement)

    @property
    def civil_held_interval(self) -> tuple[float, float]:
        return _wilson_interval(self.civil_held, self.civil)

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "recall_interval": [round(bound, 4) for bound in self.recall_interval],
            "civil_held_share": round(self.civil_held_share, 4),
            "civil_held_interval": [round(bound, 4) for bound in self.civil_held_interval],
            "incitement": self.incitement,
            "civil": self.civil,
            "incitement_held": self.incitement_held,
            "civil_held": self.civil_held,
        }


def _wilson_interval(successes: int, total: int) -> tuple[float, float]:
    if not total:
        return (0.0, 1.0)
    from scipy.stats import binomtest

    interval = binomtest(successes, total).proportion_ci(confidence_level=0.95, method="wilson")
    return (float(interval.low), float(interval.high))


def read_examples(path: str | Path = TRAINING_PATH) -> list[Example]:
    """The examples of a JSON-lines file ({"text", "label", "kind"}, and "contrast": true for one
    of a minimal pair). Raises ValueError, with the
    line number, for a line that is not one."""
    examples = []
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text, label = item["text"], item["label"]
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}, line {number}: {error}") from error
            if not isinstance(text, str) or not text.strip() or label not in LABELS:
                raise ValueError(f"{path}, line {number}: needs a text and a label in {LABELS}")
            contrast = item.get("contrast", False)
            if not isinstance(contrast, bool):
                raise ValueError(f"{path}, line {number}: contrast must be true or false")
            examples.append(Example(text, label, str(item.get("kind", "")), "bundled", contrast))
    return examples


def data_sha256(examples: Sequence[Example]) -> str:
    """A hash of the texts and labels, in order: the same data gives the same model."""
    digest = hashlib.sha256()
    for example in examples:
        line = json.dumps([example.text, example.label], ensure_ascii=False)
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Embeddings of training texts, kept for the process: refitting (retraining, tests, the bench)
# embeds the same bundled examples again otherwise, at several milliseconds each.
_embedding_cache: dict[tuple[str, int, str], np.ndarray] = {}


def embed_examples(
    texts: Sequence[str], encoder: embedding.SentenceEncoder | None = None
) -> np.ndarray:
    """The embedding of each text as the model reads it: normalised, whole (a long one is read
    by its start and its end, as the encoder does; it is not cut into pieces)."""
    encoder = encoder or embedding.default_encoder()
    rows = []
    for text in texts:
        model_input = classifier_module.model_input(text)
        key = (str(encoder.model_path), encoder.max_tokens, model_input)
        if key not in _embedding_cache:
            _embedding_cache[key] = encoder.encode([model_input])[0]
        rows.append(_embedding_cache[key])
    return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


def held_by_rules(texts: Sequence[str]) -> np.ndarray:
    """Which texts the incitement rules hold (under the default policy): the model's threshold
    is set for the rules and the model together."""
    from .phases import incitement_rules
    from .pipeline import Decision, Draft
    from .policies import Policy
    from .text import normalise

    policy, now = Policy(), datetime.now(UTC)
    held = []
    for text in texts:
        draft = Draft(text=text, normalised=normalise(text), policy=policy, now=now)
        held.append(any(reason.action >= Decision.HOLD for reason in incitement_rules.check(draft)))
    return np.asarray(held, dtype=bool)


def choose_threshold(
    probabilities: np.ndarray,
    labels: np.ndarray,
    already_held: np.ndarray | None = None,
    target_recall: float = TARGET_RECALL,
) -> float:
    """The highest threshold at which at least `target_recall` of the incitement examples are
    held, counting those `already_held` (by the rules) as held whatever their probability."""
    probabilities, labels = np.asarray(probabilities, float), np.asarray(labels, bool)
    if already_held is None:
        already_held = np.zeros(len(labels), dtype=bool)
    incitement = np.sort(probabilities[labels & ~already_held])[::-1]
    needed = int(np.ceil(target_recall * labels.sum())) - int((labels & already_held).sum())
    if needed <= 0 or not incitement.size:
        return 1.0
    score = incitement[min(needed, incitement.size) - 1]
    return float(np.nextafter(score, -np.inf)) if score > 0 else 0.0


def threshold_within(
    probabilities: np.ndarray,
    labels: np.ndarray,
    already_held: np.ndarray | None,
    civil_held_limit: float,
) -> float:
    """The lowest threshold at which at most `civil_held_limit` of the civil examples are held,
    counting those `already_held` (by the rules) as held whatever their probability; above 1
    when the rules alone hold more than that."""
    probabilities, labels = np.asarray(probabilities, float), np.asarray(labels, bool)
    if already_held is None:
        already_held = np.zeros(len(labels), dtype=bool)
    civil = np.sort(probabilities[~labels & ~already_held])[::-1]
    allowed = int(np.floor(civil_held_limit * (~labels).sum())) - int(
        (~labels & already_held).sum()
    )
    if allowed < 0:
        return float(np.nextafter(1.0, np.inf))
    if allowed >= civil.size:
        return 0.0
    return float(np.nextafter(civil[allowed], np.inf))


@dataclass
class Fitted:
    """A fitted classifier and its cross-validated probabilities (each example scored by a model
    fitted without it), for the figures."""

    classifier: Classifier
    cross_validated: np.ndarray = field(repr=False)


def fit(
    examples: Sequence[Example],
    *,
    encoder: embedding.SentenceEncoder | None = None,
    seed: int = 7,
    rules: Callable[[Sequence[str]], np.ndarray] | None = held_by_rules,
    target_recall: float = TARGET_RECALL,
    calibrate_on: Sequence[bool] | None = None,
    calibrated_on: str = "examples the encoder never saw",
    ngram_model: NgramModel | None = None,
    ngram_logits: np.ndarray | None = None,
    ngram_share: float = 0.0,
) -> Fitted:
    """Fit the classifier on `examples` and choose its threshold by cross-validation (see the
    module docstring). `rules=None` sets the threshold for the model alone. `calibrate_on`, a
    flag per example, limits the threshold's choice (and the figures) to the flagged examples:
    those the encoder was not fine-tuned on, whose cross-validated scores are honest.

    With an n-gram model (`ngram_model`, fitted beforehand), the classifier blends its log-odds
    with the embedding's at `ngram_share`, and the threshold is chosen on the blend of the
    embedding's cross-validated scores and `ngram_logits`: the n-gram model's log-odds of each
    example from a model that never saw it (at least for the examples `calibrate_on` flags)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import RepeatedStratifiedKFold
    from threadpoolctl import threadpool_limits

    encoder = encoder or embedding.default_encoder()
    labels = np.array([example.is_incitement for example in examples], dtype=bool)
    counts = Counter(example.label for example in examples)
    if min(counts[INCITEMENT], counts[CIVIL]) < FOLDS:
        raise NotEnoughData(
            f"Fitting needs at least {FOLDS} examples of each label; there are "
            f"{counts[INCITEMENT]} incitement and {counts[CIVIL]} civil."
        )
    texts = [example.text for example in examples]
    features = embed_examples(texts, encoder)

    def model(regularisation: float) -> LogisticRegression:
        return LogisticRegression(
            C=regularisation, class_weight="balanced", max_iter=5000, random_state=seed
        )

    def cross_validated(regularisation: float) -> np.ndarray:
        folds = RepeatedStratifiedKFold(n_splits=FOLDS, n_repeats=REPEATS, random_state=seed)
        total = np.zeros(len(examples))
        for train, test in folds.split(features, labels):
            fitted = model(regularisation).fit(features[train], labels[train])
            total[test] += fitted.predict_proba(features[test])[:, 1]
        return total / REPEATS

    # One BLAS thread: these problems are small, and more threads only contend for the cores.
    with threadpool_limits(1):
        scored = {c: cross_validated(c) for c in REGULARISATION}
        best = max(REGULARISATION, key=lambda c: roc_auc_score(labels, scored[c]))
        final = model(best).fit(features, labels)
    probabilities = scored[best]
    if ngram_model is not None:
        if ngram_logits is None or len(ngram_logits) != len(examples):
            raise ValueError("An n-gram model needs its log-odds of each example.")
        probabilities = classifier_module.blended_probabilities(
            probabilities, ngram_logits, ngram_share
        )
    already_held = rules(texts) if rules is not None else np.zeros(len(texts), dtype=bool)
    method = (
        f"{FOLDS}-fold cross-validation repeated {REPEATS} times on the training data; "
        f"threshold: the highest holding {target_recall:.0%} of incitement"
        + (" with the rules" if rules is not None else "")
    )
    classifier = summarise(
        examples,
        weights=final.coef_[0],
        bias=float(final.intercept_[0]),
        cross_validated=probabilities,
        already_held=already_held,
        encoder=encoder,
        method=method,
        target_recall=target_recall,
        extra_metrics={"regularisation_c": best},
        calibrate_on=calibrate_on,
        calibrated_on=calibrated_on,
        ngram_model=ngram_model,
        ngram_share=ngram_share,
    )
    return Fitted(classifier, probabilities)


def summarise(
    examples: Sequence[Example],
    *,
    weights: np.ndarray,
    bias: float,
    cross_validated: np.ndarray,
    already_held: np.ndarray,
    encoder: embedding.SentenceEncoder,
    method: str,
    target_recall: float = TARGET_RECALL,
    extra_metrics: dict | None = None,
    calibrate_on: Sequence[bool] | None = None,
    calibrated_on: str = "examples the encoder never saw",
    ngram_model: NgramModel | None = None,
    ngram_share: float = 0.0,
) -> Classifier:
    """The classifier with `weights` and `bias` (and `ngram_model` blended at `ngram_share`),
    its threshold chosen on `cross_validated` probabilities (each example scored by a model
    fitted without it) with the examples the rules hold (`already_held`) counted as held, and
    its figures at that threshold and at the other OPERATING_POINTS and CIVIL_HELD_LIMITS; all on
    the examples flagged in `calibrate_on` when it is given (described in the method as
    `calibrated_on`)."""
    from sklearn.metrics import roc_auc_score

    counts = Counter(example.label for example in examples)
    training_facts = {
        "sha256": data_sha256(examples),
        "size": len(examples),
        "incitement": counts[INCITEMENT],
        "civil": counts[CIVIL],
        "sources": dict(Counter(example.source for example in examples)),
    }
    probabilities = np.asarray(cross_validated, dtype=float)
    already_held = np.asarray(already_held, dtype=bool)
    if calibrate_on is not None:
        kept = np.asarray(calibrate_on, dtype=bool)
        examples = [example for example, keep in zip(examples, kept, strict=True) if keep]
        probabilities, already_held = probabilities[kept], already_held[kept]
        method += f"; threshold and figures on the {len(examples)} {calibrated_on}"
    labels = np.array([example.is_incitement for example in examples], dtype=bool)
    threshold = choose_threshold(probabilities, labels, already_held, target_recall)
    model_alone = Figures.of(probabilities >= threshold, labels)
    with_rules = Figures.of((probabilities >= threshold) | already_held, labels)
    # Other thresholds, for an operator weighing recall against civil comments held
    # (Policy.model_threshold): cross-validated, with the rules, like the chosen one.
    operating_points = []
    for recall in OPERATING_POINTS:
        point = choose_threshold(probabilities, labels, already_held, recall)
        figures = Figures.of((probabilities >= point) | already_held, labels)
        operating_points.append(
            {
                "threshold": round(point, 4),
                "recall": round(figures.recall, 4),
                "civil_held_share": round(figures.civil_held_share, 4),
            }
        )
    civil_held_points = []
    for limit in CIVIL_HELD_LIMITS:
        if limit * (~labels).sum() < MIN_CIVIL_HELD_FOR_A_POINT:
            continue
        # Rounded up, as stored: the civil example at the boundary stays below it.
        point = math.ceil(threshold_within(probabilities, labels, already_held, limit) * 1e6) / 1e6
        figures = Figures.of((probabilities >= point) | already_held, labels)
        civil_held_points.append(
            {
                "civil_held_limit": limit,
                "threshold": point,
                "recall": round(figures.recall, 4),
                "civil_held_share": round(figures.civil_held_share, 4),
            }
        )
    by_kind = {}
    for kind in sorted({example.kind for example in examples if example.kind}):
        mask = np.array([example.kind == kind for example in examples])
        by_kind[kind] = round(float((probabilities[mask] >= threshold).mean()), 4)
    return Classifier(
        weights=np.asarray(weights, dtype=np.float64),
        bias=float(bias),
        threshold=math.floor(threshold * 1e6) / 1e6,  # rounded down: the boundary stays held
        ngrams=ngram_model,
        ngram_share=ngram_share if ngram_model is not None else 0.0,
        encoder={
            "model": encoder.model_path.name,
            "sha256": file_sha256(encoder.model_path),
            "max_tokens": encoder.max_tokens,
            "input": "text.normalise",
        },
        training=training_facts,
        metrics={
            "method": method,
            **(extra_metrics or {}),
            **({"ngram_share": ngram_share} if ngram_model is not None else {}),
            "roc_auc": round(float(roc_auc_score(labels, probabilities)), 4),
            "model_alone": model_alone.as_dict(),
            "with_rules": with_rules.as_dict(),
            "rules_alone": Figures.of(already_held, labels).as_dict(),
            "held_share_by_kind": by_kind,
            "operating_points": operating_points,
            "civil_held_points": civil_held_points,
        },
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )


# --- Retraining on the newsroom's decisions -------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    """The newsroom's labelled comments and what was left out."""

    examples: list[Example]
    approved: int
    rejected_for_violence: int
    rejected_otherwise: int


def newsroom_examples() -> Decisions:
    """Each decided comment labelled by the moderator's latest decision (module docstring)."""
    from django.db.models import OuterRef, Subquery

    from gazette.comments.models import Comment

    from .models import AuditEvent

    decisions = (
        AuditEvent.objects.filter(
            comment=OuterRef("pk"),
            action__in=[AuditEvent.Action.COMMENT_APPROVED, AuditEvent.Action.COMMENT_REJECTED],
        )
        .order_by("-created", "-id")
        .values("action")[:1]
    )
    rows = (
        Comment.objects.exclude(status=Comment.Status.DELETED)
        .annotate(decision=Subquery(decisions))
        .filter(decision__isnull=False)
        .order_by("pk")
        .values_list("pk", "body", "decision", "verdict__reasons")
    )
    examples, approved, violence, otherwise = [], 0, 0, 0
    for pk, body, decision, reasons in rows:
        if not body.strip():
            continue
        if decision == AuditEvent.Action.COMMENT_APPROVED:
            examples.append(Example(body, CIVIL, "approved", f"comment {pk}"))
            approved += 1
        elif any(reason.get("category") == "violence" for reason in reasons or []):
            examples.append(Example(body, INCITEMENT, "rejected", f"comment {pk}"))
            violence += 1
        else:
            otherwise += 1
    return Decisions(examples, approved, violence, otherwise)


@dataclass(frozen=True)
class Report:
    decisions: Decisions
    bundled: int
    trained_on: int
    held_out: int
    before: Figures
    after: Figures
    before_threshold: float
    after_threshold: float
    before_source: str
    replaced: bool
    dry_run: bool
    why: str
    path: Path

    def as_text(self) -> str:
        d = self.decisions
        lines = [
            f"Moderator decisions: {d.approved} approved (civil), {d.rejected_for_violence} "
            f"rejected with a violence reason (incitement); {d.rejected_otherwise} rejected for "
            "other reasons left out.",
            f"Fitted on {self.bundled} bundled examples and {self.trained_on} decisions; "
            f"compared on {self.held_out} held-out decisions ({self.after.incitement} "
            f"incitement, {self.after.civil} civil).",
            "",
            f"{'On the held-out decisions':34}{'precision':>10}{'recall':>8}"
            f"{'civil held':>12}{'threshold':>11}",
        ]
        for label, figures, threshold in (
            (f"current model ({self.before_source})", self.before, self.before_threshold),
            ("retrained model", self.after, self.after_threshold),
        ):
            lines.append(
                f"{label:34}{figures.precision:>10.2f}{figures.recall:>8.2f}"
                f"{figures.civil_held_share:>11.1%}{threshold:>11.3f}"
            )
        lines.append("")
        lines.append("Where the figures may lie on comments like these (95 % intervals):")
        for label, figures in (("current model", self.before), ("retrained model", self.after)):
            (recall_low, recall_high), (civil_low, civil_high) = (
                figures.recall_interval,
                figures.civil_held_interval,
            )
            lines.append(
                f"  {label:18}recall {recall_low:.2f} to {recall_high:.2f}, civil held "
                f"{civil_low:.1%} to {civil_high:.1%}"
            )
        fewest = min(self.after.incitement, self.after.civil)
        if fewest < FIRM_COMPARISON:
            lines.append(
                f"With {self.after.incitement} calls and {self.after.civil} civil comments held "
                f"out, one comment moves a figure by {1 / max(fewest, 1):.0%}: the comparison is "
                f"rough. It firms up as moderators decide more comments (from "
                f"{FIRM_COMPARISON} of each kind held out)."
            )
        lines.append("")
        lines.append(self.why)
        return "\n".join(lines) + "\n"


def retrain_from_decisions(
    *,
    holdout: float = 0.25,
    seed: int = 7,
    dry_run: bool = False,
    base_path: str | Path = TRAINING_PATH,
) -> Report:
    """Refit the classifier on the bundled examples (`base_path`) and a part of the newsroom's
    decisions, compare it with the current one on the other part (`holdout`, stratified), and
    write it (and audit it) unless it holds fewer incitement or clearly more civil comments
    there, or `dry_run`.

    Raises NotEnoughData with fewer than MIN_DECISIONS decisions of either kind, ValueError for
    a holdout outside (0, 1) or a malformed `base_path`."""
    from django.db import transaction
    from django.utils import timezone
    from sklearn.model_selection import train_test_split

    from .models import AuditEvent

    if not 0.0 < holdout < 1.0:
        raise ValueError("holdout must be a fraction between 0 and 1.")
    decisions = newsroom_examples()
    if min(decisions.approved, decisions.rejected_for_violence) < MIN_DECISIONS:
        raise NotEnoughData(
            f"Retraining needs at least {MIN_DECISIONS} moderator decisions of each kind; there "
            f"are {decisions.approved} approved comments and {decisions.rejected_for_violence} "
            "comments rejected with a violence reason"
            + (
                f" ({decisions.rejected_otherwise} rejected for other reasons do not count)."
                if decisions.rejected_otherwise
                else "."
            )
        )
    bundled = read_examples(base_path)
    train, held_out = train_test_split(
        decisions.examples,
        test_size=holdout,
        random_state=seed,
        stratify=[example.label for example in decisions.examples],
    )
    encoder = embedding.default_encoder()
    # The shipped n-gram model is kept as it is: fitted on the bundled examples, it never saw the
    # decisions, so its scores of them are honest; a few dozen decisions would barely move it.
    shipped = classifier_module.read_classifier(classifier_module.BUNDLED_PATH)
    examples = [*bundled, *train]
    # The shipped encoder was fine-tuned on the bundled examples, so only the decisions' scores
    # can set an honest threshold (module docstring).
    fitted = fit(
        examples,
        encoder=encoder,
        seed=seed,
        # Few decisions set it, so the model is to hold them without counting on the rules.
        rules=None,
        calibrate_on=[False] * len(bundled) + [True] * len(train),
        **_shipped_ngrams(shipped, examples),
    ).classifier

    path = classifier_module.retrained_path()
    current = classifier_module.current()
    before_source = "shipped" if current is shipped else "retrained"
    held_out_texts = [example.text for example in held_out]
    labels = [example.is_incitement for example in held_out]
    scorer = classifier_module.Scorer("model", encoder, lambda: current)
    before_probabilities = np.asarray(scorer.probabilities(held_out_texts))
    scorer.classifier = lambda: fitted
    after_probabilities = np.asarray(scorer.probabilities(held_out_texts))
    # Compared as the site holds: by the model or by the rules, as the thresholds were chosen.
    by_rules = held_by_rules(held_out_texts)
    before = Figures.of((before_probabilities >= current.threshold) | by_rules, labels)
    after = Figures.of((after_probabilities >= fitted.threshold) | by_rules, labels)

    worse = []
    if after.recall < before.recall:
        worse.append(
            f"it holds less of the incitement ({after.recall:.0%} against {before.recall:.0%})"
        )
    if after.civil_held_share > before.civil_held_share + CIVIL_HELD_TOLERANCE:
        worse.append(
            f"it holds more of the civil comments ({after.civil_held_share:.1%} against "
            f"{before.civil_held_share:.1%}, more than the {CIVIL_HELD_TOLERANCE:.0%} allowed)"
        )
    if worse:
        why = "Kept the current model: the retrained one is worse on the held-out decisions: " + (
            "; ".join(worse) + "."
        )
    elif dry_run:
        why = f"Dry run: the retrained model would replace the current one at {path}."
    else:
        fitted = _with_retraining_metrics(fitted, before, after, holdout, seed)
        with transaction.atomic():
            AuditEvent.objects.create(
                created=timezone.now(),
                action=AuditEvent.Action.MODEL_RETRAINED,
                reason=(
                    f"Incitement classifier refitted on {len(train)} moderator decisions; on "
                    f"{len(held_out)} held out: recall {before.recall:.2f} -> {after.recall:.2f}, "
                    f"civil held {before.civil_held_share:.1%} -> {after.civil_held_share:.1%}."
                ),
                data={
                    "path": str(path),
                    "before": before.as_dict(),
                    "after": after.as_dict(),
                    "threshold": fitted.threshold,
                    "training": fitted.training,
                },
            )
            fitted.write(path)
        why = (
            f"Wrote the retrained model to {path}; Gazette uses it from the next comment on "
            f"(delete the file to go back to the shipped model)."
        )
    return Report(
        decisions=decisions,
        bundled=len(bundled),
        trained_on=len(train),
        held_out=len(held_out),
        before=before,
        after=after,
        before_threshold=current.threshold,
        after_threshold=fitted.threshold,
        before_source=before_source,
        replaced=not worse and not dry_run,
        dry_run=dry_run,
        why=why,
        path=path,
    )


def _with_retraining_metrics(fitted, before, after, holdout, seed) -> Classifier:
    from dataclasses import replace

    metrics = {
        **fitted.metrics,
        "held_out_decisions": {
            "holdout": holdout,
            "seed": seed,
            "previous_model": before.as_dict(),
            "this_model": after.as_dict(),
        },
    }
    return replace(fitted, metrics=metrics)


# --- The shipped model --------------------------------------------------------------------------


def _shipped_ngrams(shipped: Classifier, examples: Sequence[Example]) -> dict:
    """fit()'s n-gram arguments for refitting with the shipped n-gram model kept as it is."""
    if shipped.ngrams is None:
        return {}
    texts = [classifier_module.model_input(example.text) for example in examples]
    return {
        "ngram_model": shipped.ngrams,
        "ngram_logits": shipped.ngrams.logits(texts),
        "ngram_share": shipped.ngram_share,
    }


def cross_validated_ngrams(
    texts: Sequence[str], labels: np.ndarray, folds: Iterable[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    """The n-gram model's log-odds of each normalised text (`classifier.model_input`), from a
    model fitted on the other folds."""
    scored = np.zeros(len(texts))
    for train, test in folds:
        model = ngrams.fit([texts[i] for i in train], labels[train])
        scored[test] = model.logits([texts[i] for i in test])
    return scored


def fit_bundled(path: str | Path = classifier_module.BUNDLED_PATH) -> Classifier:
    """Fit the shipped classifier on `data/training.jsonl` and write it to `path`: the encoder
    as it is; the n-gram model refitted, blended at the shipped file's share."""
    from sklearn.model_selection import StratifiedKFold

    examples = read_examples(TRAINING_PATH)
    try:
        shipped = classifier_module.read_classifier(classifier_module.BUNDLED_PATH)
        share = shipped.ngram_share if shipped.ngrams is not None else NGRAM_SHARE
    except (OSError, ValueError, KeyError, TypeError):
        share = NGRAM_SHARE  # no shipped file to keep the share of (a fresh checkout's mishap)
    texts = [classifier_module.model_input(example.text) for example in examples]
    labels = np.array([example.is_incitement for example in examples], dtype=bool)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=7).split(texts, labels)
    classifier = fit(
        examples,
        calibrate_on=[not example.contrast for example in examples],
        calibrated_on="examples that are not minimal pairs",
        ngram_model=ngrams.fit(texts, labels),
        ngram_logits=cross_validated_ngrams(texts, labels, folds),
        ngram_share=share,
    ).classifier
    classifier.write(path)
    return classifier


def main() -> None:
    """`python -m gazette.moderation.training`: refit the shipped model and print its figures."""
    classifier = fit_bundled()
    json.dump(
        {"threshold": classifier.threshold, **classifier.metrics, "training": classifier.training},
        sys.stdout,
        indent=1,
    )
    print(f"\nwrote {classifier_module.BUNDLED_PATH}")


if __name__ == "__main__":
    main()
