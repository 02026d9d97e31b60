"""Chat service backed by Amazon Bedrock (Converse API).

Originally written against anthropic.claude-3-haiku-20240307-v1:0; moved to Sonnet 4.5
after the latency tests in Q3.
"""

from __future__ import annotations

import logging
import time
from typing import Iterator

import boto3
from botocore.config import Config

logger = logging.getLogger(__name__)

REGION = "eu-central-1"
MODEL_ID = "anthropic.claude-sonnet-4-5-20250929-v1:0"  # expect: BRL101
MAX_TOKENS = 2048

# USD per 1K tokens, used only for the cost line in the access log.
PRICING = {
    "anthropic.claude-sonnet-4-5-20250929-v1:0": {"input": 0.003, "output": 0.015},
    "anthropic.claude-3-haiku-20240307-v1:0": {"input": 0.00025, "output": 0.00125},
    "amazon.nova-pro-v1:0": {"input": 0.0008, "output": 0.0032},
}

_client = boto3.client(
    "bedrock-runtime",
    region_name=REGION,
    config=Config(retries={"max_attempts": 5, "mode": "adaptive"}, read_timeout=120),
)


def _cost(model_id: str, usage: dict) -> float:
    price = PRICING.get(model_id)
    if price is None:
        return 0.0
    return (usage["inputTokens"] * price["input"] + usage["outputTokens"] * price["output"]) / 1000


def chat(history: list[dict], system_prompt: str) -> str:
    started = time.monotonic()
    response = _client.converse(
        modelId=MODEL_ID,
        system=[{"text": system_prompt}],
        messages=history,
        inferenceConfig={"maxTokens": MAX_TOKENS, "temperature": 0.2, "topP": 0.9},
    )
    if response["stopReason"] == "max_tokens":
        logger.warning(f"{MODEL_ID} hit maxTokens={MAX_TOKENS}; anthropic.claude-sonnet-4-6 allows 64k output")
    usage = response["usage"]
    logger.info(
        f"converse model={MODEL_ID} in={usage['inputTokens']} out={usage['outputTokens']} "
        f"cost=${_cost(MODEL_ID, usage):.5f} took={time.monotonic() - started:.2f}s"
    )
    return response["output"]["message"]["content"][0]["text"]


def chat_stream(history: list[dict], system_prompt: str) -> Iterator[str]:
    response = _client.converse_stream(
        modelId=MODEL_ID,
        system=[{"text": system_prompt}],
        messages=history,
        inferenceConfig={"maxTokens": MAX_TOKENS},
    )
    for event in response["stream"]:
        if "contentBlockDelta" in event:
            yield event["contentBlockDelta"]["delta"].get("text", "")
        elif "metadata" in event:
            logger.debug("stream usage %s", event["metadata"]["usage"])


def supports_prompt_caching(model_id: str) -> bool:
    # Prompt caching is only available for Claude and Nova models.
    if model_id.startswith("anthropic.") or model_id.startswith("amazon.nova"):
        return True
    return model_id == "anthropic.claude-3-7-sonnet-20250219-v1:0"
