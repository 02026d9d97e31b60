"""IaC shapes found by the independent corpus, each with a valid and an invalid case,
linted end to end (walker, scanners, rules) in a temporary repository."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bedrock_lint.config import load_settings
from bedrock_lint.engine import lint_jobs
from bedrock_lint.walk import Walker

TAGS = textwrap.dedent("""\
    {
        product        = "chat"
        "billing-mode" = "internal"
        env            = "prod"
        team           = "ml"
        owner          = "ml@example.com"
        source         = "github.com/example/chat"
        "managed-by"   = "terraform"
      }""")
SRC = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"


def lint(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    settings = load_settings(start=tmp_path, isolated=True)
    jobs = list(Walker(settings).jobs([str(tmp_path)]))
    return sorted((Path(f.path).resolve().relative_to(tmp_path.resolve()).as_posix(), f.line, f.code)
                  for f in lint_jobs(jobs, settings, jobs_n=1))


def profile(extra: str = "", tags: str = TAGS, name: str = "chat-claude-sonnet-4-5") -> str:
    return (f'resource "aws_bedrock_inference_profile" "p" {{\n{extra}  name = "{name}"\n'
            f'  model_source {{\n    copy_from = "{SRC}"\n  }}\n  tags = {tags}\n'
            "  lifecycle {\n    create_before_destroy = true\n  }\n}\n")


# --- count = 0 / empty for_each: nothing is created -------------------------------------------

def test_untagged_profile_with_count_zero_is_not_reported(tmp_path: Path) -> None:
    assert lint(tmp_path, {"main.tf": profile("  count = 0\n", tags="{}")}) == []


PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n}\n'


def test_untagged_profile_with_count_one_is_reported(tmp_path: Path) -> None:
    files = {"main.tf": profile("  count = 1\n", tags="{}"), "providers.tf": PROVIDER}
    assert ("main.tf", 1, "BRL201") in lint(tmp_path, files)


def test_module_call_with_empty_for_each_is_not_judged(tmp_path: Path) -> None:
    files = {
        "modules/p/main.tf": 'variable "tags" {\n  type = map(string)\n}\n'
                             + profile(tags="var.tags"),
        "main.tf": 'module "old" {\n  source   = "./modules/p"\n  for_each = {}\n  tags = {}\n}\n',
    }
    assert lint(tmp_path, files) == []
    files["main.tf"] = 'module "old" {\n  source = "./modules/p"\n  tags   = {}\n}\n'
    files["providers.tf"] = PROVIDER
    assert ("main.tf", 1, "BRL201") in lint(tmp_path, files)


# --- a module's own inputs are judged at its calls -----------------------------------------------

def test_called_module_with_input_tags_says_nothing_itself(tmp_path: Path) -> None:
    files = {
        "modules/p/main.tf": 'variable "tags" {\n  type = map(string)\n}\n'
                             + profile(tags="var.tags"),
        "main.tf": f'module "chat" {{\n  source = "./modules/p"\n  tags   = {TAGS}\n}}\n',
    }
    assert lint(tmp_path, files) == []


def test_uncalled_module_with_input_tags_cannot_be_verified(tmp_path: Path) -> None:
    files = {"modules/p/main.tf": 'variable "tags" {\n  type = map(string)\n}\n'
                                  + profile(tags="var.tags")}
    assert lint(tmp_path, files) == [("modules/p/main.tf", 4, "BRL203")]


# --- an env that is production in one tfvars file -------------------------------------------------

def test_env_from_tfvars_that_is_prod_somewhere_needs_create_before_destroy(tmp_path: Path) -> None:
    tags = TAGS.replace('env            = "prod"', "env            = var.env")
    main = 'variable "env" {\n  type = string\n}\n' + profile(tags=tags).replace(
        "  lifecycle {\n    create_before_destroy = true\n  }\n", "")
    files = {"main.tf": main, "dev.tfvars": 'env = "dev"\n', "prod.tfvars": 'env = "prod"\n'}
    assert ("main.tf", 4, "BRL402") in lint(tmp_path, files)
    files["prod.tfvars"] = 'env = "staging"\n'
    assert ("main.tf", 4, "BRL402") not in lint(tmp_path, files)


# --- CloudFormation: App Runner, AgentCore runtimes, DefinitionString ---------------------------

CFN_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'


def _indented(text: str) -> str:
    return textwrap.indent(textwrap.dedent(text), "  ")


def test_app_runner_and_agentcore_runtime_environment(tmp_path: Path) -> None:
    template = CFN_HEAD + _indented("""\
      Admin:
        Type: AWS::AppRunner::Service
        Properties:
          SourceConfiguration:
            ImageRepository:
              ImageIdentifier: public.ecr.aws/x/y:1
              ImageRepositoryType: ECR_PUBLIC
              ImageConfiguration:
                RuntimeEnvironmentVariables:
                  - Name: MODEL_ID
                    Value: mistral.mistral-large-2407-v1:0
                  - Name: PROFILE_ARN
                    Value: !GetAtt Profile.InferenceProfileArn
      Runtime:
        Type: AWS::BedrockAgentCore::Runtime
        Properties:
          EnvironmentVariables:
            BEDROCK_INFERENCE_PROFILE_ARN: !GetAtt Profile.InferenceProfileArn
            MODEL_ID: us.anthropic.claude-sonnet-4-20250514-v1:0
    """)
    assert lint(tmp_path, {"t.yaml": template}) == [("t.yaml", 13, "BRL101"), ("t.yaml", 21, "BRL102")]


def test_state_machine_definition_string(tmp_path: Path) -> None:
    template = CFN_HEAD + _indented("""\
      Machine:
        Type: AWS::StepFunctions::StateMachine
        Properties:
          DefinitionString:
            Fn::Sub: |
              {"StartAt": "A", "States": {"A": {
                "Type": "Task", "Resource": "arn:aws:states:::bedrock:invokeModel",
                "Parameters": {
                  "ModelId": "arn:aws:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
                }, "End": true}}}
    """)
    assert lint(tmp_path, {"t.yaml": template}) == [("t.yaml", 11, "BRL101")]
    profile_arn = "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123"
    fixed = template.replace(
        "arn:aws:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        profile_arn)
    assert lint(tmp_path, {"t.yaml": fixed}) == []
