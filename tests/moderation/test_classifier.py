"""The incitement classifier: logistic regression over the sentence embedding, stored as JSON."""

import gc
import json
import os
import re
import weakref

import numpy as np
import pytest

from gazette.moderation import classifier
from gazette.moderation.classifier import BUNDLED_PATH, Classifier
from gazette.moderation.embedding import DEFAULT_MAX_TOKENS, DEFAULT_MODEL_PATH
from gazette.moderation.phases.incitement_model import hold_threshold
from gazette.moderation.training import data_sha256, file_sha256, read_examples

CLEAR_INCITEMENT = [
    "Round up every last one of those refugees and burn them alive.",
    "They are vermin. Exterminate them before they breed.",
]
CLEAR_CIVIL = [
    "Thank you for this careful report on the council budget; the library hours matter to "
    "many families.",
    "The regional rail timetable changes on Sunday; check the operator's website for details.",
]


def test_the_shipped_classifier_is_read_once_per_process():
    assert classifier.current() is classifier.current()


def test_the_shipped_classifier_was_fitted_on_the_shipped_encoder():
    """After the sentence model is exported again, refit: python -m gazette.moderation.training"""
    assert classifier.current().encoder["sha256"] == file_sha256(DEFAULT_MODEL_PATH)


def test_the_shipped_model_was_fitted_on_the_bundled_examples():
    """After the labelled set changes, fit again: python gazette/moderation/model/finetune.py"""
    assert classifier.read_classifier(BUNDLED_PATH).training["sha256"] == data_sha256(
        read_examples()
    )


def test_the_shipped_classifier_records_what_it_was_fitted_on():
    shipped = classifier.current()

    assert shipped.weights.shape == (384,)
    assert 0.0 < shipped.threshold < 1.0
    assert len(shipped.training["sha256"]) == 64
    assert shipped.training["size"] == shipped.training["incitement"] + shipped.training["civil"]
    assert shipped.encoder["model"] == DEFAULT_MODEL_PATH.name
    assert shipped.encoder["max_tokens"] == DEFAULT_MAX_TOKENS
    assert {"roc_auc", "model_alone", "with_rules"} <= set(shipped.metrics)
    assert shipped.created


def test_probabilities_lie_between_zero_and_one():
    texts = [*CLEAR_INCITEMENT, *CLEAR_CIVIL, "", "?", "a " * 3000]

    probabilities = classifier.incitement_probabilities(texts)

    assert len(probabilities) == len(texts)
    assert all(0.0 <= probability <= 1.0 for probability in probabilities)


@pytest.mark.parametrize("text", CLEAR_INCITEMENT)
def test_a_clear_call_for_violence_scores_above_the_threshold(text):
    assert classifier.incitement_probability(text) >= classifier.current().threshold


@pytest.mark.parametrize("text", CLEAR_CIVIL)
def test_a_clear_civil_comment_scores_below_the_threshold(text):
    assert classifier.incitement_probability(text) < classifier.current().threshold


def test_the_batch_and_single_scores_agree():
    texts = [*CLEAR_INCITEMENT, *CLEAR_CIVIL]

    assert classifier.incitement_probabilities(texts) == [
        classifier.incitement_probability(text) for text in texts
    ]


def test_disguised_spelling_scores_like_the_plain_one():
    plain = "They are vermin. Exterminate them before they breed."
    disguised = "They are v3rmin. E x t e r m i n a t e them before they breed."

    assert classifier.incitement_probability(disguised) == pytest.approx(
        classifier.incitement_probability(plain), abs=0.02
    )


@pytest.mark.parametrize("call", CLEAR_INCITEMENT)
def test_a_threat_in_the_middle_of_a_long_comment_is_held(call):
    """The second call is cut in two by a piece's end at 40 tokens: it is held by the bridge
    between the two pieces (each half scored under the hold threshold)."""
    civil = CLEAR_CIVIL[0] + " "
    long_comment = civil * 6 + call + " " + civil * 6
    size = int(DEFAULT_MAX_TOKENS * classifier.CHARACTERS_PER_TOKEN)

    assert len(classifier.pieces(long_comment, size, classifier.WHOLE_CHARACTERS)) > 2
    assert classifier.incitement_probability(long_comment) >= hold_threshold(classifier.current())


def test_pieces_keep_a_short_text_whole_and_cut_a_long_one_at_sentence_ends():
    sentence = "The bridge matters less than the road behind it."
    long_text = " ".join([sentence] * 20)

    assert classifier.pieces(" ".join([sentence] * 9), 224) == [" ".join([sentence] * 9)]
    pieces = classifier.pieces(long_text, 224)
    assert len(pieces) == 5
    assert all(len(piece) <= 224 for piece in pieces)
    assert all(piece.endswith("it.") for piece in pieces)
    assert " ".join(pieces) == long_text


def test_a_comment_up_to_the_whole_limit_is_read_in_one_run():
    sentence = "The bridge matters less than the road behind it."
    text = " ".join([sentence] * 9)  # 440 characters: more than twice a 168-character piece

    assert len(text) <= classifier.WHOLE_CHARACTERS
    assert classifier.pieces(text, 168, classifier.WHOLE_CHARACTERS) == [text]
    assert len(classifier.pieces(f"{text} {sentence}", 168, classifier.WHOLE_CHARACTERS)) == 4


def test_a_very_long_comment_keeps_its_first_pieces_and_its_last():
    sentences = [
        f"Sentence number {number} is about the bridge and the road." for number in range(200)
    ]

    pieces = classifier.pieces(" ".join(sentences), 224)

    assert len(pieces) == classifier.MAX_PIECES
    assert pieces[0].startswith("Sentence number 0 ")
    assert pieces[-1].endswith("Sentence number 199 is about the bridge and the road.")


