"""CloudFormation / SAM / CDK-output scanner: exact facts from realistic templates."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_lint.facts import Document, ModelRef, ProfileResource, Use
from bedrock_lint.findings import Location
from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError, format_for
from bedrock_lint.scanners.cloudformation import parse_sam_tags, scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "cloudformation"
POLICY = load_policy()

AIP = "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
KB_EMBEDDING = (
    "AWS::Bedrock::KnowledgeBase.KnowledgeBaseConfiguration.VectorKnowledgeBaseConfiguration."
    "EmbeddingModelArn"
)
DS_PARSING = (
    "AWS::Bedrock::DataSource.VectorIngestionConfiguration.ParsingConfiguration."
    "BedrockFoundationModelConfiguration.ModelArn"
)
MEMORY_EXTRACTION = (
    "AWS::BedrockAgentCore::Memory.MemoryStrategies[].CustomMemoryStrategy.Configuration."
    "SemanticOverride.Extraction.ModelId"
)
HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def make_ctx(
    root: Path = FIX, files: dict[Path, str] | None = None, seen: list[Path] | None = None
) -> ScanContext:
    def read_text(path: Path) -> str | None:
        if seen is not None:
            seen.append(path)
        if files is not None:
            return files.get(path)
        return _read(path)

    return ScanContext(POLICY, root, read_text)


def scan_fixture(rel: str) -> Document:
    path = FIX / rel
    return scan(str(path), path.read_text(encoding="utf-8"), make_ctx())


def scan_text(text: str, path: str = "/repo/template.yaml", **kw: object) -> Document:
    return scan(path, textwrap.dedent(text), make_ctx(Path("/repo"), files={}, **kw))  # type: ignore[arg-type]


def at(loc: Location | None) -> tuple[int, int] | None:
    return None if loc is None else (loc.line, loc.col)


def ref_rows(doc: Document) -> list[tuple[int, int, str, str, str | None, str | None]]:
    return [(r.loc.line, r.loc.col, r.value, r.context, r.api, r.via) for r in doc.refs]


def tag_rows(profile: ProfileResource) -> dict[str, tuple[str | None, int, int]]:
    return {k: (v.value, v.loc.line, v.loc.col) for k, v in profile.tags.items()}


def only(doc: Document, name: str) -> ProfileResource:
    (profile,) = [p for p in doc.profiles if p.logical_name == name]
    return profile


# --- the playbook's per-caller template --------------------------------------------------------


def test_playbook_caller_profile() -> None:
    doc = scan_fixture("playbook/aip-cloudformation.yaml")
    assert doc.fmt == "cloudformation"
    (p,) = doc.profiles
    assert p.kind == "AWS::Bedrock::ApplicationInferenceProfile"
    assert p.fmt == "cloudformation"
    assert p.logical_name == "CallerProfile"
    assert at(p.loc) == (24, 3)
    assert p.loc.path == str(FIX / "playbook/aip-cloudformation.yaml")
    # CallerName has no Default: the name is unknown until deploy time.
    assert p.name is None
    assert at(p.name_loc) == (27, 29)
    # CopyFrom: !Ref BaseModelProfile -> the parameter's Default.
    assert p.copy_from == (
        "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6"
    )
    assert p.copy_from_resolved is True
    assert at(p.copy_from_loc) == (30, 19)
    assert tag_rows(p) == {
        "Application": (None, 33, 18),
        "Owner": ("platform-team", 35, 18),
        "Environment": ("production", 37, 18),
    }
    assert p.tag_sources == ("resource Tags",)
    assert p.unresolved_tag_sources == ()
    assert at(p.tags_loc) == (32, 9)
    assert p.create_before_destroy is None
    # BaseModelProfile's default only feeds CopyFrom; the Outputs only GetAtt the profile.
    assert doc.refs == []


# --- ADR-0007 profiles ----------------------------------------------------------------------------


def test_adr_profile_with_full_tier1_tags() -> None:
    p = only(scan_fixture("adr/bedrock-profiles.yaml"), "SupportClaudeSonnetProfile")
    assert at(p.loc) == (21, 3)
    assert p.name == "support-claude-sonnet-4-6-prod"  # !Sub with the Env default
    assert at(p.name_loc) == (24, 29)
    assert p.copy_from == (
        "arn:aws:bedrock:region:000000000000:inference-profile/eu.anthropic.claude-sonnet-4-6"
    )
    assert p.copy_from_resolved is True
    assert at(p.copy_from_loc) == (27, 19)
    assert {k: v.value for k, v in p.tags.items()} == {
        "product": "support",
        "billing-mode": "internal",
        "env": "prod",
        "team": "conversational-ai",
        "owner": "ana.garcia@ontopix.ai",
        "source": "github.com/ontopix/support-assistant",
        "managed-by": "cloudformation",
    }
    assert at(p.tags["env"].loc) == (34, 18)
    assert {v.source for v in p.tags.values()} == {"resource Tags"}
    assert p.unresolved_tag_sources == ()


def test_adr_profile_missing_tags_and_fm_source() -> None:
    p = only(scan_fixture("adr/bedrock-profiles.yaml"), "SupportNovaLiteProfile")
    assert at(p.loc) == (45, 3)
    assert p.name == "support-nova-lite"
    assert p.copy_from == "arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-lite-v1:0"
    assert at(p.copy_from_loc) == (50, 19)
    assert tag_rows(p) == {"product": ("support", 53, 18), "env": ("prod", 55, 18)}
    assert p.unresolved_tag_sources == ()


def test_adr_client_profile_without_tier2() -> None:
    p = only(scan_fixture("adr/bedrock-profiles.yaml"), "GlobexClaudeHaikuProfile")
    assert p.name == "globex-support-claude-haiku-4-5"
    # Long-form Fn::Sub: the position is the string's own.
    assert p.copy_from == (
        "arn:aws:bedrock:region:000000000000:inference-profile/"
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
    )
    assert at(p.copy_from_loc) == (64, 20)
    assert p.tags["billing-mode"].value == "client"
    assert p.tags["client"].value == "globex"
    assert sorted(p.tags) == sorted(
        ["product", "billing-mode", "client", "env", "team", "owner", "source", "managed-by"]
    )
    assert p.unresolved_tag_sources == ()


def test_adr_profile_with_deploy_time_model_and_conditional_tags() -> None:
    p = only(scan_fixture("adr/bedrock-profiles.yaml"), "ResearchProfile")
    assert p.name == "support-research-prod"
    # ${ResearchModel} has no Default and sits in the model part of the ARN.
    assert p.copy_from is None
    assert p.copy_from_resolved is False
    assert at(p.copy_from_loc) == (89, 19)
    # Tags: !If [IsProd, [...], [...]] -> nothing known, one unresolved source.
    assert p.tags == {}
    assert p.unresolved_tag_sources == ("!If IsProd",)
    assert p.tag_sources == ("resource Tags",)
    assert at(p.tags_loc) == (90, 13)


def test_adr_profiles_template_has_no_model_refs() -> None:
    doc = scan_fixture("adr/bedrock-profiles.yaml")
    assert [p.logical_name for p in doc.profiles] == [
        "SupportClaudeSonnetProfile",
        "SupportNovaLiteProfile",
        "GlobexClaudeHaikuProfile",
        "ResearchProfile",
    ]
    assert doc.refs == []  # CopyFrom, Description and Outputs are not model references


# --- model-bearing properties -----------------------------------------------------------------------


def test_assistant_stack_model_refs_exact() -> None:
    doc = scan_fixture("adr/assistant-stack.yaml")
    assert doc.profiles == []
    router_arn = "arn:aws:bedrock:region::foundation-model/" + HAIKU_3
    assert ref_rows(doc) == [
        # ChatProfileArn's Default, !Ref'd into five sinks.
        (14, 14, AIP, "AWS::Bedrock::Agent.FoundationModel", "AWS::Bedrock::Agent",
         "Parameters.ChatProfileArn"),
        (14, 14, AIP,
         "AWS::Bedrock::Flow.Definition.Nodes[].Configuration.Prompt.SourceConfiguration.Inline.ModelId",
         "AWS::Bedrock::Flow", "Parameters.ChatProfileArn"),
        (14, 14, AIP, "AWS::Bedrock::Prompt.Variants[].ModelId", "AWS::Bedrock::Prompt",
         "Parameters.ChatProfileArn"),
        (14, 14, AIP,
         "AWS::ECS::TaskDefinition.ContainerDefinitions[].Environment.BEDROCK_INFERENCE_PROFILE_ARN",
         "AWS::ECS::TaskDefinition", "Parameters.ChatProfileArn"),
        (14, 14, AIP, "AWS::SSM::Parameter.Value", "AWS::SSM::Parameter", "Parameters.ChatProfileArn"),
        # ${EmbeddingModelId} inside a !Sub that builds the FM ARN: located at the Default.
        (17, 14, "arn:aws:bedrock:region::foundation-model/amazon.titan-embed-text-v2:0",
         KB_EMBEDDING, "AWS::Bedrock::KnowledgeBase", "Parameters.EmbeddingModelId"),
        (20, 14, router_arn, "AWS::Bedrock::IntelligentPromptRouter.FallbackModel.ModelArn",
         "AWS::Bedrock::IntelligentPromptRouter", "Parameters.RouterFallbackModel"),
        (20, 14, router_arn, "AWS::Bedrock::IntelligentPromptRouter.Models[].ModelArn",
         "AWS::Bedrock::IntelligentPromptRouter", "Parameters.RouterFallbackModel"),
        # !FindInMap [ParsingModels, !Ref AWS::Region, ModelArn]: every Region's value.
        (31, 17, "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
         DS_PARSING, "AWS::Bedrock::DataSource", "Mappings.ParsingModels"),
        (33, 17, "arn:aws:bedrock:eu-west-1::foundation-model/" + HAIKU_3,
         DS_PARSING, "AWS::Bedrock::DataSource", "Mappings.ParsingModels"),
        (51, 30, HAIKU_3,
         "AWS::Bedrock::Agent.PromptOverrideConfiguration.PromptConfigurations[].FoundationModel",
         "AWS::Bedrock::Agent", None),
        (108, 20, "eu.amazon.nova-micro-v1:0", "AWS::Bedrock::Prompt.Variants[].ModelId",
         "AWS::Bedrock::Prompt", None),
        # Short-form !Sub: the inner string has no mark, the tag's position is used.
        (118, 21, "arn:aws:bedrock:region::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
         "AWS::Bedrock::IntelligentPromptRouter.Models[].ModelArn",
         "AWS::Bedrock::IntelligentPromptRouter", None),
        # The literal branch of !If [IsProd, !Ref ChatProfileArn, <model>].
        (143, 64, HAIKU_3,
         "AWS::Bedrock::Flow.Definition.Nodes[].Configuration.Prompt.SourceConfiguration.Inline.ModelId",
         "AWS::Bedrock::Flow", None),
        (180, 14, "anthropic.claude-v2:1", "AWS::SSM::Parameter.Value", "AWS::SSM::Parameter", None),
        (200, 22, "us.anthropic.claude-3-5-haiku-20241022-v1:0",
         "AWS::ECS::TaskDefinition.ContainerDefinitions[].Environment.SUMMARY_MODEL_ID",
         "AWS::ECS::TaskDefinition", None),
    ]  # fmt: skip
    assert {r.use for r in doc.refs} == {Use.SETTING}
    assert all(POLICY.grammar.classify(r.value) is not None for r in doc.refs)


def test_iam_outputs_metadata_and_iam_only_parameters_are_not_refs() -> None:
    doc = scan_fixture("adr/assistant-stack.yaml")
    values = {r.value for r in doc.refs}
    lines = {r.loc.line for r in doc.refs}
    # SummaryModelId (line 24) only feeds an IAM policy; the IAM roles (204-268), the Metadata
    # note (5), the SSM Description (181) and the Outputs (270-275) are not refs.
    assert "anthropic.claude-3-5-haiku-20241022-v1:0" not in values
    assert not any("claude-sonnet-4-6" in v for v in values)
    assert "anthropic.claude-instant-v1" not in values
    assert lines.isdisjoint({5, 24, 181, *range(204, 276)})
    assert max(lines) == 200


# --- SAM: Globals, samconfig.toml stack tags, IAM policies ------------------------------------


def test_sam_template_globals_and_function_env() -> None:
    doc = scan_fixture("sam-app/template.yaml")
    assert ref_rows(doc) == [
        # EmbeddingModelId's Default, !Ref'd into the function's environment.
        (19, 14, "cohere.embed-multilingual-v3",
         "AWS::Serverless::Function.Environment.Variables.EMBEDDING_MODEL_ID",
         "AWS::Serverless::Function", "Parameters.EmbeddingModelId"),
        # Globals: the literal FM is reported, BEDROCK_AIP_ARN (!GetAtt) is not.
        (31, 19, "anthropic.claude-3-5-sonnet-20240620-v1:0",
         "Globals.Function.Environment.Variables.MODEL_ID", "AWS::Serverless::Function", None),
    ]  # fmt: skip
    # FallbackModelId (line 16) and the foundation-model ARNs in Policies are IAM only.
    assert all(HAIKU_3 not in r.value for r in doc.refs)
    assert all("claude-sonnet-4-5" not in r.value for r in doc.refs)


def test_sam_profile_merges_samconfig_stack_tags() -> None:
    doc = scan_fixture("sam-app/template.yaml")
    (p,) = doc.profiles
    assert p.logical_name == "SummariserProfile"
    assert p.name == "support-summariser-claude-sonnet-4-5-dev"
    assert p.copy_from == (
        "arn:aws:bedrock:region:000000000000:inference-profile/"
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
    )
    assert p.tag_sources == ("samconfig.toml stack tags", "resource Tags")
    assert p.unresolved_tag_sources == ()
    samconfig = str(FIX / "sam-app" / "samconfig.toml")
    template = str(FIX / "sam-app" / "template.yaml")
    assert {k: (v.value, v.loc.path, v.loc.line, v.loc.col, v.source) for k, v in p.tags.items()} == {
        "product": ("support", samconfig, 22, 1, "samconfig.toml stack tags"),
        "billing-mode": ("internal", samconfig, 22, 1, "samconfig.toml stack tags"),
        "team": ("conversational-ai", samconfig, 22, 1, "samconfig.toml stack tags"),
        "owner": ("ana.garcia@ontopix.ai", samconfig, 22, 1, "samconfig.toml stack tags"),
        "source": ("github.com/ontopix/support-summariser", samconfig, 22, 1,
                   "samconfig.toml stack tags"),
        "managed-by": ("sam", samconfig, 22, 1, "samconfig.toml stack tags"),
        "env": ("dev", template, 43, 18, "resource Tags"),
        "component": ("summariser", template, 45, 18, "resource Tags"),
    }  # fmt: skip


def test_samconfig_location_keeps_the_relative_display_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIX)
    text = (FIX / "sam-app/template.yaml").read_text(encoding="utf-8")
    doc = scan("sam-app/template.yaml", text, make_ctx(FIX))
    (p,) = doc.profiles
    assert p.tags["product"].loc == Location("sam-app/samconfig.toml", 22, 1)
    assert p.loc.path == "sam-app/template.yaml"


PROFILE_ONLY = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Profile:
    Type: AWS::Bedrock::ApplicationInferenceProfile
    Properties:
      InferenceProfileName: team-a-claude
      Tags:
        - Key: env
          Value: prod
"""


