"""The demo newsroom's words: a fictional outlet covering a fictional war.

The Meridian Ledger, Halvoria, Dastrenia and every person and place here are invented for the
demo. Images are referred to by title; the loader swaps titles for database ids.
"""

from dataclasses import dataclass
from typing import Any

SITE_NAME = "The Meridian Ledger"
TAGLINE = "Independent, reader-funded reporting on Halvoria’s war — every claim sourced."

WAR_REPORT_SLUG = "fighting-near-karveno-bridge"

ILLUSTRATION_CREDIT = "Illustration: The Meridian Ledger / demo data"
MAP_CREDIT = "Map: The Meridian Ledger / demo data"


@dataclass(frozen=True)
class DemoImage:
    title: str
    filename: str
    scene: str | None = None  # None for the front-line map, else a key of maps.PHOTO_SCENES


@dataclass(frozen=True)
class DemoAuthor:
    name: str
    slug: str
    role: str
    bio: str


@dataclass(frozen=True)
class DemoSection:
    title: str
    slug: str
    intro: str


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    section: str
    title: str
    standfirst: str
    dateline_place: str
    author: str
    tags: tuple[str, ...]
    lead_image: str
    lead_caption: str
    lead_alt: str
    body: tuple[tuple[str, Any], ...]
    published_hours_ago: float
    lead_kind: str = "photo"
    lead_credit: str = ILLUSTRATION_CREDIT
    # Hours between the first and the latest publication, when the story was updated later.
    updated_hours_after: float | None = None


def paragraph(html: str) -> tuple[str, str]:
    return ("paragraph", html if html.startswith("<") else f"<p>{html}</p>")


def quote(text: str, attribution: str, role: str = "", source: str = "") -> tuple[str, dict]:
    return ("quote", {"quote": text, "attribution": attribution, "role": role, "source": source})


def map_block(image: str, caption: str, alt: str, credit: str = MAP_CREDIT) -> tuple[str, dict]:
    return ("map", {"image": image, "caption": caption, "alt": alt, "credit": credit})


def image_block(image: str, caption: str, credit: str = ILLUSTRATION_CREDIT) -> tuple[str, dict]:
    return ("image", {"image": image, "caption": caption, "credit": credit})


MAP_IMAGE = "Map: fighting around the Karveno bridge"
BRIDGE_IMAGE = "Illustration: the Karveno road bridge at dusk"
HOSPITAL_IMAGE = "Illustration: field hospital in Solvara at night"
POWER_IMAGE = "Illustration: power lines east of Tovenna at dawn"
PARLIAMENT_IMAGE = "Illustration: the National Assembly in Velmora"
PORT_SELLAN_IMAGE = "Illustration: Port Sellan from Lake Orm"
MINISTRY_IMAGE = "Illustration: the finance ministry in Velmora at night"
ROAD_IMAGE = "Illustration: the H7 highway east of Solvara at first light"

IMAGES = [
    DemoImage(MAP_IMAGE, "karveno-front-line-map.png"),
    DemoImage(BRIDGE_IMAGE, "karveno-bridge-at-dusk.jpg", "bridge-at-dusk"),
    DemoImage(HOSPITAL_IMAGE, "solvara-field-hospital.jpg", "field-hospital-at-night"),
    DemoImage(POWER_IMAGE, "tovenna-power-lines.jpg", "power-lines-at-dawn"),
    DemoImage(PARLIAMENT_IMAGE, "velmora-national-assembly.jpg", "parliament"),
    DemoImage(PORT_SELLAN_IMAGE, "port-sellan-lake-orm.jpg", "lakeside-city"),
    DemoImage(MINISTRY_IMAGE, "velmora-finance-ministry.jpg", "ministry-at-night"),
    DemoImage(ROAD_IMAGE, "h7-highway-first-light.jpg", "road-at-first-light"),
]

MAP_ALT = (
    "Schematic map of the Ilvasa valley. The river runs north to south past Karveno, on the west "
    "bank beside the H7 road bridge. East of the river, a hatched contested zone covers Pellina "
    "and Ustrano; beyond it, an area up to the border is claimed by the Dastrenian army. Red "
    "arrows show Dastrenian advances reported towards the bridge, a blue arrow a Halvorian "
    "counter-attack south of Karveno, and starbursts reported strikes in Karveno, on the bridge "
    "and in Pellina."
)

