"""Lanes: forked processes answering tasks in order over pipes (``bedrock_lint.lanes``)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from bedrock_lint import lanes


class _Hung(Exception):  # not an OSError: the lanes' reads must not take it for an EOF
    pass


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A lane that waits on the wrong pipe would hang the run: fail instead."""
    def _raise(signum: int, frame: object) -> None:
        raise _Hung("a lane did not answer")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        for lane in lanes.running():
            lane.close(kill=True)


def _answer(pending: lanes.Pending, *others: lanes.Lane) -> object:
    while not pending.done():
        lanes.poll(list(others), None)
    return pending.result()


def _fail(message: str) -> None:
    raise ValueError(message)


def _echo(value: object) -> object:
    return value


def test_tasks_are_answered_in_order_in_another_process() -> None:
    lane = lanes.Lane()
    answers = [lane.submit(pow, 2, n) for n in range(50)]
    pid = lane.submit(os.getpid)
    assert [_answer(a, lane) for a in answers] == [2**n for n in range(50)]
    assert _answer(pid, lane) == lane.pid != os.getpid()
    lane.close()
    assert lanes.running() == []


def test_an_exception_in_a_task_is_raised_where_its_answer_is_read() -> None:
    lane = lanes.Lane()
    failed = lane.submit(_fail, "no such model")
    after = lane.submit(_echo, "still serving")
    with pytest.raises(ValueError, match="no such model"):
        _answer(failed, lane)
    assert _answer(after, lane) == "still serving"
    lane.close()


def test_large_tasks_and_answers_both_ways_do_not_wait_on_each_other() -> None:
    """More than a pipe holds, in both directions at once: the parent never blocks on a
    write, so a lane writing its answer is always read."""
    lane = lanes.Lane()
    big = b"x" * (8 << 20)
    answers = [lane.submit(_echo, big) for _ in range(4)]
    assert all(_answer(a, lane) == big for a in answers)
    lane.close()


def test_a_lane_that_dies_fails_its_tasks_instead_of_hanging() -> None:
    lane = lanes.Lane()
    pending = lane.submit(os._exit, 3)
    with pytest.raises(lanes.LaneLost):
        _answer(pending, lane)
    assert lane.submit(_echo, 1).exception() is not None
    lane.close()
    lane.close()  # twice: nothing happens
    assert lanes.running() == []


def test_each_lane_ends_when_its_own_pipe_closes() -> None:
    """A lane forked later does not hold an earlier lane's pipe open: closing the first
    ends it while the second still runs."""
    first, second = lanes.Lane(), lanes.Lane()
    first.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(first.pid, os.WNOHANG)  # reaped: it ended
    assert _answer(second.submit(_echo, "alive"), second) == "alive"
    second.close()


def test_a_killed_lane_is_closed_at_once() -> None:
    import time

    lane = lanes.Lane()
    sleeping = lane.submit(time.sleep, 60)
    lane.close(kill=True)
    assert isinstance(sleeping.exception(), lanes.LaneLost)
    assert lanes.running() == []


def test_what_the_parent_had_buffered_is_not_written_again_by_a_lane(tmp_path) -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom bedrock_lint import lanes\n"
            "sys.stdout.write('before the fork\\n')\n"  # buffered: stdout is a pipe
            "lane = lanes.Lane()\n"
            "p = lane.submit(sum, [1, 2])\n"
            "while not p.done():\n    lanes.poll([lane], None)\n"
            "lane.close()\nprint(p.result())\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env).stdout
    assert out == "before the fork\n3\n"


def _sleep_in_a_child() -> None:
    import functools
    import time

    from bedrock_lint import isolate

    isolate.run(functools.partial(time.sleep, 60), 120)


def test_a_lane_killed_while_its_isolate_child_runs_is_seen_at_once() -> None:
    """The child a lane forks for a risky parse does not keep the lane's pipes open: the lane's
    death is seen when it happens, not when that child ends."""
    import time

    lane = lanes.Lane()
    pending = lane.submit(_sleep_in_a_child)
    time.sleep(0.5)  # the lane is in isolate.run, its child asleep
    os.kill(lane.pid, signal.SIGKILL)
    began = time.monotonic()
    with pytest.raises(lanes.LaneLost):
        _answer(pending, lane)
    assert time.monotonic() - began < 10  # not the minute the child sleeps
    lane.close()


def test_no_lane_when_fork_fails_and_nothing_is_left_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from bedrock_lint import early

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = sorted(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(OSError):
        lanes.Lane()
    assert early.start(2) is None
    assert sorted(os.listdir("/proc/self/fd")) == before and lanes.running() == []
