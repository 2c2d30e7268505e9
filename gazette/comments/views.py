"""The discussion's pages and fragments: parse the request, call one action or query, render.

A plain request gets a page of the site, and a form post is answered with a redirect
(POST-redirect-GET), so everything works without JavaScript. A request made by htmx (header
`HX-Request`) gets the fragment to swap in place instead. Failures are 4xx answers carrying the
message of the action's exception, never a 500; to htmx they come with `HX-Reswap`, which
`discussion.js` takes as leave to swap them in place.
"""

import re
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gazette.core import ratelimits
from gazette.moderation import actions as moderation
from gazette.moderation.errors import Banned, FlagRefused, NudgeRequired, RateLimited

from . import actions, permissions, queries
from .errors import DiscussionClosed, DiscussionError, InvalidComment, NotAllowed, TokenReused
from .forms import CommentForm, EditForm, FlagForm
from .models import PATH_SEGMENT, Comment
from .presentation import (
    Presenter,
    Thread,
    compose_form,
    current_page,
    discussion_context,
    login_url,
    present_node,
    reply_form,
)
from .queries import Node

REPLIES_PER_THREAD_PAGE = 100
REPLIES_PER_FRAGMENT = 50
PATH_PATTERN = re.compile(rf"(?:\d{{{PATH_SEGMENT}}}){{1,21}}")
ERROR_HEADINGS = {
    400: "That did not work",
    403: "You cannot do that here",
    404: "We could not find that",
    422: "That form was already used",
    429: "Please slow down",
}
SIGN_IN_TO_COMMENT = "Sign in to join the discussion."
SIGN_IN_TO_VOTE = "Sign in to vote."
SIGN_IN_TO_REPORT = "Sign in to report a comment."
REPORT_THANKS = "Thank you: moderators will look at this comment."


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


def _safe_next(request: HttpRequest, default: str) -> str:
    """The page to return to after a form: a path on this site, else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and candidate.isprintable()
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate.split("#", 1)[0]
    return default


def _article_url(request: HttpRequest, article) -> str:
    return article.get_url(request) or "/"


def _fragment(request, template, context, *, status=200, retarget=None, reswap=None):
    response = render(request, template, context, status=status)
    if retarget:
        response["HX-Retarget"] = retarget
    if reswap:
        response["HX-Reswap"] = reswap
    return _vary(response)


def _page(request, fragment, context, *, title, status=200, noindex=True):
    return _vary(
        render(
            request,
            "comments/page.html",
            {**context, "fragment": fragment, "title": title, "noindex": noindex},
            status=status,
        )
    )


def _error(request: HttpRequest, error: DiscussionError, *, article=None) -> HttpResponse:
    """A 4xx answer: a message in the discussion's status line for htmx, else a page."""
    if is_htmx(request):
        return _fragment(
            request,
            "comments/_status_message.html",
            {"status_error": error.message},
            status=error.status_code,
            retarget="#discussion-status",
            reswap="innerHTML",
        )
    signed_in = request.user.is_authenticated
    return_to = current_page(request) if request.method in ("GET", "HEAD") else "/"
    return _vary(
        render(
            request,
            "comments/error.html",
            {
                "heading": ERROR_HEADINGS.get(error.status_code, "That did not work"),
                "message": error.message,
                "article": article,
                "article_url": _article_url(request, article) if article else "",
                "sign_in_url": "" if signed_in else login_url(_safe_next(request, return_to)),
            },
            status=error.status_code,
        )
    )


def _form_failed(request, fragment, context, *, title, status, retarget="this"):
    """The form again with its errors: in place for htmx, else on a page of its own."""
    if is_htmx(request):
        return _fragment(
            request, fragment, context, status=status, retarget=retarget, reswap="outerHTML"
        )
    return _page(request, fragment, {**context, "in_place": False}, title=title, status=status)


