"""Automatic fixes (bedrock_lint.fix): exact outputs per fix kind, idempotency, parseability,
--diff, --fix without --unsafe-fixes, atomic writes, permissions, and files left untouched.

Fixture cases live in ``tests/fixtures/fix/<case>/``: ``before/`` is the project as written,
``after/`` holds every file the fix changes (files absent there must stay byte-identical) and
``notes.txt`` the exact summary. ``BEDROCK_LINT_UPDATE_SNAPSHOTS=1 pytest tests/test_fix.py``
rewrites ``after/`` and ``notes.txt``; review the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bedrock_lint import fix
from bedrock_lint.config import Settings, load_settings
from bedrock_lint.engine import lint_jobs
from bedrock_lint.findings import Finding, Severity
from bedrock_lint.fix import FixReport, fix_paths, profile_vars, slug_var
from bedrock_lint.modelids import classify
from bedrock_lint.walk import Walker

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "before").is_dir())
UPDATE = os.environ.get("BEDROCK_LINT_UPDATE_SNAPSHOTS") == "1"
FIXABLE = ("BRL101", "BRL102", "BRL201")


# --- helpers -------------------------------------------------------------------------------------


def _settings(root: Path) -> Settings:
    return load_settings(start=root, isolated=True)


def lint(root: Path) -> list[Finding]:
    """Findings for every file under ``root``, paths relative to it (the working directory)."""
    settings = _settings(root)
    jobs = list(Walker(settings).jobs(["."]))
    return lint_jobs(jobs, settings, jobs_n=1, use_cache=False)


def run_fix(root: Path, *, unsafe: bool = True, diff_only: bool = False,
            findings: list[Finding] | None = None) -> tuple[FixReport, str, str]:
    found = lint(root) if findings is None else findings
    out, notes = io.StringIO(), io.StringIO()
    report = fix_paths(found, _settings(root), unsafe=unsafe, diff_only=diff_only, out=out,
                       notes=notes)
    return report, out.getvalue(), notes.getvalue()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def project(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / case
    shutil.copytree(FIXTURES / case / "before", root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def write_tree(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir(exist_ok=True)
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def parses(path: Path) -> bool:
    """The file parses in its own format (Python, HCL, YAML)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        compile(text, str(path), "exec")
    elif path.suffix == ".tf":
        from bedrock_lint.scanners.terraform import _parse_text, _ParseFailure

        assert not isinstance(_parse_text(text), _ParseFailure)
    elif path.suffix in (".yaml", ".yml"):
        list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    return True


# --- exact outputs per fix kind -------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_fix_produces_the_expected_files(case: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, case, monkeypatch)
    before = snapshot(root)
    report, out, notes = run_fix(root)
    after = snapshot(root)
    expected_dir = FIXTURES / case / "after"
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel in changed:
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_bytes(after[rel])
        (FIXTURES / case / "notes.txt").write_text(notes, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_bytes()
                for p in sorted(expected_dir.rglob("*")) if p.is_file()}
    assert changed == set(expected), "files changed differ from after/"
    for rel, data in expected.items():
        assert after[rel].decode() == data.decode(), rel
    assert sorted(report.changed) == sorted(changed)
    assert notes == (FIXTURES / case / "notes.txt").read_text(encoding="utf-8")
    assert out == ""  # only diffs go to ``out``
    assert report.wrote and report.fixed == report.available


@pytest.mark.parametrize("case", CASES)
def test_second_run_is_a_no_op(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, case, monkeypatch)
    run_fix(root)
    once = snapshot(root)
    report, _, notes = run_fix(root)
    assert snapshot(root) == once
    assert report.changed == [] and report.fixed == 0 and report.available == 0
    assert notes.splitlines()[-1].startswith("fixed 0 findings in 0 files")


@pytest.mark.parametrize("case", CASES)
def test_fixed_findings_are_gone_and_files_parse(case: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, case, monkeypatch)
    report, _, _ = run_fix(root)
    left = {(f.path, f.line, f.col, f.code) for f in lint(root) if f.code in FIXABLE}
    not_fixed = {(u.path, u.line, u.col, u.code) for u in report.untouched}
    # what remains is exactly what the report said it left (positions shift below inserted
    # lines, so compare counts per file and code)
    def count(items: set[tuple[str, int, int, str]]) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for path, _, _, code in items:
            out[(path, code)] = out.get((path, code), 0) + 1
        return out

    assert count(left) == count(not_fixed)
    for rel in report.changed:
        assert parses(root / rel)


