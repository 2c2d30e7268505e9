"""The incitement classifier: logistic regression over the sentence embedding (`embedding.py`),
blended with a logistic regression over the comment's word and character n-grams (`ngrams.py`),
which reads all of the comment's words (but the middle of a very long one).

A model is a plain JSON file: the 384 weights, the bias, the n-gram model (its vocabulary, IDF
weights and regression weights) and its share of the blended log-odds, the threshold from which
a comment is held, which encoder it was fitted on, and what it was fitted on and how it scored
(the training data's hash and size, its cross-validated figures, when). No pickle: a retrained
file is data a person can read, and loading it cannot run code.

Which file is used: the operator's retrained model (settings.MODERATION_CLASSIFIER_PATH, by
default `<GAZETTE_DATA_DIR>/moderation/classifier.json`, written by `gazette moderation retrain`)
when it exists, else the model shipped in `model/classifier.json`. A file is read once per
process and read again only when it changes on disk, so a retrained model takes effect at the
next comment without a restart. An operator's file that cannot be read, or that was fitted on
another sentence model than the one shipped (after an upgrade changed it), is logged and the
shipped model used instead: holding every comment on the site would be worse.

What the model reads is the text as the phases see it (`text.normalise`: disguised spellings
folded, lower case), both when it is fitted and when it scores. The encoder reads at most its
`max_tokens` (40 tokens: about 140 characters), the start and the end of a longer text. A comment
longer than WHOLE_CHARACTERS (448, about 80 words) is cut into pieces of about what the encoder
reads, at sentence ends, and scored piece by piece: its probability is the highest of its pieces',
so a threat in the middle of a long comment is read too. Where two pieces meet, their last and
first sentences are read together too (`pieces(bridged=True)`), so a call of two short sentences
cut by a piece's end is read whole. Each piece is one run of the encoder, under 3 ms of CPU: a
5,000-character comment (12 pieces at most: the first 11 and the last, and up to 11 bridges)
costs about 60 ms. Comments up to 448 characters are read in one run, by their start and end, so
that nearly every comment costs one run (the 5 ms budget at p99): the middle of a comment of
about 150 to 448 characters is not read by the sentence model; the n-gram model and the rules
read every word.

How the weights and the threshold are chosen: `training.py`.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

from . import embedding
from .ngrams import NgramModel
from .text import normalise

logger = logging.getLogger(__name__)

FORMAT = "gazette.moderation.classifier/1"
BUNDLED_PATH = Path(__file__).resolve().parent / "model" / "classifier.json"

# Pieces of a long comment: as many characters as the encoder's token limit holds in plain English
# (40 tokens: about 140 characters, 25 words), so that each piece is read whole; only comments
# longer than WHOLE_CHARACTERS are cut.
CHARACTERS_PER_TOKEN = 3.5
WHOLE_CHARACTERS = 448
MAX_PIECES = 12
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True)
class Classifier:
    """P(incitement) = sigmoid(weights · embedding + bias); held from `threshold`. With an n-gram
    model (`ngrams.py`), the log-odds are blended: (1 - ngram_share) × the embedding's log-odds
    + ngram_share × the n-grams'. A file without one scores by the embedding alone."""

    weights: np.ndarray
    bias: float
    threshold: float
    ngrams: NgramModel | None = None
    ngram_share: float = 0.0
    encoder: dict = field(default_factory=dict)  # model file name and max_tokens fitted on
    training: dict = field(default_factory=dict)  # sha256, size, incitement, civil, sources
    metrics: dict = field(default_factory=dict)  # cross-validated figures at the threshold
    created: str = ""

    def probabilities(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """P(incitement) for each text (normalised, `model_input`) and its embedding."""
        sentence, ngram = self.log_odds(embeddings, texts)
        return sigmoid(sentence if ngram is None else blend(sentence, ngram, self.ngram_share))

    def log_odds(
        self, embeddings: np.ndarray, texts: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The two models' log-odds for each text: the embedding's, and the n-grams' (None
        without an n-gram model)."""
        embeddings = np.asarray(embeddings, dtype=np.float64)
        if len(embeddings) != len(texts):
            raise ValueError("one embedding per text")
        sentence = embeddings @ self.weights + self.bias
        return sentence, None if self.ngrams is None else self.ngrams.logits(texts)

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": [float(weight) for weight in self.weights],
            **(
                {"ngram_share": self.ngram_share, "ngrams": self.ngrams.as_dict()}
                if self.ngrams is not None
                else {}
            ),
            "encoder": self.encoder,
            "training": self.training,
            "metrics": self.metrics,
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Classifier:
        """Raises ValueError for anything but a well-formed classifier file."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a classifier file of format {FORMAT}")
        weights = np.asarray(data["weights"], dtype=np.float64)
        bias, threshold = float(data["bias"]), float(data["threshold"])
        if weights.ndim != 1 or not weights.size:
            raise ValueError("weights must be a non-empty list of numbers")
        if not (np.isfinite(weights).all() and math.isfinite(bias)):
            raise ValueError("weights and bias must be finite numbers")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        ngrams, ngram_share = None, 0.0
        if "ngrams" in data:
            ngrams, share = NgramModel.from_dict(data["ngrams"]), data.get("ngram_share")
            if isinstance(share, bool) or not isinstance(share, int | float):
                raise ValueError("an n-gram model needs its ngram_share, a number")
            if not 0.0 <= share <= 1.0:
                raise ValueError("ngram_share must be between 0 and 1")
            ngram_share = float(share)
        return cls(
            weights=weights,
            bias=bias,
            threshold=threshold,
            ngrams=ngrams,
            ngram_share=ngram_share,
            encoder=dict(data.get("encoder") or {}),
            training=dict(data.get("training") or {}),
            metrics=dict(data.get("metrics") or {}),
            created=str(data.get("created", "")),
        )

    @classmethod
    def read(cls, path: str | Path) -> Classifier:
        with open(path, encoding="utf-8") as file:
            return cls.from_dict(json.load(file))

    def write(self, path: str | Path) -> None:
        """Write atomically: a process reading the file sees the old model or the new one."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(self.as_dict(), file, indent=1)
                file.write("\n")
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class Scorer:
    """An encoder and the classifier fitted on its embeddings (`classifier` returns it: read
    once, and again when its file changes)."""

    def __init__(
        self, name: str, encoder: embedding.SentenceEncoder, classifier: Callable[[], Classifier]
    ) -> None:
        self.name = name
        self.encoder = encoder
        self.classifier = classifier

    def __repr__(self) -> str:
        return f"Scorer({self.name!r}, {self.encoder!r})"

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        """P(incitement) for each text, the highest over its pieces. Each text is encoded alone,
        so a score never depends on the texts scored with it."""
        classifier = self.classifier()
        size = int(self.encoder.max_tokens * CHARACTERS_PER_TOKEN)
        scores = []
        for text in texts:
            read = pieces(model_input(text), size, WHOLE_CHARACTERS, bridged=True)
            scores.append(float(classifier.probabilities(self.encoder.encode(read), read).max()))
        return scores


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -500, 500)))


def logit(probabilities: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1 - 1e-12)
    return np.log(clipped / (1.0 - clipped))


def blend(embedding_logits: np.ndarray, ngram_logits: np.ndarray, ngram_share: float) -> np.ndarray:
    """The classifier's log-odds from its two models' (Classifier.ngram_share)."""
    return (1.0 - ngram_share) * np.asarray(embedding_logits) + ngram_share * np.asarray(
        ngram_logits
    )


def blended_probabilities(
    embedding_probabilities: np.ndarray, ngram_logits: np.ndarray, ngram_share: float
) -> np.ndarray:
    """The blend of cross-validated scores, for choosing thresholds: the embedding's
    probabilities (averaged over repeated folds, so taken back to log-odds, clipped at 1e-12
    from 0 and 1) with the n-grams' log-odds."""
    return sigmoid(blend(logit(embedding_probabilities), ngram_logits, ngram_share))


