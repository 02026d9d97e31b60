"""Bedrock foundation models catalog: IDs, prices and limits, plus the chat entry point."""

from dataclasses import dataclass

import boto3


@dataclass(frozen=True)
class CatalogEntry:
    """Bedrock model metadata and pricing."""

    model_id: str
    name: str
    context_window: int
    input_cost_per_1k: float
    output_cost_per_1k: float
    supports_system: bool = True
    max_tokens: int = 4096


BEDROCK_MODELS: dict[str, CatalogEntry] = {
    "nova-pro": CatalogEntry(
        model_id="amazon.nova-pro-v1:0",  # expect: BRL101
        name="Amazon Nova Pro",
        context_window=300_000,
        input_cost_per_1k=0.0008,
        output_cost_per_1k=0.0032,
    ),
    "claude-haiku": CatalogEntry(
        model_id="anthropic.claude-3-5-haiku-20241022-v1:0",  # expect: BRL101
        name="Claude 3.5 Haiku",
        context_window=200_000,
        input_cost_per_1k=0.0008,
        output_cost_per_1k=0.004,
    ),
    "llama-4-maverick": CatalogEntry(
        "us.meta.llama4-maverick-17b-instruct-v1:0",  # expect: BRL102
        "Llama 4 Maverick",
        1_000_000,
        0.00024,
        0.00097,
        max_tokens=8192,
    ),
}

# Price list for the cost dashboard (USD per 1K tokens); keys are model IDs as they appear in CloudWatch.
BEDROCK_PRICING = {
    "anthropic.claude-3-5-sonnet-20240620-v1:0": {"us-east-1": {"input": 0.003, "output": 0.015}},
    "anthropic.claude-3-haiku-20240307-v1:0": {"us-east-1": {"input": 0.00025, "output": 0.00125}},
    "us.anthropic.claude-sonnet-4-20250514-v1:0": {"us-east-1": {"input": 0.003, "output": 0.015}},
}

CONTEXT_WINDOWS = {
    "anthropic.claude-3-5-haiku-20241022-v1:0": 200_000,
    "amazon.nova-pro-v1:0": 300_000,
    "meta.llama3-3-70b-instruct-v1:0": 128_000,
}

# Models we allow users to request through the API (validation only; the request carries the model).
ALLOWED_MODEL_IDS = frozenset(
    {
        "amazon.nova-pro-v1:0",
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "us.meta.llama4-maverick-17b-instruct-v1:0",
    }
)

runtime = boto3.client("bedrock-runtime", region_name="us-east-1")


def chat(alias: str, prompt: str) -> str:
    entry = BEDROCK_MODELS[alias]
    resp = runtime.converse(
        modelId=entry.model_id,
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": entry.max_tokens},
    )
    return resp["output"]["message"]["content"][0]["text"]


def chat_with(model_id: str, prompt: str) -> str:
    if model_id not in ALLOWED_MODEL_IDS:
        raise ValueError(f"model {model_id} is not allowed")
    resp = runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": prompt}]}])
    return resp["output"]["message"]["content"][0]["text"]


def cost(model_id: str, tokens_in: int, tokens_out: int, region: str = "us-east-1") -> float:
    price = BEDROCK_PRICING[model_id][region]
    return tokens_in / 1000 * price["input"] + tokens_out / 1000 * price["output"]


def fits(model_id: str, tokens: int) -> bool:
    return tokens <= CONTEXT_WINDOWS.get(model_id, 8_000)
