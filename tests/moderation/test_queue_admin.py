"""The moderation queue in the Wagtail admin: what it lists and shows, its sorts and filters,
the one-click and bulk decisions, bans, who may use it, and a page of the queue costing the same
queries for 5 comments as for 25."""

import itertools
import uuid
from datetime import timedelta

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import ArticlePageFactory, ReaderFactory, SectionPageFactory

from gazette.comments import actions as comment_actions
from gazette.comments.models import Comment
from gazette.moderation import actions
from gazette.moderation.errors import Banned
from gazette.moderation.models import AuditEvent, Ban, ModerationSettings, PolicyOverride, Verdict
from gazette.moderation.pipeline import Category, Reason
from gazette.moderation.policies import Mode, policy_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_incitement_model")]

QUEUE = "/admin/moderation/queue/"
Status = Comment.Status
NUMBERS = itertools.count(1)  # numbers the default texts

THREAT = Reason(
    "violence.threat_against_person",
    Category.VIOLENCE,
    3,
    0.97,
    "A concrete threat against a named person.",
)
CALL = Reason(
    "violence.call_against_group", Category.VIOLENCE, 2, 0.91, "Calls for violence against a group."
)
LINKS = Reason("links.too_many", Category.LINKS, 1, 1.0, "4 links from a new account (limit 2).")
WORDS = Reason("words.watched", Category.WORDS, 1, 1.0, 'Watched word "scum".')


def grant_moderation(user):
    """What the Moderators group gives: the admin, and changing comments."""
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="comments", codename="change_comment"),
    )
    return user


def make_moderator():
    return grant_moderation(ReaderFactory(username="morgan", display_name="Morgan Reyes"))


@pytest.fixture
def moderator(db):
    return make_moderator()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Shelling of the river port")


def reader(username: str, *, joined_days_ago: int = 100):
    return ReaderFactory(
        username=username, date_joined=timezone.now() - timedelta(days=joined_days_ago)
    )


def civil(label: str) -> str:
    """A comment no check holds."""
    return f"Thanks for the clear report on the council budget, {label}."


def post(article, author, body=None, parent=None) -> Comment:
    """A comment through the action every path uses; each default text is new, so the
    duplicate check holds none of them."""
    comment, _ = comment_actions.post_comment(
        article=article,
        author=author,
        body=body or civil(f"note {next(NUMBERS)}"),
        parent=parent,
        client_token=uuid.uuid4().hex,
    )
    return comment


def hold(comment: Comment, *reasons: Reason) -> Comment:
    """What the pipeline stores when its checks hold a comment for these reasons."""
    comment_actions.set_comment_status(comment=comment, status=Status.PENDING)
    Verdict.objects.filter(comment=comment).update(
        decision=Verdict.Decision.HOLD,
        awaiting_review=True,
        reasons=[reason.as_dict() for reason in reasons],
        severity=max((reason.severity for reason in reasons), default=0),
        top_category=str(max(reasons, key=lambda r: r.severity).category) if reasons else "",
    )
    comment.refresh_from_db()
    return comment


def flag(comment: Comment, *reporters, reason="abusive"):
    for reporter in reporters:
        actions.flag_comment(comment=comment, reporter=reporter, reason=reason)
    comment.refresh_from_db()
    return comment


def page(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content)


def entry_ids(response) -> list[int]:
    return [
        int(entry.get("id").removeprefix("entry-"))
        for entry in page(response).xpath("//article[@data-queue-entry]")
    ]


def entry(response, comment) -> lxml.html.HtmlElement:
    [found] = page(response).xpath(f"//article[@id='entry-{comment.pk}']")
    return found


def text(element) -> str:
    return " ".join(element.text_content().split())


def messages_in(response) -> str:
    return " ".join(
        " ".join("".join(message.xpath("text()")).split())
        for message in page(response).xpath("//div[@class='messages']/ul/li")
    )


# What the queue lists and shows


