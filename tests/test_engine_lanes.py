"""Parallel runs: each parser on few workers (lanes), the same findings as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bedrock_lint import scanners
from bedrock_lint.config import load_settings
from bedrock_lint.engine import Deferred, FileJob, Linter, lane_plan, lint_jobs
from bedrock_lint.walk import Walker

HERE = Path(__file__).parent
UNTAGGED_TF = ('resource "aws_bedrock_inference_profile" "chat" {\n  name = "chat"\n'
               '  model_source {\n    copy_from = "arn:aws:bedrock:eu-west-1::foundation-model/'
               'anthropic.claude-3-haiku-20240307-v1:0"\n  }\n}\n')
CALL_PY = ('import boto3\nclient = boto3.client("bedrock-runtime")\n'
           'client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])\n')


def _lint(root: Path, jobs_n: int) -> list:
    settings = load_settings(start=root, isolated=True)
    jobs = list(Walker(settings).jobs([str(root)]))
    return lint_jobs(jobs, settings, jobs_n=jobs_n)


@pytest.fixture(scope="module")
def mixed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format the linter parses, with and without findings: the project's fixtures,
    corpus and examples side by side."""
    root = tmp_path_factory.mktemp("mixed")
    (root / ".git").mkdir()
    for src in (HERE / "fixtures", HERE / "corpus", HERE.parent / "examples"):
        shutil.copytree(src, root / src.name)
    return root


def test_lanes_find_what_one_process_finds(mixed_tree: Path) -> None:
    serial = _lint(mixed_tree, 1)
    codes = {f.code for f in serial}
    assert {"BRL101", "BRL201"} <= codes  # Python and Terraform findings are both in play
    assert any(f.path.endswith((".yaml", ".yml", ".json")) for f in serial)
    for n in (2, 3, 4):
        assert _lint(mixed_tree, n) == serial, n


def test_one_format_only_is_taken_over_by_idle_lanes(tmp_path: Path) -> None:
    """All the parsing is Terraform: the Python lane has only pre-filtering to do, then takes
    Terraform files over; nothing is lost or linted twice."""
    (tmp_path / ".git").mkdir()
    for i in range(60):
        (tmp_path / f"m{i}").mkdir()
        (tmp_path / f"m{i}" / "main.tf").write_text(UNTAGGED_TF, encoding="utf-8")
    serial = _lint(tmp_path, 1)
    assert len({f.path for f in serial}) == 60
    assert _lint(tmp_path, 2) == serial


