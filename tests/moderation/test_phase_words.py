import pytest

from gazette.moderation.phases import words
from gazette.moderation.pipeline import Category, Decision

BANNED = ("casino", "free money", "crypto*", "Acme Pharma", "b1tcoin")


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Best casino bonuses here", "casino"),
        ("CASINO!!!", "casino"),
        ("c4s1n0 night", "casino"),
        ("cas\u200bino night", "casino"),
        ("саsinо night", "casino"),  # Cyrillic с, а, о
        ("c a s i n o night", "casino"),
        ("caaaaasino night", "casino"),
        ("get free money now", "free money"),
        ("get FREE, money now", "free money"),
        ("fr33 m0ney", "free money"),
        ("crypto is the future", "crypto*"),
        ("Cryptocurrency is the future", "crypto*"),
        ("cryptobros again", "crypto*"),
        ("Buy from acme pharma today", "Acme Pharma"),
        ("Bitcoin to the moon", "b1tcoin"),
    ],
)
def test_banned_entry_rejects(make_draft, text, entry):
    (reason,) = words.check(make_draft(text, banned_words=BANNED))

    assert reason.name == "words.banned"
    assert reason.category == Category.WORDS
    assert reason.action == Decision.REJECT
    assert reason.severity == 2
    assert reason.detail == f'matched banned entry "{entry}" (rule: words.banned)'


@pytest.mark.parametrize(
    "text",
    [
        "The casinos lobby again.",  # whole words: the plural is another word
        "Occasional showers.",
        "Free speech costs money.",
        "money free zone",
        "Encrypted messages only.",  # a prefix entry matches the start of a word only
        "Acme's pharmacy opened.",
        "",
    ],
)
def test_banned_entries_match_whole_words_only(make_draft, text):
    assert words.check(make_draft(text, banned_words=BANNED)) == []


def test_watched_entry_holds(make_draft):
    (reason,) = words.check(
        make_draft("Vote for the Referendum Party", watched_words=("referendum party",))
    )

    assert reason.name == "words.watched"
    assert reason.action == Decision.HOLD
    assert reason.severity == 1
    assert reason.detail == 'matched watched entry "referendum party" (rule: words.watched)'


def test_each_entry_found_gives_a_reason_in_list_order(make_draft):
    draft = make_draft(
        "casino crypto and a referendum",
        banned_words=("crypto*", "casino", "poker"),
        watched_words=("referendum",),
    )

    assert [(reason.name, reason.detail) for reason in words.check(draft)] == [
        ("words.banned", 'matched banned entry "crypto*" (rule: words.banned)'),
        ("words.banned", 'matched banned entry "casino" (rule: words.banned)'),
        ("words.watched", 'matched watched entry "referendum" (rule: words.watched)'),
    ]


def test_no_lists_no_reasons(make_draft):
    assert words.check(make_draft("casino crypto free money")) == []


@pytest.mark.parametrize("entries", [("",), ("   ",), ("*",), ("...",)])
def test_empty_entries_match_nothing(make_draft, entries):
    assert words.check(make_draft("any text at all", banned_words=entries)) == []
