"""Glob matching on posix relative paths, with ``**`` for any number of directories."""

from __future__ import annotations

import functools
import re


def _translate(pat: str) -> str:
    i, out = 0, []
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return "".join(out)


def gitignore_parts(pattern: str) -> tuple[bool, bool, str]:
    """A gitignore pattern (no negation or classes) as (anchored, directories only, regex of
    the name or path it matches). An unanchored pattern matches one path component."""
    anchored = pattern.startswith("/") or "/" in pattern.strip("/")
    return anchored, pattern.endswith("/"), _translate(pattern.strip("/"))


@functools.lru_cache(maxsize=1024)
def gitignore_re(pattern: str) -> re.Pattern[str]:
    """A gitignore pattern (no negation or classes) as a regex on a relative posix path;
    directories are passed with a trailing ``/``."""
    anchored, dir_only, core = gitignore_parts(pattern)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if dir_only else "(?:/.*)?"
    return re.compile(prefix + core + suffix)


@functools.lru_cache(maxsize=512)
def _glob_re(pattern: str) -> re.Pattern[str]:
    """Translate a glob with ``**`` (any number of directories) to a regex on posix paths."""
    pat = pattern[2:] if pattern.startswith("./") else pattern
    anchored = "/" in pat.rstrip("/")
    i, out = 0, []
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    if body.endswith("/"):
        body += ".*"
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + body + "(?:/.*)?")


def globmatch(relpath: str, pattern: str) -> bool:
    """Does a posix relative path match a glob (``tests/**``, ``**/test_*.py``, ``*.tf``)?"""
    return _glob_re(pattern).fullmatch(relpath) is not None