AUTHORS = [
    DemoAuthor(
        name="Mara Ostrin",
        slug="mara-ostrin",
        role="Correspondent, Ilvasa front",
        bio=(
            "Mara Ostrin has reported from Halvoria’s eastern provinces since the first week of "
            "the invasion. Before the war she covered farming and the local courts for regional "
            "papers in Solvara. She files from the front with a small team of local producers "
            "and drivers, whose names we withhold for their safety."
        ),
    ),
    DemoAuthor(
        name="Teodor Brannik",
        slug="teodor-brannik",
        role="Political correspondent, Velmora",
        bio=(
            "Teodor Brannik covers the National Assembly, the government and the money that "
            "keeps the war going. He spent eleven years at the parliamentary press gallery "
            "before joining The Meridian Ledger when it was founded."
        ),
    ),
    DemoAuthor(
        name="Ines Korvath",
        slug="ines-korvath",
        role="Explainers and data editor",
        bio=(
            "Ines Korvath edits our explainers and maps and leads the verification desk. She "
            "trained as a cartographer and checks every map we publish against at least two "
            "independent sources before it goes out."
        ),
    ),
    DemoAuthor(
        name="Luka Denhart",
        slug="luka-denhart",
        role="Night editor, news desk",
        bio=(
            "Luka Denhart runs the overnight news desk, where statements from both armies, "
            "officials and aid groups arrive faster than they can be checked. He decides what "
            "we publish before dawn, and what waits until it can be confirmed."
        ),
    ),
]

SECTIONS = [
    DemoSection(
        title="Front Line",
        slug="front-line",
        intro=(
            "Reporting from the towns and villages along the Ilvasa front: what happened, who "
            "says so, and what we could confirm."
        ),
    ),
    DemoSection(
        title="Politics",
        slug="politics",
        intro=(
            "Parliament, government and diplomacy in wartime Halvoria, and the decisions made "
            "in Velmora that reach the front."
        ),
    ),
    DemoSection(
        title="Explainers",
        slug="explainers",
        intro="The background behind the headlines: maps, numbers, and how we know what we know.",
    ),
]

