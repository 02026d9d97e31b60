"""Bad configuration: one line on stderr naming the file and the key, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MODEL, one_line_error, run_cli

CONFIG = ".bedrock-lint.toml"

#: case -> (.bedrock-lint.toml, pack.toml or None, words the error line must contain)
CASES: dict[str, tuple[str | bytes, str | bytes | None, tuple[str, ...]]] = {
    "malformed-toml": ("[tool.bedrock-lint\nselect = [", None, (CONFIG, "invalid TOML")),
    "not-utf8": (b"select = ['\xff']", None, (CONFIG,)),
    "unknown-key": ("selekt = ['BRL']", None, (CONFIG, "selekt")),
    "unknown-code": ("select = ['BRL999']", None, (CONFIG, "select", "BRL999")),
    "not-a-code": ("ignore = ['E501']", None, (CONFIG, "ignore", "E501")),
    "wrong-type-list": ("select = 'BRL'", None, (CONFIG, "select")),
    "wrong-type-items": ("exclude = ['a', 1]", None, (CONFIG, "exclude")),
    "wrong-type-bool": ("respect-gitignore = 'yes'", None, (CONFIG, "respect-gitignore")),
    "wrong-type-timeout": ("timeout = '10'", None, (CONFIG, "timeout")),
    "bool-is-not-a-number": ("timeout = true", None, (CONFIG, "timeout")),
    "fail-on": ("fail-on = 'fatal'", None, (CONFIG, "fail-on")),
    "rules-unknown-code": ("[rules.BRL999]\nseverity = 'error'", None, (CONFIG, "BRL999")),
    "rules-severity": ("[rules.BRL101]\nseverity = 'fatal'", None, (CONFIG, "BRL101", "severity")),
    "rules-not-a-table": ("rules = {BRL101 = 5}", None, (CONFIG, "BRL101")),
    "rules-unknown-option": ("[rules.BRL101]\nfoo = 1", None, (CONFIG, "BRL101", "foo")),
    "per-file-ignores-type": (
        "[per-file-ignores]\n'x/**' = 'BRL1'",
        None,
        (CONFIG, "per-file-ignores"),
    ),
    "per-file-ignores-code": ("[per-file-ignores]\n'x/**' = ['BRL999']", None, (CONFIG, "BRL999")),
    "extend-missing": ("extend = 'base.toml'", None, (CONFIG, "extend", "base.toml")),
    "extend-cycle": ("extend = '.bedrock-lint.toml'", None, (CONFIG, "extend")),
    "policy-missing": ("policy = 'no-such-pack'", None, (CONFIG, "no-such-pack")),
    "policy-malformed": ("policy = 'pack.toml'", "[pack\nname =", ("pack.toml",)),
    "policy-not-utf8": ("policy = 'pack.toml'", b"[pack]\nname = '\xff'", ("pack.toml",)),
    "policy-unknown-section": (
        "policy = 'pack.toml'",
        "[colours]\nx = 1",
        ("pack.toml", "colours"),
    ),
    "policy-unknown-key": (
        "policy = 'pack.toml'",
        "[models]\nfoo = 1",
        ("pack.toml", "models.foo"),
    ),
    "policy-wrong-type": (
        "policy = 'pack.toml'",
        "[naming]\nmax-length = 'x'",
        ("pack.toml", "naming.max-length"),
    ),
    "policy-bad-regex": (
        "policy = 'pack.toml'",
        "[tags.values.env]\npattern = '('",
        ("pack.toml", "tags.values.env.pattern"),
    ),
    "policy-tier-without-keys": (
        "policy = 'pack.toml'",
        "[[tags.tier]]\nname = 'x'",
        ("pack.toml", "tags.tier[0]"),
    ),
    "override-unknown-section": ("[policy]\npack = 'adr-0007'\nfoo = 1", None, (CONFIG, "foo")),
    "override-section-type": ("[policy]\nmodels = 5", None, (CONFIG, "models")),
    "override-item-type": ("[policy.models]\nexempt = [1]", None, (CONFIG, "models.exempt")),
    "cache-dir-type": ("cache-dir = 5", None, (CONFIG, "cache-dir")),
    "policy-when-type": (
        "policy = 'pack.toml'",
        "[[tags.tier]]\nkeys = ['a']\nwhen = {env = 5}",
        ("pack.toml", "tags.tier[0].when"),
    ),
    "policy-allowed-type": (
        "policy = 'pack.toml'",
        "[tags.values.env]\nallowed = 5",
        ("pack.toml", "tags.values.env.allowed"),
    ),
    "policy-pattern-type": (
        "policy = 'pack.toml'",
        "[tags.values.env]\npattern = 5",
        ("pack.toml", "tags.values.env.pattern"),
    ),
    "policy-keys-type": (
        "policy = 'pack.toml'",
        "[[tags.tier]]\nkeys = [1, 2]",
        ("pack.toml", "tags.tier[0]"),
    ),
    "timeout-negative": ("timeout = -1", None, (CONFIG, "timeout")),
    "timeout-infinite": ("timeout = inf", None, (CONFIG, "timeout")),
    "timeout-nan": ("timeout = nan", None, (CONFIG, "timeout")),
    "timeout-huge": ("timeout = 1e300", None, (CONFIG, "timeout")),
}

def _project(
    tmp_path: Path,
    config: str | bytes,
    pack: str | bytes | None,
    monkeypatch: pytest.MonkeyPatch,
    name: str = CONFIG,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(f'client.converse(modelId="{MODEL}")\n')
    (tmp_path / name).write_bytes(config if isinstance(config, bytes) else config.encode())
    if pack is not None:
        (tmp_path / "pack.toml").write_bytes(pack if isinstance(pack, bytes) else pack.encode())
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_configuration(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, pack, needles = CASES[case]
    _project(tmp_path, config, pack, monkeypatch)
    one_line_error(run_cli(["."]), *needles)
    one_line_error(run_cli(["--format", "json", "app.py"]), *needles)


def test_bad_timeout_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, "", None, monkeypatch)
    run = run_cli(["--timeout", "abc", "."])
    assert run.code == 2 and "--timeout" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("value", ["-1", "inf", "nan", "1e300"])
def test_out_of_range_timeout_on_the_command_line(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, "", None, monkeypatch)
    one_line_error(run_cli(["--timeout", value, "."]), "timeout")


def test_unknown_key_in_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(
        tmp_path, "[tool.bedrock-lint]\nselekt = ['BRL']\n", None, monkeypatch, "pyproject.toml"
    )
    one_line_error(run_cli(["."]), "pyproject.toml", "selekt")


def test_pyproject_without_our_table_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(
        tmp_path,
        "[tool.black]\nline-length = 'x'\n[project]\nname = 5\n",
        None,
        monkeypatch,
        "pyproject.toml",
    )
    run = run_cli(["."])
    assert run.code == 1 and run.err == ""


def test_malformed_pyproject_with_our_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(
        tmp_path, "[tool.bedrock-lint]\nselect = ['BRL101'\n", None, monkeypatch, "pyproject.toml"
    )
    one_line_error(run_cli(["."]), "pyproject.toml")


def test_pyproject_whose_tool_is_not_a_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, 'tool = "x"\n', None, monkeypatch, "pyproject.toml")
    one_line_error(run_cli(["--config", "pyproject.toml", "."]), "pyproject.toml")


def test_missing_config_file_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, "", None, monkeypatch)
    one_line_error(run_cli(["--config", "nope.toml", "."]), "nope.toml")
    one_line_error(run_cli(["--config", ".", "."]))


def test_bad_command_line_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, "", None, monkeypatch)
    for args in (
        ["--select", "BRL999"],
        ["--ignore", "nope"],
        ["--format", "xml"],
        ["--fail-on", "fatal"],
        ["--policy", "missing-pack"],
        ["--jobs", "x"],
    ):
        run = run_cli([*args, "."])
        assert run.code == 2 and "Traceback" not in run.err, (args, run.err)
        errors = [ln for ln in run.err.splitlines() if ln.startswith("bedrock-lint: error:")]
        assert len(errors) == 1, (args, run.err)  # argparse's usage lines may precede it
