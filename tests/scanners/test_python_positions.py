"""Positions found by searching a node's code equal libcst's PositionProvider's."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError
from bedrock_lint.scanners import python as scanner

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for base in ("tests", "examples") for p in (ROOT / base).rglob("*.py")
               if p.is_file() and "robustness" not in p.parts)
CTX = ScanContext(policy=load_policy(), root=ROOT)


def facts(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(scanner, "FAST_POSITIONS", fast)
    try:
        doc = scanner.scan("x.py", text, CTX)
    except ScanError as exc:
        return ("error", exc.message, exc.line, exc.col)
    return ([(r.value, r.loc, r.context) for r in doc.refs], [(c.name, c.loc) for c in doc.calls])


def test_there_are_files_with_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    with_refs = [f for f in FILES if facts(f.read_text(errors="replace"), True, monkeypatch)[0]]
    assert len(with_refs) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_positions_as_libcst(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert facts(text, True, monkeypatch) == facts(text, False, monkeypatch)


@pytest.mark.parametrize("text", [
    'M = "anthropic.claude-3-haiku-20240307-v1:0"  # "anthropic.claude-3-haiku-20240307-v1:0"\n'
    "c.converse(modelId=M)\n",  # the same text twice: the provider decides
    'x = 1\r\nc.converse(modelId="anthropic.claude-sonnet-4-6")\r\n',
    'x = 1\rc.converse(modelId="anthropic.claude-sonnet-4-6")\r',
    's = "é"\nc.converse(\n    modelId=("anthropic."\n             "claude-sonnet-4-6"))\n',
    '\tc.converse(modelId=f"{geo}.anthropic.claude-sonnet-4-6")\n'.lstrip("\t"),
])
def test_same_positions_on_tricky_text(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = facts(text, True, monkeypatch)
    assert fast == facts(text, False, monkeypatch)
    assert fast[0], "the example must produce a finding"