def test_samconfig_in_parent_directory_applies_and_root_bounds_the_search() -> None:
    seen: list[Path] = []
    files = {
        Path("/repo/samconfig.toml"): '[default.deploy.parameters]\ntags = "team=a owner=b"\n',
        Path("/samconfig.toml"): '[default.deploy.parameters]\ntags = "x=y"\n',
    }
    doc = scan(
        "/repo/infra/aip/template.yaml",
        PROFILE_ONLY,
        make_ctx(Path("/repo"), files=files, seen=seen),
    )
    (p,) = doc.profiles
    assert {k: v.value for k, v in p.tags.items()} == {"team": "a", "owner": "b", "env": "prod"}
    assert p.tags["team"].loc == Location("/repo/samconfig.toml", 2, 1)
    assert seen == [Path("/repo/infra/aip/samconfig.toml"), Path("/repo/infra/samconfig.toml"),
                    Path("/repo/samconfig.toml")]  # fmt: skip


def test_samconfig_for_another_template_is_skipped() -> None:
    files = {
        Path("/repo/samconfig.toml"): (
            '[default.global.parameters]\ntemplate_file = "app/template.yaml"\n'
            '[default.deploy.parameters]\ntags = "team=a"\n'
        )
    }
    other = scan("/repo/infra/template.yaml", PROFILE_ONLY, make_ctx(Path("/repo"), files=files))
    assert other.profiles[0].tag_sources == ("resource Tags",)
    assert "team" not in other.profiles[0].tags
    mine = scan("/repo/app/template.yaml", PROFILE_ONLY, make_ctx(Path("/repo"), files=files))
    assert mine.profiles[0].tags["team"].value == "a"
    assert mine.profiles[0].tags["team"].loc == Location("/repo/samconfig.toml", 4, 1)