def test_the_queue_lists_held_and_reported_comments_and_no_published_ones(
    moderator_client, article
):
    ada, brook, cyd = reader("ada"), reader("brook"), reader("cyd")
    held = hold(post(article, ada), LINKS)
    reported = flag(post(article, brook), cyd)
    hidden = flag(post(article, cyd), *(reader(f"r{n}") for n in range(3)))
    published = post(article, ada)
    rejected = hold(post(article, brook), WORDS)
    actions.reject_comment(comment=rejected, moderator=None)

    response = moderator_client.get(QUEUE)

    assert sorted(entry_ids(response)) == sorted([held.pk, reported.pk, hidden.pk])
    assert reported.status == Status.PUBLISHED  # under the flag threshold: still on the page
    assert hidden.status == Status.PENDING
    assert published.pk not in entry_ids(response)


def test_an_entry_shows_the_body_escaped_the_reasons_flags_and_the_author_record(
    moderator_client, article
):
    ada = reader("ada", joined_days_ago=40)
    for _ in range(3):
        post(article, ada)
    actions.reject_comment(comment=post(article, ada), moderator=None)
    comment = post(article, ada, "<script>alert('x')</script> **not markdown**\nsecond line")
    flag(comment, reader("brook"), reader("cyd"), reason="violence")
    hold(comment, CALL, LINKS)
    Verdict.objects.filter(comment=comment).update(nudge_ignored=True)

    shown = entry(moderator_client.get(QUEUE), comment)

    [body] = shown.xpath(".//blockquote[@class='moderation-entry__body']")
    assert not shown.xpath(".//script")
    assert body.xpath("text()") == ["<script>alert('x')</script> **not markdown**", "second line"]
    assert len(body.xpath("./br")) == 1
    assert shown.xpath(f".//a[text()='{article.title}']/@href") == [article.url]
    rows = [
        [text(cell) for cell in row.xpath("./td")]
        for row in shown.xpath(".//table[@class='moderation-reasons']/tbody/tr")
    ]
    assert rows == [
        [CALL.name, "violence", "2", "0.91", CALL.detail],
        [LINKS.name, "links", "1", "1.00", LINKS.detail],
    ]
    record = text(shown.xpath(".//dl[@class='moderation-entry__record']")[0])
    assert "Reader flags 2 weighing 2: Calls for violence × 2" in record
    assert "The author 3 approved, 1 rejected; account 40 days old" in record
    assert "posted it anyway" in record
    assert "Posted after the warning" in text(shown.xpath(".//header")[0])


def test_an_entry_shows_up_to_three_comments_it_answers_and_its_first_replies(
    moderator_client, article
):
    ada, brook = reader("ada"), reader("brook")
    chain = [post(article, ada, civil("the opener"))]
    for depth in range(1, 4):
        chain.append(post(article, brook if depth % 2 else ada, civil(f"reply {depth}"), chain[-1]))
    comment = post(article, brook, civil("the held reply"), chain[-1])
    replies = [post(article, ada, civil(f"answer {n}"), comment) for n in range(7)]
    actions.reject_comment(comment=replies[0], moderator=None)
    hold(comment, WORDS)

    shown = entry(moderator_client.get(QUEUE), comment)

    [ancestors, answers] = shown.xpath(".//ol[contains(@class, 'moderation-thread')]")
    assert [text(item) for item in ancestors.xpath("./li")] == [
        f"Brook {civil('reply 1')}",
        f"Ada {civil('reply 2')}",
        f"Brook {civil('reply 3')}",
    ]
    assert [text(item) for item in answers.xpath("./li")] == [
        f"Ada {civil('answer 0')} (rejected)",
        *(f"Ada {civil(f'answer {n}')}" for n in range(1, 5)),
    ]
    assert "The first 5 of 7 replies." in text(shown)


# Sorting and filtering


