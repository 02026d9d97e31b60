"""Every registered rule's valid and invalid examples, run through the real engine."""

from __future__ import annotations

import pytest

from bedrock_lint.registry import all_rules
from bedrock_lint.rules._base import Example, Rule
from bedrock_lint.testing import run_example

CASES: list[tuple[type[Rule], str, Example]] = []
for _rule in all_rules():
    CASES += [(_rule, "valid", ex) for ex in _rule.valid]
    CASES += [(_rule, "invalid", ex) for ex in _rule.invalid]

IDS = [f"{rule.code}-{kind}-{i}" for rule in all_rules()
       for kind, exs in (("valid", rule.valid), ("invalid", rule.invalid)) for i, _ in enumerate(exs)]


@pytest.mark.parametrize(("rule", "kind", "example"), CASES, ids=IDS)
def test_example(rule: type[Rule], kind: str, example: Example) -> None:
    found = [f for f in run_example(example) if f.code == rule.code]
    if kind == "valid":
        assert found == [], f"{rule.code} must not report its valid example: {found}"
    else:
        assert found, f"{rule.code} must report its invalid example"
        if example.at:
            assert [(f.line, f.col) for f in found] == list(example.at)
        assert all(f.name == rule.name for f in found)