def test_samconfig_resource_tags_override_stack_tags_and_bad_toml_is_unresolved() -> None:
    files = {Path("/repo/samconfig.toml"): '[default.deploy.parameters]\ntags = "env=dev team=a"\n'}
    doc = scan("/repo/template.yaml", PROFILE_ONLY, make_ctx(Path("/repo"), files=files))
    assert doc.profiles[0].tags["env"].value == "prod"
    assert doc.profiles[0].tags["env"].source == "resource Tags"
    bad = {Path("/repo/samconfig.toml"): "[default.deploy.parameters\ntags = 1\n"}
    doc = scan("/repo/template.yaml", PROFILE_ONLY, make_ctx(Path("/repo"), files=bad))
    assert doc.profiles[0].unresolved_tag_sources == ("/repo/samconfig.toml (not valid TOML)",)
    assert doc.profiles[0].tag_sources == ("resource Tags",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('product="support" team="ai"', {"product": "support", "team": "ai"}),
        ("product=support", {"product": "support"}),
        ("a=1 b=2", {"a": "1", "b": "2"}),
        ('project="my project" owner=ana', {"project": "my project", "owner": "ana"}),
        ("owner:name=son", {"owner:name": "son"}),
        (["a=1", "b=2"], {"a": "1", "b": "2"}),
        ("", {}),
        ("no tags here", None),
        (3, None),
    ],
)
def test_parse_sam_tags(value: object, expected: dict[str, str] | None) -> None:
    assert parse_sam_tags(value) == expected


