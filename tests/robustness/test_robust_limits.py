"""Per-file time limit and process-level limits.

A pathological file is abandoned with one BRL001 once ``timeout`` has passed and the run goes
on. Files are generated at test time; the limits are tiny so that the tests are fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bedrock_lint.engine import FileJob, Linter

from .conftest import CORPUS, MODEL, assert_sane, run_cli, settings_for

TINY = 0.05

pytestmark = pytest.mark.usefixtures("no_foreign_gc_callbacks")


def _big_terraform(n: int) -> str:
    block = (
        'resource "aws_bedrockagent_agent" "a{i}" {{\n  agent_name = "a{i}"\n'
        '  foundation_model = "{m}"\n  tags = {{ env = "dev", team = "t{i}" }}\n}}\n'
    )
    return "".join(block.format(i=i, m=MODEL) for i in range(n))


def _big_template(n: int) -> str:
    head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
    body = "".join(
        f"  A{i}:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel: {MODEL}\n"
        for i in range(n)
    )
    return head + body


def _big_litellm(n: int) -> str:
    return "model_list:\n" + "".join(
        f"  - model_name: m{i}\n    litellm_params:\n      model: bedrock/{MODEL}\n      rpm: {i}\n"
        for i in range(n)
    )


def _big_python(n: int) -> str:
    return "".join(
        f'r{i} = client.converse(modelId="{MODEL}", messages=[{{"role": "user"}}])\n'
        for i in range(n)
    )


def _lint_timed(root: Path, name: str, timeout: float) -> tuple[list, float]:  # type: ignore[type-arg]
    linter = Linter(settings_for(root, timeout=timeout))
    start = time.monotonic()
    findings = linter.lint_file(FileJob(name, str(root / name)))
    return findings, time.monotonic() - start


def _warm(fmt_file: str, root: Path) -> None:
    """Import the scanner's parser once, as any earlier file of a run would."""
    _lint_timed(root, fmt_file, 30)


CASES = {
    "terraform": ("main.tf", _big_terraform, 3000),
    "cloudformation": ("template.yaml", _big_template, 6000),
    "litellm": ("config.yaml", _big_litellm, 8000),
}


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_a_slow_file_is_abandoned_after_the_time_limit(fmt: str, tmp_path: Path) -> None:
    name, make, n = CASES[fmt]
    (tmp_path / ".git").mkdir()
    (tmp_path / "warm").mkdir()
    (tmp_path / "warm" / name).write_text(make(1))
    _warm(f"warm/{name}", tmp_path)  # the parser's one-time import is not what is measured
    (tmp_path / name).write_text(make(n))  # 0.5-0.7 MB: seconds to parse
    findings, elapsed = _lint_timed(tmp_path, name, TINY)
    assert [(f.code, f.line, f.col) for f in findings] == [("BRL001", 1, 1)], findings
    assert f"longer than {TINY:g}s" in findings[0].message
    assert elapsed < 1.5, elapsed


def test_the_run_goes_on_after_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "slow.tf").write_text(_big_terraform(3000))
    (tmp_path / "app.py").write_text(f'client.converse(modelId="{MODEL}")\n')
    (tmp_path / "tiny.tf").write_text(
        f'resource "aws_bedrockagent_agent" "a" {{\n  foundation_model = "{MODEL}"\n}}\n'
    )
    monkeypatch.chdir(tmp_path)
    run = run_cli(
        ["--jobs", "1", "--timeout", "0.2", "--format", "json", "slow.tf", "app.py", "tiny.tf"]
    )
    found = {(f["path"], f["code"]) for f in json.loads(run.out)["findings"]}
    assert run.code == 1
    assert ("slow.tf", "BRL001") in found and ("app.py", "BRL101") in found


def test_terraform_time_limit_is_not_swallowed_by_per_block_recovery(tmp_path: Path) -> None:
    """Regression: the scanner's ``except Exception`` around each block caught the engine's
    timeout, reported the file clean, and evaluated the remaining blocks without any limit."""
    (tmp_path / ".git").mkdir()
    text = (CORPUS / "tf-conditional-tree.tf").read_text()
    (tmp_path / "main.tf").write_text(text + text.split("}\n\n", 1)[1].replace('"x"', '"y"'))
    findings, elapsed = _lint_timed(tmp_path, "main.tf", 0.3)
    assert [f.code for f in findings] == ["BRL001"], findings
    assert "longer than 0.3s" in findings[0].message
    assert elapsed < 2, elapsed


