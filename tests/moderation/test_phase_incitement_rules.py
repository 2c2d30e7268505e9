import pytest

from gazette.moderation.phases import incitement_rules
from gazette.moderation.pipeline import Category, Decision, evaluate

POSITIVES = [
    # violence.threat (3)
    ("I will kill you.", "violence.threat", 3),
    ("I'm going to find you and kill you", "violence.threat", 3),
    ("we're gonna come round and hurt your family", "violence.threat", 3),
    ("i'll slit your throat", "violence.threat", 3),
    ("I swear I'll put a bullet in your head", "violence.threat", 3),
    ("We will hunt you down", "violence.threat", 3),
    ("I will find you.", "violence.threat", 3),
    ("I'd personally strangle him", "violence.threat", 3),
    ("I'll burn your house down", "violence.threat", 3),
    ("i would happily strangle the editor", "violence.threat", 3),
    ("You'll be killed if you publish that again", "violence.threat", 3),
    ("i w1ll k1ll y0u", "violence.threat", 3),
    ("I will kiiiiill you", "violence.threat", 3),
    ("I will k\u200bi\u200bl\u200bl you", "violence.threat", 3),
    ("I will кіll you", "violence.threat", 3),
    ("I will k i l l you", "violence.threat", 3),
    # violence.know_where_you_live (3)
    ("I know where you live.", "violence.know_where_you_live", 3),
    ("We know where your kids go to school", "violence.know_where_you_live", 3),
    ("i already know where he sleeps", "violence.know_where_you_live", 3),
    ("I've got your home address", "violence.know_where_you_live", 3),
    ("I kn0w wh3re y0u l1ve", "violence.know_where_you_live", 3),
    # violence.you_are_next (3)
    ("You're next.", "violence.you_are_next", 3),
    ("Keep writing this and you are next", "violence.you_are_next", 3),
    ("your family is next", "violence.you_are_next", 3),
    ("Y0u'r3 n3xt", "violence.you_are_next", 3),
    # violence.veiled_threat (3)
    ("Watch your back, reporter.", "violence.veiled_threat", 3),
    ("Better sleep with one eye open", "violence.veiled_threat", 3),
    ("Your days are numbered", "violence.veiled_threat", 3),
    ("It would be a shame if something happened to your kids", "violence.veiled_threat", 3),
    ("We're coming for you", "violence.veiled_threat", 3),
    ("You'll end up in a ditch", "violence.veiled_threat", 3),
    ("you're a dead man", "violence.veiled_threat", 3),
    ("w@tch y0ur b@ck", "violence.veiled_threat", 3),
    ("You won't live to see Christmas.", "violence.veiled_threat", 3),
    # violence.kill_group (2)
    ("Kill them all.", "violence.kill_group", 2),
    ("Round up every last one of those refugees and burn them alive.", "violence.kill_group", 2),
    ("line up the deserters and shoot them", "violence.kill_group", 2),
    ("Take your guns to the council meeting and execute the traitors.", "violence.kill_group", 2),
    ("Get to the square and hang the collaborators.", "violence.kill_group", 2),
    ("kill every last one of them", "violence.kill_group", 2),
    ("Wipe them out.", "violence.kill_group", 2),
    ("We should wipe out the invaders", "violence.kill_group", 2),
    ("Exterminate the immigrants", "violence.kill_group", 2),
    ("someone should slaughter those people", "violence.kill_group", 2),
    ("Time to massacre the protesters", "violence.kill_group", 2),
    ("finish them off", "violence.kill_group", 2),
    ("Gas the lot of them", "violence.kill_group", 2),
    ("burn them all", "violence.kill_group", 2),
    ("Hang the traitors!", "violence.kill_group", 2),
    ("If they cross the border, shoot them.", "violence.kill_group", 2),
    ("Let's execute every one of them", "violence.kill_group", 2),
    ("Eradicate the filthy liberals", "violence.kill_group", 2),
    ("we need to purge the journalists", "violence.kill_group", 2),
    ("k1ll th3m @ll", "violence.kill_group", 2),
    ("кіll thеm аll", "violence.kill_group", 2),
    ("kiiiiill them all", "violence.kill_group", 2),
    ("k.i.l.l them all", "violence.kill_group", 2),
    ("k i l l them all", "violence.kill_group", 2),
    ("KILL THEM A\u200bL\u200bL", "violence.kill_group", 2),
    ("ｋｉｌｌ ｔｈｅｍ ａｌｌ", "violence.kill_group", 2),
    ("Round them up and shoot them.", "violence.kill_group", 2),
    ("Send them all to the gas chambers.", "violence.kill_group", 2),
    ("Let's burn their houses.", "violence.kill_group", 2),
    ("String the traitors up from the lampposts.", "violence.kill_group", 2),
    ("Mow them down.", "violence.kill_group", 2),
    ("Kill all Russians.", "violence.kill_group", 2),
    ("kill every muslim you see", "violence.kill_group", 2),
    # violence.kill_person (2)
    ("Blow up the peace conference and everyone in the room.", "violence.with_everyone_inside", 2),
    ("Shoot him.", "violence.kill_person", 2),
    ("someone should kill the author", "violence.kill_person", 2),
    ("Somebody needs to stab that traitor", "violence.kill_person", 2),
    ("just hang her", "violence.kill_person", 2),
    ("sh00t h1m", "violence.kill_person", 2),
    ("Someone needs to put a bullet in that journalist.", "violence.kill_person", 2),
    # violence.should_be_killed (2)
    ("They should all be shot.", "violence.should_be_killed", 2),
    ("Traitors must be hanged", "violence.should_be_killed", 2),
    ("those people deserve to be executed", "violence.should_be_killed", 2),
    ("Every journalist should be put down", "violence.should_be_killed", 2),
    ("the protesters should be lined up and shot", "violence.should_be_killed", 2),
    ("they need to be lined up against a wall", "violence.should_be_killed", 2),
    ("He should be burned alive", "violence.should_be_killed", 2),
    ("th3y sh0uld b3 sh0t", "violence.should_be_killed", 2),
    ("they should be shoooot", "violence.should_be_killed", 2),
    # violence.should_die (2)
    ("They deserve to die.", "violence.should_die", 2),
    ("these people should die", "violence.should_die", 2),
    ("all of them must die", "violence.should_die", 2),
    ("you should just drop dead", "violence.should_die", 2),
    ("They can go die in a fire", "violence.should_die", 2),
    ("they should rot in hell", "violence.should_die", 2),
    ("They deserve to d1e", "violence.should_die", 2),
    ("they should diiiiie", "violence.should_die", 2),
    # violence.wish_death (2)
    ("I hope they all die", "violence.wish_death", 2),
    ("i really hope he gets shot", "violence.wish_death", 2),
    ("I wish you were dead", "violence.wish_death", 2),
    ("May they all burn", "violence.wish_death", 2),
    ("I hope the immigrants drown", "violence.wish_death", 2),
    # violence.deserve_bullet (2)
    ("they deserve a bullet", "violence.deserve_bullet", 2),
    ("He deserves a bullet in the head", "violence.deserve_bullet", 2),
    ("traitors deserve the rope", "violence.deserve_bullet", 2),
    ("That man has earned a noose", "violence.deserve_bullet", 2),
    ("they deserve a b.u.l.l.e.t", "violence.deserve_bullet", 2),
    # violence.only_good_dead (2)
    ("The only good tory is a dead tory", "violence.only_good_dead", 2),
    ("the only good refugees are dead ones", "violence.only_good_dead", 2),
    # violence.no_survivors (2)
    ("No survivors!", "violence.no_survivors", 2),
    ("Leave none of them alive", "violence.no_survivors", 2),
    ("Show them no mercy", "violence.no_survivors", 2),
    ("no mercy for the collaborators", "violence.no_survivors", 2),
    ("take no prisoners", "violence.no_survivors", 2),
    # violence.dehumanise (2)
    ("They are vermin.", "violence.dehumanise", 2),
    ("these parasites", "violence.dehumanise", 2),
    ("Those rats have to go", "violence.dehumanise", 2),
    ("Immigrants are nothing but cockroaches", "violence.dehumanise", 2),
    ("they're animals", "violence.dehumanise", 2),
    ("Muslims are a plague on this country", "violence.dehumanise", 2),
    ("they are a disease", "violence.dehumanise", 2),
    ("these people are subhuman", "violence.dehumanise", 2),
    ("subhumans, all of them", "violence.dehumanise", 2),
    ("they breed like rats", "violence.dehumanise", 2),
    ("a plague of migrants", "violence.dehumanise", 2),
    ("They are not human.", "violence.dehumanise", 2),
    ("these orcs", "violence.dehumanise", 2),
    ("they are v3rm1n", "violence.dehumanise", 2),
    ("they are vеrmіn", "violence.dehumanise", 2),
    ("they are v e r m i n", "violence.dehumanise", 2),
    ("they are verrrrrmin", "violence.dehumanise", 2),
    # violence.cleanse (2)
    ("cleanse the country of them", "violence.cleanse", 2),
    ("Purify the nation", "violence.cleanse", 2),
    ("rid our streets of these immigrants", "violence.cleanse", 2),
    ("We need ethnic cleansing", "violence.cleanse", 2),
    ("cl3ans3 the c0untry of th3m", "violence.cleanse", 2),
    # violence.line_up (2)
    ("Line them up.", "violence.line_up", 2),
    ("line every one of them up", "violence.line_up", 2),
    ("put them against the wall", "violence.line_up", 2),
    ("l1ne th3m up", "violence.line_up", 2),
    # violence.death_to (2)
    ("Death to the traitors!", "violence.death_to", 2),
    ("and death to all collaborators", "violence.death_to", 2),
    ("d3@th t0 the invaders", "violence.death_to", 2),
    # violence.should_be_killed_unclear (1)
    ("Smith should be hanged", "violence.should_be_killed_unclear", 1),
    ("the mayor must be shot", "violence.should_be_killed_unclear", 1),
    ("murderers should be put to death", "violence.should_be_killed_unclear", 1),
]

