"""Bad trees, through ``bedrock_lint.cli.main`` in-process and the ``Walker``: symlink loops
and links out of the tree, unreadable and vanishing files, odd path names, repeated and
missing paths."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bedrock_lint.engine import Linter
from bedrock_lint.walk import Walker

from .conftest import MODEL, assert_sane, run_cli, settings_for

CALL = f'client.converse(modelId="{MODEL}")\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(CALL)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "svc.py").write_text(CALL)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def paths(run) -> list[str]:  # type: ignore[no-untyped-def]
    assert "Traceback" not in run.err, run.err
    return sorted(f["path"] for f in json.loads(run.out)["findings"])


def walked(root: Path, *args: str) -> list[str]:
    walker = Walker(settings_for(root))
    return sorted(job.path for job in walker.jobs(list(args) or ["."]))


# --- symlinks ------------------------------------------------------------------------------


def test_symlink_to_an_ancestor_is_not_followed(tree: Path) -> None:
    (tree / "pkg" / "up").symlink_to("..", target_is_directory=True)
    (tree / "self").symlink_to(".", target_is_directory=True)
    run = run_cli(["--format", "json", "."])
    assert run.code == 1
    assert paths(run) == ["app.py", "pkg/svc.py"]


def test_symlink_loop_is_survived(tree: Path) -> None:
    (tree / "loop1").symlink_to("loop2")
    (tree / "loop2").symlink_to("loop1")
    (tree / "pkg" / "me.py").symlink_to("me.py")
    run = run_cli(["--format", "json", "."])
    assert run.code == 1
    assert paths(run) == ["app.py", "pkg/svc.py"]


def test_symlink_loop_named_on_the_command_line(tree: Path) -> None:
    (tree / "loop.py").symlink_to("loop.py")
    run = run_cli(["--format", "json", "app.py", "loop.py"])
    assert run.code == 1 and paths(run) == ["app.py"]


def test_symlink_loop_as_the_first_path(tree: Path) -> None:
    (tree / "loop.py").symlink_to("loop.py")
    run = run_cli(["--format", "json", "loop.py", "app.py"])
    assert run.code == 1 and paths(run) == ["app.py"]


def test_symlinks_out_of_the_root_are_not_followed(
    tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.py").write_text(CALL)
    (outside / "sub").mkdir()
    (outside / "sub" / "more.py").write_text(CALL)
    (tree / "linked-file.py").symlink_to(outside / "secret.py")
    (tree / "linked-dir").symlink_to(outside / "sub", target_is_directory=True)
    (tree / "dangling.py").symlink_to(outside / "missing.py")
    run = run_cli(["--format", "json", "."])
    assert run.code == 1
    assert paths(run) == ["app.py", "pkg/svc.py"]


def test_symlink_inside_the_tree_to_a_file_inside_it(tree: Path) -> None:
    (tree / "alias.py").symlink_to(tree / "app.py")
    run = run_cli(["--format", "json", "."])
    assert run.code == 1 and "Traceback" not in run.err


# --- unreadable, vanishing ----------------------------------------------------------------------

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(
    AS_ROOT,
    reason="running as root: chmod 000 does not block reads (CI runs as "
    "root; test_unreadable_simulated covers the same paths)",
)
def test_unreadable_file_and_directory(tree: Path) -> None:
    (tree / "secret").mkdir()
    (tree / "secret" / "x.py").write_text(CALL)
    (tree / "locked.py").write_text(CALL)
    os.chmod(tree / "secret", 0)
    os.chmod(tree / "locked.py", 0)
    try:
        run = run_cli(["--format", "json", "."])
    finally:
        os.chmod(tree / "secret", 0o755)
        os.chmod(tree / "locked.py", 0o644)
    assert "cannot read" in run.err and "secret" in run.err
    report = json.loads(run.out)
    assert ("locked.py", "BRL001") in {(f["path"], f["code"]) for f in report["findings"]}
    assert {"app.py", "pkg/svc.py"} <= {f["path"] for f in report["findings"]}


def test_unreadable_simulated(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above, as root: scandir and open fail with EACCES for two paths."""
    (tree / "secret").mkdir()
    (tree / "secret" / "x.py").write_text(CALL)
    (tree / "locked.py").write_text(CALL)
    real_scandir, real_open, real_os_open = os.scandir, open, os.open

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "secret":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, Path)) and Path(file).name == "locked.py":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def fake_os_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file).name == "locked.py":
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr("builtins.open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    run = run_cli(["--format", "json", "."])
    assert run.code == 1
    assert "cannot read" in run.err and "secret" in run.err
    found = {(f["path"], f["code"]) for f in json.loads(run.out)["findings"]}
    assert found == {("app.py", "BRL101"), ("pkg/svc.py", "BRL101"), ("locked.py", "BRL001")}


def test_file_deleted_during_the_run(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Walked, then gone before it is read (a checkout switching branches under the hook)."""
    (tree / "gone.py").write_text(CALL)
    (tree / "gone.tf").write_text(f'locals {{ m = "{MODEL}" }}\n')
    original = Linter.lint_file_recorded

    def lint_file_recorded(self, job):  # type: ignore[no-untyped-def]
        if "gone" in job.path:
            Path(job.real).unlink(missing_ok=True)
        return original(self, job)

    monkeypatch.setattr(Linter, "lint_file_recorded", lint_file_recorded)
    run = run_cli(["--format", "json", "."])
    assert run.code == 1 and "Traceback" not in run.err
    report = json.loads(run.out)
    assert {"app.py", "pkg/svc.py"} <= {f["path"] for f in report["findings"]}
    for f in report["findings"]:
        if "gone" in f["path"]:
            assert f["code"] == "BRL001" and "cannot read" in f["message"]


def test_sibling_deleted_during_the_run(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Terraform module whose variables.tf vanishes between listing and reading."""
    (tree / "main.tf").write_text(
        'resource "aws_bedrockagent_agent" "a" {\n  foundation_model = var.m\n}\n'
    )
    (tree / "variables.tf").write_text(f'variable "m" {{\n  default = "{MODEL}"\n}}\n')
    real_listdir = os.listdir

    def listdir(path):  # type: ignore[no-untyped-def]
        names = real_listdir(path)
        (tree / "variables.tf").unlink(missing_ok=True)
        return names

    monkeypatch.setattr(os, "listdir", listdir)
    run = run_cli(["--format", "json", "main.tf", "app.py"])
    assert run.code == 1 and "Traceback" not in run.err
    assert "app.py" in paths(run)


# --- odd names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "with space.py",
        "new\nline.py",
        "tab\t.py",
        "-dash.py",
        "unicodé ☃.py",
        "quote'\".py",
        "back\\slash.py",
    ],
)
def test_odd_file_names(tree: Path, name: str) -> None:
    (tree / "pkg" / name).write_text(CALL)
    for fmt in ("text", "json", "sarif", "github"):
        run = run_cli(["--format", fmt, "."])
        assert run.code == 1 and "Traceback" not in run.err, (fmt, run.err)
    assert f"pkg/{name}" in paths(run_cli(["--format", "json", "."]))
    assert paths(run_cli(["--format", "json", "--", f"pkg/{name}"])) == [f"pkg/{name}"]


