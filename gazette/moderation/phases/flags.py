"""Reader flags: enough weighted flags hide a published comment until a moderator decides."""

from typing import cast

from ..pipeline import Category, Draft, Reason
from ..policies import Policy


def check(draft: Draft) -> list[Reason]:
    policy = cast(Policy, draft.policy)
    weight = draft.signals.get("flag_weight", 0.0)
    if weight < policy.flag_hide_weight:
        return []
    count = draft.signals.get("flag_count", 0)
    return [
        Reason(
            "flags.hidden",
            Category.FLAGS,
            1,
            min(weight / (2 * policy.flag_hide_weight), 1.0),
            f"{count} reader flag(s) weighing {weight:g} (hidden at {policy.flag_hide_weight:g}).",
        )
    ]
