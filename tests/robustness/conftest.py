"""Helpers for the robustness suite: lint bytes as a file, run the CLI in-process, count fuzz
inputs per parser (printed at the end of the run)."""

from __future__ import annotations

import gc
import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from bedrock_lint import scanners
from bedrock_lint.config import load_settings
from bedrock_lint.engine import FileJob, Linter
from bedrock_lint.findings import Finding

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"

#: Inputs each scanner received from the fuzz tests of this run (see ``pytest_terminal_summary``).
FUZZ_COUNTS: Counter[str] = Counter()


def assert_sane(findings: list[Finding], *, allow_internal: bool = False) -> None:
    """What every result must look like: no internal error, positions 1-based, BRL001 one line."""
    for f in findings:
        assert f.line >= 1 and f.col >= 1, f
        if f.code in ("BRL001", "BRL002"):
            assert f.message.strip() and "\n" not in f.message, f
        if not allow_internal:
            assert f.code != "BRL002", f"internal error escaped a scanner or rule: {f.message}"


def settings_for(root: Path, **overrides: object):  # type: ignore[no-untyped-def]
    return load_settings(start=root, isolated=True, overrides=overrides or None)


def lint_path(
    root: Path, rel: str, *, timeout: float = 10.0, linter: Linter | None = None
) -> list[Finding]:
    """Lint one file of ``root`` through the engine, as the CLI does."""
    linter = linter or Linter(settings_for(root, timeout=timeout))
    return linter.lint_file(FileJob(rel, str(root / rel)))


def lint_bytes(root: Path, rel: str, data: bytes, *, timeout: float = 10.0) -> list[Finding]:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return lint_path(root, rel, timeout=timeout)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(argv: list[str]) -> Run:
    """``bedrock-lint --no-cache ARGV`` in-process; a traceback fails the test (it would
    escape ``main``)."""
    from bedrock_lint.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--no-cache", *argv])  # the result cache is tested elsewhere
    return Run(code, out.getvalue(), err.getvalue())


def one_line_error(run: Run, *needles: str) -> None:
    """Exit 2 with exactly one ``bedrock-lint: error:`` line naming every needle."""
    assert run.code == 2, (run.code, run.out, run.err)
    lines = [ln for ln in run.err.splitlines() if ln.startswith("bedrock-lint: error:")]
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


class ForcedScanner:
    """A ``Linter`` whose every file goes to one scanner: fuzzing a parser must not depend on
    the mutated text still looking like its format (routing is tested separately), nor on it
    still mentioning Bedrock (the needle pre-filter is bypassed)."""

    def __init__(self, root: Path, fmt: str, name: str, timeout: float = 5.0) -> None:
        self.fmt = fmt
        self.root = root
        self.rel = name
        self.linter = Linter(settings_for(root, timeout=timeout))
        self.linter.needle = re.compile(rb"")
        self.linter._module_needle = lambda real: True  # type: ignore[method-assign]
        self.reached = 0
        self.label = fmt

    def patch(self, mp: pytest.MonkeyPatch) -> None:
        real_load = scanners.load

        def load(fmt: str):  # type: ignore[no-untyped-def]
            scan = real_load(self.fmt)
            assert scan is not None

            def counted(path, text, ctx):  # type: ignore[no-untyped-def]
                self.reached += 1
                FUZZ_COUNTS[self.label] += 1
                return scan(path, text, ctx)

            return counted

        mp.setattr(scanners, "format_for", lambda path, head: self.fmt)
        mp.setattr(scanners, "load", load)

    def __call__(self, data: bytes) -> list[Finding]:
        target = self.root / self.rel
        target.write_bytes(data)
        self.linter._text_cache.clear()
        return self.linter.lint_file(FileJob(self.rel, str(target)))


def fixture_seeds(*globs: str, limit: int = 12, max_size: int = 6000) -> list[bytes]:
    """Realistic files from the repository's fixtures and corpora (sorted: deterministic)."""
    found: list[Path] = []
    for pattern in globs:
        found.extend(
            p for p in sorted(REPO.glob(pattern)) if p.is_file() and p.stat().st_size <= max_size
        )
    seeds = [p.read_bytes() for p in found[:limit]]
    assert seeds, globs
    return seeds


def walk_files(root: Path) -> Iterator[Path]:
    yield from (p for p in sorted(root.rglob("*")) if p.is_file())


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if FUZZ_COUNTS:
        parts = ", ".join(f"{fmt} {n}" for fmt, n in sorted(FUZZ_COUNTS.items()))
        terminalreporter.write_line(f"robustness fuzz inputs per scanner: {parts}")


@pytest.fixture
def no_foreign_gc_callbacks() -> Iterator[None]:
    """Hypothesis leaves a garbage-collector callback installed after its first test; a
    SIGALRM that lands while it runs raises inside the callback, where Python ignores it.
    The engine re-arms its limit every 50 ms, so a lost one comes back; tests that measure
    how fast the limit ends a file run without such callbacks, so that it is on time."""
    saved = list(gc.callbacks)
    gc.callbacks[:] = [
        cb for cb in saved if not getattr(cb, "__module__", "").startswith("hypothesis")
    ]
    try:
        yield
    finally:
        gc.callbacks[:] = saved