def test_the_queue_sorts_newest_most_reported_and_most_urgent_first(moderator_client, article):
    now = timezone.now()
    readers = [reader(f"flagger{n}") for n in range(3)]
    oldest = hold(post(article, reader("ada")), THREAT)
    reported = flag(post(article, reader("brook")), *readers[:2])
    newest = hold(post(article, reader("cyd")), LINKS)
    for comment, hours in ((oldest, 3), (reported, 2), (newest, 1)):
        Verdict.objects.filter(comment=comment).update(created=now - timedelta(hours=hours))

    newest_first = entry_ids(moderator_client.get(QUEUE))
    most_reported = entry_ids(moderator_client.get(QUEUE, {"ordering": "-flag_weight"}))
    most_urgent = entry_ids(moderator_client.get(QUEUE, {"ordering": "-severity"}))

    assert newest_first == [newest.pk, reported.pk, oldest.pk]
    assert most_reported == [reported.pk, newest.pk, oldest.pk]
    assert most_urgent == [oldest.pk, newest.pk, reported.pk]


def test_the_sort_links_keep_the_filters(moderator_client, article):
    hold(post(article, reader("ada")), LINKS)

    document = page(moderator_client.get(QUEUE, {"category": "links"}))

    links = document.xpath("//nav[@class='moderation-queue__sorts']/a")
    assert [(text(a), a.get("href")) for a in links] == [
        ("Newest first", f"{QUEUE}?category=links&ordering=-created"),
        ("Most reported first", f"{QUEUE}?category=links&ordering=-flag_weight"),
        ("Most urgent first", f"{QUEUE}?category=links&ordering=-severity"),
    ]
    assert links[0].get("aria-current") == "true"


def test_the_queue_filters_by_any_reason_category_severity_and_source(moderator_client, article):
    threat_with_links = hold(post(article, reader("ada")), THREAT, LINKS)
    links_only = hold(post(article, reader("brook")), LINKS)
    words = hold(post(article, reader("cyd")), WORDS)
    reported = flag(post(article, reader("dee")), reader("eve"))

    def listed(**query):
        return sorted(entry_ids(moderator_client.get(QUEUE, query)))

    assert listed(category="links") == sorted([threat_with_links.pk, links_only.pk])
    assert listed(category="violence") == [threat_with_links.pk]
    assert listed(severity="3") == [threat_with_links.pk]
    assert listed(severity="1") == sorted([threat_with_links.pk, links_only.pk, words.pk])
    assert listed(source="held") == sorted([threat_with_links.pk, links_only.pk, words.pk])
    assert listed(source="reported") == [reported.pk]


def test_the_queue_filters_by_section_and_article(moderator_client, section, article):
    other_section = SectionPageFactory(title="Economy", slug="economy")
    elsewhere = ArticlePageFactory(parent=other_section, title="Grain prices")
    here = hold(post(article, reader("ada")), LINKS)
    there = hold(post(elsewhere, reader("brook")), LINKS)

    assert entry_ids(moderator_client.get(QUEUE, {"section": section.pk})) == [here.pk]
    assert entry_ids(moderator_client.get(QUEUE, {"section": other_section.pk})) == [there.pk]
    assert entry_ids(moderator_client.get(QUEUE, {"article": elsewhere.pk})) == [there.pk]


# Decisions


