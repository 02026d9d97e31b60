"""Python scanner facts: which literals reach Bedrock, how, and exactly where."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_lint.facts import Use
from bedrock_lint.policy import load_policy
from bedrock_lint.scanners import ScanContext, ScanError
from bedrock_lint.scanners.python import scan

CTX = ScanContext(load_policy(), Path("."))


def refs(code: str) -> list[tuple[int, int, str, str]]:
    doc = scan("x.py", code, CTX)
    return [(r.loc.line, r.loc.col, r.use.value, r.value) for r in doc.refs]


def test_direct_keyword_argument_position() -> None:
    code = 'resp = client.converse(\n    modelId="anthropic.claude-sonnet-4-6",\n    messages=[],\n)\n'
    assert refs(code) == [(2, 13, "call", "anthropic.claude-sonnet-4-6")]


@pytest.mark.parametrize("code", [
    '"""Calls anthropic.claude-3-haiku-20240307-v1:0 through a profile."""\n',
    '# client.converse(modelId="anthropic.claude-v2")\n',
    'if model_id == "anthropic.claude-v2":\n    pass\n',
    'if model_id in ("anthropic.claude-v2", "amazon.nova-pro-v1:0"):\n    pass\n',
    'if model_id.startswith("anthropic.claude-3"):\n    pass\n',
    'PRICING = {"anthropic.claude-v2": {"input": 0.008, "output": 0.024}}\n',
    'log.info("calling anthropic.claude-v2 now")\n',
    'SUPPORTED_MODELS = ["anthropic.claude-v2", "amazon.nova-pro-v1:0"]\n',
    'def check(m):\n    allowed = ["anthropic.claude-v2"]\n    return m in allowed\n',
    'resp = openai.chat.completions.create(model="gpt-4o", messages=[])\n',
    'policy = {"Resource": ["arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-v2"]}\n',
    'def grant():\n    model = "anthropic.claude-v2"\n    return f"arn:aws:bedrock:*::foundation-model/{model}"\n',
])
def test_not_model_references(code: str) -> None:
    assert refs(code) == []


def test_constant_flowing_into_call_is_reported_at_definition() -> None:
    code = 'DEFAULT = "amazon.nova-pro-v1:0"\n\ndef go(c):\n    return c.converse(modelId=DEFAULT)\n'
    doc = scan("x.py", code, CTX)
    (ref,) = doc.refs
    assert (ref.loc.line, ref.loc.col, ref.via, ref.context) == (1, 11, "DEFAULT", "converse(modelId=)")


def test_choice_table_values_not_keys() -> None:
    code = ('MODELS = {"anthropic.claude-v2": "amazon.nova-micro-v1:0"}\n'
            'def go(c, k):\n    c.converse(modelId=MODELS[k])\n')
    assert refs(code) == [(1, 34, "call", "amazon.nova-micro-v1:0")]


def test_loop_over_list_into_call() -> None:
    code = 'for m in ["amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0"]:\n    c.converse(modelId=m)\n'
    assert [r[3] for r in refs(code)] == ["amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0"]


def test_fstring_with_unresolved_geo_is_a_system_profile() -> None:
    code = 'c.converse(modelId=f"{geo}.anthropic.claude-sonnet-4-6")\n'
    assert refs(code) == [(1, 20, "call", "{geo}.anthropic.claude-sonnet-4-6")]


def test_fstring_around_constant_reports_the_constant_once() -> None:
    code = ('BASE = "anthropic.claude-v2"\n'
            'ARN = f"arn:aws:bedrock:{REGION}::foundation-model/{BASE}"\n'
            'c.invoke_model(modelId=ARN, body=b)\n')
    assert refs(code) == [(1, 8, "call", "anthropic.claude-v2")]


def test_env_defaults() -> None:
    code = ('import os\nA = os.getenv("MODEL_ID", "anthropic.claude-v2")\n'
            'B = os.environ.get("BEDROCK_INFERENCE_PROFILE_ARN", "amazon.nova-pro-v1:0")\n'
            'C = os.environ.get("BEDROCK_AIP_ARN") or "eu.amazon.nova-pro-v1:0"\n')
    doc = scan("x.py", code, CTX)
    assert [(r.loc.line, r.use, r.env_var) for r in doc.refs] == [
        (2, Use.CALL, "MODEL_ID"), (3, Use.FALLBACK, "BEDROCK_INFERENCE_PROFILE_ARN"),
        (4, Use.FALLBACK, "BEDROCK_AIP_ARN")]


def test_settings_classes() -> None:
    code = ('class Settings(BaseSettings):\n'
            '    chat_model_id: str = "anthropic.claude-v2"\n'
            '    embed_model: str = Field(default="amazon.titan-embed-text-v2:0")\n'
            '    bedrock_inference_profile_arn: str = "amazon.nova-pro-v1:0"\n'
            '    timeout: int = 30\n')
    doc = scan("x.py", code, CTX)
    assert [(r.loc.line, r.use.value, r.value) for r in doc.refs] == [
        (2, "call", "anthropic.claude-v2"), (3, "call", "amazon.titan-embed-text-v2:0"),
        (4, "fallback", "amazon.nova-pro-v1:0")]


def test_base_model_next_to_profile_is_not_a_call() -> None:
    code = ('completion(model="bedrock/anthropic.claude-v2", model_id=os.environ["ARN"])\n'
            'BedrockConverse(model="anthropic.claude-v2", application_inference_profile_arn=arn)\n'
            'ChatBedrockConverse(model=arn, base_model="anthropic.claude-v2", provider="anthropic")\n'
            'BedrockConverseModel("anthropic.claude-v2", settings={"bedrock_inference_profile": arn})\n'
            '{"model": "bedrock/anthropic.claude-v2", "model_id": arn}\n')
    assert {r[2] for r in refs(code)} == {"base-model"}


def test_exempt_api_path_is_recorded() -> None:
    code = ('agent_rt.rerank(queries=q, sources=s, rerankingConfiguration={"bedrockRerankingConfiguration":'
            ' {"modelConfiguration": {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"}}})\n')
    (ref,) = scan("x.py", code, CTX).refs
    assert ref.api is not None and "bedrockRerankingConfiguration" in ref.api.split("/")


def test_copy_from_is_not_a_call() -> None:
    code = ('SOURCE_PROFILE_ARN = "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-v2"\n'
            'b.create_inference_profile(inferenceProfileName="x", modelSource={"copyFrom": SOURCE_PROFILE_ARN})\n')
    doc = scan("x.py", code, CTX)
    assert [r.use for r in doc.refs] == [Use.COPY_FROM]
    assert [(c.name, c.loc.line, c.loc.col) for c in doc.calls] == [("create_inference_profile", 2, 3)]


def test_helper_return_value_flows() -> None:
    code = ('def pick(t):\n    if t:\n        return "anthropic.claude-v2"\n    return "amazon.nova-lite-v1:0"\n'
            'c.converse(modelId=pick(x))\n')
    assert [r[3] for r in refs(code)] == ["anthropic.claude-v2", "amazon.nova-lite-v1:0"]


def test_positional_model_calls() -> None:
    code = ('agent = Agent("bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0")\n'
            'lm = dspy.LM("bedrock/anthropic.claude-3-haiku-20240307-v1:0")\n')
    assert [(r[0], r[1]) for r in refs(code)] == [(1, 15), (2, 14)]


def test_syntax_error_position() -> None:
    with pytest.raises(ScanError) as exc:
        scan("x.py", 'x = "anthropic.claude-v2"\nif x\n', CTX)
    assert (exc.value.line, exc.value.col) == (2, 5)
    assert "expected ':'" in exc.value.message


def test_locals_are_scoped_to_their_function() -> None:
    code = ('def metrics():\n    model_id = "us.amazon.nova-pro-v1:0"\n    LATENCY.labels(model_id=model_id)\n\n'
            'def chat(client, model_id):\n    return client.converse(modelId=model_id)\n')
    assert refs(code) == []


def test_arguments_flow_into_helper_parameters() -> None:
    code = ('def smoke(model_id):\n    runtime.converse(modelId=model_id, messages=[])\n\n'
            'REPLACEMENTS = {"anthropic.claude-v2": "anthropic.claude-3-5-haiku-20241022-v1:0"}\n'
            'def main(value):\n    if value in REPLACEMENTS:\n        smoke(REPLACEMENTS[value])\n')
    assert refs(code) == [(4, 40, "call", "anthropic.claude-3-5-haiku-20241022-v1:0")]


@pytest.mark.parametrize("code", [
    'Conversation.objects.filter(model="anthropic.claude-3-haiku-20240307-v1:0")\n',
    'emf = {"ModelId": "anthropic.claude-v2", "InputTokens": 3}\n',
    'class S(BaseSettings):\n    beta_models: list[str] = Field(default=["global.anthropic.claude-opus-4-5-20251101-v1:0"])\n'
    '    def ok(self, m):\n        return m in self.beta_models\n',
    'IAM_MODEL = "anthropic.claude-opus-4-7"\nARN = f"arn:aws:bedrock:*::foundation-model/{IAM_MODEL}"\n',
])
def test_more_lookalikes(code: str) -> None:
    assert refs(code) == []


def test_enums_choices_and_decorators() -> None:
    code = ('class Tier(models.TextChoices):\n    HAIKU = "anthropic.claude-3-haiku-20240307-v1:0", "Haiku"\n'
            '@bedrock.call("us.amazon.nova-pro-v1:0")\ndef answer(q): ...\n'
            'parser.add_argument("--model-id", default="meta.llama3-8b-instruct-v1:0")\n'
            'client.converse(modelId=args.model_id)\n')
    assert [(r[0], r[3]) for r in refs(code)] == [
        (2, "anthropic.claude-3-haiku-20240307-v1:0"), (3, "us.amazon.nova-pro-v1:0"),
        (5, "meta.llama3-8b-instruct-v1:0")]
