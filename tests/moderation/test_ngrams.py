"""The n-gram model blended with the sentence model's classifier (`moderation/ngrams.py`)."""

import json

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from gazette.moderation import classifier, ngrams, training
from gazette.moderation.classifier import Classifier
from gazette.moderation.ngrams import NgramModel

CALLS = [
    "burn their shops down tonight",
    "drive them out of velt and burn the farms",
    "hang the traitors from the bridge",
    "shoot every last one of them",
    "they are vermin, clear the camp",
    "kill them all at the crossing",
]
CIVIL = [
    "the shops on the high street close at six",
    "the farms near velt lost the harvest to frost",
    "the bridge reopens after the repairs",
    "the reporter filed from the front line",
    "this bill will kill small businesses",
    "thanks for the careful reporting from the crossing",
]

# The smallest well-formed n-gram model, as a classifier file holds it.
WELL_FORMED = {
    "analyser": ngrams.ANALYSER,
    "bias": 0.0,
    "grams": ["a"],
    "idf": [1.0],
    "weights": [1.0],
}


@pytest.fixture(scope="module")
def small_model():
    return ngrams.fit(CALLS + CIVIL, [True] * len(CALLS) + [False] * len(CIVIL))


def test_grams_are_character_grams_inside_words_and_marked_words_and_pairs():
    found = ngrams.grams("kill them")

    assert " k" in found and "kill" in found and "ill " in found
    assert "l t" not in found  # no character gram spans two words
    mark = ngrams._WORD_MARK
    assert f"{mark}kill" in found and f"{mark}them" in found and f"{mark}kill them" in found
    assert "kill them" not in found  # the word pair is marked, never a bare gram


def test_run_time_log_odds_are_scikit_learns(small_model):
    """The look-up at run time gives what the fitted vectoriser and regression give."""
    vectoriser = TfidfVectorizer(
        analyzer=ngrams.grams,
        lowercase=False,
        sublinear_tf=True,
        vocabulary=small_model.vocabulary,
    ).fit(CALLS + CIVIL)
    texts = ["burn the farms burn the farms", "the reporter closed the shops", "zzz", ""]

    expected = vectoriser.transform(texts) @ small_model.weights + small_model.bias

    np.testing.assert_allclose(vectoriser.idf_, small_model.idf)
    np.testing.assert_allclose(small_model.logits(texts), expected, atol=1e-12)


def test_remembered_words_score_as_fresh_ones(small_model, monkeypatch):
    """The words a model remembers (and forgets when full) change nothing in its scores."""
    texts = CALLS + CIVIL + ["burn burn burn the the farms", "velt velt"]
    parts = (small_model.vocabulary, small_model.idf, small_model.weights, 0.0)
    expected = NgramModel(*parts).logits(texts)
    monkeypatch.setattr(ngrams, "WORDS_REMEMBERED", 5)
    forgetful = NgramModel(*parts)

    again = [forgetful.logits(texts) for _ in range(3)]

    for scores in again:
        np.testing.assert_allclose(scores, expected, atol=1e-12)
    assert 0 < len(forgetful._word_columns) <= 5


def test_long_words_are_scored_but_not_remembered(small_model):
    parts = (small_model.vocabulary, small_model.idf, small_model.weights, 0.0)
    model = NgramModel(*parts)
    long_word = "burn" * 20

    model.logits([f"burn the farms {long_word}"])

    assert "burn" in model._word_columns
    assert long_word not in model._word_columns
    reference = TfidfVectorizer(
        analyzer=ngrams.grams, lowercase=False, sublinear_tf=True, vocabulary=model.vocabulary
    ).fit(CALLS + CIVIL)
    text = f"burn the farms {long_word}"
    np.testing.assert_allclose(
        model.logits([text]), reference.transform([text]) @ model.weights, atol=1e-12
    )


def test_a_text_with_no_known_gram_scores_the_bias(small_model):
    assert small_model.logits(["qqqq xxxx"])[0] == small_model.bias


def test_the_model_tells_the_fitted_calls_from_the_civil_comments(small_model):
    logits = small_model.logits(CALLS + CIVIL)

    assert logits[: len(CALLS)].min() > logits[len(CALLS) :].max()


def test_dict_round_trip_keeps_the_scores(small_model):
    texts = CALLS + CIVIL + ["something else entirely"]

    again = NgramModel.from_dict(json.loads(json.dumps(small_model.as_dict())))

    assert again.vocabulary == small_model.vocabulary
    np.testing.assert_allclose(again.logits(texts), small_model.logits(texts), atol=1e-3)


@pytest.mark.parametrize(
    "change",
    [
        {"analyser": "words only"},
        {"grams": ["a", "a"]},
        {"grams": [1]},
        {"grams": None},
        {"idf": []},
        {"idf": {}},
        {"idf": [0.0]},  # no norm for a comment of known n-grams
        {"idf": [1e300]},
        {"weights": [float("inf")]},
        {"weights": [-1e300]},  # a score would overflow to nan and publish
        {"bias": float("nan")},
        {"bias": None},
        {"bias": "high"},
        {"weights": None},
    ],
)
def test_a_malformed_ngram_model_is_refused(change):
    with pytest.raises(ValueError):
        NgramModel.from_dict({**WELL_FORMED, **change})


@pytest.mark.parametrize("missing", ["grams", "idf", "weights", "bias"])
def test_an_ngram_model_missing_a_part_is_refused(missing):
    data = dict(WELL_FORMED)
    del data[missing]

    with pytest.raises(ValueError, match="needs grams"):
        NgramModel.from_dict(data)


