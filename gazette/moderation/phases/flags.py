"""Reader flags: enough weighted flags hide a published comment until a moderator decides."""

from ..pipeline import Category, Draft, Reason


def check(draft: Draft) -> list[Reason]:
    weight = draft.signals.get("flag_weight", 0.0)
    if weight < draft.policy.flag_hide_weight:
        return []
    count = draft.signals.get("flag_count", 0)
    return [
        Reason(
            "flags.hidden",
            Category.FLAGS,
            1,
            min(weight / (2 * draft.policy.flag_hide_weight), 1.0),
            f"{count} reader flag(s) weighing {weight:g} (hidden at "
            f"{draft.policy.flag_hide_weight:g}).",
        )
    ]
