"""The discussion as readers see it under an article: the tree on the page, markers and
placeholders, who sees what, sorting, pagination with and without htmx, and permalinks."""

from datetime import timedelta

import pytest
from discussion_html import HX, comment_element, comments_on, parse, text
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory

from gazette.articles.models import ArticlePage
from gazette.comments import actions, views
from gazette.comments.models import Comment

pytestmark = pytest.mark.django_db

Status = Comment.Status


def set_created(comment, moment):
    Comment.objects.filter(pk=comment.pk).update(created=moment)


def test_comment_shows_author_initials_relative_time_with_exact_time_on_hover(
    client, story, ada, say
):
    comment = say(ada, "The **bridge** was hit at dawn.")
    three_hours_ago = timezone.now() - timedelta(hours=3, minutes=5)
    set_created(comment, three_hours_ago)

    document = parse(client.get(story.url))

    element = comment_element(document, comment)
    assert text(element.xpath(".//*[@class='comment__author']")[0]) == "Ada Lovelace"
    avatar = element.xpath(".//span[contains(@class, 'avatar')]")[0]
    assert avatar.text == "AL"
    assert avatar.get("aria-hidden") == "true"
    (time,) = element.xpath(".//time")
    assert text(time) == "3 hours ago"
    assert time.get("datetime") == three_hours_ago.isoformat()
    assert time.get("title") == three_hours_ago.strftime("%-d %B %Y, %H:%M UTC")
    assert element.xpath(".//div[@class='comment__body']/p/strong/text()") == ["bridge"]
    assert element.get("aria-labelledby") == f"comment-{comment.pk}-author"


def test_replies_are_listed_in_tree_order_with_depth_and_parent_on_each_comment(
    client, story, ada, brook, cyd, dee, say
):
    first = say(ada, "Top one.")
    second = say(brook, "Top two.")
    a1 = say(brook, "Reply to Ada.", parent=first)
    a2 = say(cyd, "Reply to Brook.", parent=a1)
    a3 = say(dee, "Reply to Cyd.", parent=a2)
    a4 = say(ada, "Reply to Dee.", parent=a3)
    side = say(cyd, "Side reply to Ada.", parent=first)
    for number, comment in enumerate([second, first]):
        set_created(comment, timezone.now() - timedelta(minutes=number + 1))

    document = parse(client.get(story.url, {"sort": "newest"}))

    assert comments_on(document) == [
        (second.pk, 0, None),
        (first.pk, 0, None),
        (a1.pk, 1, first.pk),
        (a2.pk, 2, a1.pk),
        (a3.pk, 3, a2.pk),
    ]
    assert "comment--depth-3" in comment_element(document, a3).get("class").split()
    assert text(document.xpath("//li[@class='thread__more']/a")[0]) == "Show 2 more replies"
    whole_thread = parse(client.get(f"/discussion/thread/{first.pk}/"))
    assert comments_on(whole_thread) == [
        (first.pk, 0, None),
        (a1.pk, 1, first.pk),
        (a2.pk, 2, a1.pk),
        (a3.pk, 3, a2.pk),
        (a4.pk, 4, a3.pk),
        (side.pk, 1, first.pk),
    ]
    assert document.xpath("//section[@id='discussion']//@style") == []


def test_reply_deeper_than_the_maximum_depth_says_whom_it_answers(
    client, story, ada, brook, say, settings
):
    settings.COMMENTS_MAX_DEPTH = 3
    top = say(ada, "Top.")
    middle = say(brook, "Middle.", parent=top)
    deepest = say(ada, "Deepest.", parent=middle)
    beyond = say(brook, "Beyond the last level.", parent=deepest)

    document = parse(client.get(f"/discussion/thread/{top.pk}/"))

    assert comments_on(document)[-1] == (beyond.pk, 2, middle.pk)
    element = comment_element(document, beyond)
    assert text(element.xpath(".//*[@class='comment__replying-to']")[0]) == (
        "replying to Ada Lovelace"
    )
    assert element.xpath(".//*[@class='comment__replying-to']") != []
    assert comment_element(document, deepest).xpath(".//*[@class='comment__replying-to']") == []


