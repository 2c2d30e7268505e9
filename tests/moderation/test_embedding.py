"""The offline sentence embedding: the bundled int8 MiniLM model, run by onnxruntime."""

import threading
from pathlib import Path

import numpy as np
import pytest

import gazette
from gazette.moderation.embedding import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_MODEL_PATH,
    SentenceEncoder,
    default_encoder,
    embed,
)

BUNDLED = Path(gazette.__file__).resolve().parent / "moderation" / "model"


def cosine(first: str, second: str) -> float:
    vectors = embed([first, second])
    return float(vectors[0] @ vectors[1])


def test_embed_returns_one_384_float32_row_per_text():
    vectors = embed(["First comment.", "Second comment.", "Third."])

    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32


def test_rows_have_unit_length():
    vectors = embed(["Short.", "A somewhat longer comment about the council's budget."])

    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), [1.0, 1.0], atol=1e-5)


@pytest.mark.parametrize(
    ("text", "paraphrase", "unrelated"),
    [
        (
            "Someone should shoot the mayor.",
            "The mayor deserves a bullet.",
            "The library opens at nine on Saturdays.",
        ),
        (
            "Thanks for this careful reporting on the flood.",
            "Great article about the flooding, well researched.",
            "They should all be hanged in the town square.",
        ),
        # ("People like them are vermin." / "Those people are rats and parasites." / a recipe)
        # was a case until the encoder fine-tuned on 7,366 examples: its space is shaped for the
        # incitement classifier, not for paraphrase (0.20 against 0.32 for the recipe), and the
        # classifier scores both dehumanising sentences as calls.
    ],
)
def test_a_paraphrase_scores_higher_than_an_unrelated_sentence(text, paraphrase, unrelated):
    close = cosine(text, paraphrase)
    far = cosine(text, unrelated)

    # The 3-layer model's rows share a large common direction, so all cosines run high (0.5
    # for unrelated sentences): the margin is smaller than a full sentence model's.
    assert close > far + 0.1


def test_the_same_text_embeds_the_same_every_time():
    first = embed(["Vote them all out in November!"])
    again = embed(["Something else first.", "Vote them all out in November!"])

    np.testing.assert_array_equal(first[0], again[1])


def test_the_default_model_is_loaded_once_per_process():
    embed(["load it"])
    session, tokenizer = default_encoder().session, default_encoder().tokenizer

    embed(["use it again"])

    assert default_encoder().session is session
    assert default_encoder().tokenizer is tokenizer


def test_threads_using_a_fresh_encoder_at_once_share_one_session():
    encoder = SentenceEncoder(DEFAULT_MODEL_PATH, BUNDLED / "tokenizer.json")
    sessions = []
    start = threading.Barrier(4)

    def use():
        start.wait()
        encoder.encode(["concurrent first use"])
        sessions.append(encoder.session)

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(sessions) == 4
    assert all(session is sessions[0] for session in sessions)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "x" * 50_000,
        "word " * 10_000,
        "Ужасная статья, автор ничего не понимает.",
        "这篇文章写得很好，谢谢。" * 500,
        "مقال رائع، شكرا",
        "🙂🔥💣🔪" * 1_500,
        "zero\u200bwidth\u200b" * 1_000 + "joiners",
        "a lone surrogate \ud800 from a JSON body",
        "\x00\x01 control characters \x7f",
    ],
    ids=[
        "empty",
        "whitespace",
        "one-50k-word",
        "50k-characters",
        "cyrillic",
        "chinese-6k",
        "arabic",
        "emoji-6k",
        "zero-width",
        "lone-surrogate",
        "control",
    ],
)
def test_unusual_text_embeds_to_a_unit_vector(text):
    vector = embed([text])

    assert vector.shape == (1, 384)
    assert np.isfinite(vector).all()
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_a_long_comment_embeds_as_its_first_and_last_tokens():
    opening = "The council voted to cut the library's hours again this year. " * 30
    ending = " Someone should burn the council building down tonight. " * 10
    middle = "A middle paragraph nobody reads. " * 100

    np.testing.assert_allclose(
        embed([opening + middle + ending]),
        embed([opening + "Other words. " * 50 + ending]),
        atol=1e-6,
    )
    assert (
        default_encoder().token_ids(opening + middle + ending)[-3:-1]
        == default_encoder().token_ids("down tonight.")[-3:-1]
    )


def test_the_token_budget_is_split_between_head_and_tail():
    words = " ".join(f"w{number}" for number in range(1000))
    ids = default_encoder().token_ids(words)
    tokenizer = default_encoder().tokenizer
    all_ids = tokenizer.encode(words, add_special_tokens=False).ids
    content = DEFAULT_MAX_TOKENS - 2

    assert len(ids) == DEFAULT_MAX_TOKENS
    assert ids[1 : 1 + content - content // 2] == all_ids[: content - content // 2]
    assert ids[1 + content - content // 2 : -1] == all_ids[-(content // 2) :]


def test_a_text_that_fits_is_read_whole():
    text = "Vote them all out in November!"

    assert default_encoder().token_ids(text) == default_encoder().tokenizer.encode(text).ids


def test_whitespace_padding_does_not_push_the_words_out_of_reach():
    padded = "Hello" + " " * 20_000 + "someone should shoot the mayor"

    np.testing.assert_allclose(
        embed([padded]), embed(["Hello someone should shoot the mayor"]), atol=1e-6
    )


def test_an_empty_sequence_gives_an_empty_array():
    assert embed([]).shape == (0, 384)


def test_a_single_str_is_refused_rather_than_embedded_character_by_character():
    with pytest.raises(TypeError):
        embed("one comment")


def test_sentence_encoder_loads_the_bundled_files_from_explicit_paths():
    encoder = SentenceEncoder(
        str(DEFAULT_MODEL_PATH),
        str(BUNDLED / "tokenizer.json"),
        max_tokens=32,
    )
    texts = ["A short comment.", "Someone should shoot the mayor."]

    vectors = encoder.encode(texts)

    assert encoder.session is not default_encoder().session
    assert encoder.dimensions == 384
    np.testing.assert_allclose(vectors, embed(texts), atol=1e-6)


def test_sentence_encoder_cuts_at_its_own_token_limit():
    words = " ".join(f"word{number}" for number in range(400))
    short_limit = SentenceEncoder(DEFAULT_MODEL_PATH, BUNDLED / "tokenizer.json", max_tokens=16)

    assert len(short_limit.token_ids(words)) == 16
    assert len(default_encoder().token_ids(words)) == DEFAULT_MAX_TOKENS
    assert float(short_limit.encode([words])[0] @ embed([words])[0]) < 0.99


def test_max_tokens_must_leave_room_for_the_special_tokens():
    with pytest.raises(ValueError, match="max_tokens"):
        SentenceEncoder(DEFAULT_MODEL_PATH, BUNDLED / "tokenizer.json", 1)
