"""Router that maps a task tier to a Bedrock model and calls Converse."""

import json
import os

import boto3
from anthropic import Anthropic

from model_enums import TIER_TO_MODEL, AnthropicApiModel, BedrockModel, EmbeddingModel, TextModel, Tier

_runtime = boto3.client("bedrock-runtime", region_name=os.environ.get("AWS_REGION", "us-east-1"))


def chat(prompt: str, tier: Tier = Tier.FAST) -> str:
    if os.environ.get("ANTHROPIC_API_KEY"):
        msg = Anthropic().messages.create(
            model=AnthropicApiModel.HAIKU.value if tier is Tier.FAST else AnthropicApiModel.SONNET.value,
            max_tokens=1024,
            messages=[{"role": "user", "content": prompt}],
        )
        return msg.content[0].text
    response = _runtime.converse(
        modelId=TIER_TO_MODEL[tier].value,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
    )
    return response["output"]["message"]["content"][0]["text"]


def draft_with(model: TextModel, prompt: str) -> str:
    response = _runtime.converse(
        modelId=model.value,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": 2000},
    )
    return response["output"]["message"]["content"][0]["text"]


def embed(text: str, model: EmbeddingModel = EmbeddingModel.TITAN_V2) -> list[float]:
    response = _runtime.invoke_model(modelId=model.value, body=json.dumps({"inputText": text}))
    return json.loads(response["body"].read())["embedding"]


def is_reasoning_model(model: BedrockModel) -> bool:
    return model in (BedrockModel.CLAUDE_3_7_SONNET,) or model.value == "us.anthropic.claude-3-7-sonnet-20250219-v1:0"
