"""Explicit calls for violence and dehumanisation, as named rules a moderator can read.

Each rule is a regular expression over the normalised text (`text.forms`), so "k1ll th3m @ll"
and "кіll them all" read "kill them all". A rule matches a formula, not a topic: "kill them",
"they should be shot", "the only good X is a dead X", never the word "kill" alone, so war
reporting ("the brigade was wiped out"), idioms ("this bill will kill small businesses") and
opinions about violence ("capital punishment should be abolished") pass. Calls need a call: an
imperative at the start of a clause or after "should", "let's", "someone", "time to"...
("they kill them" is reporting, "kill them" is not). Guards (`unless_before`, `unless_after`,
`unless_near`) let the civil complements through: "shoot them an email", "hang them up", "kill
them at the ballot box", "rats in the basement".

Severity follows `Reason`: 1 violent wording aimed at people, 2 a call for violence against a
group or a person or dehumanisation, 3 a concrete threat against a person ("I will kill you",
"I know where you live", "you're next"). A match inside quotation marks (someone reporting
what another said, to report or condemn it) is kept at severity 1 and says so, and publishes the
comment queued for a moderator's review instead of holding it: in our labelled set, two in five
civil quotes ("the commander said 'no survivors'", "reported the user who wrote 'kill them
all'") matched a rule, and holding them held the readers who report threats. The incitement
model still reads the whole comment, and holds it when it reads as a call.

Rules are tried only at their keywords: the text's words are looked up once in a set, each
keyword found is checked by a cheap gate (the word before it, or a short pattern at it), and
only then is the rule's full pattern matched, from each word start up to `Rule.reach`
characters before the keyword (only the words it can start with, when it says). A long civil
comment that says "kill" or "shot" a few times thus costs a set look-up and a few string
searches; the patterns list their words as prefix trees (`_words`), which Python's regular
expressions try far faster than a flat alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gazette.moderation.pipeline import Category, Decision, Draft, Reason
from gazette.moderation.text import forms, word_set

WINDOW_AFTER = 100
_OPENING_PUNCTUATION = "\"'([{*-_"
NEARBY = 60


def _either(*options: str) -> str:
    return "(?:" + "|".join(options) + ")"


def _words(*words: str) -> str:
    """A pattern for any of `words` (plain text), factored by common prefixes: Python's regular
    expressions try the branches of an alternation one by one, and a hundred words cost a
    hundred tries at each position where none of them stands."""
    trie: dict = {}
    for word in words:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [
        re.escape(character) + _trie_pattern(child)
        for character, child in sorted(node.items())
        if character
    ]
    if not branches:
        return ""
    if "" in node:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# People a call can be aimed at. Group words are plural or generic; a call against "the bill"
# or "small businesses" is not one against people.
GROUP_NOUNS = _words(
    "immigrant", "immigrants", "migrant", "migrants", "refugee", "refugees", "asylum seeker",
    "asylum seekers", "illegals", "foreigner", "foreigners", "muslim", "muslims", "moslem",
    "moslems", "jew", "jews", "christian", "christians", "catholic", "catholics", "hindu",
    "hindus", "sikh", "sikhs", "atheist", "atheists", "gay", "gays", "queer", "queers",
    "homosexual", "homosexuals", "trans people", "trans folk", "trans folks",
    "transgender people", "transgender folk", "transgender folks", "trannies", "blacks",
    "whites", "arab", "arabs", "asian", "asians", "african", "africans", "mexican", "mexicans",
    "russian", "russians", "ukrainian", "ukrainians", "israeli", "israelis", "palestinian",
    "palestinians", "gypsies", "roma", "traveller", "travellers", "liberal", "liberals", "libs",
    "libtard", "libtards", "leftist", "leftists", "lefties", "commies", "communist",
    "communists", "socialist", "socialists", "conservative", "conservatives", "tories",
    "democrat", "democrats", "republican", "republicans", "globalist", "globalists", "fascist",
    "fascists", "nazi", "nazis", "antifa", "protester", "protesters", "protestor", "protestors",
    "activist", "activists", "journalist", "journalists", "reporter", "reporters", "teacher",
    "teachers", "politician",
    "politicians", "mps", "banker", "bankers", "landlord", "landlords", "cops", "police",
    "policemen", "pigs", "feminist", "feminists", "women", "traitor", "traitors", "infidel",
    "infidels", "unbeliever", "unbelievers", "heretic", "heretics", "collaborator",
    "collaborators", "separatist", "separatists", "rebel", "rebels", "soldier", "soldiers",
    "troops", "invader", "invaders", "occupier", "occupiers", "settler", "settlers", "orcs",
    "terrorist", "terrorists", "criminal", "criminals", "paedophile", "paedophiles",
    "pedophile", "pedophiles", "pedo", "pedos", "rapist", "rapists", "junkies", "addict",
    "addicts", "homeless", "elite", "elites", "boomer", "boomers", "scum", "vermin", "bastards",
    "savages",
)  # fmt: skip
_ADJECTIVE = r"(?:(?!(?:that|this|a|an|my|his|her|one)\b)[a-z]+ )?"
GROUP = (
    rf"(?:all (?:of )?)?(?:the |those |these |them |our |their |your |such |any )?"
    rf"{_ADJECTIVE}{GROUP_NOUNS}(?![\w'])"
)
# "all", "every one of them": a call against everyone, whoever says it.
TOTAL = _either(
    "them all",
    "'?em all",
    "all of them",
    "all of you",
    "you all",
    "y'all",
    r"every(?: last| single)? one(?: of (?:them|you|those [a-z]+))?",
    "each and every one(?: of (?:them|you))?",
    "the (?:whole )?lot of them",
    rf"(?:all|every|each)(?: single| last)?(?: of)?(?: the| those| these)? {_ADJECTIVE}{GROUP_NOUNS}(?![\w'])",
)
PEOPLE = _either(
    TOTAL,
    "them",
    "'?em",
    "those people",
    "these people",
    "such people",
    "people like (?:them|you|that|this)",
    "(?:that|this) lot",
    "their kind",
    "your kind",
    "you people",
    "their (?:whole )?(?:families|family|kids|children|wives)",
    GROUP,
)
PERSON = _either(
    "him",
    "her",
    "you",
    "u",
    "ya",
    "(?:that|this) (?:man|woman|guy|bitch|bastard|traitor|clown|idiot|scumbag|piece of shit|"
    "journalist|reporter|writer|author|editor|politician|judge|minister|priest|imam|rabbi|cop|"
    "officer|general)",
    "the (?:author|writer|journalist|reporter|editor|columnist|president|prime minister|pm|"
    "mayor|judge|minister|mp|senator|governor|general|leader|ceo)",
)
# Subjects of "should be shot" and "should die" that are people.
SUBJECT = _either(
    "they",
    "he",
    "she",
    "you",
    "you all",
    "y'all",
    "those people",
    "these people",
    "such people",
    "people like (?:you|them|that|this|him|her)",
    "all of them",
    r"every(?: last| single)? one of them",
    "each (?:one )?of them",
    "the lot of them",
    GROUP,
    rf"(?:every|each|any)(?: single| last)? {_ADJECTIVE}{GROUP_NOUNS}(?![\w'])",
)

# Verbs of violence in their base form, with their particle when they have one.
VERBS = (
    "kill", "murder", "exterminate", "slaughter", "massacre", "butcher", "lynch", "behead",
    "annihilate", "eradicate", "stab", "torture", "rape", "strangle", "drown", "gas", "shoot",
    "hang", "burn", "execute", "purge", "nuke", "bomb", "cull", "slay", "stone",
)  # fmt: skip
PARTICLE_VERBS = (
    ("wipe", "out"),
    ("finish", "off"),
    ("gun", "down"),
    ("mow", "down"),
    ("string", "up"),
    ("hunt", "down"),
    ("take", "out(?! (?:for|to|of|on|with|shopping|again|tonight)\\b)"),
)


def _violence_against(target: str) -> str:
    """A verb of violence with `target` as its object: "kill them", "wipe them out"."""
    simple = rf"{_words(*VERBS)} {target}"
    particles = [
        rf"{verb}(?: {particle} {target}| {target} {particle})" for verb, particle in PARTICLE_VERBS
    ]
    bullet = rf"put (?:a|one|two|some) bullets? (?:in|into|through) {target}"
    return _either(simple, bullet, *particles)


# The start of a clause, or words that make the verb after them a call.
CALL_WORDS = (
    "let's", "lets", "let us", "should", "must", "shall", "need to", "needs to", "have to",
    "has to", "got to", "gotta", "ought to", "oughta", "better", "want to", "wanna",
    "would like to", "i'd like to", "we'd like to", "i'd love to", "we'd love to",
    "would love to", "going to", "gonna", "i will", "i'll", "we will", "we'll", "time to",
    "please", "pls", "plz", "why not", "why don't we", "i say we", "i say", "can't wait to",
    "cant wait to", "someone", "somebody", "go",
)  # fmt: skip
CLAUSE_PUNCTUATION = '.!?;:,"(*-'
CALL = _either(
    "^",
    f"(?<=[{CLAUSE_PUNCTUATION}])",
    f"(?<=[{CLAUSE_PUNCTUATION}] )",
    rf"\b{_words(*CALL_WORDS)} ",
)
FILLER = r"(?:(?:just|simply|all|go|and|come|really|finally|literally|actually|fucking|bloody|quickly|immediately|fuckin) ){0,3}"  # fmt: skip

# Complements that turn a violent verb into an idiom or a chore.
BENIGN_COMPLEMENT = (
    r" (?:an? |the |some |over\b|across\b|back\b|down\b(?! the)|up\b|off\b|onto\b|into\b"
    r"|to (?:a|the) (?:disc|disk|cd|dvd)|on (?:a|the) (?:disc|disk|cd|dvd|wall|hook|line)"
    r"|in (?:order|parallel|sequence|black and white|colou?r|raw|slow motion|the (?:fireplace|stove|microwave|oven|sun|wardrobe|closet|cache))"
    r"|with (?:kindness|love|compliments|facts|logic|arguments|humou?r|jokes|emails|questions|a camera|my camera|your camera|my phone)"
    r"|at the (?:ballot box|polls|box office|next election|election)|at (?:the )?polls"
    r"|in the (?:polls|election|elections|debate|ratings|market|courts?|primaries)"
    r"|on (?:the )?(?:field|pitch|court|ice|track|scoreboard|monday|tuesday|wednesday|thursday|friday|saturday|sunday|election day)"
    r"|from (?:the )?(?:cache|database|disk|list|queue|command line|terminal)|calories\b|fat\b)"
)
# Before "kill them all": someone else's intent or a negation, reported rather than called for.
NOT_A_CALL = (
    r"\b(?:wants? to|wanted to|tried to|tries to|trying to|attempted to|attempts? to|plans? to"
    r"|planned to|planning to|threatens? to|threatened to|threatening to|vowed to|vows? to"
    r"|promised to|promises to|aims? to|intends? to|intended to|was going to|were going to|will"
    r"|would|did|does|didn't|doesn't|don't|do not|won't|can't|cannot|could|can|not|never"
    # "No one should kill them all" argues against it; "they're going to kill them all" fears or
    # reports it (a call in the first person, "we're going to...", is still one).
    r"|no one|no-one|noone|nobody|none of us|they're|they are|he's|he is|she's|she is) $"
)
NON_PERSON = _words(
    "bill", "law", "idea", "plan", "proposal", "policy", "project", "scheme", "amendment",
    "motion", "treaty", "deal", "show", "series", "franchise", "trend", "practice", "tradition",
    "rule", "tax", "programme", "program", "company", "business", "industry", "myth", "meme",
    "debate", "argument", "story", "thread", "conversation", "topic", "narrative", "joke",
    "format", "technology", "product", "app", "website", "feature", "model", "car", "plant",
    "tree", "flower", "fish", "cell", "virus", "battery", "phone", "engine", "computer", "film",
    "movie", "scene", "footage", "video", "episode", "photo", "picture", "photograph", "pilot",
    "commercial", "advert", "ad", "dog", "cat", "horse", "animal", "pet", "order", "orders",
    "contract", "warrant", "trade", "code", "script", "strategy", "will", "command", "query",
    "task", "job", "painting", "portrait", "flag", "laundry", "washing", "wallpaper", "curtain",
    "door", "jury", "parliament", "drone", "missile", "plane", "jet", "balloon", "satellite",
    "rocket", "it", "this", "that", "which", "what", "character", "dream", "regime", "system",
    "war", "habit", "game", "fashion", "style", "genre", "paper", "newspaper",
    "magazine", "channel", "era", "attempt", "claim", "lie", "lies", "rumour", "rumor",
)  # fmt: skip
PEST_CONTEXT = (
    r"\b(?:basement|attic|loft|kitchen|garden|garage|shed|barn|sewers?|subway|walls?|traps?|poison"
    r"|exterminator|pest control|infestation|cage|pets?|lab|laboratory|farm|crops?|grain|droppings"
    r"|rodents?|mice|mouse|host|hosts|liver|gut|intestines?|blood cells|malaria|ticks?|fleas?)\b"
)


@dataclass(frozen=True, eq=False)
class Rule:
    """A named formula. `keywords` are words or phrases one of which the formula contains: the
    rule is tried only at them, where the cheap gates pass (`before_keyword`: the text before
    the keyword ends with one of these; `after_keyword`: matches at the keyword), and then from
    each word start up to `reach` characters before the keyword."""

    name: str
    severity: int
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]
    before_keyword: tuple[str, ...] = ()
    after_keyword: re.Pattern[str] | None = None
    reach: int = 60  # how far before its keyword the formula can start
    first_words: tuple[str, ...] = ()  # when set, the formula starts with one of these...
    at_clause_start: bool = False  # ...or at the start of a clause
    unless_before: re.Pattern[str] | None = None  # searched in the text just before the match
    unless_after: re.Pattern[str] | None = None  # matched at the end of the match
    unless_near: re.Pattern[str] | None = None  # searched around the match


def _rule(
    name: str,
    severity: int,
    pattern: str,
    keywords: Iterable[str],
    *,
    before_keyword: Iterable[str] = (),
    after_keyword: str | None = None,
    reach: int = 60,
    first_words: Iterable[str] = (),
    at_clause_start: bool = False,
    **guards: str,
) -> Rule:
    return Rule(
        name=name,
        severity=severity,
        pattern=re.compile(pattern),
        keywords=tuple(keywords),
        before_keyword=tuple(before_keyword),
        after_keyword=re.compile(after_keyword) if after_keyword else None,
        reach=reach,
        first_words=tuple(first_words),
        at_clause_start=at_clause_start,
        **{key: re.compile(value) for key, value in guards.items()},
    )


_VERB_KEYWORDS = (*VERBS, *(verb for verb, _ in PARTICLE_VERBS), "put")
_CALL_FIRST_WORDS = tuple(
    dict.fromkeys(
        f"{word.split()[0]} "
        for word in (*CALL_WORDS, *_VERB_KEYWORDS, "round", "gather", "burn", "send")
    )
)
_FIRST_PERSON = ("i ", "i'", "we ", "we'")
# Who is rounded up in "round up every last one of those X and kill them".
_ROUNDED_UP = _either(
    GROUP_NOUNS,
    _words("men", "people", "villagers", "prisoners", "deserters", "families", "lot"),
)
# Whom "take your guns to the square and execute X" names: a group, or all of them; a bare
# "them" is as often receipts or wasp nests ("grab the receipts and burn them").
_ERRAND_TARGET = _either(GROUP, TOTAL, "those people", "these people")
_DESTROY = r"(?:blow up(?! (?:the |some |a |those |these |our |my )?(?:balloons?|tyres?|tires?|photos?|pictures?|images?|mattress|pool|dinghy|raft|inflatables?)\b)|bomb|firebomb|torch|burn(?: down)?|shell|gas|flatten)"
_EVERYONE = r"(?:everyone|everybody|anyone|every one of them|all of them)"
_ARSON = r"burn (?:down )?(?:their|his|her) (?:houses?|homes?|villages?|mosques?|synagogues?|churches?|shops?)(?: down)?"
_SEND_TO_DEATH = rf"send (?:{PEOPLE})(?: all)? (?:back )?to (?:the )?(?:gas chambers?|ovens|gulags?|death camps?|concentration camps?|extermination camps?)"
_PAST_PARTICIPLES = _either(
    "shot(?! down)", "hanged", "hung(?! (?:on|in|from|up|over|out|jury|parliament))",
    "executed", "put down(?! (?:as|for|on|in|to))",
    "lined up(?: and shot| against (?:a|the) wall)?(?! (?:for|in|to|outside|behind|along|at|by|on))",
    "killed(?! off)", "murdered", "exterminated", "gassed",
    "burn(?:ed|t)(?: alive| at the stake)?", "lynched", "strung up", "slaughtered", "wiped out",
    "eradicated", "culled", "put (?:up )?against (?:a|the) wall", "put to death", "beheaded",
    "shot on sight", "hunted down", "stoned to death", "tortured", "drowned", "euthani[sz]ed",
    "gunned down", "nuked", "bombed", "purged", "massacred", "annihilated", "butchered",
)  # fmt: skip
_PASSIVE_KEYWORDS = tuple(
    f"be {participle}"
    for participle in (
        "shot", "hanged", "hung", "executed", "put", "lined", "killed", "murdered",
        "exterminated", "gassed", "burned", "burnt", "lynched", "strung", "slaughtered", "wiped",
        "eradicated", "culled", "beheaded", "hunted", "stoned", "tortured", "drowned",
        "euthanised", "euthanized", "gunned", "nuked", "bombed", "purged", "massacred",
        "annihilated", "butchered",
    )
)  # fmt: skip
_MODAL = r"(?:should|shall|must|need to|needs to|ought to|oughta|deserve to|deserves to|have to|has to|had better|better)"
_ADVERBS = r"(?: (?:all|just|simply|really|probably|honestly|fucking|publicly|slowly|immediately))*"
# The word before "be shot": a modal or one of `_ADVERBS`.
_MODAL_ENDINGS = (
    "should ", "shall ", "must ", "to ", "oughta ", "better ", "all ", "just ", "simply ",
    "really ", "probably ", "honestly ", "fucking ", "publicly ", "slowly ", "immediately ",
)  # fmt: skip
_STRONG_PARTICIPLES = _either(
    "shot(?! down)(?! (?:in|on|at|with|from|during|over|by) (?:a |the )?(?:film|studio|location|camera|drone|iphone|black|colou?r|35mm|4k|hd|phone))",
    "hanged", "lynched", "strung up", "gassed", "put to death", "beheaded", "shot on sight",
    "burn(?:ed|t) alive", "burn(?:ed|t) at the stake", "lined up and shot",
    "lined up against (?:a|the) wall", "put (?:up )?against (?:a|the) wall", "executed",
    "murdered", "killed(?! off)", "exterminated", "slaughtered", "tortured",
)  # fmt: skip
_DEHUMANISING_NOUNS = (
    "vermin", "parasite", "parasites", "rat", "rats", "cockroach", "cockroaches", "roaches",
    "animal", "animals", "beast", "beasts", "savage", "savages", "maggot", "maggots", "lice",
    "insect", "insects", "pest", "pests", "plague", "disease", "cancer", "virus",
    "infestation", "scum", "filth", "dogs", "pigs", "ape", "apes", "monkeys", "orcs", "zombies",
    "leeches", "termites", "germs", "bacteria", "cattle", "locusts",
)  # fmt: skip
_DEHUMANISING = _words(*_DEHUMANISING_NOUNS)
_WISH_SUBJECT = _either(
    "they", "he", "she", "you", "u", "ya", "y'all", "you all", "all of them",
    r"every(?: last| single)? one of them", "those people", "these people",
    "people like (?:you|them)", GROUP,
    "the (?:author|writer|journalist|reporter|editor|president|pm|prime minister)",
    "(?:his|her|your|their) (?:whole )?(?:family|kids|children)",
)  # fmt: skip
_THREAT_TARGET = _either(
    r"(?:you|u|ya|him|her)\b",
    "the (?:author|writer|journalist|reporter|editor|columnist)",
    "that (?:journalist|reporter|man|woman|guy|bitch|bastard|traitor)",
    "(?:your|his|her) (?:family|wife|husband|kids|children|son|daughter|mother|mum|mom|father|dad|parents|dog|girlfriend|boyfriend)",
)
_THREAT_VERBS = (
    "kill", "murder", "shoot", "stab", "strangle", "choke", "hang", "gut", "behead", "butcher",
    "rape", "hurt", "torture", "slaughter", "execute", "drown", "lynch", "skin", "end", "bury",
    "burn", "beat",
)  # fmt: skip
_FIRST_PERSON_WILL = (
    r"(?:i|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to|'m gonna"
    r"| am gonna|'re gonna| are gonna| gonna| would|'d| want to| wanna| am coming to|'m coming to"
    r"| swear i'll| swear i will| promise i'll| promise i will| will come and|'ll come and)"
)
_THREAT_FILLERS = (
    "personally", "fucking", "literally", "actually", "gladly", "happily", "definitely",
    "really", "come and", "come over and", "come round and", "come to your house and",
    r"find (?:you|him|her) and", r"hunt (?:you|him|her) down and", r"track (?:you|him|her) down and",
)  # fmt: skip
_THREAT_FILLER = rf"(?: {_either(*_THREAT_FILLERS)})*"
# The last word before a threatening verb: "will", "'ll", "going to", "and" (from "come and")...
_THREAT_LEAD_INS = (
    "'ll ", "will ", "shall ", "to ", "gonna ", "wanna ", "would ", "'d ", "and ", "personally ",
    "fucking ", "literally ", "actually ", "gladly ", "happily ", "definitely ", "really ",
)  # fmt: skip
_NOT_AT_A_GAME = r" (?:at|in) (?:chess|poker|cards|tennis|golf|the game|the debate|a debate|an argument|court|the polls|the election)\b"
_CLAUSE_START = r"(?:^|(?<=[.!?;:,\"(*-])|(?<=[.!?;:,\"(*-] ))"
_DEHUMANISE_AFTER = r" (?:lovers?|rights|welfare|shelters?|kingdom|husbandry|sanctuary|(?:in|on|under|inside) (?:the|my|our|your|their|a|its|his|her) (?:basement|attic|loft|kitchen|garden|garage|shed|barn|sewers?|walls?|house|home|flat|apartment|cellar|roof|floor|lab|liver|gut|blood|skin|hair|body|intestines?|host|water|soil)|infect\w*|feed\w*|lay eggs|carry\w*|nest\w*|chew\w*|attach\w*|that live|that infect)\b"

RULES: tuple[Rule, ...] = (
    # Severity 3: concrete threats against a person.
    _rule(
        "violence.threat",
        3,
        _either(
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} {_either(*_THREAT_VERBS)} {_THREAT_TARGET}",
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} (?:slit|cut|break|snap|smash|crush) (?:your|his|her) (?:throat|neck|legs|arms|face|jaw|bones|skull|knees|fingers)",
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} (?:put|pump) (?:a|two|some|six) (?:bullets?|rounds?) (?:in|into|through|between) (?:you|him|her|your|his)",
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} beat (?:the (?:shit|crap|hell|life) out of )?(?:you|him|her)\b",
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} (?:hunt|track) (?:you|him|her) down",
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} find (?:you|him|her)(?! (?:a|an|the|some|one|on|online|in the (?:list|results|database))\b)",
            rf"\b{_FIRST_PERSON_WILL}{_THREAT_FILLER} burn (?:your|his|her) (?:house|home|car|shop|office|flat)(?: down)?",
        ),
        (
            *_THREAT_VERBS,
            "slit",
            "cut",
            "break",
            "snap",
            "smash",
            "crush",
            "put",
            "pump",
            "hunt",
            "track",
            "find",
        ),
        before_keyword=_THREAT_LEAD_INS,
        after_keyword=r"(?:put|pump) (?:a|two|some|six) (?:bullets?|rounds?)|[a-z]+ (?:you|u|ya|him|her|your|his|that|the (?:shit|crap|hell|life) out|the (?:author|writer|journalist|reporter|editor|columnist))\b",
        reach=90,
        unless_after=_NOT_AT_A_GAME,
        first_words=_FIRST_PERSON,
    ),
    _rule(
        "violence.threat",
        3,
        r"\byou(?:'ll| will| are going to|'re going to|'re gonna| are gonna)(?: all)? be (?:killed|shot|murdered|hanged|dead|executed|lynched|slaughtered|butchered|hunted down|found dead|gutted)\b",
        (
            "be killed",
            "be shot",
            "be murdered",
            "be hanged",
            "be dead",
            "be executed",
            "be lynched",
            "be slaughtered",
            "be butchered",
            "be hunted",
            "be found",
            "be gutted",
        ),
        unless_after=_NOT_AT_A_GAME,
        reach=40,
        first_words=("you ", "you'"),
    ),
    _rule(
        "violence.know_where_you_live",
        3,
        r"\b(?:i|we)(?: all| already| now)? know where (?:you|u|he|she|your (?:family|kids|children|wife|husband|mum|mom|mother|parents)|his (?:family|kids|children|wife)|her (?:family|kids|children|husband)) (?:live|lives|sleep|sleeps|work|works|park|parks|go to school|goes to school)\b",
        ("know where",),
        reach=20,
        first_words=_FIRST_PERSON,
    ),
    _rule(
        "violence.know_where_you_live",
        3,
        r"\b(?:i|we)(?:'ve got|'ve found|(?: all| already| now)? (?:know|have|found|got)) (?:your|his|her) (?:home )?address\b",
        ("your address", "his address", "her address", "home address"),
        reach=20,
        first_words=_FIRST_PERSON,
    ),
    _rule(
        "violence.you_are_next",
        3,
        r"\b(?:you're|youre|you are|ur|u r|you'll be|you will be|your family is|your kids are) next\b(?! (?:to|in|on|up|for|at|after|week|month|year|time|door|round|turn|question|speaker|guest|stop|station|generation|season|episode|chapter|step|level|president|leader|ceo|pm|one|person)\b)",
        (
            "you're next",
            "youre next",
            "you are next",
            "ur next",
            "u r next",
            "be next",
            "is next",
            "are next",
        ),
        reach=20,
    ),
    _rule(
        "violence.veiled_threat",
        3,
        _either(
            r"watch your back\b",
            r"sleep with one eye open\b",
            r"your days are numbered\b",
            r"would be a (?:shame|pity) if something (?:bad )?(?:happened|were to happen|was to happen) to (?:you|your)\b",
            r"(?:we're|we are|i'm|im|i am) coming for you\b(?! (?:at|in|on|after|tomorrow|tonight)\b)",
            r"you won't see it coming\b",
            r"you(?:'ll| will) (?:end up|be found|wind up) (?:dead|in a (?:ditch|box|coffin|body bag|river))\b",
            r"enjoy your last (?:days|weeks|breaths?)\b",
            r"your (?:family|kids|children|wife) (?:won't|will not) be safe\b",
            r"you(?:'re| are) (?:a )?dead (?:man|woman|meat)\b",
            r"you (?:won't|wont|will not) (?:live|survive) (?:to see|through|until|till|the (?:week|month|year|night))\b",
        ),
        (
            "watch your back",
            "one eye open",
            "are numbered",
            "shame if",
            "pity if",
            "coming for you",
            "see it coming",
            "up dead",
            "found dead",
            "ditch",
            "coffin",
            "body bag",
            "your last",
            "be safe",
            "dead man",
            "dead woman",
            "dead meat",
            "won't live",
            "wont live",
            "not live",
            "won't survive",
            "not survive",
        ),
        reach=40,
        unless_before=r"\b(?:i|we|i'll|we'll|i will|we will|could|can|to|i'd|we'd|always|help|helps|helped) $",
    ),
    # Severity 2: calls for violence against a group or a person, dehumanisation.
    _rule(
        "violence.kill_group",
        2,
        _either(
            rf"(?<![^\W_]){_violence_against(TOTAL)}",
            rf"{CALL}{FILLER}{_violence_against(PEOPLE)}",
            rf"\b(?:round|gather) (?:{PEOPLE})(?: all)? up and {_violence_against(PEOPLE)}",
            rf"\b(?:round|gather|line|herd) up (?:[^\s.!?;:]+ ){{0,6}}?{_ROUNDED_UP} and {_violence_against(PEOPLE)}",
            rf"{CALL}{FILLER}(?:take|grab|get|bring|drag|pull|march|go) (?:[^\s.!?;:]+ ){{0,8}}?and {_violence_against(_ERRAND_TARGET)}",
            rf"{CALL}{FILLER}{_ARSON}",
            rf"{CALL}{FILLER}{_SEND_TO_DEATH}",
        ),
        (*_VERB_KEYWORDS, "send"),
        after_keyword=_either(_violence_against(PEOPLE), _ARSON, _SEND_TO_DEATH),
        unless_before=NOT_A_CALL,
        unless_after=BENIGN_COMPLEMENT,
        first_words=_CALL_FIRST_WORDS,
        at_clause_start=True,
    ),
    # A place destroyed with the people in it: "blow up the conference and everyone in the room",
    # "set the shelter on fire and shoot whoever runs out". The clause must end after the people
    # ("burn the leaves and everyone in the street complains" is no call).
    _rule(
        "violence.with_everyone_inside",
        2,
        _either(
            rf"{CALL}{FILLER}{_DESTROY} (?:[^\s.!?;:]+ ){{1,6}}?(?:(?:down|to the ground) )?(?:and|with) {_EVERYONE}(?: (?:still|left|hiding))? (?:in it|in there|inside|in them|there|on it|on board|aboard|(?:in|inside) (?:the|that|this) [^\s.!?;:]+)(?=\s*(?:[.!?;:,]|$))",
            rf"{CALL}{FILLER}set (?:[^\s.!?;:]+ ){{1,5}}?on fire and (?:shoot|kill|stab|gun down|club|beat|butcher) (?:whoever|{_EVERYONE}|all who|those who)\b",
        ),
        ("everyone", "everybody", "anyone", "whoever", "every one", "all of them"),
        unless_before=NOT_A_CALL,
        reach=90,
        first_words=(
            *_CALL_FIRST_WORDS,
            "blow ",
            "bomb ",
            "firebomb ",
            "torch ",
            "shell ",
            "flatten ",
            "set ",
        ),
        at_clause_start=True,
    ),
    _rule(
        "violence.kill_person",
        2,
        rf"{CALL}{FILLER}{_violence_against(PERSON)}\b",
        _VERB_KEYWORDS,
        after_keyword=_violence_against(PERSON) + r"\b",
        unless_after=BENIGN_COMPLEMENT,
        first_words=_CALL_FIRST_WORDS,
        at_clause_start=True,
    ),
    _rule(
        "violence.should_be_killed",
        2,
        rf"(?<![^\W_]){SUBJECT}(?: all)? {_MODAL}{_ADVERBS} be(?: all)? {_PAST_PARTICIPLES}\b",
        _PASSIVE_KEYWORDS,
        before_keyword=_MODAL_ENDINGS,
        reach=60,
    ),
    _rule(
        "violence.should_die",
        2,
        r"\b(?:should|must|ought to|deserve to|deserves to|need to|needs to|have to|has to|had better|better|can go|can all go|should go|should just)"
        r"(?: all| just| simply| go| really| fucking| and)* "
        r"(?:die|drop dead|be dead|rot in hell|burn in hell|die in (?:a fire|agony|pain|a ditch|a hole)|suffer and die|be wiped off the (?:face of the )?(?:earth|planet|map)|cease to exist|not exist|not be allowed to (?:live|exist|breathe)|stop breathing|hang(?! (?:up|out|on|around|in|together|about|over|loose|tight|onto|the|a|an|this|that|it|them|his|her|their|your|my|our|some)\b)|swing from)\b",
        (
            "to die",
            "should die",
            "must die",
            "better die",
            "go die",
            "just die",
            "all die",
            "simply die",
            "really die",
            "fucking die",
            "and die",
            "drop dead",
            "be dead",
            "rot in hell",
            "burn in hell",
            "be wiped",
            "to exist",
            "not exist",
            "be allowed",
            "stop breathing",
            "should hang",
            "must hang",
            "to hang",
            "all hang",
            "swing from",
        ),
        unless_before=rf"(?:\b(?:no|nobody|noone|none|never|not|everyone|everybody|all of us|we all|we|us|one|everything|someone|somebody)(?: [a-z']+){{0,2}}|\b{NON_PERSON}s?(?: (?:too|also|itself|then|now))?) $",
        unless_after=r" (?:eventually|someday|some day|one day|sometime|at some point|of old age|of natural causes|in peace|with dignity|peacefully|alone|waiting|for (?:it|nothing|their country|a cause|freedom|our sins)|in vain|young|happy|on (?:the )?(?:operating table|waiting list|trolley)|in (?:hospital|bed|their sleep|committee))\b",
        reach=40,
        first_words=(
            "should ",
            "must ",
            "ought ",
            "deserve",
            "need",
            "have ",
            "has ",
            "had ",
            "better ",
            "can ",
        ),
    ),
    _rule(
        "violence.wish_death",
        2,
        _either(
            rf"\b(?:i|we)(?: really| truly| sincerely| just| all)? (?:hope|wish|pray)(?: that)? {_WISH_SUBJECT}(?: all)? (?:die|dies|died|drops? dead|gets? (?:killed|shot|murdered|hanged|lynched|raped|stabbed|cancer|blown up|run over)|burns?(?: alive| in hell| to death)?|rots? in hell|suffers?(?: and dies?)?|chokes?(?: to death)?|drowns?|were dead|was dead|would die|dies? (?:slowly|painfully|in a fire|horribly))\b",
            rf"\bmay {_WISH_SUBJECT}(?: all)? (?:die|rot|burn|suffer|perish|choke)\b",
        ),
        (
            "i hope",
            "we hope",
            "i wish",
            "we wish",
            "i pray",
            "we pray",
            "i really hope",
            "i truly hope",
            "i sincerely hope",
            "i just hope",
            "we all hope",
            "i really wish",
            "i just wish",
            "may they",
            "may he",
            "may she",
            "may you",
            "may all",
            "may those",
            "may these",
            "may the",
            "may every",
            "may his",
            "may her",
            "may their",
            "may your",
        ),
        reach=0,
    ),
    _rule(
        "violence.deserve_bullet",
        2,
        r"\b(?:deserves?|deserved|earned|has earned|have earned|should get|ought to get|should be given|is owed|are owed|should receive)(?: nothing but| only| nothing less than| no less than)? (?:a|the|some) (?:bullet(?! points?\b)(?: (?:in|to|between|through) the (?:head|brain|face|eyes|skull))?|rope|noose|lynching|firing squad|short drop(?: and a sudden stop)?|lamp ?post|gallows|guillotine)\b",
        (
            "bullet",
            "rope",
            "noose",
            "lynching",
            "firing squad",
            "short drop",
            "lamppost",
            "lamp post",
            "gallows",
            "guillotine",
        ),
        first_words=("deserve", "earned ", "has ", "have ", "should ", "ought ", "is ", "are "),
    ),
    _rule(
        "violence.only_good_dead",
        2,
        r"the only good [a-z']+(?: [a-z']+)? (?:is|are) (?:an? |the )?dead(?: [a-z']+)?",
        ("only good",),
        reach=4,
    ),
    _rule(
        "violence.no_survivors",
        2,
        _either(
            r"\b(?:leave|want|take|let there be|there (?:will|shall|must|should) be|i want|we want)(?: absolutely)? no (?:survivors|prisoners)\b",
            r"\bleave (?:none|no one|nobody|noone|not one|no-one)(?: of them)? (?:alive|standing|breathing)\b",
            rf"\bshow (?:them |these people |those people |{GROUP} )?no mercy\b",
            rf"\bno mercy (?:for|to) (?:them|these|those|any of them|{GROUP})",
            rf"{_CLAUSE_START}(?:no survivors|no prisoners|no mercy)(?= ?[.!?\"]|$)",
        ),
        (
            "no survivors",
            "no prisoners",
            "no mercy",
            "alive",
            "breathing",
            "none standing",
            "one standing",
            "nobody standing",
        ),
        reach=40,
        first_words=("leave ", "want ", "take ", "let ", "there ", "i ", "we ", "show ", "no "),
    ),
    _rule(
        "violence.dehumanise",
        2,
        rf"(?<![^\W_])(?:they|them|those people|these people|such people|you people|{GROUP})(?: (?:are|were|is)|'re) (?:not|no longer|barely|hardly|less than)(?: even)? (?:human|humans|human beings?|people|persons)\b",
        ("human", "humans", "people", "persons", "human being", "human beings"),
        before_keyword=("not ", "even ", "barely ", "hardly ", "longer ", "than "),
        unless_after=r" (?:rights|resources|error|nature|shields|trafficking|capital|interest|touch|contact|face|voice)\b",
        reach=50,
    ),
    _rule(
        "violence.dehumanise",
        2,
        _either(
            rf"(?<![^\W_])(?:they|them|those people|these people|such people|people like (?:them|that|you)|you people|you lot|{GROUP})(?: (?:are|r|were|is|being)|'re)(?: (?:all|just|nothing but|no better than|no more than|like|basically|literally|simply|truly|really|such|a bunch of|a pack of|a horde of|a swarm of|a plague of|fucking|filthy|dirty|disgusting|bloody))*(?: (?:a|an|the))? {_DEHUMANISING}\b",
            rf"\b(?:these|those|such|filthy|dirty|disgusting|fucking)(?: (?:filthy|dirty|disgusting|bloody|fucking))?(?: {GROUP_NOUNS})? (?:vermin|parasites|rats|cockroaches|roaches|sub-?humans|untermenschen|savages|maggots|leeches|orcs)\b",
        ),
        _DEHUMANISING_NOUNS,
        before_keyword=(
            "are ",
            "r ",
            "'re ",
            "were ",
            "is ",
            "being ",
            "these ",
            "those ",
            "such ",
            "filthy ",
            "dirty ",
            "disgusting ",
            "fucking ",
            "bloody ",
            "a ",
            "an ",
            "the ",
            "all ",
            "just ",
            "like ",
            "than ",
            "basically ",
            "literally ",
            "simply ",
            "truly ",
            "really ",
            "of ",
            "but ",
            "s ",
        ),
        unless_after=_DEHUMANISE_AFTER,
        unless_near=PEST_CONTEXT,
        reach=70,
    ),
    _rule(
        "violence.dehumanise",
        2,
        _either(
            rf"\b(?:vermin|parasites|rats|cockroaches|roaches|animals|savages|insects|maggots|leeches) like (?:them|those people|these people|you|{GROUP})",
            rf"\b(?:a |the )?(?:plague|cancer|disease|infestation|virus) (?:of|on) (?:{GROUP}|them|these people|those people)",
            rf"\binfest(?:ed|ation)? (?:with|of|by) (?:{GROUP}|them)",
            rf"\b(?:they|{GROUP})(?: all)? (?:breed|multiply|spread|swarm) like (?:rats|cockroaches|roaches|vermin|insects|rabbits|flies|locusts)\b",
        ),
        (
            *_DEHUMANISING_NOUNS,
            "infested",
            *(
                f"like {pest}"
                for pest in (
                    "rats",
                    "cockroaches",
                    "roaches",
                    "vermin",
                    "insects",
                    "rabbits",
                    "flies",
                    "locusts",
                )
            ),
        ),
        after_keyword=r"[a-z]+ (?:like|of|on|with|by) |like ",
        unless_after=_DEHUMANISE_AFTER,
        unless_near=PEST_CONTEXT,
        reach=40,
    ),
    _rule(
        "violence.dehumanise",
        2,
        r"\b(?:sub-?humans?\b(?! (?:conditions|living|treatment|wages|housing|existence|lives|environment|pay)\b)|untermensch(?:en)?\b)",
        ("subhuman", "subhumans", "sub-human", "sub-humans", "untermensch", "untermenschen"),
        reach=0,
    ),
    _rule(
        "violence.cleanse",
        2,
        _either(
            rf"\b(?:cleanse|purify|purge|rid|clean|clear|free)(?: (?:the|our|this|their|my) (?:country|nation|land|streets|city|town|continent|europe|america|britain|england|world|race|people|society|gene pool|homeland|motherland|fatherland|blood))? of (?:(?:all |the |these |those |such )?{_ADJECTIVE}(?:{GROUP_NOUNS}|vermin|scum|filth|parasites|subhumans|rats|cockroaches|their kind|them|the lot of them|foreigners|outsiders)|people like (?:them|you))(?![\w'])",
            r"\b(?:cleanse|purify) (?:the|our|this) (?:country|nation|land|race|blood|gene pool|homeland|motherland|fatherland)\b(?! of)",
        ),
        ("cleanse", "purify", "purge", "rid", "clean", "clear", "free"),
        after_keyword=r"[a-z]+ (?:(?:the|our|this|their|my) [a-z]+(?: [a-z]+)? )?of |(?:cleanse|purify) (?:the|our|this) ",
        unless_before=r"\b(?:get|got|getting|gets) $",
        reach=0,
    ),
    _rule(
        "violence.cleanse",
        2,
        r"\b(?:we need|time for|bring on|bring back|let's have|start|begin|support|want)(?: some| an?)? ethnic cleansing\b",
        ("ethnic cleansing",),
        reach=25,
        first_words=("we ", "time ", "bring ", "let's ", "start ", "begin ", "support ", "want "),
    ),
    _rule(
        "violence.line_up",
        2,
        _either(
            rf"line (?:{PEOPLE})(?: all)? up\b",
            rf"(?:put|stand|line) (?:{PEOPLE})(?: all)? (?:up )?against (?:a|the) wall\b",
        ),
        ("line", "put", "stand"),
        after_keyword=rf"(?:put|stand|line) (?:{PEOPLE})",
        unless_after=r" (?:in (?:order|a row|rows|alphabetical|size|line|a queue)|by (?:size|height|date|colou?r|age|name)|neatly|straight|side by side|next to|along|to dry|on the (?:shelf|table|desk|floor)|for (?:the|a) (?:photo|picture|interview|vote|match|game|race))\b",
        reach=0,
    ),
    _rule(
        "violence.death_to",
        2,
        rf"(?:{_CLAUSE_START} ?|\b(?:and|i say|we say|chant(?:ed|ing)?|shout(?:ed|ing)?|say|said|says|yell(?:ed|ing)?|scream(?:ed|ing)?) )death to (?:all |the |every |those |these )?[a-z']+",
        ("death to",),
        reach=20,
        first_words=(
            "death ",
            "and ",
            "i ",
            "we ",
            "say",
            "said ",
            "chant",
            "shout",
            "yell",
            "scream",
        ),
        at_clause_start=True,
    ),
    # Severity 1: violent wording aimed at someone the rules cannot tell is a person.
    _rule(
        "violence.should_be_killed_unclear",
        1,
        rf"(?<![^\W_])(?!{NON_PERSON}s?\b)[a-z']+ {_MODAL}{_ADVERBS} be {_STRONG_PARTICIPLES}\b",
        _PASSIVE_KEYWORDS,
        before_keyword=_MODAL_ENDINGS,
        reach=30,
    ),
)


def _index_word(keyword: str) -> str:
    """The word a keyword is looked up by: its longest word ("watch your back" -> "watch")."""
    return max(re.split("[ -]", keyword), key=len)


RULES_BY_WORD: dict[str, tuple[tuple[str, Rule], ...]] = {}
for _each in RULES:
    for _keyword in _each.keywords:
        _word = _index_word(_keyword)
        RULES_BY_WORD[_word] = (*RULES_BY_WORD.get(_word, ()), (_keyword, _each))
INDEX_WORDS = frozenset(RULES_BY_WORD)
MAXIMUM_REACH = max(rule.reach for rule in RULES)
GATE_REACH = 30

_OPENING_SINGLE_QUOTE = re.compile(r"(?<![\w'])'(?=\w)")
_CLOSING_SINGLE_QUOTE = re.compile(r"(?<=[\w.!?,])'(?![\w])")


@dataclass(frozen=True)
class Match:
    rule: Rule
    start: int
    end: int
    snippet: str
    is_quoted: bool

    @property
    def severity(self) -> int:
        return 1 if self.is_quoted else self.rule.severity


def check(draft: Draft) -> list[Reason]:
    found: dict[str, Match] = {}
    for spelling in forms(draft.text, draft.normalised):
        for match in find(spelling):
            kept = found.get(match.rule.name)
            if kept is None or match.severity > kept.severity:
                found[match.rule.name] = match
    ordered = sorted(found.values(), key=lambda match: (-match.severity, match.start))
    return [_reason(match) for match in ordered]


def find(normalised: str) -> list[Match]:
    """Every rule match in one spelling, less those overlapping a match of a more severe rule."""
    hits = INDEX_WORDS.intersection(word_set(normalised))
    matches: dict[tuple[str, int], Match] = {}
    occurrences: dict[str, list[int]] = {}
    word_starts: dict[int, list[int]] = {}
    for word in hits:
        for keyword, rule in RULES_BY_WORD[word]:
            if keyword not in occurrences:
                occurrences[keyword] = _occurrences(normalised, keyword)
            for position in occurrences[keyword]:
                if not _passes_gates(rule, normalised, position):
                    continue
                if position not in word_starts:
                    word_starts[position] = _word_starts(normalised, position)
                found = _match_at(rule, normalised, word_starts[position], position + len(keyword))
                if found is None or (rule.name, found.start()) in matches:
                    continue
                start, end = found.span()
                snippet = found.group().strip(" .,!?;:\"'(*-")
                matches[rule.name, start] = Match(
                    rule, start, end, snippet, _is_quoted(normalised, start, end)
                )
    return _without_overlapped(list(matches.values()))


def _match_at(rule: Rule, text: str, starts: list[int], keyword_end: int) -> re.Match[str] | None:
    """The longest unguarded match of `rule` that starts at one of `starts` at most `rule.reach`
    characters before the keyword (the last of `starts`) and takes the keyword in."""
    end = min(len(text), keyword_end + WINDOW_AFTER)
    lowest = starts[-1] - rule.reach
    for start in starts:
        if start < lowest:
            continue
        if rule.first_words and not (
            text.startswith(rule.first_words, start)
            or (rule.at_clause_start and _starts_clause(text, start))
        ):
            continue
        found = rule.pattern.match(text, start, end)
        if found and found.end() >= keyword_end and not _is_guarded(rule, text, found):
            return found
    return None


def _word_starts(text: str, position: int) -> list[int]:
    """Where words start from `MAXIMUM_REACH` characters before `position` to `position`
    (itself a word start), in that order; a word starts after any opening punctuation. (A
    normalised text has single spaces.)"""
    lowest = max(0, position - MAXIMUM_REACH)
    starts = [0] if lowest == 0 and position else []
    space = text.find(" ", lowest, position)
    while space != -1:
        starts.append(space + 1)
        space = text.find(" ", space + 1, position)
    words = []
    for start in starts:
        while start < position and text[start] in _OPENING_PUNCTUATION:
            start += 1
        if start < position:
            words.append(start)
    words.append(position)
    return words


def _starts_clause(text: str, start: int) -> bool:
    before = text[max(0, start - 2) : start]
    return (
        not before
        or before[-1] in CLAUSE_PUNCTUATION
        or (before[-1] == " " and before[:1] in CLAUSE_PUNCTUATION and len(before) == 2)
    )


def _occurrences(text: str, keyword: str) -> list[int]:
    """Where `keyword` stands as whole words in `text`."""
    positions = []
    last = len(text) - len(keyword)
    position = text.find(keyword)
    while position != -1:
        end = position + len(keyword)
        if (position == 0 or not text[position - 1].isalnum()) and (
            position == last or not text[end].isalnum()
        ):
            positions.append(position)
        position = text.find(keyword, end)
    return positions


def _passes_gates(rule: Rule, text: str, position: int) -> bool:
    if rule.before_keyword and not text[max(0, position - GATE_REACH) : position].endswith(
        rule.before_keyword
    ):
        return False
    if rule.after_keyword is None:
        return True
    found = rule.after_keyword.match(text, position)
    # The gate is the end of the formula: a benign complement after it ends the matter early.
    return found is not None and not (
        rule.unless_after and rule.unless_after.match(text, found.end())
    )


def _is_guarded(rule: Rule, text: str, found: re.Match[str]) -> bool:
    start, end = found.span()
    if rule.unless_before and rule.unless_before.search(text, max(0, start - 40), start):
        return True
    if rule.unless_after and rule.unless_after.match(text, end):
        return True
    return bool(
        rule.unless_near and rule.unless_near.search(text, max(0, start - NEARBY), end + NEARBY)
    )


def _is_quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies between quotation marks: double ones, or single ones that
    open before a word and close after one (so apostrophes in "don't" do not count)."""
    if text.count('"', 0, start) % 2 == 1 and '"' in text[end:]:
        return True
    openings = list(_OPENING_SINGLE_QUOTE.finditer(text, max(0, start - 400), start + 1))
    if not openings:
        return False
    opening = openings[-1].start()
    if _CLOSING_SINGLE_QUOTE.search(text, opening + 1, start):
        return False
    return _CLOSING_SINGLE_QUOTE.search(text, end - 1) is not None


def _without_overlapped(matches: list[Match]) -> list[Match]:
    """Drop a match that overlaps one of a more severe rule: "I will kill you" is a threat (3),
    not also a call (2)."""
    kept: list[Match] = []
    for match in sorted(matches, key=lambda match: (-match.severity, match.start)):
        if not any(
            other.severity > match.severity and other.start < match.end and match.start < other.end
            for other in kept
        ):
            kept.append(match)
    return kept


def _reason(match: Match) -> Reason:
    where = " inside quotation marks, perhaps quoting someone" if match.is_quoted else ""
    return Reason(
        name=match.rule.name,
        category=Category.VIOLENCE,
        severity=match.severity,
        score=1.0,
        detail=f'matched "{match.snippet}"{where} (rule: {match.rule.name})',
        action=Decision.PUBLISH if match.is_quoted else Decision.HOLD,
    )
