"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..findings import Finding, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding], out: TextIO, *, files: int) -> None:
    for f in findings:
        props = [f"file={_escape_prop(f.path)}", f"line={f.line}", f"col={f.col}"]
        if f.end_line:
            props.append(f"endLine={f.end_line}")
        if f.end_col and f.end_line == f.line:
            props.append(f"endColumn={f.end_col}")
        props.append(f"title={_escape_prop(f'{f.code} {f.name}')}")
        out.write(f"::{_LEVEL[f.severity]} {','.join(props)}::{_escape_data(f.message)}\n")