def test_approving_publishes_records_who_and_returns_to_the_queue_as_it_was(
    moderator_client, moderator, article
):
    comment = hold(post(article, reader("ada")), LINKS)
    back = f"{QUEUE}?category=links&ordering=-severity"

    response = moderator_client.post(f"{QUEUE}{comment.pk}/approve/", {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    verdict = Verdict.objects.get(comment=comment)
    assert (verdict.awaiting_review, verdict.decided_by) == (False, moderator)
    event = AuditEvent.objects.filter(comment=comment).first()
    assert (event.action, event.actor) == (AuditEvent.Action.COMMENT_APPROVED, moderator)
    assert messages_in(moderator_client.get(back)) == "Approved the comment by Ada."


def test_a_held_comment_shows_to_its_author_only_until_approved_then_to_everyone(
    moderator_client, article
):
    from django.test import Client

    ada = reader("ada")
    comment = hold(post(article, ada), LINKS)
    author, onlooker = Client(), Client()
    author.force_login(ada)
    marker = f'id="comment-{comment.pk}"'

    before = [marker in viewer.get(article.url).content.decode() for viewer in (author, onlooker)]
    moderator_client.post(f"{QUEUE}{comment.pk}/approve/", {"next": QUEUE})
    after = [marker in viewer.get(article.url).content.decode() for viewer in (author, onlooker)]

    assert (before, after) == ([True, False], [True, True])
    threads = onlooker.get(f"/api/v1/articles/{article.pk}/comments").json()["threads"]
    assert [thread["id"] for thread in threads] == [comment.pk]


def test_rejecting_takes_the_comment_off_and_out_of_the_queue(moderator_client, moderator, article):
    comment = flag(post(article, reader("ada")), reader("brook"))

    response = moderator_client.post(f"{QUEUE}{comment.pk}/reject/", {"next": QUEUE}, follow=True)

    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert entry_ids(response) == []
    assert messages_in(response) == "Rejected the comment by Ada."
    assert AuditEvent.objects.filter(
        comment=comment, actor=moderator, action=AuditEvent.Action.COMMENT_REJECTED
    ).exists()


def test_a_return_address_off_the_admin_is_not_followed(moderator_client, article):
    comment = hold(post(article, reader("ada")), LINKS)

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/approve/", {"next": "https://elsewhere.example/admin/"}
    )

    assert response["Location"] == QUEUE


def test_banning_for_seven_days_rejects_the_comment_and_stops_the_author_posting(
    moderator_client, moderator, article
):
    ada = reader("ada")
    comment = hold(post(article, ada), THREAT)

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/ban/",
        {"duration": "7", "reason": "Threatened another reader", "next": QUEUE},
        follow=True,
    )

    assert messages_in(response) == "Banned Ada for 7 days and rejected their comment."
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    ban = Ban.objects.get(user=ada)
    assert ban.created_by == moderator
    assert ban.reason == "Threatened another reader"
    assert round((ban.until - ban.created) / timedelta(days=1), 3) == 7
    assert [(e.action, e.reason) for e in AuditEvent.objects.filter(actor=moderator)] == [
        (AuditEvent.Action.COMMENT_REJECTED, "Threatened another reader"),
        (AuditEvent.Action.AUTHOR_BANNED, "Threatened another reader"),
    ]
    with pytest.raises(Banned):
        post(article, ada)


@pytest.mark.parametrize(("duration", "length"), [("1", 1), ("30", 30), ("forever", None)])
def test_a_ban_lasts_a_day_a_month_or_for_good(moderator_client, article, duration, length):
    ada = reader("ada")
    comment = hold(post(article, ada), CALL)

    moderator_client.post(f"{QUEUE}{comment.pk}/ban/", {"duration": duration, "reason": ""})

    ban = Ban.objects.get(user=ada)
    days = round((ban.until - ban.created) / timedelta(days=1), 3) if ban.until else None
    assert days == length
    assert ban.reason == f"Comment {comment.pk} ({CALL.name})"


def test_deciding_a_comment_someone_else_decided_changes_nothing(
    moderator_client, moderator, article
):
    comment = hold(post(article, reader("ada")), LINKS)
    actions.approve_comment(comment=comment, moderator=moderator)

    response = moderator_client.post(f"{QUEUE}{comment.pk}/reject/", follow=True)

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert messages_in(response) == (
        f"Comment {comment.pk} is no longer waiting for a moderator: someone has decided it."
    )


def test_the_decisions_are_posts_only(moderator_client, article):
    comment = hold(post(article, reader("ada")), LINKS)

    for decision in ("approve", "reject", "ban"):
        assert moderator_client.get(f"{QUEUE}{comment.pk}/{decision}/").status_code == 405
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_bulk_approve_and_reject_the_selected_comments(moderator_client, moderator, article):
    first, second, third = (hold(post(article, reader(f"r{n}")), LINKS) for n in range(3))
    decided = hold(post(article, reader("ada")), LINKS)
    actions.approve_comment(comment=decided, moderator=None)

    approved = moderator_client.post(
        f"{QUEUE}bulk/",
        {"decision": "approve", "comments": [first.pk, second.pk, decided.pk], "next": QUEUE},
        follow=True,
    )
    rejected = moderator_client.post(
        f"{QUEUE}bulk/", {"decision": "reject", "comments": [third.pk]}, follow=True
    )

    assert messages_in(approved) == "Approved 2 comments. 1 had already been decided."
    assert messages_in(rejected) == "Rejected 1 comment."
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in (first, second, third)] == [
        Status.PUBLISHED,
        Status.PUBLISHED,
        Status.REJECTED,
    ]
    assert AuditEvent.objects.filter(actor=moderator).count() == 3
    assert entry_ids(rejected) == []