def model_input(text: str) -> str:
    """What the model reads, when fitted and when scoring: the phases' normalised text."""
    return normalise(text)


def pieces(text: str, size: int, whole: int = 0, *, bridged: bool = False) -> list[str]:
    """The text whole, unless it is longer than `whole` characters or twice `size`, whichever is
    more (the encoder reads the start and the end of a text a little longer than it holds); then
    consecutive pieces of at most `size` characters cut at sentence ends (or at spaces, in a
    longer sentence): the first MAX_PIECES - 1 and the last. `bridged`: followed by the last
    sentence of each piece with the first of the next, where they fit in `size` (so a call of
    two short sentences cut by a piece's end, "They are vermin. Exterminate them.", is also read
    whole, not only each half with civil talk around it)."""
    if len(text) <= max(whole, 2 * size):
        return [text]
    sentences = []
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > size:
            cut = sentence.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            sentences.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if sentence.strip():
            sentences.append(sentence)
    groups: list[list[str]] = []
    for sentence in sentences:
        if groups and len(" ".join(groups[-1])) + 1 + len(sentence) <= size:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    kept = groups if len(groups) <= MAX_PIECES else [*groups[: MAX_PIECES - 1], groups[-1]]
    result = [" ".join(group) for group in kept]
    if bridged:
        # Only pieces that follow each other in the text: not across the middle left out.
        adjacent = groups if len(groups) <= MAX_PIECES else groups[: MAX_PIECES - 1]
        for before, after in zip(adjacent, adjacent[1:], strict=False):
            bridge = f"{before[-1]} {after[0]}"
            if len(bridge) <= size:
                result.append(bridge)
    return result


