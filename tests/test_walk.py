"""The walker's own gitignore matcher agrees with pathspec on the patterns it handles."""

from __future__ import annotations

import pathspec
import pytest

from bedrock_lint.walk import _Patterns

PATTERNS = ["vendor/", "*.egg-info/", ".git/", "/build", "docs/*.py", "**/gen/**", "secret.py",
            "node_modules/", "a/b/", "*.log", "/top.py", "dist", "**/*.tmp", "cache/**"]
PATHS = ["vendor/", "vendor/a.py", "x/vendor/a.py", "a.egg-info/", "build/", "build/x.py",
         "src/build/x.py", "docs/a.py", "docs/sub/a.py", "a/gen/x.py", "secret.py",
         "a/secret.py", "ok.py", "vendor", "a/b/c.py", "x/a/b/c.py", "build", "x/y.log",
         "top.py", "sub/top.py", "dist/", "dist/x.py", "q/dist", "z/w.tmp", "cache/a/b.py",
         "x/cache/a.py", "node_modules/", "pkg/node_modules/x.js"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_matches_pathspec(pattern: str) -> None:
    ours, ref = _Patterns([pattern]), pathspec.GitIgnoreSpec.from_lines([pattern])
    assert [p for p in PATHS if ours.match(p)] == [p for p in PATHS if ref.match_file(p)]


def test_negation_uses_pathspec() -> None:
    p = _Patterns(["*.py", "!keep.py"])
    assert p.match("a.py") and not p.match("keep.py")
