"""Keep a function's last answer for the same arguments, compared by identity.

Several checks ask the same question of one analysis (the headline, its copies); computing it
once per article matters on the hot path, while a cache keyed by value would hash whole
articles. One slot per function is enough: an article's checks run one after another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["last_answer"]

F = TypeVar("F", bound=Callable[..., Any])


def last_answer(fn: F) -> F:
    """Decorate ``fn`` (positional arguments only) to return its last result again when called
    with the very same argument objects. The slot is read once per call, so a thread that
    replaces it meanwhile cannot hand another call's answer back."""
    slot: list[tuple[tuple[Any, ...], Any]] = []

    @functools.wraps(fn)
    def remembered(*args: Any) -> Any:
        last = slot[0] if slot else None
        if last is not None and len(last[0]) == len(args):
            if all(a is b for a, b in zip(last[0], args, strict=True)):
                return last[1]
        answer = fn(*args)
        slot[:] = [(args, answer)]
        return answer

    return remembered  # type: ignore[return-value]
