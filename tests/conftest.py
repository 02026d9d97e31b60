from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _receipt_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _no_receipt_in_home(_receipt_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full runs record settings for the quick path under $XDG_CACHE_HOME: never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_receipt_home))


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write ``{relative path: text}`` under a fresh project root (with .git) and return it."""

    def make(files: dict[str, str]) -> Path:
        (tmp_path / ".git").mkdir(exist_ok=True)
        for rel, text in files.items():
            target = tmp_path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return tmp_path

    return make
