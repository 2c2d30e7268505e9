"""Posting a comment: statuses and who sees them, closed discussions, who may post, replies,
idempotent client tokens, and the rules for a body (hostile-input cases 5, 6, 7 and 38)."""

import itertools
import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connection
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory, SectionPageFactory
from wagtail.models import Site

from gazette.articles.models import ArticlePage
from gazette.comments import actions
from gazette.comments.actions import delete_comment, post_comment
from gazette.comments.errors import (
    DiscussionClosed,
    InvalidComment,
    NotAllowed,
    NotFound,
    TokenReused,
)
from gazette.comments.models import Comment, Discussion
from gazette.comments.queries import thread_page
from gazette.moderation.actions import approve_comment
from gazette.moderation.models import ModerationSettings, PolicyOverride

Status = Comment.Status


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Shelling of the river port")


@pytest.fixture
def alice(db):
    return ReaderFactory(username="alice", display_name="Alice Archer")


@pytest.fixture
def bob(db):
    return ReaderFactory(username="bob", display_name="Bob Baker")


@pytest.fixture
def carol(db):
    return ReaderFactory(username="carol", display_name="Carol Chen")


NUMBERS = itertools.count(1)
UNSET = object()


def post(article, author, body=UNSET, parent=None, token=None):
    # Each default body differs: the same text twice in a day is held as a duplicate.
    if body is UNSET:
        body = f"A first-hand account, thank you ({next(NUMBERS)})."
    comment, _ = post_comment(
        article=article,
        author=author,
        body=body,
        parent=parent,
        client_token=uuid.uuid4().hex if token is None else token,
    )
    return comment


def set_status(comment, status):
    return actions.set_comment_status(comment=comment, status=status)


def shown_top_level(article, viewer):
    page = thread_page(article=article, viewer=viewer, sort="oldest")
    return {node.comment.pk: node.is_visible for node in page.threads}


def shown_replies(article, viewer):
    page = thread_page(article=article, viewer=viewer, sort="oldest", replies_per_thread=50)
    return {reply.comment.pk: reply.is_visible for node in page.threads for reply in node.replies}


# Statuses: new comments are published by the policy; only published ones reach other readers.


def test_new_comment_is_published_through_the_policy_with_its_verdict(article, alice):
    comment, created = post_comment(
        article=article, author=alice, body="Well reported.", client_token="t-1"
    )

    assert created is True
    assert comment.status == Status.PUBLISHED
    assert comment.verdict.decision == "publish"
    assert comment.verdict.reasons == []
    assert Discussion.objects.get(article=article).comment_count == 1


def test_the_moderation_policy_decides_the_status_of_every_new_comment(article, alice):
    PolicyOverride.objects.create(page=article, mode="pre")

    comment = post(article, alice, body="Hold me.")

    assert comment.status == Status.PENDING
    assert [reason["name"] for reason in comment.verdict.reasons] == ["policy.pre_moderation"]
    assert Discussion.objects.get(article=article).comment_count == 0


def test_comment_stores_rendered_html_and_the_markdown_source(article, alice):
    comment = post(article, alice, body="**Two** sides,\nno [winners](https://example.com/).")

    comment.refresh_from_db()
    assert comment.body == "**Two** sides,\nno [winners](https://example.com/)."
    assert comment.body_html == (
        '<p><strong>Two</strong> sides,<br>\nno <a href="https://example.com/" '
        'rel="nofollow ugc noopener">winners</a>.</p>'
    )
    assert (comment.depth, comment.parent, comment.thread_id) == (0, None, comment.pk)


def test_published_comment_is_seen_by_everyone(article, alice, bob):
    comment = post(article, alice)

    for viewer in (AnonymousUser(), alice, bob):
        assert shown_top_level(article, viewer) == {comment.pk: True}


def test_pending_comment_is_seen_only_by_its_author(article, alice, bob):
    comment = set_status(post(article, alice), Status.PENDING)

    own = thread_page(article=article, viewer=alice).threads
    assert [(node.comment.pk, node.is_visible, node.comment.status) for node in own] == [
        (comment.pk, True, Status.PENDING)
    ]
    assert shown_top_level(article, bob) == {}
    assert shown_top_level(article, AnonymousUser()) == {}