CIVIL = [
    "This bill will kill small businesses.",
    "The brigade was wiped out in the counterattack.",
    "Capital punishment should be abolished.",
    "Kill the bill!",
    "Shoot me an email when the report is out.",
    "Shoot them an email and ask for the figures.",
    "We need to execute the plan before winter.",
    "There are rats in the basement again.",
    "These rats in the basement chewed through the cables.",
    "We should kill them with kindness.",
    "Vote them all out at the next election!",
    "We'll kill them at the ballot box.",
    "Destroy their arguments with facts.",
    "The film should be shot in Kyiv.",
    "The plan must be executed carefully.",
    "The old order must be executed faithfully.",
    "The dog had to be put down, sadly.",
    "Hang them up in the hall.",
    "Burn them to a disc and post it.",
    "No one should die waiting for an ambulance.",
    "Nobody deserves to die like that.",
    "We all have to die someday.",
    "This idea needs to die.",
    "The motion should die in committee.",
    "There were no survivors of the crash.",
    "The market shows no mercy.",
    "Rats spread disease in the trenches.",
    "Cancer is a terrible disease.",
    "Smoking is a plague on public health.",
    "Parasites live in the gut of the host.",
    "They were sentenced to death for treason.",
    "He was bored to death to be honest.",
    "Russia wants to kill them all, say the refugees.",
    "You're next in line for the interview.",
    "You're next to speak.",
    "I'll find you a seat at the front.",
    "I will beat you at chess.",
    "I'd kill for a coffee.",
    "I could watch your back at the rally.",
    "Line them up by height for the photo.",
    "The soldiers were shot during the retreat.",
    "Police shot two protesters yesterday.",
    "The regime must be stopped.",
    "The only good news is the ceasefire.",
    "Get rid of them old sofas.",
    "Give them enough rope and they'll hang themselves.",
    "Put a bullet point at the top of the list.",
    "He deserves a bullet point in the history books.",
    "The paintings should be hung in the east wing.",
    "Subhuman conditions in the camps must end.",
    "This is 15 soldiers short of a company.",
    "I hope the ceasefire holds.",
    "May the best team win.",
    "The prisoner will be executed on Tuesday, the court said.",
    "They are animal lovers, the whole family.",
    "They are not human rights lawyers.",
    "Put them against the wall to dry.",
    "They should hang the picture in the lobby.",
    "The shelling will send them to the hospital.",
    "Ukraine must destroy the Russian artillery before the offensive.",
    "They executed prisoners of war, which is a war crime.",
    "You should kill the process and restart the server.",
    "Let's kill some time at the museum.",
    "Someone should shoot a documentary about this.",
    "He was hanged in 1946 after Nuremberg.",
    "The refugees should be housed in the old school.",
    "Corruption is a cancer on our democracy.",
    "I hope he gets better soon.",
    "May they rest in peace.",
    "Death toll rises to 40.",
    "Clean the streets of litter.",
    "Free the country of corruption.",
    "Let's line them up in alphabetical order.",
    "The no mercy rule applies after ten runs.",
    "He was shot dead by a sniper.",
    "Terrorists should be brought to justice.",
    "Burn them calories at the gym.",
]