def test_edited_comment_is_marked_edited(client, story, ada, say):
    comment = say(ada, "Fist draft.")
    actions.edit_comment(comment=comment, editor=ada, body="First draft.")

    element = comment_element(parse(client.get(story.url)), comment)

    (marker,) = element.xpath(".//*[contains(@class, 'comment__marker--edited')]")
    assert text(marker) == "edited"
    assert marker.get("title").startswith("Edited ")


def test_deleted_comment_leaves_a_placeholder_over_its_replies_and_vanishes_without_them(
    client, story, ada, brook, say
):
    answered = say(ada, "Something regrettable.")
    reply = say(brook, "A reply that stays.", parent=answered)
    lonely = say(ada, "Nobody answered this.")
    actions.delete_comment(comment=answered, user=ada)
    actions.delete_comment(comment=lonely, user=ada)

    document = parse(client.get(story.url))

    placeholder = comment_element(document, answered)
    assert text(placeholder) == "Comment deleted"
    assert "Something regrettable" not in document.text_content()
    assert "Ada Lovelace" not in text(placeholder)
    assert comment_element(document, reply).get("data-parent") == str(answered.pk)
    assert document.xpath(f"//*[@id='comment-{lonely.pk}']") == []


@pytest.mark.parametrize("status", [Status.REJECTED, Status.SPAM])
def test_removed_comment_is_hidden_with_its_text_and_count(client, story, ada, brook, say, status):
    removed = say(ada, "Text nobody may read.")
    say(brook, "Published next to it.")
    with_reply = say(ada, "Also removed, but answered.")
    say(brook, "The answer.", parent=with_reply)
    Comment.objects.filter(pk__in=[removed.pk, with_reply.pk]).update(status=status)

    response = client.get(story.url)

    document = parse(response)
    assert "Text nobody may read" not in response.content.decode()
    assert "Also removed" not in response.content.decode()
    assert document.xpath(f"//*[@id='comment-{removed.pk}']") == []
    assert text(comment_element(document, with_reply)) == "Comment removed"


def test_pending_comment_is_shown_marked_only_to_its_author(client, story, ada, brook, say):
    held = say(ada, "Held for moderation.")
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)

    client.force_login(ada)
    as_author = parse(client.get(story.url))
    client.force_login(brook)
    as_other = client.get(story.url)
    client.logout()
    as_anonymous = client.get(story.url)

    element = comment_element(as_author, held)
    assert "comment--pending" in element.get("class").split()
    assert text(element.xpath(".//*[contains(@class, 'comment__marker--pending')]")[0]) == (
        "awaiting moderation"
    )
    for response in (as_other, as_anonymous):
        assert "Held for moderation" not in response.content.decode()
        assert parse(response).xpath(f"//*[@id='comment-{held.pk}']") == []
        assert "awaiting moderation" not in response.content.decode()


def test_sort_links_order_threads_best_newest_and_oldest(client, story, ada, brook, cyd, say):
    old_liked = say(ada, "Old but liked.")
    middle = say(brook, "Middle.")
    newest = say(cyd, "Newest.")
    now = timezone.now()
    set_created(old_liked, now - timedelta(hours=3))
    set_created(middle, now - timedelta(hours=2))
    set_created(newest, now - timedelta(hours=1))
    for number in range(9):
        actions.toggle_vote(comment=old_liked, voter=ReaderFactory(username=f"voter{number}"))

    def order(sort):
        document = parse(client.get(story.url, {"sort": sort}))
        return [each[0] for each in comments_on(document)]

    assert order("newest") == [newest.pk, middle.pk, old_liked.pk]
    assert order("oldest") == [old_liked.pk, middle.pk, newest.pk]
    assert order("best")[0] == old_liked.pk
    document = parse(client.get(story.url, {"sort": "oldest"}))
    nav = document.xpath("//nav[@aria-label='Sort comments']")[0]
    assert [text(link) for link in nav.xpath(".//a")] == ["Best", "Newest", "Oldest"]
    assert nav.xpath(".//a[@aria-current='true']/text()") == ["Oldest"]
    assert nav.xpath(".//a/@href") == [
        f"{story.url}?sort={key}#discussion" for key in ("best", "newest", "oldest")
    ]