WAR_REPORT = DemoArticle(
    slug=WAR_REPORT_SLUG,
    section="front-line",
    title="Heavy fighting reported at Karveno bridge as both armies claim the upper hand",
    standfirst=(
        "Dastrenia’s army says its troops have reached the Ilvasa river at Karveno; Halvoria’s "
        "defence ministry says two assaults were repelled overnight. Local officials report "
        "civilian deaths and a new wave of departures from the town."
    ),
    dateline_place="KARVENO",
    author="mara-ostrin",
    tags=("Karveno", "Ilvasa front", "Dastrenian army", "Civilians", "Displacement"),
    lead_image=MAP_IMAGE,
    lead_kind="map",
    lead_caption=(
        "Areas of control around Karveno as claimed by Dastrenia’s army and Halvoria’s defence "
        "ministry. Positions are approximate."
    ),
    lead_alt=MAP_ALT,
    lead_credit=MAP_CREDIT,
    published_hours_ago=1.5,
    body=(
        paragraph(
            "<p>Heavy fighting broke out overnight around the road bridge at Karveno, the last "
            "crossing over the Ilvasa river still held by Halvoria along a 40-kilometre stretch "
            "of the eastern front, according to statements from both armies and residents "
            "reached by telephone.</p>"
            "<p>Shelling could be heard in the town centre from shortly after midnight until "
            "dawn, three residents said. Smoke was rising from the east bank, where the village "
            "of Pellina has lost most of its pre-war population of about 2,000.</p>"
        ),
        quote(
            "Our units have taken full control of Pellina and the approaches to the Karveno "
            "crossing. The enemy has withdrawn to the western bank with heavy losses.",
            "Col. Aurel Stavik",
            "spokesman for the Dastrenian army’s Eastern Command",
            "in a video statement published on the army’s official channel",
        ),
        quote(
            "The bridge remains under the control of the Defence Forces. The enemy attempted to "
            "cross twice during the night and was stopped twice. Our positions on both banks "
            "are held.",
            "Halvorian Ministry of Defence",
            "",
            "in its morning operational bulletin",
        ),
        paragraph(
            "<p>The Meridian Ledger could not independently verify either side’s claims. "
            "Journalists have not been allowed within ten kilometres of the bridge since last "
            "week, and both armies restrict reporting on troop movements. Neither side gave "
            "figures for its own losses. The map below shows what each side says it controls; "
            "the lines are approximate.</p>"
        ),
        map_block(
            MAP_IMAGE,
            "Reported advances, the counter-attack claimed by Halvoria and reported strikes "
            "around the bridge overnight. The Meridian Ledger could not verify the positions.",
            MAP_ALT,
        ),
        paragraph(
            "<p>Karveno’s district administration said four civilians had been killed and 17 "
            "wounded in the town since the shelling began, including two people hit while "
            "queuing for water near the central market. The administration said hospital "
            "records were incomplete because two of the town’s three clinics have closed, and "
            "the figures could not be checked against them.</p>"
        ),
        quote(
            "We are asking everyone who can leave to leave. The buses will run for as long as "
            "the road west is open, and not one hour longer.",
            "Dalia Reuss",
            "head of the Karveno district administration",
            "speaking to reporters in Solvara",
        ),
        paragraph(
            "<p>According to the regional office of Halvoria’s Interior Ministry, about 3,400 "
            "people have registered as displaced from Karveno district in the past seven days, "
            "bringing the total since the start of the year to more than 21,000. Volunteers "
            "with Open Road, a local group that runs evacuation buses from the town, said they "
            "had carried 612 people west in the past 24 hours and expected more.</p>"
        ),
        quote(
            "Most of what we saw last night were shrapnel wounds, soldiers and civilians alike. "
            "We have two surgeons for the whole district, and the generator is our biggest "
            "worry.",
            "Dr Yana Morell",
            "surgeon at the field hospital in Solvara",
            "by telephone",
        ),
        paragraph(
            "<p>The bridge carries the H7 highway, the main supply road between the front and "
            "Solvara, 35 kilometres to the west. Losing it would leave Halvorian units on the "
            "east bank relying on pontoon crossings further south. "
            '<a href="/explainers/why-karveno-bridge-matters/">Our explainer</a> sets out why '
            "the crossing matters. This report will be updated.</p>"
        ),
    ),
)

HOSPITAL_FEATURE = DemoArticle(
    slug="solvara-field-hospital-night-shift",
    section="front-line",
    title="In Solvara’s field hospital, the night shift never really ends",
    standfirst=(
        "Thirty-five kilometres from the front, a school sports hall has become the busiest "
        "surgical unit in the east. Its staff say the hardest part is not the wounds but the "
        "waiting."
    ),
    dateline_place="SOLVARA",
    author="mara-ostrin",
    tags=("Solvara", "Health care", "Civilians", "Ilvasa front"),
    lead_image=HOSPITAL_IMAGE,
    lead_caption="Tents set up beside the sports hall that now serves as Solvara’s field hospital.",
    lead_alt=(
        "Three large tents at night, their doorways lit from inside, with floodlights on poles "
        "and an ambulance parked in front."
    ),
    published_hours_ago=14,
    body=(
        paragraph(
            "The first ambulance usually arrives a little after ten at night. By then the "
            "generator has been refuelled, the floor of the old sports hall has been mopped "
            "for the second time, and the three surgeons on duty have eaten whatever the "
            "volunteers from the bakery across the road have brought."
        ),
        paragraph(
            "The hospital in Solvara was meant to be temporary. It opened in a school’s sports "
            "hall after the town’s main hospital lost its roof in a strike last spring. Fourteen "
            "months later, it has 60 beds, two operating theatres separated by a curtain, and "
            "a waiting list of patients who need transfer to Velmora but cannot travel yet."
        ),
        quote(
            "People think the worst moment is when the wounded come in. It isn’t. The worst is "
            "the hour before, when the radio says they are on the way and you do not know how "
            "many.",
            "Sabina Holt",
            "head nurse",
        ),
        paragraph(
            "Staff say about a third of their patients are civilians, most of them from "
            "Karveno and the villages along the river. The hospital’s own records, which "
            "The Meridian Ledger was allowed to see with names removed, show 412 admissions "
            "in the past three months, 139 of them civilians and 23 of them children."
        ),
        image_block(
            ROAD_IMAGE,
            "The H7 highway west of Karveno, the road every ambulance takes to Solvara.",
        ),
        paragraph(
            "Power is the constant worry. The hall runs on two diesel generators, one of which "
            "is older than most of the nurses. When the grid went down across the east in "
            "the spring, the staff operated for four nights by the light of head torches."
        ),
        quote(
            "We have learned to do in twenty minutes what used to take an hour. That is not "
            "something to be proud of. It is something we should never have had to learn.",
            "Dr Yana Morell",
            "surgeon",
        ),
        paragraph(
            "By five in the morning the hall is quiet. The patients who can be moved are loaded "
            "onto a converted bus bound for Velmora. The night shift hands over to the day "
            "shift, which is, on most days, the same people."
        ),
    ),
)

