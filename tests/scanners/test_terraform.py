"""Terraform scanner: exact facts from the fixtures under ``tests/fixtures/terraform``.

``platform/`` is a root module (provider ``default_tags``, an aliased ``eu`` provider, locals,
variables with ``terraform.tfvars``, a local child module ``modules/aip``); ``services/`` a
second root (ECS / App Runner / SSM / Step Functions, prompts, per-environment ``*.tfvars``,
awscc, remote modules); ``broken/`` invalid HCL.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from bedrock_lint.facts import Document, ModelRef, ProfileResource, Use
from bedrock_lint.findings import Location
from bedrock_lint.modelids import Kind, classify
from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError, format_for, load, terraform

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "terraform"
POLICY = load_policy()

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SONNET_35 = "anthropic.claude-3-5-sonnet-20240620-v1:0"
EU_SONNET_45 = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _ctx(read_text=_read) -> ScanContext:  # type: ignore[no-untyped-def]
    return ScanContext(policy=POLICY, root=FIXTURES, read_text=read_text)


def scan_file(rel: str, ctx: ScanContext | None = None) -> Document:
    path = FIXTURES / rel
    return terraform.scan(str(path), path.read_text(encoding="utf-8"), ctx or _ctx())


def at(rel: str, line: int, col: int) -> tuple[str, int, int]:
    return (str(FIXTURES / rel), line, col)


def pos(loc: Location | None) -> tuple[str, int, int] | None:
    return None if loc is None else (loc.path, loc.line, loc.col)


def refs(doc: Document) -> list[tuple[int, int, str, str, str | None, str | None]]:
    return [(r.loc.line, r.loc.col, r.value, r.context, r.api, r.via) for r in doc.refs]


def profile(doc: Document, logical_name: str) -> ProfileResource:
    found = [p for p in doc.profiles if p.logical_name == logical_name]
    assert len(found) == 1, [p.logical_name for p in doc.profiles]
    return found[0]


def tag_values(p: ProfileResource) -> dict[str, str | None]:
    return {k: v.value for k, v in p.tags.items()}


def tag_sources(p: ProfileResource) -> dict[str, str]:
    return {k: v.source for k, v in p.tags.items()}


@pytest.fixture(scope="module")
def platform_main() -> Document:
    return scan_file("platform/main.tf")


@pytest.fixture(scope="module")
def services_bedrock() -> Document:
    return scan_file("services/bedrock.tf")


# --- routing -----------------------------------------------------------------------------------


def test_engine_routes_tf_files_to_this_scanner() -> None:
    assert format_for("infra/main.tf", "") == "terraform"
    assert load("terraform") is terraform.scan


def test_document_shape(platform_main: Document) -> None:
    assert platform_main.fmt == "terraform"
    assert platform_main.path == str(FIXTURES / "platform/main.tf")
    assert all(r.use is Use.SETTING for r in platform_main.refs)
    assert all(p.fmt == "terraform" for p in platform_main.profiles)


# --- profiles: tags ----------------------------------------------------------------------------


def test_profiles_in_source_order(platform_main: Document) -> None:
    assert [(p.logical_name, p.kind, p.loc.line, p.loc.col) for p in platform_main.profiles] == [
        ("aws_bedrock_inference_profile.chat", "aws_bedrock_inference_profile", 4, 1),
        ("aws_bedrock_inference_profile.search", "aws_bedrock_inference_profile", 22, 1),
        ("aws_bedrock_inference_profile.globex", "aws_bedrock_inference_profile", 37, 1),
        ("aws_bedrock_inference_profile.experiments", "aws_bedrock_inference_profile", 51, 1),
        ("aws_bedrock_inference_profile.triage", "aws_bedrock_inference_profile", 65, 1),
        (
            "module.globex_summarizer.aws_bedrock_inference_profile.this",
            "aws_bedrock_inference_profile",
            144,
            1,
        ),
    ]


def test_profile_complete_only_with_provider_default_tags(platform_main: Document) -> None:
    p = profile(platform_main, "aws_bedrock_inference_profile.chat")
    assert tag_values(p) == {
        "managed-by": "terraform",
        "source": "github.com/acme/helpdesk-platform",
        "env": "prod",  # var.env from terraform.tfvars
        "product": "helpdesk",
        "team": "ml-platform",
        "owner": "ml-platform@acme.io",
        "billing-mode": "internal",
        "component": "chat",
    }
    assert tag_sources(p) == {
        "managed-by": "provider default_tags",
        "source": "provider default_tags",
        "env": "provider default_tags",
        "product": "local.common_tags",
        "team": "local.common_tags",
        "owner": "local.common_tags",
        "billing-mode": "local.common_tags",
        "component": "resource tags",
    }
    # each key where it is written, in whichever file of the module
    assert pos(p.tags["managed-by"].loc) == at("platform/providers.tf", 7, 7)
    assert pos(p.tags["env"].loc) == at("platform/providers.tf", 9, 7)
    assert pos(p.tags["owner"].loc) == at("platform/locals.tf", 5, 5)
    assert pos(p.tags["component"].loc) == at("platform/main.tf", 13, 5)
    assert p.tag_sources == ("provider default_tags", "local.common_tags", "resource tags")
    assert p.unresolved_tag_sources == ()
    assert pos(p.tags_loc) == at("platform/main.tf", 12, 3)


def test_profile_name_copy_from_and_lifecycle(platform_main: Document) -> None:
    p = profile(platform_main, "aws_bedrock_inference_profile.chat")
    assert p.name == "helpdesk-claude-sonnet-4-5-chat"
    assert pos(p.name_loc) == at("platform/main.tf", 5, 17)
    # var.region from tfvars; the unknown account becomes 000000000000 so kind and geo survive
    assert (
        p.copy_from == f"arn:aws:bedrock:eu-central-1:000000000000:inference-profile/{EU_SONNET_45}"
    )
    assert p.copy_from_resolved is True
    assert pos(p.copy_from_loc) == at("platform/main.tf", 9, 17)
    kind = classify(p.copy_from)
    assert kind is not None and kind.kind is Kind.SYSTEM_PROFILE_ARN and kind.geo == "eu"
    assert p.create_before_destroy is True
    assert (
        profile(platform_main, "aws_bedrock_inference_profile.search").create_before_destroy
        is False
    )


def test_profile_missing_owner(platform_main: Document) -> None:
    p = profile(platform_main, "aws_bedrock_inference_profile.search")
    assert tag_values(p) == {
        "managed-by": "terraform",
        "source": "github.com/acme/helpdesk-platform",
        "env": "prod",
        "product": "helpdesk",
        "team": "search",
        "billing-mode": "rd",
    }
    assert "owner" not in p.tags
    assert p.unresolved_tag_sources == ()  # so the rule may say "missing", not "cannot verify"
    assert p.tag_sources == ("provider default_tags", "resource tags")
    assert pos(p.tags["billing-mode"].loc) == at("platform/main.tf", 32, 5)
    # data "aws_bedrock_foundation_model" with a literal model_id gives a foundation-model ARN
    assert p.copy_from == f"arn:aws:bedrock:::foundation-model/{HAIKU}"
    assert classify(p.copy_from).kind is Kind.FOUNDATION_MODEL_ARN  # type: ignore[union-attr]
    assert pos(p.copy_from_loc) == at("platform/main.tf", 26, 17)


def test_profile_client_billing_without_tier2(platform_main: Document) -> None:
    p = profile(platform_main, "aws_bedrock_inference_profile.globex")
    values = tag_values(p)
    assert values["billing-mode"] == "client"  # quoted key overrides local.common_tags
    assert values["client"] == "globex"
    assert not {"project", "cost-center", "component"} & set(values)
    assert p.tags["billing-mode"].source == "resource tags"
    assert pos(p.tags["billing-mode"].loc) == at("platform/main.tf", 45, 5)
    assert p.unresolved_tag_sources == ()
    # "${local.summarizer_model}" inside the ARN
    assert p.copy_from == f"arn:aws:bedrock:eu-west-1::foundation-model/{HAIKU}"


def test_profile_tags_from_unresolvable_variable(platform_main: Document) -> None:
    p = profile(platform_main, "aws_bedrock_inference_profile.experiments")
    assert p.unresolved_tag_sources == ("var.extra_tags",)
    assert p.tag_sources == ("provider default_tags", "var.extra_tags", "resource tags")
    assert tag_values(p) == {
        "managed-by": "terraform",
        "source": "github.com/acme/helpdesk-platform",
        "env": "prod",
        "product": "helpdesk",
        "owner": None,  # present, value unknown (var.owner has no value anywhere)
    }
    assert pos(p.tags["owner"].loc) == at("platform/main.tf", 60, 5)
    # copy_from from a variable without a value: unresolved, never guessed
    assert p.copy_from is None
    assert p.copy_from_resolved is False
    assert pos(p.copy_from_loc) == at("platform/main.tf", 55, 17)


def test_profile_on_aliased_provider(platform_main: Document) -> None:
    p = profile(platform_main, "aws_bedrock_inference_profile.triage")
    assert tag_values(p) == {
        "product": "helpdesk",
        "team": "ml-platform",
        "owner": "ml-platform@acme.io",
        "billing-mode": "internal",
        "managed-by": "terraform",
        "source": "github.com/acme/helpdesk-platform",
        "env": "prod",
        "component": "triage",
    }
    assert p.tags["owner"].source == "provider aws.eu default_tags"
    assert pos(p.tags["owner"].loc) == at("platform/locals.tf", 5, 5)
    assert pos(p.tags["source"].loc) == at("platform/providers.tf", 22, 7)
    assert p.tag_sources == ("provider aws.eu default_tags", "resource tags")
    # data "aws_bedrock_inference_profile" with a literal id gives a system-profile ARN
    assert p.copy_from == f"arn:aws:bedrock::000000000000:inference-profile/{EU_SONNET_45}"
    assert classify(p.copy_from).kind is Kind.SYSTEM_PROFILE_ARN  # type: ignore[union-attr]


def test_local_child_module_is_instantiated_with_caller_inputs(platform_main: Document) -> None:
    p = profile(platform_main, "module.globex_summarizer.aws_bedrock_inference_profile.this")
    assert pos(p.loc) == at("platform/main.tf", 144, 1)
    assert p.name == "helpdesk-globex-claude-haiku-summarizer"
    assert pos(p.name_loc) == at("platform/main.tf", 150, 15)
    assert p.copy_from == f"arn:aws:bedrock:eu-west-1::foundation-model/{HAIKU}"
    assert pos(p.copy_from_loc) == at("platform/main.tf", 151, 15)
    assert p.create_before_destroy is True
    # providers = { aws = aws.eu }: the child's resources use the caller's aws.eu default_tags
    assert tag_values(p) == {
        "product": "helpdesk",
        "team": "ml-platform",
        "owner": "ml-platform@acme.io",
        "billing-mode": "client",
        "managed-by": "terraform",
        "source": "github.com/acme/terraform-aws-bedrock-aip",  # the child's own tags win
        "env": "prod",
        "client": "globex",
        "project": "support-bot",
        "cost-center": "cc-4711",
        "component": "summarizer",
    }
    assert tag_sources(p)["billing-mode"] == "local.client_tags"
    assert tag_sources(p)["cost-center"] == "module.globex_summarizer.tags"
    assert tag_sources(p)["source"] == "resource tags"
    assert pos(p.tags["cost-center"].loc) == at("platform/main.tf", 153, 5)
    assert pos(p.tags["source"].loc) == at("platform/modules/aip/main.tf", 11, 5)
    assert p.tag_sources == (
        "provider aws.eu default_tags",
        "local.common_tags",
        "local.client_tags",
        "module.globex_summarizer.tags",
        "resource tags",
    )
    assert p.unresolved_tag_sources == ()


def test_child_module_scanned_alone_cannot_verify_its_tags() -> None:
    doc = scan_file("platform/modules/aip/main.tf")
    (p,) = doc.profiles
    assert p.logical_name == "aws_bedrock_inference_profile.this"
    assert pos(p.loc) == at("platform/modules/aip/main.tf", 1, 1)
    assert p.name is None and pos(p.name_loc) == at("platform/modules/aip/main.tf", 2, 17)
    assert p.copy_from is None and p.copy_from_resolved is False
    # no provider block and no backend: default_tags come from a caller, unknown here
    assert p.unresolved_tag_sources == ("provider default_tags", "var.tags")
    assert tag_values(p) == {
        "managed-by": "terraform",
        "source": "github.com/acme/terraform-aws-bedrock-aip",
    }
    assert doc.refs == []


# --- model references --------------------------------------------------------------------------


def test_model_refs_platform(platform_main: Document) -> None:
    kb = "aws_bedrockagent_knowledge_base"
    assert refs(platform_main) == [
        (81, 29, SONNET_35, "aws_bedrockagent_agent.foundation_model", "aws_bedrockagent_agent", None),
        (99, 29, "arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0",
         f"{kb}.knowledge_base_configuration.vector_knowledge_base_configuration.embedding_model_arn",
         kb, "var.embedding_model_id"),
        (117, 23, HAIKU, "aws_lambda_function.environment.variables.MODEL_ID", "aws_lambda_function", None),
        (118, 23, HAIKU, "aws_lambda_function.environment.variables.SUMMARY_MODEL", "aws_lambda_function",
         "local.summarizer_model"),
    ]  # fmt: skip
    # not reported: profile ARN references (lines 88, 131), the agent instruction text (82),
    # copy_from (9, 26, 41, 55, 70) and the module's copy_from input (151)


def test_no_refs_from_iam_data_outputs_providers_locals_variables() -> None:
    for rel in ("iam.tf", "data.tf", "providers.tf", "locals.tf", "variables.tf", "versions.tf"):
        doc = scan_file(f"platform/{rel}")
        assert (doc.refs, doc.profiles) == ([], []), rel


def test_model_refs_containers() -> None:
    doc = scan_file("services/containers.tf")
    ecs = "aws_ecs_task_definition"
    apprunner = "aws_apprunner_service"
    env_path = (
        "source_configuration.image_repository.image_configuration.runtime_environment_variables"
    )
    assert refs(doc) == [
        # jsonencode([{ environment = [{ name, value }] }])
        (11, 46, "anthropic.claude-3-5-sonnet-20241022-v2:0",
         f"{ecs}.container_definitions.environment.BEDROCK_MODEL_ID", ecs, None),
        # heredoc JSON: the value is located inside the heredoc
        (28, 41, "us.anthropic.claude-3-5-haiku-20241022-v1:0",
         f"{ecs}.container_definitions.environment.MODEL_ID", ecs, None),
        (45, 22, "meta.llama3-1-70b-instruct-v1:0", f"{apprunner}.{env_path}.MODEL_ID", apprunner, None),
        # the profile ARN delivered through SSM: reported, the rules judge its kind
        (57, 11, "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/k2x8a1b3c4d5",
         "aws_ssm_parameter.value", "aws_ssm_parameter", "var.support_profile_arn"),
        (64, 17, HAIKU, "aws_ssm_parameter.value", "aws_ssm_parameter", None),
        (77, 21, "arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-lite-v1:0",
         "aws_sfn_state_machine.definition.ModelId", "aws_sfn_state_machine", None),
    ]  # fmt: skip


def test_model_refs_bedrock_resources_and_modules(services_bedrock: Document) -> None:
    fm = "arn:aws:bedrock:eu-central-1::foundation-model/"
    job = "aws_bedrock_model_invocation_job"
    router = "aws_bedrock_prompt_router"
    ds = "aws_bedrockagent_data_source"
    parsing = "vector_ingestion_configuration.parsing_configuration.bedrock_foundation_model_configuration"
    assert refs(services_bedrock) == [
        # var.use_profile has no value: the literal branch of the conditional may be deployed
        (30, 91, HAIKU, "aws_bedrockagent_agent.foundation_model", "aws_bedrockagent_agent", None),
        (39, 21, "amazon.titan-text-express-v1", "aws_bedrockagent_prompt.variant.model_id",
         "aws_bedrockagent_prompt", None),
        # default, dev.tfvars and prod.tfvars disagree: every candidate is reported
        (51, 14, "amazon.nova-lite-v1:0", f"{job}.model_id", job, "var.batch_model_id"),
        (51, 14, "amazon.nova-pro-v1:0", f"{job}.model_id", job, "var.batch_model_id"),
        (51, 14, "eu.amazon.nova-pro-v1:0", f"{job}.model_id", job, "var.batch_model_id"),
        (71, 17, f"{fm}{HAIKU}", f"{router}.models.model_arn", router, None),
        (75, 17, f"{fm}{SONNET_35}", f"{router}.fallback_model.model_arn", router, None),
        (98, 21, f"{fm}{HAIKU}", f"{ds}.{parsing}.model_arn", ds, None),
        # exempt by policy (api), but still facts
        (106, 28, f"{fm}{HAIKU}:200k", "aws_bedrock_provisioned_model_throughput.model_arn",
         "aws_bedrock_provisioned_model_throughput", None),
        (114, 27, "arn:aws:bedrock:::foundation-model/amazon.titan-text-express-v1",
         "aws_bedrock_custom_model.base_model_identifier", "aws_bedrock_custom_model", None),
        # remote modules: any input holding a model ID, except copy_from / tags inputs
        (129, 15, HAIKU, "module.observability.model_id", None, None),
        (139, 18, "anthropic.claude-3-5-sonnet-20241022-v2:0", "module.assistant.models.primary", None, None),
        (140, 18, "cohere.embed-multilingual-v3", "module.assistant.models.embeddings", None, None),
        (142, 17, "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/k2x8a1b3c4d5",
         "module.assistant.profile_arn", None, "var.support_profile_arn"),
    ]  # fmt: skip
    kinds = {r.value: classify(r.value).kind for r in services_bedrock.refs}  # type: ignore[union-attr]
    assert kinds["eu.amazon.nova-pro-v1:0"] is Kind.SYSTEM_PROFILE
    assert kinds[f"{fm}{HAIKU}:200k"] is Kind.FOUNDATION_MODEL_ARN


def test_services_profiles(services_bedrock: Document) -> None:
    aws = profile(services_bedrock, "aws_bedrock_inference_profile.support")
    # provider default_tags = var.default_tags: ci.auto.tfvars overrides the default
    assert tag_values(aws) == {
        "managed-by": "terraform",
        "source": "github.com/acme/support-services",
        "team": "support-eng",
        "product": "support",
        "billing-mode": "internal",
        "env": None,  # dev.tfvars and prod.tfvars disagree
        "owner": "support-eng@acme.io",
    }
    assert pos(aws.tags["team"].loc) == at("services/ci.auto.tfvars", 4, 3)
    assert aws.tags["team"].source == "provider default_tags"
    assert aws.unresolved_tag_sources == ()

    cc = profile(services_bedrock, "awscc_bedrock_application_inference_profile.support_eu")
    assert cc.kind == "awscc_bedrock_application_inference_profile"
    assert cc.name == "support-claude-3-5-sonnet-eu"
    assert pos(cc.name_loc) == at("services/bedrock.tf", 17, 28)
    assert cc.copy_from == (
        "arn:aws:bedrock:eu-central-1:000000000000:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0"
    )
    assert pos(cc.copy_from_loc) == at("services/bedrock.tf", 19, 17)
    # tags = [{ key, value }]; awscc has no provider default_tags
    assert tag_values(cc) == {"product": "support", "env": None}
    assert pos(cc.tags["product"].loc) == at("services/bedrock.tf", 22, 13)
    assert cc.tag_sources == ("resource tags",)
    assert cc.create_before_destroy is False


# --- errors ------------------------------------------------------------------------------------


def test_broken_file_raises_scan_error_at_the_parser_position() -> None:
    with pytest.raises(ScanError) as info:
        scan_file("broken/main.tf")
    assert (info.value.message, info.value.line, info.value.col) == (
        "invalid HCL: unterminated string",
        5,
        17,
    )


@pytest.mark.parametrize(
    ("text", "message", "line", "col"),
    [
        ("a = {", "invalid HCL: unexpected end of file", 1, 6),
        ('resource "x" "y" {\n  a = 1\n', "invalid HCL: unexpected end of file", 3, 1),
        ("a = 1\nb = [1, 2,,]\n", "invalid HCL: unexpected ',]'", 2, 11),
        ("@@@", "invalid HCL: unexpected '@@@'", 1, 1),
    ],
)
def test_parse_errors(tmp_path: Path, text: str, message: str, line: int, col: int) -> None:
    with pytest.raises(ScanError) as info:
        terraform.scan(str(tmp_path / "main.tf"), text, _ctx())
    assert (info.value.message, info.value.line, info.value.col) == (message, line, col)


def test_broken_sibling_does_not_break_the_scanned_file(tmp_path: Path) -> None:
    (tmp_path / "broken.tf").write_text('locals { x = "unterminated\n')
    main = tmp_path / "main.tf"
    main.write_text('resource "aws_ssm_parameter" "m" {\n  value = "amazon.nova-pro-v1:0"\n}\n')
    doc = terraform.scan(str(main), main.read_text(), _ctx())
    assert refs(doc) == [
        (2, 11, "amazon.nova-pro-v1:0", "aws_ssm_parameter.value", "aws_ssm_parameter", None)
    ]


# --- positions ---------------------------------------------------------------------------------


def _all_fixture_docs() -> list[Document]:
    docs = []
    for path in sorted(FIXTURES.rglob("*.tf")):
        if "broken" in path.parts:
            continue
        docs.append(terraform.scan(str(path), path.read_text(), _ctx()))
    return docs


def test_every_fact_carries_an_exact_position() -> None:
    """Fails if positions go missing (python-hcl2 8 dicts have none) or drift."""
    docs = _all_fixture_docs()
    assert sum(len(d.refs) for d in docs) == 24 and sum(len(d.profiles) for d in docs) == 9
    for doc in docs:
        lines = Path(doc.path).read_text().splitlines()
        for r in doc.refs:
            assert r.loc.path == doc.path
            assert r.loc.end_line is not None and r.loc.end_col is not None, r
            written = lines[r.loc.line - 1][r.loc.col - 1 :]
            if r.via and not written.startswith('"'):  # the reference where the value arrives
                assert written.startswith(r.via), (r, written)
            elif r.via:  # a template interpolating it
                assert "${" + r.via in written, (r, written)
            elif r.value in written:  # a literal: its opening quote
                assert written.startswith((f'"{r.value}', '"arn:')), (r, written)
            else:  # built from a data source in this file
                assert written.startswith("data."), (r, written)
        for p in doc.profiles:
            assert lines[p.loc.line - 1][p.loc.col - 1 :].startswith(("resource", "module")), p
            for key, tag in p.tags.items():
                tag_line = Path(tag.loc.path).read_text().splitlines()[tag.loc.line - 1]
                assert key in tag_line[tag.loc.col - 1 :], (p.logical_name, key, tag.loc)


# --- resolution details (small modules built in tmp_path) ---------------------------------------


def _module(tmp_path: Path, files: dict[str, str], scan: str = "main.tf") -> Document:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"))
    path = tmp_path / scan
    return terraform.scan(str(path), path.read_text(), _ctx())


def test_unresolvable_values_yield_no_refs(tmp_path: Path) -> None:
    doc = _module(tmp_path, {
        "variables.tf": 'variable "model" { type = string }\n',
        "main.tf": """
            resource "aws_bedrockagent_agent" "a" {
              foundation_model = var.model
            }
            resource "aws_lambda_function" "f" {
              environment {
                variables = {
                  MODEL_ID = "${var.geo}.anthropic.claude-3-haiku-20240307-v1:0"
                  OTHER    = data.aws_ssm_parameter.model.value
                  THIRD    = module.remote.model_id
                }
              }
            }
        """,
    })  # fmt: skip
    assert doc.refs == []


def test_tfvars_precedence(tmp_path: Path) -> None:
    doc = _module(tmp_path, {
        "variables.tf": 'variable "model" {\n  default = "amazon.titan-text-lite-v1"\n}\n',
        "terraform.tfvars": 'model = "amazon.nova-micro-v1:0"\n',
        "a.auto.tfvars": 'model = "amazon.nova-lite-v1:0"\n',
        "b.auto.tfvars.json": '{"model": "amazon.nova-pro-v1:0"}',
        "main.tf": 'resource "aws_ssm_parameter" "m" {\n  value = var.model\n}\n',
    })  # fmt: skip
    assert refs(doc) == [
        (2, 11, "amazon.nova-pro-v1:0", "aws_ssm_parameter.value", "aws_ssm_parameter", "var.model")
    ]


def test_locals_functions_and_conditionals(tmp_path: Path) -> None:
    doc = _module(tmp_path, {
        "main.tf": """
            locals {
              models = {
                chat  = "anthropic.claude-3-5-haiku-20241022-v1:0"
                embed = "amazon.titan-embed-text-v2:0"
              }
              use_profile = true
              geo         = "eu"
            }
            variable "env" {}
            resource "aws_lambda_function" "f" {
              environment {
                variables = {
                  A = local.models["chat"]
                  B = local.use_profile ? aws_bedrock_inference_profile.p.arn : "amazon.nova-pro-v1:0"
                  C = coalesce(var.override, "amazon.nova-lite-v1:0")
                  D = format("%s.%s", local.geo, "amazon.nova-micro-v1:0")
                  E = lookup(local.models, var.env)
                  F = upper("x")
                }
              }
            }
        """,
    })  # fmt: skip
    f = "aws_lambda_function.environment.variables"
    assert refs(doc) == [
        (13, 11, "anthropic.claude-3-5-haiku-20241022-v1:0", f"{f}.A", "aws_lambda_function", "local.models"),
        # B: the condition is known (true), so the literal branch is never deployed
        # C: var.override is unknown, so the fallback literal may be deployed (at the literal)
        (15, 34, "amazon.nova-lite-v1:0", f"{f}.C", "aws_lambda_function", None),
        (16, 11, "eu.amazon.nova-micro-v1:0", f"{f}.D", "aws_lambda_function", "local.geo"),
        # E: the key is unknown, every value of the table may be deployed
        (17, 18, "amazon.titan-embed-text-v2:0", f"{f}.E", "aws_lambda_function", "local.models"),
        (17, 18, "anthropic.claude-3-5-haiku-20241022-v1:0", f"{f}.E", "aws_lambda_function", "local.models"),
    ]  # fmt: skip


def test_module_outputs_and_nested_local_modules(tmp_path: Path) -> None:
    doc = _module(tmp_path, {
        "modules/models/outputs.tf": 'output "chat" {\n  value = "anthropic.claude-3-haiku-20240307-v1:0"\n}\n',
        "modules/agent/main.tf": """
            variable "model" { type = string }
            module "inner" {
              source   = "../inner"
              model_id = var.model
            }
        """,
        "modules/inner/main.tf": """
            variable "model_id" { type = string }
            resource "aws_bedrockagent_agent" "this" {
              foundation_model = var.model_id
            }
            resource "aws_ssm_parameter" "fixed" {
              value = "amazon.titan-text-lite-v1"
            }
        """,
        "main.tf": """
            module "models" {
              source = "./modules/models"
            }
            module "agent" {
              source = "./modules/agent"
              model  = "amazon.nova-pro-v1:0"
            }
            resource "aws_ssm_parameter" "m" {
              value = module.models.chat
            }
        """,
    })  # fmt: skip
    assert refs(doc) == [
        # the value passed in reaches a setting two modules down: reported at the input
        (6, 12, "amazon.nova-pro-v1:0", "module.agent.module.inner.aws_bedrockagent_agent.foundation_model",
         "aws_bedrockagent_agent", None),
        (9, 11, "anthropic.claude-3-haiku-20240307-v1:0", "aws_ssm_parameter.value", "aws_ssm_parameter",
         "module.models.chat"),
    ]  # fmt: skip
    # the child's own literal is reported once, when the child file itself is scanned
    inner = tmp_path / "modules/inner/main.tf"
    assert refs(terraform.scan(str(inner), inner.read_text(), _ctx())) == [
        (6, 11, "amazon.titan-text-lite-v1", "aws_ssm_parameter.value", "aws_ssm_parameter", None)
    ]


def test_odd_but_valid_hcl_never_raises(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bedrock_lint")
    doc = _module(tmp_path, {
        "main.tf": """
            locals {
              a    = local.b
              b    = local.a
              list = [for s in var.names : upper(s) if s != ""]
              map  = { for k, v in var.m : k => v }
              deep = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
            }
            module "self" {
              source = "./"
            }
            resource "aws_bedrockagent_prompt" "p" {
              count = 2
              name  = "p-${count.index}"
              dynamic "variant" {
                for_each = var.variants
                content {
                  name     = variant.value.name
                  model_id = "amazon.nova-pro-v1:0"
                }
              }
              variant {
                name     = "splat"
                model_id = aws_x.y[*].id
              }
            }
            resource "aws_lambda_function" "f" {
              for_each = toset(["a", "b"])
              environment {
                variables = merge(local.a, {
                  A = each.value
                  B = <<-EOT
                    %{ if var.x }amazon.nova-pro-v1:0%{ endif }
                  EOT
                  C = provider::aws::arn_parse("x").resource
                  D = merge(local.list...)
                  E = "${local.a}-${-1}"
                  F = var.x == "y" && !var.z
                  G = 1.5e3
                  H = <<EOT
            ${local.geo_missing}.amazon.nova-pro-v1:0
            EOT
                })
              }
            }
            resource "aws_bedrock_inference_profile" "odd" {
              name = local.deep[0][0]
              tags = { for k in var.keys : k => "x" }
              model_source {
                copy_from = "arn:${data.aws_partition.current.partition}:bedrock:${data.aws_region.current.region}::foundation-model/amazon.nova-pro-v1:0"
              }
            }
        """,
    })  # fmt: skip
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert refs(doc) == [
        (
            18,
            18,
            "amazon.nova-pro-v1:0",
            "aws_bedrockagent_prompt.variant.model_id",
            "aws_bedrockagent_prompt",
            None,
        )
    ]
    (p,) = doc.profiles
    assert p.name is None  # nesting beyond the evaluation limit is unknown, not an error
    # no provider block and no backend here: default_tags would come from a caller
    assert p.unresolved_tag_sources == ("provider default_tags", '{ for k in var.keys : k => "x" }')
    assert p.copy_from == "arn:aws:bedrock:region::foundation-model/amazon.nova-pro-v1:0"


def test_tag_overlay_semantics(tmp_path: Path) -> None:
    doc = _module(tmp_path, {
        "versions.tf": 'terraform {\n  backend "s3" {}\n}\n',
        "providers.tf": """
            provider "aws" {
              default_tags {
                tags = { owner = "platform", env = "dev" }
              }
            }
        """,
        "main.tf": """
            resource "aws_bedrock_inference_profile" "p" {
              name = "x"
              tags = merge({ env = "prod", owner = null }, { (var.key) = "v", n = 3, flag = true })
            }
        """,
    })  # fmt: skip
    (p,) = doc.profiles
    # null is ignored by the provider, so the default owner stays; scalars become strings
    assert tag_values(p) == {"owner": "platform", "env": "prod", "n": "3", "flag": "true"}
    assert tag_sources(p) == {
        "owner": "provider default_tags",
        "env": "resource tags",
        "n": "resource tags",
        "flag": "resource tags",
    }
    assert p.unresolved_tag_sources == ("(var.key)",)  # a key that cannot be computed
    assert p.tag_sources == ("provider default_tags", "resource tags")


def test_root_module_without_provider_block_has_no_default_tags(tmp_path: Path) -> None:
    doc = _module(tmp_path, {
        "terraform.tfvars": 'env = "prod"\n',
        "main.tf": """
            variable "env" {}
            resource "aws_bedrock_inference_profile" "p" {
              name = "x"
              tags = { env = var.env }
            }
            resource "aws_bedrock_inference_profile" "q" {
              provider = aws.eu
              name     = "y"
            }
        """,
    })  # fmt: skip
    p, q = doc.profiles
    assert (tag_values(p), p.unresolved_tag_sources) == ({"env": "prod"}, ())
    # an aliased provider that is not configured here must come from a caller
    assert (tag_values(q), q.unresolved_tag_sources) == ({}, ("provider aws.eu default_tags",))


def test_siblings_are_read_once_per_scan_and_parsed_once_per_process(tmp_path: Path) -> None:
    for name in ("providers.tf", "locals.tf", "variables.tf", "main.tf"):
        (tmp_path / name).write_text((FIXTURES / "platform" / name).read_text())
    reads: list[str] = []

    def counting(path: Path) -> str | None:
        if path.parent == tmp_path:  # (main.tf also probes its missing ./modules/aip)
            reads.append(path.name)
        return _read(path)

    main = tmp_path / "main.tf"
    terraform.scan(str(main), main.read_text(), _ctx(counting))
    assert sorted(n for n in reads if n.endswith(".tf")) == [
        "locals.tf",
        "providers.tf",
        "variables.tf",
    ]
    before = terraform._parse_text.cache_info()
    reads.clear()
    terraform.scan(str(main), main.read_text(), _ctx(counting))
    after = terraform._parse_text.cache_info()
    assert after.misses == before.misses  # nothing parsed again
    assert sorted(n for n in reads if n.endswith(".tf")) == [
        "locals.tf",
        "providers.tf",
        "variables.tf",
    ]


def test_in_memory_context_finds_well_known_siblings() -> None:
    files = {
        "infra/providers.tf": 'provider "aws" {\n  default_tags {\n    tags = { owner = "me" }\n  }\n}\n',
        "infra/main.tf": 'resource "aws_bedrock_inference_profile" "p" {\n  name = "x"\n  tags = { product = "y" }\n}\n',
    }
    ctx = ScanContext(POLICY, Path("/nonexistent"), read_text=lambda p: files.get(p.as_posix()))
    doc = terraform.scan("infra/main.tf", files["infra/main.tf"], ctx)
    (p,) = doc.profiles
    assert tag_values(p) == {"owner": "me", "product": "y"}
    assert pos(p.tags["owner"].loc) == ("infra/providers.tf", 3, 14)
    assert p.copy_from is None and p.copy_from_resolved is True  # absent, not unresolved


def test_bom_and_crlf(tmp_path: Path) -> None:
    text = '\ufeffresource "aws_ssm_parameter" "m" {\r\n  value = "amazon.nova-pro-v1:0"\r\n}\r\n'
    doc = terraform.scan(str(tmp_path / "main.tf"), text, _ctx())
    assert refs(doc) == [
        (2, 11, "amazon.nova-pro-v1:0", "aws_ssm_parameter.value", "aws_ssm_parameter", None)
    ]


def test_modelref_is_hashable_and_sorted(platform_main: Document) -> None:
    assert len(set(platform_main.refs)) == len(platform_main.refs)
    assert platform_main.refs == sorted(
        platform_main.refs, key=lambda r: (r.loc.line, r.loc.col, r.context, r.value)
    )
    assert isinstance(platform_main.refs[0], ModelRef)


# --- grammar cache -----------------------------------------------------------------------------


def test_grammar_cache_falls_back_to_user_cache_dir(tmp_path: Path) -> None:
    """A read-only site-packages must not make every process rebuild the grammar (~1.2 s)."""
    default = tmp_path / "read-only" / ".lark_cache.bin"  # parent missing: not writable
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert terraform._cache_path(tmp_path / ".lark_cache.bin") == str(tmp_path / ".lark_cache.bin")
    script = textwrap.dedent(f"""
        import logging, pathlib
        import hcl2.parser, lark
        hcl2.parser.PARSER_FILE = pathlib.Path({str(default)!r})
        lark.logger.setLevel(logging.DEBUG)
        from bedrock_lint.scanners.terraform import _parser
        _parser().parse('a = 1\\n')
    """)
    first = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    cached = list((tmp_path / "cache" / "bedrock-lint").glob("hcl2-*.lark.bin"))
    assert len(cached) == 1 and "Saving grammar to cache" in first.stderr
    (saved,) = (tmp_path / "cache" / "bedrock-lint").glob(".bedrock-lint-hcl2-*.parser")
    assert saved.parent == cached[0].parent  # beside lark's own cache, nowhere else
    second = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    # the built parser itself was loaded: lark neither built nor read its grammar
    assert "grammar" not in second.stderr.lower()
    saved.write_bytes(saved.read_bytes()[:1000])  # damaged: lark's cache is used, and it is saved anew
    third = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert "Loading grammar from cache" in third.stderr
    assert saved.stat().st_size > 100_000
    assert not default.exists()


def test_the_saved_parser_parses_as_the_grammar_does(tmp_path: Path) -> None:
    """The parser loaded from the user cache gives the trees, tokens and positions (and the
    errors) of one built from python-hcl2's grammar, on every Terraform file of the tests."""
    import hcl2.parser as hcl2_parser
    from hcl2.postlexer import PostLexer
    from lark import Lark

    built = Lark.open("hcl2.lark", parser="lalr", rel_to=hcl2_parser.__file__,
                      propagate_positions=True, postlex=PostLexer())
    path = str(tmp_path / "hcl2.parser")
    terraform._save_parser(built, path)
    loaded = terraform._load_saved_parser(path)
    assert loaded is not None and loaded is not built

    def shape(parser: Any, text: str) -> Any:
        try:
            tree = parser.parse(text)
        except Exception as exc:
            return type(exc).__name__, str(exc)
        return [(repr(t), t.line, t.column, t.end_line, t.end_column)
                for t in tree.scan_values(lambda v: True)], [
                (st.data, st.meta.line, st.meta.column, st.meta.end_line, st.meta.end_column)
                for st in tree.iter_subtrees() if not st.meta.empty]

    texts = [p.read_text(encoding="utf-8") + "\n" for p in sorted(Path(__file__).parents[1].rglob("*.tf"))]
    assert len(texts) > 40
    texts += ['resource "x" {\n  a = \n}\n', "}", 'locals {\n  x = "${' + "\n"]  # errors
    for text in texts:
        assert shape(loaded, text) == shape(built, text)


def test_a_saved_parser_that_does_not_parse_the_sample_is_not_used(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "hcl2.parser"
    path.write_bytes(pickle.dumps({"not": "a parser"}))
    assert terraform._load_saved_parser(str(path)) is None
    path.write_bytes(b"\x80\x05garbage")
    assert terraform._load_saved_parser(str(path)) is None
    assert terraform._load_saved_parser(str(tmp_path / "absent.parser")) is None
