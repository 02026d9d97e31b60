"""Reporters lay findings out; they never judge or rebuild messages.

Each module exposes ``render(findings, out, *, files: int) -> None``. Extra reporters register
through the ``bedrock_lint.reporters`` entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TextIO

from ..findings import Finding
from ..plugins import entry_points

Render = Callable[..., None]
BUILTIN = ("text", "json", "sarif", "github")


def names() -> list[str]:
    extra = [ep.name for ep in entry_points("bedrock_lint.reporters")]
    return sorted({*BUILTIN, *extra})


def get(name: str) -> Render:
    if name in BUILTIN:
        module = importlib.import_module(f"{__name__}.{'json_' if name == 'json' else name}")
        render: Render = module.render
        return render
    for ep in entry_points("bedrock_lint.reporters"):
        if ep.name == name:
            plugin: Render = ep.load()
            return plugin
    raise KeyError(name)


def render(name: str, findings: Sequence[Finding], out: TextIO, *, files: int) -> None:
    get(name)(findings, out, files=files)