def test_bulk_without_a_selection_says_so(moderator_client, article):
    hold(post(article, reader("ada")), LINKS)

    response = moderator_client.post(f"{QUEUE}bulk/", {"decision": "approve"}, follow=True)

    assert messages_in(response) == "Select one or more comments first."


def test_every_entry_has_one_click_forms_and_a_box_for_the_bulk_buttons(moderator_client, article):
    comment = hold(post(article, reader("ada")), LINKS)

    document = page(moderator_client.get(QUEUE, {"ordering": "-severity"}))

    shown = document.xpath(f"//article[@id='entry-{comment.pk}']")[0]
    forms = {form.get("action"): form for form in shown.xpath(".//form")}
    assert set(forms) == {f"{QUEUE}{comment.pk}/{d}/" for d in ("approve", "reject", "ban")}
    for form in forms.values():
        assert form.get("method") == "post"
        assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
        assert form.xpath(".//input[@name='next']/@value") == [f"{QUEUE}?ordering=-severity"]
    assert shown.xpath(".//input[@type='checkbox']/@form") == ["queue-bulk"]
    assert document.xpath("//form[@id='queue-bulk']/@action") == [f"{QUEUE}bulk/"]
    [script] = document.xpath("//script[contains(@src, 'moderation/queue.js')]")
    assert script.get("type") == "module"


def test_the_review_page_of_a_comment_shows_what_happened_to_it(
    moderator_client, moderator, article
):
    comment = hold(post(article, reader("ada")), LINKS)
    actions.reject_comment(comment=comment, moderator=moderator, reason="Spam links")

    document = page(moderator_client.get(f"{QUEUE}{comment.pk}/"))

    rows = [[text(td) for td in row.xpath("./td")[1:]] for row in document.xpath("//tbody/tr")]
    assert ["Morgan Reyes", "Rejected", "Spam links"] in rows
    assert ["Gazette", "Published automatically", ""] in rows
    assert not document.xpath("//form[contains(@action, '/approve/')]")


# Who may moderate


def test_the_moderation_menu_and_pages_are_for_moderators_only(client, moderator, article):
    comment = hold(post(article, reader("ada")), LINKS)
    editor = ReaderFactory(username="edith", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    pages = [QUEUE, "/admin/moderation/audit/", "/admin/moderation/dashboard/"]

    client.force_login(reader("ada_reader"))
    for url in pages:
        assert client.get(url)["Location"].startswith("/admin/login/")
    client.force_login(editor)
    assert QUEUE not in client.get("/admin/").content.decode()
    for url in pages:
        refused = client.get(url, follow=True)
        assert refused.redirect_chain == [("/admin/", 302)]
        assert messages_in(refused) == "Sorry, you do not have permission to access this area."
    assert client.post(f"{QUEUE}{comment.pk}/approve/")["Location"] == "/admin/"
    client.post(f"{QUEUE}bulk/", {"decision": "approve", "comments": [comment.pk]})
    client.post(f"{QUEUE}{comment.pk}/ban/", {"duration": "7"})
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not Ban.objects.exists()
    client.force_login(moderator)
    assert QUEUE in client.get("/admin/").content.decode()
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]


def test_anonymous_visitors_are_sent_to_the_admin_login(client, db):
    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# A page of the queue costs the same whatever its size


def busy_queue(article, size: int, name: str = "a"):
    """Held comments by different authors (banned), each deep in a thread, replied to and
    flagged."""
    opener = post(article, reader(f"{name}-opener"))
    for n in range(size):
        author = reader(f"{name}-author{n}")
        middle = post(article, reader(f"{name}-middle{n}"), parent=opener)
        comment = post(article, author, parent=middle)
        post(article, reader(f"{name}-replier{n}"), parent=comment)
        flag(comment, reader(f"{name}-flagger{n}"), reason="spam")
        hold(comment, CALL, LINKS)
        Ban.objects.create(user=author, created=timezone.now(), reason="Earlier")


