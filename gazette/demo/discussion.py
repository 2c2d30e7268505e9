"""The readers' discussion under the demo war report: ten readers, four threads.

Built like a real discussion so the comments features have something true to life to show:
a long argument about the casualty figures, a reader from Karveno, a volunteer driver, a
retired officer reading the two armies' bulletins, someone asking for sources, corrections,
and three comments calling for the other side to be killed. Their authors are warned before
posting and post anyway; the moderation pipeline holds them for the moderators' queue, and
its tests find them through CALLS_FOR_VIOLENCE.

Everything goes through the discussion's actions, keyed on (reader, client token), so a second
run posts nothing. Only comments posted in this run are re-dated and voted on, so what a demo
visitor changed afterwards (a vote taken back, a comment deleted) survives a restart.
"""

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from gazette.accounts.actions import create_reader
from gazette.accounts.models import User
from gazette.articles.models import ArticlePage
from gazette.comments import actions
from gazette.comments.errors import DiscussionError
from gazette.comments.models import Comment
from gazette.moderation.errors import NudgeRequired

from .content import WAR_REPORT_SLUG

DEMO_READER_PASSWORD = "reader"  # noqa: S105 (a demo login, printed for the person running it)


@dataclass(frozen=True)
class DemoReader:
    username: str
    display_name: str

    @property
    def email(self) -> str:
        """What the reader signs in with: readers sign in by email address."""
        return f"{self.username}@example.org"


@dataclass(frozen=True)
class DemoComment:
    client_token: str
    author: str  # a DemoReader's username
    minutes_after_publication: float
    body: str
    voters: tuple[str, ...] = ()
    replies: tuple["DemoComment", ...] = ()


READERS = [
    DemoReader("tomas.rehn", "Tomas Rehn"),
    DemoReader("samira.orlo", "Samira Orlo"),
    DemoReader("milena.varga", "Milena Varga"),
    DemoReader("iryna.dolen", "Iryna Dolen"),
    DemoReader("anton.keller", "Anton Keller"),
    DemoReader("nadia.ostrova", "Nadia Ostrova"),
    DemoReader("pavel.brennvik", "Pavel Brennvik"),
    DemoReader("viktor.arlan", "Viktor Arlan"),
    DemoReader("ruth.calder", "Ruth Calder"),
    DemoReader("gregor.malt", "Gregor Malt"),
]

# Calls to kill the other side, written without a single swear word so that a word list alone
# cannot catch them. Published for now; the moderation issue holds them.
CALLS_FOR_VIOLENCE = frozenset({"demo-war-11", "demo-war-13", "demo-war-17"})

FIGURES_THREAD = DemoComment(
    "demo-war-1",
    "tomas.rehn",
    6.4,
    "Four killed and 17 wounded, *according to the district administration*, which in the very "
    "next sentence says its own records are incomplete and could not be checked. So why is the "
    "number in the report at all? Print it when you can stand behind it.",
    voters=("gregor.malt",),
    replies=(
        DemoComment(
            "demo-war-2",
            "samira.orlo",
            11.7,
            "Because that is how you report a number you cannot check yet: say who counted it "
            "and what is missing, which is exactly what that paragraph does. Leaving it out "
            "would tell readers nothing happened at the water queue.\n\n"
            "Their own explainer on verification says it too:\n\n"
            "> Casualty and displacement figures always say who counted them.",
            voters=("ruth.calder", "iryna.dolen", "anton.keller", "nadia.ostrova"),
            replies=(
                DemoComment(
                    "demo-war-3",
                    "tomas.rehn",
                    15.2,
                    "A caveat in the sixth paragraph does not travel. By tonight “4 dead in "
                    "Karveno” will be shared ten thousand times without the word *incomplete* "
                    "anywhere near it.",
                    voters=("viktor.arlan",),
                    replies=(
                        DemoComment(
                            "demo-war-4",
                            "milena.varga",
                            23.9,
                            "I am from Karveno, writing from Solvara now. The two people hit at "
                            "the water queue were our neighbours’ son and his friend. Nobody "
                            "invented those numbers. If anything they are low: the clinic on "
                            "Ostra Street has been shut since the spring, so a lot of the "
                            "wounded went straight to Solvara and were never counted in the "
                            "town.",
                            voters=("samira.orlo", "ruth.calder", "nadia.ostrova", "anton.keller"),
                            replies=(
                                DemoComment(
                                    "demo-war-5",
                                    "tomas.rehn",
                                    31.3,
                                    "I am sorry about your neighbours, truly. I never said "
                                    "anyone invented anything. But what you describe is my "
                                    "point: the real count is probably **higher**, and the "
                                    "article should say so plainly instead of leaving readers "
                                    "to guess which way “incomplete” cuts.",
                                    voters=("iryna.dolen",),
                                ),
                            ),
                        ),
                    ),
                ),
                DemoComment(
                    "demo-war-6",
                    "nadia.ostrova",
                    18.5,
                    "Same goes for the 612 people evacuated: that is our own count at Open Road, "
                    "and the article says so. We count heads as they get on the bus; nobody "
                    "else is counting at all.",
                ),
            ),
        ),
        DemoComment(
            "demo-war-7",
            "iryna.dolen",
            14.1,
            "Does anyone know where the district administration publishes these figures? I "
            "would rather read the original statement than a summary of it. Could the Ledger "
            "link its sources in the article itself?",
            voters=("tomas.rehn",),
            replies=(
                DemoComment(
                    "demo-war-8",
                    "ruth.calder",
                    20.6,
                    "The administration posts a bulletin most mornings; today’s is the one with "
                    "4 dead and 17 wounded: [Karveno district bulletins]"
                    "(https://karveno-district.example.org/bulletins). It is in Halvorian only, "
                    "but a browser translation is good enough.",
                    voters=("iryna.dolen", "tomas.rehn"),
                ),
            ),
        ),
    ),
)

