"""SARIF 2.1.0 for GitHub code scanning: rules carry id, name, help and helpUri."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from .. import __version__
from ..findings import Finding, Severity
from ..registry import all_rules

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(findings: Sequence[Finding], out: TextIO, *, files: int) -> None:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "bedrock-lint",
        "version": __version__,
        "informationUri": "https://github.com/bedrock-lint/bedrock-lint",
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": f"{r.why}\n\nInstead: {r.instead}",
                         "markdown": f"{r.why}\n\n**Instead:** {r.instead}"},
                "helpUri": r.url(),
                "defaultConfiguration": {"level": _LEVEL[r.severity]},
            }
            for r in rules
        ],
    }
    results = []
    for f in sorted(findings):
        region: dict[str, int] = {"startLine": f.line, "startColumn": f.col}
        if f.end_line:
            region["endLine"] = f.end_line
        if f.end_col:
            region["endColumn"] = f.end_col
        result = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
            "partialFingerprints": {"bedrockLint/v1": f"{f.code}:{f.path}:{f.message}"},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    doc = {"$schema": SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results,
                     "columnKind": "unicodeCodePoints"}]}
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")