POWER_CUTS = DemoArticle(
    slug="drone-strikes-cut-power-eastern-districts",
    section="front-line",
    title="Drone strikes cut power to three eastern districts",
    standfirst=(
        "About 140,000 households lost electricity after an overnight attack on a substation "
        "near Tovenna, Halvoria’s grid operator said. Repairs could take several days."
    ),
    dateline_place="TOVENNA",
    author="luka-denhart",
    tags=("Energy", "Drones", "Infrastructure", "Tovenna"),
    lead_image=POWER_IMAGE,
    lead_caption="High-voltage lines running east from Tovenna towards the Ilvasa valley.",
    lead_alt="A row of electricity pylons crossing flat farmland towards the horizon at dawn.",
    published_hours_ago=20,
    updated_hours_after=2,
    body=(
        paragraph(
            "A substation that feeds most of Halvoria’s eastern districts was hit by drones "
            "before dawn, cutting electricity to about 140,000 households in Solvara, Mirenta "
            "and Karveno districts, the national grid operator said."
        ),
        quote(
            "Two transformers were damaged beyond repair. Our crews are on site and will "
            "restore supply in stages, starting with hospitals and water pumping stations.",
            "Nadia Ferrant",
            "spokeswoman for Halnet, the national grid operator",
            "in a statement",
        ),
        paragraph(
            "The regional administration said 11 drones had been launched at the Tovenna area "
            "and that air defences had shot down eight. The figure could not be independently "
            "confirmed. No casualties were reported."
        ),
        quote(
            "Our forces struck energy facilities used to supply the enemy’s military "
            "formations in the Ilvasa sector.",
            "Dastrenian Ministry of Defence",
            "",
            "in a post on its official channel",
        ),
        paragraph(
            "Residents in Solvara said mobile networks were also patchy because phone masts were "
            "running on backup batteries. The city opened six heated shelters with generators, "
            "where people can charge phones and get hot drinks."
        ),
        paragraph(
            "It was the fourth attack on the eastern grid in two months. Halnet said last month "
            "that it had run out of spare transformers of the type used at Tovenna and was "
            "waiting for replacements ordered from abroad."
        ),
        paragraph(
            "<p><em>Updated: this article now includes the grid operator’s revised figure for "
            "households without power, the regional administration’s account of the attack and "
            "a statement from Dastrenia’s defence ministry.</em></p>"
        ),
    ),
)