# --- modes -------------------------------------------------------------------------------------


def test_fix_without_unsafe_applies_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    before = snapshot(root)
    report, out, notes = run_fix(root, unsafe=False)
    assert snapshot(root) == before
    assert notes == "2 fixes available with --unsafe-fixes\n"
    assert out == "" and report.changed == [] and report.available == 2 and not report.wrote


def test_one_fix_available_is_singular(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"a.py": 'client.converse(modelId="anthropic.claude-sonnet-4-6")\n'})
    _, _, notes = run_fix(tmp_path, unsafe=False)
    assert notes == "1 fix available with --unsafe-fixes\n"


def test_diff_without_unsafe_shows_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    _, out, notes = run_fix(root, unsafe=False, diff_only=True)
    assert out == "" and notes == "2 fixes available with --unsafe-fixes\n"


@pytest.mark.parametrize("case", CASES)
def test_diff_writes_nothing_and_applies_cleanly(case: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, case, monkeypatch)
    before = snapshot(root)
    stamps = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    report, out, notes = run_fix(root, diff_only=True)
    assert snapshot(root) == before
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == stamps
    assert not report.wrote
    for rel in report.changed:
        assert f"--- a/{rel}\n+++ b/{rel}\n" in out
    assert notes.splitlines()[-1].startswith("would fix ")
    # the diff is a real patch: applied with patch(1) it gives the expected files
    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "-s", "--no-backup-if-mismatch"], input=out.encode(),
                       cwd=root, check=True)
        expected_dir = FIXTURES / case / "after"
        for p in expected_dir.rglob("*"):
            if p.is_file():
                assert (root / p.relative_to(expected_dir)).read_bytes() == p.read_bytes()


# --- writing -----------------------------------------------------------------------------------


def test_permissions_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    chat, config = root / "app/chat.py", root / "app/config.py"
    chat.chmod(0o750)
    config.chmod(0o604)
    report, _, _ = run_fix(root)
    assert report.changed == ["app/chat.py", "app/config.py"]
    assert stat.S_IMODE(chat.stat().st_mode) == 0o750
    assert stat.S_IMODE(config.stat().st_mode) == 0o604


def test_only_changed_files_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "litellm", monkeypatch)
    written: list[str] = []
    real = fix.write_atomic
    monkeypatch.setattr(fix, "write_atomic", lambda p, d: (written.append(p), real(p, d))[1])
    report, _, _ = run_fix(root)
    assert sorted(Path(p).relative_to(root).as_posix() for p in written) == report.changed


def _no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.endswith(".bedrock-lint-fix")]


def test_failure_while_writing_leaves_the_original(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    before = snapshot(root)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fix.os, "fsync", broken_fsync)
    report, _, notes = run_fix(root)
    assert snapshot(root) == before
    assert _no_temp_files(root)
    assert report.changed == [] and report.fixed == 0
    assert "app/chat.py:17:17: BRL101 not fixed: cannot write file: No space left on device" in notes


def test_failure_at_rename_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "terraform", monkeypatch)
    before = snapshot(root)

    def broken_replace(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fix.os, "replace", broken_replace)
    report, _, notes = run_fix(root)
    assert snapshot(root) == before and _no_temp_files(root)
    assert "cannot write file: Permission denied" in notes and report.changed == []


