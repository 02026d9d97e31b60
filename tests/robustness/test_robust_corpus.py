"""Crashers and pathological inputs found while hardening the scanners, kept as regressions.

Each file in ``corpus/`` is linted where the engine would route it (by name and content),
copied out of ``tests/`` so that it is not treated as test code. Before the fixes, the
Terraform files ran for minutes and grew until memory ran out (exponential values through
locals), and the time limit was swallowed by the Terraform scanner's per-block recovery.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from .conftest import CORPUS, assert_sane, lint_path

#: file -> expected (code, line) pairs; ``None``: no expectation beyond sanity.
EXPECT: dict[str, set[tuple[str, int]] | None] = {
    "cfn-alias-bomb.yaml": {("BRL001", 1)},  # cfn-lint refuses the expansion
    "cfn-duplicate-keys.json": {("BRL001", 1)},
    "cfn-if-aliases.yaml": {("BRL001", 1)},
    "cfn-not-a-template.yaml": set(),  # YAML that mentions a template, but is not one
    "cfn-python-tag.yaml": {("BRL001", 6)},  # at the tag, one line, never constructed
    "cfn-transform-macro.yaml": {("BRL101", 9)},  # transforms are not run
    "deploy-alias-bomb.yaml": {("BRL101", 3)},
    "deploy-unknown-tags.yaml": {("BRL101", 7)},
    "dotenv-odd.env": None,
    "litellm-alias-bomb.yaml": {("BRL101", 15)},
    "litellm-merge-cycle.yaml": {("BRL101", 6)},
    "litellm-unknown-tags.yaml": set(),  # a !vault model is a placeholder
    "tf-conditional-tree.tf": {("BRL001", 37)},  # abandoned at the block, not evaluated 2^30 times
    "tf-exponential-alternatives.tf": None,
    "tf-exponential-lists.tf": set(),
    "tf-exponential-strings.tf": set(),
    "tf-huge-number.tf": None,
    "tf-replace-blowup.tf": set(),
    "tf-unterminated-heredoc.tf": {("BRL001", 3)},
}


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECT)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_corpus_file(name: str, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copy(CORPUS / name, tmp_path / name)
    start = time.monotonic()
    findings = lint_path(tmp_path, name, timeout=60)
    elapsed = time.monotonic() - start
    assert_sane(findings)
    assert not any("took longer" in f.message for f in findings), findings
    assert elapsed < 30, f"{name} took {elapsed:.1f}s"  # minutes before the fixes
    expected = EXPECT[name]
    if expected is not None:
        assert {(f.code, f.line) for f in findings} == expected, findings
