"""LangChain chat models wired to application inference profiles.

Profile ARNs are provisioned in Terraform (.infra/bedrock.tf) and published to SSM:
  /acme/support/bedrock/chat-profile-arn     -> Claude Sonnet 4.6 (copy of eu.anthropic.claude-sonnet-4-6)
  /acme/support/bedrock/summary-profile-arn  -> Claude 3.5 Sonnet
langchain-aws needs `provider` (and ideally `base_model_id`) when model_id is an ARN.
"""

import functools
import os

import boto3
from langchain_aws import BedrockEmbeddings, ChatBedrock, ChatBedrockConverse

REGION = os.environ.get("AWS_REGION", "eu-central-1")
_ssm = boto3.client("ssm", region_name=REGION)


@functools.lru_cache(maxsize=None)
def _param(name: str) -> str:
    return _ssm.get_parameter(Name=name)["Parameter"]["Value"]


def chat_model(streaming: bool = False) -> ChatBedrockConverse:
    return ChatBedrockConverse(
        model=os.environ["BEDROCK_INFERENCE_PROFILE_ARN"],
        provider="anthropic",
        base_model_id="anthropic.claude-sonnet-4-6",
        region_name=REGION,
        temperature=0.2,
        max_tokens=2048,
        disable_streaming=not streaming,
    )


def summary_model() -> ChatBedrock:
    return ChatBedrock(
        model_id=_param("/acme/support/bedrock/summary-profile-arn"),
        provider="anthropic",
        base_model_id="anthropic.claude-3-5-sonnet-20240620-v1:0",
        region_name=REGION,
        model_kwargs={"max_tokens": 1000, "temperature": 0},
    )


def embeddings() -> BedrockEmbeddings:
    # Titan embeddings cannot go through a profile yet (exempt in .bedrock-lint.toml)
    return BedrockEmbeddings(model_id="amazon.titan-embed-text-v2:0", region_name=REGION)


def is_claude(model: ChatBedrockConverse) -> bool:
    return (model.base_model_id or "").startswith("anthropic.claude")