def test_sorting_with_htmx_returns_the_discussion_section_alone(client, story, ada, brook, say):
    first = say(ada, "First.")
    second = say(brook, "Second.")
    set_created(first, timezone.now() - timedelta(hours=1))

    response = client.get(f"/discussion/article/{story.pk}/", {"sort": "oldest"}, headers=HX)

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    body = response.content.decode()
    assert not body.lstrip().startswith("<!doctype")
    assert body.lstrip().startswith('<section id="discussion"')
    assert [each[0] for each in comments_on(parse(response))] == [first.pk, second.pk]


def test_sort_link_without_javascript_goes_back_to_the_article(client, story):
    response = client.get(f"/discussion/article/{story.pk}/", {"sort": "newest"})

    assert response.status_code == 302
    assert response["Location"] == f"{story.url}?sort=newest#discussion"


def test_comment_count_in_the_article_header_and_on_cards(client, home, section, ada, say):
    say(ada, "One.")
    say(ada, "Two.")
    ArticlePageFactory(parent=section, title="Quiet story")

    front_page = parse(client.get("/"))
    story_page = parse(client.get(ArticlePage.objects.get(title="Shelling of the river port").url))

    assert text(story_page.xpath("//p[@class='article__comments']")[0]) == "2 comments"
    assert story_page.xpath("//p[@class='article__comments']/a/@href") == ["#discussion"]
    assert text(story_page.xpath("//span[@class='discussion__count']")[0]) == "2 comments"
    cards = {
        text(card.xpath(".//*[@class='card__headline']")[0]): card
        for card in front_page.xpath(
            "//section[@class='latest']//article[contains(@class, 'card')]"
        )
    }
    assert text(cards["Shelling of the river port"].xpath(".//a[@class='card__comments']")[0]) == (
        "2 comments"
    )
    assert cards["Quiet story"].xpath(".//a[@class='card__comments']") == []


def test_cards_read_comment_counts_without_a_query_per_article(client, home, section, ada):
    def queries_for_front_page() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get("/").status_code == 200
        return len(context.captured_queries)

    for number in range(2):
        article = ArticlePageFactory(parent=section)
        actions.post_comment(article=article, author=ada, body="Hi.", client_token=f"c{number}")
    with_two = queries_for_front_page()
    for number in range(2, 6):
        article = ArticlePageFactory(parent=section)
        actions.post_comment(article=article, author=ada, body="Hi.", client_token=f"c{number}")

    assert queries_for_front_page() == with_two


def test_anonymous_reader_is_invited_to_sign_in_and_sees_no_form(client, story, ada, say):
    say(ada, "Hello.")

    document = parse(client.get(story.url))

    (link,) = document.xpath("//p[@class='discussion__sign-in']/a")
    assert text(link) == "Sign in to join the discussion"
    assert link.get("href") == f"/accounts/login/?next={story.url.replace('/', '%2F')}%23discussion"
    assert document.xpath("//section[@id='discussion']//form") == []
    assert document.xpath("//section[@id='discussion']//textarea") == []


def test_signed_in_reader_gets_a_labelled_form_with_a_fresh_client_token(client, story, ada):
    client.force_login(ada)

    first = parse(client.get(story.url))
    second = parse(client.get(story.url))

    (form,) = first.xpath(f"//form[@id='compose-{story.pk}']")
    assert form.get("method") == "post"
    assert form.get("action") == f"/discussion/article/{story.pk}/post/"
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    textarea_id = form.xpath(".//textarea/@id")[0]
    assert form.xpath(f".//label[@for='{textarea_id}']/text()") == ["Join the discussion"]
    assert text(form.xpath(".//button[@type='submit']")[0]) == "Post comment"
    tokens = [
        document.xpath("//input[@name='client_token']/@value")[0] for document in (first, second)
    ]
    assert len(tokens[0]) == 32
    assert tokens[0] != tokens[1]


def test_closed_discussions_say_so_and_show_no_form(client, section, ada, say, settings):
    closed_by_editor = ArticlePageFactory(parent=section, title="Closed by the desk")
    say(ada, "Said before closing.", on=closed_by_editor)
    ArticlePage.objects.filter(pk=closed_by_editor.pk).update(allow_comments=False)
    too_old = ArticlePageFactory(parent=section, title="Last month")
    ArticlePage.objects.filter(pk=too_old.pk).update(
        first_published_at=timezone.now() - timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS + 1)
    )
    client.force_login(ada)

    for article in (closed_by_editor, too_old):
        document = parse(client.get(article.url))
        assert text(document.xpath("//p[@class='discussion__closed']")[0]) == (
            "The discussion of this article is closed."
        )
        assert document.xpath("//section[@id='discussion']//textarea") == []
        assert document.xpath("//section[@id='discussion']//a[starts-with(text(), 'Reply')]") == []
    assert "Said before closing." in client.get(closed_by_editor.url).content.decode()