def test_an_ngram_model_that_is_not_an_object_is_refused():
    with pytest.raises(ValueError):
        NgramModel.from_dict(["a", 1.0])  # type: ignore[arg-type]


@pytest.mark.parametrize("share", [1.5, -0.1, True, "0.5", None])
def test_a_classifier_file_with_a_malformed_share_is_refused(small_model, share):
    data = Classifier(np.ones(384), 0.0, 0.5, ngrams=small_model, ngram_share=0.5).as_dict()
    assert Classifier.from_dict(data).ngram_share == 0.5

    with pytest.raises(ValueError):
        Classifier.from_dict({**data, "ngram_share": share})


def test_a_classifier_file_with_an_ngram_model_and_no_share_is_refused(small_model):
    data = Classifier(np.ones(384), 0.0, 0.5, ngrams=small_model, ngram_share=0.5).as_dict()
    del data["ngram_share"]

    with pytest.raises(ValueError, match="ngram_share"):
        Classifier.from_dict(data)


def test_one_embedding_is_needed_per_text(small_model):
    blended = Classifier(np.ones(384), 0.0, 0.5, ngrams=small_model, ngram_share=0.5)

    with pytest.raises(ValueError, match="one embedding per text"):
        blended.probabilities(np.zeros((2, 384)), ["only one text"])


def test_the_classifier_blends_the_two_models_log_odds(small_model):
    weights = np.zeros(384)
    weights[0] = 2.0
    blended = Classifier(weights, -1.0, 0.5, ngrams=small_model, ngram_share=0.25)
    embeddings = np.zeros((2, 384))
    embeddings[:, 0] = [0.5, 1.0]
    texts = ["burn the farms", "the bridge reopens"]

    logits = 0.75 * (embeddings @ weights - 1.0) + 0.25 * small_model.logits(texts)

    np.testing.assert_allclose(blended.probabilities(embeddings, texts), 1 / (1 + np.exp(-logits)))


def test_a_classifier_without_an_ngram_model_scores_by_the_embedding_alone(tmp_path):
    """A file written before the n-gram model existed (an operator's retrained model) is read
    and scores as it did."""
    data = classifier.current().as_dict()
    data.pop("ngrams", None)
    data.pop("ngram_share", None)
    path = tmp_path / "classifier.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    old = Classifier.read(path)
    embeddings = np.ones((1, 384)) / np.sqrt(384)
    expected = 1 / (1 + np.exp(-(embeddings @ old.weights + old.bias)))

    assert old.ngrams is None and old.ngram_share == 0.0
    np.testing.assert_allclose(old.probabilities(embeddings, ["kill them all"]), expected)
    assert "ngrams" not in old.as_dict()


def test_the_shipped_classifier_blends_an_ngram_model_chosen_by_cross_validation():
    shipped = classifier.read_classifier(classifier.BUNDLED_PATH)

    assert shipped.ngrams is not None
    assert 0.0 < shipped.ngram_share < 1.0
    assert shipped.metrics["ngram_share"] == shipped.ngram_share
    assert len(shipped.ngrams.vocabulary) <= ngrams.MAX_GRAMS


def test_fitting_with_an_ngram_model_needs_its_log_odds(small_model):
    examples = [training.Example(text, "incitement") for text in CALLS] + [
        training.Example(text, "civil") for text in CIVIL
    ]

    with pytest.raises(ValueError, match="log-odds"):
        training.fit(examples, rules=None, ngram_model=small_model)


def test_fitting_with_an_ngram_model_sets_the_threshold_on_the_blend(small_model):
    examples = [training.Example(text, "incitement") for text in CALLS * 2] + [
        training.Example(text, "civil") for text in CIVIL * 2
    ]
    texts = [classifier.model_input(example.text) for example in examples]

    fitted = training.fit(
        examples,
        rules=None,
        ngram_model=small_model,
        ngram_logits=small_model.logits(texts),
        ngram_share=0.5,
    )

    assert fitted.classifier.ngrams is small_model
    assert fitted.classifier.ngram_share == 0.5
    assert fitted.classifier.metrics["ngram_share"] == 0.5
    # The threshold was chosen on the blend of the embedding's cross-validated scores (the same
    # folds, fitted without the n-gram model) and the n-gram log-odds given.
    alone = training.fit(examples, rules=None)
    np.testing.assert_allclose(
        fitted.cross_validated,
        classifier.sigmoid(
            0.5 * classifier.logit(alone.cross_validated) + 0.5 * small_model.logits(texts)
        ),
    )
    assert not np.allclose(fitted.cross_validated, alone.cross_validated)


def test_cross_validated_ngrams_score_each_example_with_a_model_fitted_without_it():
    examples = [training.Example(text, "incitement") for text in CALLS] + [
        training.Example(text, "civil") for text in CIVIL
    ]
    texts = [classifier.model_input(example.text) for example in examples]
    labels = np.array([example.is_incitement for example in examples])
    folds = [(np.arange(0, 12, 2), np.arange(1, 12, 2)), (np.arange(1, 12, 2), np.arange(0, 12, 2))]

    scored = training.cross_validated_ngrams(texts, labels, folds)

    for train, test in folds:
        apart = ngrams.fit([texts[i] for i in train], labels[train])
        np.testing.assert_allclose(scored[test], apart.logits([texts[i] for i in test]))
    whole = ngrams.fit(texts, labels).logits(texts)
    assert not np.allclose(scored, whole)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5000,  # one word, no space or sentence end: cut into pieces all the same
        "kill " * 1000,
        "\u200b" * 4000 + "burn them",
        "🔥" * 2500,
    ],
)
def test_a_hostile_comment_gets_a_probability(text):
    probability = classifier.incitement_probability(text)

    assert 0.0 <= probability <= 1.0