def names(reasons):
    return [reason.name for reason in reasons]


@pytest.mark.parametrize(("text", "rule", "severity"), POSITIVES)
def test_rule_matches_its_formula_however_spelled(make_draft, text, rule, severity):
    reasons = incitement_rules.check(make_draft(text))

    assert [(reason.name, reason.severity) for reason in reasons] == [(rule, severity)]


@pytest.mark.parametrize("text", CIVIL)
def test_civil_comment_matches_no_rule(make_draft, text):
    assert incitement_rules.check(make_draft(text)) == []


def test_every_rule_has_positive_examples():
    assert {rule.name for rule in incitement_rules.RULES} == {rule for _, rule, _ in POSITIVES}


def test_reason_names_the_rule_and_what_matched(make_draft):
    (reason,) = incitement_rules.check(make_draft("Honestly? Kill them all."))

    assert reason.name == "violence.kill_group"
    assert reason.category == Category.VIOLENCE
    assert reason.severity == 2
    assert reason.score == 1.0
    assert reason.action == Decision.HOLD
    assert reason.detail == 'matched "kill them all" (rule: violence.kill_group)'


def test_match_shows_the_normalised_spelling(make_draft):
    (reason,) = incitement_rules.check(make_draft("k1ll th3m @ll"))

    assert reason.detail == 'matched "kill them all" (rule: violence.kill_group)'