@pytest.fixture
def long_discussion(story, ada, brook, say, settings):
    """Three threads, two to a page; the first has four replies, one shown on the page."""
    settings.COMMENTS_THREADS_PER_PAGE = 2
    settings.COMMENTS_REPLIES_PER_THREAD = 1
    now = timezone.now()
    threads = [say(ada, f"Thread {number}.") for number in range(3)]
    for number, thread in enumerate(threads):
        set_created(thread, now - timedelta(minutes=10 - number))
    replies = [say(brook, f"Reply {number}.", parent=threads[2]) for number in range(4)]
    return threads, replies


def test_first_page_links_to_more_replies_and_more_threads_without_javascript(
    client, story, long_discussion
):
    threads, replies = long_discussion

    document = parse(client.get(story.url, {"sort": "newest"}))

    assert [each[0] for each in comments_on(document)] == [
        threads[2].pk,
        replies[0].pk,
        threads[1].pk,
    ]
    (more_replies,) = document.xpath("//li[@class='thread__more']/a")
    assert text(more_replies) == "Show 3 more replies"
    assert (
        more_replies.get("href") == f"/discussion/thread/{threads[2].pk}/#comment-{replies[0].pk}"
    )
    assert more_replies.get("hx-get") == (
        f"/discussion/thread/{threads[2].pk}/?after={replies[0].path}"
    )
    (load_more,) = document.xpath("//li[@class='threads__more']/a")
    assert text(load_more) == "Load more comments"

    next_page = client.get(load_more.get("href"))

    assert next_page.status_code == 200
    next_document = parse(next_page)
    assert [each[0] for each in comments_on(next_document)] == [threads[0].pk]
    assert next_document.xpath("//li[@class='threads__more']") == []
    assert next_document.xpath("//h1/text()") == ["More comments on “Shelling of the river port”"]

    whole_thread = parse(client.get(more_replies.get("href").split("#")[0]))

    assert [each[0] for each in comments_on(whole_thread)] == [
        threads[2].pk,
        *[reply.pk for reply in replies],
    ]


def test_more_threads_and_replies_come_as_fragments_to_htmx(client, story, long_discussion):
    threads, replies = long_discussion
    document = parse(client.get(story.url, {"sort": "newest"}))
    load_more = document.xpath("//li[@class='threads__more']/a")[0]
    more_replies = document.xpath("//li[@class='thread__more']/a")[0]

    threads_fragment = client.get(load_more.get("hx-get"), headers=HX)
    replies_fragment = client.get(more_replies.get("hx-get"), headers=HX)

    for response in (threads_fragment, replies_fragment):
        assert response.status_code == 200
        assert "<html" not in response.content.decode()
        assert response.content.decode().lstrip().startswith("<li")
    assert [each[0] for each in comments_on(parse(threads_fragment))] == [threads[0].pk]
    assert [each[0] for each in comments_on(parse(replies_fragment))] == [
        reply.pk for reply in replies[1:]
    ]


def test_thread_page_continues_after_a_path_and_links_onward(
    client, story, ada, brook, say, monkeypatch
):
    monkeypatch.setattr(views, "REPLIES_PER_THREAD_PAGE", 2)
    top = say(ada, "Top.")
    replies = [say(brook, f"Reply {number}.", parent=top) for number in range(5)]

    first = parse(client.get(f"/discussion/thread/{top.pk}/"))
    onward = first.xpath("//li[@class='thread__more']/a")[0]
    second = parse(client.get(onward.get("href")))

    assert [each[0] for each in comments_on(first)] == [top.pk, replies[0].pk, replies[1].pk]
    assert text(onward) == "Show 3 more replies"
    assert [each[0] for each in comments_on(second)] == [top.pk, replies[2].pk, replies[3].pk]
    assert second.xpath("//p[@class='discussion__start']/a/@href") == [
        f"/discussion/thread/{top.pk}/"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/discussion/article/{article}/?cursor=not-a-cursor",
        "/discussion/article/{article}/?sort=newest&cursor=WyJiZXN0IiwgMS4wLCAxXQ",
        "/discussion/thread/{thread}/?after=12345",
        "/discussion/thread/{thread}/?after=%00",
    ],
)
def test_malformed_positions_get_a_400_page_with_a_message(client, story, ada, say, url):
    thread = say(ada, "Top.")

    response = client.get(url.format(article=story.pk, thread=thread.pk))

    assert response.status_code == 400
    document = parse(response)
    assert document.xpath("//h1/text()") == ["That did not work"]
    assert "malformed" in text(document.xpath("//p[@class='discussion-error__message']")[0])
    assert document.xpath("//header[@class='masthead']")


