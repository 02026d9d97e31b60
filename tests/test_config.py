"""Configuration discovery, validation (exit 2 with one line) and policy packs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bedrock_lint.cli import main
from bedrock_lint.config import ConfigError, find_config, load_settings
from bedrock_lint.findings import Severity
from bedrock_lint.policy import builtin_packs

Tree = Callable[[dict[str, str]], Path]


def test_pyproject_table_is_found_and_applied(make_tree: Tree) -> None:
    root = make_tree({
        "pyproject.toml": '[project]\nname = "x"\n\n[tool.bedrock-lint]\nignore = ["BRL103"]\n'
                          'fail-on = "error"\n[tool.bedrock-lint.rules.BRL101]\nseverity = "warning"\n',
        "svc/app.py": "",
    })
    assert find_config(root / "svc") == root / "pyproject.toml"
    s = load_settings(start=root / "svc")
    assert not s.enabled("BRL103") and s.enabled("BRL101")
    assert s.fail_on is Severity.ERROR
    assert s.rule_settings("BRL101").severity is Severity.WARNING


def test_pyproject_without_table_is_skipped(make_tree: Tree) -> None:
    root = make_tree({"pyproject.toml": '[project]\nname = "x"\n', "a/.bedrock-lint.toml": "ignore = []\n"})
    assert find_config(root) is None
    assert find_config(root / "a") == root / "a" / ".bedrock-lint.toml"


def test_extend_is_explicit(make_tree: Tree) -> None:
    root = make_tree({
        ".bedrock-lint.toml": 'ignore = ["BRL103"]\n',
        "svc/.bedrock-lint.toml": 'extend = "../.bedrock-lint.toml"\nfail-on = "error"\n',
        "other/.bedrock-lint.toml": 'fail-on = "error"\n',
    })
    assert not load_settings(start=root / "svc").enabled("BRL103")
    assert load_settings(start=root / "other").enabled("BRL103")


@pytest.mark.parametrize(("text", "message"), [
    ("colour = 1\n", "unknown key 'colour'"),
    ('ignore = "BRL101"\n', "'ignore' must be list"),
    ('select = ["BRL777"]\n', "unknown rule code 'BRL777'"),
    ('ignore = ["XYZ"]\n', "'XYZ' is not a rule code"),
    ('fail-on = "fatal"\n', "fail-on: unknown severity 'fatal'"),
    ("[rules.BRL101]\nseverity = \"loud\"\n", "rules.BRL101.severity"),
    ("[rules.BRL101]\ncolour = 1\n", "rules.BRL101: unknown option 'colour'"),
    ("[rules.BRL555]\n", "unknown rule code 'BRL555'"),
    ('policy = "no-such-pack"\n', "policy pack 'no-such-pack' not found"),
    ("[policy.tags]\ncolour = 1\n", "unknown policy key tags.colour"),
    ("[policy.naming]\nmax-length = \"long\"\n", "naming.max-length must be a int"),
    ("this is = not toml\n", "invalid TOML"),
])
def test_bad_config_is_a_usage_error(make_tree: Tree, text: str, message: str,
                                     capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({".bedrock-lint.toml": text, "app.py": "x = 1\n"})
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        load_settings(start=root)
    monkeypatch.chdir(root)
    assert main(["."]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and ".bedrock-lint.toml" in err[0] and "Traceback" not in err[0]


def test_builtin_packs_ship() -> None:
    packs = builtin_packs()
    assert {"adr-0007", "playbook-cloudformation"} <= set(packs)


def test_policy_override_keys(make_tree: Tree) -> None:
    root = make_tree({".bedrock-lint.toml": '[policy.models]\nexempt = []\nprofile-env-vars = ["CHAT_AIP"]\n'
                      '[policy.source]\npreferred-geo = ["eu", "global"]\n'})
    pol = load_settings(start=root).policy
    assert pol.name == "adr-0007"
    assert pol.exempt_models == () and pol.profile_env_vars == ("CHAT_AIP",)
    assert pol.preferred_geo == ("eu", "global")
    assert [t.name for t in pol.tiers] == ["tier-1", "tier-2"]


def test_switching_packs_changes_required_tags(make_tree: Tree) -> None:
    root = make_tree({".bedrock-lint.toml": 'policy = "playbook-cloudformation"\n'})
    pol = load_settings(start=root).policy
    assert [k for t in pol.tiers for k in t.keys] == ["Application", "Owner", "Environment"]


def test_custom_pack_path_and_extra_provider(make_tree: Tree, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree({
        "policy/acme.toml": '[pack]\nname = "acme"\n[models]\nextra-providers = ["acme"]\n',
        ".bedrock-lint.toml": 'policy = "policy/acme.toml"\n',
        "app.py": 'client.converse(modelId="acme.reasoner-7b-v1:0")\n',
    })
    assert load_settings(start=root).policy.name == "acme"
    monkeypatch.chdir(root)
    assert main(["app.py"]) == 1
    assert "BRL101 foundation model 'acme.reasoner-7b-v1:0'" in capsys.readouterr().out


def test_per_file_ignores(make_tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({
        ".bedrock-lint.toml": '[per-file-ignores]\n"scripts/**" = ["BRL1"]\n',
        "scripts/bench.py": 'client.converse(modelId="anthropic.claude-v2")\n',
    })
    monkeypatch.chdir(root)
    assert main(["."]) == 0


def test_test_paths_configurable(make_tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = 'client.converse(modelId="anthropic.claude-v2")\n'
    root = make_tree({".bedrock-lint.toml": 'test-paths = ["qa/**"]\n', "qa/check.py": bad,
                      "tests/test_x.py": bad})
    monkeypatch.chdir(root)
    assert main(["qa"]) == 0
    assert main(["tests"]) == 1
