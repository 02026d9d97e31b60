"""The quick path (``bedrock_lint.quick``): the same answer as the full command, or none."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bedrock_lint import _files, cli, quick
from bedrock_lint.walk import _Patterns

CLEAN = "import os\n\n\ndef handler(event):\n    return os.getcwd()\n"
CALL = ('import boto3\nclient = boto3.client("bedrock-runtime")\n'
        'client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])\n')


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "app").mkdir()
    (root / "app" / "clean.py").write_text(CLEAN, encoding="utf-8")
    (root / "app" / "other.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(root)
    # files written by a test are seconds old at most: let the writer vouch for them (the
    # guard itself is tested with its real value below)
    monkeypatch.setattr(quick, "RACY_SECONDS", -1.0)
    return root


def full(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(list(args))
    return code, out.getvalue()


def fast(*args: str) -> tuple[int | None, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = quick.run(list(args))
    return code, out.getvalue()


def write(path: Path, text: str) -> None:
    """Write, with an mtime unlike the one before: an edit is never hidden by a clock tick."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if old:
        os.utime(path, ns=(old - 10**9, old - 10**9))  # not ahead of the clock: still vouched for


def receipt() -> str:
    return Path(quick.receipt_path()).read_text(encoding="utf-8")


# -- the same answer ------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("app/clean.py",),
    ("check", "app/clean.py"),
    ("--force-exclude", "app/clean.py"),
    ("-q", "app/clean.py"),
    ("--quiet", "--force-exclude", "app/clean.py", "app/other.py"),
    ("app/clean.py", "app/other.py", "./app/clean.py", "app/../app/clean.py"),
])
def test_clean_files_answer_as_the_full_command(project: Path, args: tuple[str, ...]) -> None:
    assert fast(*args) == (None, "")  # nothing recorded yet
    expected = full(*args)
    assert expected[0] == 0
    assert fast(*args) == expected


def test_force_excluded_files_are_not_counted(project: Path) -> None:
    write(project / "node_modules" / "pkg" / "index.py", CLEAN)
    write(project / "build" / "x.egg-info" / "setup.py", CLEAN)
    args = ("--force-exclude", "node_modules/pkg/index.py", "build/x.egg-info/setup.py",
            "app/clean.py")
    expected = full(*args)
    assert expected == (0, "All clear: no findings in 1 file.\n")
    assert fast(*args) == expected
    # without --force-exclude an explicit file is linted whatever the excludes say
    assert fast(*args[1:]) == full(*args[1:]) == (0, "All clear: no findings in 3 files.\n")


