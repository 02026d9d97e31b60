"""``path:line:col: CODE message [name]`` lines and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from ..findings import Finding


def render(findings: Sequence[Finding], out: TextIO, *, files: int) -> None:
    for f in findings:
        out.write(f"{f.path}:{f.line}:{f.col}: {f.code} {f.message} [{f.name}]\n")
    if not findings:
        out.write(f"All clear: no findings in {files} file{'s' if files != 1 else ''}.\n")
        return
    by_sev = Counter(f.severity.value for f in findings)
    parts = [f"{by_sev[s]} {s}{'s' if by_sev[s] != 1 else ''}" for s in ("error", "warning", "info")
             if by_sev[s]]
    paths = len({f.path for f in findings})
    out.write(f"\nFound {len(findings)} finding{'s' if len(findings) != 1 else ''} "
              f"({', '.join(parts)}) in {paths} of {files} file{'s' if files != 1 else ''}.\n")
