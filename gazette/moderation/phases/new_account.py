"""New-account and trust rules: pre-moderation modes and the rejection-rate fallback."""

from typing import cast

from ..pipeline import Category, Draft, Reason
from ..policies import Mode, Policy


def check(draft: Draft) -> list[Reason]:
    policy, history = cast(Policy, draft.policy), draft.history
    reasons = []
    if policy.mode == Mode.PRE:
        reasons.append(
            Reason(
                "policy.pre_moderation",
                Category.POLICY,
                1,
                1.0,
                "This discussion is pre-moderated: every comment waits for a moderator.",
            )
        )
    elif policy.mode == Mode.PRE_NEW:
        # N approved comments (the site's, or a section's or an article's) skip the queue, and
        # only with no rejection in the trust window.
        if history.approved < policy.new_commenter_approved:
            reasons.append(
                Reason(
                    "account.new_commenter",
                    Category.ACCOUNT,
                    1,
                    1.0,
                    f"New commenter: {history.approved} approved comment(s) of the "
                    f"{policy.new_commenter_approved} needed to skip pre-moderation.",
                )
            )
        elif history.recent_rejected:
            reasons.append(
                Reason(
                    "account.recent_rejection",
                    Category.ACCOUNT,
                    1,
                    1.0,
                    f"{history.recent_rejected} of the author's comments in the last "
                    f"{policy.trust_window_days} days were rejected: pre-moderated until "
                    "that many days pass without a rejection.",
                )
            )
    if history.recent_rejected >= 2:
        rate = history.recent_rejected / max(history.recent, 1)
        if rate >= policy.trust_rejection_rate:
            reasons.append(
                Reason(
                    "account.rejection_rate",
                    Category.ACCOUNT,
                    2,
                    min(rate, 1.0),
                    f"{history.recent_rejected} of the author's {history.recent} comments in the "
                    f"last {policy.trust_window_days} days were rejected ({rate:.0%}; the limit "
                    f"is {policy.trust_rejection_rate:.0%}): back to pre-moderation.",
                )
            )
    return reasons