# --- JSON and CDK output ------------------------------------------------------------------


def test_json_template_long_form_intrinsics() -> None:
    doc = scan_fixture("json/chat-api.template.json")
    p = only(doc, "ChatProfile")
    assert at(p.loc) == (20, 5)
    assert p.name == "assistant-claude-sonnet-4-6-staging"  # Fn::Join with a Ref'd default
    assert at(p.name_loc) == (23, 33)
    assert p.copy_from == (
        "arn:aws:bedrock:region:000000000000:inference-profile/eu.anthropic.claude-sonnet-4-6"
    )
    assert at(p.copy_from_loc) == (28, 24)
    assert p.tags["team"].value is None  # Fn::ImportValue
    assert at(p.tags["team"].loc) == (35, 36)
    assert p.tags["env"].value == "staging"
    assert len(p.tags) == 7
    assert ref_rows(doc) == [
        # ChatModelId feeds CopyFrom (not a ref) and CHAT_MODEL_ID (a ref, at its Default).
        (13, 18, "eu.anthropic.claude-sonnet-4-6",
         "AWS::Lambda::Function.Environment.Variables.CHAT_MODEL_ID", "AWS::Lambda::Function",
         "Parameters.ChatModelId"),
        # Fn::Join: located at the string part that holds the model.
        (96, 90, "arn:aws:bedrock:region::foundation-model/amazon.titan-embed-text-v2:0",
         "AWS::Lambda::Function.Environment.Variables.EMBEDDING_MODEL_ARN",
         "AWS::Lambda::Function", None),
    ]  # fmt: skip


