"""Route requests to a model tier based on task complexity."""

from __future__ import annotations

import enum
import logging
import os

import boto3

log = logging.getLogger(__name__)


class Tier(str, enum.Enum):
    FAST = "fast"
    SMART = "smart"
    REASONING = "reasoning"


MODELS = {
    "fast": "amazon.nova-micro-v1:0",  # expect: BRL101
    "smart": "us.anthropic.claude-sonnet-4-20250514-v1:0",  # expect: BRL102
    "reasoning": "us.deepseek.r1-v1:0",  # expect: BRL102
}

# Context window per model, used to decide whether we have to truncate history.
CONTEXT_WINDOW = {
    "amazon.nova-micro-v1:0": 128_000,
    "us.anthropic.claude-sonnet-4-20250514-v1:0": 200_000,
    "us.deepseek.r1-v1:0": 128_000,
}

_runtime = boto3.client("bedrock-runtime", region_name=os.getenv("AWS_REGION", "us-east-1"))


def classify(prompt: str) -> Tier:
    if len(prompt) < 200 and "?" in prompt:
        return Tier.FAST
    if any(word in prompt.lower() for word in ("prove", "step by step", "plan")):
        return Tier.REASONING
    return Tier.SMART


def _truncate(messages: list[dict], model_id: str) -> list[dict]:
    budget = CONTEXT_WINDOW.get(model_id, 32_000) * 3  # ~3 chars per token
    kept, size = [], 0
    for message in reversed(messages):
        size += sum(len(c.get("text", "")) for c in message["content"])
        if size > budget:
            break
        kept.append(message)
    return list(reversed(kept))


def complete(messages: list[dict], tier: Tier | None = None) -> str:
    tier = tier or classify(messages[-1]["content"][0]["text"])
    model_id = MODELS[tier.value]
    log.info("routing to tier=%s model=%s", tier.value, model_id)
    config = {"maxTokens": 2048}
    if "claude-3" in model_id or "sonnet-4" in model_id:
        config["temperature"] = 0.2
    response = _runtime.converse(
        modelId=model_id,
        messages=_truncate(messages, model_id),
        inferenceConfig=config,
    )
    content = response["output"]["message"]["content"]
    # DeepSeek R1 returns a reasoningContent block before the text block.
    return next(block["text"] for block in content if "text" in block)
