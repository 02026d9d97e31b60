"""Run one scan in a forked child process, with a hard time limit.

The per-file time limit is a ``SIGALRM`` in the process that lints; Python delivers it only
between bytecodes. libcst parses in native code: a large file runs its whole parse whatever
the limit (~4 s per MB), and a deeply nested one (thousands of brackets, or a boolean chain
of thousands of terms that CPython itself accepts) overflows the native stack and kills the
process with ``SIGSEGV``. No Python code can catch either. A file that may do that is scanned
in a forked child instead: the parent waits at most the time limit, kills the child if it is
still running, and reports a child that died as a parse error. Everything else stays in
process, where a fork would only cost time.

POSIX only (``os.fork``); elsewhere ``run`` calls the scanner directly.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: Python files at least this large, or nested this deep, are parsed in a child process.
RISKY_BYTES = 32 * 1024
RISKY_DEPTH = 100
#: Memory a child may take beyond what it inherits.
CHILD_MEMORY = 1 << 30


class ChildTimeout(Exception):
    """The child ran past the time limit and was killed."""


class ChildCrashed(Exception):
    """The child died without a result (a signal such as SIGSEGV, or out of memory)."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how


def risky_python(text: str) -> bool:
    """A Python source that libcst might parse for longer than a signal can interrupt, or
    crash on. Cheap and conservative: a false positive only costs a fork."""
    if len(text) >= RISKY_BYTES:
        return True
    depth = peak = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            if depth > peak:
                peak = depth
        elif ch in ")]}":
            depth -= 1
    return peak >= RISKY_DEPTH


def available() -> bool:
    return hasattr(os, "fork")


def run(func: Callable[[], T], timeout: float) -> T:
    """``func()`` computed in a forked child; its result (or exception) comes back pickled.
    Raises ``ChildTimeout`` after ``timeout`` seconds and ``ChildCrashed`` when the child dies."""
    if not available():
        return func()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's clean-up
        os.close(read_fd)
        code = 0
        try:
            from . import lanes

            lanes.forked()
            signal.setitimer(signal.ITIMER_REAL, 0)  # the parent keeps the clock
            faulthandler.disable()  # a crash is reported by the parent, not dumped to stderr
            _limit_memory()
            devnull = os.open(os.devnull, os.O_WRONLY)  # native "allocation failed" chatter
            os.dup2(devnull, 2)
            try:
                payload = pickle.dumps((True, func()))
            except MemoryError:
                payload = pickle.dumps((False, ChildCrashed("out of memory")))
            except BaseException as exc:  # noqa: BLE001 - sent to the parent, re-raised there
                payload = pickle.dumps((False, exc))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    status = 0
    try:
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ChildTimeout()
                if not select.select([pipe], [], [], left)[0]:
                    continue
                chunk = pipe.read(1 << 16)
                if not chunk:  # EOF: the child sent its result, or died
                    break
                chunks.append(chunk)
    finally:
        # a child that is done is a zombie or about to exit: SIGKILL changes nothing for it
        status = _reap(pid)
    try:
        ok, value = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - an empty or cut result: the child died
        raise ChildCrashed(_how(status)) from None
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _limit_memory() -> None:
    """Cap the child's address space at what it has plus ``CHILD_MEMORY``: a parser that
    wants more fails (the parent reports the file) instead of taking the machine's memory."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + CHILD_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no rlimits: the time limit still bounds the child


def _reap(pid: int) -> int:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"killed by {name}"
    return f"exit status {os.WEXITSTATUS(status)}" if os.WIFEXITED(status) else "died"