def test_cloudformation_time_limit_is_not_swallowed_by_cfn_lint(tmp_path: Path) -> None:
    """Regression: cfn-lint's decoder turns any exception into a match, so a timeout became
    'Template could not be parsed: ' (an empty reason)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "ok.yaml").write_text(_big_template(1))
    _warm("ok.yaml", tmp_path)
    (tmp_path / "template.yaml").write_text(_big_template(6000))
    findings, elapsed = _lint_timed(tmp_path, "template.yaml", TINY)
    assert [f.code for f in findings] == ["BRL001"] and "longer than" in findings[0].message, (
        findings
    )
    assert elapsed < 1.5


def test_parser_set_up_does_not_count_against_the_limit(tmp_path: Path) -> None:
    """Regression: importing cfn-lint (0.4-2 s) and loading the HCL grammar ran under the first
    files' time limit: with ``timeout = 0.5`` the first templates of every run failed."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "template.yaml").write_text(_big_template(2))
    (tmp_path / "main.tf").write_text(_big_terraform(2))
    script = textwrap.dedent("""
        import json, sys
        from bedrock_lint.cli import main
        sys.exit(main(["--no-cache", "--jobs", "1", "--timeout", "0.5", "--format", "json",
                       "template.yaml", "main.tf"]))
    """)
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    codes = {f["code"] for f in json.loads(out.stdout)["findings"]}
    assert "BRL001" not in codes and "BRL101" in codes, out.stdout[-800:]


def test_python_file_is_abandoned_after_the_time_limit(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(_big_python(6000))  # 0.6 MB: 2+ s in libcst
    (tmp_path / "ok.py").write_text("x = 1  # bedrock\n")
    _warm("ok.py", tmp_path)
    findings, elapsed = _lint_timed(tmp_path, "app.py", TINY)
    assert [f.code for f in findings] == ["BRL001"]
    assert elapsed < 1.0, elapsed


DEEP_PYTHON = textwrap.dedent("""
    import json, pathlib, sys, tempfile
    from bedrock_lint.cli import main
    root = pathlib.Path(tempfile.mkdtemp())
    (root / ".git").mkdir()
    (root / "deep.py").write_text("MODEL = 'anthropic.claude-3-haiku-20240307-v1:0'\\n"
                                  + sys.argv[1] + "\\n")
    sys.exit(main(["--no-cache", "--format", "json", "--timeout", "5", str(root / "deep.py")]))
""")


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "[" * 10000 + "]" * 10000,
        "x = (" + " and\n".join(["a"] * 10000) + ")",
    ],
    ids=["brackets-10k", "and-chain-10k"],
)
def test_deeply_nested_python_does_not_kill_the_process(source: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", DEEP_PYTHON, source],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, (out.returncode, out.stderr[-300:])
    findings = json.loads(out.stdout)["findings"]
    assert [f["code"] for f in findings] == ["BRL001"]


def test_shallow_nesting_python_stays_in_process(tmp_path: Path) -> None:
    """What the in-process suite can afford: CPython's own limit (200) is fine."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(
        f'client.converse(modelId="{MODEL}")\nx = ' + "[" * 199 + "]" * 199 + "\n"
    )
    findings, _ = _lint_timed(tmp_path, "app.py", 30)
    assert_sane(findings)


def test_time_limit_survives_code_that_swallows_exceptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bedrock_lint import scanners
    from bedrock_lint.facts import Document

    def stubborn(path, text, ctx):  # type: ignore[no-untyped-def]
        end = time.monotonic() + 3
        while time.monotonic() < end:
            try:
                time.sleep(0.005)
            except Exception:  # noqa: BLE001, S110 - what third-party code does
                pass
        return Document(path, "python")

    monkeypatch.setattr(scanners, "load", lambda fmt: stubborn)
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(f'client.converse(modelId="{MODEL}")\n')
    findings, elapsed = _lint_timed(tmp_path, "app.py", 0.1)
    assert [f.code for f in findings] == ["BRL001"], findings
    assert elapsed < 1.5


def test_terraform_parse_cache_is_bounded_by_size() -> None:
    """Parse trees take ~130x their text: the cache between files keeps at most 32 of them
    and at most 8 MiB of text, and never a text over 2 MiB."""
    from bedrock_lint.scanners import terraform

    cache = terraform._TreeCache()
    texts = [f'locals {{\n  a{i} = "{i}"\n}}\n' for i in range(40)]
    for text in texts:
        cache(text)
    assert len(cache.trees) == 32 and texts[-1] in cache.trees and texts[0] not in cache.trees
    big = "} # " + "x" * (3 << 20) + "\n"  # fails at once: failures are cached too
    assert len(big) > 2 * 2**20
    cache(big)
    assert big not in cache.trees and cache.size <= terraform._TREE_CACHE_BYTES
    assert cache.cache_info().misses == 41
