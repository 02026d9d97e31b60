"""The command line, in-process: exit codes, formats, selection, suppressions, paths."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bedrock_lint.cli import main

BAD = 'import boto3\n\nclient = boto3.client("bedrock-runtime")\n' \
      'resp = client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])\n'
GOOD = 'import os\n\nimport boto3\n\nclient = boto3.client("bedrock-runtime")\n' \
       'resp = client.converse(modelId=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"], messages=[])\n'
Tree = Callable[[dict[str, str]], Path]


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_clean_tree_exits_zero(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"app/good.py": GOOD, "README.md": "anthropic.claude-v2\n"})
    assert main(["."]) == 0
    assert "All clear: no findings in 1 file." in capsys.readouterr().out


def test_finding_exits_one_with_exact_text(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"app/bad.py": BAD, "app/good.py": GOOD})
    assert main(["app"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("app/bad.py:4:32: BRL101 foundation model 'anthropic.claude-3-haiku-20240307-v1:0' "
                      "is hardcoded in converse(modelId=) [hardcoded-model-id]")
    assert out[-1] == "Found 1 finding (1 error) in 1 of 2 files."


def test_json_format_is_stable(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"bad.py": BAD})
    assert main(["--format", "json", "bad.py"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1 and doc["files"] == 1
    (f,) = doc["findings"]
    assert (f["path"], f["line"], f["col"], f["code"], f["name"], f["severity"]) == (
        "bad.py", 4, 32, "BRL101", "hardcoded-model-id", "error")
    assert f["url"].endswith("/docs/rules/BRL101.md")


def test_sarif_format(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"bad.py": BAD})
    assert main(["-f", "sarif", "bad.py"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {"id", "name", "help", "helpUri"} <= set(rules[0])
    (res,) = run["results"]
    assert res["ruleId"] == "BRL101" and rules[res["ruleIndex"]]["id"] == "BRL101"
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 32)


def test_github_format(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"bad.py": BAD})
    assert main(["--format=github", "bad.py"]) == 1
    line = capsys.readouterr().out.strip()
    assert line.startswith("::error file=bad.py,line=4,col=32,")
    assert "title=BRL101 hardcoded-model-id::foundation model" in line


def test_select_ignore_and_exit_zero(make_tree: Tree) -> None:
    make_tree({"bad.py": BAD})
    assert main(["--ignore", "BRL101", "bad.py"]) == 0
    assert main(["--select", "BRL2", "bad.py"]) == 0
    assert main(["--select", "BRL1", "bad.py"]) == 1
    assert main(["--exit-zero", "bad.py"]) == 0


def test_fail_on(make_tree: Tree) -> None:
    warn = 'client.converse(modelId="arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abcdefabcdef")\n'
    make_tree({"w.py": warn})
    assert main(["w.py"]) == 1
    assert main(["--fail-on", "error", "w.py"]) == 0


def test_usage_errors_exit_two(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"bad.py": BAD})
    assert main(["does-not-exist"]) == 2
    assert "path not found: does-not-exist" in capsys.readouterr().err
    assert main(["--select", "BRL777", "."]) == 2
    assert "unknown rule code 'BRL777'" in capsys.readouterr().err
    assert main(["--format", "xml", "."]) == 2
    assert main(["--no-such-flag"]) == 2


def test_inline_suppression_and_unused(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    suppressed = BAD.rstrip("\n") + "  # bedrock-lint: ignore[BRL101] -- load test fixture\n"
    stale = "import boto3  # bedrock-lint: ignore[BRL102] -- old\n"
    bogus = "import boto3  # bedrock-lint: ignore[BRL999]\nimport os  # bedrock-lint: ignore\n"
    make_tree({"a.py": suppressed, "b.py": stale, "c.py": bogus})
    assert main(["a.py"]) == 0
    assert main(["b.py"]) == 1
    assert "b.py:1:15: BRL004 suppression of BRL102 is unused" in capsys.readouterr().out
    assert main(["c.py"]) == 1
    out = capsys.readouterr().out
    assert "c.py:1:15: BRL003 suppression names unknown code 'BRL999'" in out
    assert "c.py:2:12: BRL003 suppression names no rule codes" in out


def test_gitignore_and_exclude(make_tree: Tree) -> None:
    make_tree({".gitignore": "generated/\n", "generated/bad.py": BAD, "vendor/bad.py": BAD})
    assert main(["--exclude", "vendor/", "."]) == 0
    assert main(["--no-gitignore", "--exclude", "vendor/", "."]) == 1
    # an explicitly named file is linted unless --force-exclude (the pre-commit case)
    assert main(["--exclude", "vendor/", "vendor/bad.py"]) == 1
    assert main(["--exclude", "vendor/", "--force-exclude", "vendor/bad.py"]) == 0


def test_test_code_is_out_of_scope_for_model_rules(make_tree: Tree) -> None:
    make_tree({"tests/test_chat.py": BAD, "pkg/chat_test.py": BAD, "conftest.py": BAD})
    assert main(["."]) == 0


def test_parse_error_is_a_finding_and_run_goes_on(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"broken.py": 'import boto3\nclient = boto3.client("bedrock-runtime"\n'
                            'MODEL = "anthropic.claude-3-haiku-20240307-v1:0"\n', "bad.py": BAD})
    assert main(["."]) == 1
    out = capsys.readouterr().out
    assert "broken.py:2:" in out and "BRL001 Python syntax error" in out
    assert "bad.py:4:32: BRL101" in out


def test_non_utf8_and_binary(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({})
    (root / "latin1.py").write_bytes(b'# bedrock caf\xe9\nx = "anthropic.claude-v2"\n')
    (root / "blob.json").write_bytes(b"\x00\x01bedrock\x00")
    assert main(["."]) == 1
    out = capsys.readouterr().out
    assert "latin1.py:1:14: BRL001 file is not valid UTF-8 text" in out
    assert "blob.json" not in out


def test_symlink_loop_and_outside_link(make_tree: Tree, tmp_path: Path) -> None:
    root = make_tree({"app/good.py": GOOD})
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "bad.py").write_text(BAD)
    os.symlink(root / "app", root / "app" / "loop")
    os.symlink(outside, root / "escape")
    assert main(["."]) == 0


def test_show_config_and_rules(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree({"pyproject.toml": '[tool.bedrock-lint]\nignore = ["BRL103"]\n'})
    assert main(["--show-config", "."]) == 0
    out = capsys.readouterr().out
    assert "BRL103 hardcoded-profile-arn" in out and "off (ignored by 'BRL103')" in out
    assert main(["rules"]) == 0
    assert "BRL101  hardcoded-model-id" in capsys.readouterr().out
    assert main(["rule", "BRL102"]) == 0
    assert capsys.readouterr().out.startswith("# BRL102 system-profile-id")


def test_parallel_and_serial_agree(make_tree: Tree) -> None:
    files = {f"svc{i}/app.py": (BAD if i % 3 == 0 else GOOD) for i in range(60)}
    make_tree(files)
    from bedrock_lint.config import load_settings
    from bedrock_lint.engine import lint_jobs
    from bedrock_lint.walk import Walker

    settings = load_settings(start=Path.cwd(), isolated=True)
    jobs = list(Walker(settings).jobs(["."]))
    serial = lint_jobs(jobs, settings, jobs_n=1)
    parallel = lint_jobs(jobs, settings, jobs_n=2)
    assert serial == parallel and len(serial) == 20


def test_terraform_value_from_sibling_file_without_needle(make_tree: Tree,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """main.tf mentions nothing Bedrock-like; the model comes from variables.tf."""
    main_tf = ('resource "aws_lambda_function" "chat" {\n  function_name = "chat"\n'
               '  environment {\n    variables = {\n      CHAT_MODEL_ID = var.chat_model\n    }\n  }\n}\n')
    variables_tf = 'variable "chat_model" {\n  type    = string\n  default = "anthropic.claude-sonnet-4-6"\n}\n'
    make_tree({"infra/main.tf": main_tf, "infra/variables.tf": variables_tf})
    assert main(["infra/main.tf"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("infra/main.tf:5:23: BRL101 foundation model 'anthropic.claude-sonnet-4-6'")
    assert "through var.chat_model" in out


def test_cache_reuses_and_invalidates(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from bedrock_lint import cache as cache_mod

    root = make_tree({"app/bad.py": BAD, "app/good.py": GOOD, "infra/main.tf": "", "AGENTS.md": "x\n"})
    old = time.time() - 60
    for p in root.rglob("*"):  # folders too: a Terraform file depends on its folder's listing
        os.utime(p, (old, old))
    time.sleep(1.1)  # setting the mtime is a change (ctime): a change this recent is not cached
    assert main(["."]) == 1
    first = capsys.readouterr().out
    manifest = list((root / ".bedrock-lint-cache").glob("v*.json"))
    assert len(manifest) == 1 and (root / ".bedrock-lint-cache" / ".gitignore").is_file()
    entries = json.loads(manifest[0].read_text())
    assert os.path.abspath("app/bad.py") in entries
    # a second run serves the result from the cache: linting must not be called
    import bedrock_lint.engine as engine

    calls = []
    original = engine.Linter.lint_file_recorded
    engine.Linter.lint_file_recorded = lambda self, job: calls.append(job) or original(self, job)  # type: ignore[method-assign]
    try:
        assert main(["."]) == 1
        assert capsys.readouterr().out == first and calls == []
        # editing a file invalidates exactly that file
        (root / "app" / "good.py").write_text(BAD)
        os.utime(root / "app" / "good.py", (old + 1, old + 1))
        assert main(["."]) == 1
        assert [c.path for c in calls] == ["app/good.py"]
        assert "app/good.py:4:32: BRL101" in capsys.readouterr().out
        # a config change is a different manifest: nothing comes from the old one
        calls.clear()
        assert main(["--ignore", "BRL101", "."]) == 0
        assert len(calls) == 3
    finally:
        engine.Linter.lint_file_recorded = original  # type: ignore[method-assign]
    assert manifest[0].name.startswith(f"v{cache_mod.FORMAT}-")
    assert main(["--no-cache", "."]) == 1


def test_cache_sees_an_edit_whose_mtime_was_put_back(make_tree: Tree,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``cp -p``, ``rsync -t`` or ``touch -r`` give new content the old size and mtime: the
    change time still moves, and the file is linted again."""
    import time

    root = make_tree({"app/svc.py": BAD})
    old = time.time() - 60
    for p in root.rglob("*"):
        os.utime(p, (old, old))
    assert main(["."]) == 1
    assert "BRL101" in capsys.readouterr().out
    clean = BAD.replace("anthropic.", "xxxxxxxxx.")
    assert len(clean) == len(BAD)
    (root / "app" / "svc.py").write_text(clean)
    os.utime(root / "app" / "svc.py", (old, old))
    time.sleep(1.1)  # past the racy-clean second of the new change time
    assert main(["."]) == 0
    assert "All clear" in capsys.readouterr().out