@pytest.mark.parametrize("status", [Status.REJECTED, Status.SPAM, Status.DELETED])
def test_rejected_spam_and_deleted_comments_are_seen_by_nobody(article, alice, bob, status):
    set_status(post(article, alice), status)

    for viewer in (AnonymousUser(), alice, bob):
        assert shown_top_level(article, viewer) == {}


@pytest.mark.parametrize(
    ("status", "seen_by_author"),
    [
        (Status.PUBLISHED, True),
        (Status.PENDING, True),
        (Status.REJECTED, False),
        (Status.SPAM, False),
        (Status.DELETED, False),
    ],
)
def test_hidden_reply_is_left_out_of_its_thread(article, alice, bob, status, seen_by_author):
    root = post(article, bob)
    reply = set_status(post(article, alice, parent=root), status)
    seen_by_others = status == Status.PUBLISHED

    assert shown_replies(article, alice) == ({reply.pk: True} if seen_by_author else {})
    assert shown_replies(article, bob) == ({reply.pk: True} if seen_by_others else {})
    assert shown_replies(article, AnonymousUser()) == ({reply.pk: True} if seen_by_others else {})


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
def test_hidden_comment_with_a_published_reply_becomes_a_placeholder(article, alice, bob, status):
    root = post(article, alice)
    reply = post(article, bob, parent=root)
    set_status(root, status)

    for viewer in (AnonymousUser(), bob):
        (node,) = thread_page(article=article, viewer=viewer).threads
        assert (node.comment.pk, node.is_visible) == (root.pk, False)
        assert [(r.comment.pk, r.is_visible) for r in node.replies] == [(reply.pk, True)]


def test_counts_include_only_published_comments(article, alice, bob):
    root = post(article, alice)
    post(article, bob, parent=root)
    for status in (Status.PENDING, Status.REJECTED, Status.SPAM):
        actions.set_comment_status(comment=post(article, bob, parent=root), status=status)
        actions.set_comment_status(comment=post(article, bob), status=status)
    delete_comment(comment=post(article, bob, parent=root), user=bob)

    assert Discussion.objects.get(article=article).comment_count == 2
    root.refresh_from_db()
    assert root.thread_reply_count == 1
    assert Comment.objects.filter(article=article, status=Status.PUBLISHED).count() == 2


# Closed discussions.


def test_posting_where_editors_closed_the_discussion_raises_discussion_closed(section, alice):
    article = ArticlePageFactory(parent=section, allow_comments=False)

    with pytest.raises(DiscussionClosed, match="closed"):
        post(article, alice)

    assert not Comment.objects.exists()


def test_replying_after_the_discussion_was_closed_raises_discussion_closed(article, alice, bob):
    root = post(article, alice)
    article.allow_comments = False
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)

    with pytest.raises(DiscussionClosed):
        post(article, bob, parent=root)

    assert Comment.objects.count() == 1


def published_days_ago(article, days, hours=0):
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=days, hours=hours)
    )
    return ArticlePage.objects.get(pk=article.pk)


def test_discussion_closes_by_itself_after_the_configured_days(article, alice):
    article = published_days_ago(article, settings.COMMENTS_CLOSE_AFTER_DAYS, hours=1)

    with pytest.raises(DiscussionClosed) as raised:
        post(article, alice)

    assert raised.value.status_code == 403
    assert not Comment.objects.exists()


def test_discussion_is_open_just_before_it_closes_by_itself(article, alice):
    article = published_days_ago(article, settings.COMMENTS_CLOSE_AFTER_DAYS - 1, hours=23)

    assert post(article, alice).status == Status.PUBLISHED