def test_write_atomic_on_interrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.py"
    target.write_text("x = 1\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fix.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fix.write_atomic(str(target), b"x = 2\n")
    assert target.read_text() == "x = 1\n" and _no_temp_files(tmp_path)


def test_file_changed_after_linting_is_not_overwritten(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    findings = lint(root)
    real = fix._write

    def edit_then_write(plan: fix._Plan) -> str | None:
        Path(plan.real).write_text(Path(plan.real).read_text() + "# edited\n")
        return real(plan)

    monkeypatch.setattr(fix, "_write", edit_then_write)
    report, _, notes = run_fix(root, findings=findings)
    assert report.changed == []
    assert "file changed while fixing; lint it again" in notes


def test_file_over_the_size_limit_is_not_fixed(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    findings = lint(root)
    before = snapshot(root)
    monkeypatch.setattr(fix, "MAX_BYTES", 16)  # every file of the project is now too large
    report, _, notes = run_fix(root, findings=findings)
    assert report.changed == [] and snapshot(root) == before
    assert "file is too large to fix" in notes


def test_symlinked_file_is_written_through_the_link(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"real/chat.py": 'c.converse(modelId="anthropic.claude-sonnet-4-6")\n'})
    (tmp_path / "chat.py").symlink_to(tmp_path / "real/chat.py")
    findings = [f for f in lint(tmp_path) if f.path == "real/chat.py"]
    findings = [Finding("chat.py", f.line, f.col, f.code, f.message, f.severity, f.name,
                        f.end_line, f.end_col) for f in findings]
    report, _, _ = run_fix(tmp_path, findings=findings)
    assert report.changed == ["chat.py"] and (tmp_path / "chat.py").is_symlink()
    assert "os.environ" in (tmp_path / "real/chat.py").read_text()


def test_bom_and_crlf_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    src = '"""Doc."""\r\nimport boto3\r\n\r\nc = boto3.client("bedrock-runtime")\r\n' \
          'c.converse(modelId="anthropic.claude-sonnet-4-6")\r\n'
    (tmp_path / "a.py").write_bytes(b"\xef\xbb\xbf" + src.encode())
    run_fix(tmp_path)
    data = (tmp_path / "a.py").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode() == ('"""Doc."""\r\nimport os\r\n\r\nimport boto3\r\n\r\n'
                                 'c = boto3.client("bedrock-runtime")\r\n'
                                 'c.converse(modelId=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"])\r\n')


# --- a fix that would not parse is not applied ---------------------------------------------------


def test_python_fix_that_would_not_parse_is_left_untouched(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import libcst as cst

    root = project(tmp_path, "python-service", monkeypatch)
    before = snapshot(root)
    # the fixed module renders to text that is not Python
    monkeypatch.setattr(cst.Module, "code", property(lambda self: "def broken(:\n"))
    report, _, notes = run_fix(root)
    assert snapshot(root) == before and report.changed == []
    assert "app/chat.py: not fixed: the fixed file would not parse (SyntaxError); left as it was" in notes


def test_terraform_fix_that_would_not_parse_is_left_untouched(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "terraform", monkeypatch)
    before = snapshot(root)
    monkeypatch.setattr(fix, "PLACEHOLDER", 'TODO" "')
    report, _, notes = run_fix(root)
    assert snapshot(root) == before and report.changed == []
    assert "infra/main.tf: not fixed: the fixed file would not parse (invalid HCL" in notes


def test_yaml_fix_that_would_not_parse_is_left_untouched(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "litellm", monkeypatch)
    before = snapshot(root)
    monkeypatch.setattr(fix, "profile_vars", lambda mids, single: {})
    monkeypatch.setattr(fix, "slug_var", lambda mid, full=False: "X: [")
    report, _, notes = run_fix(root)
    assert snapshot(root) == before and report.changed == []
    assert "litellm/config.yaml: not fixed: the fixed file would not parse or verify" in notes
    assert "k8s/litellm.yaml: not fixed: the fixed file would not parse or verify" in notes


def test_stale_finding_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "python-service", monkeypatch)
    findings = lint(root)
    chat = root / "app/chat.py"
    chat.write_text("\n" + chat.read_text())  # every position moves one line down
    report, _, notes = run_fix(root, findings=findings)
    assert "app/chat.py:17:17: BRL101 not fixed: the finding no longer matches the file; lint it again" in notes
    assert "app/chat.py" not in report.changed


def test_unreadable_and_non_utf8_files_are_reported(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "latin.py").write_bytes(b'# caf\xe9\nc.converse(modelId="anthropic.claude-sonnet-4-6")\n')
    latin = Finding("latin.py", 2, 20, "BRL101", "m", Severity.ERROR, "hardcoded-model-id")
    gone = Finding("gone.py", 1, 1, "BRL101", "m", Severity.ERROR, "hardcoded-model-id")
    report, _, notes = run_fix(tmp_path, findings=[latin, gone])
    assert "latin.py: not fixed: file is not UTF-8 text" in notes
    assert "gone.py: not fixed: cannot read file: No such file or directory" in notes
    assert report.changed == []


def test_findings_without_a_fixer_are_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"template.yaml": (
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        "      Environment:\n        Variables:\n          MODEL_ID: anthropic.claude-sonnet-4-6\n")})
    report, _, notes = run_fix(tmp_path)
    assert notes.splitlines()[0] == ("template.yaml:7:21: BRL101 not fixed: no automatic fix for "
                                     "BRL101 in CloudFormation templates")
    assert report.changed == []