def test_a_file_outside_the_project_root(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "node_modules" / "lib.py"
    write(outside, CLEAN)
    args = ("--force-exclude", "app/clean.py", str(outside))
    expected = full(*args)
    assert fast(*args) == expected == (0, "All clear: no findings in 1 file.\n")


def test_the_entry_point_prints_what_the_full_command_prints(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    full("app/clean.py")
    capsys.readouterr()
    assert quick.main(["app/clean.py"]) == 0
    assert capsys.readouterr().out == "All clear: no findings in 1 file.\n"
    write(project / "app" / "call.py", CALL)
    assert quick.main(["app/call.py", "app/clean.py"]) == 1  # the full command, after no answer
    assert "BRL101" in capsys.readouterr().out


def test_stub_and_variable_files_answer_as_the_full_command(project: Path) -> None:
    write(project / "app" / "types.pyi", "def handler(event: dict) -> str: ...\n")
    write(project / "infra" / "prod.tfvars", 'region = "eu-west-1"\n')
    args = ("--force-exclude", "app/types.pyi", "infra/prod.tfvars")
    expected = full(*args)
    assert fast(*args) == expected == (0, "All clear: no findings in 2 files.\n")


def test_force_exclude_outside_a_git_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .git and no config: the root is the working directory, as for the full command."""
    root = tmp_path / "plain"
    write(root / "node_modules" / "x.py", CLEAN)
    write(root / "src" / "y.py", CLEAN)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(quick, "RACY_SECONDS", -1.0)
    monkeypatch.chdir(root)
    args = ("--force-exclude", "node_modules/x.py", "src/y.py")
    expected = full(*args)
    assert expected == (0, "All clear: no findings in 1 file.\n")
    assert fast(*args) == expected


# -- no answer: the full command runs ---------------------------------------------------------
@pytest.mark.parametrize("text", [
    CALL,
    "# see the bedrock docs\n",  # a needle word without a finding: still the full command's call
    "PROFILE = 'my-inference-profile'\n",
    "MODEL = 'meta.llama3-8b-instruct-v1:0'\n",
])
def test_a_needle_word_defers(project: Path, text: str) -> None:
    full("app/clean.py")
    write(project / "app" / "maybe.py", text)
    assert fast("app/clean.py", "app/maybe.py") == (None, "")


@pytest.mark.parametrize("args", [
    ("--format", "json", "app/clean.py"),
    ("--select", "BRL101", "app/clean.py"),
    ("--no-cache", "app/clean.py"),
    ("--force", "app/clean.py"),  # an abbreviation: argparse's business
    ("--", "app/clean.py"),
    ("app",),  # a folder
    ("app/missing.py",),
    (),
    ("rules",),
    ("check",),
])
def test_other_command_lines_defer(project: Path, args: tuple[str, ...]) -> None:
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    assert fast(*args) == (None, "")


def test_a_path_after_an_option_defers(project: Path) -> None:
    """argparse takes one run of paths: the full command rejects a path after an option."""
    full("app/clean.py")
    assert fast("app/clean.py", "-q")[0] == 0
    assert fast("-q", "app/clean.py", "app/other.py")[0] == 0
    assert fast("app/clean.py", "-q", "app/other.py") == (None, "")
    assert full("app/clean.py", "-q", "app/other.py")[0] == 2


BUCKET_TF = 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n'


def test_a_terraform_file_in_a_clean_module_answers_as_the_full_command(project: Path) -> None:
    write(project / "infra" / "s3.tf", BUCKET_TF)
    write(project / "infra" / "variables.tf", 'variable "region" {\n  default = "eu-west-1"\n}\n')
    write(project / "infra" / "prod.tfvars", 'region = "eu-west-1"\n')
    expected = full("--force-exclude", "infra/s3.tf", "app/clean.py")
    assert expected == (0, "All clear: no findings in 2 files.\n")
    assert fast("--force-exclude", "infra/s3.tf", "app/clean.py") == expected


@pytest.mark.parametrize("sibling", [
    # the value the file uses may be declared beside it (main.tf: MODEL_ID = var.chat_model)
    'variable "chat_model" {\n  default = "anthropic.claude-3-haiku-20240307-v1:0"\n}\n',
    'chat_model = "eu.anthropic.claude-3-haiku-20240307-v1:0"\n',
])
def test_a_terraform_file_whose_module_mentions_a_model_defers(project: Path, sibling: str) -> None:
    main_tf = ('resource "aws_lambda_function" "chat" {\n  function_name = "chat"\n'
               '  environment {\n    variables = {\n      CHAT_MODEL_ID = var.chat_model\n    }\n  }\n}\n')
    write(project / "infra" / "main.tf", main_tf)
    name = "variables.tf" if sibling.startswith("variable") else "terraform.tfvars"
    write(project / "infra" / name, sibling)
    full("app/clean.py")
    assert fast("infra/main.tf") == (None, "")
    assert full("infra/main.tf")[0] == 1  # what the quick path must not hide


def test_a_terraform_file_that_calls_a_module_defers(project: Path) -> None:
    write(project / "infra" / "main.tf", 'module "ai" {\n  source = "../modules/ai"\n}\n')
    full("app/clean.py")
    assert fast("infra/main.tf") == (None, "")


def test_wide_text_and_unreadable_files_defer(project: Path) -> None:
    full("app/clean.py")
    write(project / "infra" / "main.tf", BUCKET_TF)
    (project / "infra" / "wide.tf").write_bytes(BUCKET_TF.encode("utf-16"))
    assert fast("infra/main.tf") == (None, "")  # a sibling the byte search cannot read
    (project / "app" / "wide.py").write_bytes("x = 1\n".encode("utf-16"))
    assert fast("app/wide.py") == (None, "")
    (project / "app" / "link.py").symlink_to(project / "infra" / "main.tf")
    assert fast("app/link.py") == (None, "")


def test_extra_providers_from_the_config_are_needles(project: Path) -> None:
    write(project / ".bedrock-lint.toml", '[policy.models]\nextra-providers = ["acme"]\n')
    write(project / "app" / "acme.py", "MODEL = 'acme.model-1'\n")
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    assert fast("app/acme.py") == (None, "")


# -- never stale ------------------------------------------------------------------------------
def test_an_edited_config_defers_until_a_full_run_records_it(project: Path) -> None:
    config = project / ".bedrock-lint.toml"
    write(config, 'ignore = ["BRL105"]\n')
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    write(config, 'ignore = ["BRL105"]\nextend-exclude = ["generated/"]\n')
    assert fast("app/clean.py") == (None, "")
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0


def test_a_new_config_nearer_the_file_defers(project: Path) -> None:
    write(project / ".bedrock-lint.toml", 'ignore = ["BRL105"]\n')
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    write(project / "app" / "bedrock-lint.toml", '[policy.models]\nextra-providers = ["acme"]\n')
    assert fast("app/clean.py") == (None, "")


def test_a_pyproject_is_judged_by_its_bytes_or_its_recorded_verdict(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    write(pyproject, '[project]\nname = "svc"\n')  # cannot name our table: no verdict needed
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    assert "P\t" not in receipt()
    write(pyproject, '[project]\nname = "svc"\n[dependency-groups]\ndev = ["bedrock-lint"]\n')
    assert fast("app/clean.py") == (None, "")  # mentions us: a full run must judge it
    full("app/clean.py")
    assert f"P\t{os.path.realpath(pyproject)}\t" in receipt()
    assert fast("app/clean.py")[0] == 0
    write(pyproject, '[project]\nname = "svc"\n[tool.bedrock-lint]\nignore = ["BRL105"]\n')
    assert fast("app/clean.py") == (None, "")  # gained our table: now it is the config
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0


def test_extended_configs_and_policy_packs_are_dependencies(project: Path) -> None:
    write(project / "base.toml", 'ignore = ["BRL105"]\n')
    write(project / "packs" / "org.toml", '[models]\nextra-providers = ["acme"]\n')
    write(project / ".bedrock-lint.toml", 'extend = "base.toml"\npolicy = "packs/org.toml"\n')
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    write(project / "base.toml", 'ignore = ["BRL105", "BRL106"]\n')
    assert fast("app/clean.py") == (None, "")
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    write(project / "packs" / "org.toml", '[models]\nextra-providers = ["acme", "beta"]\n')
    assert fast("app/clean.py") == (None, "")


def test_a_linked_config_pointed_elsewhere_defers(project: Path) -> None:
    write(project / "shared" / "a.toml", 'ignore = ["BRL105"]\n')
    write(project / "shared" / "b.toml", '[policy.models]\nextra-providers = ["acme"]\n')
    (project / "current.toml").symlink_to(project / "shared" / "a.toml")
    write(project / ".bedrock-lint.toml", 'extend = "current.toml"\n')
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    (project / "current.toml").unlink()
    (project / "current.toml").symlink_to(project / "shared" / "b.toml")
    assert fast("app/clean.py") == (None, "")


def test_receipts_are_per_install(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two installs of one version (a pre-commit environment, a checkout) may differ in code:
    neither answers from what the other recorded."""
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0
    monkeypatch.setattr(quick, "_HERE", str(tmp_path / "other-install" / "bedrock_lint"))
    assert fast("app/clean.py") == (None, "")


def test_installed_plugins_are_a_dependency(project: Path) -> None:
    """Plugin rules come from entry points in site-packages: installing or removing one
    changes that folder, and the receipt is stamped with it."""
    full("app/clean.py")
    sites = [p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p)]
    assert sites
    assert all(f"{quick._PAIR_SEP}{os.path.abspath(p)}" in receipt() for p in sites)


def test_options_that_change_the_settings_record_nothing(project: Path) -> None:
    full("--policy", "adr-0007", "--extend-select", "BRL", "app/clean.py")
    assert not Path(quick.receipt_path()).exists()
    full("--no-cache", "app/clean.py")
    assert not Path(quick.receipt_path()).exists()


def test_a_config_that_disables_the_cache_records_nothing(project: Path) -> None:
    write(project / ".bedrock-lint.toml", "cache = false\n")
    full("app/clean.py")
    assert fast("app/clean.py") == (None, "")


def test_another_tool_version_defers(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full("app/clean.py")
    monkeypatch.setattr(quick, "__version__", "0.0.0+other")
    assert fast("app/clean.py") == (None, "")
    full("app/clean.py")  # rewritten for this version
    assert receipt().startswith("V\t0.0.0+other\n")
    assert fast("app/clean.py")[0] == 0


def test_files_changed_within_the_racy_window_are_not_vouched_for(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "RACY_SECONDS", 2.0)
    (project / ".bedrock-lint.toml").write_text('ignore = ["BRL105"]\n', encoding="utf-8")
    full("app/clean.py")
    assert fast("app/clean.py") == (None, "")  # written just now: a later edit may keep its stamp
    old = 1_600_000_000
    os.utime(project / ".bedrock-lint.toml", (old, old))  # ctime is still now
    full("app/clean.py")
    assert fast("app/clean.py") == (None, "")


def test_a_damaged_receipt_is_ignored_and_replaced(project: Path) -> None:
    path = Path(quick.receipt_path())
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\x00garbage\nS\tonly-two")
    assert fast("app/clean.py") == (None, "")
    path.write_text(f"V\t{quick.__version__}\nS\t-\tamazon\t\tno-separator\nP\tx\n", encoding="utf-8")
    assert fast("app/clean.py") == (None, "")  # a dependency that does not exist
    full("app/clean.py")
    assert fast("app/clean.py")[0] == 0


def test_an_unwritable_receipt_folder_changes_nothing(project: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert full("app/clean.py") == (0, "All clear: no findings in 1 file.\n")
    assert fast("app/clean.py") == (None, "")


def test_an_unchanged_receipt_is_not_written_again(project: Path) -> None:
    full("app/clean.py")
    before = os.stat(quick.receipt_path())
    full("app/clean.py")
    assert os.stat(quick.receipt_path()).st_ino == before.st_ino  # no new file replaced it
    write(project / ".bedrock-lint.toml", 'ignore = ["BRL105"]\n')
    full("app/clean.py")
    assert os.stat(quick.receipt_path()).st_ino != before.st_ino


def test_the_receipt_stays_bounded(project: Path, tmp_path: Path) -> None:
    for i in range(quick._MAX_SETTINGS + 5):
        sub = tmp_path / f"p{i}"
        write(sub / ".bedrock-lint.toml", "")
        write(sub / "x.py", CLEAN)
        full(str(sub / "x.py"))
    lines = receipt().splitlines()
    assert sum(line.startswith("S\t") for line in lines) == quick._MAX_SETTINGS
    assert f"S\t{os.path.realpath(tmp_path / 'p0' / '.bedrock-lint.toml')}\t" not in receipt()


# -- the parts ----------------------------------------------------------------------------
PATTERNS = [".git/", "node_modules/", "*.egg-info/", "generated", "*_pb2.py", "a*b*c", "vendor*/"]
PATHS = ["x.py", "node_modules/a.py", "src/node_modules/b/c.py", "node_modules", "pkg.egg-info/x.py",
         "pkg.egg-info", "generated/x.py", "src/generated", "generated.py", "api_pb2.py",
         "src/api_pb2.py.bak", "aXbYc/z.py", "abc", "ab", "vendored/x.py", "vendor", "/abs/vendor/x.py",
         "/abs/generated", "../up/node_modules/x.py"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_exclude_matching_agrees_with_the_walker(pattern: str) -> None:
    matcher = quick.Recorded([], [pattern], []).exclude_matcher()
    assert matcher is not None
    walker = _Patterns([pattern])
    for rel in PATHS:
        assert matcher(rel) == walker.match(rel), (pattern, rel)


@pytest.mark.parametrize("pattern", ["/build/", "src/gen/", "!keep.py", "[ab].py", "a?.py", "**/x"])
def test_patterns_with_more_syntax_are_left_to_the_walker(pattern: str) -> None:
    assert quick.Recorded([], [".git/", pattern], []).exclude_matcher() is None


def test_the_other_subcommands_are_the_clis() -> None:
    assert quick.OTHER_COMMANDS | {"check"} == set(cli.SUBCOMMANDS)


def test_may_name_our_table() -> None:
    assert not _files.may_name_our_table(b'[project]\nname = "x"\n[tool.ruff]\nline-length = 99\n')
    for text in (b"[tool.bedrock-lint]\n", b'[tool."bedrock-lint"]\n', b"tool.bedrock-lint.select = []\n",
                 b'[tool."\\u0062edrock-lint"]\n', b'[tool."bedrock\\x2dlint"]\n'):
        assert _files.may_name_our_table(text)


def test_the_quick_path_imports_nothing_heavy(project: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    subprocess.run([sys.executable, "-m", "bedrock_lint", "app/clean.py"], env=env, check=True,
                   capture_output=True)
    probe = ("import sys; before = set(sys.modules); from bedrock_lint import quick; "
             "code = quick.main(['--force-exclude', 'app/clean.py']); "
             "print(code, sorted(set(sys.modules) - before))")
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True,
                         text=True).stdout.splitlines()
    assert out[0] == "All clear: no findings in 1 file."
    code, modules = out[1].split(" ", 1)
    assert code == "0"
    assert set(json.loads(modules.replace("'", '"'))) <= {"bedrock_lint", "bedrock_lint.quick", "bedrock_lint._files", "__future__"}
