"""The classifier against every real ID in the reference list and a list of look-alikes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bedrock_lint.modelids import DEFAULT_GRAMMAR, Grammar, Kind, classify

TSV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "bedrock-model-ids.tsv"
LOCAL_TSV = Path(__file__).parent / "data" / "bedrock-model-ids.tsv"


def _rows() -> list[dict[str, str]]:
    path = TSV if TSV.is_file() else LOCAL_TSV
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _rows()


def test_reference_list_is_read() -> None:
    assert len(ROWS) > 200


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_reference_id_classifies(row: dict[str, str]) -> None:
    mid = classify(row["id"])
    assert mid is not None
    if row["kind"] == "foundation-model":
        assert mid.kind is Kind.FOUNDATION_MODEL
        assert mid.model == row["id"]
    else:
        assert mid.kind is Kind.SYSTEM_PROFILE
        geo, _, model = row["id"].partition(".")
        if row["id"].startswith("us-gov."):
            geo, model = "us-gov", row["id"][len("us-gov."):]
        assert (mid.geo, mid.model) == (geo, model)


@pytest.mark.parametrize("row", ROWS[::7], ids=[r["id"] for r in ROWS[::7]])
def test_reference_ids_as_arns(row: dict[str, str]) -> None:
    if row["kind"] == "foundation-model":
        arn = f"arn:aws:bedrock:eu-central-1::foundation-model/{row['id']}"
        expected = Kind.FOUNDATION_MODEL_ARN
    else:
        arn = f"arn:aws:bedrock:eu-central-1:123456789012:inference-profile/{row['id']}"
        expected = Kind.SYSTEM_PROFILE_ARN
    mid = classify(arn)
    assert mid is not None and mid.kind is expected


LOOKALIKES = [
    "openai.chat.completions", "openai.chat.completions.create", "google.cloud",
    "google.cloud.aiplatform", "amazon.com", "amazon.co.jp", "meta.tables", "mistral.ai",
    "stability.ai", "cohere.Client", "openai.api_key", "anthropic.types", "meta.v2.json",
    "config.json", "settings.yaml", "model.py", "https://docs.aws.amazon.com/bedrock/",
    "https://bedrock-runtime.us-east-1.amazonaws.com", "support@anthropic.com",
    "claude@anthropic.com", "amazon.aws.s3_bucket", "self.meta.llama", "my_us.anthropic_client",
    "foo.anthropic.claude-3", "us.east.1", "x.amazon.nova-pro-v1:0", "twelvelabs.io",
    "writer.com", "qwen.readthedocs.io", "nvidia.com", "deepseek-ai/DeepSeek-R1",
    "meta-llama/Llama-3.1-8B", "gpt-4o", "claude-3-haiku", "us.guardrail.v1:0",
    "arn:aws:iam::123456789012:role/bedrock-invoke",
    "arn:aws:s3:::bucket/anthropic.claude-v2", "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123",
    "anthropic", "bedrock", "use anthropic.claude-v2 please", "ANTHROPIC.CLAUDE-V2",
    "anthropic.claude-v2\nmore", "bedrock_mantle/openai.gpt-oss-120b",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_do_not_classify(text: str) -> None:
    assert classify(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "model"),
    [
        ("anthropic.claude-sonnet-4-6", Kind.FOUNDATION_MODEL, "anthropic.claude-sonnet-4-6"),
        ("anthropic.claude-v2:1:200k", Kind.FOUNDATION_MODEL, "anthropic.claude-v2:1:200k"),
        ("cohere.embed-english-v3:0:512", Kind.FOUNDATION_MODEL, "cohere.embed-english-v3:0:512"),
        ("deepseek.v3.2", Kind.FOUNDATION_MODEL, "deepseek.v3.2"),
        ("openai.gpt-6.1-sol", Kind.FOUNDATION_MODEL, "openai.gpt-6.1-sol"),
        ("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", Kind.FOUNDATION_MODEL,
         "anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ("bedrock/converse/anthropic.claude-3-5-sonnet-20241022-v2:0", Kind.FOUNDATION_MODEL,
         "anthropic.claude-3-5-sonnet-20241022-v2:0"),
        ("bedrock/invoke/us.anthropic.claude-3-7-sonnet-20250219-v1:0", Kind.SYSTEM_PROFILE,
         "anthropic.claude-3-7-sonnet-20250219-v1:0"),
        ("bedrock/us-gov-west-1/openai.gpt-oss-20b-1:0", Kind.FOUNDATION_MODEL, "openai.gpt-oss-20b-1:0"),
        ("bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0", Kind.SYSTEM_PROFILE,
         "anthropic.claude-sonnet-4-5-20250929-v1:0"),
        ("in.moonshotai.kimi-k3", Kind.SYSTEM_PROFILE, "moonshotai.kimi-k3"),
        ("ca.amazon.nova-lite-v1:0", Kind.SYSTEM_PROFILE, "amazon.nova-lite-v1:0"),
        ("arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.titan-embed-text-v2:0",
         Kind.FOUNDATION_MODEL_ARN, "amazon.titan-embed-text-v2:0"),
        ("arn:aws-cn:bedrock:cn-north-1:123456789012:inference-profile/apac.amazon.nova-pro-v1:0",
         Kind.SYSTEM_PROFILE_ARN, "amazon.nova-pro-v1:0"),
        ("arn:aws:bedrock:eu-central-1:000000000000:application-inference-profile/a0a0a0a0a0a0",
         Kind.APPLICATION_PROFILE_ARN, None),
        ("bedrock/arn:aws:bedrock:eu-central-1:000000000000:application-inference-profile/a0a0a0a0a0a0",
         Kind.APPLICATION_PROFILE_ARN, None),
        ("arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc",
         Kind.APPLICATION_PROFILE_ARN, None),
        ("arn:aws:bedrock:us-west-2:123456789012:provisioned-model/1y5n57gh5y2e",
         Kind.PROVISIONED_MODEL_ARN, None),
        ("arn:aws:bedrock:us-west-2:123456789012:custom-model/amazon.titan-text-lite-v1:0:4k/example-model",
         Kind.CUSTOM_MODEL_ARN, None),
        ("arn:aws:bedrock:us-west-2:123456789012:imported-model/abcdefghijkl", Kind.IMPORTED_MODEL_ARN, None),
        ("arn:aws:bedrock:us-west-2:123456789012:custom-model-deployment/abcdefghijkl",
         Kind.CUSTOM_MODEL_DEPLOYMENT_ARN, None),
        ("arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1",
         Kind.PROMPT_ROUTER_ARN, None),
        ("arn:aws:bedrock:us-east-1:123456789012:prompt/ABCDEFGHIJ:3", Kind.PROMPT_ARN, None),
        ("arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint", Kind.MARKETPLACE_ENDPOINT_ARN, None),
        ("{geo}.anthropic.claude-3-5-sonnet-20240620-v1:0", Kind.SYSTEM_PROFILE,
         "anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ("arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.anthropic.claude-sonnet-4-6",
         Kind.SYSTEM_PROFILE_ARN, "anthropic.claude-sonnet-4-6"),
    ],
)
def test_edge_cases(text: str, kind: Kind, model: str | None) -> None:
    mid = classify(text)
    assert mid is not None
    assert (mid.kind, mid.model) == (kind, model)


def test_unresolved_geo_is_unknown_not_guessed() -> None:
    mid = classify("{prefix}.anthropic.claude-v2")
    assert mid is not None and mid.geo is None


def test_slugs() -> None:
    mid = classify("eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
    assert mid is not None
    assert mid.slug == "claude-sonnet-4-5-20250929-v1"
    assert mid.short_slug == "claude-sonnet-4-5"
    assert classify("anthropic.claude-v2:1").short_slug == "claude-v2"  # type: ignore[union-attr]


def test_providers_and_geos_are_extendable() -> None:
    assert classify("acme.model-7b") is None
    grammar = Grammar(DEFAULT_GRAMMAR.providers + ("acme",), DEFAULT_GRAMMAR.geo_prefixes + ("mx",))
    assert grammar.classify("acme.model-7b").kind is Kind.FOUNDATION_MODEL  # type: ignore[union-attr]
    assert grammar.classify("mx.acme.model-7b").kind is Kind.SYSTEM_PROFILE  # type: ignore[union-attr]


# -- the pre-filter: its two stages never drop a file a rule could report in ----------------
def _reference_candidate(grammar: Grammar) -> "re.Pattern[str]":
    """Stage 2 as its definition reads, one regex (what ``holds_candidate`` computes faster)."""
    prov = "|".join(sorted(map(re.escape, grammar.providers), key=len, reverse=True))
    return re.compile(rf"(?:{prov})\.(?:(?=[a-z0-9-]*[0-9-])[a-z0-9]|[\"'])"
                      r"|[Ii]nference[-_]?[Pp]rofile|bedrock[/:]|bedrock-lint")


@pytest.mark.parametrize("row", ROWS[::5], ids=[r["id"] for r in ROWS[::5]])
@pytest.mark.parametrize("around", ['model_id = "{}"\n', "x={}", "'{}'", "arn:aws:bedrock:us-east-1::foundation-model/{}"])
def test_every_reference_id_passes_both_stages(row: dict[str, str], around: str) -> None:
    text = around.format(row["id"])
    assert DEFAULT_GRAMMAR.may_hold_finding(text.encode())
    assert DEFAULT_GRAMMAR.holds_candidate(text)


@pytest.mark.parametrize("text", [
    "import os.path\nself.client = boto3.client('s3')\n",
    "amazon.com is a website",  # no digit or hyphen in the segment
    "anthropic.Claude",  # upper case: not a model segment
    "bedrock is a word", "Inference without the profile", "inference-engine",
    "version = 1.2.3",
])
def test_text_without_a_candidate_is_skipped(text: str) -> None:
    assert not DEFAULT_GRAMMAR.holds_candidate(text)


def test_stage_two_is_its_definition() -> None:
    """On text built from the pieces candidates are made of (provider names, dots, quotes,
    digits, the Bedrock and profile words), the fast stage 2 says what the one regex says, and
    nothing stage 2 keeps is dropped by stage 1."""
    import random

    grammar = Grammar(DEFAULT_GRAMMAR.providers + ("acme-ai",), DEFAULT_GRAMMAR.geo_prefixes)
    reference = _reference_candidate(grammar)
    pieces = [*grammar.providers, "xamazon", "meta_", ".", ".", "..", '"', "'", "-", "7", "v2",
              "claude", "claude-3", "Claude", "titan-embed", " ", "\n", "bedrock", "Bedrock", "/", ":", "-lint", "inference",
              "Inference", "_", "profile", "Profile", "nference", "é", "."]
    rng = random.Random(20261207)
    kept = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        expected = reference.search(text) is not None
        assert grammar.holds_candidate(text) is expected, text
        if expected:
            kept += 1
            assert grammar.may_hold_finding(text.encode()), text
    assert 300 < kept < 19700, kept  # both answers were tested often
