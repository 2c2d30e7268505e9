"""The Coral and Discourse spam triggers (hostile-input case 11), one case per reason: the comment
is stored as pending with the reason in its verdict, its author sees it "awaiting moderation" and
nobody else sees it; banned words reject the comment, which stays stored and is shown to nobody.
Also through the form: the length and profanity phases, the trust rules under pre-moderation of
new commenters, and a check that fails."""

from datetime import timedelta

import lxml.html
import pytest
from django.test import Client
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory
from wagtail.models import Site

from gazette.comments import actions
from gazette.comments.models import Comment
from gazette.moderation import actions as moderation_actions
from gazette.moderation.models import ModerationSettings, PolicyOverride, Verdict
from gazette.moderation.policies import Mode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

HELD_MESSAGE = "Your comment is awaiting moderation: other readers will see it once approved."


def site_policy(**fields) -> ModerationSettings:
    site = Site.objects.get(is_default_site=True)
    return ModerationSettings.objects.update_or_create(site=site, defaults=fields)[0]


# Each trigger prepares the site and the author's past, and returns the text the author posts.


def three_links(article, author, moderator) -> str:
    return (
        "Read https://one.example/a and https://two.example/b, "
        "then [this](https://three.example/c)."
    )


def the_same_text_posted_elsewhere_before(article, author, moderator) -> str:
    text = "Cheap ferry tickets at the harbour kiosk, best prices, ask for Dmytro."
    elsewhere = ArticlePageFactory(parent=article.get_parent(), title="Another story")
    actions.post_comment(article=elsewhere, author=ReaderFactory(), body=text, client_token="a")
    return text


def new_commenters_pre_moderated_on_the_site(article, author, moderator) -> str:
    site_policy(mode=Mode.PRE_NEW)
    return "My first comment here: thank you for the reporting."


def new_commenters_pre_moderated_on_the_article(article, author, moderator) -> str:
    PolicyOverride.objects.create(page=article, mode=Mode.PRE_NEW)
    return "My first comment here: thank you for the reporting."


def three_earlier_comments_rejected(article, author, moderator) -> str:
    for number in range(3):
        earlier, _ = actions.post_comment(
            article=article,
            author=author,
            body=f"Earlier comment number {number}.",
            client_token=f"earlier-{number}",
        )
        moderation_actions.reject_comment(comment=earlier, moderator=moderator, reason="Abuse")
    return "Another go at the discussion."


def a_wall_of_one_letter(article, author, moderator) -> str:
    return "N" + "o" * 60 + "!!!"


def the_same_line_pasted_again_and_again(article, author, moderator) -> str:
    return "\n".join(["Read the real story on my channel."] * 5)


def profanity_the_site_holds(article, author, moderator) -> str:
    site_policy(profanity="hold")
    return "The minister is a lying bastard and everyone on this street knows it."


def a_watched_word(article, author, moderator) -> str:
    site_policy(watched_words="contraband\nsmuggl*")
    return "The trucks carried contraband across the bridge at night."


TRIGGERS = [
    pytest.param(three_links, "new", "links.", id="three-links-from-a-new-account"),
    pytest.param(
        the_same_text_posted_elsewhere_before,
        "established",
        "spam.duplicate",
        id="same-text-twice-site-wide",
    ),
    pytest.param(
        new_commenters_pre_moderated_on_the_site,
        "new",
        "account.new_commenter",
        id="first-comment-under-the-site-policy",
    ),
    pytest.param(
        new_commenters_pre_moderated_on_the_article,
        "new",
        "account.new_commenter",
        id="first-comment-under-the-article-override",
    ),
    pytest.param(
        three_earlier_comments_rejected,
        "established",
        "account.rejection_rate",
        id="over-the-rejection-rate",
    ),
    pytest.param(a_watched_word, "established", "words.watched", id="watched-word"),
    pytest.param(
        a_wall_of_one_letter, "established", "length.repeated_character", id="one-letter-wall"
    ),
    pytest.param(
        the_same_line_pasted_again_and_again,
        "established",
        "length.repeated_line",
        id="same-line-pasted",
    ),
    pytest.param(
        profanity_the_site_holds, "established", "profanity.word_list", id="profanity-held"
    ),
]