MARTIAL_LAW = DemoArticle(
    slug="parliament-extends-martial-law",
    section="politics",
    title="Parliament extends martial law for 90 days, with its biggest rebellion yet",
    standfirst=(
        "The extension passed comfortably, but 41 deputies voted against or abstained, the "
        "largest revolt since the war began, driven by anger over the mobilisation rules."
    ),
    dateline_place="VELMORA",
    author="teodor-brannik",
    tags=("National Assembly", "Martial law", "Mobilisation", "Velmora"),
    lead_image=PARLIAMENT_IMAGE,
    lead_caption="The National Assembly in Velmora, where deputies voted on the extension.",
    lead_alt="A pale stone parliament building with a row of columns and a dome, flag flying.",
    published_hours_ago=30,
    body=(
        paragraph(
            "Halvoria’s National Assembly voted to extend martial law for a further "
            "90 days, the sixth extension since Dastrenian troops crossed the border. The "
            "measure passed by 203 votes to 29, with 12 abstentions."
        ),
        paragraph(
            "The government had expected a routine vote. But in the hours before it, deputies "
            "from three parties demanded changes to the rules that decide who can be called up, "
            "and several said they would not support the extension without a date for a "
            "debate on them."
        ),
        quote(
            "Nobody in this chamber wants to leave the country defenceless. But families have "
            "waited more than a year to be told when their sons and daughters will come home, "
            "and they are owed an answer.",
            "Irma Castell",
            "deputy for Mirenta, Civic Union",
            "during the debate",
        ),
        quote(
            "Martial law is not a political choice. It is what allows the army to do its job. "
            "We will bring proposals on rotation to this house before the summer.",
            "Prime Minister Oren Valtari",
            "",
            "closing the debate",
        ),
        paragraph(
            "Under martial law, elections are suspended, men aged 18 to 60 need permission to "
            "leave the country and the army may requisition vehicles and buildings. Rights "
            "groups have criticised the broad powers it gives regional military "
            "administrations over local councils."
        ),
        paragraph(
            "The Speaker said a debate on mobilisation and rotation would be scheduled within "
            "30 days. Opposition deputies said they would table their own bill if the "
            "government’s proposals were not published by then."
        ),
    ),
)

PRISONER_TALKS = DemoArticle(
    slug="prisoner-exchange-talks-stall",
    section="politics",
    title="Prisoner exchange talks stall in Port Sellan over a list of names",
    standfirst=(
        "Negotiators from both sides left the Quessan capital without a deal after three days. "
        "Mediators say the sticking point is not numbers but who is on the lists."
    ),
    dateline_place="PORT SELLAN",
    author="luka-denhart",
    tags=("Diplomacy", "Prisoners of war", "Quessa"),
    lead_image=PORT_SELLAN_IMAGE,
    lead_caption="Port Sellan on Lake Orm, where the talks have been held since the winter.",
    lead_alt="A city skyline on the shore of a lake, with snow-capped mountains behind.",
    published_hours_ago=44,
    body=(
        paragraph(
            "Talks on a new exchange of prisoners of war between Halvoria and Dastrenia ended "
            "without agreement in Port Sellan, the capital of neutral Quessa, after three days "
            "of meetings hosted by the Quessan foreign ministry."
        ),
        paragraph(
            "Both sides had said before the talks that they were ready to exchange about 300 "
            "prisoners each. According to two people familiar with the negotiations, who spoke "
            "on condition of anonymity because the talks were confidential, the delegations "
            "could not agree on whether wounded civilians detained in occupied areas should be "
            "included."
        ),
        quote(
            "Both delegations negotiated seriously and both have asked to return. We will not "
            "comment on the substance while families are waiting for news.",
            "Ambassador Helle Marchetti",
            "Quessan mediator",
            "at a news conference",
        ),
        quote(
            "We came with a list and we will leave with the same list. Every person on it is a "
            "citizen of Halvoria, whatever uniform or none they were wearing when they were "
            "taken.",
            "Jonas Ebrel",
            "head of the Halvorian delegation",
        ),
        quote(
            "The Halvorian side has introduced conditions that were not part of the agreed "
            "framework. Dastrenia remains ready to carry out an exchange on the basis agreed "
            "in the winter.",
            "Dastrenian Foreign Ministry",
            "",
            "in a written statement",
        ),
        paragraph(
            "The last exchange, in the winter, returned 212 Halvorian and 198 Dastrenian "
            "prisoners. The Halvorian ombudsman’s office says it has records of more than "
            "4,000 Halvorian citizens held by Dastrenia, including about 900 civilians; "
            "Dastrenia has not published its own figures."
        ),
        paragraph(
            "Quessa’s foreign ministry said a new round could take place within a month. "
            "Families of prisoners plan to gather outside the ombudsman’s office in Velmora "
            "this weekend."
        ),
    ),
)

