"""The one output type of the tool: a ``Finding`` at a ``Location``."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How serious a finding is. Ordered: ``ERROR > WARNING > INFO``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file, with an optional end."""

    path: str
    line: int = 1
    col: int = 1
    end_line: int | None = field(default=None, compare=False)
    end_col: int | None = field(default=None, compare=False)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found. Sorted by path, line, column, code, message."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = field(compare=False)
    name: str = field(compare=False)
    end_line: int | None = field(default=None, compare=False)
    end_col: int | None = field(default=None, compare=False)
    url: str = field(default="", compare=False)

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.col, self.end_line, self.end_col)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "url": self.url,
        }