def test_unknown_article_thread_and_comment_get_404_pages(client, story, ada, say):
    hidden = say(ada, "Hidden.")
    Comment.objects.filter(pk=hidden.pk).update(status=Status.SPAM)
    draft = ArticlePageFactory(parent=story.get_parent(), publish=False)

    for url in (
        "/discussion/article/999999/",
        f"/discussion/article/{draft.pk}/?cursor=x",
        "/discussion/thread/999999/",
        f"/discussion/thread/{hidden.pk}/",
        "/discussion/comment/999999/",
        f"/discussion/comment/{hidden.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert parse(response).xpath("//h1/text()") == ["We could not find that"]


def test_permalink_redirects_to_the_thread_page_showing_the_comment(
    client, story, ada, brook, say, monkeypatch
):
    monkeypatch.setattr(views, "REPLIES_PER_THREAD_PAGE", 2)
    top = say(ada, "Top.")
    replies = [say(brook, f"Reply {number}.", parent=top) for number in range(4)]

    near = client.get(replies[1].get_absolute_url())
    far = client.get(replies[3].get_absolute_url())
    of_top = client.get(top.get_absolute_url())

    assert replies[1].get_absolute_url() == f"/discussion/comment/{replies[1].pk}/"
    assert near.status_code == 302
    assert near["Location"] == f"/discussion/thread/{top.pk}/#comment-{replies[1].pk}"
    assert of_top["Location"] == f"/discussion/thread/{top.pk}/#comment-{top.pk}"
    replies[2].refresh_from_db()
    assert far["Location"] == (
        f"/discussion/thread/{top.pk}/?after={replies[2].path}#comment-{replies[3].pk}"
    )
    shown = parse(client.get(far["Location"].split("#")[0]))
    assert replies[3].pk in [each[0] for each in comments_on(shown)]


def test_permalink_to_htmx_is_the_comment_itself(client, story, ada, say):
    comment = say(ada, "Me.")

    response = client.get(comment.get_absolute_url(), headers=HX)

    assert response.status_code == 200
    assert comments_on(parse(response)) == [(comment.pk, 0, None)]


def test_preview_of_a_draft_shows_no_discussion_yet(client, section, ada):
    draft = ArticlePageFactory(parent=section, publish=False)
    client.force_login(ada)

    page = draft.specific
    response = page.make_preview_request()

    assert response.status_code == 200
    assert "once the article is published" in response.content.decode()


def test_article_page_queries_do_not_grow_with_the_discussion(
    client, section, ada, brook, settings
):
    def queries_for(article) -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(article.url)
        assert response.status_code == 200
        return len(context.captured_queries)

    def discussion(threads: int, replies: int):
        article = ArticlePageFactory(parent=section)
        for thread_number in range(threads):
            top, _ = actions.post_comment(
                article=article,
                author=ada,
                body="Top.",
                client_token=f"{article.pk}-{thread_number}",
            )
            parent = top
            for reply_number in range(replies):
                parent, _ = actions.post_comment(
                    article=article,
                    author=ada,
                    body="Reply.",
                    parent=parent,
                    client_token=f"{article.pk}-{thread_number}-{reply_number}",
                )
                actions.toggle_vote(comment=parent, voter=brook)
        return article

    small, large = discussion(threads=1, replies=1), discussion(threads=25, replies=8)
    client.get(small.url)  # the site and its sections, read once per process

    assert queries_for(small) == queries_for(large)
    client.force_login(brook)
    assert queries_for(small) == queries_for(large)
