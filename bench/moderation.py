"""How well the moderation text pipeline tells incitement from civil comments, and how fast.

Runs every line of the evaluation set (`bench/data/moderation_eval.jsonl`: {"text", "label":
"incitement" | "civil", "kind"}; never train on it, never tune a rule on one of its lines; or
the second set, `--evaluation bench/data/moderation_eval_2.jsonl`, written in December 2026 to
check a setting chosen on the first; or the third, `bench/data/moderation_eval_3.jsonl`, written
before the current model was scored and scored only once the default was chosen on the first two:
it chooses nothing; `--evaluation` given more than once scores the sets together) through
the pipeline, one comment at a time on one core, with each comment built as `gazette moderation
check` builds it: the default Policy(), no author (an empty history), no article. Only the phases
that need no database run (length, words, links, form_signals, new_account, incitement_rules,
incitement_model, profanity, those of them that exist and are in settings.MODERATION_PHASES):
velocity, duplicates and flags read the database and say nothing about the text; new_account
adds nothing here (no author, post-moderation).

Prints the ROC AUC of the model's scores (and of its two parts: the sentence embedding's
classifier and the n-gram model) and, for "held or rejected" against the labels: precision and
recall on incitement for the rules alone, the model alone, the two together and the whole
pipeline; the share of civil comments held, overall and per kind; the same for the rules and the
model at each civil-held share the classifier records (MODERATION_MODEL_MAX_CIVIL_HELD, for an
operator weighing the trade-off); how many lines of each kind were misclassified (counts only,
never the texts, so that nobody tunes on them); the latency per comment (p50/p99, wall and CPU
time) of the whole pipeline and of the model alone; the time to load the model; and the
peak resident memory. Targets: recall >= 0.95, civil held <= 5 %, p99 <= 5 ms of CPU time
(wall time is printed too; on a shared machine it adds the waits for a core).

    .venv/bin/python bench/moderation.py [--passes 3] [--cpu 1] [--evaluation PATH]...

The shipped classifier is used (`gazette/moderation/model/classifier.json`), not an operator's
retrained one: the data directory is a fresh temporary one.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVALUATION = ROOT / "bench" / "data" / "moderation_eval.jsonl"
# Written after a default setting (7 %) was chosen on the first set, to check that choice: it held
# 8.8 % of this set's civil comments, and the default is now chosen on the two sets together.
SECOND_EVALUATION = ROOT / "bench" / "data" / "moderation_eval_2.jsonl"
# Written before the current model was scored, scored once the default had been chosen on the
# first two sets: it chooses nothing.
THIRD_EVALUATION = ROOT / "bench" / "data" / "moderation_eval_3.jsonl"
NO_DATABASE = (
    "length",
    "words",
    "links",
    "form_signals",
    "new_account",
    "incitement_rules",
    "incitement_model",
    "profanity",
)
TARGET_RECALL, TARGET_CIVIL_HELD, TARGET_P99_MS = 0.95, 0.05, 5.0


def set_up(cpu: int) -> None:
    os.sched_setaffinity(0, {cpu})
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="gazette.config.settings.base",
        GAZETTE_DATA_DIR=tempfile.mkdtemp(prefix="gazette-bench-"),
        SECRET_KEY="bench-" + "x" * 50,
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[98]


def timed(function, *args) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    result = function(*args)
    return result, (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def model_auc_line(model, rows: list[dict], labels: list[bool], blended: list[float]) -> str:
    """ROC AUC of the model's scores, and of its two parts' (the sentence embedding's classifier
    and the n-gram model, each the highest over a comment's pieces, as the site reads them)."""
    from sklearn.metrics import roc_auc_score

    from gazette.moderation import classifier, embedding

    line = f"model ROC AUC {roc_auc_score(labels, blended):.4f}"
    if model.ngrams is None:
        return line
    encoder = embedding.default_encoder()
    size = int(encoder.max_tokens * classifier.CHARACTERS_PER_TOKEN)
    sentence, ngram = [], []
    for row in rows:
        read = classifier.pieces(
            classifier.model_input(row["text"]), size, classifier.WHOLE_CHARACTERS, bridged=True
        )
        parts = model.log_odds(encoder.encode(read), read)
        sentence.append(float(parts[0].max()))
        ngram.append(float(parts[1].max()))
    return (
        f"{line} (sentence embedding alone {roc_auc_score(labels, sentence):.4f}, n-grams alone "
        f"{roc_auc_score(labels, ngram):.4f}, blended at n-gram share {model.ngram_share})"
    )


def figures_line(name: str, held: list[bool], labels: list[bool]) -> str:
    true_positive = sum(h and label for h, label in zip(held, labels, strict=True))
    false_positive = sum(h and not label for h, label in zip(held, labels, strict=True))
    incitement = sum(labels)
    civil = len(labels) - incitement
    precision = true_positive / (true_positive + false_positive) if held.count(True) else 0.0
    recall = true_positive / incitement
    return (
        f"  {name:24} precision {precision:5.3f}   recall {recall:5.3f}   "
        f"civil held {false_positive / civil:6.1%}  ({false_positive} of {civil})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passes", type=int, default=3, help="timed passes over the set")
    parser.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)))
    parser.add_argument(
        "--evaluation",
        type=Path,
        action="append",
        metavar="PATH",
        help=f"a labelled set; give it more than once to score sets together (default "
        f"{EVALUATION.relative_to(ROOT)}; the second: {SECOND_EVALUATION.relative_to(ROOT)}; "
        f"the third: {THIRD_EVALUATION.relative_to(ROOT)})",
    )
    args = parser.parse_args()
    evaluations = args.evaluation or [EVALUATION]
    set_up(args.cpu)

    from django.conf import settings
    from django.test import override_settings
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from gazette.moderation import classifier, embedding, pipeline, queries, training
    from gazette.moderation.phases.incitement_model import hold_threshold
    from gazette.moderation.policies import Policy
    from gazette.moderation.text import normalise

    started = time.perf_counter()
    embedding.default_encoder().encode(["load"])
    encoder_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model = classifier.current()
    classifier_seconds = time.perf_counter() - started

    names = [path.rsplit(".", 1)[-1] for path in settings.MODERATION_PHASES]
    ran = [name for name in names if name in NO_DATABASE]
    phases = {name: import_string(f"gazette.moderation.phases.{name}.check") for name in ran}
    rows = [
        json.loads(line)
        for evaluation in evaluations
        for line in evaluation.read_text(encoding="utf-8").splitlines()
        if line
    ]
    labels = [row["label"] == "incitement" for row in rows]
    policy = Policy()

    def draft_for(text: str) -> pipeline.Draft:
        now = timezone.now()
        return pipeline.Draft(
            text=text,
            normalised=normalise(text),
            policy=policy,
            now=now,
            history=queries.author_history(None, policy, now),
        )

    def held_by(verdict: pipeline.Verdict) -> bool:
        return verdict.decision >= pipeline.Decision.HOLD

    def seen_by_a_moderator(verdict: pipeline.Verdict) -> bool:
        """Held, or published but queued for review (the model's review band)."""
        return held_by(verdict) or any(
            reason.category == pipeline.Category.VIOLENCE for reason in verdict.reasons
        )

    checks = list(phases.values())
    held: dict[str, list[bool]] = {"rules": [], "model": [], "rules and model": [], "pipeline": []}
    reviewed: dict[str, list[bool]] = {"model": [], "pipeline": []}
    pipeline_ms: list[tuple[float, float]] = []
    model_ms: list[tuple[float, float]] = []
    probabilities: list[float] = []
    rules_check = phases.get("incitement_rules")
    model_check = phases.get("incitement_model")
    for row in rows:  # the figures, and a warm-up for the timings
        draft = draft_for(row["text"])
        rules = rules_check is not None and held_by(pipeline.evaluate(draft, [rules_check]))
        model_verdict = pipeline.evaluate(draft, [model_check] if model_check else [])
        whole = pipeline.evaluate(draft, checks)
        held["rules"].append(rules)
        held["model"].append(held_by(model_verdict))
        held["rules and model"].append(rules or held_by(model_verdict))
        held["pipeline"].append(held_by(whole))
        reviewed["model"].append(seen_by_a_moderator(model_verdict))
        reviewed["pipeline"].append(seen_by_a_moderator(whole))
        probabilities.append(classifier.incitement_probability(row["text"]))
    for _ in range(args.passes):
        for row in rows:
            _, wall, cpu = timed(
                lambda text: pipeline.evaluate(draft_for(text), checks), row["text"]
            )
            pipeline_ms.append((wall, cpu))
            _, wall, cpu = timed(classifier.incitement_probability, row["text"])
            model_ms.append((wall, cpu))
    # Before the figures below import scikit-learn (ROC AUC), which the site never loads.
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"{len(rows)} evaluation comments ({sum(labels)} incitement, {len(rows) - sum(labels)} "
        f"civil); phases run: {', '.join(ran)}"
    )
    print(
        f"model: held from {hold_threshold(model):.3f}, queued for review from "
        f"{model.threshold:.3f}; trained on {model.training.get('size')} examples (sha256 "
        f"{model.training.get('sha256', '')[:12]}), created {model.created}"
    )
    print(model_auc_line(model, rows, labels, probabilities))
    print("Incitement, held or rejected:")
    for name, flags in held.items():
        print(figures_line(name, flags, labels))

    print("Incitement, held, rejected or published and queued for review:")
    for name, flags in reviewed.items():
        print(figures_line(name, flags, labels))

    print(
        "Rules and model, held, at other settings of MODERATION_MODEL_MAX_CIVIL_HELD (the share "
        "of civil comments the\nmodel's cross-validation held; the default is the largest "
        "whose civil share stayed within 5 % on the\nfirst two sets together, every civil demo "
        "comment published):"
    )
    for limit in training.CIVIL_HELD_LIMITS:
        with override_settings(MODERATION_MODEL_MAX_CIVIL_HELD=limit):
            threshold = hold_threshold(model)
        flags = [
            rules or probability >= threshold
            for rules, probability in zip(held["rules"], probabilities, strict=True)
        ]
        print(figures_line(f"{limit:.1%}: from {threshold:.3f}", flags, labels))

    print("Civil comments held by the pipeline (and held or queued), per kind:")
    kinds = Counter(row["kind"] for row in rows if row["label"] == "civil")
    civil_held = Counter(
        row["kind"]
        for row, flag in zip(rows, held["pipeline"], strict=True)
        if flag and row["label"] == "civil"
    )
    civil_queued = Counter(
        row["kind"]
        for row, flag in zip(rows, reviewed["pipeline"], strict=True)
        if flag and row["label"] == "civil"
    )
    for kind, total in sorted(kinds.items()):
        print(
            f"  {kind:24} {civil_held[kind] / total:6.1%}  ({civil_held[kind]} of {total})"
            f"   {civil_queued[kind] / total:6.1%}  ({civil_queued[kind]})"
        )

    print("Misclassified by the pipeline, per kind (counts only):")
    missed = Counter(
        row["kind"]
        for row, flag, label in zip(rows, held["pipeline"], labels, strict=True)
        if flag != label
    )
    all_kinds = Counter(row["kind"] for row in rows)
    for kind, total in sorted(all_kinds.items()):
        label = "incitement passed" if kind not in kinds else "civil held"
        print(f"  {kind:24} {missed[kind]:3} of {total:3}  ({label})")

    print(f"Latency per comment, one core (cpu {args.cpu}), {args.passes} passes, ms:")
    for name, timings in (("pipeline", pipeline_ms), ("model alone", model_ms)):
        wall_p50, wall_p99 = percentiles([wall for wall, _ in timings])
        cpu_p50, cpu_p99 = percentiles([cpu for _, cpu in timings])
        print(
            f"  {name:12} wall p50 {wall_p50:6.2f}  p99 {wall_p99:6.2f} | "
            f"cpu p50 {cpu_p50:6.2f}  p99 {cpu_p99:6.2f}"
        )
    print(
        f"load: encoder {encoder_seconds:.2f} s, classifier {classifier_seconds * 1000:.1f} ms; "
        f"peak RSS {peak_rss_mib:.0f} MiB"
    )
    recall = sum(h and label for h, label in zip(held["pipeline"], labels, strict=True)) / sum(
        labels
    )
    civil_share = sum(civil_held.values()) / sum(kinds.values())
    # Judged on CPU time: what one core spends on a comment. Wall time adds the waits for a core
    # that other processes on a shared machine hold, which is the machine's load, not Gazette's.
    p99 = percentiles([cpu for _, cpu in pipeline_ms])[1]
    p99_wall = percentiles([wall for wall, _ in pipeline_ms])[1]
    print(
        f"targets: recall {recall:.3f} {'met' if recall >= TARGET_RECALL else 'MISSED'} "
        f"(>= {TARGET_RECALL}), civil held {civil_share:.1%} "
        f"{'met' if civil_share <= TARGET_CIVIL_HELD else 'MISSED'} (<= {TARGET_CIVIL_HELD:.0%}), "
        f"p99 {p99:.1f} ms of CPU {'met' if p99 <= TARGET_P99_MS else 'MISSED'} "
        f"(<= {TARGET_P99_MS} ms; wall p99 {p99_wall:.1f} ms)"
    )


if __name__ == "__main__":
    main()