@pytest.mark.parametrize(
    "text",
    [
        'He said "kill them all" and everyone should condemn it.',
        "The crowd chanted “death to the traitors”, which is vile.",
        "Their leader wrote 'they are vermin' last week; shameful.",
        "The sign read «line them up». Disgraceful.",
    ],
)
def test_quoted_call_is_published_at_severity_1_for_a_person_to_judge(make_draft, text):
    draft = make_draft(text)
    (reason,) = incitement_rules.check(draft)

    assert reason.severity == 1
    assert reason.action == Decision.PUBLISH
    verdict = evaluate(draft, [incitement_rules.check])
    assert verdict.decision == Decision.PUBLISH
    assert verdict.needs_review
    assert not verdict.is_incitement
    assert "inside quotation marks" in reason.detail


def test_unquoted_call_next_to_a_quote_keeps_its_severity(make_draft):
    (reason,) = incitement_rules.check(make_draft('He said "enough". Kill them all.'))

    assert reason.severity == 2
    assert "quotation" not in reason.detail


def test_threat_is_not_also_reported_as_a_call(make_draft):
    reasons = incitement_rules.check(make_draft("I'm going to kill you"))

    assert names(reasons) == ["violence.threat"]


def test_separate_formulas_give_one_reason_each_most_severe_first(make_draft):
    reasons = incitement_rules.check(
        make_draft("They are vermin. Kill them all. I know where you live.")
    )

    assert names(reasons) == [
        "violence.know_where_you_live",
        "violence.dehumanise",
        "violence.kill_group",
    ]


def test_a_formula_repeated_gives_one_reason(make_draft):
    reasons = incitement_rules.check(make_draft("Kill them all. Kill them all. KILL THEM ALL."))

    assert names(reasons) == ["violence.kill_group"]


