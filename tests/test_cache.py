"""The result cache's own parts (the end-to-end behaviour is in test_cli.py)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bedrock_lint import cache
from bedrock_lint.config import load_settings

SEGMENTS = st.sampled_from(["a", "b.py", ".", "..", "", ".env", ".hidden", "x.y", "-", "~"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> cache.Cache:
    root = tmp_path_factory.mktemp("cache")
    return cache.Cache(load_settings(start=root, isolated=True), root / ".bedrock-lint-cache")


@pytest.mark.parametrize("path", ["./a/b.py", "a/b.py", "/x/y.py", "./.env", ".env", "a/./b", "a//b",
                                  "../a.py", "a/../b.py", "./a/.hidden/x.py", "/a/b/", "x", "/",
                                  ".//a", "./", ".///a/b.py", "././/a"])
def test_entry_keys_are_absolute_paths(store: cache.Cache, path: str) -> None:
    assert store.key(path) == os.path.abspath(path)


@given(st.booleans(), st.lists(SEGMENTS, min_size=1, max_size=6))
def test_entry_keys_agree_with_abspath(store: cache.Cache, absolute: bool, parts: list[str]) -> None:
    path = ("/" if absolute else "") + "/".join(parts)
    if path:
        assert store.key(path) == os.path.abspath(path)