def _sign_in_or_refuse(request: HttpRequest, message: str) -> HttpResponse:
    """Anonymous readers asking for a form page go to the login; anything else is a 403."""
    if request.method in ("GET", "HEAD") and not is_htmx(request):
        return redirect_to_login(request.get_full_path())
    return _error(request, NotAllowed(message))


def _ban_refusal(presenter: Presenter) -> Banned | None:
    """The ban's message for a banned reader who follows an old link to a form, rather than a
    form that sending would refuse; None for everyone else."""
    return None if presenter.ban is None else Banned(moderation.ban_message(presenter.ban))


def _refuse_if_banned(presenter: Presenter) -> None:
    if (refusal := _ban_refusal(presenter)) is not None:
        raise refusal


def comment_location(comment: Comment) -> str:
    """The page that shows a comment: the page of its thread that holds it, at its anchor."""
    url = reverse("comments:thread", args=[comment.thread_id])
    after = queries.page_start_for(comment, replies_per_page=REPLIES_PER_THREAD_PAGE)
    if after:
        url += f"?after={after}"
    return f"{url}#comment-{comment.pk}"


@require_safe
def article_discussion(request: HttpRequest, article_id: int) -> HttpResponse:
    """The next threads of a discussion (`?cursor=`), or the whole section in another order."""
    cursor = request.GET.get("cursor") or None
    try:
        article = actions.get_article_for_discussion(article_id)
        context = discussion_context(request, article, sort=request.GET.get("sort"), cursor=cursor)
    except DiscussionError as error:
        return _error(request, error)
    if is_htmx(request):
        template = "comments/_threads_more.html" if cursor else "comments/_discussion.html"
        return _fragment(request, template, context)
    if not cursor:
        return _vary(
            HttpResponseRedirect(f"{context['article_url']}?sort={context['sort']}#discussion")
        )
    return _page(
        request,
        "comments/_threads_page.html",
        context,
        title=f"More comments on “{article.title}”",
        noindex=False,
    )