def reason_names(comment: Comment) -> list[str]:
    return [reason["name"] for reason in comment.verdict.reasons]


def messages_after(client, response) -> list[str]:
    document = lxml.html.fromstring(client.get(response["Location"]).content.decode())
    return [
        " ".join(p.text_content().split())
        for p in document.xpath("//div[contains(@class, 'messages')]/p")
    ]


def shown_on_article_page(client, article, comment):
    """The comment's element on the article page as this client sees it, or None."""
    document = lxml.html.fromstring(client.get(article.url).content.decode())
    found = document.xpath(f"//article[@id='comment-{comment.pk}']")
    return found[0] if found else None


def listed_by_api(client, article) -> list[int]:
    threads = client.get(f"/api/v1/articles/{article.pk}/comments").json()["threads"]
    return [thread["id"] for thread in threads]


@pytest.fixture
def moderator(db):
    return ReaderFactory(username="morgan", is_staff=True)


@pytest.fixture
def authors(established_reader):
    return {
        "new": ReaderFactory(username="nadia", display_name="Nadia New"),
        "established": established_reader,
    }


@pytest.mark.parametrize(("trigger", "author_kind", "reason"), TRIGGERS)
def test_a_spam_trigger_holds_the_comment_with_its_reason_for_its_author_only(
    client, send_comment, discussed_article, authors, moderator, trigger, author_kind, reason
):
    author = authors[author_kind]
    body = trigger(discussed_article, author, moderator)
    client.force_login(author)

    response = send_comment(client, "form", discussed_article, body)

    comment = Comment.objects.get(author=author, body=body)
    assert comment.status == Comment.Status.PENDING
    names = reason_names(comment)
    if reason.endswith("."):
        assert len(names) == 1 and names[0].startswith(reason), names
    else:
        assert names == [reason]
    assert comment.verdict.decision == "hold"
    assert comment.verdict.awaiting_review is True
    assert response.status_code == 302
    assert messages_after(client, response) == [HELD_MESSAGE]
    own_view = shown_on_article_page(client, discussed_article, comment)
    assert own_view is not None
    assert own_view.xpath(".//*[contains(@class, 'comment__marker--pending')]/text()") == [
        "awaiting moderation"
    ]
    other = Client()
    other.force_login(ReaderFactory(username="onlooker"))
    for viewer in (other, Client()):
        assert shown_on_article_page(viewer, discussed_article, comment) is None
        assert comment.body_html not in viewer.get(discussed_article.url).content.decode()
        assert comment.pk not in listed_by_api(viewer, discussed_article)


def test_a_comment_with_a_banned_word_is_rejected_stored_and_shown_to_nobody(
    client, send_comment, discussed_article, established_reader
):
    site_policy(banned_words="zorblax")
    client.force_login(established_reader)
    body = "Every zorblax on this council should resign."

    send_comment(client, "form", discussed_article, body)

    comment = Comment.objects.get(author=established_reader)
    assert comment.status == Comment.Status.REJECTED
    assert comment.body == body
    assert reason_names(comment) == ["words.banned"]
    assert comment.verdict.decision == "reject"
    other = Client()
    other.force_login(ReaderFactory(username="onlooker"))
    for viewer in (client, other, Client()):
        assert shown_on_article_page(viewer, discussed_article, comment) is None
        assert "zorblax" not in viewer.get(discussed_article.url).content.decode()
        assert comment.pk not in listed_by_api(viewer, discussed_article)


