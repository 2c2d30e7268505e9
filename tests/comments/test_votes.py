"""Up-votes: one per reader, toggled; never one's own or a hidden comment; the 'best' rank rises
with votes and decays with age; a burst of concurrent votes leaves one (hostile-input case 13)."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments.actions import comment_rank, delete_comment, post_comment, toggle_vote
from gazette.comments.errors import NotAllowed
from gazette.comments.models import Comment, Vote
from gazette.comments.queries import thread_page

Status = Comment.Status


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section)


@pytest.fixture
def readers(db):
    return [ReaderFactory(username=f"voter{n}") for n in range(5)]


@pytest.fixture
def alice(readers):
    return readers[0]


@pytest.fixture
def bob(readers):
    return readers[1]


def post(article, author, body="Worth reading."):
    comment, _ = post_comment(
        article=article, author=author, body=body, client_token=uuid.uuid4().hex
    )
    return comment


def votes_on(comment):
    return Vote.objects.filter(comment=comment).count()


def test_first_vote_counts_and_second_takes_it_back(article, alice, bob):
    comment = post(article, alice)

    voted_comment, voted = toggle_vote(comment=comment, voter=bob)

    assert (voted, voted_comment.upvotes, votes_on(comment)) == (True, 1, 1)
    comment.refresh_from_db()
    assert comment.upvotes == 1

    unvoted_comment, voted = toggle_vote(comment=comment, voter=bob)

    assert (voted, unvoted_comment.upvotes, votes_on(comment)) == (False, 0, 0)
    comment.refresh_from_db()
    assert comment.upvotes == 0


def test_each_reader_has_one_vote(article, readers):
    comment = post(article, readers[0])

    for voter in readers[1:]:
        toggle_vote(comment=comment, voter=voter)

    comment.refresh_from_db()
    assert comment.upvotes == votes_on(comment) == 4


@pytest.mark.parametrize(("up", "expected"), [(True, True), (False, False)])
def test_setting_the_vote_twice_changes_nothing(article, alice, bob, up, expected):
    comment = post(article, alice)

    toggle_vote(comment=comment, voter=bob, up=up)
    comment, voted = toggle_vote(comment=comment, voter=bob, up=up)

    assert voted is expected
    assert comment.upvotes == votes_on(comment) == int(expected)


def test_up_false_takes_a_vote_back(article, alice, bob):
    comment = post(article, alice)
    toggle_vote(comment=comment, voter=bob)

    comment, voted = toggle_vote(comment=comment, voter=bob, up=False)

    assert (voted, comment.upvotes, votes_on(comment)) == (False, 0, 0)


def test_author_cannot_vote_for_their_own_comment(article, alice):
    comment = post(article, alice)

    with pytest.raises(NotAllowed, match="your own comment") as raised:
        toggle_vote(comment=comment, voter=alice)

    assert raised.value.status_code == 403
    assert votes_on(comment) == 0


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
def test_hidden_comment_cannot_be_voted_for(article, alice, bob, status):
    comment = post(article, alice)
    Comment.objects.filter(pk=comment.pk).update(status=status)

    with pytest.raises(NotAllowed, match="Only published comments"):
        toggle_vote(comment=comment, voter=bob)

    assert votes_on(comment) == 0


def test_deleted_comment_cannot_be_voted_for(article, alice, bob):
    comment = post(article, alice)
    delete_comment(comment=comment, user=alice)

    with pytest.raises(NotAllowed):
        toggle_vote(comment=comment, voter=bob)

    assert votes_on(comment) == 0


@pytest.mark.parametrize("voter", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_anonymous_reader_cannot_vote(article, alice, voter):
    comment = post(article, alice)

    with pytest.raises(NotAllowed, match="Sign in to vote"):
        toggle_vote(comment=comment, voter=voter)

    assert votes_on(comment) == 0


def test_inactive_reader_cannot_vote(article, alice, bob):
    comment = post(article, alice)
    bob.is_active = False
    bob.save()

    with pytest.raises(NotAllowed):
        toggle_vote(comment=comment, voter=bob)


# The 'best' rank.


def test_rank_rises_with_each_vote(article, readers):
    comment = post(article, readers[0])
    ranks = [comment.rank]

    for voter in readers[1:]:
        comment, _ = toggle_vote(comment=comment, voter=voter)
        ranks.append(comment.rank)

    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)
    assert comment.rank == comment_rank(upvotes=4, created=comment.created)


def test_taking_a_vote_back_restores_the_rank(article, alice, bob):
    comment = post(article, alice)
    rank = comment.rank

    toggle_vote(comment=comment, voter=bob)
    comment, _ = toggle_vote(comment=comment, voter=bob)

    assert comment.rank == rank


def age(comment, **delta):
    Comment.objects.filter(pk=comment.pk).update(created=comment.created - timedelta(**delta))
    comment.refresh_from_db()
    return comment


def best_order(article):
    return [
        node.comment.pk for node in thread_page(article=article, viewer=None, sort="best").threads
    ]


def test_a_comment_with_votes_outranks_a_slightly_newer_one_without(article, readers):
    older = age(post(article, readers[0]), hours=1)
    for voter in readers[1:4]:
        toggle_vote(comment=older, voter=voter)
    newer = post(article, readers[4])

    assert best_order(article) == [older.pk, newer.pk]


def test_a_new_comment_without_votes_eventually_outranks_an_old_one_with_a_few(article, readers):
    old = age(post(article, readers[0]), days=2)
    for voter in readers[1:4]:
        toggle_vote(comment=old, voter=voter)
    new = post(article, readers[4])

    assert best_order(article) == [new.pk, old.pk]


def test_many_votes_keep_a_comment_on_top_for_longer_than_a_few(article, readers):
    created = post(article, readers[0]).created
    hours_on_top = {}
    for votes in (1, 10, 100):
        # The age at which a fresh comment without votes overtakes one with this many votes.
        hours = 0
        while comment_rank(upvotes=votes, created=created - timedelta(hours=hours)) > (
            comment_rank(upvotes=0, created=created)
        ):
            hours += 1
        hours_on_top[votes] = hours

    assert hours_on_top[1] < hours_on_top[10] < hours_on_top[100] < 24 * 7


# Case 13: a burst of concurrent votes by one reader.


# PostgreSQL on the CI machines allows 100 connections shared with other runs: the votes come
# from at most this many connections at once, each casting its share straight after the barrier.
CONNECTIONS = 12


def vote_at_once(comment, voter, count, up):
    workers = min(count, CONNECTIONS)
    barrier = threading.Barrier(workers)
    errors = []

    def vote(share):
        try:
            barrier.wait()
            for _ in range(share):
                toggle_vote(comment=comment, voter=voter, up=up)
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    shares = [count // workers + (1 if n < count % workers else 0) for n in range(workers)]
    threads = [threading.Thread(target=vote, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def skip_on_sqlite():
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database cannot be written from many threads at once "
            "(table locks, no row locks); the race this guards against needs PostgreSQL."
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hundred_concurrent_up_votes_by_one_reader_leave_one_vote(section):
    skip_on_sqlite()
    article = ArticlePageFactory(parent=section)
    author, voter = ReaderFactory(username="author"), ReaderFactory(username="clicker")
    comment = post(article, author)

    errors = vote_at_once(comment, voter, 100, up=True)

    assert errors == []
    comment.refresh_from_db()
    assert votes_on(comment) == 1
    assert comment.upvotes == 1
    assert comment.rank == comment_rank(upvotes=1, created=comment.created)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_toggles_keep_the_counter_equal_to_the_votes(section):
    skip_on_sqlite()
    article = ArticlePageFactory(parent=section)
    author, voter = ReaderFactory(username="author"), ReaderFactory(username="clicker")
    comment = post(article, author)

    errors = vote_at_once(comment, voter, 51, up=None)

    assert errors == []
    comment.refresh_from_db()
    # The row lock serialises the toggles: an odd number of them leaves the vote on.
    assert votes_on(comment) == comment.upvotes == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_by_many_readers_are_all_counted(section):
    skip_on_sqlite()
    article = ArticlePageFactory(parent=section)
    author = ReaderFactory(username="author")
    voters = [ReaderFactory(username=f"crowd{n}") for n in range(CONNECTIONS)]
    comment = post(article, author)
    barrier = threading.Barrier(len(voters))
    errors = []

    def vote(voter):
        try:
            barrier.wait()
            toggle_vote(comment=comment, voter=voter, up=True)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    comment.refresh_from_db()
    assert votes_on(comment) == comment.upvotes == CONNECTIONS
