"""Inline suppressions: ``# bedrock-lint: ignore[BRL101,BRL102] -- reason`` on the finding's line.

HCL also accepts ``//``. A bare ``ignore`` without codes is rejected (every suppression
names what it silences); unknown codes and suppressions that silence nothing are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"(?:#|//)\s*bedrock-lint:\s*ignore\b(?P<codes>\[[^\]]*\])?(?P<reason>.*)$")


@dataclass(frozen=True)
class Suppression:
    line: int
    col: int
    codes: tuple[str, ...]
    reason: str


def parse(text: str) -> list[Suppression]:
    if "bedrock-lint:" not in text:
        return []
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "bedrock-lint:" not in line:
            continue
        m = _MARK.search(line)
        if not m:
            continue
        raw = (m.group("codes") or "").strip("[]")
        codes = tuple(c.strip().upper() for c in raw.split(",") if c.strip())
        reason = m.group("reason").strip().lstrip("-—:").strip()
        out.append(Suppression(number, m.start() + 1, codes, reason))
    return out