def test_a_file_that_could_not_be_read_is_linted_again(make_tree: Tree, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Making a file readable changes neither its size nor its mtime: "cannot read" is never
    served from the cache."""
    import time

    import bedrock_lint.engine as engine

    root = make_tree({"app/bad.py": BAD})
    old = time.time() - 60
    for p in root.rglob("*"):
        os.utime(p, (old, old))
    original = engine._read_stamped

    def unreadable(path: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if path.endswith("bad.py"):
            raise PermissionError(13, "Permission denied")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(engine, "_read_stamped", unreadable)
    assert main(["."]) == 1
    assert "BRL001 cannot read file: Permission denied" in capsys.readouterr().out
    monkeypatch.setattr(engine, "_read_stamped", original)
    assert main(["."]) == 1
    out = capsys.readouterr().out
    assert "BRL101" in out and "BRL001" not in out


_MODULE_PROFILE = """variable "tags" {
  type = map(string)
}

resource "aws_bedrock_inference_profile" "this" {
  name = "checkout-claude-sonnet-4-6"
  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1::inference-profile/eu.anthropic.claude-sonnet-4-6"
  }
  tags = var.tags
}
"""
_CALLER = """module "aip" {
  source = "./modules/aip"
  tags = {
    product = "checkout", billing-mode = "internal", env = "prod", team = "payments",
    owner = "payments@example.com", cost-center = "cc-1", managed-by = "terraform"
  }
}
"""


_LAMBDA = """resource "aws_lambda_function" "chat" {
  function_name = "chat"
  role          = "arn:aws:iam::123456789012:role/chat"
  environment {
    variables = {
      MODEL_ID = var.model
    }
  }
}
"""


def test_cache_follows_module_calls_and_new_module_files(
        make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    """A module's verdict depends on files it never reads itself: whether any .tf file of the
    project calls it, and which files its folder holds. The cache must notice both."""
    import time

    root = make_tree({"modules/aip/main.tf": _MODULE_PROFILE, "README.md": "x\n"})

    old = time.time_ns() - 60 * 10**9

    def age() -> None:  # every file and folder alike, a minute old: never "racily" fresh
        for p in [root, *root.rglob("*")]:
            if ".bedrock-lint-cache" not in p.parts:
                os.utime(p, ns=(old, old))

    def codes(*args: str) -> list[tuple[str, str]]:
        main(["--format", "json", "--exit-zero", *args, "."])
        out = json.loads(capsys.readouterr().out)["findings"]
        return sorted((f["path"], f["code"]) for f in out)

    age()
    uncalled = codes()
    assert ("modules/aip/main.tf", "BRL203") in uncalled  # nobody passes the tags: unverifiable
    assert codes() == uncalled == codes("--no-cache")  # served from the cache the second time
    (root / "main.tf").write_text(_CALLER)  # now a caller passes every tag
    age()
    called = codes()
    assert ("modules/aip/main.tf", "BRL203") not in called
    assert called == codes("--no-cache") == codes()
    # a file added next to a file with nothing to report changes what that file resolves to
    (root / "svc").mkdir()
    (root / "svc" / "lambda.tf").write_text(_LAMBDA)
    age()
    before = codes()
    assert not [c for c in before if c[0].startswith("svc/")] and codes() == before
    (root / "svc" / "variables.tf").write_text(
        'variable "model" {\n  default = "anthropic.claude-3-haiku-20240307-v1:0"\n}\n')
    age()
    os.utime(root / "svc", ns=(old + 10**9, old + 10**9))  # the listing changed a second later
    after = codes()
    assert after == codes("--no-cache")
    assert ("svc/lambda.tf", "BRL101") in after


def test_cache_follows_terraform_siblings(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    main_tf = ('resource "aws_lambda_function" "chat" {\n  environment {\n    variables = {\n'
               '      CHAT_MODEL_ID = var.chat_model\n    }\n  }\n}\n')
    var_tf = 'variable "chat_model" {\n  default = "anthropic.claude-sonnet-4-6"\n}\n'
    root = make_tree({"infra/main.tf": main_tf, "infra/variables.tf": var_tf})
    old = time.time() - 60
    for p in root.rglob("*.tf"):
        os.utime(p, (old, old))
    assert main(["infra"]) == 1
    capsys.readouterr()
    (root / "infra" / "variables.tf").write_text(var_tf.replace("anthropic.claude-sonnet-4-6", "${local.arn}"))
    os.utime(root / "infra" / "variables.tf", (old + 5, old + 5))
    assert main(["infra"]) == 0


def test_baseline_records_then_reports_only_new(make_tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({"app/bad.py": BAD})
    assert main(["--baseline", "bl.json", "."]) == 2  # no baseline yet: a usage error
    assert "cannot read baseline" in capsys.readouterr().err
    assert main(["--baseline", "bl.json", "--update-baseline", "."]) == 0
    assert "recorded 1 finding in bl.json" in capsys.readouterr().out
    data = json.loads((root / "bl.json").read_text())
    assert data["findings"][0]["code"] == "BRL101" and data["findings"][0]["count"] == 1
    assert main(["--baseline", "bl.json", "."]) == 0
    # unrelated lines move the finding: still recorded
    (root / "app" / "bad.py").write_text("# header\n\n" + BAD)
    assert main(["--baseline", "bl.json", "."]) == 0
    # a second copy of the same problem is new
    (root / "app" / "bad.py").write_text(BAD + BAD.splitlines()[-1] + "\n")
    capsys.readouterr()
    assert main(["--baseline", "bl.json", "."]) == 1
    out = capsys.readouterr().out
    assert "app/bad.py:5:32: BRL101" in out and "app/bad.py:4:32" not in out
    (root / "broken.json").write_text("{")
    assert main(["--baseline", "broken.json", "."]) == 2
