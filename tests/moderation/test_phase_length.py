import pytest

from gazette.moderation.phases import length
from gazette.moderation.pipeline import Category, Decision

PROSE = (
    "The council met on Tuesday to discuss the new shelters. Residents asked why the "
    "budget had been cut twice, and the mayor promised an answer by the end of the month. "
    "Several speakers thanked the volunteers who kept the kitchens open through the winter."
)
LONG_PROSE = (
    PROSE + " Afterwards a retired teacher described queueing for water in March, when the "
    "pumping station lost power for nine days; she asked whether the generators bought last "
    "autumn had ever been delivered. Nobody on the panel knew. A younger resident said the "
    "district needed fewer promises and more plumbers, which drew the loudest applause of the "
    "night. The deputy mayor, visibly tired, listed the repairs finished since January: two "
    "bridges, a clinic roof, most of the tram line along the river. He admitted the schools "
    "were behind schedule and blamed shortages of glass and cement. Journalists asked about "
    "the audit; he said it would be published in full, though he would not give a date. "
    "Outside, a small group handed out leaflets about the missing, photographs laminated "
    "against the rain, phone numbers written by hand along the bottom edge."
)


def names(reasons):
    return [reason.name for reason in reasons]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200,
        "!" * 60,
        "😡" * 30,
        "a a a a a a a a a a a a a a a a a a a a a a a a",
        "no " + "o" * 80,
    ],
)
def test_comment_mostly_one_character_is_held(make_draft, text):
    reasons = length.check(make_draft(text))

    assert "length.repeated_character" in names(reasons)
    reason = next(reason for reason in reasons if reason.name == "length.repeated_character")
    assert reason.category == Category.SPAM
    assert reason.action == Decision.HOLD


def test_repeated_character_detail_names_it(make_draft):
    (reason,) = length.check(make_draft("z" * 50))

    assert reason.detail == 'the character "z" makes up 100% of the comment'


@pytest.mark.parametrize(
    "text",
    [
        "spam " * 20,
        "BUY BUY BUY BUY BUY BUY BUY BUY BUY BUY BUY BUY now",
        "w4r " * 15 + "war is bad",
    ],
)
def test_comment_mostly_one_word_is_held(make_draft, text):
    assert "length.repeated_word" in names(length.check(make_draft(text)))


def test_repeated_word_detail_counts_it(make_draft):
    reasons = length.check(make_draft("vote " * 20))

    assert [reason.detail for reason in reasons if reason.name == "length.repeated_word"] == [
        'the word "vote" 20 times, 100% of the words'
    ]


def test_comment_mostly_one_line_is_held(make_draft):
    text = "Join my channel for the truth\n" * 5 + "thanks"

    (reason,) = length.check(make_draft(text))

    assert reason.name == "length.repeated_line"
    assert reason.detail == 'the line "join my channel for the truth" 5 times, 83% of the lines'


def test_pasted_paragraph_is_held_as_repetitive(make_draft):
    text = "Read the real story at my blog, they hide it from you! " * 30

    assert names(length.check(make_draft(text))) == ["length.repetitive_text"]


def test_repeated_advert_is_held_as_repetitive(make_draft):
    text = "🔥 buy now 🔥 link in bio " * 15

    assert names(length.check(make_draft(text))) == ["length.repetitive_text"]


def test_all_caps_is_recorded_but_published(make_draft):
    text = "THIS GOVERNMENT HAS FAILED EVERY SINGLE FAMILY IN THIS TOWN AND EVERYONE KNOWS IT"

    (reason,) = length.check(make_draft(text))

    assert reason.name == "length.all_caps"
    assert reason.category == Category.SPAM
    assert reason.severity == 1
    assert reason.action == Decision.PUBLISH


@pytest.mark.parametrize(
    "text",
    [
        PROSE,
        LONG_PROSE,
        "lol",
        "!!!",
        "No no no.",
        "Great article!!!!!!!",
        "NATO and the EU met the UN and the OSCE in Vienna on Monday to discuss it.",
        "I agree.\nI agree.\nBut the budget matters more than the shelters this year.",
        "Row, row, row your boat, gently down the stream, merrily merrily merrily merrily.",
    ],
)
def test_ordinary_comments_pass(make_draft, text):
    assert length.check(make_draft(text)) == []
