"""``bedrock-lint scaffold``: generated profiles, their values and callers, and that the output
passes bedrock-lint itself (once placeholders are filled), python-hcl2, terraform fmt and
cfn-lint."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import hcl2
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from bedrock_lint import scaffold
from bedrock_lint.config import load_settings
from bedrock_lint.engine import lint_jobs
from bedrock_lint.findings import Finding
from bedrock_lint.walk import Walker

FIXTURE = Path(__file__).parent / "fixtures" / "scaffold" / "shop-assistant"
EXAMPLE = Path(__file__).parent.parent / "examples" / "bad-service"
Tree = Callable[[dict[str, str]], Path]

#: Realistic values for every placeholder the default pack can produce.
FILL = {
    "TODO-product": "acme-customer-support",  # longer than the placeholder on purpose
    "TODO-billing-mode": "client",
    "TODO-env": "prod",
    "TODO-team": "conversational-ai",
    "TODO-owner": "ana.garcia@acme.example",
    "TODO-source": "github.com/acme/support",
    "TODO-client": "globex",
    "TODO-project": "support-bot",
    "TODO-cost-center": "cc-4711",
    "TODO-component": "chat-api",
    "TODO-Owner": "ana.garcia@acme.example",
}

CHAT = ('import boto3\n\nclient = boto3.client("bedrock-runtime")\n\n\n'
        "def handler(event, context):\n"
        '    return client.converse(modelId="{model}", messages=event["messages"])\n')


# --- helpers -----------------------------------------------------------------------------------


def _settings(start: Path, policy: str | None = None, isolated: bool = True):  # type: ignore[no-untyped-def]
    return load_settings(start=start, isolated=isolated, overrides={"policy": policy})


def lint(path: Path, policy: str | None = None) -> list[Finding]:
    settings = _settings(path, policy)
    jobs = list(Walker(settings).jobs([str(path)]))
    return lint_jobs(jobs, settings, jobs_n=1)


def run(paths: list[str], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = scaffold.main([*paths, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def fill(text: str, values: dict[str, str] | None = None) -> str:
    """Replace each placeholder as a user would (one search-and-replace per placeholder)."""
    out = text
    for placeholder, value in sorted((values or FILL).items(), key=lambda kv: -len(kv[0])):
        out = out.replace(placeholder, value)
    assert not re.search(r"TODO-[A-Za-z0-9]", out), out
    return out


def only_placeholder_findings(findings: list[Finding]) -> None:
    """Before filling: the only findings are BRL202 on placeholder values."""
    for f in findings:
        assert f.code == "BRL202" and "'TODO-" in f.message, f


def no_profile_findings(findings: list[Finding]) -> None:
    bad = [f for f in findings if f.code[3] in "234"]
    assert not bad, bad


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture repository as a git work tree of its own (outside tests/, so linted)."""
    repo = tmp_path / "shop-assistant"
    shutil.copytree(FIXTURE, repo)
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo)
    return repo


@pytest.fixture
def bad_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "bad-service"
    shutil.copytree(EXAMPLE, repo)
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo)
    return repo


def _plain(node: object) -> object:
    """python-hcl2 8 output without its quotes and ``__is_block__``/``__comments__`` markers."""
    if isinstance(node, dict):
        return {str(_unquote(k)): _plain(v) for k, v in node.items() if not str(k).startswith("__")}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return _unquote(node)


def hcl(text: str) -> dict:  # type: ignore[type-arg]
    return _plain(hcl2.loads(text))  # type: ignore[return-value]


def blocks(doc: dict, kind: str, rtype: str | None = None) -> dict[str, dict]:  # type: ignore[type-arg]
    out = {}
    for block in doc.get(kind, []):
        if rtype is not None:
            block = block.get(rtype, {})
        out.update(block)
    return out


