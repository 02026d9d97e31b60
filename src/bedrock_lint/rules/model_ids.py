"""BRL1xx: model references that bypass application inference profiles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts import Document, ModelRef, Use
from ..findings import Finding, Severity
from ..modelids import Kind, ModelId, matches_any
from ._base import Context, Example, Rule

_DIRECT_USES = (Use.CALL, Use.SETTING)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _exempt(ref: ModelRef, mid: ModelId, ctx: Context) -> bool:
    policy = ctx.policy
    if mid.model and matches_any(mid.model, policy.exempt_models):
        return True
    if ref.api and any(part in policy.exempt_apis for part in ref.api.split("/")):
        return True
    # a setting named for an exempt API (COUNT_TOKENS_MODEL_ID, RERANK_MODEL_ARN) feeds that API
    setting = _squash(re.split(r"[.\s]", ref.context)[-1])
    return any(len(t) >= 6 and t in setting for t in map(_squash, policy.exempt_apis))


def _direct(doc: Document, ctx: Context, uses: tuple[Use, ...]) -> Iterator[tuple[ModelRef, ModelId]]:
    grammar = ctx.policy.grammar
    for ref in doc.refs:
        if ref.use not in uses:
            continue
        mid = grammar.classify(ref.value)
        if mid is not None and not _exempt(ref, mid, ctx):
            yield ref, mid


def _where(ref: ModelRef) -> str:
    via = f" through {ref.via}" if ref.via else ""
    return f"{ref.context}{via}"


class HardcodedModelId(Rule):
    code, name = "BRL101", "hardcoded-model-id"
    summary = "Flags foundation-model IDs and ARNs that reach a Bedrock model parameter or setting."
    why = ("A call on a foundation model is billed to the account with no product, team or client "
           "attached: the spend is invisible to cost allocation. Only an application inference "
           "profile carries the tags that attribute it (ADR-0007).")
    instead = ("Pass the ARN of an application inference profile provisioned in IaC, read from "
               "configuration (an environment variable such as BEDROCK_INFERENCE_PROFILE_ARN, or SSM).")
    in_tests = False
    valid = [
        Example("python", 'import os\n\nimport boto3\n\nclient = boto3.client("bedrock-runtime")\n'
                'resp = client.converse(modelId=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"], messages=[])\n'),
        Example("terraform", 'resource "aws_lambda_function" "tokens" {\n  function_name = "tokens"\n'
                '  environment {\n    variables = {\n'
                '      COUNT_TOKENS_MODEL_ID = "anthropic.claude-sonnet-4-5-20250929-v1:0"\n    }\n  }\n}\n',
                note="a setting named for an exempt API (count_tokens needs a foundation model)"),
        Example("python", 'PRICE_PER_1K = {"anthropic.claude-3-haiku-20240307-v1:0": 0.00025}\n\n\n'
                'def cost(model_id, tokens):\n'
                '    if model_id.startswith("anthropic.claude-3"):\n'
                '        return PRICE_PER_1K[model_id] * tokens / 1000\n',
                note="pricing tables and comparisons name models without calling them"),
        Example("python", 'tokens = client.count_tokens(\n'
                '    modelId="anthropic.claude-3-5-haiku-20241022-v1:0", input={"converse": req}\n)\n',
                note="count_tokens only accepts a foundation model (exempt API)"),
    ]
    invalid = [
        Example("python", 'import boto3\n\nclient = boto3.client("bedrock-runtime")\n'
                'resp = client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])\n',
                at=((4, 32),)),
        Example("terraform", 'resource "aws_lambda_function" "chat" {\n  function_name = "chat"\n'
                '  environment {\n    variables = {\n'
                '      CHAT_MODEL_ID = "anthropic.claude-sonnet-4-5-20250929-v1:0"\n    }\n  }\n}\n',
                at=((5, 23),)),
        Example("cloudformation", 'Resources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n'
                '      AgentName: support\n      FoundationModel: anthropic.claude-3-5-sonnet-20240620-v1:0\n',
                at=((6, 24),)),
        Example("litellm", 'model_list:\n  - model_name: chat\n    litellm_params:\n'
                '      model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0\n', at=((4, 14),)),
        Example("python", 'MODEL_ID = "anthropic.claude-sonnet-4-6"\n\n\n'
                'def ask(client, prompt):\n'
                '    return client.invoke_model(modelId=MODEL_ID, body=prompt)\n',
                at=((1, 12),)),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for ref, mid in _direct(doc, ctx, _DIRECT_USES):
            if mid.kind.is_foundation:
                what = "foundation-model ARN" if mid.kind.is_arn else "foundation model"
                yield self.finding(ref.loc, f"{what} {ref.value!r} is hardcoded in {_where(ref)}", ctx)


class SystemProfileId(Rule):
    code, name = "BRL102", "system-profile-id"
    summary = "Flags system-defined cross-Region inference profile IDs and ARNs used as the model."
    why = ("System profiles (us., eu., global., ...) route across Regions but cannot carry tags, so "
           "the spend stays unattributed. They belong in an application profile's copy_from, "
           "not in a call.")
    instead = ("Create an application inference profile that copies from the system profile, and "
               "pass the application profile's ARN from configuration.")
    in_tests = False
    valid = [
        Example("python", 'import boto3\n\nbedrock = boto3.client("bedrock")\n'
                'bedrock.get_inference_profile(inferenceProfileIdentifier=profile_arn)\n'),
    ]
    invalid = [
        Example("python", 'from strands import Agent\n\n'
                'agent = Agent(model="eu.anthropic.claude-sonnet-4-6", tools=[])\n', at=((3, 21),)),
        Example("python", 'import os\n\n'
                'MODEL = os.environ.get("CHAT_MODEL", "us.amazon.nova-pro-v1:0")\n'
                'reply = client.converse(modelId=MODEL, messages=msgs)\n', at=((3, 38),)),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for ref, mid in _direct(doc, ctx, _DIRECT_USES):
            if mid.kind.is_system_profile:
                what = "system inference-profile ARN" if mid.kind.is_arn else "system inference profile"
                yield self.finding(ref.loc, f"{what} {ref.value!r} is hardcoded in {_where(ref)}", ctx)


class HardcodedProfileArn(Rule):
    code, name = "BRL103", "hardcoded-profile-arn"
    severity = Severity.WARNING
    formats = ("python",)
    in_tests = False
    summary = "Flags application-inference-profile ARNs written as literals in application code."
    why = ("A literal ARN ties the code to one account and one profile: a model upgrade replaces the "
           "profile and its ARN, and the code must change with it. ADR-0007 delivers the ARN "
           "through configuration.")
    instead = "Read the ARN from an environment variable or an SSM parameter set by the IaC."
    valid = [
        Example("python", 'import os\n\nPROFILE_ARN = os.environ["BEDROCK_INFERENCE_PROFILE_ARN"]\n'
                'client.converse(modelId=PROFILE_ARN, messages=msgs)\n'),
    ]
    invalid = [
        Example("python", 'client.converse(\n'
                '    modelId="arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a1b2c3d4e5f6",\n'
                '    messages=msgs,\n)\n', at=((2, 13),)),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        grammar = ctx.policy.grammar
        for ref in doc.refs:
            if ref.use in (Use.COPY_FROM,):
                continue
            mid = grammar.classify(ref.value)
            if mid is not None and mid.kind is Kind.APPLICATION_PROFILE_ARN:
                yield self.finding(ref.loc, f"application-profile ARN {ref.value!r} is hardcoded in "
                                   f"{_where(ref)}", ctx)


class RuntimeProfileCreation(Rule):
    code, name = "BRL104", "runtime-profile-creation"
    formats = ("python",)
    in_tests = False
    summary = "Flags application code that creates inference profiles at runtime."
    why = ("Profiles created by code skip review, tag enforcement and the IaC lifecycle, and "
           "cannot be checked by AWS Config. ADR-0007 rejected runtime creation.")
    instead = ("Declare the profile in Terraform (aws_bedrock_inference_profile) or CloudFormation "
               "(AWS::Bedrock::ApplicationInferenceProfile) and read its ARN from configuration.")
    valid = [
        Example("python", 'bedrock = boto3.client("bedrock")\n'
                'profile = bedrock.get_inference_profile(inferenceProfileIdentifier=arn)\n'),
    ]
    invalid = [
        Example("python", 'bedrock = boto3.client("bedrock")\n'
                'bedrock.create_inference_profile(\n'
                '    inferenceProfileName="chat",\n'
                '    modelSource={"copyFrom": source_arn},\n)\n', at=((2, 9),)),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for call in doc.calls:
            if call.name == "create_inference_profile":
                yield self.finding(call.loc, "inference profile is created at runtime by "
                                   f"{call.context or call.name}()", ctx)


_FALLBACK_WORD = re.compile(r"(?i)fall[- ]?back|sandbox")


class UndocumentedSandboxFallback(Rule):
    code, name = "BRL105", "undocumented-sandbox-fallback"
    in_tests = False
    summary = ("Flags a direct-model default for the profile environment variable that the "
               "repository's AGENTS.md does not document.")
    why = ("ADR-0007 lets sandboxes fall back to a direct model only while the profile variable is "
           "unset, and only when AGENTS.md says so; an undocumented fallback silently sends "
           "production traffic around the profile when the variable is missing.")
    instead = ("Require the variable (os.environ[...]) or document the fallback in AGENTS.md, "
               "naming the variable and the fallback model.")
    valid = [
        Example("python", 'import os\n\nMODEL = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", '
                '"anthropic.claude-3-haiku-20240307-v1:0")\n', path="svc/app.py",
                files={"svc/AGENTS.md": "## Bedrock\nLocally, when BEDROCK_INFERENCE_PROFILE_ARN is "
                       "unset, the app falls back to anthropic.claude-3-haiku-20240307-v1:0.\n"}),
    ]
    invalid = [
        Example("python", 'import os\n\nMODEL = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", '
                '"anthropic.claude-3-haiku-20240307-v1:0")\n', at=((3, 57),)),
    ]

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        agents = ctx.agents_md or ""
        for ref, mid in _direct(doc, ctx, (Use.FALLBACK,)):
            if not mid.kind.is_direct:
                continue
            var = ref.env_var or "the profile variable"
            if agents and var in agents and (ref.value in agents or _FALLBACK_WORD.search(agents)):
                continue
            where = "AGENTS.md" if agents else "an AGENTS.md (none found)"
            yield self.finding(ref.loc, f"fallback model {ref.value!r} for {var} is not documented "
                               f"in {where}", ctx)


RULES = (HardcodedModelId, SystemProfileId, HardcodedProfileArn, RuntimeProfileCreation,
         UndocumentedSandboxFallback)
