"""Anthropic SDK on Bedrock (AnthropicBedrock / AsyncAnthropicBedrock), with a first-party fallback."""

import os

from anthropic import Anthropic, AnthropicBedrock, AsyncAnthropicBedrock
from anthropic.types import Message, MessageParam

DEFAULT_ANTHROPIC_MODEL = "us.anthropic.claude-3-7-sonnet-20250219-v1:0"  # expect: BRL102
FIRST_PARTY_MODEL = "claude-3-7-sonnet-20250219"


def get_anthropic_client():
    """Return an Anthropic or AnthropicBedrock client based on USE_BEDROCK."""
    if os.environ.get("USE_BEDROCK") == "true":
        return AnthropicBedrock(aws_region=os.environ.get("AWS_REGION", "us-west-2"))
    return Anthropic()


def get_model_id(model_name: str) -> str:
    """Map model names to Bedrock model IDs when using Bedrock."""
    if os.environ.get("USE_BEDROCK") != "true":
        return model_name
    mapping = {
        "claude-haiku-4-5": "global.anthropic.claude-haiku-4-5-20251001-v1:0",  # expect: BRL102
        "claude-sonnet-4-5": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",  # expect: BRL102
        "claude-opus-4-5": "global.anthropic.claude-opus-4-5-20251101-v1:0",  # expect: BRL102
    }
    return mapping.get(model_name, model_name)


def summarise(text: str) -> str:
    client = get_anthropic_client()
    msg = client.messages.create(
        model=get_model_id("claude-haiku-4-5"),
        max_tokens=512,
        messages=[{"role": "user", "content": f"Summarise:\n{text}"}],
    )
    return msg.content[0].text


async def async_anthropic_bedrock_call(
    prompt: str,
    *,
    model: str = DEFAULT_ANTHROPIC_MODEL,
    memory: list[MessageParam] | None = None,
    system_prompt: str | None = None,
    max_tokens: int = 1024,
) -> Message:
    """Call the Anthropic Bedrock API with the given prompt and return the response."""
    client = AsyncAnthropicBedrock()
    messages = [*(memory or []), {"role": "user", "content": prompt}]
    return await client.messages.create(
        model=model,
        system=system_prompt or "You are a security analyst.",
        messages=messages,
        max_tokens=max_tokens,
    )


def classify_direct(text: str) -> str:
    client = AnthropicBedrock(aws_region="eu-central-1")
    msg = client.messages.create(
        model="anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
        max_tokens=10,
        messages=[{"role": "user", "content": f"spam or ham? {text}"}],
    )
    return msg.content[0].text.strip()


def count_prompt_tokens(text: str) -> int:
    # first-party API (not Bedrock) for token counting
    return Anthropic().messages.count_tokens(
        model=FIRST_PARTY_MODEL,
        messages=[{"role": "user", "content": text}],
    ).input_tokens