def test_two_links_from_a_new_account_are_published(client, send_comment, discussed_article):
    newcomer = ReaderFactory(username="nadia")
    client.force_login(newcomer)

    send_comment(
        client, "form", discussed_article, "See https://one.example/a and https://two.example/b."
    )

    comment = Comment.objects.get(author=newcomer)
    assert comment.status == Comment.Status.PUBLISHED
    assert reason_names(comment) == []


def test_a_short_reply_said_twice_is_not_a_duplicate(client, send_comment, discussed_article):
    for name in ("first", "second"):
        reader = ReaderFactory(username=name)
        client.force_login(reader)
        send_comment(client, "form", discussed_article, "Agreed.")

    assert list(Comment.objects.values_list("status", flat=True)) == ["published", "published"]


def test_a_new_commenter_with_enough_approved_comments_skips_the_queue(
    client, send_comment, discussed_article, moderator
):
    site_policy(mode=Mode.PRE_NEW, new_commenter_approved=2)
    regular = ReaderFactory(username="regular")
    client.force_login(regular)
    for number in range(2):
        send_comment(client, "form", discussed_article, f"Held at first, number {number}.")
        held = Comment.objects.get(body=f"Held at first, number {number}.")
        moderation_actions.approve_comment(comment=held, moderator=moderator)

    send_comment(client, "form", discussed_article, "Now trusted enough.")

    assert Comment.objects.get(body="Now trusted enough.").status == Comment.Status.PUBLISHED


def test_two_rejected_comments_among_ten_are_under_the_rejection_rate(
    client, send_comment, discussed_article, established_reader, moderator
):
    for number in range(10):
        actions.post_comment(
            article=discussed_article,
            author=established_reader,
            body=f"A fine comment number {number}.",
            client_token=f"fine-{number}",
        )
    for number in range(2):
        moderation_actions.reject_comment(
            comment=Comment.objects.get(body=f"A fine comment number {number}."),
            moderator=moderator,
        )
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, "Still in good standing.")

    assert Comment.objects.get(body="Still in good standing.").status == Comment.Status.PUBLISHED


def earlier_comments(article, author, moderator, *, kept, rejected, days_ago):
    """`kept` published and `rejected` rejected comments by `author`, back-dated (posted
    before the test sets its policy, so that the kept ones are published)."""
    for number in range(kept + rejected):
        comment, _ = actions.post_comment(
            article=article,
            author=author,
            body=f"An earlier comment, number {number}, {days_ago} days ago.",
            client_token=f"earlier-{days_ago}-{number}",
        )
        if number >= kept:
            moderation_actions.reject_comment(comment=comment, moderator=moderator)
        when = timezone.now() - timedelta(days_ago)
        Comment.objects.filter(pk=comment.pk).update(created=when)
        Verdict.objects.filter(comment=comment, decided__isnull=False).update(decided=when)


def test_enough_approved_comments_with_a_recent_rejection_stay_pre_moderated(
    client, send_comment, discussed_article, established_reader, moderator
):
    earlier_comments(
        discussed_article, established_reader, moderator, kept=9, rejected=1, days_ago=2
    )
    site_policy(mode=Mode.PRE_NEW, new_commenter_approved=3)
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, "Back after a rejection.")

    comment = Comment.objects.get(body="Back after a rejection.")
    assert comment.status == Comment.Status.PENDING
    assert reason_names(comment) == ["account.recent_rejection"]
    assert (
        "1 of the author's comments in the last 7 days were rejected"
        in (comment.verdict.reasons[0]["detail"])
    )


def test_a_rejection_older_than_the_trust_window_no_longer_counts(
    client, send_comment, discussed_article, established_reader, moderator
):
    earlier_comments(
        discussed_article, established_reader, moderator, kept=9, rejected=1, days_ago=8
    )
    site_policy(mode=Mode.PRE_NEW, new_commenter_approved=3, trust_window_days=7)
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, "A week of good standing.")

    assert Comment.objects.get(body="A week of good standing.").status == (Comment.Status.PUBLISHED)