# --- Python details ------------------------------------------------------------------------------


def fix_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str,
             name: str = "app/mod.py") -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {name: code})
    _, _, notes = run_fix(tmp_path)
    return (tmp_path / name).read_text(), notes


CALL = 'client.converse(modelId="anthropic.claude-sonnet-4-6")\n'
FIXED_CALL = 'client.converse(modelId=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"])\n'


@pytest.mark.parametrize(("head", "expected_head"), [
    ("", "import os\n\n"),
    ('"""Doc."""\n\n', '"""Doc."""\n\nimport os\n\n'),
    ('"""Doc."""\n\nfrom __future__ import annotations\n\n',
     '"""Doc."""\n\nfrom __future__ import annotations\n\nimport os\n\n'),
    ("import json\nimport sys\n\nimport boto3\n\n", "import json\nimport os\nimport sys\n\nimport boto3\n\n"),
    ("import abc\nimport json\n\n", "import abc\nimport json\nimport os\n\n"),
    ("from typing import Any\n\nimport boto3\n\n", "import os\nfrom typing import Any\n\nimport boto3\n\n"),
    ("# third party\nimport boto3\n\n", "# third party\nimport os\n\nimport boto3\n\n"),
    ("import os.path\n\n", "import os.path\n\n"),
    ("import os\n\n", "import os\n\n"),
])  # fmt: skip
def test_import_os_goes_with_the_standard_library(head: str, expected_head: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = fix_text(tmp_path, monkeypatch, head + CALL)
    assert out == expected_head + FIXED_CALL


def test_os_bound_to_something_else_is_not_fixed(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code = "import mylib as os\n\n" + CALL
    out, notes = fix_text(tmp_path, monkeypatch, code)
    assert out == code
    assert "no safe fix: the name os is bound to something else in this module" in notes


def test_single_quotes_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = fix_text(tmp_path, monkeypatch, "import os\n\nMODEL_ID = 'anthropic.claude-sonnet-4-6'\n"
                      "client.converse(modelId=MODEL_ID)\n")
    assert "MODEL_ID = os.environ['BEDROCK_INFERENCE_PROFILE_ARN']\n" in out


def test_policy_profile_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"app/mod.py": "import os\n\n" + CALL})
    settings = load_settings(start=tmp_path, isolated=True, overrides={
        "policy": {"models": {"profile-env-vars": ["CHAT_PROFILE_ARN"]}}})
    findings = lint_jobs(list(Walker(settings).jobs(["."])), settings, jobs_n=1, use_cache=False)
    fix_paths(findings, settings, unsafe=True, diff_only=False, out=io.StringIO())
    assert 'modelId=os.environ["CHAT_PROFILE_ARN"]' in (tmp_path / "app/mod.py").read_text()


