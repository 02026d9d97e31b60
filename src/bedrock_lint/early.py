"""A lane started before the settings are read.

A run over a folder spends its first ~50 ms on one core (imports, settings, the first files of
the walk), while the parsers of the non-Python formats (python-hcl2's Terraform grammar, the
YAML loaders) take a lane that long to load. So, as soon as a run is known to walk a folder,
the lane that parses those formats is forked and loads them on the idle core. The engine
gives it the settings, and files once it is warm (``engine.lint_jobs(early=...)``); a run
that is done before that, or too small for lanes, stops it unused and never waits for it.

This module imports nothing of the linter: forking sooner is the point.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .lanes import Lane, Pending

#: options ``start_for`` understands (and whether their value is the number of jobs)
_VALUED = {"--format": False, "-f": False, "--jobs": True, "-j": True}
_PLAIN = {"-q", "--quiet", "--exit-zero", "--force-exclude", "--no-cache"}


class EarlyLane:
    """A lane whose first task (``warm``) loads the parsers."""

    def __init__(self, lane: Lane, warm: Pending) -> None:
        self.lane, self.warm = lane, warm

    def ready(self) -> bool:
        return self.warm.done()

    def close(self) -> None:
        """End the lane: at once when it is still warming (its work is not needed)."""
        self.lane.close(kill=not self.warm.done())


#: the lane ``start_for`` started, until the check command ``claim``s it
_pending: list[EarlyLane] = []


def start(jobs: int | None) -> EarlyLane | None:
    """The early lane, or None where lanes will not be used (one core, ``-j 1``, no fork)."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or not hasattr(os, "fork"):
        return None
    from .lanes import Lane

    try:
        lane = Lane()
    except OSError:  # no process to spare (a process limit): the run goes on without it
        return None
    return EarlyLane(lane, lane.submit(_warm))


def _warm() -> None:
    from .engine import warm_lane

    warm_lane()


def start_for(args: list[str]) -> None:
    """From the console entry, before the command line parser is even imported: start the
    lane when ``args`` are a check of a folder with only plain options. Anything else is
    left to the check command (which starts the lane itself, a little later)."""
    if args and args[0] == "check":
        args = args[1:]
    jobs, paths, i = None, [], 0
    while i < len(args):
        a = args[i]
        name, eq, value = a.partition("=")
        if a in _VALUED or (eq and name in _VALUED and name.startswith("--")):
            if not eq:  # the value is the next argument
                i += 1
                if i == len(args):
                    return
                value = args[i]
            if _VALUED[name]:
                if not value.isdigit():
                    return
                jobs = int(value)
        elif a in _PLAIN:
            pass
        elif a.startswith("-"):
            return
        else:
            paths.append(a)
        i += 1
    if any(os.path.isdir(p) for p in paths or ["."]):
        lane = start(jobs)
        if lane is not None:
            _pending.append(lane)


def claim() -> EarlyLane | None:
    """The lane ``start_for`` started, now the caller's to use or ``close``."""
    return _pending.pop() if _pending else None


def discard() -> None:
    """Close a lane that no one claimed (the command was not a check after all, or failed)."""
    while _pending:
        _pending.pop().close()