@require_safe
def thread(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One whole thread, a page of replies at a time (`?after=` the last path shown)."""
    after = request.GET.get("after", "")
    try:
        if after and not PATH_PATTERN.fullmatch(after):
            raise InvalidComment(
                "That part of the thread does not exist: the position is malformed."
            )
        root = permissions.get_thread_for(request.user, comment_id)
        article = actions.get_article_for_discussion(root.article_id)
    except DiscussionError as error:
        return _error(request, error)
    limit = REPLIES_PER_FRAGMENT if is_htmx(request) else REPLIES_PER_THREAD_PAGE
    node = queries.more_replies(thread=root, viewer=request.user, after_path=after, limit=limit)
    context = {
        "article": article,
        "article_url": _article_url(request, article),
        "thread": Presenter(viewer=request.user, article=article).threads([node])[0],
        "after": after,
        "next": current_page(request),
        "in_place": True,
    }
    if is_htmx(request):
        return _fragment(request, "comments/_replies_more.html", context)
    return _page(
        request,
        "comments/_thread_page.html",
        context,
        title=f"A thread on “{article.title}”",
        noindex=False,
    )


@require_safe
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Where a comment is shown; to htmx, the comment itself (to put it back after a form)."""
    try:
        comment = permissions.get_comment_for(request.user, comment_id)
        article = actions.get_article_for_discussion(comment.article_id)
    except DiscussionError as error:
        return _error(request, error)
    if is_htmx(request):
        node = Node(comment=comment, is_visible=permissions.can_see(request.user, comment))
        context = {
            "article": article,
            "item": present_node(node, viewer=request.user, article=article),
            "next": _safe_next(request, current_page(request)),
            "in_place": True,
        }
        return _fragment(request, "comments/_comment.html", context)
    return _vary(HttpResponseRedirect(comment_location(comment)))


@require_POST
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    """A new top-level comment."""
    if not request.user.is_authenticated:
        return _error(request, NotAllowed(SIGN_IN_TO_COMMENT))
    try:
        article = actions.get_article_for_discussion(article_id)
    except DiscussionError as error:
        return _error(request, error)
    context = {
        "article": article,
        "article_url": _article_url(request, article),
        "next": _safe_next(request, _article_url(request, article)),
        "in_place": True,
    }
    return _save_comment(
        request,
        form=compose_form(article, request.POST),
        context=context,
        fragment="comments/_compose_form.html",
        title="Your comment was not posted",
    )


def _visible_comment(request: HttpRequest, comment_id: int, *, deleted: str):
    """A comment this reader can see, and its article; DiscussionError otherwise."""
    comment = permissions.get_comment_for(request.user, comment_id)
    if not permissions.can_see(request.user, comment):
        raise InvalidComment(deleted)
    return comment, actions.get_article_for_discussion(comment.article_id)


@require_http_methods(["GET", "HEAD", "POST"])
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The reply form under a comment (GET), and the reply itself (POST)."""
    if not request.user.is_authenticated:
        return _sign_in_or_refuse(request, SIGN_IN_TO_COMMENT)
    try:
        parent, article = _visible_comment(
            request, comment_id, deleted="That comment was deleted; you cannot reply to it."
        )
        presenter = Presenter(viewer=request.user, article=article)
        if request.method != "POST" and not presenter.is_open:
            raise DiscussionClosed("The discussion of this article is closed.")
        if request.method != "POST":
            _refuse_if_banned(presenter)
    except DiscussionError as error:
        return _error(request, error)
    parent_item = presenter.present(Node(comment=parent, is_visible=True))
    context = {
        "article": article,
        "article_url": _article_url(request, article),
        "parent": parent_item,
        "context_item": parent_item,
        "next": _safe_next(request, _article_url(request, article)),
        "in_place": is_htmx(request),
    }
    title = f"Reply to {context['parent'].author_name}"
    if request.method == "POST":
        return _save_comment(
            request,
            form=reply_form(parent, request.POST),
            context=context,
            fragment="comments/_reply_form.html",
            title="Your reply was not posted",
            parent=parent,
        )
    context["form"] = reply_form(parent)
    if is_htmx(request):
        return _fragment(request, "comments/_reply_form.html", context)
    return _page(request, "comments/_reply_form.html", context, title=title)


def _save_comment(request, *, form: CommentForm, context, fragment, title, parent=None):
    article = context["article"]
    status = 400
    if form.is_valid():
        try:
            comment, created = actions.post_comment(
                article=article,
                author=request.user,
                body=form.cleaned_data["body"],
                client_token=form.cleaned_data["client_token"],
                parent=parent,
                ip_address=ratelimits.client_address(request),
                signals=form.signals(),
                nudge_acknowledged=form.cleaned_data["post_anyway"],
            )
        except NudgeRequired as error:
            form = form.with_nudge()
            status = error.status_code
        except RateLimited as error:
            form.add_error(None, error.message)
            response = _form_failed(
                request, fragment, {**context, "form": form}, title=title, status=429
            )
            response["Retry-After"] = str(error.retry_after)
            return response
        except TokenReused as error:
            form = form.with_new_token()
            form.full_clean()
            form.add_error(None, f"{error.message} To post this text as well, send it again.")
            status = error.status_code
        except DiscussionError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            return _posted(
                request, article=article, comment=comment, created=created, parent=parent
            )
    return _form_failed(request, fragment, {**context, "form": form}, title=title, status=status)


REJECTED_MESSAGE = (
    "Your comment was not published: it uses words this site does not accept. "
    "It is kept for the moderators; you can write a new one."
)


def _posted(request, *, article, comment: Comment, created: bool, parent: Comment | None):
    if comment.status in (Comment.Status.REJECTED, Comment.Status.SPAM):
        if not is_htmx(request):
            messages.error(request, REJECTED_MESSAGE)
            return HttpResponseRedirect(f"{_article_url(request, article)}#discussion")
        return _fragment(
            request,
            "comments/_status_message.html",
            {"status_error": REJECTED_MESSAGE},
            retarget="#discussion-status",
            reswap="innerHTML",
        )
    if comment.status == Comment.Status.PENDING:
        message = "Your comment is awaiting moderation: other readers will see it once approved."
    else:
        message = "Your reply was posted." if parent else "Your comment was posted."
    if not is_htmx(request):
        messages.success(request, message)
        if parent is None:
            return HttpResponseRedirect(
                f"{_article_url(request, article)}?sort=newest#comment-{comment.pk}"
            )
        return HttpResponseRedirect(comment_location(comment))
    presenter = Presenter(viewer=request.user, article=article)
    item = presenter.item(Node(comment=comment, is_visible=True))
    context = {
        "article": article,
        "item": item,
        "thread": Thread(root=item, replies=[], more_replies=0, last_path=comment.path),
        "is_new": created,
        "parent": parent,
        "form": compose_form(article),
        "count": queries.comment_count(article),
        "status_message": message,
        "next": _safe_next(request, _article_url(request, article)),
        "in_place": True,
    }
    template = "comments/_posted_reply.html" if parent else "comments/_posted_comment.html"
    return _fragment(request, template, context)


def _edit_refusal(user, comment: Comment) -> NotAllowed:
    if comment.author_id != user.pk:
        return NotAllowed("You can only edit your own comments.")
    return NotAllowed(
        "This comment can no longer be edited: comments can be changed for a short while after "
        "posting, until someone replies."
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One's own comment in an edit form (GET), and the changed text (POST)."""
    if not request.user.is_authenticated:
        return _sign_in_or_refuse(request, SIGN_IN_TO_COMMENT)
    try:
        comment = permissions.get_comment_for(request.user, comment_id)
        article = actions.get_article_for_discussion(comment.article_id)
        presenter = Presenter(viewer=request.user, article=article)
        if request.method != "POST":
            _refuse_if_banned(presenter)
        if not permissions.can_edit(request.user, comment):
            raise _edit_refusal(request.user, comment)
    except DiscussionError as error:
        return _error(request, error)
    context = {
        "article": article,
        "article_url": _article_url(request, article),
        "next": _safe_next(request, _article_url(request, article)),
        "in_place": is_htmx(request),
    }

    def item_for(current: Comment):
        return presenter.present(Node(comment=current, is_visible=True))

    if request.method == "POST":
        form = EditForm(request.POST, auto_id=f"edit-{comment.pk}-%s")
        status = 400
        if form.is_valid():
            try:
                comment = actions.edit_comment(
                    comment=comment, editor=request.user, body=form.cleaned_data["body"]
                )
            except DiscussionError as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                return _saved(request, context, item_for(comment), "Your changes were saved.")
        return _form_failed(
            request,
            "comments/_comment_edit.html",
            {**context, "form": form, "item": item_for(comment)},
            title="Your changes were not saved",
            status=status,
            retarget="closest .comment",
        )
    context |= {
        "item": item_for(comment),
        "form": EditForm(initial={"body": comment.body}, auto_id=f"edit-{comment.pk}-%s"),
    }
    if is_htmx(request):
        return _fragment(request, "comments/_comment_edit.html", context)
    return _page(request, "comments/_comment_edit.html", context, title="Edit your comment")


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A confirmation (GET), then the comment withdrawn (POST); its replies stay."""
    if not request.user.is_authenticated:
        return _sign_in_or_refuse(request, SIGN_IN_TO_COMMENT)
    try:
        comment = permissions.get_comment_for(request.user, comment_id)
        article = actions.get_article_for_discussion(comment.article_id)
        if not permissions.can_delete(request.user, comment):
            raise NotAllowed("You can only delete your own comments.")
        if request.method == "POST":
            comment = actions.delete_comment(comment=comment, user=request.user)
    except DiscussionError as error:
        return _error(request, error)
    context = {
        "article": article,
        "article_url": _article_url(request, article),
        "next": _safe_next(request, _article_url(request, article)),
        "in_place": is_htmx(request),
    }
    node = Node(comment=comment, is_visible=request.method != "POST")
    item = present_node(node, viewer=request.user, article=article)
    if request.method == "POST":
        context["count"] = queries.comment_count(article)
        return _saved(request, context, item, "Your comment was deleted.")
    context["item"] = item
    if is_htmx(request):
        return _fragment(request, "comments/_comment_delete.html", context)
    return _page(request, "comments/_comment_delete.html", context, title="Delete your comment?")


def _saved(request, context, item, message):
    """After an edit or a delete: back to the page with a message, or the comment in place."""
    if not is_htmx(request):
        messages.success(request, message)
        return HttpResponseRedirect(f"{context['next']}#comment-{item.id}")
    return _fragment(
        request,
        "comments/_comment_saved.html",
        {**context, "item": item, "status_message": message, "in_place": True},
    )


@require_POST
def vote(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Up-vote another reader's comment, or take the up-vote back."""
    if not request.user.is_authenticated:
        return _error(request, NotAllowed(SIGN_IN_TO_VOTE))
    try:
        comment = permissions.get_comment_for(request.user, comment_id)
        article = actions.get_article_for_discussion(comment.article_id)
        comment, voted = actions.toggle_vote(comment=comment, voter=request.user)
    except DiscussionError as error:
        return _error(request, error)
    next_url = _safe_next(request, _article_url(request, article))
    if not is_htmx(request):
        messages.success(request, "Up-vote recorded." if voted else "Up-vote withdrawn.")
        return HttpResponseRedirect(f"{next_url}#comment-{comment.pk}")
    presenter = Presenter(viewer=request.user, article=article)
    presenter.voted = {comment.pk} if voted else set()
    context = {
        "item": presenter.item(Node(comment=comment, is_visible=True)),
        "next": next_url,
        "in_place": True,
    }
    return _fragment(request, "comments/_vote_form.html", context)


def _flag_refusal(presenter: Presenter, item) -> DiscussionError | None:
    """Why the report form is not offered to this reader: the action refuses the same cases."""
    if (refusal := _ban_refusal(presenter)) is not None:
        return refusal
    if item.is_flagged:
        return FlagRefused("You already reported this comment.")
    if not item.can_flag:
        return FlagRefused("You cannot report your own comment.")
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def flag(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The report form for another reader's comment (GET), and the report itself (POST)."""
    if not request.user.is_authenticated:
        return _sign_in_or_refuse(request, SIGN_IN_TO_REPORT)
    try:
        comment, article = _visible_comment(
            request, comment_id, deleted="That comment was deleted; there is nothing to report."
        )
        presenter = Presenter(viewer=request.user, article=article)
        item = presenter.present(Node(comment=comment, is_visible=True))
        refusal = _flag_refusal(presenter, item)
        if refusal is not None and request.method != "POST":
            raise refusal
    except DiscussionError as error:
        return _error(request, error)
    context = {
        "article": article,
        "article_url": _article_url(request, article),
        "item": item,
        "context_item": item,
        "next": _safe_next(request, _article_url(request, article)),
        "in_place": is_htmx(request),
    }
    auto_id = f"flag-{comment.pk}-%s"
    if request.method == "POST":
        form = FlagForm(request.POST, auto_id=auto_id)
        status = 400
        if form.is_valid():
            try:
                moderation.flag_comment(
                    comment=comment,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except DiscussionError as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                # Shown as the reader saw it when reporting, even if the report hid it.
                return _saved(request, context, replace(item, is_flagged=True), REPORT_THANKS)
        return _form_failed(
            request,
            "comments/_flag_form.html",
            {**context, "form": form},
            title="Your report was not sent",
            status=status,
        )
    context["form"] = FlagForm(auto_id=auto_id)
    if is_htmx(request):
        return _fragment(request, "comments/_flag_form.html", context)
    return _page(
        request,
        "comments/_flag_form.html",
        context,
        title=f"Report a comment by {item.author_name}",
    )