CLAIMS_THREAD = DemoComment(
    "demo-war-9",
    "anton.keller",
    9.8,
    "Thirty years in the artillery, so a note on reading the two statements: they can both be "
    "true at once. “Control of the approaches to the crossing” in a bulletin usually means one "
    "side can hit the road, not that anyone is standing on it. “Our positions on both banks are "
    "held” does not say how many positions, or how far back.\n\n"
    "Read each one as what that army wants the other to believe this morning.",
    voters=("ruth.calder", "samira.orlo", "milena.varga", "tomas.rehn", "iryna.dolen"),
    replies=(
        DemoComment(
            "demo-war-10",
            "viktor.arlan",
            17.4,
            "The Halvorian ministry has lied every single day of this war, and this paper prints "
            "its bulletin word for word like scripture. Pellina fell two days ago. Everybody on "
            "the east bank knows it.",
            voters=("gregor.malt",),
            replies=(
                DemoComment(
                    "demo-war-11",
                    "pavel.brennvik",
                    21.2,
                    "Everybody on the east bank is running from your army, that is what they "
                    "know. Not one Dastrenian soldier who crossed the Ilvasa should go home "
                    "alive. Shoot every last one of them and let the river carry them back.",
                ),
                DemoComment(
                    "demo-war-12",
                    "anton.keller",
                    26.7,
                    "The Ledger printed the Dastrenian statement word for word as well, right "
                    "above it, and said it could verify neither. That is the opposite of "
                    "scripture.",
                    voters=("samira.orlo", "ruth.calder"),
                ),
            ),
        ),
        DemoComment(
            "demo-war-13",
            "viktor.arlan",
            34.3,
            "When our army crosses that bridge it should finish the job in Karveno. They have "
            "been told to leave for months. Whoever is still there has chosen a side and can "
            "die with it.",
        ),
        DemoComment(
            "demo-war-14",
            "ruth.calder",
            40.9,
            "Thank you, this is the most useful comment under the article. It belongs in the "
            "explainer on the bridge.",
            voters=("anton.keller",),
        ),
    ),
)

TESTIMONY_THREAD = DemoComment(
    "demo-war-15",
    "nadia.ostrova",
    19.1,
    "I drive one of the Open Road buses. Last night we took 41 people from the market square, "
    "most of them over seventy, two in wheelchairs. The road west is still open, but we now "
    "drive without lights after the Pellina turn-off.\n\n"
    "If you have family in Karveno who cannot reach the square, send the street name to our "
    "hotline, **not** here in the comments: these pages are public.",
    voters=("milena.varga", "ruth.calder", "iryna.dolen", "anton.keller", "samira.orlo"),
    replies=(
        DemoComment(
            "demo-war-16",
            "milena.varga",
            27.5,
            "Thank you for what you do. My mother came out on your bus on Tuesday with one bag "
            "and the cat. She says the driver sang the whole way to keep everyone calm.",
            voters=("nadia.ostrova", "ruth.calder", "tomas.rehn"),
        ),
        DemoComment(
            "demo-war-17",
            "gregor.malt",
            36.2,
            "Get our people out, then flatten every village on the east bank. Wipe them out, "
            "house by house, until there is nobody left over there to load a shell.",
        ),
        DemoComment(
            "demo-war-18",
            "iryna.dolen",
            44.8,
            "Is the hotline number on your website current? The one I found was from January.",
            replies=(
                DemoComment(
                    "demo-war-19",
                    "nadia.ostrova",
                    49.6,
                    "Yes, same number since January; it is staffed day and night now. Thank you "
                    "for checking before sharing it.",
                    voters=("iryna.dolen",),
                ),
            ),
        ),
        DemoComment(
            "demo-war-20",
            "ruth.calder",
            52.3,
            "To whoever is calling for villages to be flattened: the people on the east bank "
            "are mostly the same elderly people Nadia is driving out at night. Think about who "
            "you are asking to die.",
            voters=("milena.varga", "nadia.ostrova", "samira.orlo"),
        ),
    ),
)

