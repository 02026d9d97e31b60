"""Run a rule ``Example`` through the real engine (used by the example tests and the docs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .config import load_settings
from .engine import FileJob, Linter
from .findings import Finding
from .rules._base import Example


def run_example(example: Example, *, select: tuple[str, ...] | None = None) -> list[Finding]:
    """Lay the example out in a temporary project and lint its main file."""
    with tempfile.TemporaryDirectory(prefix="bedrock-lint-example-") as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()  # the project boundary for AGENTS.md lookups
        for rel, text in {**example.files, example.filename: example.code}.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        overrides = {"select": list(select)} if select else None
        settings = load_settings(start=root, isolated=True, overrides=overrides)
        job = FileJob(example.filename, str(root / example.filename), explicit=True)
        return Linter(settings).lint_file(job)
