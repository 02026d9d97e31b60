"""The rule interface: a small class with its code, docs, options and examples together."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import __version__
from ..facts import Document
from ..findings import Finding, Location, Severity
from ..policy import Policy

DOCS_BASE = "https://github.com/bedrock-lint/bedrock-lint/blob/v{version}/docs/rules/{code}.md"


@dataclass(frozen=True)
class Example:
    """A snippet a rule must (invalid) or must not (valid) report. Becomes a test and docs.

    ``at`` lists the exact 1-based (line, col) positions of the expected findings.
    ``path`` is the file name the snippet is linted as; ``files`` adds neighbours
    (an ``AGENTS.md``, a ``providers.tf``) laid out beside it.
    """

    fmt: str
    code: str
    at: tuple[tuple[int, int], ...] = ()
    path: str = ""
    files: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def filename(self) -> str:
        if self.path:
            return self.path
        return {
            "python": "app/service.py",
            "terraform": "infra/main.tf",
            "cloudformation": "template.yaml",
            "litellm": "litellm/config.yaml",
            "config": "deploy/.env",
        }[self.fmt]


@dataclass(frozen=True)
class Opt:
    """A documented rule option."""

    type: type
    default: Any
    doc: str


@dataclass(frozen=True)
class Context:
    """What a rule may read besides the document: policy, its options, repository facts."""

    policy: Policy
    options: Mapping[str, Any]
    severity: Severity
    #: Text of the ``AGENTS.md`` that governs the file, if any (for sandbox fallbacks).
    agents_md: str | None = None
    #: The file's path relative to the project root, with ``/`` separators.
    relpath: str = ""


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    formats: ClassVar[tuple[str, ...]] = ("python", "terraform", "cloudformation", "litellm", "config")
    summary: ClassVar[str]
    why: ClassVar[str]
    instead: ClassVar[str]
    options: ClassVar[dict[str, Opt]] = {}
    valid: ClassVar[list[Example]] = []
    invalid: ClassVar[list[Example]] = []
    since: ClassVar[str] = "0.1.0"
    #: False for rules that test code is out of scope for (the model-ID rules).
    in_tests: ClassVar[bool] = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError
        yield

    @classmethod
    def url(cls) -> str:
        return DOCS_BASE.format(version=__version__, code=cls.code)

    def finding(self, loc: Location, message: str, ctx: Context,
                severity: Severity | None = None) -> Finding:
        return Finding(
            path=loc.path,
            line=loc.line,
            col=loc.col,
            code=self.code,
            message=message,
            severity=severity or ctx.severity,
            name=self.name,
            end_line=loc.end_line,
            end_col=loc.end_col,
            url=self.url(),
        )


CODE_RE = re.compile(r"^BRL\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