def _non_utf8(tree: Path) -> Path:
    name = os.fsdecode(b"bad\xff\xfename.py")
    (tree / "pkg" / name).write_text(CALL)
    return tree / "pkg" / name


def test_non_utf8_file_name_is_linted(tree: Path) -> None:
    target = _non_utf8(tree)
    assert os.fsdecode(b"pkg/bad\xff\xfename.py") in walked(tree)
    run = run_cli(["--format", "text", "."])  # redirected to a StringIO: no encoding involved
    assert run.code == 1 and "Traceback" not in run.err
    run = run_cli([str(target.relative_to(tree))])
    assert run.code == 1 and "BRL101" in run.out


def test_non_utf8_file_name_in_a_report_file(tree: Path) -> None:
    _non_utf8(tree)
    run = run_cli(["--format", "json", "--output", "report.json", "."])
    assert run.code == 1 and "Traceback" not in run.err
    assert json.loads((tree / "report.json").read_bytes().decode("utf-8", "surrogateescape"))


def test_non_utf8_file_name_on_a_utf8_terminal(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _non_utf8(tree)
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", stdout)
    from bedrock_lint.cli import main

    assert main(["--no-cache", "."]) == 1


# --- repeated and missing paths --------------------------------------------------------------


def test_same_spelling_twice_is_linted_once(tree: Path) -> None:
    run = run_cli(["--format", "json", "app.py", "./app.py", "app.py"])
    report = json.loads(run.out)
    assert report["files"] == 1 and len(report["findings"]) == 1


def test_a_path_given_twice_is_linted_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = Linter.lint_file_recorded
    monkeypatch.setattr(
        Linter, "lint_file_recorded", lambda self, job: calls.append(job.real) or original(self, job)
    )
    run = run_cli(["--format", "json", "app.py", str(tree / "app.py"), ".", "pkg", "pkg/svc.py"])
    assert json.loads(run.out)["files"] == 2
    assert len(calls) == 2


@pytest.mark.parametrize(
    "args", [["missing.py"], ["app.py", "missing/"], ["nope", "--format", "json"]]
)
def test_missing_path_is_a_usage_error(tree: Path, args: list[str]) -> None:
    run = run_cli(args)
    assert run.code == 2 and run.out == ""
    assert "path not found" in run.err and "Traceback" not in run.err


def test_broken_symlink_named_on_the_command_line(tree: Path) -> None:
    (tree / "dangling.py").symlink_to(tree / "nowhere.py")
    run = run_cli(["dangling.py", "app.py"])
    assert run.code in (1, 2) and "Traceback" not in run.err


def test_special_files_in_the_tree_are_skipped(tree: Path) -> None:
    os.mkfifo(tree / "pipe.py")  # opening it would block forever
    (tree / "dir.py").mkdir()
    (tree / "dir.py" / "inner.py").write_text(CALL)
    run = run_cli(["--format", "json", "."])
    assert run.code == 1
    assert paths(run) == ["app.py", "dir.py/inner.py", "pkg/svc.py"]


def test_neighbour_that_is_not_a_regular_file(tree: Path) -> None:
    (tree / "AGENTS.md").symlink_to("/dev/zero")
    (tree / "fallback.py").write_text(
        f'import os\nMODEL = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", "{MODEL}")\n'
        "client.converse(modelId=MODEL)\n"
    )
    script = textwrap.dedent("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from bedrock_lint.cli import main
        sys.exit(main(["--no-cache", "--format", "json", "fallback.py"]))
    """)
    out = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60
    )
    codes = [f["code"] for f in json.loads(out.stdout)["findings"]]
    assert out.returncode == 1 and codes == ["BRL105"], (codes, out.stderr[-500:])


def test_walker_alone_on_a_hostile_tree(tree: Path) -> None:
    (tree / "self").symlink_to(".", target_is_directory=True)
    (tree / "a b").mkdir()
    (tree / "a b" / "c\nd.tf").write_text(f'locals {{ m = "{MODEL}" }}\n')
    (tree / ".gitignore").write_text("*.log\n[\n!/\n/\n*.tf[\n!!\n")
    got = walked(tree)
    assert "app.py" in got
    linter = Linter(settings_for(tree))
    from bedrock_lint.engine import FileJob

    for rel in got:
        assert_sane(linter.lint_file(FileJob(rel, str(tree / rel))))


def test_gitignore_with_an_invalid_line(tree: Path) -> None:
    (tree / "pkg" / ".gitignore").write_text("*.log\n!\n\\\n")
    run = run_cli(["--format", "json", "."])
    assert run.code == 1 and paths(run) == ["app.py", "pkg/svc.py"]
