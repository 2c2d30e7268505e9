"""One small module per check. Each exposes `check(draft) -> list[Reason]`."""