def test_json_round_trip_keeps_every_field(tmp_path):
    shipped = classifier.current()
    path = tmp_path / "nested" / "classifier.json"

    shipped.write(path)
    again = Classifier.read(path)

    np.testing.assert_array_equal(again.weights, shipped.weights)
    assert (again.bias, again.threshold, again.created) == (
        shipped.bias,
        shipped.threshold,
        shipped.created,
    )
    assert (again.encoder, again.training, again.metrics) == (
        shipped.encoder,
        shipped.training,
        shipped.metrics,
    )
    assert [file.name for file in path.parent.iterdir()] == ["classifier.json"]


def test_the_file_is_plain_json_not_a_pickle():
    data = json.loads(BUNDLED_PATH.read_text(encoding="utf-8"))

    assert data["format"] == classifier.FORMAT
    assert len(data["weights"]) == 384


@pytest.mark.parametrize(
    "change",
    [
        {"format": "pickle"},
        {"weights": []},
        {"weights": [float("nan")] * 384},
        {"threshold": 1.5},
    ],
)
def test_a_malformed_file_is_refused(change):
    data = {**classifier.current().as_dict(), **change}

    with pytest.raises(ValueError):
        Classifier.from_dict(data)


def test_a_retrained_model_in_the_data_directory_is_preferred(settings, tmp_path):
    settings.MODERATION_CLASSIFIER_PATH = tmp_path / "classifier.json"
    shipped = classifier.current()
    stricter = Classifier.from_dict({**shipped.as_dict(), "threshold": 0.99})

    stricter.write(tmp_path / "classifier.json")

    assert classifier.active_path() == tmp_path / "classifier.json"
    assert classifier.current().threshold == 0.99


def test_an_unreadable_retrained_model_falls_back_to_the_shipped_one(settings, tmp_path, caplog):
    settings.MODERATION_CLASSIFIER_PATH = tmp_path / "classifier.json"
    (tmp_path / "classifier.json").write_text("{not json", encoding="utf-8")

    assert classifier.current() is classifier.read_classifier(BUNDLED_PATH)
    assert "Cannot read the retrained classifier" in caplog.text


def test_a_model_fitted_on_another_encoder_falls_back_to_the_shipped_one(settings, tmp_path):
    settings.MODERATION_CLASSIFIER_PATH = tmp_path / "classifier.json"
    shipped = classifier.current()
    other = {**shipped.as_dict(), "encoder": {**shipped.encoder, "sha256": "0" * 64}}
    Classifier.from_dict(other).write(tmp_path / "classifier.json")

    assert classifier.current() is shipped


def rewritten(path, threshold, *, modified_ns):
    Classifier.from_dict({**classifier.current().as_dict(), "threshold": threshold}).write(path)
    os.utime(path, ns=(modified_ns, modified_ns))


def test_a_rewritten_file_replaces_its_old_version_in_memory(tmp_path):
    path = tmp_path / "classifier.json"
    rewritten(path, 0.9, modified_ns=1_000_000_000)
    old = weakref.ref(classifier.read_classifier(path))

    rewritten(path, 0.95, modified_ns=2_000_000_000)

    assert classifier.read_classifier(path).threshold == 0.95
    gc.collect()
    assert old() is None


def test_only_the_most_recently_read_files_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(classifier, "READ_PATHS_KEPT", 2)
    first, second, third = (tmp_path / f"{name}.json" for name in ("first", "second", "third"))
    for path in (first, second, third):
        rewritten(path, 0.9, modified_ns=1_000_000_000)
    kept_first = classifier.read_classifier(first)
    dropped = weakref.ref(classifier.read_classifier(second))

    classifier.read_classifier(first)  # used again: the second is now the least recent
    classifier.read_classifier(third)

    assert classifier.read_classifier(first) is kept_first
    gc.collect()
    assert dropped() is None


def test_bridged_pieces_also_read_where_two_pieces_meet():
    """A call of two short sentences that a piece's end cuts in two is read whole as well."""
    civil = "Thank you for this careful report on the council budget and the library hours."
    text = " ".join([civil] * 4 + ["They are vermin.", "Exterminate them."] + [civil] * 4)

    plain = classifier.pieces(text, 100, classifier.WHOLE_CHARACTERS)
    bridged = classifier.pieces(text, 100, classifier.WHOLE_CHARACTERS, bridged=True)

    assert not any("vermin. Exterminate" in piece for piece in plain)
    assert bridged[: len(plain)] == plain
    assert "They are vermin. Exterminate them." in bridged[len(plain) :]
    assert all(len(piece) <= 100 for piece in bridged)


@pytest.mark.parametrize(("count", "bridge_count"), [(200, 10), (48, 11)])
def test_bridges_join_only_sentences_that_follow_each_other(count, bridge_count):
    """200 sentences: 12 pieces kept of many, no bridge across the middle left out; 48 sentences:
    exactly 12 pieces (4 sentences each), all following each other, 11 bridges."""
    sentences = [
        f"Sentence number {number} is about the bridge and the road." for number in range(count)
    ]

    pieces = classifier.pieces(" ".join(sentences), 224, bridged=True)
    bridges = pieces[classifier.MAX_PIECES :]

    assert len(pieces[: classifier.MAX_PIECES]) == classifier.MAX_PIECES
    assert len(bridges) == bridge_count
    for bridge in bridges:
        first, second = (int(n) for n in re.findall(r"number (\d+)", bridge))
        assert second == first + 1
