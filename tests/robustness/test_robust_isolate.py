"""``isolate.run``: a scan in a forked child, bounded in time, surviving native crashes."""

from __future__ import annotations

import ctypes
import os
import time

import pytest

from bedrock_lint import isolate

pytestmark = pytest.mark.skipif(not isolate.available(), reason="needs os.fork")


def test_result_comes_back() -> None:
    assert isolate.run(lambda: {"answer": [42]}, 5) == {"answer": [42]}


def test_exception_is_raised_in_the_parent() -> None:
    with pytest.raises(ZeroDivisionError):
        isolate.run(lambda: 1 / 0, 5)


def test_child_past_the_limit_is_killed() -> None:
    start = time.monotonic()
    with pytest.raises(isolate.ChildTimeout):
        isolate.run(lambda: time.sleep(30), 0.2)
    assert time.monotonic() - start < 5


def test_native_crash_is_reported_not_fatal() -> None:
    with pytest.raises(isolate.ChildCrashed) as info:
        isolate.run(lambda: ctypes.string_at(0), 5)  # SIGSEGV in the child
    assert "SIGSEGV" in info.value.how


def test_child_memory_is_capped() -> None:
    with pytest.raises(isolate.ChildCrashed):
        isolate.run(lambda: len(bytearray(isolate.CHILD_MEMORY + (256 << 20))), 30)


def test_no_child_is_left_behind() -> None:
    for func in (lambda: 1, lambda: time.sleep(30)):
        try:
            isolate.run(func, 0.2)
        except isolate.ChildTimeout:
            pass
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ("x = 1\n", False),
        ("x = " + "[" * 99 + "]" * 99, False),
        ("x = " + "[" * 100 + "]" * 100, True),
        ("x = 1\n" * 6000, True),  # 36 KB
    ],
)
def test_risky_python(text: str, risky: bool) -> None:
    assert isolate.risky_python(text) is risky
