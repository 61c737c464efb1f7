from __future__ import annotations

from detector.memo import last_answer


def test_the_last_answer_is_kept_for_the_same_objects_only() -> None:
    calls: list[object] = []

    @last_answer
    def ask(a: object, b: object) -> list[object]:
        calls.append(a)
        return [a, b]

    x, y = ["x"], ["y"]
    first = ask(x, y)
    assert ask(x, y) is first and len(calls) == 1
    assert ask(["x"], y) == first and len(calls) == 2  # equal, not the same: asked again
    assert ask(x, y) is not first and len(calls) == 3  # one slot: the last call's answer
