"""bedrock-lint's CloudFormation checks as a cfn-lint rule plugin.

Teams that already run cfn-lint add the checks with::

    cfn-lint --append-rules bedrock_lint.cfnlint_rules -- template.yaml

Each cfn-lint rule wraps one bedrock-lint rule (``E9101`` = BRL101, ``W9301`` = BRL301 ...):
the template is scanned with bedrock-lint's own CloudFormation scanner and judged by the same
rule code, with the policy from the nearest bedrock-lint configuration, so both tools agree
finding for finding. The positions are bedrock-lint's exact line and column.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from cfnlint.rules import CloudFormationLintRule, RuleMatch

_LETTER = {"error": "E", "warning": "W", "info": "I"}


@functools.lru_cache(maxsize=64)
def _findings(filename: str, mtime: float) -> tuple[Any, ...]:
    """bedrock-lint's findings for one template (cached across the wrapper rules)."""
    from .config import ConfigError, load_settings
    from .engine import FileJob, Linter

    path = Path(filename)
    try:
        settings = load_settings(start=path.resolve().parent)
    except ConfigError:
        settings = load_settings(start=path.resolve().parent, isolated=True)
    return tuple(Linter(settings).lint_file(FileJob(filename, filename, explicit=True)))


class _Wrapped(CloudFormationLintRule):  # type: ignore[misc]
    code = ""
    tags = ["bedrock", "bedrock-lint"]

    def match(self, cfn: Any) -> list[RuleMatch]:
        filename = getattr(cfn, "filename", None)
        if not filename or not os.path.isfile(filename):
            return []
        matches = []
        for f in _findings(filename, os.path.getmtime(filename)):
            if f.code != self.code:
                continue
            m = RuleMatch(["Resources"], f"{f.message} ({f.code} {f.name})")
            end_line = f.end_line or f.line
            end_col = f.end_col or f.col
            m.location = (f.line - 1, f.col - 1, end_line - 1, end_col - 1)
            matches.append(m)
        return matches


def _make(code: str) -> type[_Wrapped]:
    from .registry import by_code

    rule = by_code(code)
    assert rule is not None
    rule_id = f"{_LETTER[rule.severity.value]}9{code[3:]}"
    return type(f"Bedrock{code}", (_Wrapped,), {
        "id": rule_id, "code": code, "shortdesc": f"bedrock-lint {code} {rule.name}",
        "description": rule.summary, "source_url": rule.url(),
    })


BedrockBRL101 = _make("BRL101")
BedrockBRL102 = _make("BRL102")
BedrockBRL201 = _make("BRL201")
BedrockBRL202 = _make("BRL202")
BedrockBRL203 = _make("BRL203")
BedrockBRL301 = _make("BRL301")
BedrockBRL302 = _make("BRL302")
BedrockBRL401 = _make("BRL401")
BedrockBRL402 = _make("BRL402")