CORRECTION_THREAD = DemoComment(
    "demo-war-21",
    "samira.orlo",
    47.7,
    "A correction for the desk: the standfirst says Dastrenia’s army claims its troops have "
    "“reached the Ilvasa river at Karveno”, but the statement quoted from Col. Stavik claims "
    "Pellina and “the approaches to the Karveno crossing”. Those are not the same claim, and "
    "the difference is the whole story.",
    voters=("anton.keller", "tomas.rehn"),
    replies=(
        DemoComment(
            "demo-war-22",
            "anton.keller",
            58.1,
            "Good catch. Reaching the river north of the town and holding the approaches to the "
            "bridge are different things on the map, and the map caption says as much.",
        ),
        DemoComment(
            "demo-war-23",
            "samira.orlo",
            66.4,
            "Correction to my own comment: the video statement does say “reached the river”, "
            "right at the end; it is in the army’s post, not in the part the Ledger quoted. So "
            "the standfirst is fair, though a link to the full statement would help.",
            voters=("tomas.rehn",),
        ),
    ),
)

THREADS = [FIGURES_THREAD, CLAIMS_THREAD, TESTIMONY_THREAD, CORRECTION_THREAD]


def all_comments(
    comments: list[DemoComment] | tuple[DemoComment, ...] = tuple(THREADS),
) -> Iterator[DemoComment]:
    """Every demo comment, each before its replies."""
    for comment in comments:
        yield comment
        yield from all_comments(comment.replies)


def load_discussion(*, now: datetime) -> tuple[int, int]:
    """Create the missing demo readers and comments; return how many of each were created.

    Nothing is posted under a war report that is missing or whose discussion has closed, and a
    comment whose parent its author cannot see (deleted by a demo visitor, or held by
    moderation) is skipped with its replies.
    """
    readers, readers_created = load_readers()
    article = ArticlePage.objects.live().filter(slug=WAR_REPORT_SLUG).first()
    if article is None:
        return readers_created, 0
    published = article.first_published_at or now
    latest = max(c.minutes_after_publication for c in all_comments())
    # Squeeze the discussion into the time since publication, so no comment is dated later
    # than now (an article published minutes ago gets a brisk discussion).
    scale = min(1.0, max(0.0, (now - published).total_seconds() / 60 - 1) / latest)
    comments_created = 0
    for thread in THREADS:
        comments_created += post_tree(
            thread, article=article, parent=None, readers=readers, published=published, scale=scale
        )
    return readers_created, comments_created


def load_readers() -> tuple[dict[str, User], int]:
    """The demo readers by username, signing up (address verified) the ones not there yet."""
    readers: dict[str, User] = {}
    created = 0
    for demo_reader in READERS:
        created += not User.objects.filter(username=demo_reader.username).exists()
        readers[demo_reader.username] = create_reader(
            username=demo_reader.username,
            email=demo_reader.email,
            display_name=demo_reader.display_name,
            password=DEMO_READER_PASSWORD,
        )
    return readers, created


def post_tree(
    demo_comment: DemoComment,
    *,
    article: ArticlePage,
    parent: Comment | None,
    readers: dict[str, User],
    published: datetime,
    scale: float,
) -> int:
    """Post one comment and its replies; return how many were created."""
    post = functools.partial(
        actions.post_comment,
        article=article,
        author=readers[demo_comment.author],
        body=demo_comment.body,
        client_token=demo_comment.client_token,
        parent=parent,
    )
    try:
        try:
            comment, created = post()
        except NudgeRequired:
            # Warned that it reads like a call for violence, the reader posts it anyway, as
            # some do: it goes to the moderators' queue with that fact recorded.
            comment, created = post(nudge_acknowledged=True)
    except DiscussionError:
        return 0
    if created:
        backdate(
            comment, published + timedelta(minutes=demo_comment.minutes_after_publication * scale)
        )
        for voter in demo_comment.voters:
            if comment.status == Comment.Status.PUBLISHED:
                actions.toggle_vote(comment=comment, voter=readers[voter])
    return created + sum(
        post_tree(
            reply,
            article=article,
            parent=comment,
            readers=readers,
            published=published,
            scale=scale,
        )
        for reply in demo_comment.replies
    )


def backdate(comment: Comment, created: datetime) -> None:
    """Date a comment as if it was written then; its 'best' rank follows its age."""
    comment.created = created
    comment.rank = actions.comment_rank(upvotes=comment.upvotes, created=created)
    Comment.objects.filter(pk=comment.pk).update(created=comment.created, rank=comment.rank)