def test_cdk_synthesized_template() -> None:
    doc = scan_fixture("cdk/cdk.out/SupportBotStack.template.json")
    (p,) = doc.profiles
    assert p.logical_name == "ChatProfile5B1E3F7A"
    assert at(p.loc) == (3, 3)
    assert p.name == "supportbot-claude-sonnet-4-6-prod"
    assert at(p.name_loc) == (6, 29)
    # Fn::Join ["", ["arn:", Ref AWS::Partition, ":bedrock:", Ref AWS::Region, ...]]
    assert p.copy_from == (
        "arn:aws:bedrock:region:000000000000:inference-profile/eu.anthropic.claude-sonnet-4-6"
    )
    assert p.copy_from_resolved is True
    assert at(p.copy_from_loc) == (8, 18)
    assert {k: v.value for k, v in p.tags.items()} == {
        "billing-mode": "internal", "env": "prod", "managed-by": "cdk",
        "owner": "ana.garcia@ontopix.ai", "product": "supportbot",
        "source": "github.com/ontopix/supportbot-infra", "team": "conversational-ai",
    }  # fmt: skip
    assert at(p.tags["billing-mode"].loc) == (32, 16)
    # The IAM policy's Fn::Join foundation-model / system-profile ARNs are not refs.
    assert ref_rows(doc) == [
        (211, 28, "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
         "AWS::Lambda::Function.Environment.Variables.FALLBACK_MODEL_ID",
         "AWS::Lambda::Function", None),
    ]  # fmt: skip


# --- parse errors and non-templates ---------------------------------------------------------


def test_broken_yaml_is_a_scan_error_at_the_decoder_position() -> None:
    with pytest.raises(ScanError) as err:
        scan_fixture("broken/template.yaml")
    assert (err.value.line, err.value.col) == (14, 8)
    assert err.value.message == "did not find expected key"


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ('{\n  "Resources": {\n    "A": {"Type": "AWS::SSM::Parameter"\n  }\n', 5, 1),
        ('{\n "Resources": {\n  "A": {"Type": "X"},\n  "A": {"Type": "Y"}\n }\n}\n', 3, 3),
        ("Resources:\n  Fn:\n    Properties: [a, b\n    Type: x\n", 4, 9),
        ("Resources:\n\tA: 1\n", 2, 1),
    ],
    ids=["json-unclosed", "json-duplicate-key", "yaml-unclosed-flow", "yaml-tab"],
)
def test_decoder_errors(text: str, line: int, col: int) -> None:
    with pytest.raises(ScanError) as err:
        scan("/repo/bad.template.json", text, make_ctx(Path("/repo"), files={}))
    assert (err.value.line, err.value.col) == (line, col)
    assert err.value.message


@pytest.mark.parametrize(
    "text",
    [
        "model_list:\n  - model_name: claude\n    litellm_params:\n      model: bedrock/anthropic.claude-v2\n",
        "just a string\n",
        "- a\n- b\n",
        "",
        "Resources:\n  - not a mapping\n",
        "Resources: null\n",
        '{"openapi": "3.0.0", "info": {"title": "x"}}',
    ],
)
def test_not_a_template_gives_an_empty_document(text: str) -> None:
    doc = scan("/repo/some.yaml", text, make_ctx(Path("/repo"), files={}))
    assert (doc.refs, doc.profiles, doc.calls, doc.fmt) == ([], [], [], "cloudformation")