def count_queries(client) -> int:
    client.get(QUEUE)  # Wagtail caches the sites' root paths on the first page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [5, 25])
def test_a_page_of_the_queue_reads_a_fixed_number_of_queries(
    moderator_client, article, django_assert_max_num_queries, size
):
    busy_queue(article, size)

    with django_assert_max_num_queries(20):
        response = moderator_client.get(QUEUE)

    assert len(entry_ids(response)) == size


def test_25_entries_cost_no_more_queries_than_5(moderator_client, article, section):
    busy_queue(article, 5)
    five = count_queries(moderator_client)
    busy_queue(ArticlePageFactory(parent=section, title="Another story"), 20, name="b")

    assert count_queries(moderator_client) == five


# The policy's settings and rules


def test_the_site_policy_is_under_settings(admin_client, db):
    response = admin_client.get("/admin/settings/moderation/moderationsettings/", follow=True)

    assert response.status_code == 200
    assert b"Moderation policy" in response.content
    assert b"Pre-moderation: hold every comment for a moderator" in response.content


def test_an_editor_sets_rules_for_a_section_with_the_page_chooser(admin_client, section, article):
    ModerationSettings.objects.create(site_id=section.get_site().pk, mode=Mode.POST.value)

    form = admin_client.get("/admin/moderation/rules/new/")
    response = admin_client.post(
        "/admin/moderation/rules/new/",
        {
            "page": section.pk,
            "mode": Mode.PRE.value,
            "extra_banned_words": "",
            "extra_watched_words": "scum\nvermin",
            "new_account_link_limit": "",
        },
    )

    assert form.status_code == 200
    assert b'data-chooser-init="PageChooser"' in form.content
    assert response.status_code == 302
    assert PolicyOverride.objects.get().page.pk == section.pk
    policy = policy_for(article)
    assert (policy.mode, policy.watched_words) == (Mode.PRE, ("scum", "vermin"))


def test_an_editor_closes_every_discussion_of_a_section_from_its_rules(
    admin_client, section, article
):
    from gazette.comments.permissions import is_discussion_open

    assert is_discussion_open(article)

    response = admin_client.post(
        "/admin/moderation/rules/new/",
        {
            "page": section.pk,
            "mode": "",
            "extra_banned_words": "",
            "extra_watched_words": "",
            "new_account_link_limit": "",
            "new_commenter_approved": "1",
            "close_after_days": "",
            "discussions_closed": "on",
        },
    )

    assert response.status_code == 302
    assert not is_discussion_open(article)
    assert policy_for(article).new_commenter_approved == 1
    listing = admin_client.get("/admin/moderation/rules/")
    assert b"Discussions closed" in listing.content


def test_banning_from_the_queue_signs_the_author_out_everywhere(moderator_client, article):
    ada = reader("ada")
    comment = hold(post(article, ada), THREAT)
    ada_client = Client()
    ada_client.force_login(ada)

    moderator_client.post(f"{QUEUE}{comment.pk}/ban/", {"duration": "7", "reason": ""})

    assert not ada_client.get("/").wsgi_request.user.is_authenticated
    assert moderator_client.get(QUEUE).status_code == 200  # the moderator stays signed in


def test_a_staff_author_is_not_banned_from_the_queue(moderator_client, moderator, article):
    editor = ReaderFactory(username="edith", display_name="Edith", is_staff=True)
    comment = hold(post(article, editor), THREAT)
    editor_client = Client()
    editor_client.force_login(editor)

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/ban/", {"duration": "7", "reason": "", "next": QUEUE}, follow=True
    )

    assert messages_in(response) == (
        "Edith has a staff account: remove their staff access before banning them (a ban signs "
        "them out everywhere, the admin included)."
    )
    assert not Ban.objects.exists()
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert editor_client.get("/").wsgi_request.user == editor