def test_a_linter_defers_formats_it_does_not_own(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text(UNTAGGED_TF, encoding="utf-8")
    (tmp_path / "app.py").write_text(CALL_PY, encoding="utf-8")
    (tmp_path / "other").mkdir()  # not beside main.tf: its module holds no candidate
    (tmp_path / "other" / "plain.tf").write_text('resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")
    settings = load_settings(start=tmp_path, isolated=True)
    linter = Linter(settings)
    linter.owned = frozenset({"python"})
    assert [f.code for f in linter.lint_file(FileJob("app.py", str(tmp_path / "app.py")))] == ["BRL101"]
    with pytest.raises(Deferred) as info:
        linter.lint_file(FileJob("main.tf", str(tmp_path / "main.tf")))
    assert info.value.fmt == "terraform"
    # a file the pre-filter settles is answered by any lane
    assert linter.lint_file(FileJob("plain.tf", str(tmp_path / "other" / "plain.tf"))) == []
    linter.owned = None
    assert linter.lint_file(FileJob("main.tf", str(tmp_path / "main.tf")))


@pytest.mark.parametrize("workers", [2, 3, 4, 8])
def test_lane_plan_covers_every_format(workers: int) -> None:
    plan = lane_plan(workers)
    assert len(plan) == workers
    assert set().union(*plan) == set(scanners.FORMATS)
    assert set(scanners.FORMATS) == {"python", "terraform", "cloudformation", "litellm", "config"}
    assert sum("python" in lane for lane in plan) == (workers + 1) // 2


def test_files_deferred_to_the_python_lane_come_back_with_their_findings(tmp_path: Path) -> None:
    """The other lane defers every Python file it meets: each comes back, linted once."""
    (tmp_path / ".git").mkdir()
    for i in range(30):
        (tmp_path / f"svc{i}.py").write_text(CALL_PY, encoding="utf-8")
    settings = load_settings(start=tmp_path, isolated=True)
    jobs = list(Walker(settings).jobs([str(tmp_path)]))
    cold = lint_jobs(jobs, settings, jobs_n=2, use_cache=True)
    warm = lint_jobs(jobs, settings, jobs_n=2, use_cache=True)
    assert len(cold) == 30 and warm == cold == lint_jobs(jobs, settings, jobs_n=1)


# -- the lane started early ---------------------------------------------------------------
def _children() -> list:
    from bedrock_lint import lanes

    return lanes.running()


@pytest.mark.parametrize("n", [2, 3])
def test_a_lane_started_early_finds_what_one_process_finds(mixed_tree: Path, n: int) -> None:
    from bedrock_lint import early

    settings = load_settings(start=mixed_tree, isolated=True)
    serial = _lint(mixed_tree, 1)
    pool = early.start(n)
    assert pool is not None
    jobs = list(Walker(settings).jobs([str(mixed_tree)]))
    assert lint_jobs(jobs, settings, jobs_n=n, early=pool) == serial
    assert _children() == []  # the lanes, the early one too, are gone


def test_an_early_lane_a_small_run_does_not_need_is_stopped(tmp_path: Path) -> None:
    from bedrock_lint import early

    (tmp_path / ".git").mkdir()
    (tmp_path / "call.py").write_text(CALL_PY, encoding="utf-8")
    settings = load_settings(start=tmp_path, isolated=True)
    pool = early.start(2)
    assert pool is not None and _children()
    found = lint_jobs(list(Walker(settings).jobs([str(tmp_path)])), settings, early=pool)
    assert [f.code for f in found] == ["BRL101"]
    assert _children() == []


@pytest.mark.parametrize(("args", "started"), [
    ([], True),
    (["."], True),
    (["check", "--format", "json", "."], True),
    (["--format=sarif", "-q", "--exit-zero", "src", "."], True),
    (["-j", "2", "."], True),
    (["--jobs=4", "."], True),
    (["-j", "1", "."], False),  # one process: no lanes
    (["call.py"], False),  # files only: a pre-commit run
    (["--select", "BRL101", "."], False),  # an option it does not know: left to the command
    (["-f"], False),
    (["-j", "x", "."], False),
])
def test_the_console_entry_starts_the_lane_for_folder_runs_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], started: bool) -> None:
    from bedrock_lint import early

    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "call.py").write_text(CALL_PY, encoding="utf-8")
    monkeypatch.setattr(early.os, "cpu_count", lambda: 2)
    early.start_for(args)
    try:
        assert bool(early._pending) is started
    finally:
        early.discard()
    assert early.claim() is None and _children() == []


