import pytest

from gazette.moderation.text import forms, normalise, strip_invisible, word_set, words

INVISIBLE_CHARACTERS = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]


@pytest.mark.parametrize("invisible", INVISIBLE_CHARACTERS)
def test_invisible_characters_inside_a_word_are_removed(invisible):
    assert normalise(f"ex{invisible}ter{invisible}minate") == "exterminate"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Burn It DOWN", "burn it down"),
        ("STRASSE und Straße", "strasse und strasse"),
        ("ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ", "fullwidth letters"),
        ("𝐛𝐨𝐥𝐝 𝓈𝒸𝓇𝒾𝓅𝓉", "bold script"),
        ("ﬁnal ﬂag", "final flag"),
        ("café naïve résumé", "cafe naive resume"),
        ("s̶t̶r̶u̶c̶k̶ out", "struck out"),
        ("z̴̡a̷l̸g̵o̶ text", "zalgo text"),
    ],
)
def test_nfkc_casefold_and_marks(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kіll", "kill"),  # Cyrillic і
        ("раrаsitеs", "parasites"),  # Cyrillic р, а, е
        ("ѕсum", "scum"),  # Cyrillic ѕ, с
        ("КILL", "kill"),  # Cyrillic capital К
        ("хеnорhоbе", "xenophobe"),
        ("vеrmіn", "vermin"),
        ("κill", "kill"),  # Greek kappa
        ("ραrasite", "parasite"),  # Greek rho, alpha
        ("Ηοpe", "nope"),  # Greek capital eta folds through eta
        ("ƒool", "fool"),
        ("ıdiot", "idiot"),  # dotless i
    ],
)
def test_cyrillic_and_greek_lookalikes_fold_to_latin(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k1ll", "kill"),
        ("ki11", "kill"),
        ("kil1", "kill"),
        ("h4ng th3m", "hang them"),
        ("sh00t", "shoot"),
        ("d3@th", "death"),
        ("$cum", "scum"),
        ("@ll of th3m", "all of them"),
        ("7r4170r5", "traitors"),
        ("3xt3rm1n4t3", "exterminate"),
        ("sh!t", "shit"),
    ],
)
def test_leetspeak_folds_inside_words_with_letters(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "15 soldiers were wounded",
        "the 1940 campaign",
        "3.5 per cent",
        "$5 a month",
        "call 0800 555 0137",
        "wow!",
    ],
)
def test_numbers_and_prices_are_left_alone(text):
    assert normalise(text) == text.lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k.i.l.l them", "kill them"),
        ("k i l l them", "kill them"),
        ("k-i-l-l them", "kill them"),
        ("k_i_l_l them", "kill them"),
        ("k*i*l*l them", "kill them"),
        ("k 1 l l them", "kill them"),
        ("g.a.s them", "gas them"),
        ("V E R M I N", "vermin"),
    ],
)
def test_single_characters_split_by_one_separator_are_joined(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text", ["e.g. this", "i.e. that", "the U.S. army", "a B-52 bomber", "A and B"]
)
def test_short_abbreviations_are_not_joined(text):
    assert normalise(text) == text.lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("goooood", "good"),
        ("kiiiiill", "kiill"),
        ("killlllll", "kill"),
        ("sooooo   many\n\n  spaces", "soo many spaces"),
        ("Nooooo!!!", "noo!!!"),
    ],
)
def test_stretched_letters_fold_to_two_and_whitespace_collapses(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "spelling"),
    [
        ("kiiiiill", "kill"),
        ("diiiiie", "die"),
        ("shooooot", "shoot"),
        ("kiiillllll", "kill"),
        ("vermiiiin", "vermin"),
    ],
)
def test_forms_include_stretched_letters_folded_further(text, spelling):
    assert spelling in forms(text, normalise(text))


def test_forms_start_with_the_normalised_text():
    assert forms("goooood", "good") == ("good", "god")
    assert forms("plain words", "plain words") == ("plain words",)


def test_words_keep_apostrophes_inside_words_only():
    assert words(normalise("'They're' done, aren't they?! (Rock''n'roll)")) == [
        "they're",
        "done",
        "aren't",
        "they",
        "rock",
        "n'roll",
    ]


def test_words_split_on_punctuation_hyphens_and_underscores():
    assert words("well-known, snake_case/slash... end") == [
        "well",
        "known",
        "snake",
        "case",
        "slash",
        "end",
    ]


def test_words_read_the_same_in_other_scripts():
    assert words(normalise("привет, мир! 'вот' так")) == ["пpиbet", "mиp", "bot", "tak"]


def test_word_set_holds_distinct_words():
    assert word_set("the cat and the hat") == frozenset({"the", "cat", "and", "hat"})


def test_strip_invisible_keeps_everything_else():
    assert strip_invisible("exa\u200bmple.com — ok") == "example.com — ok"
