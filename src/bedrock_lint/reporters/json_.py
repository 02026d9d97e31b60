"""Stable JSON: ``{"version": 1, "files": N, "findings": [...]}``, sorted, no timestamps."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..findings import Finding

SCHEMA_VERSION = 1


def render(findings: Sequence[Finding], out: TextIO, *, files: int) -> None:
    doc = {"version": SCHEMA_VERSION, "files": files,
           "findings": [f.to_dict() for f in sorted(findings)]}
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")