def test_long_civil_comment_with_violent_words_matches_nothing(make_draft):
    text = " ".join(CIVIL) * 3

    assert incitement_rules.check(make_draft(text)) == []


def test_a_round_up_and_kill_call_between_civil_sentences_is_found(make_draft):
    text = " ".join(CIVIL) + " Round up every last one of those refugees and burn them alive. "
    text += " ".join(CIVIL)

    assert names(incitement_rules.check(make_draft(text))) == ["violence.kill_group"]


@pytest.mark.parametrize(
    "text",
    [
        "The militia rounded up the men and shot them, survivors told the tribunal.",
        "Round up the receipts and burn them after seven years, my accountant says.",
        "They will round up the men and shoot them, the mayor warned.",
        "Line up the candidates and vote them out in May.",
        "Take the kids to the park and shoot some photos.",
        "Go to the polls and kill the bill.",
        "Take the train to Velt and kill some time at the museum.",
        "They take the prisoners to the yard and shoot them, witnesses say.",
        "Grab the receipts and burn them.",
        "Take the old letters to the garden and burn them.",
        "Take the wasp nests down and gas them.",
        "Get your camera and shoot them at dawn, the light is best.",
        "Line up the boys and shoot them for the team photo.",
    ],
)
def test_round_ups_and_errands_reported_or_of_things_are_not_calls(make_draft, text):
    assert incitement_rules.check(make_draft(text)) == []


def test_call_at_the_end_of_a_long_comment_is_found(make_draft):
    text = " ".join(CIVIL) + " Honestly, exterminate the lot of them."

    assert names(incitement_rules.check(make_draft(text))) == ["violence.kill_group"]


@pytest.mark.parametrize(
    "text",
    ["Stone the teacher to death for what she said.", "We should stone the teachers."],
)
def test_stoning_a_person_is_a_call_for_violence(make_draft, text):
    reasons = incitement_rules.check(make_draft(text))

    assert any(reason.action == Decision.HOLD for reason in reasons)


@pytest.mark.parametrize(
    "text", ["Stone the cherries before baking.", "Stone Age tools were found near the bridge."]
)
def test_stoning_fruit_or_the_stone_age_is_not(make_draft, text):
    assert incitement_rules.check(make_draft(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Blow up the peace conference and everyone in the room.",
        "Set the shelter on fire and shoot whoever runs out.",
        "Burn the northern quarter to the ground with everyone in it.",
        "We should bomb the church with everyone inside!",
        "torch the camp with all of them inside",
        "Gas the bus and everyone on it.",
    ],
)
def test_a_place_destroyed_with_the_people_in_it_is_a_call(make_draft, text):
    assert names(incitement_rules.check(make_draft(text))) == ["violence.with_everyone_inside"]


@pytest.mark.parametrize(
    "text",
    [
        "Burn the leaves and everyone in the street complains about the smoke.",
        "Blow up the balloons and everyone in the room gets one.",
        "The army bombed the depot and everyone in it died.",
        "They shelled the school with everyone inside, the report says.",
        "Torch the plan and everyone in the office will thank you.",
        "Flatten the dough and everyone in the kitchen can help.",
        "Set the alarm and everyone there will wake up on time.",
        "No one should bomb the church with everyone inside.",
        "They're going to blow up the conference and everyone in the room, the police warned.",
    ],
)
def test_reports_and_ordinary_errands_with_everyone_in_them_are_not_calls(make_draft, text):
    assert incitement_rules.check(make_draft(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Nobody should burn their houses.",
        "No one should shoot the protesters.",
        "They're going to shoot the protesters, the organisers fear.",
        "She is going to burn their houses, the neighbours told the police.",
    ],
)
def test_a_call_argued_against_or_feared_in_the_third_person_is_not_a_call(make_draft, text):
    assert incitement_rules.check(make_draft(text)) == []


@pytest.mark.parametrize(
    "text", ["We're going to shoot the protesters.", "Someone should burn their houses."]
)
def test_the_same_call_in_the_first_person_or_urged_is_still_a_call(make_draft, text):
    assert names(incitement_rules.check(make_draft(text))) == ["violence.kill_group"]
