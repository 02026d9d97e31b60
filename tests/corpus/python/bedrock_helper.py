"""Shared Bedrock helper vendored into every Lambda of agents-platform.

Each Lambda stack sets BEDROCK_AIP_ARN to its own application inference profile.
"""

import json
import logging
import os
from typing import Iterator

import boto3

logger = logging.getLogger(__name__)

_REGION = os.environ.get("AWS_REGION", "eu-central-1")
# Fallback so the functions still work in a fresh sandbox account.
MODEL_ID = os.getenv("BEDROCK_AIP_ARN", "anthropic.claude-sonnet-4-6")  # expect: BRL105

_client = boto3.client("bedrock-runtime", region_name=_REGION)


def invoke(prompt: str, *, system: str = "", max_tokens: int = 1024, temperature: float = 0.3) -> str:
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": max_tokens,
        "temperature": temperature,
        "messages": [{"role": "user", "content": prompt}],
    }
    if system:
        body["system"] = system
    response = _client.invoke_model(modelId=MODEL_ID, body=json.dumps(body))
    payload = json.loads(response["body"].read())
    logger.info("bedrock usage: %s", payload.get("usage"))
    return payload["content"][0]["text"]


def invoke_stream(prompt: str, *, max_tokens: int = 2048) -> Iterator[str]:
    response = _client.invoke_model_with_response_stream(
        modelId=MODEL_ID,
        body=json.dumps(
            {
                "anthropic_version": "bedrock-2023-05-31",
                "max_tokens": max_tokens,
                "messages": [{"role": "user", "content": prompt}],
            }
        ),
    )
    for event in response["body"]:
        chunk = json.loads(event["chunk"]["bytes"])
        if chunk["type"] == "content_block_delta":
            yield chunk["delta"].get("text", "")
