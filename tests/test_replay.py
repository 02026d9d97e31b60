"""Whole-run replay (``bedrock_lint.replay``): the output of the last run when nothing it was
read from changed, and no answer after any change that could change it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bedrock_lint import cache, cli, engine, quick, replay

CALL = ('import boto3\nclient = boto3.client("bedrock-runtime")\n'
        'client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])\n')
CLEAN = "import os\n\n\ndef handler(event):\n    return os.getcwd()\n"
UNTAGGED = ('resource "aws_bedrock_inference_profile" "chat" {\n  name = "chat"\n'
            '  model_source {\n    copy_from = var.model_arn\n  }\n}\n')
VARIABLES = 'variable "model_arn" {\n  type = string\n}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    write(root / "app" / "call.py", CALL)
    write(root / "app" / "clean.py", CLEAN)
    write(root / "infra" / "main.tf", UNTAGGED)
    write(root / "infra" / "variables.tf", VARIABLES)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(root)
    # files written by a test are milliseconds old: let the recorder vouch for them (the
    # guard itself is tested with its real value below)
    monkeypatch.setattr(quick, "RACY_SECONDS", -1.0)
    monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    return root


def write(path: Path, text: str) -> None:
    """Write, with mtimes unlike the ones before (the file's and, for a new file, its
    folder's): an edit is never hidden by a clock tick."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder_was = path.parent.stat().st_mtime_ns
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if old:
        os.utime(path, ns=(old - 10**9, old - 10**9))
    else:
        os.utime(path.parent, ns=(folder_was - 10**9, folder_was - 10**9))


def remove(path: Path) -> None:
    folder_was = path.parent.stat().st_mtime_ns
    path.unlink()
    os.utime(path.parent, ns=(folder_was - 10**9, folder_was - 10**9))


def full(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(list(args))
    return code, out.getvalue()


def replayed(*args: str) -> tuple[int | None, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = replay.run(list(args))
    return code, out.getvalue()


def runs(root: Path) -> list[Path]:
    return sorted((root / cache.DIRNAME).glob(f"{replay.PREFIX}*.txt"))


# -- the same output ------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    (),
    (".",),
    ("check", "."),
    ("--format", "json", "."),
    ("-f", "sarif", "app", "infra"),
    ("--format=github", "-j", "1", "."),
    ("-q", "--exit-zero", "."),
    ("--force-exclude", "app", "infra/main.tf"),
])
def test_a_rerun_prints_what_the_run_printed(project: Path, args: tuple[str, ...]) -> None:
    assert replayed(*args) == (None, "")  # nothing recorded yet
    expected = full(*args)
    assert expected[0] == (0 if "--exit-zero" in args else 1)
    assert "BRL101" in expected[1]
    assert replayed(*args) == expected
    assert full(*args, "--no-cache") == expected  # and it is what a run without any cache prints


def test_a_clean_tree_replays_its_all_clear(project: Path) -> None:
    remove(project / "app" / "call.py")
    remove(project / "infra" / "main.tf")
    expected = full(".")
    assert expected == (0, "All clear: no findings in 2 files.\n")
    assert replayed(".") == expected


def test_the_entry_point_replays_without_the_linter(project: Path) -> None:
    """A child process: the replay answers without importing the command line, the engine or
    any parser."""
    full("--format", "json", ".")
    code = ("import sys, runpy\n"
            "sys.argv = ['bedrock-lint', '--format', 'json', '.']\n"
            "from bedrock_lint import quick\n"
            "rc = quick.main()\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('libcst', 'hcl2', 'lark', 'cfnlint', 'yaml')"
            " or m in ('bedrock_lint.cli', 'bedrock_lint.engine', 'bedrock_lint.walk'))\n"
            "print(rc, heavy, file=sys.stderr)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert r.stderr.strip().splitlines()[-1] == "1 []"
    assert json.loads(r.stdout) == json.loads(full("--no-cache", "--format", "json", ".")[1])


# -- no answer after a change ---------------------------------------------------------------
def _edit_call(root: Path) -> None:
    write(root / "app" / "call.py", CALL.replace("claude-3-haiku-20240307-v1:0",
                                                 "claude-3-sonnet-20240229-v1:0"))


def _same_size_edit(root: Path) -> None:
    write(root / "app" / "call.py", CALL.replace("haiku", "HAIKU"))


def _new_file(root: Path) -> None:
    write(root / "app" / "more.py", CALL)


def _new_folder(root: Path) -> None:
    write(root / "svc" / "deep" / "more.py", CALL)


def _removed_file(root: Path) -> None:
    remove(root / "app" / "call.py")


def _renamed_file(root: Path) -> None:
    folder_was = (root / "app").stat().st_mtime_ns
    (root / "app" / "call.py").rename(root / "app" / "moved.py")
    os.utime(root / "app", ns=(folder_was - 10**9, folder_was - 10**9))


def _new_file_at_the_root(root: Path) -> None:
    write(root / "top.py", CALL)


def _gitignore(root: Path) -> None:
    write(root / ".gitignore", "app/call.py\n")


def _sibling_variables(root: Path) -> None:
    """A value the profile takes from its module's other file."""
    write(root / "infra" / "variables.tf",
          VARIABLES.replace("type = string", 'default = "anthropic.claude-3-haiku-20240307-v1:0"'))


def _module_call(root: Path) -> None:
    """A Terraform file elsewhere that calls the module: its profile is reported there."""
    write(root / "envs" / "prod" / "main.tf", 'module "chat" {\n  source = "../../infra"\n}\n')


def _agents_md(root: Path) -> None:
    write(root / "AGENTS.md", "# Agents\n")


def _config(root: Path) -> None:
    write(root / ".bedrock-lint.toml", 'ignore = ["BRL101"]\n')


def _pyproject(root: Path) -> None:
    write(root / "pyproject.toml", '[tool.bedrock-lint]\nignore = ["BRL101"]\n')


def _file_replaced_by_folder(root: Path) -> None:
    remove(root / "app" / "clean.py")
    write(root / "app" / "clean.py" / "inner.py", CALL)


@pytest.mark.parametrize("change", [
    _edit_call, _same_size_edit, _new_file, _new_folder, _removed_file, _renamed_file,
    _new_file_at_the_root, _gitignore, _sibling_variables, _module_call, _agents_md, _config,
    _pyproject, _file_replaced_by_folder,
], ids=lambda f: f.__name__.strip("_"))
def test_any_change_that_may_change_the_output_is_not_replayed(project: Path, change) -> None:
    before = full("--format", "json", ".")
    assert replayed("--format", "json", ".") == before
    change(project)
    assert replayed("--format", "json", ".") == (None, "")
    after = full("--format", "json", ".")
    assert after == full("--no-cache", "--format", "json", ".")
    assert replayed("--format", "json", ".") == after  # recorded anew


@pytest.mark.parametrize("change", [
    _new_file, _new_folder, _removed_file, _renamed_file, _file_replaced_by_folder,
], ids=lambda f: f.__name__.strip("_"))
def test_the_walk_is_checked_folder_by_folder(project: Path, change) -> None:
    """Without Terraform (whose module calls are read from every folder): only the stamps
    of the folders the walk listed tell that a file came or went."""
    import shutil

    shutil.rmtree(project / "infra")
    before = full(".")
    assert replayed(".") == before
    change(project)
    assert replayed(".") == (None, "")
    assert full(".") == full(".", "--no-cache") != before


def test_another_version_or_install_is_not_replayed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full(".")
    monkeypatch.setattr(replay, "__version__", "0.0.0+other")
    assert replayed(".") == (None, "")
    monkeypatch.undo()
    monkeypatch.setattr(replay, "_HERE", str(project / "other-install"))
    assert replayed(".") == (None, "")


def test_a_changed_module_of_the_package_is_not_replayed(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "pkg"
    write(pkg / "rules" / "thing.py", "X = 1\n")
    monkeypatch.setattr(replay, "_HERE", str(pkg))
    full(".")
    assert replayed(".")[0] == 1
    write(pkg / "rules" / "thing.py", "X = 2\n")
    assert replayed(".") == (None, "")


def test_another_folder_or_other_arguments_are_not_replayed(project: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    full(".")
    assert replayed("app") == (None, "")
    assert replayed("--format", "json", ".") == (None, "")
    monkeypatch.chdir(project / "app")
    assert replayed(".") == (None, "")


def test_a_path_that_now_resolves_elsewhere_is_not_replayed(project: Path) -> None:
    """The folder named was walked where it really is: pointed elsewhere, nothing of what
    was read has changed, but the run would read something else."""
    (project / "empty").mkdir()
    link = project.parent / "link"
    link.symlink_to(project / "empty")
    assert full(str(link)) == (0, "All clear: no findings in 0 files.\n")
    assert replayed(str(link))[0] == 0
    link.unlink()
    link.symlink_to(project / "app")
    assert replayed(str(link)) == (None, "")
    assert full(str(link))[0] == 1


# -- what is not recorded -------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("--no-cache", "."),
    ("--select", "BRL101", "."),
    ("--ignore", "BRL101", "."),
    ("--isolated", "."),
    ("--output", "report.txt", "."),
    ("--debug", "."),
    ("--cache-dir", "elsewhere", "."),
    ("app/call.py",),  # files only: pre-commit names other files on every commit
])
def test_runs_that_are_not_recorded(project: Path, args: tuple[str, ...]) -> None:
    full(*args)
    assert runs(project) == []
    assert replayed(*args) == (None, "")


def test_a_run_that_warned_is_not_recorded(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = project / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: every folder can be read")
        full(".")
        assert "cannot read" in capsys.readouterr().err
        assert runs(project) == []
    finally:
        locked.chmod(0o755)


def test_a_config_that_disables_the_cache_records_nothing(project: Path) -> None:
    write(project / ".bedrock-lint.toml", "cache = false\n")
    full(".")
    assert replayed(".") == (None, "")
    assert not (project / cache.DIRNAME).exists()


def test_files_changed_just_before_the_run_are_not_vouched_for(project: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 10**9)
    write(project / "app" / "call.py", CALL + "\n")  # now: within the clock's tick
    full(".")
    assert runs(project) == []
    assert replayed(".") == (None, "")


def test_deleting_the_cache_deletes_the_replay(project: Path) -> None:
    full(".")
    assert len(runs(project)) == 1
    import shutil

    shutil.rmtree(project / cache.DIRNAME)
    assert replayed(".") == (None, "")


def test_old_replays_are_pruned(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay, "MAX_RUNS", 2)
    for args in ((".",), ("app",), ("infra",), ("app", "infra")):
        full(*args)
    assert len(runs(project)) == 2
    assert replayed("app", "infra")[0] == 1
    assert replayed(".") == (None, "")


# -- each kind of input on its own ----------------------------------------------------------
def test_an_edited_gitignore_is_not_replayed(project: Path) -> None:
    write(project / "app" / ".gitignore", "nothing.py\n")
    before = full(".")
    assert replayed(".") == before
    write(project / "app" / ".gitignore", "call.py\n")  # in place: its folder is as it was
    assert replayed(".") == (None, "")
    assert full(".") == full(".", "--no-cache") != before


def test_an_edited_config_is_not_replayed(project: Path) -> None:
    write(project / ".bedrock-lint.toml", 'ignore = ["BRL102"]\n')
    before = full(".")
    assert replayed(".") == before
    write(project / ".bedrock-lint.toml", 'ignore = ["BRL101"]\n')
    assert replayed(".") == (None, "")
    assert full(".") == full(".", "--no-cache") != before


@pytest.mark.parametrize("lanes", [False, True], ids=["one process", "lanes"])
def test_module_calls_from_files_that_are_not_linted(
        project: Path, lanes: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """An excluded folder is not walked, but a module call in it still reports the module's
    profiles at the call: the files the calls were read from are checked too (what a lane
    read them from comes back from the lane: the recording does not walk for them again)."""
    from bedrock_lint import scanners

    args = ["-j", "2", "."] if lanes else ["."]
    if lanes:
        for i in range(2 * engine._PARALLEL_MIN_FILES):
            write(project / "app" / f"clean_{i}.py", CLEAN)
    write(project / ".bedrock-lint.toml", 'extend-exclude = ["vendor/"]\n')
    write(project / "vendor" / "stack" / "main.tf", 'locals {\n  x = 1\n}\n')
    here, walks = os.getpid(), []
    walk = scanners.local_module_calls

    def counted(*a, **kw):  # type: ignore[no-untyped-def]
        if os.getpid() == here:
            walks.append(a)
        return walk(*a, **kw)

    monkeypatch.setattr(scanners, "local_module_calls", counted)
    before = full(*args)
    assert len(walks) == (0 if lanes else 1)  # once, to lint (in the lanes, or here)
    assert replayed(*args) == before
    (run,) = runs(project)
    assert str(project / "vendor" / "stack" / "main.tf") in run.read_text(encoding="utf-8")
    write(project / "vendor" / "stack" / "main.tf", 'module "chat" {\n  source = "../../infra"\n}\n')
    assert replayed(*args) == (None, "")
    assert full(*args) == full(*args, "--no-cache") != before


def test_a_damaged_replay_is_not_trusted(project: Path) -> None:
    expected = full(".")
    (run,) = runs(project)
    text = run.read_text(encoding="utf-8")
    run.write_text(text[:-5], encoding="utf-8")  # cut short
    assert replayed(".") == (None, "")
    run.write_text(text.replace("\nX\t1\n", "\nX\t1\nZ\tan unknown line\n"), encoding="utf-8")
    assert replayed(".") == (None, "")
    run.write_text(text, encoding="utf-8")
    assert replayed(".") == expected


def test_names_with_a_separator_of_the_file_are_not_recorded(project: Path) -> None:
    write(project / "app" / "odd\tname.py", CLEAN)
    full(".")
    assert runs(project) == []
    assert replayed(".") == (None, "")


def test_a_stamp_is_written_as_it_is_read(project: Path) -> None:
    for path in (project / "app" / "call.py", project / "app", project / "absent.py"):
        assert replay._stamp(str(path)) == replay._format_stamp(cache.stamp(str(path)))


def test_a_run_with_a_result_that_may_not_repeat_is_not_recorded(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error (like a parse out of time) may not happen again: not replayed, as it
    is not cached."""
    from bedrock_lint.scanners import python

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(python, "scan", broken)
    code, out = full(".")
    assert "BRL002" in out
    assert runs(project) == []


# -- found in review ------------------------------------------------------------------------
def test_settings_changed_since_the_recording_are_seen_after_another_run(project: Path) -> None:
    """Every run rewrites the receipt's settings line: the replay keeps its own stamps."""
    write(project / ".bedrock-lint.toml", 'ignore = ["BRL101"]\n')
    before = full(".")
    write(project / ".bedrock-lint.toml", "ignore = []\n")
    full("app/call.py")  # a run that is not replayed, with the new settings
    assert replayed(".") == (None, "")
    assert full(".") == full(".", "--no-cache") != before


def test_a_folder_named_check_is_not_the_default_run(project: Path) -> None:
    write(project / "check" / "ok.py", CLEAN)
    named = full("check", "check")  # the command, then the folder
    assert replayed() == (None, "")
    assert replayed("check", "check") == named
    assert full() != named


def test_a_link_replaced_by_a_file_beside_the_cache(project: Path, tmp_path: Path) -> None:
    """The cache's folder is checked by its listing: a link and a file are told apart."""
    outside = tmp_path / "outside.py"
    write(outside, CALL)
    (project / "linked.py").symlink_to(outside)
    before = full(".")
    (project / "linked.py").unlink()
    (project / "linked.py").write_text(CALL, encoding="utf-8")
    assert replayed(".") == (None, "")
    assert full(".") == full(".", "--no-cache") != before


def test_a_file_added_to_a_called_module_that_is_not_walked(project: Path) -> None:
    write(project / "envs" / "prod" / "main.tf", 'module "m" {\n  source = "../../modules/m"\n}\n')
    write(project / "modules" / "m" / "variables.tf", VARIABLES)
    before = full("envs/prod")
    assert replayed("envs/prod") == before
    write(project / "modules" / "m" / "main.tf", UNTAGGED)
    assert replayed("envs/prod") == (None, "")
    assert full("envs/prod") == full("envs/prod", "--no-cache") != before


def test_a_sibling_added_beside_a_terraform_file_named_on_the_command_line(project: Path) -> None:
    remove(project / "infra" / "variables.tf")
    before = full("app", "infra/main.tf")
    write(project / "infra" / "variables.tf",
          VARIABLES.replace("type = string", 'default = "anthropic.claude-3-haiku-20240307-v1:0"'))
    assert replayed("app", "infra/main.tf") == (None, "")
    assert full("app", "infra/main.tf") == full("app", "infra/main.tf", "--no-cache") != before


def test_pruning_leaves_other_files_alone(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / cache.DIRNAME / "run-notes.txt", "mine\n")
    monkeypatch.setattr(replay, "MAX_RUNS", 1)
    full(".")
    assert len(runs(project)) == 2  # ours, and the user's
    assert (project / cache.DIRNAME / "run-notes.txt").read_text(encoding="utf-8") == "mine\n"
