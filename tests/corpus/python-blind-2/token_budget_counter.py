"""Token counting before dispatch, so oversized prompts are trimmed instead of rejected."""

from __future__ import annotations

import functools

import boto3
import tiktoken
from anthropic import AnthropicBedrock
from transformers import AutoTokenizer

runtime = boto3.client("bedrock-runtime", region_name="us-east-1")

# CountTokens needs the base model; the same constant also drives the actual call below.
SUMMARY_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0"  # expect: BRL101

# Which open tokenizer approximates which Bedrock model (lookup keys only).
HF_TOKENIZER_FOR = {
    "meta.llama3-1-8b-instruct-v1:0": "meta-llama/Llama-3.1-8B-Instruct",
    "meta.llama3-3-70b-instruct-v1:0": "meta-llama/Llama-3.3-70B-Instruct",
    "mistral.mistral-7b-instruct-v0:2": "mistralai/Mistral-7B-Instruct-v0.2",
}

MAX_INPUT_TOKENS = {
    "anthropic.claude-sonnet-4-5-20250929-v1:0": 200_000,
    "meta.llama3-1-8b-instruct-v1:0": 128_000,
}


@functools.lru_cache(maxsize=8)
def _hf(model_id: str):
    return AutoTokenizer.from_pretrained(HF_TOKENIZER_FOR[model_id])


def approx_tokens(text: str, model_id: str) -> int:
    if model_id in HF_TOKENIZER_FOR:
        return len(_hf(model_id).encode(text))
    return len(tiktoken.get_encoding("cl100k_base").encode(text))


def exact_tokens(messages: list[dict]) -> int:
    resp = runtime.count_tokens(modelId=SUMMARY_MODEL, input={"converse": {"messages": messages}})
    return resp["inputTokens"]


def exact_tokens_for_haiku(messages: list[dict]) -> int:
    resp = runtime.count_tokens(
        modelId="anthropic.claude-haiku-4-5-20251001-v1:0",
        input={"converse": {"messages": messages}},
    )
    return resp["inputTokens"]


def anthropic_sdk_count(text: str) -> int:
    client = AnthropicBedrock(aws_region="us-east-1")
    return client.messages.count_tokens(
        model="anthropic.claude-3-5-sonnet-20241022-v2:0",
        messages=[{"role": "user", "content": text}],
    ).input_tokens


def summarise(document: str) -> str:
    messages = [{"role": "user", "content": [{"text": f"Summarise:\n{document}"}]}]
    limit = MAX_INPUT_TOKENS[SUMMARY_MODEL] - 4_000
    while exact_tokens(messages) > limit:
        document = document[: int(len(document) * 0.8)]
        messages[0]["content"][0]["text"] = f"Summarise:\n{document}"
    out = runtime.converse(modelId=SUMMARY_MODEL, messages=messages, inferenceConfig={"maxTokens": 2_000})
    return out["output"]["message"]["content"][0]["text"]
