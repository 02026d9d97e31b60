"""The walker's own gitignore matcher agrees with pathspec on the patterns it handles."""

from __future__ import annotations

import os

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


def _walk_reference(patterns: list[str], paths: list[str]) -> list[str]:
    """What a walk must keep: files whose path and every folder on it match no pattern."""
    spec = _Patterns(patterns)
    kept = []
    for path in paths:
        parts = path.split("/")
        folders = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts) - 1)]
        if not any(spec.match(f) for f in folders) and not spec.match(path):
            kept.append(path)
    return kept


TREE = ["ok.py", "a/ok.py", "vendor/a.py", "x/vendor/a.py", "build/x.py", "src/build/x.py",
        "docs/a.py", "docs/sub/a.py", "a/gen/x.py", "secret.py", "a/secret.py", "a/b/c.py",
        "x/a/b/c.py", "x/y.log", "top.py", "sub/top.py", "dist/x.py", "q/dist", "z/w.tmp",
        "cache/a/b.py", "x/cache/a.py", "pkg/node_modules/x.js", "n/a.egg-info/x.py",
        "deep/er/still/ok.py", "deep/er/build/x.py"]


@pytest.mark.parametrize("patterns", [[p] for p in PATTERNS] + [PATTERNS, ["*.py", "!ok.py"]])
@pytest.mark.parametrize("top", [".", "deep", "vendor"])
def test_walk_prunes_like_whole_path_matching(tmp_path, patterns: list[str], top: str) -> None:
    """The walk matches unanchored patterns against names only (the folders above were
    matched on the way down); it must keep exactly the files whole-path matching keeps, also
    when the walk starts inside a folder that is excluded."""
    from bedrock_lint.config import Settings
    from bedrock_lint.walk import Walker

    for rel in TREE:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    settings = Settings(root=tmp_path, exclude=tuple(patterns), respect_gitignore=False)
    under = [p for p in TREE if top == "." or p.startswith(top + "/")]
    expected = sorted(_walk_reference(patterns, under))
    lintable = [p for p in expected if p.endswith(".py")]  # the walk offers lintable files only
    got = sorted(os.path.relpath(j.real, tmp_path).replace(os.sep, "/")
                 for j in Walker(settings).jobs([str(tmp_path / top)]))
    assert got == lintable
    # the same patterns as a .gitignore
    (tmp_path / ".gitignore").write_text("\n".join(patterns) + "\n")
    settings = Settings(root=tmp_path, exclude=(), respect_gitignore=True)
    got = sorted(os.path.relpath(j.real, tmp_path).replace(os.sep, "/")
                 for j in Walker(settings).jobs([str(tmp_path / top)]))
    assert got == lintable


def test_a_lintable_name_is_found_as_splitext_finds_its_suffix() -> None:
    """The walk's name test, kept cheap, agrees with ``os.path.splitext`` on every name built
    from dots, suffixes and letters."""
    import itertools
    import os

    from bedrock_lint import walk

    def reference(name: str) -> bool:
        suffix = os.path.splitext(name)[1].lower()
        return suffix in walk._LINTABLE_SUFFIXES or name == ".env" or name.startswith(".env.")

    pieces = [".", "..", "a", "py", "PY", "env", ".py", ".Tf", ".yaml", ".env", "x.json", "template"]
    names = {"".join(p) for n in range(1, 4) for p in itertools.product(pieces, repeat=n)}
    assert len(names) > 1000
    assert [n for n in names if walk._candidate(n) != reference(n)] == []


@pytest.mark.parametrize("top", [".", "./", "sub", "sub/", "./sub", "sub//deep", "sub/../sub",
                                 "sub/deep/..", "ABS", "ABS/sub", "../proj/sub"])
def test_files_are_shown_under_the_folder_as_it_was_named(
        tmp_path, monkeypatch: pytest.MonkeyPatch, top: str) -> None:
    """A file is shown as the normalised spelling of the folder named, then its path below it
    (relative when an absolute folder is under the working directory)."""
    from bedrock_lint.config import Settings
    from bedrock_lint.walk import Walker

    root = tmp_path / "proj"
    for rel in ("a.py", "sub/b.py", "sub/deep/c.tf", "sub/deep/er/d.yaml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x = 1\n")
    monkeypatch.chdir(root)
    named = top.replace("ABS", str(root))
    settings = Settings(root=root, exclude=(), respect_gitignore=False)
    jobs = list(Walker(settings).jobs([named]))
    assert jobs
    for job in jobs:
        below = os.path.relpath(job.real, named)
        expected = os.path.normpath(os.path.join(named, below))
        if os.path.isabs(expected):
            expected = os.path.relpath(expected)
        assert job.path == expected, (top, job)