BUDGET = DemoArticle(
    slug="what-the-war-is-costing",
    section="politics",
    title="Defence now takes more than a third of Halvoria’s budget. Here is where the rest goes",
    standfirst=(
        "The finance ministry’s draft budget for next year puts military spending at 38% of the "
        "total. Pensions and schools are protected; roads, culture and regional grants are not."
    ),
    dateline_place="VELMORA",
    author="teodor-brannik",
    tags=("Budget", "Economy", "Defence spending", "National Assembly"),
    lead_image=MINISTRY_IMAGE,
    lead_caption="Lights on late at the finance ministry in Velmora during budget week.",
    lead_alt="The facade of a large office building at night, some of its windows lit.",
    published_hours_ago=58,
    body=(
        paragraph(
            "Halvoria’s government plans to spend 412 billion crowns next year, according to a "
            "draft budget sent to the National Assembly, and 157 billion of it on defence: 38% "
            "of the total, up from 31% this year and 9% before the war."
        ),
        paragraph(
            "<h2>What is protected</h2><p>Pensions rise with inflation, as the law requires, "
            "and teachers’ pay is frozen rather than cut. Spending on hospitals in the eastern "
            "provinces rises by a fifth, most of it for generators, ambulances and repairs.</p>"
        ),
        paragraph(
            "<h2>What is cut</h2><ul><li>Road building outside the east: down 46%</li>"
            "<li>Grants to regional councils: down 22%</li><li>Culture and sport: down 30%</li>"
            "<li>Subsidies for household heating: phased out by the end of the year</li></ul>"
        ),
        quote(
            "This is a budget for a country that intends to win a long war and still be a "
            "country when it is over. Every crown has been argued for.",
            "Finance Minister Rafaela Imre",
            "",
            "presenting the draft to the budget committee",
        ),
        paragraph(
            "The deficit is forecast at 14% of national income, to be covered mostly by loans "
            "and grants from foreign partners. The central bank warned this month that the "
            "country’s borrowing costs had risen and that the plan depended on aid arriving on "
            "time."
        ),
        quote(
            "The numbers only add up if every promised payment from abroad arrives in the month "
            "it was promised. That has not happened once this year.",
            "Petr Anselm",
            "economist at the Velmora Institute for Public Finance",
        ),
        paragraph(
            "Deputies have until the end of next month to amend the draft. Regional councils "
            "have already asked to meet the budget committee about the cut to their grants."
        ),
    ),
)

BRIDGE_EXPLAINER = DemoArticle(
    slug="why-karveno-bridge-matters",
    section="explainers",
    title="Why one bridge at Karveno matters so much",
    standfirst=(
        "It is only 240 metres long, but the Karveno road bridge is the last fixed crossing of "
        "the middle Ilvasa in Halvorian hands. Here is what would change if it fell."
    ),
    dateline_place="VELMORA",
    author="ines-korvath",
    tags=("Explainer", "Karveno", "Ilvasa front", "Infrastructure"),
    lead_image=BRIDGE_IMAGE,
    lead_caption="The steel truss road bridge over the Ilvasa at Karveno, seen from the south.",
    lead_alt="Silhouette of a steel truss bridge on three piers over a wide river at sunset.",
    published_hours_ago=26,
    body=(
        paragraph(
            "<h2>What is the bridge?</h2><p>The Karveno road bridge carries the H7 highway "
            "across the Ilvasa river. Built in the 1960s as a steel truss on three piers, it "
            "was widened to four lanes twelve years ago. Before the war about 9,000 vehicles "
            "crossed it every day.</p>"
        ),
        paragraph(
            "<h2>Why does it matter now?</h2><p>The Ilvasa is about 200 metres wide at "
            "Karveno and too deep to ford. The next fixed crossings are 60 kilometres north "
            "and 45 kilometres south. Everything Halvorian units on the east bank need — "
            "ammunition, fuel, food, and the ambulances that bring their wounded out — goes "
            "over this bridge or over temporary pontoons that are easy to spot and to hit.</p>"
        ),
        map_block(
            MAP_IMAGE,
            "The Karveno bridge and the areas each side says it controls.",
            MAP_ALT,
        ),
        paragraph(
            "<h2>What do the two sides say?</h2><p>Dastrenia’s army has said for weeks that "
            "taking the crossing is its main objective in the sector. Halvoria’s defence "
            "ministry says its forces hold both banks. Neither claim can be checked "
            "independently: journalists cannot get close, and satellite images of the area "
            "are released only with a delay.</p>"
        ),
        paragraph(
            "<h2>What happens if it falls or is destroyed?</h2><ul><li>Units east of the river "
            "would depend on pontoon crossings, which can carry far less and are vulnerable "
            "to drones.</li><li>Evacuation of civilians from Pellina and the east bank would "
            "become much harder.</li><li>Karveno itself would become the front line, within "
            "range of more weapons than it is now.</li></ul>"
        ),
        paragraph(
            "<h2>Could it be rebuilt?</h2><p>Engineers we spoke to said a replacement would "
            "take at least a year in peacetime. A temporary military bridge could be put up in "
            "weeks, but only with control of both banks.</p>"
        ),
    ),
)

