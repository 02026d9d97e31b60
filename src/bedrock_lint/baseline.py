"""Baselines: adopt the linter in an old repository without a flag day.

``--baseline FILE --update-baseline`` records today's findings; afterwards ``--baseline FILE``
reports only new ones. A finding is keyed by file, rule and message (which names the value
and where it goes, never a line number), with a count per key, so unrelated edits that move
lines do not resurrect recorded findings, while a second copy of the same problem in the
same file is new.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .findings import Finding

VERSION = 1

Key = tuple[str, str, str]


class BaselineError(ValueError):
    pass


def _key(f: Finding) -> Key:
    return (f.path.replace(os.sep, "/"), f.code, f.message)


def load(path: Path) -> Counter[Key]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(
            data.get("findings"), list):
        raise BaselineError(f"{path}: not a bedrock-lint baseline (version {VERSION})")
    counts: Counter[Key] = Counter()
    for entry in data["findings"]:
        try:
            counts[(entry["path"], entry["code"], entry["message"])] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed baseline entry {entry!r}") from None
    return counts


def save(path: Path, findings: Iterable[Finding]) -> int:
    counts = Counter(_key(f) for f in findings)
    entries = [{"path": p, "code": c, "message": m, "count": n}
               for (p, c, m), n in sorted(counts.items())]
    body = json.dumps({"version": VERSION, "tool": "bedrock-lint", "findings": entries},
                      indent=2, ensure_ascii=False) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(body)
    os.replace(tmp, path)
    return sum(counts.values())


def new_findings(findings: list[Finding], recorded: Counter[Key]) -> list[Finding]:
    """The findings beyond what the baseline recorded, key by key, earliest lines first."""
    left = Counter(recorded)
    out = []
    for f in sorted(findings):
        key = _key(f)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return out