def profiles_of(tf_text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return blocks(hcl(tf_text), "resource", "aws_bedrock_inference_profile")


def _unquote(value: object) -> object:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def tags_of(body: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return dict(body["tags"])


# --- the realistic fixture: callers and values the repository states ---------------------------


EXPECTED = {  # (caller, profile name) per generated resource
    "litellm_claude_sonnet_4_6": "shop-assistant-litellm-claude-sonnet-4-6",
    "litellm_nova_lite_v1": "shop-assistant-litellm-nova-lite-v1",
    "reporter_mistral_large_2407": "shop-assistant-reporter-mistral-large-2407-v1",
    "shop_chat_claude_sonnet_4_6": "shop-assistant-shop-chat-claude-sonnet-4-6",
    "shop_feed_writer_llama3_3_70b_instruct": "shop-assistant-shop-feed-writer-llama3-3-70b-instruct-v1",
    "shop_indexer_nova_pro_v1": "shop-assistant-shop-indexer-nova-pro-v1",
    "shop_summarize_claude_3_5_haiku": "shop-assistant-shop-summarize-claude-3-5-haiku-20241022-v1",
    "shop_summarize_claude_3_haiku": "shop-assistant-shop-summarize-claude-3-haiku-20240307-v1",
}


def test_fixture_profiles_per_caller_and_model(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["."], capsys, "--output", "infra/bedrock-profiles.tf")
    assert code == 0, err
    assert "wrote 8 profile(s) for 6 caller(s)" in err
    text = (shop / "infra" / "bedrock-profiles.tf").read_text()
    profiles = profiles_of(text)
    assert {k: _unquote(v["name"]) for k, v in profiles.items()} == EXPECTED
    chat = profiles["shop_chat_claude_sonnet_4_6"]
    assert _unquote(chat["model_source"][0]["copy_from"]) == (
        "arn:aws:bedrock:${data.aws_region.current.name}:"
        "${data.aws_caller_identity.this.account_id}:inference-profile/eu.anthropic.claude-sonnet-4-6")
    # a system profile in another geo is re-sourced from the preferred geo
    feed = profiles["shop_feed_writer_llama3_3_70b_instruct"]
    assert _unquote(feed["model_source"][0]["copy_from"]).endswith(
        ":inference-profile/eu.meta.llama3-3-70b-instruct-v1:0")


def test_fixture_values_come_from_the_repository(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scaffold.main([".", "-o", "infra/bedrock-profiles.tf"]) == 0
    text = (shop / "infra" / "bedrock-profiles.tf").read_text()
    assert "TODO" not in text
    for body in profiles_of(text).values():
        assert tags_of(body) == {
            "product": "shop-assistant",  # variable "product" default
            "billing-mode": "internal",  # the existing search profile
            "env": "prod",  # terraform.tfvars
            "team": "commerce-ai",  # provider default_tags through local.common_tags
            "owner": "commerce-ai@acme.example",  # the existing search profile
            "source": "github.com/acme/shop-assistant",  # provider default_tags
            "managed-by": "terraform",
        }
        assert body["lifecycle"] == [{"create_before_destroy": True}]  # env = prod
    # the module's own data source is reused, not declared twice; aws_region is added
    assert 'data "aws_caller_identity"' not in text
    assert 'data "aws_region" "current" {}' in text
    assert "# team, source: from provider default_tags in infra" in text
    assert "# replaces BRL101 at app/handlers/chat.py:13 (converse(modelId=))" in text


def test_fixture_delivery_ssm_and_outputs(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["."], capsys, "--output", "infra/bedrock-profiles.tf")
    doc = hcl((shop / "infra" / "bedrock-profiles.tf").read_text())
    params = {body["name"]: body["value"] for body in blocks(doc, "resource", "aws_ssm_parameter").values()}
    assert params["/shop-assistant/bedrock/shop-chat/claude-sonnet-4-6/profile-arn"] == (
        "${aws_bedrock_inference_profile.shop_chat_claude_sonnet_4_6.arn}")
    assert len(params) == 8
    outputs = set(blocks(doc, "output"))
    assert "shop_chat_claude_sonnet_4_6_profile_arn" in outputs and len(outputs) == 8


def test_fixture_module_with_scaffold_lints_clean_of_profile_rules(
        shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = lint(shop)
    assert {f.code for f in before} == {"BRL101", "BRL102"}
    assert scaffold.main([".", "-o", "infra/bedrock-profiles.tf"]) == 0
    after = lint(shop)
    assert after == before  # nothing new: the added module is clean; the calls remain to be fixed


def test_fixture_is_idempotent(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = shop / "infra" / "bedrock-profiles.tf"
    assert scaffold.main([".", "-o", str(target)]) == 0
    first = target.read_text()
    assert scaffold.main([".", "-o", str(target)]) == 0
    assert target.read_text() == first


def test_fixture_terraform_fmt_layout(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["."], capsys)
    assert code == 0
    assert out.count('resource "aws_bedrock_inference_profile"') == 8
    _assert_fmt(out)


def _assert_fmt(text: str) -> None:
    assert "\t" not in text
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, line
    terraform = shutil.which("terraform")
    if terraform is None:
        return
    done = subprocess.run([terraform, "fmt", "-"], input=text, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == text


# --- placeholders: flagged before filling, clean after -----------------------------------------


def _scaffold_into(tmp_path: Path, name: str, text: str) -> Path:
    out = tmp_path / "generated"
    out.mkdir(exist_ok=True)
    (out / ".git").mkdir(exist_ok=True)
    (out / name).write_text(text, encoding="utf-8")
    return out


def test_terraform_placeholders_then_filled(bad_service: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, text, err = run(["."], capsys, "--format", "terraform")
    assert code == 0
    assert "fill in TODO-billing-mode" in err
    hcl2.loads(text)
    _assert_fmt(text)
    out = _scaffold_into(tmp_path, "profiles.tf", text)
    before = lint(out)
    only_placeholder_findings(before)
    assert {f.code for f in before} == {"BRL202"}  # billing-mode must be internal, rd or client
    filled = fill(text)
    hcl2.loads(filled)
    _assert_fmt(filled)
    (out / "profiles.tf").write_text(filled)
    assert lint(out) == []


def test_terraform_callers_of_the_example(bad_service: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(["."], capsys, "--format", "terraform", "--product", "acme")
    names = {_unquote(b["name"]) for b in profiles_of(text).values()}
    assert names == {
        "acme-chat-claude-sonnet-4-6",  # Lambda acme-chat: handler app.chat.handler (infra/main.tf)
        "acme-summarizer-claude-haiku-4-5-20251001-v1",  # CloudFormation FunctionName
        "acme-bad-service-claude-sonnet-4-5-20250929-v1",  # app/config.py: the service itself
        "acme-litellm-claude-sonnet-4-6",  # the LiteLLM proxy, one profile per model
        "acme-litellm-claude-haiku-4-5-20251001-v1",
    }


def test_cloudformation_placeholders_then_filled(bad_service: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from cfnlint.decode import decode_str

    code, text, _ = run(["."], capsys, "--format", "cloudformation")
    assert code == 0
    tpl, errors = decode_str(text)
    assert errors == []
    resources = tpl["Resources"]
    profiles = {k: v for k, v in resources.items() if v["Type"] == "AWS::Bedrock::ApplicationInferenceProfile"}
    ssm = {k: v for k, v in resources.items() if v["Type"] == "AWS::SSM::Parameter"}
    assert len(profiles) == len(ssm) == len(tpl["Outputs"]) == 5
    assert set(tpl["Parameters"]) >= {"Product", "BillingMode", "Env", "Team", "Owner", "Source"}
    chat = profiles["AcmeChatClaudeSonnet46Profile"]["Properties"]
    assert chat["Tags"][0] == {"Key": "product", "Value": {"Ref": "Product"}}
    assert chat["InferenceProfileName"] == {"Fn::Sub": "${Product}-acme-chat-claude-sonnet-4-6"}
    assert chat["ModelSource"]["CopyFrom"] == {"Fn::Sub": (
        "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/"
        "eu.anthropic.claude-sonnet-4-6")}
    out = _scaffold_into(tmp_path, "profiles.yaml", text)
    _assert_cfn_lint(out / "profiles.yaml")
    only_placeholder_findings(lint(out))
    (out / "profiles.yaml").write_text(fill(text))
    _assert_cfn_lint(out / "profiles.yaml")
    assert lint(out) == []


def _assert_cfn_lint(path: Path) -> None:
    exe = Path(sys.executable).parent / "cfn-lint"
    if not exe.exists():
        pytest.skip("cfn-lint console script not installed next to the interpreter")
    done = subprocess.run([str(exe), str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_cloudformation_json_output(bad_service: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "generated" / "profiles.json"
    code, out, _ = run(["."], capsys, "--output", str(target), "--env", "dev", "--product", "acme")
    assert code == 0 and out == ""
    tpl = json.loads(target.read_text())
    first = next(iter(tpl["Resources"].values()))
    assert first["Type"] == "AWS::Bedrock::ApplicationInferenceProfile"
    assert tpl["Parameters"]["Env"]["Default"] == "dev"
    (target.parent / ".git").mkdir()
    _assert_cfn_lint(target)
    only_placeholder_findings(lint(target.parent))
    target.write_text(fill(target.read_text()))
    assert lint(target.parent) == []


# --- tiers, lifecycle, naming templates, packs --------------------------------------------------


def test_environment_decides_lifecycle(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({"svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6")})
    monkeypatch.chdir(root)
    for env, expected in (("dev", False), ("prod", True), (None, True)):
        args = ["--env", env] if env else []
        _, text, _ = run(["svc"], capsys, "-f", "terraform", *args)
        (body,) = profiles_of(text).values()
        assert ("lifecycle" in body) is expected, env
        assert tags_of(body)["env"] == (env or "TODO-env")


def test_production_by_output_path(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({"svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6")})
    monkeypatch.chdir(root)
    assert scaffold.main(["svc", "--env", "dev", "-o", "infra/prod/bedrock.tf"]) == 0
    (body,) = profiles_of((root / "infra/prod/bedrock.tf").read_text()).values()
    assert body["lifecycle"] == [{"create_before_destroy": True}]


def test_billing_mode_decides_tier_2(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({
        "svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6"),
        "infra/providers.tf": 'provider "aws" {\n  region = "eu-central-1"\n  default_tags {\n'
                              '    tags = { "billing-mode" = "client", client = "globex" }\n  }\n}\n',
    })
    monkeypatch.chdir(root)
    _, text, _ = run(["."], capsys, "-f", "terraform")
    (body,) = profiles_of(text).values()
    tags = tags_of(body)
    assert tags["billing-mode"] == "client" and tags["client"] == "globex"
    assert tags["cost-center"] == "TODO-cost-center"
    assert "delete these if it is not" not in text  # the tier applies: nothing conditional
    root.joinpath("infra/providers.tf").write_text(
        'provider "aws" {\n  default_tags {\n    tags = { "billing-mode" = "internal" }\n  }\n}\n')
    _, text, _ = run(["."], capsys, "-f", "terraform")
    (body,) = profiles_of(text).values()
    assert set(tags_of(body)) == {"product", "billing-mode", "env", "team", "owner", "source",
                                  "managed-by"}


def test_naming_template_shares_a_profile(make_tree: Tree, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    config = '[policy.naming]\ntemplate = "{product}-{model}-{env}"\n'
    root = make_tree({
        ".bedrock-lint.toml": config,
        "chat/app.py": CHAT.format(model="anthropic.claude-sonnet-4-6"),
        "search/app.py": CHAT.format(model="eu.anthropic.claude-sonnet-4-6"),
        "search/requirements.txt": "boto3\n",
        "chat/requirements.txt": "boto3\n",
    })
    monkeypatch.chdir(root)
    code, text, _ = run(["."], capsys, "-f", "terraform", "--product", "acme", "--env", "prod")
    assert code == 0
    (body,) = profiles_of(text).values()  # one cost unit: product, model and env
    assert _unquote(body["name"]) == "acme-claude-sonnet-4-6-prod"
    assert text.count('resource "aws_ssm_parameter"') == 2  # one per caller
    assert "/acme/bedrock/chat/claude-sonnet-4-6/profile-arn" in text
    assert "/acme/bedrock/search/claude-sonnet-4-6/profile-arn" in text
    out = tmp_path / "generated"
    out.mkdir()
    (out / ".bedrock-lint.toml").write_text(config)
    (out / "profiles.tf").write_text(fill(text))
    settings = load_settings(start=out)
    assert settings.policy.naming_template == "{product}-{model}-{env}"
    findings = lint_jobs(list(Walker(settings).jobs([str(out)])), settings, jobs_n=1)
    assert findings == []


def test_playbook_pack_one_profile_per_caller(bad_service: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(["."], capsys, "--policy", "playbook-cloudformation", "-f",
                        "cloudformation", "--env", "production")
    assert code == 0
    from cfnlint.decode import decode_str

    tpl, _ = decode_str(text)
    names = sorted(v["Properties"]["InferenceProfileName"] for v in tpl["Resources"].values()
                   if v["Type"] == "AWS::Bedrock::ApplicationInferenceProfile")
    # {Application} names the profile, so Application is the caller (plus the model when a
    # caller uses two)
    assert names == ["acme-chat", "acme-summarizer", "bad-service", "litellm-claude-haiku-4-5",
                     "litellm-claude-sonnet-4-6"]
    assert set(tpl["Parameters"]) == {"Owner", "Environment"}
    assert tpl["Parameters"]["Environment"]["AllowedValues"] == [
        "production", "staging", "development", "sandbox"]
    out = _scaffold_into(tmp_path, "aip.yaml", text)
    assert lint(out, "playbook-cloudformation") == []  # Owner is a free-form placeholder
    _assert_cfn_lint(out / "aip.yaml")
    (out / "aip.yaml").write_text(fill(text))
    assert lint(out, "playbook-cloudformation") == []


def test_git_remote_gives_source(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({"svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6")})
    (root / ".git" / "config").write_text(
        '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/chat-service.git\n'
        '\tfetch = +refs/heads/*:refs/remotes/origin/*\n')
    monkeypatch.chdir(root)
    _, text, _ = run(["svc"], capsys, "-f", "terraform")
    (body,) = profiles_of(text).values()
    assert tags_of(body)["source"] == "github.com/acme/chat-service"


@pytest.mark.parametrize("url, source", [
    ("git@github.com:acme/chat.git", "github.com/acme/chat"),
    ("https://github.com/acme/chat.git", "github.com/acme/chat"),
    ("ssh://git@gitlab.example.com:2222/group/sub/repo.git", "gitlab.example.com/group/sub/repo"),
    ("https://user@dev.azure.com/org/project/_git/repo", "dev.azure.com/org/project/_git/repo"),
])
def test_remote_to_source(url: str, source: str) -> None:
    assert scaffold._remote_to_source(url) == source


def test_conflicting_values_stay_placeholders(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    provider = 'provider "aws" {\n  default_tags {\n    tags = { team = "%s" }\n  }\n}\n'
    root = make_tree({
        "svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6"),
        "infra/a/providers.tf": provider % "alpha",
        "infra/b/providers.tf": provider % "beta",
    })
    monkeypatch.chdir(root)
    _, text, err = run(["."], capsys, "-f", "terraform")
    (body,) = profiles_of(text).values()
    assert tags_of(body)["team"] == "TODO-team"
    assert "tag team: the repository states several values (alpha, beta)" in err


def test_policy_breaking_values_are_warned(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({"svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6")})
    monkeypatch.chdir(root)
    _, _, err = run(["svc"], capsys, "--policy", "playbook-cloudformation", "--env", "prod")
    assert "tag Environment = 'prod' (from --env) breaks the policy" in err


# --- callers -----------------------------------------------------------------------------------


def test_callers_across_formats(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    sonnet = "anthropic.claude-sonnet-4-6"
    root = make_tree({
        # SAM: two functions with the same handler name in different CodeUri directories
        "sam/template.yaml": (
            "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
            "Resources:\n"
            "  OrdersFn:\n    Type: AWS::Serverless::Function\n"
            "    Properties:\n      FunctionName: orders-api\n      CodeUri: orders/\n"
            "      Handler: app.lambda_handler\n      Runtime: python3.12\n"
            "  BillingFn:\n    Type: AWS::Serverless::Function\n"
            "    Properties:\n      CodeUri: billing/\n      Handler: app.lambda_handler\n"
            "      Runtime: python3.12\n"),
        "sam/orders/app.py": CHAT.format(model=sonnet).replace("def handler", "def lambda_handler"),
        "sam/billing/app.py": CHAT.format(model=sonnet).replace("def handler", "def lambda_handler"),
        # Serverless Framework
        "sls/serverless.yml": "service: notes\nprovider:\n  name: aws\nfunctions:\n"
                              "  summarize:\n    handler: handler.run\n",
        "sls/handler.py": CHAT.format(model=sonnet).replace("def handler", "def run"),
        # Kubernetes deployment
        "k8s/deploy.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ranker-worker\nspec:\n"
            "  template:\n    spec:\n      containers:\n        - name: worker\n"
            "          image: acme/worker:1\n          env:\n            - name: MODEL_ID\n"
            f"              value: {sonnet}\n"),
        # a Terraform module block and an ECS-less service with a Dockerfile
        "tf/main.tf": (f'module "assistant" {{\n  source   = "./modules/assistant"\n'
                       f'  model_id = "{sonnet}"\n}}\n'),
        "tf/modules/assistant/main.tf": (
            'variable "model_id" {\n  type = string\n}\n\n'
            'resource "aws_lambda_function" "this" {\n  function_name = "assistant"\n'
            '  role          = "arn:aws:iam::123456789012:role/x"\n  runtime       = "python3.12"\n'
            '  handler       = "main.handler"\n  filename      = "x.zip"\n\n'
            "  environment {\n    variables = {\n      MODEL_ID = var.model_id\n    }\n  }\n}\n"),
        "workers/report-builder/Dockerfile": "FROM python:3.12\n",
        "workers/report-builder/src/build.py": CHAT.format(model=sonnet),
    })
    monkeypatch.chdir(root)
    needs, _ = scaffold.collect(["."], _settings(root))
    callers = sorted(n.caller for n in needs)
    assert callers == ["assistant", "billingfn", "orders-api", "ranker-worker", "report-builder",
                       "summarize"], callers


def test_message_fallback_parses_both_rules() -> None:
    assert scaffold.parse_finding_message(
        "foundation model 'anthropic.claude-sonnet-4-6' is hardcoded in converse(modelId=)"
    ) == ("anthropic.claude-sonnet-4-6", "converse(modelId=)")
    assert scaffold.parse_finding_message(
        "system inference-profile ARN 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
        "us.amazon.nova-pro-v1:0' is hardcoded in litellm_params.model through MODEL"
    ) == ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0",
          "litellm_params.model through MODEL")
    assert scaffold.parse_finding_message("profile 'x' is missing tags") is None


# --- names, layout, escaping --------------------------------------------------------------------


def test_long_names_leave_room_for_the_product(make_tree: Tree, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({
        "customer-onboarding-document-classification-service/handler.py":
            CHAT.format(model="anthropic.claude-3-5-sonnet-20241022-v2:0"),
    })
    monkeypatch.chdir(root)
    _, text, _ = run(["."], capsys, "-f", "terraform", "--env", "dev")
    (body,) = profiles_of(text).values()
    name = _unquote(body["name"])
    assert name.startswith("TODO-product-customer")  # the caller part is shortened
    assert name.endswith("-claude-3-5-sonnet-20241022-v2")
    filled = fill(text)  # "acme-customer-support": 21 characters for 12
    assert len(_unquote(next(iter(profiles_of(filled).values()))["name"])) <= 64
    out = _scaffold_into(tmp_path, "profiles.tf", filled)
    assert lint(out) == []


MODELS = ["anthropic.claude-sonnet-4-6", "anthropic.claude-3-5-haiku-20241022-v1:0",
          "amazon.nova-pro-v1:0", "meta.llama3-3-70b-instruct-v1:0", "deepseek.v3.2",
          "mistral.mistral-large-2407-v1:0", "openai.gpt-oss-120b-1:0"]


@hsettings(max_examples=150, deadline=None)
@given(caller=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1,
                      max_size=90),
       product=st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9-]{0,30}[a-z0-9]", fullmatch=True)),
       model=st.sampled_from(MODELS))
def test_names_are_valid_and_follow_the_convention(caller: str, product: str | None, model: str) -> None:
    from bedrock_lint.policy import load_policy

    policy = load_policy()
    slug = scaffold.slugify(caller) or "service"
    need = scaffold.Need(slug, model)
    tags = {"product": product} if product else {}
    ((_, slugs),) = scaffold.model_slugs([need]).values()
    named = scaffold._profile_name(policy, need, tags, slugs)
    assert named is not None
    name, _ = named
    assert len(name) <= 64 and re.fullmatch(policy.name_pattern, name)
    norm = scaffold._norm(name)
    assert scaffold._norm(product or "TODO-product") in norm
    assert scaffold._norm(scaffold._short_slug(model)) in norm
    if product is None:  # room for the value that replaces the placeholder
        assert len(name.replace("TODO-product", "x" * 24)) <= 64


def test_align_hcl_follows_terraform_fmt() -> None:
    lines = [
        'resource "a" "b" {',
        '  name = "x"',
        '  description = "a = b"',
        "  tags = {",
        '    product = "a"',
        '    "billing-mode" = "b"',
        "  }",
        "  # a comment ends a group",
        "  x = 1",
        "  yy = 2",
        "",
        "  zzz = 3",
        "}",
    ]
    assert scaffold.align_hcl(lines) == [
        'resource "a" "b" {',
        '  name        = "x"',
        '  description = "a = b"',
        "  tags = {",
        '    product        = "a"',
        '    "billing-mode" = "b"',
        "  }",
        "  # a comment ends a group",
        "  x  = 1",
        "  yy = 2",
        "",
        "  zzz = 3",
        "}",
    ]


def test_hcl_strings_escape_interpolation() -> None:
    assert scaffold._hcl_string('a "b" ${c} %{d}\\') == '"a \\"b\\" $${c} %%{d}\\\\"'
    assert hcl(f"x = {scaffold._hcl_string('${var.y}')}\n")["x"] == "$${var.y}"


def test_labels_never_collide_with_the_module(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (shop / "infra" / "existing.tf").write_text(
        'resource "aws_ssm_parameter" "shop_chat_claude_sonnet_4_6_profile_arn" {\n'
        '  name  = "/x"\n  type  = "String"\n  value = "y"\n}\n\n'
        'resource "aws_bedrock_inference_profile" "shop_chat_claude_sonnet_4_6" {\n'
        '  name = "shop-assistant-old-claude-sonnet-4-6"\n  model_source {\n'
        '    copy_from = "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/'
        'eu.anthropic.claude-sonnet-4-6"\n  }\n  tags = { "billing-mode" = "internal", '
        'owner = "commerce-ai@acme.example", product = "shop-assistant", env = "prod" }\n'
        "  lifecycle {\n    create_before_destroy = true\n  }\n}\n")
    assert scaffold.main([".", "-o", "infra/bedrock-profiles.tf"]) == 0
    text = (shop / "infra" / "bedrock-profiles.tf").read_text()
    assert 'resource "aws_bedrock_inference_profile" "shop_chat_claude_sonnet_4_6_2"' in text
    assert 'resource "aws_ssm_parameter" "shop_chat_claude_sonnet_4_6_profile_arn_2"' in text


# --- command line ------------------------------------------------------------------------------


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert scaffold.main(["does-not-exist"]) == 2
    assert "path not found: does-not-exist" in capsys.readouterr().err
    assert scaffold.main([".", "--format", "pulumi"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert scaffold.main([".", "--policy", "no-such-pack"]) == 2
    assert "policy pack 'no-such-pack' not found" in capsys.readouterr().err
    assert scaffold.main([".", "--output", "."]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_cli_nothing_to_scaffold(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({"svc/app.py": "import os\nMODEL = os.environ['BEDROCK_INFERENCE_PROFILE_ARN']\n"})
    monkeypatch.chdir(root)
    code, out, err = run(["."], capsys, "-o", "profiles.tf")
    assert (code, out) == (0, "")
    assert "nothing to scaffold" in err
    assert not (root / "profiles.tf").exists()


def test_cli_format_follows_the_output_suffix_and_the_repository(
        make_tree: Tree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_tree({"svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6")})
    monkeypatch.chdir(root)
    _, text, _ = run(["."], capsys)
    assert text.lstrip().startswith("# Generated") and "aws_bedrock_inference_profile" in text
    assert scaffold.main([".", "-o", "stack/profiles.yml"]) == 0
    assert "AWS::Bedrock::ApplicationInferenceProfile" in (root / "stack/profiles.yml").read_text()
    root.joinpath("stack/profiles.yml").unlink()
    root.joinpath("stack/app.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    _, text, _ = run(["."], capsys)
    assert "AWS::Bedrock::ApplicationInferenceProfile" in text  # the repository uses CloudFormation


def test_aws_provider_6_uses_the_region_attribute(make_tree: Tree, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    versions = ('terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
                '      version = "%s"\n    }\n  }\n}\n')
    root = make_tree({"svc/chat.py": CHAT.format(model="anthropic.claude-sonnet-4-6"),
                      "infra/versions.tf": versions % "~> 6.0"})
    monkeypatch.chdir(root)
    _, text, _ = run(["."], capsys, "-f", "terraform")
    assert "${data.aws_region.current.region}" in text and ".current.name}" not in text
    root.joinpath("infra/versions.tf").write_text(versions % ">= 5.80")
    _, text, _ = run(["."], capsys, "-f", "terraform")
    assert "${data.aws_region.current.name}" in text


def test_model_versions_of_one_caller_get_distinct_names(
        make_tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = "".join(f'    client.converse(modelId="{m}", messages=m)\n' for m in (
        "anthropic.claude-v2", "anthropic.claude-v2:1", "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0"))
    root = make_tree({"svc/chat.py": 'import boto3\n\nclient = boto3.client("bedrock-runtime")\n\n\n'
                                     f"def ask(m):\n{calls}"})
    monkeypatch.chdir(root)
    _, text, err = run(["svc"], capsys, "-f", "terraform", "--env", "dev")
    assert "warning" not in err
    names = sorted(b["name"] for b in profiles_of(text).values())
    assert names == ["TODO-product-svc-claude-3-5-sonnet-20240620-v1",
                     "TODO-product-svc-claude-3-5-sonnet-20241022-v2",
                     "TODO-product-svc-claude-v2", "TODO-product-svc-claude-v2-1"]
    ssm = sorted(b["name"] for b in blocks(hcl(text), "resource", "aws_ssm_parameter").values())
    assert ssm == ["/TODO-product/bedrock/svc/claude-3-5-sonnet-20240620-v1/profile-arn",
                   "/TODO-product/bedrock/svc/claude-3-5-sonnet-20241022-v2/profile-arn",
                   "/TODO-product/bedrock/svc/claude-v2-1/profile-arn",
                   "/TODO-product/bedrock/svc/claude-v2/profile-arn"]
    out = _scaffold_into(tmp_path, "profiles.tf", fill(text))
    assert lint(out) == []