# --- resolution details ---------------------------------------------------------------------


def test_pseudo_parameters_never_resolve_names_or_tags() -> None:
    doc = scan_text("""\
        Resources:
          P:
            Type: AWS::Bedrock::ApplicationInferenceProfile
            Properties:
              InferenceProfileName: !Sub "${AWS::StackName}-claude"
              Tags:
                - Key: region
                  Value: !Ref AWS::Region
                - Key: !Ref TagKey
                  Value: x
                - !If [IsProd, {Key: tier, Value: gold}, !Ref AWS::NoValue]
                - !Ref AWS::NoValue
    """)
    (p,) = doc.profiles
    assert p.name is None
    assert at(p.name_loc) == (5, 29)
    assert p.copy_from is None and p.copy_from_resolved is True  # no ModelSource at all
    assert p.copy_from_loc is None
    assert tag_rows(p) == {"region": (None, 8, 18)}
    assert p.unresolved_tag_sources == ("!Ref TagKey", "!If IsProd")


def test_tags_given_whole_by_a_parameter_are_unresolved() -> None:
    doc = scan_text("""\
        Parameters:
          ProfileTags:
            Type: String
        Resources:
          P:
            Type: AWS::Bedrock::ApplicationInferenceProfile
            Properties:
              InferenceProfileName: p
              Tags: !Ref ProfileTags
    """)
    assert doc.profiles[0].unresolved_tag_sources == ("!Ref ProfileTags",)
    assert doc.profiles[0].tags == {}


def test_arn_fields_fill_with_placeholders_but_the_model_part_must_resolve() -> None:
    doc = scan_text("""\
        Parameters:
          Account:
            Type: String
          Model:
            Type: String
          Geo:
            Type: String
            Default: eu
        Resources:
          A:
            Type: AWS::Bedrock::ApplicationInferenceProfile
            Properties:
              InferenceProfileName: a
              ModelSource:
                CopyFrom: !Sub "arn:aws:bedrock:eu-west-1:${Account}:inference-profile/${Geo}.amazon.nova-pro-v1:0"
          B:
            Type: AWS::Bedrock::ApplicationInferenceProfile
            Properties:
              InferenceProfileName: b
              ModelSource:
                CopyFrom: !Sub "arn:aws:bedrock:eu-west-1:${Account}:inference-profile/eu.${Model}"
          C:
            Type: AWS::Bedrock::ApplicationInferenceProfile
            Properties:
              InferenceProfileName: c
              ModelSource:
                CopyFrom: !GetAtt Other.InferenceProfileArn
          D:
            Type: AWS::Bedrock::ApplicationInferenceProfile
            Properties:
              InferenceProfileName: d
              ModelSource:
                CopyFrom: !If [IsProd, arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0, arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0]
    """)
    a, b, c, d = doc.profiles
    assert (a.copy_from, a.copy_from_resolved) == (
        "arn:aws:bedrock:eu-west-1:000000000000:inference-profile/eu.amazon.nova-pro-v1:0",
        True,
    )
    assert (b.copy_from, b.copy_from_resolved) == (None, False)
    assert (c.copy_from, c.copy_from_resolved) == (None, False)
    assert (d.copy_from, d.copy_from_resolved) == (None, False)


def test_intrinsic_evaluation_in_sinks() -> None:
    doc = scan_text("""\
        Parameters:
          ModelId:
            Type: String
            Default: amazon.nova-pro-v1:0
        Mappings:
          Models:
            chat:
              prod: anthropic.claude-sonnet-4-6
              dev: amazon.nova-micro-v1:0
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  SELECTED: !Select [1, [x, deepseek.r1-v1:0]]
                  MAPPED: !FindInMap [Models, chat, dev]
                  SUBVARS: !Sub
                    - "${Geo}.${Id}"
                    - Geo: eu
                      Id: !Ref ModelId
                  GEO_PARAM: !Sub "${Geo}.anthropic.claude-3-haiku-20240307-v1:0"
                  JOINED: !Join [".", [us, !Ref ModelId]]
                  UNKNOWN: !Sub "${AWS::AccountId}.${Suffix}"
                  NOT_A_MODEL: hello-world
          Param:
            Type: AWS::SSM::Parameter
            Properties:
              Type: String
              Value: !If [IsProd, !Ref AWS::NoValue, writer.palmyra-x5-v1:0]
    """)
    rows = [(r.context.rsplit(".", 1)[1], r.value, at(r.loc), r.via) for r in doc.refs]
    assert rows == [
        # The model part comes from ModelId's Default: located there.
        ("JOINED", "us.amazon.nova-pro-v1:0", (4, 14), "Parameters.ModelId"),
        ("SUBVARS", "eu.amazon.nova-pro-v1:0", (4, 14), "Parameters.ModelId"),
        ("MAPPED", "amazon.nova-micro-v1:0", (9, 12), "Mappings.Models"),
        ("SELECTED", "deepseek.r1-v1:0", (16, 37), None),
        # Geo has no Default: kept as ${Geo}, still a system profile whatever its value.
        ("GEO_PARAM", "${Geo}.anthropic.claude-3-haiku-20240307-v1:0", (22, 22), None),
        ("Value", "writer.palmyra-x5-v1:0", (30, 46), None),
    ]


