"""The incitement classifier's second reader: a logistic regression over a comment's n-grams.

The sentence model (`embedding.py`) reads a comment's meaning but at most 40 tokens of it, and it
blurs wording it was not fine-tuned on. This model reads all of it: the comment's words and word
pairs and the character n-grams (2 to 5) inside its words, each weighted by TF-IDF (sublinear
term frequency, the inverse document frequency of the examples it was fitted on, L2-normalised),
with scikit-learn's logistic regression on top. The classifier blends the two models' log-odds
(`Classifier.ngram_share`); cross-validated on the labelled examples, the blend holds more of the
calls at every civil-held share than either model alone (figures in the README). It reads what
the sentence model is given: the whole comment, or the pieces of one longer than 448 characters
(`classifier.pieces`, with their bridges: the middle of one over about 1,500 characters is not
read).

At run time it is a dictionary look-up per n-gram, and a word's n-grams are looked up once while
it is remembered (`WORDS_REMEMBERED`): 0.07 ms at p50 and 0.32 ms at p99 over the labelled
comments on one core (0.10 and 0.44 ms without remembering). scikit-learn is used only to fit
it. `grams` is the one analyser for both, so the n-grams scored are the n-grams fitted on. The fitted vocabulary, its IDF weights and the regression's weights are
stored in the classifier's JSON file, rounded (`as_dict`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

# Fitting: n-grams seen in fewer examples than this are left out (they teach nothing that
# generalises), and at most this many of the most frequent are kept (the file stays small).
MIN_EXAMPLES = 2
MAX_GRAMS = 60_000
# scikit-learn's C: of 1, 4 and 16, 4 had the best cross-validated ROC AUC on the labelled
# examples (0.960, 0.966, 0.966 on the 4,845 that are not minimal pairs, December 2026).
REGULARISATION = 4.0
# Words whose known n-grams each model remembers, forgotten all at once when full; only words of
# up to REMEMBERED_LENGTH characters (a word's n-grams grow with its length), so the memory stays
# under about 25 MB even for made-up words of known n-grams (the labelled comments' take 4 MB).
WORDS_REMEMBERED = 10_000
REMEMBERED_LENGTH = 16
# The largest IDF or weight a file may hold (fitted ones are below 10 and 100).
LARGEST = 1e4
ANALYSER = "words, word pairs, and character 2- to 5-grams within words; TF-IDF, sublinear, L2"

_WORD = re.compile(r"\b\w\w+\b")
_WORD_MARK = "\x1f"  # before word n-grams, so "kill" the word is not "kill" inside a word


def grams(text: str) -> list[str]:
    """The n-grams of a normalised text (`classifier.model_input`), repeated as they occur."""
    found = []
    for word in text.split():
        found += _character_grams(word)
    return found + _word_grams(text)


def _character_grams(word: str) -> list[str]:
    padded = f" {word} "
    last = len(padded)
    return [
        padded[start : start + size] for size in (2, 3, 4, 5) for start in range(last - size + 1)
    ]


def _word_grams(text: str) -> list[str]:
    words = _WORD.findall(text)
    pairs = [
        f"{_WORD_MARK}{first} {second}" for first, second in zip(words, words[1:], strict=False)
    ]
    return [_WORD_MARK + word for word in words] + pairs


@dataclass(frozen=True)
class NgramModel:
    """P(incitement) = sigmoid(weights · tfidf(text) + bias), over a fixed vocabulary."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray
    bias: float
    # The known columns of each word's character n-grams, for words seen lately: most words of
    # a comment are common ones, and looking their n-grams up again was most of the time spent.
    _word_columns: dict[str, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The log-odds of incitement for each normalised text."""
        return np.array([self._logit(text) for text in texts], dtype=np.float64)

    def _logit(self, text: str) -> float:
        vocabulary, cache = self.vocabulary, self._word_columns
        found: list[int] = []
        for word in text.split():
            known = cache.get(word)
            if known is None:
                known = [
                    column
                    for gram in _character_grams(word)
                    if (column := vocabulary.get(gram)) is not None
                ]
                if len(word) <= REMEMBERED_LENGTH:
                    if len(cache) >= WORDS_REMEMBERED:
                        cache.clear()
                    cache[word] = known
            found += known
        found += [
            column for gram in _word_grams(text) if (column := vocabulary.get(gram)) is not None
        ]
        if not found:
            return self.bias
        counted = Counter(found)
        columns = np.fromiter(counted.keys(), dtype=np.int64, count=len(counted))
        counts = np.fromiter(counted.values(), dtype=np.float64, count=len(counted))
        values = (1.0 + np.log(counts)) * self.idf[columns]
        norm = float(np.sqrt(values @ values))
        return float(values @ self.weights[columns]) / norm + self.bias

    def as_dict(self) -> dict:
        order = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "analyser": ANALYSER,
            "bias": self.bias,
            "grams": order,
            "idf": [round(float(value), 4) for value in self.idf],
            "weights": [float(f"{weight:.5g}") for weight in self.weights],
        }

    @classmethod
    def from_dict(cls, data: dict) -> NgramModel:
        """Raises ValueError for anything but a well-formed n-gram model."""
        if not isinstance(data, dict) or data.get("analyser") != ANALYSER:
            raise ValueError(f"the n-gram model must be of the analyser {ANALYSER!r}")
        try:
            order = data["grams"]
            idf = np.asarray(data["idf"], dtype=np.float64)
            weights = np.asarray(data["weights"], dtype=np.float64)
            bias = float(data["bias"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"the n-gram model needs grams, idf, weights and bias: {error}"
            ) from error
        if not isinstance(order, list) or not all(isinstance(gram, str) for gram in order):
            raise ValueError("grams must be a list of strings")
        if len(set(order)) != len(order):
            raise ValueError("grams must not repeat")
        if idf.shape != (len(order),) or weights.shape != (len(order),):
            raise ValueError("idf and weights must hold one number per gram")
        if not (np.isfinite(idf).all() and np.isfinite(weights).all() and math.isfinite(bias)):
            raise ValueError("idf, weights and bias must be finite numbers")
        # A smoothed IDF is at least 1 (and 0 would leave a comment of known n-grams no norm);
        # fitted weights are small: a huge one would make a score overflow to nan.
        if (idf < 1.0).any() or (idf > LARGEST).any():
            raise ValueError(f"idf values must lie between 1 and {LARGEST:g}")
        if (np.abs(weights) > LARGEST).any() or abs(bias) > LARGEST:
            raise ValueError(f"weights and bias must lie between -{LARGEST:g} and {LARGEST:g}")
        return cls({gram: column for column, gram in enumerate(order)}, idf, weights, bias)


def fit(
    texts: Sequence[str],
    labels: Sequence[bool] | np.ndarray,
    *,
    regularisation: float = REGULARISATION,
) -> NgramModel:
    """Fit on normalised texts (class weights balanced, as the sentence model's classifier)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(
        analyzer=grams,
        lowercase=False,
        sublinear_tf=True,
        min_df=min(MIN_EXAMPLES, len(texts)),
        max_features=MAX_GRAMS,
        dtype=np.float64,
    )
    features = vectoriser.fit_transform(texts)
    fitted = LogisticRegression(
        C=regularisation, class_weight="balanced", max_iter=5000, random_state=7
    ).fit(features, np.asarray(labels, dtype=bool))
    vocabulary = {gram: int(column) for gram, column in vectoriser.vocabulary_.items()}
    return NgramModel(
        vocabulary, np.asarray(vectoriser.idf_), fitted.coef_[0].copy(), float(fitted.intercept_[0])
    )
