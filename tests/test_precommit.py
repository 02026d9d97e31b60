"""The pre-commit hook: manifest validity, README mention, and a real git repository run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bedrock_lint.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = 'import boto3\nclient = boto3.client("bedrock-runtime")\nclient.converse(modelId="eu.anthropic.claude-sonnet-4-6")\n'
GOOD = 'import os\nMODEL = os.environ["BEDROCK_INFERENCE_PROFILE_ARN"]\n'


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["bedrock-lint"]
    assert hooks[0]["entry"] == "bedrock-lint" and hooks[0]["language"] == "python"


def test_every_hook_id_is_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):
        assert f"id: {hook['id']}" in readme


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "bad.py").write_text(BAD)
    (tmp_path / ".bedrock-lint.toml").write_text('extend-exclude = ["vendor/"]\n')
    _git(tmp_path, "add", ".")
    return tmp_path


def test_hook_entry_on_staged_files(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """What pre-commit runs: the entry, its args, and the staged file names."""
    monkeypatch.chdir(repo)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=repo, check=True,
                            capture_output=True, text=True).stdout.split()
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    py_files = [f for f in staged if f.endswith(".py")]
    assert main([*hook["args"], *py_files]) == 1
    out = capsys.readouterr().out
    assert "bad.py:3:25: BRL102" in out
    assert "vendor/bad.py" not in out  # excluded even though pre-commit named it
    assert main([*hook["args"], "good.py"]) == 0


@pytest.mark.skipif(not os.environ.get("BEDROCK_LINT_SLOW_TESTS"),
                    reason="installs the hook from scratch; set BEDROCK_LINT_SLOW_TESTS=1")
def test_pre_commit_try_repo(repo: Path) -> None:  # pragma: no cover - slow path
    result = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "bedrock-lint",
                             "--all-files"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BRL102" in result.stdout and "vendor/bad.py" not in result.stdout