def test_conditional_environment_and_variables() -> None:
    doc = scan_text("""\
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Environment: !If
                - IsProd
                - Variables:
                    MODEL_ID: anthropic.claude-sonnet-4-6
                - !Ref AWS::NoValue
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: app
                  Environment:
                    - !If [IsProd, {Name: MODEL, Value: eu.amazon.nova-pro-v1:0}, !Ref AWS::NoValue]
    """)
    assert [(r.context, at(r.loc)) for r in doc.refs] == [
        ("AWS::Lambda::Function.Environment.Variables.MODEL_ID", (8, 23)),
        ("AWS::ECS::TaskDefinition.ContainerDefinitions[].Environment.MODEL", (16, 49)),
    ]


def test_exempt_and_extra_resource_types() -> None:
    doc = scan_text("""\
        Resources:
          Pt:
            Type: AWS::Bedrock::ProvisionedModelThroughput
            Properties:
              ProvisionedModelName: sonnet-pt
              ModelId: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2
              ModelUnits: 1
          Machine:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              Definition:
                StartAt: Summarise
                States:
                  Summarise:
                    Type: Task
                    Resource: arn:aws:states:::bedrock:invokeModel
                    Parameters:
                      ModelId: anthropic.claude-3-haiku-20240307-v1:0
                      Body: {}
                    End: true
          Memory:
            Type: AWS::BedrockAgentCore::Memory
            Properties:
              Name: support_memory
              EventExpiryDuration: 30
              MemoryStrategies:
                - CustomMemoryStrategy:
                    Name: facts
                    Configuration:
                      SemanticOverride:
                        Extraction:
                          ModelId: eu.anthropic.claude-haiku-4-5-20251001-v1:0
    """)
    assert [(at(r.loc), r.context, r.api, r.use) for r in doc.refs] == [
        ((6, 16), "AWS::Bedrock::ProvisionedModelThroughput.ModelId",
         "AWS::Bedrock::ProvisionedModelThroughput", Use.SETTING),
        ((18, 24), "AWS::StepFunctions::StateMachine.Definition.States.Summarise.Parameters.ModelId",
         "bedrock:invokeModel", Use.CALL),
        ((32, 28), MEMORY_EXTRACTION, "AWS::BedrockAgentCore::Memory", Use.SETTING),
    ]  # fmt: skip


def test_same_parameter_in_two_variables_gives_two_refs_and_no_duplicates() -> None:
    doc = scan_text("""\
        Parameters:
          M:
            Type: String
            Default: amazon.nova-lite-v1:0
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  A: !Ref M
                  B: !Sub "${M}"
                  C: !If [X, !Ref M, !Ref M]
    """)
    assert [(r.context[-1], at(r.loc), r.via) for r in doc.refs] == [
        ("A", (4, 14), "Parameters.M"),
        ("B", (4, 14), "Parameters.M"),
        ("C", (4, 14), "Parameters.M"),
    ]


# --- positions: every fact carries a real line and column ------------------------------------

ALL_FIXTURES = [
    "playbook/aip-cloudformation.yaml",
    "adr/bedrock-profiles.yaml",
    "adr/assistant-stack.yaml",
    "sam-app/template.yaml",
    "json/chat-api.template.json",
    "cdk/cdk.out/SupportBotStack.template.json",
]


def _locations(doc: Document) -> list[Location]:
    locs: list[Location] = [r.loc for r in doc.refs]
    for p in doc.profiles:
        locs += [p.loc, *(v.loc for v in p.tags.values())]
        locs += [x for x in (p.name_loc, p.copy_from_loc, p.tags_loc) if x is not None]
    return locs