def test_existing_profile_variable_means_per_model_names(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code = ('import os\n\nclient.converse(modelId=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"])\n'
            'client.converse(modelId="amazon.nova-pro-v1:0")\n')
    out, _ = fix_text(tmp_path, monkeypatch, code)
    assert 'modelId=os.environ["BEDROCK_PROFILE_ARN_NOVA_PRO_V1"])' in out


def test_exempt_and_test_code_findings_are_not_touched(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    code = ('client.count_tokens(modelId="anthropic.claude-sonnet-4-6", input={})\n'
            'client.converse(modelId="amazon.titan-embed-text-v2:0")\n')
    out, notes = fix_text(tmp_path, monkeypatch, code)
    assert out == code and "fixed 0 findings" in notes


def test_sandbox_fallback_is_not_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = ('import os\n\nMODEL = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", '
            '"anthropic.claude-3-haiku-20240307-v1:0")\nclient.converse(modelId=MODEL)\n')
    out, _ = fix_text(tmp_path, monkeypatch, code)
    assert out == code  # BRL105 is reported by the linter, never rewritten


# --- profile variable names ---------------------------------------------------------------------


@pytest.mark.parametrize(("model", "var"), [
    ("anthropic.claude-sonnet-4-6", "BEDROCK_PROFILE_ARN_CLAUDE_SONNET_4_6"),
    ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "BEDROCK_PROFILE_ARN_CLAUDE_SONNET_4_5"),
    ("bedrock/converse/anthropic.claude-3-5-sonnet-20240620-v1:0", "BEDROCK_PROFILE_ARN_CLAUDE_3_5_SONNET"),
    ("meta.llama3-1-70b-instruct-v1:0", "BEDROCK_PROFILE_ARN_LLAMA3_1_70B_INSTRUCT"),
    ("amazon.nova-pro-v1:0", "BEDROCK_PROFILE_ARN_NOVA_PRO_V1"),
    ("deepseek.v3.2", "BEDROCK_PROFILE_ARN_V3_2"),
    ("arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-opus-4-7",
     "BEDROCK_PROFILE_ARN_CLAUDE_OPUS_4_7"),
])  # fmt: skip
def test_slug_var(model: str, var: str) -> None:
    mid = classify(model)
    assert mid is not None and slug_var(mid) == var


def test_profile_vars_single_shared_and_colliding_models() -> None:
    def mids(*values: str) -> list:  # type: ignore[type-arg]
        return [classify(v) for v in values]

    assert profile_vars(mids("anthropic.claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6"),
                        single="BEDROCK_INFERENCE_PROFILE_ARN") == {
        "anthropic.claude-sonnet-4-6": "BEDROCK_INFERENCE_PROFILE_ARN"}
    assert profile_vars(mids("anthropic.claude-3-5-sonnet-20240620-v1:0",
                             "anthropic.claude-3-5-sonnet-20241022-v2:0", "amazon.nova-pro-v1:0"),
                        single="X") == {
        "anthropic.claude-3-5-sonnet-20240620-v1:0": "BEDROCK_PROFILE_ARN_CLAUDE_3_5_SONNET_20240620_V1",
        "anthropic.claude-3-5-sonnet-20241022-v2:0": "BEDROCK_PROFILE_ARN_CLAUDE_3_5_SONNET_20241022_V2",
        "amazon.nova-pro-v1:0": "BEDROCK_PROFILE_ARN_NOVA_PRO_V1",
    }


# --- Terraform details ---------------------------------------------------------------------------

PROVIDER = 'provider "aws" {\n  region = "eu-central-1"\n}\n'
TIER1 = ["product", "billing-mode", "env", "team", "owner", "source", "managed-by"]


def _profile(tags: str, name: str = "chat") -> str:
    return (f'resource "aws_bedrock_inference_profile" "{name}" {{\n'
            f'  name = "support-claude-sonnet-4-6"\n'
            "  model_source {\n"
            '    copy_from = "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/'
            'eu.anthropic.claude-sonnet-4-6"\n'
            "  }\n"
            f"{tags}"
            "}\n")


def test_terraform_module_profiles_are_fixed_in_the_module(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {
        "infra/providers.tf": PROVIDER,
        "infra/main.tf": '# the Bedrock chat profile\nmodule "chat" {\n  source = "../modules/profile"\n}\n',
        "modules/profile/main.tf": _profile('  tags = { product = "support" }\n'),
    })
    findings = [f for f in lint(tmp_path) if f.path == "infra/main.tf"]
    assert [f.code for f in findings] == ["BRL201"]
    report, _, notes = run_fix(tmp_path, findings=findings)
    assert report.changed == []
    assert "no safe fix: the profile is declared in a module; fix it in the module's own files" in notes


def test_terraform_null_tag_is_not_duplicated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    tags = "  tags = {\n" + "".join(f'    "{k}" = "x"\n' for k in TIER1 if k != "owner") + \
        "    owner = null\n  }\n"
    write_tree(tmp_path, {"infra/providers.tf": PROVIDER, "infra/main.tf": _profile(tags)})
    report, _, notes = run_fix(tmp_path)
    assert report.changed == [] and "no safe fix: tag 'owner' is written with a null value" in notes


# --- properties ----------------------------------------------------------------------------------

MODELS = ["anthropic.claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6",
          "anthropic.claude-3-5-haiku-20241022-v1:0", "us.amazon.nova-pro-v1:0",
          "meta.llama3-1-70b-instruct-v1:0",
          ("arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-opus-4-7")]


@st.composite
def python_modules(draw: st.DrawFn) -> str:
    """A module mixing the shapes the fixer rewrites or refuses, in varied layouts."""
    q = draw(st.sampled_from(['"', "'"]))
    lines: list[str] = []
    head = draw(st.sampled_from(["", '"""Service."""\n\n', "import os\n\n", "import json\n\nimport boto3\n\n",
                                 "from __future__ import annotations\n\nimport litellm\n\n"]))
    for i in range(draw(st.integers(1, 5))):
        m = draw(st.sampled_from(MODELS))
        lit = f"{q}{m}{q}"
        route = f"{q}bedrock/{m}{q}" if not m.startswith("arn:") else lit
        comment = draw(st.sampled_from(["", "  # chosen by product"]))
        shape = draw(st.sampled_from(["converse", "converse-ml", "constant", "annotated", "request",
                                      "litellm", "litellm-ml", "litellm-pos", "langchain", "llama",
                                      "table", "fstring", "default", "env-default"]))
        if shape == "converse":
            lines.append(f"r{i} = client.converse(modelId={lit}, messages=[]){comment}")
        elif shape == "converse-ml":
            trailing = draw(st.sampled_from([",", ""]))
            lines.append(f"r{i} = client.converse(\n    messages=[],\n    modelId={lit}{trailing}{comment}\n)")
        elif shape == "constant":
            lines.append(f"MODEL_{i} = {lit}{comment}\nclient.converse(modelId=MODEL_{i})")
        elif shape == "annotated":
            lines.append(f"class S{i}:\n    model_id: str = {lit}{comment}")
        elif shape == "request":
            lines.append(f"body{i} = {{{q}modelId{q}: {lit}, {q}messages{q}: []}}\nclient.converse(**body{i})")
        elif shape == "litellm":
            lines.append(f"c{i} = litellm.completion(model={route}, messages=m){comment}")
        elif shape == "litellm-ml":
            lines.append(f"c{i} = litellm.completion(\n    messages=m,\n    model={route},{comment}\n)")
        elif shape == "litellm-pos":
            lines.append(f"c{i} = litellm.completion({route}, m)")
        elif shape == "langchain":
            kw = draw(st.sampled_from(["model_id", "model"]))
            lines.append(f"llm{i} = ChatBedrockConverse({kw}={lit}, temperature=0){comment}")
        elif shape == "llama":
            lines.append(f"rag{i} = BedrockConverse(model={lit}){comment}")
        elif shape == "table":
            lines.append(f"MODELS_{i} = {{{q}fast{q}: {lit}}}\nclient.converse(modelId=MODELS_{i}[k])")
        elif shape == "fstring":
            lines.append(f"r{i} = client.converse(modelId=f{q}{{geo}}.{m}{q})")
        elif shape == "default":
            lines.append(f"def ask{i}(model_id={lit}):\n    return client.converse(modelId=model_id)")
        else:
            lines.append(f"CHAT_{i} = os.environ.get({q}CHAT_MODEL_{i}{q}, {lit})\n"
                         f"client.converse(modelId=CHAT_{i})")
    return head + "\n\n".join(lines) + "\n"


_PROPS = hsettings(max_examples=25, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@contextlib.contextmanager
def _project(base: Path, files: dict[str, str]) -> Iterator[Path]:
    """A fresh project under ``base`` as the working directory (hypothesis runs many)."""
    root = Path(tempfile.mkdtemp(dir=base))
    write_tree(root, files)
    old = os.getcwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(old)
        shutil.rmtree(root, ignore_errors=True)


def _check_fix_properties(root: Path, rel: str) -> None:
    """Fixing keeps the file parseable, removes what it fixed, and a second run is a no-op."""
    original = (root / rel).read_text()
    first, _, _ = run_fix(root)
    fixed_text = (root / rel).read_text()
    assert parses(root / rel)
    if first.fixed:
        assert first.changed == [rel] and fixed_text != original
    else:
        assert fixed_text == original
    left = [f for f in lint(root) if f.code in FIXABLE]
    assert len(left) == len(first.untouched)
    second, _, _ = run_fix(root)
    assert second.changed == [] and (root / rel).read_text() == fixed_text


@_PROPS
@given(code=python_modules())
def test_property_python_fixes_are_idempotent_and_parse(code: str, tmp_path: Path) -> None:
    with _project(tmp_path, {"app/mod.py": code}) as root:
        _check_fix_properties(root, "app/mod.py")


@st.composite
def terraform_profiles(draw: st.DrawFn) -> str:
    present = draw(st.lists(st.sampled_from(TIER1), unique=True, max_size=6))
    style = draw(st.sampled_from(["aligned", "single-space", "quoted", "one-line", "empty", "absent"]))
    values = {k: draw(st.sampled_from(["support", "internal", "ana@example.com", "x y"]))
              for k in present}
    if "billing-mode" in values:
        values["billing-mode"] = draw(st.sampled_from(["internal", "rd"]))
    if style == "absent" or (not values and style != "empty"):
        tags = ""
    elif style == "empty":
        tags = "  tags = {}\n"
    elif style == "one-line":
        tags = "  tags = { " + ", ".join(f'"{k}" = "{v}"' for k, v in values.items()) + " }\n"
    else:
        keys = {k: (f'"{k}"' if style == "quoted" or not k.isidentifier() else k) for k in values}
        width = max(len(k) for k in keys.values())
        pad = (lambda k: k.ljust(width)) if style != "single-space" else (lambda k: k)
        comment = draw(st.sampled_from(["", "    # ADR-0006\n"]))
        tags = "  tags = {\n" + comment + "".join(
            f'    {pad(keys[k])} = "{v}"\n' for k, v in values.items()) + "  }\n"
    lifecycle = draw(st.sampled_from(["", "\n  lifecycle {\n    create_before_destroy = true\n  }\n"]))
    return _profile(tags + lifecycle)


@_PROPS
@given(main=terraform_profiles())
def test_property_terraform_fixes_keep_user_values(main: str, tmp_path: Path) -> None:
    with _project(tmp_path, {"infra/providers.tf": PROVIDER, "infra/main.tf": main}) as root:
        _check_fix_properties(root, "infra/main.tf")
        text = (root / "infra/main.tf").read_text()
        # every key and value the user wrote is still there, as written (only padding may grow)
        for key, value in re.findall(r'("?[\w-]+"?)\s*=\s*("[^"]*"|true|\{\})', main):
            assert re.search(rf"{re.escape(key)}\s*=\s*{re.escape(value)}", text) or value == "{}"


@st.composite
def litellm_configs(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from([2, 4]))
    pad = " " * indent
    out = ["# LiteLLM proxy", "model_list:"]
    for i in range(draw(st.integers(1, 4))):
        m = draw(st.sampled_from([x for x in MODELS if not x.startswith("arn:")]))
        value = draw(st.sampled_from([f"bedrock/{m}", f'"bedrock/{m}"', f"bedrock/converse/{m}",
                                      f"'bedrock/{m}'"]))
        comment = draw(st.sampled_from(["", "  # base model"]))
        extra = draw(st.sampled_from(["", "model_id: os.environ/CHAT_PROFILE_ARN",
                                      f"model_id: {draw(st.sampled_from(MODELS[:4]))}"]))
        out.append(f"{pad}- model_name: m{i}")
        out.append(f"{pad}  litellm_params:")
        out.append(f"{pad}{pad}  model: {value}{comment}")
        if extra:
            out.append(f"{pad}{pad}  {extra}")
        out.append(f"{pad}{pad}  aws_region_name: eu-central-1")
    out += ["litellm_settings:", f"{pad}drop_params: true"]
    return "\n".join(out) + draw(st.sampled_from(["\n", ""]))


@_PROPS
@given(config=litellm_configs())
def test_property_litellm_fixes_are_idempotent_and_parse(config: str, tmp_path: Path) -> None:
    with _project(tmp_path, {"litellm/config.yaml": config}) as root:
        _check_fix_properties(root, "litellm/config.yaml")


@_PROPS
@given(data=st.data())
def test_property_any_subset_of_fixture_findings(data: st.DataObject, tmp_path: Path) -> None:
    """Fixing any subset of a fixture's findings keeps every file parseable, and fixing the
    rest afterwards reaches the same fixed point as fixing everything at once."""
    case = data.draw(st.sampled_from(CASES))
    files = {p.relative_to(FIXTURES / case / "before").as_posix(): p.read_text()
             for p in (FIXTURES / case / "before").rglob("*") if p.is_file()}
    with _project(tmp_path, files) as root:
        found = [f for f in lint(root) if f.code in FIXABLE]
        subset = data.draw(st.lists(st.sampled_from(found), unique=True)) if found else []
        run_fix(root, findings=subset)
        for rel in files:
            assert parses(root / rel)
        run_fix(root)
        final = snapshot(root)
        assert run_fix(root)[0].changed == []
    expected_dir = FIXTURES / case / "after"
    for p in expected_dir.rglob("*"):
        if p.is_file():
            assert final[p.relative_to(expected_dir).as_posix()] == p.read_bytes()


def test_exempt_models_do_not_count_as_a_second_model(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code = ("import os\n\n" + CALL + 'vectors = client.invoke_model(modelId="amazon.titan-embed-text-v2:0")\n')
    out, _ = fix_text(tmp_path, monkeypatch, code)
    assert out == "import os\n\n" + FIXED_CALL + \
        'vectors = client.invoke_model(modelId="amazon.titan-embed-text-v2:0")\n'


def test_cli_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    from bedrock_lint.cli import main

    root = project(tmp_path, "python-service", monkeypatch)
    monkeypatch.chdir(root)
    before = (root / "app" / "chat.py").read_text()
    assert main(["--no-cache", "--fix", "."]) == 1  # --fix alone changes nothing
    assert "fixes available with --unsafe-fixes" in capsys.readouterr().err
    assert main(["--no-cache", "--diff", "--unsafe-fixes", "."]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("--- a/app/chat.py\n+++ b/app/chat.py\n")
    assert captured.err == "would fix 2 findings in 2 files (BRL101: 1, BRL102: 1)\n"
    assert (root / "app" / "chat.py").read_text() == before
    if shutil.which("git"):  # the diff is one git apply accepts too
        patch = root / "fix.patch"
        patch.write_text(captured.out)
        subprocess.run(["git", "apply", "--check", str(patch)], cwd=root, check=True)
    main(["--no-cache", "--fix", "--unsafe-fixes", "."])
    assert (root / "app" / "chat.py").read_text() != before
    capsys.readouterr()
    assert main(["--no-cache", "--diff", "--unsafe-fixes", "."]) in (0, 1)
    assert capsys.readouterr().out == ""  # a second run has nothing left to change


ANCHORED = """x-bedrock: &bedrock
  aws_region_name: eu-central-1
x-haiku: &haiku
  <<: *bedrock
  model: bedrock/anthropic.claude-3-haiku-20240307-v1:0   # shared
model_list:
  - model_name: haiku
    litellm_params: *haiku
  - model_name: haiku-profiled
    litellm_params:
      <<: *haiku
      model_id: os.environ/HAIKU_PROFILE_ARN
"""


def test_litellm_anchor_shared_by_aliases_is_fixed(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out, notes = fix_text(tmp_path, monkeypatch, ANCHORED, "litellm/config.yaml")
    assert out == ANCHORED.replace(
        "   # shared\n", "   # shared\n  model_id: os.environ/BEDROCK_PROFILE_ARN_CLAUDE_3_HAIKU\n")
    assert notes == "fixed 1 finding in 1 file (BRL101: 1)\n"


def test_litellm_anchor_merged_under_another_model_is_not_fixed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = ANCHORED + ("  - model_name: opus\n    litellm_params:\n      <<: *haiku\n"
                       "      model: bedrock/anthropic.claude-opus-4-7\n")
    out, notes = fix_text(tmp_path, monkeypatch, code, "litellm/config.yaml")
    assert "litellm/config.yaml:5:10: BRL101 not fixed: no safe fix: entries that merge this " \
           "mapping (<<) set their own model; a model_id here would reach them too" in notes
    # the entry with its own model is fixed on its own
    assert out == code.replace(
        "      model: bedrock/anthropic.claude-opus-4-7\n",
        "      model: bedrock/anthropic.claude-opus-4-7\n"
        "      model_id: os.environ/BEDROCK_PROFILE_ARN_CLAUDE_OPUS_4_7\n")
