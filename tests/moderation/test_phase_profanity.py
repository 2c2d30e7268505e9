import pytest

from gazette.moderation.phases import profanity
from gazette.moderation.pipeline import Category, Decision
from gazette.moderation.policies import ProfanityMode

PROFANE = [
    ("What the fuck is this?", "fuck"),
    ("Absolute bullshit from the ministry.", "bullshit"),
    ("These FUCKING idiots", "fucking"),
    ("what a load of shite", "shite"),
    ("the man is an asshole", "asshole"),
    ("Bastards, all of them.", "bastards"),
    ("sh1t", "shit"),
    ("a$$hole", "asshole"),
    ("@ss", "ass"),
    ("f u c k this", "fuck"),
    ("F.U.C.K. this", "fuck"),
    ("f-u-c-k this", "fuck"),
    ("f\u200bu\u200bc\u200bk this", "fuck"),
    ("ƒuck this", "fuck"),
    ("fück this", "fuck"),
    ("ｆｕｃｋ this", "fuck"),
    ("fuuuuuuck this", "fuck"),
    ("shiiiiit", "shit"),
    ("ѕhіt", "shit"),  # Cyrillic ѕ and і
    ("b!tch", "bitch"),
    ("what.the.fuck", "fuck"),
    ("cunt\u00ad", "cunt"),
]

CLEAN = [
    "Scunthorpe United lost again.",
    "The assassin was never caught.",
    "A classic case of bad planning.",
    "Shiitake mushrooms are in season.",
    "He passed the class with honours.",
    "Hancock assessed the damage.",
    "Cocktail party at the embassy.",
    "Dickens wrote about this.",
    "Retardant foam was used on the fire.",
    "Document the pass-through costs.",
    "Cumulative figures for the quarter.",
    "Titmouse sightings are up.",
    "Sussex and Essex councils agreed.",
    "15 soldiers, 3 tanks, 1 convoy.",
]


@pytest.mark.parametrize(("text", "word"), PROFANE)
def test_profane_word_is_held_under_the_hold_policy(make_draft, text, word):
    (reason,) = profanity.check(make_draft(text, profanity=ProfanityMode.HOLD))

    assert reason.name == "profanity.word_list"
    assert reason.category == Category.PROFANITY
    assert reason.severity == 1
    assert reason.action == Decision.HOLD
    assert f'"{word}"' in reason.detail


@pytest.mark.parametrize("text", CLEAN)
def test_words_that_only_contain_a_profane_word_are_clean(make_draft, text):
    assert profanity.check(make_draft(text, profanity=ProfanityMode.HOLD)) == []


def test_mask_policy_publishes_and_records_the_reason(make_draft):
    (reason,) = profanity.check(
        make_draft("What a shitty, fucking mess.", profanity=ProfanityMode.MASK)
    )

    assert reason.action == Decision.PUBLISH
    assert (
        reason.detail
        == 'matched "fucking", "shitty"; masked when shown (rule: profanity.word_list)'
    )


def test_allow_policy_records_nothing(make_draft):
    assert (
        profanity.check(make_draft("What a shitty, fucking mess.", profanity=ProfanityMode.ALLOW))
        == []
    )


def test_slurs_are_reported_apart_at_severity_2(make_draft):
    reasons = profanity.check(
        make_draft("Shut up, you f4gg0t. Fuck off.", profanity=ProfanityMode.HOLD)
    )

    assert [(reason.name, reason.severity) for reason in reasons] == [
        ("profanity.word_list", 1),
        ("profanity.slur", 2),
    ]
    assert reasons[1].detail == 'matched "faggot" (rule: profanity.slur)'


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("What the fuck is this shit?", "What the f*** is this s***?"),
        ("FUCKING hell", "F****** hell"),
        ("sh1t happens", "s*** happens"),
        ("f u c k you", "f*** you"),
        ("F.U.C.K.", "F***."),
        ("f\u200buck off", "f*** off"),
        ("ƒuck", "ƒ***"),
        ("fuuuuuck!!", "f*******!!"),
        ("what.the.fuck", "what.the.f***"),
        ("a$$hole", "a******"),
        ("(bullshit)", "(b*******)"),
        ("fucking-idiot", "f******-idiot"),
        ("ｆｕｃｋ", "ｆ***"),
        ("sh!t!", "s***!"),
        ("$hit", "$***"),
        ("He's a retard.", "He's a r*****."),
    ],
)
def test_mask_replaces_each_profane_word_in_the_original_text(text, masked):
    assert profanity.mask(text) == masked


@pytest.mark.parametrize("text", CLEAN)
def test_mask_leaves_clean_text_alone(text):
    assert profanity.mask(text) == text


def test_mask_keeps_the_rest_of_a_long_comment_intact():
    text = "Scunthorpe's assassin was a classic bastard, frankly. " * 20

    assert profanity.mask(text) == text.replace("bastard", "b******")
