"""A lane started before the settings are read.

A run over a folder spends its first ~50 ms on one core (imports, settings, the first files of
the walk), while the parsers of the non-Python formats (python-hcl2's Terraform grammar, the
YAML loaders) take a lane that long to load. So, as soon as a run is known to walk a folder,
the lane that parses those formats is forked and loads them on the idle core; the engine
gives it the settings and its first files when it is ready (``engine.lint_jobs(early=...)``).
A run that turns out too small for lanes stops it unused.

This module imports nothing of the linter: forking sooner is the point.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


#: the lane ``start_for`` started, until the check command ``claim``s it
_pending: list[ProcessPoolExecutor] = []
#: options ``start_for`` understands (with the value they take)
_VALUED = {"--format": False, "-f": False, "--jobs": True, "-j": True}
_PLAIN = {"-q", "--quiet", "--exit-zero", "--force-exclude", "--no-cache"}


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
        pool = start(jobs)
        if pool is not None:
            _pending.append(pool)


def claim() -> ProcessPoolExecutor | None:
    """The lane ``start_for`` started, now the caller's to use or ``stop``."""
    return _pending.pop() if _pending else None


def discard() -> None:
    """Stop a lane that no one claimed (the command was not a check after all, or failed)."""
    while _pending:
        stop(_pending.pop())


def start(jobs: int | None) -> ProcessPoolExecutor | None:
    """The early lane, or None where lanes will not be used (one core, ``-j 1``, no fork)."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or not hasattr(os, "fork"):
        return None
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1)
    pool.submit(_warm)  # forks now: the first submit starts the process
    return pool


def _warm() -> None:
    from .engine import warm_lane

    warm_lane()


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop an early lane that was not used, without waiting for it to finish loading."""
    processes = list(getattr(pool, "_processes", None) or {})
    for pid in processes:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    pool.shutdown(wait=True, cancel_futures=True)
