"""Format scanners. Each module exposes ``scan(path, text, ctx) -> Document``.

Scanners are imported lazily (``load``), so a run that parses no Terraform never imports
python-hcl2, and one that parses no template never imports cfn-lint.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..facts import Document
from ..modelids import Grammar
from ..policy import Policy


class ScanError(Exception):
    """The file cannot be parsed. Becomes a ``parse-error`` finding at ``line``/``col``."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(1, int(line or 1))
        self.col = max(1, int(col or 1))


@dataclass(frozen=True)
class ScanContext:
    """What a scanner may use besides the file's own text."""

    policy: Policy
    #: The project root (where the configuration lives, or the scanned directory).
    root: Path
    #: Reads a neighbouring file as text, or returns None (missing, unreadable, too large).
    read_text: Callable[[Path], str | None] = field(default=lambda p: None, compare=False)
    #: The directories some ``.tf`` file of the project calls as a local module (see
    #: ``local_module_calls``); the engine computes it once per run. None: computed per scan.
    module_calls: Callable[[], frozenset[str]] | None = field(default=None, compare=False)
    #: Told of each folder whose list of files a scan read (a Terraform module): a file added
    #: there may change the facts, so the result cache and the replay depend on the folder.
    listed: Callable[[str], None] = field(default=lambda folder: None, compare=False)

    @property
    def grammar(self) -> Grammar:
        return self.policy.grammar


@contextlib.contextmanager
def time_limit_paused() -> Iterator[None]:
    """Stop the clock of the engine's per-file time limit (``ITIMER_REAL``) for one-time
    set-up work (importing a parser, building a grammar): that is not parsing, and counting it
    would fail the first files of a run, or all of them under a small ``timeout``."""
    remaining = interval = 0.0
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        remaining, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining, interval)


class Scanner(Protocol):
    def __call__(self, path: str, text: str, ctx: ScanContext) -> Document: ...


_MODULES = {
    "python": "python",
    "terraform": "terraform",
    "cloudformation": "cloudformation",
    "litellm": "litellm",
    "config": "deployconfig",
}
#: every format a file can be routed to (``format_for``)
FORMATS = tuple(_MODULES)

_EXT = {
    ".py": "python",
    ".pyi": "python",
    ".tf": "terraform",
}
_YAML = (".yaml", ".yml")
_JSON = (".json", ".template")

_CFN_HINT = re.compile(r"AWSTemplateFormatVersion|[\"']?Resources[\"']?\s*:[\s\S]*?[\"']?Type[\"']?\s*:\s*[\"']?(?:AWS|Custom)::")
_LITELLM_HINT = re.compile(r"(?m)^\s*[\"']?model_list[\"']?\s*:")


#: ``source = "./modules/x"`` (or ``../``) in a Terraform file: a module called by local path
LOCAL_MODULE_SOURCE = re.compile(r'(?m)^\s*source\s*=\s*"(\.\.?/[^"]*)"')
_MAX_CALLED = 10_000


def local_module_calls(root: Path, read_text: Callable[[Path], str | None],
                       folders: list[str] | None = None) -> frozenset[str]:
    """Absolute, normalised directories that a ``.tf`` file under ``root`` (hidden folders
    other than ``.infra`` aside) names as the ``source`` of a module call. ``folders``, when
    given, receives each folder listed."""
    import os

    called: set[str] = set()
    for folder, dirs, names in os.walk(root):
        if folders is not None:
            folders.append(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") or d == ".infra")
        if len(called) > _MAX_CALLED:
            break
        for name in names:
            if name.endswith(".tf"):
                text = read_text(Path(folder) / name)
                for m in LOCAL_MODULE_SOURCE.finditer(text or ""):
                    called.add(os.path.normpath(os.path.join(folder, m.group(1))))
    return frozenset(called)


def format_for(path: str, head: str) -> str | None:
    """The scanner a file goes to, by extension and, for YAML/JSON, by content."""
    suffix = Path(path).suffix.lower()
    if suffix in _EXT:
        return _EXT[suffix]
    if suffix in _YAML or suffix in _JSON:
        if _LITELLM_HINT.search(head):
            return "litellm"
        if _CFN_HINT.search(head):
            return "cloudformation"
        return "config" if suffix in _YAML else None
    name = Path(path).name
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "config"
    return None


def warm(fmt: str) -> None:
    """Import the scanner of ``fmt`` and let it load its parser (its ``warm()``, if any)."""
    if load(fmt) is not None:
        hook = getattr(importlib.import_module(f"{__name__}.{_MODULES[fmt]}"), "warm", None)
        if hook is not None:
            hook()


def load(fmt: str) -> Scanner | None:
    module = _MODULES.get(fmt)
    if module is None:
        return None
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{module}":
            return None  # format not implemented in this version
        raise
    scanner: Scanner = mod.scan
    return scanner
