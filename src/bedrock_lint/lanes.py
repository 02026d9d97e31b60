"""Lanes: forked worker processes that run tasks in order, over two pipes.

What ``concurrent.futures.ProcessPoolExecutor`` gives, for what the engine needs (one process
per lane, tasks answered in the order they were sent), without its cost: importing it and
``multiprocessing`` takes ~20 ms before the first fork, and its feeder and manager threads
take the GIL from the walk. A task is a pickled ``(function, args)``; its answer comes back
as a pickled ``(ok, value or exception)``, each behind its 8-byte length. The parent never
blocks on a write (what does not fit in the pipe waits for ``poll``), so a lane writing a
large answer and the parent writing a large task cannot wait on each other.

Only ``os``, ``pickle`` and ``select`` are imported: the console entry starts a lane with it.
"""

from __future__ import annotations

import os
import pickle
import select
import sys
from collections import deque
from typing import Any

_HEAD = 8
_READ = 1 << 20
#: lanes not yet closed, in this process (a lane forked later closes the others' pipes)
_OPEN: list[Lane] = []
#: in a lane: its own two pipe ends
_SERVING: tuple[int, ...] = ()


class LaneLost(Exception):
    """A lane's process ended before it answered (killed, or out of memory)."""


class Pending:
    """The answer to one task, once it has come."""

    __slots__ = ("_done", "_ok", "_value")

    def __init__(self) -> None:
        self._done, self._ok, self._value = False, True, None

    def done(self) -> bool:
        return self._done

    def result(self) -> Any:
        if not self._ok:
            raise self._value
        return self._value

    def exception(self) -> BaseException | None:
        return None if self._ok else self._value

    def _set(self, ok: bool, value: Any) -> None:
        self._done, self._ok, self._value = True, ok, value


class Lane:
    """One forked process; ``submit`` tasks, ``poll`` for their answers, then ``close``."""

    def __init__(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # not written twice: once here, once there
            try:
                stream.flush()
            except Exception:
                pass
        tasks_r, tasks_w = os.pipe()
        answers_r, answers_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # EAGAIN under a process limit: raised, with nothing left open
            for fd in (tasks_r, tasks_w, answers_r, answers_w):
                os.close(fd)
            raise
        if pid == 0:  # the lane: never returns
            os.close(tasks_w)
            os.close(answers_r)
            for other in _OPEN:  # so that each lane sees its own pipe close
                other._close_fds()
            _serve(tasks_r, answers_w)
        os.close(tasks_r)
        os.close(answers_w)
        os.set_blocking(tasks_w, False)
        self.pid = pid
        self._w: int | None = tasks_w
        self._r: int | None = answers_r
        self._out = bytearray()
        self._in = bytearray()
        self._waiting: deque[Pending] = deque()
        self._closed = False
        _OPEN.append(self)

    # -- the parent's side ----------------------------------------------------------------
    def submit(self, fn: Any, *args: Any) -> Pending:
        body = pickle.dumps((fn, args), pickle.HIGHEST_PROTOCOL)
        pending = Pending()
        if self._w is None:
            pending._set(False, LaneLost("the lane has ended"))
            return pending
        self._out += len(body).to_bytes(_HEAD, "little") + body
        self._waiting.append(pending)
        self._flush()
        return pending

    def _flush(self) -> None:
        while self._out and self._w is not None:
            try:
                sent = os.write(self._w, self._out)
            except BlockingIOError:
                return
            except OSError:  # the lane is gone: its answers' pipe says so
                self._out.clear()
                return
            del self._out[:sent]

    def _read(self) -> None:
        assert self._r is not None
        try:
            data = os.read(self._r, _READ)
        except OSError:
            data = b""
        if not data:
            self._lost()
            return
        buf = self._in
        buf += data
        while len(buf) >= _HEAD:
            size = int.from_bytes(buf[:_HEAD], "little")
            if len(buf) < _HEAD + size:
                break
            body = bytes(buf[_HEAD:_HEAD + size])
            del buf[:_HEAD + size]
            try:
                ok, value = pickle.loads(body)
            except Exception as exc:  # an answer this process cannot rebuild
                ok, value = False, LaneLost(f"unreadable answer: {type(exc).__name__}: {exc}")
            if self._waiting:
                self._waiting.popleft()._set(ok, value)

    def _lost(self) -> None:
        while self._waiting:
            self._waiting.popleft()._set(False, LaneLost("the lane's process ended"))
        self._close_fds()

    def _close_fds(self) -> None:
        for fd in (self._w, self._r):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._w = self._r = None

    def close(self, kill: bool = False) -> None:
        """End the lane: after the tasks sent (their answers are read and dropped), or at
        once with ``kill``. Waits for the process either way; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if kill:
            try:
                os.kill(self.pid, 9)
            except OSError:
                pass
        else:
            while self._out and self._w is not None:  # the rest of the last task
                poll([self], None)
        if self._w is not None:
            os.close(self._w)
            self._w = None
        while self._r is not None:  # drain until the lane closes its end
            self._read()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        if self in _OPEN:
            _OPEN.remove(self)


def poll(lanes: list[Lane], timeout: float | None) -> None:
    """Move tasks into the lanes' pipes and answers out of them: wait up to ``timeout``
    seconds (None: until something happens) when nothing can move at once."""
    readers = {lane._r: lane for lane in lanes if lane._r is not None and lane._waiting}
    writers = {lane._w: lane for lane in lanes if lane._w is not None and lane._out}
    if not readers and not writers:
        return
    r, w, _ = select.select(list(readers), list(writers), [], timeout)
    for fd in w:
        writers[fd]._flush()
    for fd in r:
        readers[fd]._read()


def running() -> list[Lane]:
    """The lanes of this process not yet closed."""
    return list(_OPEN)


def forked() -> None:
    """In a process forked for other work (``isolate``): close the pipes of this process's
    lanes, and its own when it is a lane, so that a lane that dies is seen at once (its
    answers' pipe closes) even while such a child lives on."""
    for lane in _OPEN:
        lane._close_fds()
    for fd in _SERVING:
        try:
            os.close(fd)
        except OSError:
            pass


# -- the lane's side --------------------------------------------------------------------------
def _serve(tasks: int, answers: int) -> None:
    global _SERVING
    _SERVING = (tasks, answers)
    code = 0
    try:
        while True:
            head = _read_exact(tasks, _HEAD)
            if head is None:
                break
            body = _read_exact(tasks, int.from_bytes(head, "little"))
            if body is None:
                break
            try:
                fn, args = pickle.loads(body)
                answer = (True, fn(*args))
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # sent back: the parent raises it
                answer = (False, exc)
            try:
                data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
            except Exception as exc:
                lost = LaneLost(f"unsendable answer: {type(exc).__name__}: {exc}")
                data = pickle.dumps((False, lost))
            _write_all(answers, len(data).to_bytes(_HEAD, "little") + data)
    except KeyboardInterrupt:
        code = 130
    except BaseException:
        code = 1
    finally:
        try:
            sys.stderr.flush()  # a warning a scanner wrote (stdout is the parent's alone)
        except Exception:
            pass
        os._exit(code)


def _read_exact(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        data = os.read(fd, min(left, _READ))
        if not data:
            return None
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