def test_the_console_entry_lints_a_folder_with_its_early_lane(
        mixed_tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from bedrock_lint import cli, early, quick

    monkeypatch.setattr(early.os, "cpu_count", lambda: 2)
    claimed = []
    claim = early.claim
    monkeypatch.setattr(early, "claim", lambda: claimed.append(claim()) or claimed[-1])
    code = quick.main(["--no-cache", "--format", "json", str(mixed_tree)])
    with_lane = capsys.readouterr().out
    assert claimed and claimed[0] is not None  # the command used the lane the entry started
    assert cli.main(["--no-cache", "-j", "1", "--format", "json", str(mixed_tree)]) == code == 1
    assert capsys.readouterr().out == with_lane
    assert _children() == []


def test_a_run_done_before_the_early_lane_is_warm_does_not_wait_for_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files go to the early lane only once it is warm: a run that ends first closes it
    without waiting, and the files it would have taken were taken over."""
    import time

    from bedrock_lint import early, engine

    (tmp_path / ".git").mkdir()
    for i in range(40):
        (tmp_path / f"m{i}").mkdir()
        (tmp_path / f"m{i}" / "main.tf").write_text(UNTAGGED_TF, encoding="utf-8")
        (tmp_path / f"m{i}" / "call.py").write_text(CALL_PY, encoding="utf-8")
    serial = _lint(tmp_path, 1)
    monkeypatch.setattr(engine, "warm_lane", lambda: time.sleep(60))  # the forked lane's too
    settings = load_settings(start=tmp_path, isolated=True)
    lane = early.start(2)
    assert lane is not None
    began = time.monotonic()
    assert lint_jobs(list(Walker(settings).jobs([str(tmp_path)])), settings, jobs_n=2, early=lane) == serial
    assert time.monotonic() - began < 30  # not the minute the lane would have taken
    assert lane.warm.exception() is not None  # it was stopped while warming
    assert _children() == []


def test_a_run_that_cannot_fork_lints_in_one_process(
        mixed_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    serial = _lint(mixed_tree, 1)

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _lint(mixed_tree, 2) == serial
    assert _children() == []


def test_an_error_while_the_lanes_work_stops_them_without_waiting(
        mixed_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bedrock_lint import cache

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(cache.Cache, "put", broken)
    settings = load_settings(start=mixed_tree, isolated=True)
    jobs = list(Walker(settings).jobs([str(mixed_tree)]))
    with pytest.raises(RuntimeError, match="disk full"):
        lint_jobs(jobs, settings, jobs_n=2, use_cache=True, cache_dir=mixed_tree / ".c")
    assert _children() == []


TERRAFORM_ONLY = 30


@pytest.fixture
def tf_tree(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    for i in range(TERRAFORM_ONLY):
        (tmp_path / f"m{i}").mkdir()
        (tmp_path / f"m{i}" / "main.tf").write_text(UNTAGGED_TF, encoding="utf-8")
    return tmp_path


def _console(args: list[str], **env: str) -> tuple[int, str]:
    """``bedrock-lint ARGS`` as the console script runs it (the early lane included)."""
    import os
    import subprocess
    import sys

    full_env = {**os.environ, **env}
    r = subprocess.run([sys.executable, "-c", "import sys\nfrom bedrock_lint.quick import main\n"
                        "sys.exit(main())", *args], capture_output=True, text=True, env=full_env)
    return r.returncode, r.stderr


def test_the_early_lane_logs_as_the_command_does(tf_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Debug records of the lane started before logging was set up are written like the
    command's own, and a broken plugin is reported once."""
    import os

    fake = tmp_path_factory.mktemp("broken-hcl2")
    (fake / "hcl2").mkdir()
    (fake / "hcl2" / "__init__.py").write_text("raise ImportError('hcl2 is broken here')\n")
    plug = fake / "brokenplug-0.1.dist-info"
    plug.mkdir()
    (plug / "METADATA").write_text("Metadata-Version: 2.1\nName: brokenplug\nVersion: 0.1\n")
    (plug / "entry_points.txt").write_text("[bedrock_lint.rules]\nbroken = no_such_module_xyz:RULES\n")
    path = os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])
    runs = {}
    for jobs in ("1", "2"):
        code, err = _console(["--no-cache", "--debug", "-j", jobs, "-q", str(tf_tree)], PYTHONPATH=path)
        runs[jobs] = (code, err.count("bedrock-lint: DEBUG: internal error"),
                      err.count("cannot load rule plugin broken"),
                      err.count("bedrock-lint: WARNING: cannot load rule plugin broken"))
    assert runs["1"][1] == TERRAFORM_ONLY
    assert runs["2"] == runs["1"] == (1, TERRAFORM_ONLY, 1, 1)
