"""Result cache: a second run over an unchanged tree re-reads nothing it need not.

One manifest per (tool version, effective settings, rule set) under ``.bedrock-lint-cache/``
at the project root (safe to delete; it carries its own ``.gitignore``). An entry holds a
file's findings with the file's size, modification time and change time (which no tool can
set back: ``cp -p``, ``rsync -t`` or ``touch -r`` restore an mtime, not a ctime), and the
same for every other file the lint read (Terraform siblings and child modules,
``samconfig.toml``, ``AGENTS.md``, including files that were absent). An entry is used only
when all of them are unchanged, so a changed file, configuration, dependency or tool version
never serves a stale result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _json_str
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import __version__
from ._files import Stamp, stamp_of
from .config import Settings
from .findings import Finding, Severity

if TYPE_CHECKING:
    from .engine import FileJob

LOG = logging.getLogger(__name__)
DIRNAME = ".bedrock-lint-cache"
FORMAT = 2
#: files modified this recently are not cached (git's "racily clean" rule)
RACY_NS = 1_000_000_000

def stamp(path: str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return stamp_of(st)


def make_dir(directory: Path) -> None:
    """The cache folder, with a ``.gitignore`` that keeps all of it out of git. Raises OSError."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by bedrock-lint; safe to delete\n*\n", encoding="utf-8")


@dataclass
class Entry:
    shown: str  # the path as displayed: a run from another folder re-lints rather than mislabel
    stamp: Stamp
    deps: dict[str, Stamp]
    findings: list[Finding]


def _finding_from(d: dict[str, Any]) -> Finding:
    return Finding(d["path"], d["line"], d["col"], d["code"], d["message"], Severity(d["severity"]),
                   d["name"], d.get("end_line"), d.get("end_col"), d.get("url", ""))


def settings_key(settings: Settings) -> str:
    from .registry import all_rules

    rules = ",".join(f"{r.__module__}.{r.__name__}:{r.code}" for r in all_rules())
    text = f"{FORMAT}|{__version__}|{rules}|{settings!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:20]


class Cache:
    def __init__(self, settings: Settings, directory: Path | None = None,
                 virtual: dict[str, Callable[[], Stamp]] | None = None) -> None:
        self.directory = directory or settings.root / DIRNAME
        #: dependencies that are not files (a digest of many files): key -> current stamp
        self.virtual = virtual or {}
        self.path = self.directory / f"v{FORMAT}-{settings_key(settings)}.json"
        self.entries: dict[str, Entry] = {}
        #: entries put in this run, already in the manifest's form (written as they come
        #: in, while the lanes are still busy, not all at the end)
        self._written: dict[str, str] = {}
        self.dirty = False
        #: when the run began: a file modified after it is newer still, and not cached
        self._started = time.time_ns()
        self._cwd = os.getcwd()
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                raw = json.load(fh)
            for real, e in raw.items():
                self.entries[real] = Entry(
                    e["shown"],
                    tuple(e["stamp"]) if e["stamp"] else None,  # type: ignore[arg-type]
                    {p: (tuple(s) if s else None) for p, s in e["deps"].items()},  # type: ignore[misc]
                    [_finding_from(f) for f in e["findings"]],
                )
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}
        self._loaded = bool(self.entries)

    def key(self, path: str) -> str:
        """``os.path.abspath`` (the key of an entry) without its ``getcwd`` and ``normpath``
        for the paths a walk gives (``./a/b.py``, ``a/b.py``, ``/abs/a.py``)."""
        if path.startswith("./") and path[2:3] != "/":  # ".//a" is left to abspath below
            path = path[2:]
        if path.startswith(".") or "/." in path or "//" in path or path.endswith("/") or not path:
            return os.path.abspath(path)  # ., .., hidden names: let normpath judge
        return path if path.startswith("/") else f"{self._cwd.rstrip('/')}/{path}"

    def hit(self, job: FileJob) -> Entry | None:
        """The entry of ``job`` when it and everything it read are as they were, else None."""
        if not self._loaded:
            return None  # nothing was cached before this run: no need to spell the path
        entry = self.entries.get(self.key(job.real))
        if entry is None or entry.shown != job.path or stamp(job.real) != entry.stamp:
            return None
        virtual = self.virtual
        for dep, s in entry.deps.items():
            now = virtual[dep]() if dep in virtual else stamp(dep)
            if now != s:
                return None
        return entry

    def put(self, job: FileJob, own: Stamp, deps: dict[str, Stamp], findings: list[Finding],
            key: str | None = None) -> None:
        """Keep ``job``'s result (``key``: its ``key()``, when the caller has it). Once a
        file: kept lean (the entry is kept in the manifest's form only)."""
        if own is None:
            return  # it was gone
        newest = own[1] if own[1] > own[2] else own[2]
        if deps:
            newest = max([newest, *(max(s[1:]) for d, s in deps.items() if s and d not in self.virtual)])
        if self._started - newest < RACY_NS:
            return  # modified just now: a same-size edit within the clock tick would go unseen
        key = key or self.key(job.real)
        if not deps and not findings:  # most files
            self._written[key] = _plain_item(key, job.path, own)
        else:
            self._written[key] = _manifest_item(key, Entry(job.path, own, deps, findings))
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        written = self._written
        items = [*written.values(), *(_manifest_item(real, e) for real, e in self.entries.items()
                                      if real not in written)]
        try:
            make_dir(self.directory)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".manifest-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as fh:
                fh.write("{" + ",".join(items) + "}")
            os.replace(tmp, self.path)
        except OSError as exc:  # a read-only checkout: run without a cache
            LOG.debug("cannot write cache %s: %s", self.path, exc)


def _manifest_item(real: str, e: Entry) -> str:
    """``"real":{entry}`` as the manifest's JSON holds it."""
    if e.stamp is not None and not e.deps and not e.findings:
        return _plain_item(real, e.shown, e.stamp)
    return _json_str(real) + ":" + json.dumps(
        {"shown": e.shown, "stamp": e.stamp, "deps": e.deps,
         "findings": [f.to_dict() for f in e.findings]}, separators=(",", ":"))


def _plain_item(real: str, shown: str, stamp: tuple[int, ...]) -> str:
    """``_manifest_item`` of most files (no findings, nothing else read), formatted directly;
    the C string encoder is what ``json.dumps`` calls."""
    return (f'{_json_str(real)}:{{"shown":{_json_str(shown)},"stamp":'
            f'[{",".join(map(str, stamp))}],"deps":{{}},"findings":[]}}')
