"""Rule metadata: stable codes, kebab-case names, docs and examples present."""

from __future__ import annotations

import re

import pytest

from bedrock_lint.registry import all_rules
from bedrock_lint.rules._base import Rule

RULES = all_rules()
ENGINE_ONLY = {"BRL002"}  # raised by the engine on a crashing rule: no input can trigger it


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"BRL\d{3}", c) for c in codes)
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_metadata(rule: type[Rule]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    assert rule.__name__ == "".join(part.capitalize() for part in rule.name.split("-"))
    assert rule.summary.strip() and rule.why.strip() and rule.instead.strip()
    assert rule.valid, "every rule needs a valid example"
    if rule.code not in ENGINE_ONLY:
        assert rule.invalid, "every rule needs an invalid example"
    for ex in (*rule.valid, *rule.invalid):
        assert ex.fmt in rule.formats or rule.code.startswith("BRL0")
    for key, opt in rule.options.items():
        assert opt.doc.strip(), f"{rule.code} option {key} is undocumented"


def test_family_digits() -> None:
    for rule in RULES:
        assert rule.code[3] in "012349", rule.code
