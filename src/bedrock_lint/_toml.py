"""TOML reading on every supported Python."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; raise ``ValueError`` with the parser's message on bad syntax."""
    with open(path, "rb") as fh:
        return loads_toml(fh.read())


def loads_toml(data: bytes) -> dict[str, Any]:
    """Parse TOML bytes (UTF-8); raise ``ValueError`` on bad syntax or encoding."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