VERIFICATION_EXPLAINER = DemoArticle(
    slug="how-we-verify-claims-from-the-front",
    section="explainers",
    title="How we report claims from the front, and what we will not print",
    standfirst=(
        "Both armies publish statements every day, and many of them contradict each other. "
        "This is how our newsroom decides what to report, and how to tell you what we could "
        "not confirm."
    ),
    dateline_place="VELMORA",
    author="ines-korvath",
    tags=("Explainer", "Verification", "Media"),
    lead_image=ROAD_IMAGE,
    lead_caption="The H7 highway east of Solvara, the road our reporters take to the front.",
    lead_alt="A straight road lined with poplar trees running across flat fields at first light.",
    published_hours_ago=70,
    body=(
        paragraph(
            "Every morning, our night desk reads the bulletins of Halvoria’s Ministry of "
            "Defence, the statements of Dastrenia’s army, and dozens of posts from regional "
            "officials, aid groups and residents. Much of it cannot be checked on the day. "
            "Here is what we do with it."
        ),
        paragraph(
            "<h2>Every claim has a name on it</h2><p>When an army says it has taken a village, "
            "we report that the army says so, and we quote the statement. We do not turn a "
            "claim into a fact by repeating it in our own voice. If the other side disputes "
            "it, we quote that too.</p>"
        ),
        paragraph(
            "<h2>We say what we could not confirm</h2><p>If we could not verify a claim "
            "ourselves, the article says so, close to the claim and not at the bottom. When we "
            "do confirm something, we explain how: a reporter on the spot, official records, "
            "or at least two independent witnesses.</p>"
        ),
        paragraph(
            "<h2>Numbers come with their source</h2><p>Casualty and displacement figures "
            "always say who counted them. Figures from different sources are not added "
            "together, and we do not publish an army’s count of the other side’s losses "
            "without saying that it is unverified.</p>"
        ),
        paragraph(
            "<h2>What we will not print</h2><ul><li>Positions of units that could put "
            "soldiers or civilians in danger</li><li>Images in which wounded or dead people "
            "can be identified, unless they or their families agree</li><li>Names of "
            "civilians in occupied areas who have not agreed to be named</li></ul>"
        ),
        quote(
            "A correction costs us a little pride. A wrong claim that readers believe can cost "
            "someone their home, or their life.",
            "Ines Korvath",
            "explainers and data editor",
        ),
        paragraph(
            "If you think we got something wrong, write to the corrections desk. Every "
            "correction we make is noted at the end of the article it concerns."
        ),
    ),
)

ARTICLES = [
    WAR_REPORT,
    HOSPITAL_FEATURE,
    POWER_CUTS,
    MARTIAL_LAW,
    PRISONER_TALKS,
    BUDGET,
    BRIDGE_EXPLAINER,
    VERIFICATION_EXPLAINER,
]