@pytest.mark.parametrize("rel", ALL_FIXTURES)
def test_positions_never_go_missing(rel: str) -> None:
    """Fails if the decoder's marks are lost: no fact may fall back to 1:1."""
    doc = scan_fixture(rel)
    locs = [loc for loc in _locations(doc) if loc.path == str(FIX / rel)]
    assert locs
    # Nothing in these templates sits on line 1 or column 1: a 1:1 is a lost mark.
    assert all(loc.line > 1 and loc.col > 1 for loc in locs), [
        loc for loc in locs if loc.line <= 1 or loc.col <= 1
    ]
    text = (FIX / rel).read_text(encoding="utf-8").splitlines()
    for ref in doc.refs:
        # The position holds the model: the literal, the Default or mapping value it comes
        # from, or the intrinsic that builds it (whose line then holds the model part).
        mid = POLICY.grammar.classify(ref.value)
        assert mid is not None
        needle = mid.model or ref.value
        assert needle in text[ref.loc.line - 1][ref.loc.col - 1 :], ref


def test_value_positions_carry_an_end_on_the_same_line() -> None:
    doc = scan_fixture("sam-app/template.yaml")
    globals_ref = doc.refs[1]
    assert globals_ref.loc == Location(
        str(FIX / "sam-app/template.yaml"), 31, 19, 31, 19 + len(globals_ref.value)
    )


# --- routing, robustness, import cost -------------------------------------------------------


@pytest.mark.parametrize("rel", [*ALL_FIXTURES, "broken/template.yaml"])
def test_format_for_routes_fixtures_to_this_scanner(rel: str) -> None:
    text = (FIX / rel).read_text(encoding="utf-8")
    assert format_for(str(FIX / rel), text[:65536]) == "cloudformation"


def test_alias_amplification() -> None:
    """Aliases can make a tree exponentially larger than its text: cfn-lint refuses the
    worst (a parse error), and the scanner's resolution budget bounds the rest."""

    def bomb(depth: int) -> str:
        lines = ["Parameters:", "  X:", "    Default: &a0 anthropic.claude-v2"]
        lines += [
            f"    D{i}: &a{i} {{'Fn::If': [c, *a{i - 1}, *a{i - 1}]}}" for i in range(1, depth)
        ]
        lines += ["Resources:", "  F:", "    Type: AWS::SSM::Parameter", "    Properties:",
                  f"      Value: *a{depth - 1}"]  # fmt: skip
        return "\n".join(lines) + "\n"

    with pytest.raises(ScanError, match="YAML alias amplification"):
        scan("/repo/t.yaml", bomb(30), make_ctx(Path("/repo"), files={}))
    started = time.monotonic()
    doc = scan("/repo/t.yaml", bomb(13), make_ctx(Path("/repo"), files={}))
    assert time.monotonic() - started < 5
    assert [(r.value, at(r.loc)) for r in doc.refs] == [("anthropic.claude-v2", (3, 14))]  # &a0


_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(["anthropic.claude-v2", "eu.amazon.nova-pro-v1:0", "${X}", "arn:aws:bedrock:",
                     "AWS::Region", "AWS::NoValue", "X", "", "Fn::If"]),
)  # fmt: skip
_intrinsics = ["Ref", "Fn::Sub", "Fn::Join", "Fn::If", "Fn::FindInMap", "Fn::Select", "Fn::GetAtt"]
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["Key", "Value", "Variables", "Name", "X"]), inner, max_size=3
        ),
        st.builds(lambda k, v: {k: v}, st.sampled_from(_intrinsics), inner),
    ),
    max_leaves=12,
)
_types = ["AWS::Bedrock::ApplicationInferenceProfile", "AWS::Lambda::Function",
          "AWS::ECS::TaskDefinition", "AWS::Bedrock::Flow", "AWS::Bedrock::ProvisionedModelThroughput",
          "AWS::StepFunctions::StateMachine", "AWS::Bedrock::Agent"]  # fmt: skip
_props = st.dictionaries(
    st.sampled_from(["InferenceProfileName", "ModelSource", "Tags", "Environment", "Definition",
                     "ContainerDefinitions", "FoundationModel", "PromptOverrideConfiguration"]),
    _value, max_size=4,
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rtype=st.sampled_from(_types),
    props=_props,
    params=st.dictionaries(st.sampled_from(["X", "M"]), _value, max_size=2),
    extra=st.one_of(st.none(), _value),
)
def test_odd_but_valid_templates_never_raise(
    rtype: str, props: dict[str, object], params: dict[str, object], extra: object
) -> None:
    tpl = {
        "Parameters": params,
        "Mappings": {"M": {"X": extra}},
        "Globals": {"Function": {"Environment": extra}},
        "Resources": {"R": {"Type": rtype, "Properties": props}, "S": extra},
    }
    doc = scan("/repo/t.template.json", json.dumps(tpl), make_ctx(Path("/repo"), files={}))
    for ref in doc.refs:
        assert isinstance(ref, ModelRef) and ref.loc.line >= 1 and ref.loc.col >= 1
        assert POLICY.grammar.classify(ref.value) is not None


def test_cfnlint_is_imported_lazily() -> None:
    code = "import sys, bedrock_lint.scanners.cloudformation\nprint('cfnlint' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