def retrained_path() -> Path:
    """Where `gazette moderation retrain` writes the operator's model."""
    configured = getattr(settings, "MODERATION_CLASSIFIER_PATH", None)
    if configured:
        return Path(configured)
    return Path(settings.DATA_DIR) / "moderation" / "classifier.json"


def active_path() -> Path:
    """The operator's retrained model when there is one, else the shipped one (and always the
    shipped one outside a configured Django project, as in `python -m ...training`)."""
    if not settings.configured:
        return BUNDLED_PATH
    retrained = retrained_path()
    return retrained if retrained.exists() else BUNDLED_PATH


def current() -> Classifier:
    """The classifier in force in this process (see the module docstring)."""
    shipped = read_classifier(BUNDLED_PATH)
    path = active_path()
    if path == BUNDLED_PATH:
        return shipped
    try:
        retrained = read_classifier(path)
    except (OSError, ValueError, KeyError, TypeError):
        logger.exception("Cannot read the retrained classifier %s; using the shipped one.", path)
        return shipped
    if retrained.encoder.get("sha256") != shipped.encoder.get("sha256"):
        # Fitted on another sentence model (Gazette's changed since): its weights mean nothing
        # on this one's embeddings.
        logger.error(
            "The retrained classifier %s was fitted on another sentence model than the one "
            "Gazette ships; using the shipped classifier. Run `gazette moderation retrain`.",
            path,
        )
        return shipped
    return retrained


def read_classifier(path: str | Path) -> Classifier:
    """The classifier in `path`, read once and again only when the file changes. Only the latest
    version of each file is kept (a classifier with its n-gram model takes about 10 MB), and at
    most READ_PATHS_KEPT files, the least recently used dropped first."""
    key, modified = str(path), _modified(path)
    with _read_lock:
        kept = _read.get(key)
        if kept is not None and kept[0] == modified:
            _read.move_to_end(key)
            return kept[1]
    classifier = Classifier.read(path)
    with _read_lock:
        _read[key] = (modified, classifier)
        _read.move_to_end(key)
        while len(_read) > READ_PATHS_KEPT:
            _read.popitem(last=False)
    return classifier


READ_PATHS_KEPT = 8
_read: OrderedDict[str, tuple[int, Classifier]] = OrderedDict()
_read_lock = threading.Lock()


def _modified(path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


default_scorer = Scorer("model", embedding.default_encoder(), current)


def incitement_probability(text: str) -> float:
    """P(incitement) for one comment under the classifier in force."""
    return default_scorer.probabilities([text])[0]


def incitement_probabilities(texts: Sequence[str]) -> list[float]:
    """P(incitement) for each comment under the classifier in force."""
    return default_scorer.probabilities(texts)