def test_a_rejection_is_recent_by_when_it_was_decided_not_when_it_was_posted(
    client, send_comment, discussed_article, established_reader, moderator
):
    earlier_comments(
        discussed_article, established_reader, moderator, kept=9, rejected=0, days_ago=10
    )
    reported_late, _ = actions.post_comment(
        article=discussed_article,
        author=established_reader,
        body="An old comment that was reported today.",
        client_token="reported-late",
    )
    Comment.objects.filter(pk=reported_late.pk).update(created=timezone.now() - timedelta(days=10))
    moderation_actions.reject_comment(comment=reported_late, moderator=moderator)
    site_policy(mode=Mode.PRE_NEW, new_commenter_approved=3)
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, "Posting again the same day.")

    comment = Comment.objects.get(body="Posting again the same day.")
    assert reason_names(comment) == ["account.recent_rejection"]


@pytest.mark.parametrize(
    ("percent", "window_days", "held"),
    [(30, 7, True), (50, 7, False), (30, 3, False)],
    ids=["40-percent-over-the-30-percent-limit", "under-a-50-percent-limit", "outside-3-days"],
)
def test_the_rejection_rate_and_its_window_are_the_sites_to_set(
    client,
    send_comment,
    discussed_article,
    established_reader,
    moderator,
    percent,
    window_days,
    held,
):
    site_policy(trust_rejection_percent=percent, trust_window_days=window_days)
    earlier_comments(
        discussed_article, established_reader, moderator, kept=3, rejected=2, days_ago=5
    )
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, "Another comment.")

    comment = Comment.objects.get(body="Another comment.")
    assert (comment.status == Comment.Status.PENDING) is held
    assert ("account.rejection_rate" in reason_names(comment)) is held


def test_profanity_is_masked_for_every_reader_by_default_and_kept_for_the_moderators(
    client, send_comment, discussed_article, established_reader
):
    body = "The minister is a lying bastard and everyone on this street knows it."
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, body)

    comment = Comment.objects.get(body=body)
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.verdict.decision == "publish"
    assert reason_names(comment) == ["profanity.word_list"]
    for viewer in (client, Client()):
        shown = shown_on_article_page(viewer, discussed_article, comment)
        assert "a lying b****** and everyone" in shown.text_content()
        assert "bastard" not in viewer.get(discussed_article.url).content.decode()


def test_shouting_is_published_with_its_reason_recorded_for_the_moderators(
    client, send_comment, discussed_article, established_reader
):
    body = "THE COUNCIL HAS IGNORED THE EAST BANK FOR THREE YEARS AND NOBODY ANSWERS OUR LETTERS"
    client.force_login(established_reader)

    send_comment(client, "form", discussed_article, body)

    comment = Comment.objects.get(body=body)
    assert comment.status == Comment.Status.PUBLISHED
    assert reason_names(comment) == ["length.all_caps"]
    assert comment.verdict.awaiting_review is False


def test_a_check_that_fails_holds_the_comment_for_a_person_and_loses_nothing(
    client, send_comment, discussed_article, established_reader, monkeypatch, caplog
):
    from gazette.moderation import pipeline
    from gazette.moderation.phases import links

    def broken(draft):
        raise RuntimeError("the link check fell over")

    broken.__module__ = links.__name__
    client.force_login(established_reader)
    with monkeypatch.context() as patched:
        patched.setattr(links, "check", broken)
        pipeline.phases.cache_clear()
        try:
            response = send_comment(client, "form", discussed_article, "A perfectly calm remark.")
        finally:
            pipeline.phases.cache_clear()

    assert response.status_code == 302
    comment = Comment.objects.get(body="A perfectly calm remark.")
    assert comment.status == Comment.Status.PENDING
    assert reason_names(comment) == ["pipeline.phase_failed"]
    assert comment.verdict.awaiting_review is True
    assert "The check links failed; held for a person." in comment.verdict.reasons[0]["detail"]
    assert "Moderation phase gazette.moderation.phases.links failed" in caplog.text
