from __future__ import annotations

import pytest

from bedrock_lint.scanners import ScanError
from bedrock_lint.scanners import python as scanner


@pytest.fixture(autouse=True)
def _python_scans_on_both_paths(request: pytest.FixtureRequest,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python text a scanner test scans (its snippets, and files through the engine)
    gives the same document, or the same error, from the ast tree and from libcst (with the
    test's own FAST_WALK / FAST_POSITIONS, so the libcst path's comparisons still hold)."""
    real = scanner.scan

    def outcome(path: str, text: str, ctx: object, fast: bool) -> object:
        saved = scanner.FAST_AST
        scanner.FAST_AST = fast
        try:
            return real(path, text, ctx)  # type: ignore[arg-type]
        except ScanError as exc:
            return exc
        finally:
            scanner.FAST_AST = saved

    def both(path: str, text: str, ctx: object) -> object:
        fast, libcst = outcome(path, text, ctx, True), outcome(path, text, ctx, False)
        if isinstance(fast, ScanError) or isinstance(libcst, ScanError):
            assert _error(fast) == _error(libcst), text
            raise fast  # type: ignore[misc]
        assert fast == libcst, text
        return fast

    monkeypatch.setattr(scanner, "scan", both)
    if getattr(request.module, "scan", None) is real:
        monkeypatch.setattr(request.module, "scan", both)  # ``from ...python import scan``


def _error(outcome: object) -> object:
    if isinstance(outcome, ScanError):
        return outcome.message, outcome.line, outcome.col
    return "a document"