def test_discussion_follows_the_configured_number_of_days(article, alice, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    article = published_days_ago(article, 4)

    with pytest.raises(DiscussionClosed):
        post(article, alice)


def test_zero_days_keeps_discussions_open_for_ever(article, alice, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    article = published_days_ago(article, 3650)

    assert post(article, alice).status == Status.PUBLISHED


def site_closes_after(days):
    site = Site.objects.get(is_default_site=True)
    ModerationSettings.objects.update_or_create(site=site, defaults={"close_after_days": days})


def test_the_site_policy_sets_when_discussions_close(article, alice):
    site_closes_after(10)

    assert post(published_days_ago(article, 9), alice).status == Status.PUBLISHED
    with pytest.raises(DiscussionClosed):
        post(published_days_ago(article, 11), alice)


def test_an_article_rule_keeps_its_discussion_open_when_the_site_closes_them(article, alice):
    site_closes_after(10)
    PolicyOverride.objects.create(page=article, close_after_days=0)

    assert post(published_days_ago(article, 400), alice).status == Status.PUBLISHED


def test_a_section_rule_closes_every_discussion_in_it_now_and_keeps_their_comments(
    section, home, alice, client
):
    other_section = SectionPageFactory(parent=home, title="Culture", slug="culture")
    closing, elsewhere = (ArticlePageFactory(parent=parent) for parent in (section, other_section))
    kept = post(closing, alice)

    PolicyOverride.objects.create(page=section, discussions_closed=True)

    with pytest.raises(DiscussionClosed):
        post(closing, alice)
    assert post(elsewhere, alice).status == Status.PUBLISHED
    client.force_login(alice)
    page = client.get(closing.url).content.decode()
    assert "The discussion of this article is closed." in page
    assert f'id="comment-{kept.pk}"' in page
    assert 'name="body"' not in page
    assert (
        "The discussion of this article is closed."
        not in client.get(elsewhere.url).content.decode()
    )


def test_a_section_rule_sets_how_many_approved_comments_skip_pre_moderation(section, alice):
    site = Site.objects.get(is_default_site=True)
    ModerationSettings.objects.update_or_create(
        site=site, defaults={"mode": "pre_new", "new_commenter_approved": 3}
    )
    PolicyOverride.objects.create(page=section, new_commenter_approved=1)
    article = ArticlePageFactory(parent=section)
    first = post(article, alice)
    assert first.status == Status.PENDING
    approve_comment(comment=first, moderator=None)

    assert post(article, alice).status == Status.PUBLISHED


def test_posting_under_an_unpublished_article_raises_discussion_closed(article, alice):
    article.unpublish()
    article.refresh_from_db()

    with pytest.raises(DiscussionClosed):
        post(article, alice)


# Who may post.


@pytest.mark.parametrize("author", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_anonymous_author_raises_not_allowed(article, author):
    with pytest.raises(NotAllowed, match="Sign in") as raised:
        post(article, author)

    assert raised.value.status_code == 403
    assert not Comment.objects.exists()


def test_inactive_author_raises_not_allowed(article, alice):
    alice.is_active = False
    alice.save()

    with pytest.raises(NotAllowed):
        post(article, alice)

    assert not Comment.objects.exists()


# Replies: the parent must be a visible comment of the same discussion.


def test_reply_is_stored_under_its_parent(article, alice, bob):
    root = post(article, alice)

    reply = post(article, bob, parent=root)

    assert (reply.parent_id, reply.thread_id, reply.depth) == (root.pk, root.pk, 1)
    assert reply.path == root.path + f"{reply.pk:012d}"
    assert reply.reply_to is None


def test_reply_by_parent_id_is_the_same_as_by_comment(article, alice, bob):
    root = post(article, alice)

    reply = post(article, bob, parent=root.pk)

    assert reply.parent_id == root.pk


def test_reply_to_an_unknown_comment_raises_not_found(article, alice):
    with pytest.raises(NotFound) as raised:
        post(article, alice, parent=987_654_321)

    assert raised.value.status_code == 404
    assert not Comment.objects.exists()


def test_reply_to_a_comment_of_another_article_raises_not_found(section, article, alice, bob):
    other = ArticlePageFactory(parent=section)
    foreign = post(other, alice)

    with pytest.raises(NotFound):
        post(article, bob, parent=foreign)

    assert Comment.objects.filter(article=article).count() == 0


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM, Status.DELETED])
def test_reply_to_a_hidden_comment_raises_not_found(article, alice, bob, status):
    hidden = set_status(post(article, alice), status)

    with pytest.raises(NotFound):
        post(article, bob, parent=hidden)

    assert Comment.objects.count() == 1


def test_author_may_reply_to_their_own_comment_awaiting_moderation(article, alice):
    held = set_status(post(article, alice), Status.PENDING)

    reply = post(article, alice, parent=held)

    assert reply.parent_id == held.pk


# Idempotent posting (case 38).


def test_same_token_and_body_returns_the_first_comment(article, alice):
    first, created_first = post_comment(
        article=article, author=alice, body="Double click.", client_token="draft-1"
    )

    again, created_again = post_comment(
        article=article, author=alice, body="Double click.", client_token="draft-1"
    )

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert Comment.objects.count() == 1
    assert Discussion.objects.get(article=article).comment_count == 1


def test_same_token_and_body_differing_only_in_surrounding_whitespace_is_a_repeat(article, alice):
    first = post(article, alice, body="Line one\r\nline two", token="draft-1")

    again, created = post_comment(
        article=article, author=alice, body="  Line one\nline two\n", client_token="draft-1"
    )

    assert (again.pk, created) == (first.pk, False)


def test_same_token_with_another_body_raises_token_reused(article, alice):
    first = post(article, alice, body="What I meant.", token="draft-1")

    with pytest.raises(TokenReused) as raised:
        post(article, alice, body="Something else entirely.", token="draft-1")

    assert raised.value.status_code == 422
    assert list(Comment.objects.values_list("pk", "body")) == [(first.pk, "What I meant.")]


def test_repeat_of_a_reply_returns_the_first_reply(article, alice, bob):
    root = post(article, alice)
    first = post(article, bob, body="Agreed.", parent=root, token="draft-9")

    again, created = post_comment(
        article=article, author=bob, body="Agreed.", parent=root, client_token="draft-9"
    )

    assert (again.pk, created) == (first.pk, False)
    root.refresh_from_db()
    assert root.thread_reply_count == 1


def test_same_token_from_two_readers_makes_two_comments(article, alice, bob):
    first = post(article, alice, body="Same words.", token="shared")
    second = post(article, bob, body="Same words.", token="shared")

    assert first.pk != second.pk


def test_repeat_after_the_discussion_closed_still_returns_the_first_comment(article, alice):
    first = post(article, alice, body="Retried.", token="draft-1")
    article = published_days_ago(article, settings.COMMENTS_CLOSE_AFTER_DAYS + 1)

    again, created = post_comment(
        article=article, author=alice, body="Retried.", client_token="draft-1"
    )

    assert (again.pk, created) == (first.pk, False)


@pytest.mark.parametrize(
    "token", ["", "   ", "x" * 65, "tökén", "tab\there", "new\nline", "nul\x00"]
)
def test_missing_or_malformed_token_raises_invalid_comment(article, alice, token):
    with pytest.raises(InvalidComment, match="token") as raised:
        post(article, alice, token=token)

    assert raised.value.status_code == 400
    assert not Comment.objects.exists()


def test_token_of_64_characters_is_accepted(article, alice):
    assert post(article, alice, token="k" * 64).client_token == "k" * 64


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_token_posted_at_once_from_many_threads_creates_one_comment(section):
    """Case 38 under a race: a double click lands on two workers at the same moment."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database serialises writers with table locks, so the "
            "threads never overlap inside the insert; the race is real only on PostgreSQL."
        )
    article = ArticlePageFactory(parent=section)
    alice = ReaderFactory(username="alice")
    workers = 8
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(
                post_comment(
                    article=article, author=alice, body="Posted once.", client_token="race-1"
                )
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Comment.objects.count() == 1
    assert sorted(created for _, created in results) == [False] * (workers - 1) + [True]
    assert {comment.pk for comment, _ in results} == {Comment.objects.get().pk}
    assert Discussion.objects.get(article=article).comment_count == 1


# The body (cases 5, 6, 7).


@pytest.mark.parametrize(
    "body",
    [
        "",
        " ",
        "\n\n\t \r\n",
        "\u00a0\u3000\u2003",
        "\u200b\u200c\u200d\u2060\ufeff",
        "\x01\x02\x07\x1b\x7f",
        " \u200b\n\u200e\u200f\u202e ",
        "\u2028\u2029",
    ],
    ids=[
        "empty",
        "space",
        "whitespace",
        "unicode spaces",
        "zero-width",
        "control characters",
        "direction marks",
        "line separators",
    ],
)
def test_empty_or_invisible_body_is_refused_with_a_message(article, alice, body):
    with pytest.raises(InvalidComment) as raised:
        post(article, alice, body=body)

    assert raised.value.message == "Write something before posting: the comment is empty."
    assert raised.value.status_code == 400
    assert not Comment.objects.exists()


def test_body_at_the_limit_is_stored_whole(article, alice):
    body = "a" * settings.COMMENTS_MAX_LENGTH

    comment = post(article, alice, body=body)

    comment.refresh_from_db()
    assert comment.body == body


def test_body_over_the_limit_is_refused_with_a_message_naming_the_limit(article, alice):
    with pytest.raises(InvalidComment) as raised:
        post(article, alice, body="a" * (settings.COMMENTS_MAX_LENGTH + 1))

    assert raised.value.message == (
        "The comment is 5,001 characters long; the limit is 5,000. Please shorten it."
    )
    assert raised.value.status_code == 400
    assert not Comment.objects.exists()


def test_the_limit_applies_after_surrounding_whitespace_is_trimmed(article, alice):
    body = "a" * settings.COMMENTS_MAX_LENGTH

    comment = post(article, alice, body=f"\n  {body}  \n")

    assert comment.body == body


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ("a" * 4999 + "\U0001f600", True),
        ("a" * 5000 + "\U0001f600", False),
        ("\U0001f600" * 5000, True),
        ("\U0001f600" * 5001, False),
        ("a" * 4998 + "e\u0301", True),
        ("a" * 4999 + "e\u0301", False),
        ("a" * 4997 + "\U0001f469\u200d\U0001f4bb", True),
        ("a" * 4998 + "\U0001f469\u200d\U0001f4bb", False),
    ],
    ids=[
        "emoji ends at the limit",
        "emoji past the limit",
        "5000 emoji",
        "5001 emoji",
        "combining mark ends at the limit",
        "combining mark past the limit",
        "zwj sequence ends at the limit",
        "zwj sequence past the limit",
    ],
)
def test_the_limit_counts_characters_and_never_truncates(article, alice, body, accepted):
    # The limit is in code points: a 4-byte emoji is one, a combining mark is one more.
    if accepted:
        comment = post(article, alice, body=body)
        comment.refresh_from_db()
        assert comment.body == body
    else:
        with pytest.raises(InvalidComment, match="the limit is 5,000"):
            post(article, alice, body=body)
        assert not Comment.objects.exists()


@pytest.mark.parametrize("size", [1_000_000, 10_000_000])
def test_huge_body_is_refused_before_rendering(article, alice, size):
    with pytest.raises(InvalidComment, match="the limit is 5,000"):
        post(article, alice, body="[" * size)

    assert not Comment.objects.exists()


def test_database_column_holds_at_least_the_validator_limit():
    field = Comment._meta.get_field("body")

    assert field.max_length is None or field.max_length >= settings.COMMENTS_MAX_LENGTH
    assert field.get_internal_type() == "TextField"


@pytest.mark.parametrize(
    "body",
    ["before\x00after", "\x00", "a" * 4999 + "\x00"],
    ids=["inside", "alone", "at the limit"],
)
def test_nul_character_is_refused(article, alice, body):
    with pytest.raises(InvalidComment, match="NUL") as raised:
        post(article, alice, body=body)

    assert raised.value.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["\ud800", "half \udfff a pair", "\ud83d\ude00"])
def test_lone_surrogate_is_refused(article, alice, body):
    with pytest.raises(InvalidComment, match="invalid characters"):
        post(article, alice, body=body)

    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", [None, 42, b"bytes", ["a list"]])
def test_body_that_is_not_text_is_refused(article, alice, body):
    with pytest.raises(InvalidComment, match="must be text"):
        post(article, alice, body=body)


NAUGHTY_STRINGS = [
    "\u202eevil.exe\u202c is not what it seems",
    "Zalgo: Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349",
    "family \U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 and flag \U0001f1fa\U0001f1e6",
    "\u7530\u4e2d\u3055\u3093\u306b\u3042\u3052\u3066\u4e0b\u3055\u3044",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
    "\u0430dmin with a Cyrillic a",
    "'; DROP TABLE comments_comment; --",
    "1' OR '1'='1",
    "{{ 7*7 }} {% debug %} ${7*7} #{7*7} <%= 7*7 %>",
    "%s%s%s%n %x %d",
    "undefined null NaN None nil \\ \\\\ \\0",
    "\u00ad\u061c\u180e soft hyphen and friends around text",
    "\U0001d57f\U0001d58d\U0001d58a mathematical letters",
    "\ufdfd \u2031 \u0bf5 wide glyphs",
    "<<<>>> &amp; &lt; &#0; &#x0; &#xD800;",
    "`\x1b[31mred\x1b[0m`",
]


@pytest.mark.parametrize("body", NAUGHTY_STRINGS)
def test_naughty_strings_round_trip(article, alice, body):
    comment = post(article, alice, body=body)

    comment.refresh_from_db()
    assert comment.body == body
    assert "<script" not in comment.body_html
    assert "\x00" not in comment.body_html
