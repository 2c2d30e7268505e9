"""Where the discussion hands a new or edited comment to moderation.

Every comment that any path creates (form, htmx, API) is screened here before it is stored, and
its verdict recorded in the same transaction. Moderation lives in `gazette.moderation`; this
module is the one seam between the two apps, imported lazily because moderation's models point
at comments'."""


def screen(*, article, author, body, parent, ip_address, signals, nudge_acknowledged):
    """The moderation Screening (status, text to render), or a DiscussionError that refuses the
    comment before it is stored: banned, rate-limited, or nudged."""
    from gazette.moderation.actions import screen_comment

    return screen_comment(
        article=article,
        author=author,
        body=body,
        parent=parent,
        ip_address=ip_address,
        signals=signals,
        nudge_acknowledged=nudge_acknowledged,
    )


def record(*, comment, screening) -> None:
    from gazette.moderation.actions import record_verdict

    record_verdict(comment=comment, screening=screening)


def screen_edit(*, comment, body):
    from gazette.moderation.actions import screen_edit as screen_edited

    return screen_edited(comment=comment, body=body)


def record_edit(*, comment, screening) -> None:
    from gazette.moderation.actions import record_edit_verdict

    record_edit_verdict(comment=comment, screening=screening)


def active_ban(user):
    """The moderation Ban in force on this reader now, or None (always None when signed out)."""
    from gazette.moderation.queries import active_ban as ban_in_force

    return ban_in_force(user)


def is_banned(user) -> bool:
    return active_ban(user) is not None


def discussion_closing(article) -> tuple[bool, int | None]:
    """Whether the moderation policy in force for the article closes its discussion now, and
    after how many days from first publication (0: never; None: the server's default)."""
    from gazette.moderation.policies import policy_for

    policy = policy_for(article)
    return policy.discussions_closed, policy.close_after_days
